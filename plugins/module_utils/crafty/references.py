# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names <-> ids of Crafty users, roles and servers, each list read at most once per run, and the server a
per-server module names."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingReference, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Unresolved
from ansible_collections.gameops.panels.plugins.module_utils.suggest import did_you_mean


def same_id(a, b):
    """Ids compare as strings: Crafty hands the same id out as an int or a string (quirk 7)."""
    return a is not None and b is not None and str(a) == str(b)


class References:
    def __init__(self, client):
        self.client = client
        self._users = None
        self._roles = None
        self._servers = None
        self._catalogue = False
        #: kinds whose list is apply's (every object the run leaves): a name missing there is missing in check mode
        #: too, as the real run will find
        self._certain = set()

    def jar_catalogue(self):
        """Crafty's jar catalogue, read at most once per run (None where the panel answers none)."""
        if self._catalogue is False:
            self._catalogue = self.client.jar_catalogue()
        return self._catalogue

    def know(self, objects):
        """Take apply's lists (``ctx.objects``: every object as the run leaves it, planned ones included)
        instead of reading them again, so a reference to an object of the same document resolves, in
        check mode too (a planned object has no id yet)."""
        if "server" in objects:
            self._servers = [{"server_id": s.get("id"), "server_name": s["name"]} for s in objects["server"]]
            self._certain.add("server")
        if "role" in objects:
            self._roles = [{"role_id": r.get("id"), "role_name": r["name"]} for r in objects["role"]]
            self._certain.add("role")

    # -- users ----------------------------------------------------------------

    def users(self):
        if self._users is None:
            self._users = self.client.list_users()
        return self._users

    def forget_users(self):
        self._users = None

    def user_id(self, username, option="manager"):
        for user in self.users():
            if user["username"].lower() == str(username).lower():
                return int(user["user_id"])
        raise MissingReference("no user %r on the panel (or none the account may see)" % username, option=option,
                               kind="user", ref=username)

    def username(self, user_id):
        if user_id is None:
            return None
        for user in self.users():
            if same_id(user["user_id"], user_id):
                return user["username"]
        return str(user_id)

    # -- roles ----------------------------------------------------------------

    def roles(self):
        if self._roles is None:
            self._roles = self.client.list_roles()
        return self._roles

    def forget_roles(self):
        self._roles = None

    def remember_role(self, role):
        """``role`` (a role object read after a write) in place of the listed one, when the list was read."""
        if self._roles is not None:
            self._roles = [r for r in self._roles if not same_id(r.get("role_id"), role["role_id"])] + [role]

    def role_id(self, name, option="roles"):
        # quirk 5: role names are stored lower-cased; compare without case
        for role in self.roles():
            if role["role_name"].lower() == str(name).lower():
                # None: a role this check-mode run only plans
                return None if role["role_id"] is None else int(role["role_id"])
        raise MissingReference("no role %r on the panel%s (known: %s)"
                               % (name, ", nor in the document" if "role" in self._certain else "",
                                  ", ".join(sorted(r["role_name"] for r in self.roles())) or "none"),
                               option=option, kind="role", ref=name, certain="role" in self._certain)

    # -- servers --------------------------------------------------------------

    def servers(self):
        if self._servers is None:
            self._servers = self.client.list_servers()
        return self._servers

    def forget_servers(self):
        self._servers = None

    def server(self, name, option="server"):
        """The one server named ``name``; Crafty does not keep names unique, so several fail."""
        found = [s for s in self.servers() if s["server_name"] == name]
        if not found:
            raise MissingReference("no server named %r on the panel%s (or none the account may see)%s"
                                   % (name, ", nor in the document" if "server" in self._certain else "",
                                      did_you_mean(name, [s["server_name"] for s in self.servers()])),
                                   option=option, kind="server", ref=name, certain="server" in self._certain)
        if len(found) > 1:
            raise ReconcileError("%d servers are named %r (ids %s); Crafty does not keep names unique, rename one"
                                 % (len(found), name, ", ".join(str(s["server_id"]) for s in found)), option=option)
        return found[0]

    def server_name(self, server_id):
        for server in self.servers():
            if same_id(server["server_id"], server_id):
                return server["server_name"]
        return str(server_id)


def resolve_server(refs, name):
    """``{id, name}`` of the one server per-server modules name with ``server``."""
    server = refs.server(name, option="server")
    return {"id": server["server_id"], "name": server["server_name"], "label": repr(server["server_name"])}


def prepare_manager(adapter, desired):
    """A declared ``manager`` (a username) as the user and role adapters send it: an empty string clears it, and a
    user an earlier task of the play creates is planned as unresolved in check mode."""
    if desired.get("manager") == "":
        desired["manager"] = None
    if desired.get("manager"):
        manager = desired["manager"]
        found = adapter.resolve(lambda: adapter.refs.user_id(manager, option="manager"))
        if isinstance(found, Unresolved):
            desired["manager"] = found
