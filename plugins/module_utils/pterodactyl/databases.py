# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl databases of one server (client API, reference section 8.5).

The panel stores a database as ``s<server id>_<name>``; the canonical form names it as declared (the prefix
removed) and keeps the panel's full name in ``database``. A database's ``remote`` (where it accepts
connections from) cannot be changed through the API: the panel has create, rotate-password and delete only.
Passwords are never part of the canonical form (so never in plans or diffs); the adapter keeps the ones the
panel answered with, and hands them out only when asked (:meth:`DatabaseAdapter.password`).
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter

#: the prefix the panel puts before the name a user chose
PREFIX = re.compile(r"^s\d+_")


def short_name(name):
    """``s5_world`` -> ``world`` (a name without the prefix is kept)."""
    return PREFIX.sub("", str(name), count=1)


def password_of(database):
    """The password of a client database object that includes it, else None."""
    related = (database.get("relationships") or {}).get("password")
    return related.get("password") if isinstance(related, dict) else None


def canonical_database(database):
    host = database.get("host") or {}
    return {
        "id": database.get("id"),
        "name": short_name(database["name"]),
        "database": database["name"],
        "username": database.get("username"),
        "host": host.get("address"),
        "port": host.get("port"),
        "remote": database.get("connections_from"),
        "max_connections": database.get("max_connections"),
    }


class DatabaseAdapter(Adapter):
    """Databases of the server ``server`` (``{identifier, ...}``; identifier None: planned in check mode)."""

    kind = "database"
    key = "name"
    identities = ("name",)

    def __init__(self, client, server, with_password=False):
        self.client = client
        self.server = server
        #: read the passwords with the list (include=password): only when the task asks for them
        self.with_password = with_password
        self._passwords = {}

    def normalize_key(self, value):
        return None if value is None else short_name(value).casefold()

    def prepare(self, desired):
        desired = dict(desired)
        if desired.get("name") is not None:
            desired["name"] = short_name(desired["name"])
        return desired

    def _keep(self, raw):
        found = password_of(raw)
        obj = canonical_database(raw)
        if found is not None:
            self._passwords[obj["id"]] = found
        return obj

    def list(self):
        if self.server.get("identifier") is None:
            return []
        listed = self.client.list_databases(self.server["identifier"], with_password=self.with_password)
        return [self._keep(d) for d in listed]

    def validate(self, desired, current):
        if current is not None and "remote" in desired and desired["remote"] != current.get("remote"):
            raise ReconcileError(
                "the database %s accepts connections from %s; Pterodactyl cannot change that through its API "
                "(there is no such route): delete the database and create it again (its data is lost), or declare "
                "remote: %s" % (current["name"], current.get("remote"), current.get("remote")), option="remote")

    def defaults(self, desired):
        desired = dict(desired)
        desired.setdefault("remote", "%")
        return desired

    def create(self, desired):
        return self._keep(self.client.create_database(self.server["identifier"], desired["name"],
                                                      desired.get("remote") or "%"))

    def update(self, current, desired, changed):
        raise ReconcileError("Pterodactyl cannot change a database's %s" % ", ".join(sorted(changed)),
                             option=sorted(changed)[0])

    def delete(self, current):
        self.client.delete_database(self.server["identifier"], current["id"])

    def rotate_password(self, current):
        """A new password (the panel picks it); returns the database."""
        return self._keep(self.client.rotate_database_password(self.server["identifier"], current["id"]))

    def password(self, database):
        """The password the panel last answered with for ``database`` (None: not read)."""
        return self._passwords.get((database or {}).get("id"))
