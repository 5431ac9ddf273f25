# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Name/id resolution on Pterodactyl: the server a per-server module names, and the owners, nests, eggs,
locations, nodes and allocations other objects refer to, each collection read at most once per run."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingReference, PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.suggest import did_you_mean, unknown


def _is_id(value):
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


def resolve_server(client, name=None, external_id=None):
    """The one server a per-server module works on, by name or external_id.

    Raises :class:`ReconcileError` naming the option when no server or
    several servers match.
    """
    option, value = ("server_external_id", external_id) if external_id is not None else ("server", name)
    found = client.find_servers(name=name, external_id=external_id)
    what = "external_id" if external_id is not None else "name"
    if not found:
        raise MissingReference("no server with %s %r on the panel (or none the API key may see)%s"
                               % (what, value, did_you_mean(value, _visible_servers(client, what))),
                               option=option, kind="server", ref=value)
    if len(found) > 1:
        raise ReconcileError("%d servers match %s %r (%s); use server_external_id to tell them apart"
                             % (len(found), what, value, ", ".join(s["identifier"] for s in found)), option=option)
    return found[0]


def _visible_servers(client, what):
    """The names (or external ids) of the servers the key may see, for a did-you-mean after a miss: one more
    list, read only on that path; none when the panel does not answer it (the miss is reported all the same)."""
    try:
        if client.has_application_key:
            return [s.get(what) for s in client.list_servers(include=())]
        if what == "name":  # the client form has no external_id
            return [s["name"] for kind in (None, "admin") for s in client.list_client_servers(kind=kind)]
    except PanelError:
        pass
    return []


class References:
    """Name/id resolution for one run, each collection fetched at most once."""

    def __init__(self, client):
        self.client = client
        self._users = {}
        self._all_users = False
        #: the users are those apply's document leaves (planned ones included): a user not among them is missing
        #: in check mode too
        self._users_certain = False
        self._nests = None
        self._eggs = {}
        self._locations = None
        self._nodes = None

    # users are looked up with the panel's filter (substring match), then
    # compared exactly here.
    def user(self, ref, option="owner"):
        ref = str(ref)
        for cached in (ref, ref.lower()):
            if cached in self._users:
                return self._users[cached]
        field = "email" if "@" in ref else "username"
        candidates = [] if self._all_users else self.client.list_users(filters={field: ref})
        matches = [u for u in candidates if u[field].lower() == ref.lower()]
        if not matches:
            raise MissingReference("no user with %s %r on the panel%s" % (
                field, ref, ", nor in the document" if self._users_certain else ""), option=option, kind="user", ref=ref,
                certain=self._users_certain)
        self._users[ref] = self._users[matches[0]["username"]] = matches[0]
        return matches[0]

    def load_all_users(self):
        """Index every user with one list request (cheaper than one filter per owner); once per run."""
        if not self._all_users:
            self.add_users(self.client.list_users())

    def add_users(self, users, certain=False):
        """Index ``users``, the panel's complete user list (as this run leaves it, so users a
        check-mode run only plans to create resolve too); no user is looked up again. ``certain``: the
        list is apply's, so no other task creates a user it lacks."""
        self._all_users = True
        self._users_certain = certain
        for user in users:
            self._users[user["username"]] = self._users[user["email"].lower()] = user

    def remember_user(self, user):
        if user:
            self._users[user["username"]] = user

    def nests(self):
        """Every nest, with its eggs: one request for both (``nests?include=eggs.variables``)."""
        if self._nests is None:
            self._nests = self.client.list_nests_with_eggs()
            for nest in self._nests:
                self._eggs[nest["id"]] = nest["eggs"]
        return self._nests

    def eggs(self, nest_id):
        if nest_id not in self._eggs:
            self.nests()
        if nest_id not in self._eggs:
            self._eggs[nest_id] = self.client.list_eggs(nest_id)
        return self._eggs[nest_id]

    def nest(self, ref):
        for nest in self.nests():
            if (_is_id(ref) and nest["id"] == int(ref)) or nest["name"] == ref:
                return nest
        raise ReconcileError(unknown("nest", ref, [n["name"] for n in self.nests()]), option="nest")

    def egg(self, ref, nest_ref=None):
        """Return (nest, egg) for an egg name or id, optionally within a nest."""
        nests = [self.nest(nest_ref)] if nest_ref is not None else self.nests()
        found = []
        for nest in nests:
            for egg in self.eggs(nest["id"]):
                if (_is_id(ref) and egg["id"] == int(ref)) or egg["name"] == ref:
                    found.append((nest, egg))
        if not found:
            where = "in nest %r" % nest_ref if nest_ref is not None else "in any nest"
            names = [egg["name"] for nest in nests for egg in self.eggs(nest["id"])]
            raise ReconcileError(unknown("egg", ref, names, where="%s on the panel" % where), option="egg")
        if len(found) > 1:
            raise ReconcileError("egg %r exists in several nests (%s); set nest"
                                 % (ref, ", ".join(n["name"] for n, _e in found)), option="egg")
        return found[0]

    def add_places(self, locations=None, nodes=None):
        """Take the locations and nodes as apply's run leaves them (given ones only); those its document plans to
        create have no id until they are written."""
        if locations is not None:
            self._locations = list(locations)
        if nodes is not None:
            self._nodes = list(nodes)

    def locations(self):
        if self._locations is None:
            self._locations = self.client.list_locations()
        return self._locations

    def location(self, ref, option="deployment.locations"):
        for location in self.locations():
            if (_is_id(ref) and location.get("id") == int(ref)) or location["short"] == ref:
                return location
        raise ReconcileError(unknown("location", ref, [location["short"] for location in self.locations()]),
                             option=option)

    def nodes(self):
        if self._nodes is None:
            self._nodes = self.client.list_nodes()
        return self._nodes

    def node(self, ref, option="node"):
        matches = [n for n in self.nodes() if (_is_id(ref) and n.get("id") == int(ref)) or n["name"] == ref]
        if not matches:
            raise ReconcileError(unknown("node", ref, [n["name"] for n in self.nodes()]), option=option)
        if len(matches) > 1:
            raise ReconcileError("several nodes are named %r; give the node id" % (ref,), option=option)
        return matches[0]

    def free_allocation(self, node, ip=None, port=None, option="allocation"):
        """An unassigned allocation of ``node`` (the given ip/port, or any)."""
        filters = {"server_id": "false"}
        if ip is not None:
            filters["ip"] = ip
        if port is not None:
            filters["port"] = str(port)
        free = [a for a in self.client.list_allocations(node["id"], filters=filters) if not a.get("assigned")]
        if not free:
            wanted = "%s:%s" % (ip or "*", port or "*")
            raise ReconcileError("no unassigned allocation %s on node %r" % (wanted, node["name"]), option=option)
        return free[0]
