# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty users (API.md 7): canonical form, and how each field is read and written."""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import prepare_manager
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, Unresolved

# canonical field -> Crafty field
FIELD_NAMES = {"admin": "superuser", "language": "lang"}
# fields GET /users (the public subset, 7.1) lacks; read from GET /users/{id} when declared
DETAIL_FIELDS = frozenset(["email", "roles", "manager"])


class UserAdapter(Adapter):
    kind = "user"
    key = "username"
    write_only = frozenset(["password"])
    unordered = frozenset(["roles"])

    def __init__(self, client, refs, update_password="on_create"):
        self.client = client
        self.refs = refs
        self.update_password = update_password

    @staticmethod
    def normalize_key(value):
        return None if value is None else str(value).lower()

    # -- reading -------------------------------------------------------------

    def canonical(self, user, detail=None):
        """A Crafty user -> canonical form (``detail`` is the full object of GET /users/{id})."""
        out = {
            "id": int(user["user_id"]),
            "username": user["username"],
            "enabled": user.get("enabled"),
            "admin": user.get("superuser"),
            "language": user.get("lang"),
        }
        if detail is not None:
            out["email"] = detail.get("email")
            # roles come as whole role objects; names are stored lower-cased (quirk 5)
            out["roles"] = sorted(r["role_name"].lower() for r in detail.get("roles") or [])
            if self.client.version.has("manager"):
                out["manager"] = self.refs.username(detail.get("manager"))
        return out

    def refresh(self):
        self.refs.forget_users()

    def list(self):
        users = self.refs.users()
        if len(users) == 1:
            self._check_user_config(users[0])
        return [self.canonical(u) for u in users]

    def _check_user_config(self, only):
        """Without USER_CONFIG, GET /users answers just the caller (7.1): say so before planning creates."""
        me = self.client.me()
        if str(only["user_id"]) != str(me["user_id"]) or me.get("superuser"):
            return
        mask = (self.client.get_user_permissions("@me") or {}).get("permissions") or ""
        if mask[1:2] != "1":
            raise ReconcileError("Crafty lets the account %r see only itself: it lacks the Crafty permission "
                                 "USER_CONFIG, which managing other users needs" % me["username"], option="username")

    def complete(self, current, desired):
        # one read of the whole user, only when a declared field is missing from the list
        return self._detailed(current) if DETAIL_FIELDS & set(desired) else current

    def _detailed(self, current):
        detail = self.client.get_user(current["id"])
        return dict(self.canonical(detail, detail=detail), id=current["id"])

    # -- checks before any write ----------------------------------------------

    def prepare(self, desired):
        if "username" in desired:
            desired["username"] = desired["username"].lower()
        if "roles" in desired:
            roles = []
            for role in sorted(set(str(r).lower() for r in desired["roles"])):
                # a role (or, below, a manager) an earlier task of the play creates is planned as unresolved in
                # check mode
                found = self.resolve(lambda role=role: self.refs.role_id(role, option="roles"))
                roles.append(found if isinstance(found, Unresolved) else role)
            desired["roles"] = roles
        prepare_manager(self, desired)
        return desired

    def validate(self, desired, current):
        version = self.client.version
        username = desired.get("username")
        low = 3 if version >= (4, 5, 0) else 4
        if username is not None and not re.match(r"^[a-z0-9_]{%d,20}$" % low, username):
            raise ReconcileError("Crafty %s needs %d to 20 lower-case letters, digits or _, got %r"
                                 % (version, low, username), option="username")
        password = desired.get("password")
        if current is None and not password:
            raise ReconcileError("is required to create a Crafty user", option="password")
        sent = password is not None and (current is None or self.update_password == "always")
        if sent:
            if current is not None:
                version.require("password_change", option="password")
            # the schemas: 8 characters or more since 4.2.2; 4 to 20 on 4.0.8
            shortest, longest = (8, None) if version >= (4, 2, 2) else (4, 20)
            if len(password) < shortest or (longest and len(password) > longest):
                raise ReconcileError("Crafty %s needs a password of %s characters" % (
                    version, "%d to %d" % (shortest, longest) if longest else "at least %d" % shortest),
                    option="password")
        if "manager" in desired:
            version.require("manager", option="manager")

    # -- writing ----------------------------------------------------------------

    def _body(self, fields, desired):
        body = {}
        version = self.client.version
        for field in fields:
            value = desired[field]
            if field == "roles":
                ids = [self.refs.role_id(name) for name in value]
                # 4.0.8 takes role ids as strings, newer versions as integers (7.2)
                value = ids if version.has("manager") else [str(i) for i in ids]
            elif field == "manager":
                value = self.refs.user_id(value) if value else None
            body[FIELD_NAMES.get(field, field)] = value
        return body

    def create(self, desired):
        fields = [f for f in ("username", "password", "email", "enabled", "admin", "language", "roles", "manager")
                  if f in desired]
        user_id = self.client.create_user(self._body(fields, desired))
        return self._detailed({"id": user_id})

    def update(self, current, desired, changed):
        self.client.update_user(current["id"], self._body(changed, desired))
        return self._detailed(current)

    def delete(self, current):
        self.client.delete_user(current["id"])

    def info(self, **filters):
        """Users matching ``filters`` (username), each read whole (the list lacks e-mail, roles and manager)."""
        wanted = filters.get("username")
        found = [u for u in self.refs.users() if wanted is None or u["username"].lower() == wanted.lower()]
        return [self._detailed(self.canonical(u)) for u in found]
