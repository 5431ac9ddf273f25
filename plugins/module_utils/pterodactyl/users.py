# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl panel users (application API): panel objects <-> canonical form."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter


class UserAdapter(Adapter):
    """Panel users (application API)."""

    kind = "user"
    write_only = frozenset(["password"])
    identities = ("username", "email", "external_id")

    def __init__(self, client, match_on="username"):
        self.client = client
        self.key = match_on
        self._lookups = []

    def normalize_key(self, value):
        return self.normalize_field(self.key, value)

    def normalize_field(self, field, value):
        if value is None:
            return None
        # usernames are stored lower-cased; e-mail uniqueness is case-blind
        return str(value).lower() if field in ("username", "email") else str(value)

    def lookup(self, field, value):
        if field == "external_id":
            found = self.client.get_user_by_external_id(value)
            return [self.canonical(found)] if found else []
        wanted = self.normalize_field(field, value)
        # the panel's filters match substrings; compare exactly here
        return [self.canonical(u) for u in self.client.list_users(filters={field: value})
                if self.normalize_field(field, u.get(field)) == wanted]

    def prepare(self, desired):
        if "username" in desired:
            desired["username"] = desired["username"].lower()
        return desired

    def narrow(self, keys):
        self._lookups = [k for k in keys if k is not None]
        return len(self._lookups) == 1

    def list(self):
        # One declared user: let the panel narrow the list (its filters are
        # substring matches; the engine compares exactly). Several: one list.
        lookup = self._lookups[0] if len(self._lookups) == 1 else None
        if lookup is not None and self.key == "external_id":
            found = self.client.get_user_by_external_id(lookup)
            return [self.canonical(found)] if found else []
        filters = {self.key: lookup} if lookup is not None else None
        return [self.canonical(u) for u in self.client.list_users(filters=filters)]

    @staticmethod
    def canonical(user):
        return {
            "id": user["id"],
            "username": user["username"],
            "email": user["email"],
            "first_name": user["first_name"],
            "last_name": user["last_name"],
            "language": user["language"],
            "admin": user["root_admin"],
            "external_id": user.get("external_id"),
        }

    def _body(self, obj, fields):
        body = {
            # required on create and on every PATCH (full replacement)
            "username": obj["username"],
            "email": obj["email"],
            "first_name": obj["first_name"],
            "last_name": obj["last_name"],
        }
        optional = {"external_id": "external_id", "language": "language", "admin": "root_admin", "password": "password"}
        for field, panel_field in optional.items():
            if field in fields and field in obj:
                body[panel_field] = obj[field]
        return body

    def validate(self, desired, current):
        if current is None:
            missing = [f for f in ("username", "email", "first_name", "last_name") if not desired.get(f)]
            if missing:
                raise ReconcileError("is required to create user %r" % desired.get(self.key), option=missing[0])

    def create(self, desired):
        return self.canonical(self.client.create_user(self._body(desired, desired)))

    def update(self, current, desired, changed):
        return self.canonical(self.client.update_user(current["id"], self._body(desired, changed)))

    def delete(self, current):
        self.client.delete_user(current["id"])
