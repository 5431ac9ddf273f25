# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl game servers: the application API adapter (details, build, startup, suspension, power), and
the client API one for a user who holds only a client key. Owners, eggs and allocations resolve through
references.References.
"""

from __future__ import annotations

import time

from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, merge
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl import egg_variable_rules
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import INJECTED_ENVIRONMENT
from ansible_collections.gameops.panels.plugins.module_utils.waiting import WaitTimedOut, wait_until, wait_warning

LIMIT_FIELDS = ("memory", "swap", "disk", "io", "cpu")
# Defaults for a new server's limits that the user did not set; the panel
# requires every one of them and has no defaults of its own.
LIMIT_DEFAULTS = {"swap": 0, "io": 500, "cpu": 0, "threads": None, "oom_disabled": True}
FEATURE_LIMIT_DEFAULTS = {"databases": 0, "allocations": 0, "backups": 0}

DETAILS_FIELDS = frozenset(["name", "description", "external_id", "owner"])
BUILD_FIELDS = frozenset(["limits", "feature_limits"])
STARTUP_FIELDS = frozenset(["startup", "environment", "egg", "nest", "docker_image"])

# power_state option -> the signal that reaches it
POWER_SIGNALS = {"started": "start", "stopped": "stop", "killed": "kill", "restarted": "restart"}
# Wings' current_state -> the power_state it counts as (a starting server is on its way up)
LIVE_POWER = {"running": "started", "starting": "started", "offline": "stopped", "stopping": "stopped", "stopped": "stopped"}


class ServerAdapter(Adapter):
    """Game servers (application API): details, build, startup, suspension."""

    kind = "server"
    # external_id is unique; a name is not, but a new external_id must not duplicate a server known by its name
    identities = ("name", "external_id")

    def __init__(self, client, refs, match_on="name", force_delete=False, install_timeout=600, sleep=None,
                 clock=None):
        self.client = client
        self.refs = refs
        self.key = match_on
        self.force_delete = force_delete
        self.install_timeout = install_timeout
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._lookups = []
        self._raw = {}
        self._placement = {}
        self._signals = {}
        #: a new server's placement names a location or node apply's document creates (no id yet): its body is made
        #: once they are written (see ServerHandler.know)
        self.placement_deferred = False

    # -- reading ------------------------------------------------------------

    def list(self):
        lookup = self._lookups[0] if len(self._lookups) == 1 else None
        if lookup is not None and self.key == "external_id":
            found = self.client.get_server_by_external_id(lookup)
            servers = [found] if found else []
        else:
            filters = {self.key: lookup} if lookup is not None else None
            servers = self.client.list_servers(filters=filters)
        return [self.canonical(s) for s in servers]

    def canonical(self, server):
        self._raw[server["id"]] = server
        rel = server.get("relationships") or {}
        owner = rel.get("user") or {}
        self.refs.remember_user(owner)
        primary = [a for a in (rel.get("allocations") or []) if a["id"] == server["allocation"]]
        environment = dict((k, v) for k, v in (server["container"].get("environment") or {}).items()
                           if k not in INJECTED_ENVIRONMENT)
        limits = server["limits"]
        return {
            "id": server["id"],
            "uuid": server["uuid"],
            "identifier": server["identifier"],
            "name": server["name"],
            "external_id": server.get("external_id"),
            "description": server.get("description") or "",
            "owner": owner.get("username", server["user"]),
            "nest": (rel.get("nest") or {}).get("name", server["nest"]),
            "egg": (rel.get("egg") or {}).get("name", server["egg"]),
            "docker_image": server["container"]["image"],
            "startup": server["container"]["startup_command"],
            "environment": dict((k, _env_string(v)) for k, v in environment.items()),
            "limits": dict((k, limits.get(k)) for k in LIMIT_FIELDS + ("threads", "oom_disabled")),
            "feature_limits": dict(server["feature_limits"]),
            "node": (rel.get("node") or {}).get("name", server["node"]),
            "allocation": "%s:%s" % (primary[0]["ip"], primary[0]["port"]) if primary else None,
            "suspended": server.get("status") == "suspended" or bool(server.get("suspended")),
            "status": server.get("status"),
        }

    # -- validation and reference resolution (reads only) -------------------

    def narrow(self, keys):
        self._lookups = [k for k in keys if k is not None]
        return len(self._lookups) == 1

    def lookup(self, field, value):
        if field == "external_id":
            found = self.client.get_server_by_external_id(value)
            return [self.canonical(found)] if found else []
        return [self.canonical(s) for s in self.client.list_servers(filters={field: value}) if s.get(field) == value]

    def prepare_many(self, desired):
        if len(set(d["owner"] for d in desired if "owner" in d)) > 1:
            self.refs.load_all_users()
        return super().prepare_many(desired)

    def prepare(self, desired):
        placement = dict((option, desired.pop(option)) for option in ("deployment", "allocation") if option in desired)
        self._placement[desired.get(self.key)] = placement
        if "owner" in desired:
            owner = desired["owner"]
            desired["owner"] = self.resolve(lambda: self.refs.user(owner)["username"])
        if "nest" in desired and "egg" not in desired:
            raise ReconcileError("is required when nest is set", option="egg")
        if "egg" in desired:
            nest, egg = self.refs.egg(desired["egg"], desired.get("nest"))
            desired["nest"], desired["egg"] = nest["name"], egg["name"]
        if "environment" in desired:
            desired["environment"] = dict((k, _env_string(v)) for k, v in desired["environment"].items())
        self._prepare_power(desired)
        return desired

    def _prepare_power(self, desired):
        if "power_state" not in desired:
            return
        wanted = desired["power_state"]
        if desired.get("suspended") and wanted in ("started", "restarted"):
            raise ReconcileError("a suspended server cannot be %s" % wanted, option="power_state")
        self._signals[desired.get(self.key)] = POWER_SIGNALS[wanted]
        # killed ends stopped (by another signal); restarted never matches, so it always restarts
        desired["power_state"] = "stopped" if wanted == "killed" else wanted

    def complete(self, current, desired):
        if "power_state" not in desired:
            return current
        # the live state comes from Wings through the client API, one read for this server
        try:
            live = self.client.get_resources(current["identifier"])["current_state"]
        except PanelError as exc:
            raise ReconcileError("cannot read the power state of server %r: %s" % (current["name"], _daemon_hint(exc)),
                                 option="power_state") from exc
        return dict(current, power_state=LIVE_POWER.get(live, "stopped"))

    def validate(self, desired, current):
        if current is None:
            for field in ("name", "owner", "egg"):
                if not desired.get(field):
                    raise ReconcileError("is required to create server %r" % desired.get(self.key), option=field)
            for field in ("memory", "disk"):
                if (desired.get("limits") or {}).get(field) is None:
                    raise ReconcileError("is required to create a server", option="limits.%s" % field)
            _nest, egg = self.refs.egg(desired["egg"], desired.get("nest"))
            self._check_environment(egg, desired.get("environment") or {})
            self._check_environment(egg, self._environment(egg, desired.get("environment") or {}), complete=True)
            # resolve the placement now so a missing node or allocation fails before any write
            key = desired.get(self.key)
            body = self._placement_body(self._placement[key])
            self._placement[key]["body"] = body
            self.placement_deferred = self.placement_deferred or body is None
            return
        _nest, egg = self.refs.egg(desired.get("egg", current["egg"]), desired.get("nest", current["nest"]))
        self._check_environment(egg, desired.get("environment") or {})

    @staticmethod
    def _environment(egg, overrides):
        """Every variable of ``egg``: the override, else the egg's default."""
        return dict((v["env_variable"], overrides.get(v["env_variable"], v["default_value"]))
                    for v in egg["relationships"]["variables"] or [])

    @staticmethod
    def _check_environment(egg, environment, complete=False):
        variables = dict((v["env_variable"], v) for v in egg["relationships"]["variables"] or [])
        for name in sorted(environment):
            if name not in variables:
                raise ReconcileError("%r is not a variable of egg %r (its variables: %s)"
                                     % (name, egg["name"], ", ".join(sorted(variables)) or "none"),
                                     option="environment.%s" % name)
        for name in sorted(variables) if complete else sorted(environment):
            value = environment.get(name)
            check_variable(variables[name], value)

    def _placement_body(self, placement):
        """The create request's placement; None when it names a location or node apply's document has planned but
        not written yet (no id to send, no allocation to read)."""
        allocation = placement.get("allocation")
        deployment = placement.get("deployment") or {}
        if allocation:
            if allocation.get("node"):
                node = self.refs.node(allocation["node"], option="allocation.node")
            elif len(self.refs.nodes()) == 1:
                node = self.refs.nodes()[0]
            else:
                raise ReconcileError("is required when the panel has several nodes", option="allocation.node")
            if node.get("id") is None:
                return None
            primary = self.refs.free_allocation(node, allocation.get("ip"), allocation.get("port"), option="allocation")
            additional = [self.refs.free_allocation(node, a.get("ip"), a.get("port"), option="allocation.additional")["id"]
                          for a in allocation.get("additional") or []]
            return {"allocation": {"default": primary["id"], "additional": additional}}
        if deployment.get("node"):
            node = self.refs.node(deployment["node"], option="deployment.node")
            if node.get("id") is None:
                return None
            return {"allocation": {"default": self.refs.free_allocation(node, option="deployment.node")["id"]}}
        if not deployment.get("locations"):
            raise ReconcileError("a new server needs deployment.locations, deployment.node or allocation",
                                 option="deployment")
        locations = [self.refs.location(ref) for ref in deployment["locations"]]
        if any(location.get("id") is None for location in locations):
            return None
        return {"deploy": {
            "locations": [location["id"] for location in locations],
            "dedicated_ip": bool(deployment.get("dedicated_ip")),
            "port_range": [str(p) for p in deployment.get("port_range") or []],
        }}

    # -- writing ------------------------------------------------------------

    def create(self, desired):
        limits = merge(LIMIT_DEFAULTS, desired.get("limits") or {})
        _nest, egg = self.refs.egg(desired["egg"], desired.get("nest"))
        body = {
            "name": desired["name"],
            "user": self.refs.user(desired["owner"])["id"],
            "egg": egg["id"],
            # the panel copies nothing from the egg; the module does
            "docker_image": desired.get("docker_image") or _default_image(egg),
            "startup": desired.get("startup") or egg["startup"],
            "environment": self._environment(egg, desired.get("environment") or {}),
            "limits": dict((k, limits[k]) for k in LIMIT_FIELDS + ("threads",)),
            "oom_disabled": limits["oom_disabled"],
            "feature_limits": merge(FEATURE_LIMIT_DEFAULTS, desired.get("feature_limits") or {}),
            "description": desired.get("description") or "",
            "start_on_completion": False,
        }
        if desired.get("external_id"):
            body["external_id"] = desired["external_id"]
        placement = self._placement[desired.get(self.key)]
        body.update(placement.get("body") or self._placement_body(placement) or {})
        created = self.client.create_server(body)
        if desired.get("suspended"):
            self.client.suspend_server(created["id"])
            created = _suspension(created, True)
        result = self.canonical(created)
        if desired.get("power_state") in ("started", "restarted"):
            # a new server is offline; the client API refuses it (409) until it is installed, which the
            # create answer (always "installing") cannot tell: look once, then wait if need be
            result = self._wait_installed(self.canonical(self.client.get_server(created["id"])))
            self._send_power(result, "start")
            result["power_state"] = "started"
        elif "power_state" in desired:
            result["power_state"] = "stopped"
        return result

    def _wait_installed(self, server):
        try:
            server, waited = wait_until(
                server, lambda: self.canonical(self.client.get_server(server["id"])),
                lambda s: s["status"] != "installing", self.install_timeout, sleep=self._sleep, clock=self._clock)
        except WaitTimedOut:
            raise ReconcileError("server %r was created but is still installing after %d s (install_timeout); the "
                                 "next run starts it once it has installed" % (server["name"], self.install_timeout),
                                 option="power_state")
        warning = wait_warning("server %r to finish installing before starting it" % server["name"], waited,
                               self.install_timeout)
        if warning:
            self.client.transport.warn(warning)
        if server["status"] in ("install_failed", "reinstall_failed"):
            raise ReconcileError("server %r was created but cannot be started: its installation failed (status %s); "
                                 "reinstall it on the panel" % (server["name"], server["status"]), option="power_state")
        return server

    def _send_power(self, server, signal):
        try:
            self.client.send_power(server["identifier"], signal)
        except PanelError as exc:
            raise ReconcileError("could not send the %r signal to server %r: %s" % (signal, server["name"], _daemon_hint(exc)),
                                 option="power_state") from exc

    def update(self, current, desired, changed):
        """One write per changed field group; the result is the panel's answer to the last one."""
        raw = self._raw[current["id"]]
        server_id = current["id"]
        changed = set(changed)
        latest = raw
        if changed & DETAILS_FIELDS:
            latest = self.client.update_server_details(server_id, {
                # a full replacement: omitted external_id would be nulled
                "name": desired["name"],
                "user": self.refs.user(desired["owner"])["id"],
                "external_id": desired.get("external_id"),
                "description": desired.get("description") or "",
            })
        if changed & BUILD_FIELDS:
            limits = desired["limits"]
            latest = self.client.update_server_build(server_id, {
                "allocation": raw["allocation"],
                "limits": dict((k, limits[k]) for k in LIMIT_FIELDS + ("threads",)),
                "oom_disabled": limits["oom_disabled"],
                "feature_limits": dict(desired["feature_limits"]),
            })
        if changed & STARTUP_FIELDS:
            _nest, egg = self.refs.egg(desired["egg"], desired["nest"])
            environment = self._environment(egg, desired["environment"])
            self._check_environment(egg, environment, complete=True)
            latest = self.client.update_server_startup(server_id, {
                "startup": desired["startup"],
                # every variable is rewritten, so send all of them
                "environment": environment,
                "egg": egg["id"],
                "image": desired["docker_image"],
                "skip_scripts": False,
            })
        # power signals need an unsuspended server: stop before suspending, start after unsuspending
        power_first = desired.get("suspended") is True
        if "power_state" in changed and power_first:
            self._send_power(current, self._signals[desired.get(self.key)])
        if "suspended" in changed:
            if desired["suspended"]:
                self.client.suspend_server(server_id)
            else:
                self.client.unsuspend_server(server_id)
            latest = _suspension(latest, desired["suspended"])
        if "power_state" in changed and not power_first:
            self._send_power(current, self._signals[desired.get(self.key)])
        result = self.canonical(latest)
        if "power_state" in desired:
            result["power_state"] = "started" if desired["power_state"] in ("started", "restarted") else "stopped"
        return result

    def delete(self, current):
        self.client.delete_server(current["id"], force=self.force_delete)

    def reinstall(self, server):
        """state=reinstalled: the egg's install script runs again on the existing server; returns the server as the
        panel leaves it (installing)."""
        self.client.reinstall_server(server["id"])
        return dict(server, status="installing")


