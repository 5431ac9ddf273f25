# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What servers are built from on a Pterodactyl panel: nests with their eggs and variables, locations,
nodes and their free allocations (application API, read only).

The names returned are the ones the server module takes (``nest``, ``egg``,
``deployment.locations``, ``deployment.node``, ``allocation``), so a user can
write a server task from this module's result alone.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds.catalog import SUBSETS


def canonical_egg(egg):
    return {
        "id": egg["id"],
        "name": egg["name"],
        "description": egg.get("description") or "",
        "docker_images": dict(egg.get("docker_images") or {}),
        "startup": egg.get("startup"),
        "variables": [{
            "env_variable": v["env_variable"],
            "name": v["name"],
            "description": v.get("description") or "",
            "default_value": v.get("default_value"),
            "rules": v.get("rules"),
            "user_viewable": bool(v.get("user_viewable")),
            "user_editable": bool(v.get("user_editable")),
        } for v in ((egg.get("relationships") or {}).get("variables") or [])],
    }


class Catalog:
    """Reads the catalog, only the parts asked for: one request per list (nests with their eggs) and one per node."""

    def __init__(self, client):
        self.client = client

    def read(self, gather=SUBSETS, free_allocations=25):
        result = {}
        locations = None
        if "nests" in gather:
            result["nests"] = [{
                "id": nest["id"],
                "name": nest["name"],
                "description": nest.get("description") or "",
                "eggs": [canonical_egg(egg) for egg in nest["eggs"]],
            } for nest in self.client.list_nests_with_eggs()]
        if "locations" in gather or "nodes" in gather:
            locations = self.client.list_locations()
        if "locations" in gather:
            result["locations"] = [{"id": loc["id"], "short": loc["short"], "long": loc.get("long") or ""}
                                   for loc in locations]
        if "nodes" in gather:
            short = dict((loc["id"], loc["short"]) for loc in locations)
            result["nodes"] = [self._node(node, short, free_allocations) for node in self.client.list_nodes()]
        return result

    def _node(self, node, location_short, limit):
        free = [a for a in self.client.list_allocations(node["id"], filters={"server_id": "false"})
                if not a.get("assigned")]
        free.sort(key=lambda a: (a["ip"], a["port"]))
        return {
            "id": node["id"],
            "name": node["name"],
            "location": location_short.get(node.get("location_id")),
            "fqdn": node.get("fqdn"),
            "public": bool(node.get("public")),
            "maintenance_mode": bool(node.get("maintenance_mode")),
            "memory": node.get("memory"),
            "disk": node.get("disk"),
            "free_allocation_count": len(free),
            "free_allocations": [{"ip": a["ip"], "port": a["port"], "alias": a.get("alias")}
                                 for a in (free if limit is None else free[:limit])],
        }
