# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl subusers of one server (client API, reference section 8.9).

A subuser is matched on its e-mail address (case-insensitively, as the
panel's MySQL collation does). Its permission keys are a set: the panel
keeps the input order, always adds ``websocket.connect`` and silently drops
keys it does not know, so the adapter validates every key against the
panel's own list first and compares sorted sets that include
``websocket.connect``.
"""

from __future__ import annotations


from ansible_collections.gameops.panels.plugins.module_utils.suggest import closest
from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter

#: the key the panel adds to every subuser's list
ALWAYS_GRANTED = "websocket.connect"


def canonical_subuser(subuser):
    """A ``server_subuser`` object -> canonical form (permissions sorted)."""
    permissions = subuser.get("permissions") or []
    # a list with a gap is serialised as a JSON object by the panel (8.9 QUIRK)
    if isinstance(permissions, dict):
        permissions = list(permissions.values())
    return {
        "email": subuser["email"],
        "username": subuser.get("username"),
        "uuid": subuser.get("uuid"),
        "permissions": sorted(set(permissions)),
        "two_factor": bool(subuser.get("2fa_enabled")),
    }


class SubuserAdapter(Adapter):
    """Subusers of the server ``server`` (``{identifier, uuid, name, ...}``)."""

    kind = "subuser"
    key = "email"
    unordered = frozenset(["permissions"])

    def __init__(self, client, server, permission_keys=None):
        """``server`` is ``{identifier, uuid, name, ...}``; its identifier is None for a server a
        check-mode run only plans to create. ``permission_keys`` returns the panel's keys
        (default: read them with this adapter's client)."""
        self.client = client
        self.server = server
        self._permission_keys = permission_keys or client.list_permission_keys
        self._known_keys = None
        self._owner_email = None
        self._owner_looked_up = False

    def normalize_key(self, value):
        return None if value is None else str(value).strip().lower()

    def known_keys(self):
        """Every permission key the panel knows (one request, once per run)."""
        if self._known_keys is None:
            self._known_keys = self._permission_keys()
        return self._known_keys

    def prepare(self, desired):
        desired = dict(desired)
        if "permissions" in desired:
            desired["permissions"] = self.permission_set(desired["permissions"])
        return desired

    def permission_set(self, keys):
        """Validated, de-duplicated, sorted keys with ``websocket.connect`` added."""
        known = self.known_keys()
        wanted = set(str(k).strip() for k in keys)
        unknown = sorted(k for k in wanted if k not in known)
        if unknown:
            hints = []
            for key in unknown:
                close = closest(key, known)
                hints.append("%s (did you mean %s?)" % (key, close) if close else key)
            raise ReconcileError("unknown permission key(s) for this panel: %s. The panel knows: %s"
                                 % (", ".join(hints), ", ".join(known)), option="permissions")
        wanted.add(ALWAYS_GRANTED)
        return sorted(wanted)

    def list(self):
        return [canonical_subuser(s) for s in self.client.list_subusers(self.server["identifier"])]

    def complete(self, current, desired):
        # The e-mail only identifies the subuser (it belongs to the panel user,
        # which this module cannot change): adopt the panel's spelling so a
        # difference in case is not reported as a change.
        desired["email"] = current["email"]
        return current

    def validate(self, desired, current):
        if current is not None:
            return
        owner = self._server_owner_email()
        if owner is not None and owner.lower() == self.normalize_key(desired["email"]):
            raise ReconcileError("%s owns server %r and cannot be added as its subuser (an owner already holds "
                                 "every permission)" % (desired["email"], self.server["name"]), option="email")

    def _server_owner_email(self):
        """The owner's e-mail, read only when a create is planned and an application key is at hand.

        The client API tells only whether the caller is the owner; without
        an application key the panel's own refusal is reported instead.
        """
        if not self._owner_looked_up:
            self._owner_looked_up = True
            # a server that does not exist yet (no uuid) has no subusers to check against its owner
            if self.client.has_application_key and self.server.get("uuid"):
                servers = self.client.list_servers(filters={"uuid": self.server["uuid"]}, include=("user",))
                for server in servers:
                    owner = (server.get("relationships") or {}).get("user")
                    if server.get("uuid") == self.server["uuid"] and owner:
                        self._owner_email = owner.get("email")
        return self._owner_email

    def create(self, desired):
        permissions = desired.get("permissions") or [ALWAYS_GRANTED]
        try:
            created = self.client.create_subuser(self.server["identifier"], desired["email"], permissions)
        except PanelError as exc:
            if exc.code == "ServerSubuserExistsException":
                # added since the list was read (a concurrent run, or a retried POST that had
                # reached the panel): converge on that entry instead of failing
                existing = self._find(desired["email"])
                if existing is not None:
                    if existing["permissions"] == sorted(permissions):
                        return existing
                    return self.update(existing, dict(existing, permissions=sorted(permissions)), ["permissions"])
            if exc.code in ("UserIsServerOwnerException", "ServerSubuserExistsException"):
                raise ReconcileError("the panel refused %s: %s" % (desired["email"], exc.message), option="email") from exc
            raise
        return canonical_subuser(created)

    def _find(self, email):
        wanted = self.normalize_key(email)
        return next((s for s in self.list() if self.normalize_key(s["email"]) == wanted), None)

    def update(self, current, desired, changed):
        # the panel replaces the whole list
        updated = self.client.update_subuser(self.server["identifier"], current["uuid"], desired["permissions"])
        return canonical_subuser(updated)

    def delete(self, current):
        self.client.delete_subuser(self.server["identifier"], current["uuid"])
