# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl nodes and their allocations (application API 7.2): panel objects <-> canonical form.

A node's ``allocations`` are declared as IPs with ports and port ranges and kept in one form on both sides: a
list of ``{ip, ports}`` sorted by IP, each with its ports as sorted strings of runs (``"25565-25575"``,
``"25580"``). What differs is created (one request per IP) and removed (one request per allocation); an
allocation a server uses is never removed: it is kept, and the plan says so (:attr:`NodeAdapter.kept`).
"""

from __future__ import annotations

import ipaddress

from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingReference, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.checks import allocation_ports
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter

#: node fields as the module names them -> as the panel does (the same, but for the location)
FIELDS = ("name", "fqdn", "scheme", "behind_proxy", "public", "maintenance_mode", "memory", "memory_overallocate",
          "disk", "disk_overallocate", "upload_size", "daemon_listen", "daemon_sftp", "daemon_base")
#: what the panel requires in every create and every PATCH (UpdateNodeRequest reuses the create rules)
REQUIRED = ("name", "location", "fqdn", "scheme", "memory", "memory_overallocate", "disk", "disk_overallocate",
            "daemon_listen", "daemon_sftp")
#: what a new node gets when left unset (the panel's admin form's defaults)
DEFAULTS = {"scheme": "https", "memory_overallocate": 0, "disk_overallocate": 0, "daemon_listen": 8080,
            "daemon_sftp": 2022}


def runs(ports):
    """Sorted ports -> ``["25565-25575", "25580"]``."""
    found, start, last = [], None, None
    for port in sorted(ports):
        if last is not None and port == last + 1:
            last = port
            continue
        if start is not None:
            found.append(str(start) if start == last else "%d-%d" % (start, last))
        start = last = port
    if start is not None:
        found.append(str(start) if start == last else "%d-%d" % (start, last))
    return found


def allocation_form(pairs):
    """``{(ip, port)}`` -> the canonical ``[{ip, ports}]``."""
    by_ip = {}
    for ip, port in pairs:
        by_ip.setdefault(ip, set()).add(port)
    return [{"ip": ip, "ports": runs(ports)} for ip, ports in sorted(by_ip.items(), key=lambda item: _ip_order(item[0]))]


def allocation_pairs(allocations, where="allocations"):
    """The canonical (or declared) ``[{ip, ports}]`` -> ``{(ip, port)}``; a CIDR block is every address in it."""
    pairs = set()
    for index, entry in enumerate(allocations or []):
        ip, ports = allocation_ports(entry, "%s[%d]" % (where, index))
        addresses = [str(a) for a in ipaddress.ip_network(ip, strict=False)] if "/" in ip else [ip]
        pairs.update((address, port) for address in addresses for port in ports)
    return pairs


def _ip_order(ip):
    try:
        address = ipaddress.ip_address(ip)
        return (address.version, int(address))
    except ValueError:
        return (9, ip)


class NodeAdapter(Adapter):
    """Nodes, keyed on their name."""

    kind = "node"
    key = "name"
    identities = ("name",)
    unordered = frozenset()

    def __init__(self, client):
        self.client = client
        self._locations = None
        self._planned_locations = set()
        #: node id -> its allocations as the panel lists them (read by complete)
        self._rows = {}
        #: node name -> ["ip:port", ...] of allocations a server uses that the task does not declare (kept)
        self.kept = {}

    # -- reading ------------------------------------------------------------------------------

    def locations(self):
        if self._locations is None:
            self.know_locations(self.client.list_locations())
        return self._locations

    def know_locations(self, locations):
        """Take the panel's locations as a run leaves them (apply: those its document plans to create have no id
        yet, and are known by their short name only until they are written)."""
        self._locations = dict((loc["id"], loc["short"]) for loc in locations if loc.get("id") is not None)
        self._planned_locations = set(loc["short"] for loc in locations if loc.get("id") is None)

    def location_id(self, short):
        for location_id, name in self.locations().items():
            if name == short:
                return location_id
        if short in self._planned_locations:
            return None  # planned by the same document: written before this node is
        raise MissingReference("no location %r on the panel (create it first with gameops.panels.location)" % short,
                               option="location", kind="location", ref=short)

    def canonical(self, node):
        obj = {"id": node["id"], "location": self.locations().get(node.get("location_id"))}
        for field in FIELDS:
            obj[field] = node.get(field)
        return obj

    def list(self):
        return [self.canonical(node) for node in self.client.list_nodes()]

    def allocation_rows(self, node_id):
        if node_id not in self._rows:
            self._rows[node_id] = self.client.list_allocations(node_id)
        return self._rows[node_id]

    def refresh(self):
        self._rows = {}

    # -- planning -----------------------------------------------------------------------------

    def prepare(self, desired):
        if desired.get("location") is not None:
            self.resolve(lambda: self.location_id(desired["location"]))
        if "allocations" in desired:
            desired["allocations"] = allocation_form(allocation_pairs(desired["allocations"]))
        return desired

    def complete(self, current, desired):
        if "allocations" not in desired:
            return current
        rows = self.allocation_rows(current["id"])
        current = dict(current, allocations=allocation_form((a["ip"], a["port"]) for a in rows))
        wanted = allocation_pairs(desired["allocations"])
        in_use = set((a["ip"], a["port"]) for a in rows if a.get("assigned")) - wanted
        if in_use:
            # never removed: declared as they are, so the plan shows no change for them, and said
            self.kept[current["name"]] = ["%s:%d" % pair for pair in sorted(in_use, key=lambda p: (_ip_order(p[0]), p[1]))]
            desired["allocations"] = allocation_form(wanted | in_use)
        return current

    def defaults(self, desired):
        for field, value in DEFAULTS.items():
            desired.setdefault(field, value)
        return desired

    def validate(self, desired, current):
        if current is None:
            missing = [f for f in REQUIRED if desired.get(f) is None]
            if missing:
                raise ReconcileError("is required to create node %r" % desired.get("name"), option=missing[0])

    # -- writing ------------------------------------------------------------------------------

    def _body(self, obj, fields):
        body = dict((f, obj[f]) for f in REQUIRED if f != "location")
        body["location_id"] = self.location_id(obj["location"])
        for field in FIELDS:
            if field in fields and obj.get(field) is not None:
                body[field] = obj[field]
        return body

    def create(self, desired):
        node = self.canonical(self.client.create_node(self._body(desired, desired)))
        if desired.get("allocations"):
            self._add(node["id"], allocation_pairs(desired["allocations"]))
            node["allocations"] = desired["allocations"]
        return node

    def update(self, current, desired, changed):
        node_fields = [f for f in changed if f != "allocations"]
        result = dict(desired)
        if node_fields:
            result = dict(self.canonical(self.client.update_node(current["id"], self._body(desired, node_fields))),
                          allocations=desired.get("allocations"))
            if result["allocations"] is None:
                result.pop("allocations")
        if "allocations" in changed:
            wanted = allocation_pairs(desired["allocations"])
            rows = self.allocation_rows(current["id"])
            have = set((a["ip"], a["port"]) for a in rows)
            for row in rows:
                if (row["ip"], row["port"]) not in wanted and not row.get("assigned"):
                    self.client.delete_allocation(current["id"], row["id"])
            self._add(current["id"], wanted - have)
            self._rows.pop(current["id"], None)
        return result

    def _add(self, node_id, pairs):
        for entry in allocation_form(pairs):
            self.client.create_allocations(node_id, entry["ip"], entry["ports"])

    def delete(self, current):
        self.client.delete_node(current["id"])

    # -- node_info ----------------------------------------------------------------------------

    def describe(self, node):
        """A listed node with its allocations, and those a server uses."""
        rows = self.allocation_rows(node["id"])
        return dict(node, allocations=allocation_form((a["ip"], a["port"]) for a in rows),
                    allocations_in_use=["%s:%d" % (a["ip"], a["port"]) for a in
                                        sorted(rows, key=lambda a: (_ip_order(a["ip"]), a["port"])) if a.get("assigned")])