# What the server module can keep with only a client key (the rest needs the application API).
CLIENT_MODE_FIELDS = frozenset(["name", "external_id", "description", "docker_image", "environment", "power_state"])


class ClientServerAdapter(ServerAdapter):
    """An existing server through the client API, for a user who holds only a client key.

    The owner (or a subuser with the startup/settings permissions) can rename
    it, pick another of its egg's images, set the startup variables the egg
    lets users edit, and start or stop it. Creating, deleting, limits, owner
    and egg need the application API.
    """

    # it cannot create, so there is nothing to adopt
    identities = ()

    def __init__(self, client, match_on="name"):
        super().__init__(client, refs=None, match_on=match_on)
        self._variables = {}

    def lookup(self, field, value):
        self.narrow([value])
        return [s for s in self.list() if s.get(field) == value]

    def list(self):
        lookup = self._lookups[0] if len(self._lookups) == 1 else None
        if lookup is None:
            return []
        found = self.client.find_servers(**{self.key: lookup})
        return [self._client_canonical(s) for s in found]

    def _client_canonical(self, identity):
        server = self.client.get_client_server(identity["identifier"])
        variables = (server.get("relationships") or {}).get("variables") or []
        self._variables[server["identifier"]] = dict((v["env_variable"], v) for v in variables)
        return {
            "identifier": server["identifier"],
            "uuid": server["uuid"],
            "name": server["name"],
            "external_id": identity.get("external_id"),
            "description": server.get("description") or "",
            "docker_image": server["docker_image"],
            "environment": dict((v["env_variable"], _env_string(v["server_value"] if v["server_value"] is not None
                                                                else v["default_value"])) for v in variables),
            "limits": dict(server["limits"]),
            "feature_limits": dict(server["feature_limits"]),
            "node": server["node"],
            "suspended": bool(server.get("is_suspended")),
            "status": server.get("status"),
        }

    def prepare_many(self, desired):
        # no owners to resolve without the application API
        return Adapter.prepare_many(self, desired)

    def prepare(self, desired):
        unsupported = sorted(set(desired) - CLIENT_MODE_FIELDS - {"deployment", "allocation"})
        if unsupported or "deployment" in desired or "allocation" in desired:
            option = (unsupported or [o for o in ("deployment", "allocation") if o in desired])[0]
            raise ReconcileError("needs api_key (an application key); with only client_api_key the server module can "
                                 "change name, description, docker_image, environment and power_state of an existing server",
                                 option=option)
        if "environment" in desired:
            desired["environment"] = dict((k, _env_string(v)) for k, v in desired["environment"].items())
        if self.key != "external_id" and "external_id" in desired:
            raise ReconcileError("can only identify the server (match_on=external_id) without api_key", option="external_id")
        self._prepare_power(desired)
        return desired

    def validate(self, desired, current):
        if current is None:
            raise ReconcileError("no server with %s %r that the client key may see; creating one needs api_key"
                                 % (self.key, desired.get(self.key)), option=self.key)
        variables = self._variables[current["identifier"]]
        for name in sorted(desired.get("environment") or {}):
            variable = variables.get(name)
            if variable is None:
                raise ReconcileError("%r is not a startup variable users may see on this server (visible: %s)"
                                     % (name, ", ".join(sorted(variables)) or "none"), option="environment.%s" % name)
            value = desired["environment"][name]
            if not variable["is_editable"] and value != current["environment"].get(name):
                raise ReconcileError("%r is read-only for users of this server" % name, option="environment.%s" % name)
            check_variable(variable, value)

    def create(self, desired):
        raise ReconcileError("creating a server needs api_key", option="api_key")

    def update(self, current, desired, changed):
        identifier = current["identifier"]
        changed = set(changed)
        if changed & {"name", "description"}:
            self.client.rename_server(identifier, desired["name"], desired.get("description") or "")
        if "docker_image" in changed:
            self.client.set_docker_image(identifier, desired["docker_image"])
        if "environment" in changed:
            # one request per variable whose value differs
            for name, value in sorted(desired["environment"].items()):
                if current["environment"].get(name) != value:
                    self.client.set_startup_variable(identifier, name, value)
        if "power_state" in changed:
            self._send_power(current, self._signals[desired.get(self.key)])
        result = self._client_canonical({"identifier": identifier, "external_id": current.get("external_id")})
        if "power_state" in desired:
            result["power_state"] = "started" if desired["power_state"] in ("started", "restarted") else "stopped"
        return result

    def delete(self, current):
        raise ReconcileError("deleting a server needs api_key", option="api_key")


def check_variable(variable, value):
    """Fail, naming the option, when ``value`` breaks the egg variable's validation rules."""
    problems = egg_variable_rules.check(value, variable["rules"])
    if problems:
        name = variable["env_variable"]
        raise ReconcileError("value %r for %s (%s) %s (egg rule: %s)" % (
            value, name, variable["name"], "; ".join(problems), variable["rules"]), option="environment.%s" % name)


def _suspension(server, suspended):
    """``server`` (panel form) as the suspend/unsuspend routes leave it: they answer 204 and set
    only the status (suspended, or none)."""
    return dict(server, status="suspended" if suspended else None, suspended=bool(suspended))


def _daemon_hint(exc):
    """A panel error on a Wings-backed call, with what it usually means."""
    if exc.code == "DaemonConnectionException":
        return "the node running it cannot be reached (HTTP %s: %s)" % (exc.status, exc.message)
    return "HTTP %s: %s" % (exc.status, exc.message)


def _env_string(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def _default_image(egg):
    images = egg.get("docker_images") or {}
    return egg.get("docker_image") or (list(images.values())[0] if images else "")
