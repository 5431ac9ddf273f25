# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl servers in the words every panel shares: the servers inventory, and server_info's ``resources``
(both read from Wings through the client API)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError


def live_resources(client, server):
    """Live state and usage from the server's node; an unreachable node is reported, not fatal."""
    try:
        stats = client.get_resources(server["identifier"])
    except PanelError as exc:
        if exc.code != "DaemonConnectionException" and exc.status != 409:
            raise
        return {"current_state": "unreachable" if exc.status != 409 else "unavailable", "error": exc.message}
    return dict(stats.get("resources") or {}, current_state=stats.get("current_state"),
                is_suspended=stats.get("is_suspended"))


# Wings' current_state -> the inventory's power state (the panel reports "stopped" when Wings says nothing)
WINGS_POWER = {"running": "running", "starting": "starting", "stopping": "stopping", "offline": "offline",
               "stopped": "offline"}
# The panel's own server status -> power state, for servers the client API refuses to ask Wings about (409)
STATUS_POWER = {"suspended": "offline", "installing": "installing", "restoring_backup": "installing",
                "install_failed": "offline", "reinstall_failed": "offline"}
# what the inventory shows of a server, besides power_state (no environment: egg variables hold passwords)
INVENTORY_KEYS = ("id", "uuid", "identifier", "external_id", "name", "description", "owner", "node", "nest",
                  "docker_image", "limits", "feature_limits", "suspended", "status")


class ServerInventory:
    """Describes servers for the inventory: one list for all of them, one live read per running candidate.

    When a node does not answer, its other servers are reported ``unreachable`` without asking again
    (each failed read costs the transport's retries).
    """

    def __init__(self, client):
        self.client = client
        self._dead_nodes = set()

    def describe(self, server, live_state=True):
        description = dict((key, server.get(key)) for key in INVENTORY_KEYS)
        description["game"] = server["egg"]
        description["power_state"] = self.power_state(server) if live_state else "unknown"
        return description

    def power_state(self, server):
        status = "suspended" if server["suspended"] else server["status"]
        if status in STATUS_POWER:
            return STATUS_POWER[status]
        if server["node"] in self._dead_nodes:
            return "unreachable"
        try:
            current = self.client.get_resources(server["identifier"])["current_state"]
        except PanelError as exc:
            if exc.code == "DaemonConnectionException" or exc.status in (502, 504):
                self._dead_nodes.add(server["node"])
                return "unreachable"
            if exc.status == 409:  # node in maintenance, transfer under way
                return "unknown"
            raise
        return WINGS_POWER.get(current, "unknown")
