# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty roles (API.md 8) with per-server permissions written as readable names, never as bit strings."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import SERVER_PERMISSIONS
from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import prepare_manager, same_id
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, Unresolved


def mask_from_names(names):
    """Readable server permissions -> Crafty's 8-character mask (index 0 = left-most, permissions.md 2)."""
    unknown = sorted(set(names) - set(SERVER_PERMISSIONS))
    if unknown:
        raise ReconcileError("unknown server permission(s) %s (known: %s)"
                             % (", ".join(unknown), ", ".join(SERVER_PERMISSIONS)), option="servers.permissions")
    return "".join("1" if name in names else "0" for name in SERVER_PERMISSIONS)


def names_from_mask(mask):
    """Crafty's mask -> readable names in bit order (the canonical order)."""
    return [name for name, bit in zip(SERVER_PERMISSIONS, str(mask)) if bit == "1"]


class RoleAdapter(Adapter):
    kind = "role"
    unordered = frozenset(["servers"])

    def __init__(self, client, refs, match_on="name"):
        self.client = client
        self.refs = refs
        self.key = match_on

    def normalize_key(self, value):
        if value is None:
            return None
        # quirk 5: names are stored lower-cased on create; compare without case
        return str(value).lower() if self.key == "name" else str(value)

    # -- reading ----------------------------------------------------------------

    def canonical(self, role):
        # quirk 5: compared without case, in the lower-case form Crafty stores on create
        out = {"id": int(role["role_id"]), "name": role["role_name"].lower()}
        version = self.client.version
        if version.has("manager"):
            out["manager"] = self.refs.username(role.get("manager"))
        if version.has("role_mfa"):
            out["mfa_required"] = bool(role.get("mfa_required"))
        return out

    def refresh(self):
        self.refs.forget_roles()

    def list(self):
        return [self.canonical(r) for r in self.refs.roles()]

    def servers_of(self, role_id):
        """``[{server, permissions}]`` of a role, by server name (GET /roles/{id}/servers is superuser only)."""
        rows = self.client.get_role_servers(role_id) or []
        return sorted(({"server": self.refs.server_name(row["server_id"]),
                        "permissions": names_from_mask(row["permissions"])} for row in rows),
                      key=lambda s: s["server"])

    def complete(self, current, desired):
        if "servers" not in desired:
            return current
        return dict(current, servers=self.servers_of(current["id"]))

    def defaults(self, desired):
        """What a new role gets when the declaration leaves it out, shown in the plan."""
        if self.client.version.has("role_mfa") and "mfa_required" not in desired:
            return dict(desired, mfa_required=False)
        return desired

    # -- checks before any write -------------------------------------------------

    def prepare(self, desired):
        if "name" in desired:
            # quirk 5: always send (and compare) the lower-case form Crafty stores on create
            desired["name"] = desired["name"].lower()
        prepare_manager(self, desired)
        if "servers" in desired:
            seen = set()
            servers = []
            for entry in desired["servers"]:
                if entry["server"] in seen:
                    raise ReconcileError("server %r is listed twice" % entry["server"], option="servers")
                seen.add(entry["server"])
                perms = entry.get("permissions") or []
                mask_from_names(perms)
                name = entry["server"]
                found = self.resolve(lambda name=name: self.refs.server(name, option="servers.server"))
                servers.append({"server": found if isinstance(found, Unresolved) else name,
                                "permissions": names_from_mask(mask_from_names(perms))})
            desired["servers"] = sorted(servers, key=lambda s: s["server"])
        return desired

    def validate(self, desired, current):
        version = self.client.version
        if current is None and not desired.get("name"):
            raise ReconcileError("is required to create a role", option="name")
        if current is not None and "name" in desired and desired["name"] != current["name"]:
            version.require("role_rename", option="name")
        if "manager" in desired:
            version.require("manager", option="manager")
        if "mfa_required" in desired:
            version.require("role_mfa", option="mfa_required")

    # -- writing ------------------------------------------------------------------

    def _servers_body(self, servers):
        body = []
        for entry in servers:
            server_id = self.refs.server(entry["server"], option="servers.server")["server_id"]
            # role bodies take the UUID string (newer) or the integer id (4.0.8)
            body.append({"server_id": str(server_id) if self.client.version.uuid_server_ids else int(server_id),
                         "permissions": mask_from_names(entry["permissions"])})
        return body

    def _manager(self, desired, current=None):
        value = desired.get("manager", (current or {}).get("manager"))
        return self.refs.user_id(value) if value else None

    def create(self, desired):
        # quirk 11: "servers" must be sent even when empty, or Crafty fails with a 500
        body = {"name": desired["name"], "servers": self._servers_body(desired.get("servers") or [])}
        if "manager" in desired:
            body["manager"] = self._manager(desired)
        if self.client.version.has("role_mfa"):
            # 4.10 reads the key unconditionally (a KeyError, HTTP 500, without it): always send it
            body["mfa_required"] = bool(desired.get("mfa_required", False))
        role_id = self.client.create_role(body)
        return self._read(role_id, servers=desired.get("servers") or [])

    def update(self, current, desired, changed):
        body = {}
        if "servers" in changed:
            # the list is the complete set: missing servers are removed (8.4)
            body["servers"] = self._servers_body(desired["servers"])
        if set(changed) & set(["name", "manager", "mfa_required"]):
            # quirk 14: manager and mfa_required are only stored when name is in the same body
            body["name"] = desired.get("name", current["name"])
            if self.client.version.has("manager"):
                body["manager"] = self._manager(desired, current)
            if self.client.version.has("role_mfa"):
                body["mfa_required"] = desired.get("mfa_required", current.get("mfa_required", False))
        self.client.update_role(current["id"], body)
        return self._read(current["id"], servers=desired.get("servers"))

    def _read(self, role_id, servers=None):
        """The role read alone after a write (not the whole list again); its servers are the ones just written
        (every one was checked)."""
        role = self.client.get_role(role_id)
        if not role or not same_id(role.get("role_id"), role_id):
            raise ReconcileError("role %d is not on the panel after writing it" % role_id)
        self.refs.remember_role(role)
        out = self.canonical(role)
        if servers is not None:
            out["servers"] = servers
        return out

    def delete(self, current):
        self.client.delete_role(current["id"])

    def info(self, name=None):
        roles = [r for r in self.list() if name is None or r["name"].lower() == name.lower()]
        for role in roles:
            role["servers"] = self.servers_of(role["id"])
        return roles
