# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl locations (application API 7.3): panel objects <-> canonical form."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter


def canonical_location(location):
    return {"id": location["id"], "short": location["short"], "long": location.get("long")}


class LocationAdapter(Adapter):
    """Locations, keyed on their short name (unique on the panel)."""

    kind = "location"
    key = "short"
    identities = ("short",)

    def __init__(self, client):
        self.client = client

    def list(self):
        return [canonical_location(loc) for loc in self.client.list_locations()]

    def create(self, desired):
        body = {"short": desired["short"]}
        if desired.get("long") is not None:
            body["long"] = desired["long"]
        return canonical_location(self.client.create_location(body))

    def update(self, current, desired, changed):
        # short is required on every PATCH; long only when it changes (a PATCH without it keeps it)
        body = {"short": desired["short"]}
        if "long" in changed:
            body["long"] = desired.get("long")
        return canonical_location(self.client.update_location(current["id"], body))

    def delete(self, current):
        self.client.delete_location(current["id"])
