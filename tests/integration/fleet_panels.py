# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated panels for the inventory and fleet tests, one small class per panel type.

Each class starts its simulator and offers what the tests need in the panel's own terms: add a
server (running or not), its entry in an inventory configuration (credentials through environment
variables the class names), the power signals its log recorded, and the credentials that must never
show up anywhere.
"""

from __future__ import annotations

import secrets
import time


class PterodactylPanel:
    panel_type = "pterodactyl"
    #: game (egg) names the tests use, by role
    games = {"main": "Paper", "other": "Garrys Mod"}
    #: where servers go, by role: (deployment location, the node it lands on)
    places = {"main": ("eu-west", "node-eu-1"), "other": ("us-east", "node-us-1")}

    def __init__(self, name):
        from tests.simulators.pterodactyl import PterodactylSimulator

        self.name = name
        self.sim = PterodactylSimulator()
        self.sim.start()
        # keys of their own, so a test can tell which panel's secret leaked
        self.api_key = "ptla_" + secrets.token_hex(22)[:43]
        self.sim.add_api_key(self.api_key, user_id=1)
        self.client_api_key = self.sim.add_client_key(user_id=1)

    def stop(self):
        self.sim.stop()

    @property
    def env_prefix(self):
        return "TEST_%s_" % self.name.upper()

    @property
    def env(self):
        return {self.env_prefix + "API_KEY": self.api_key, self.env_prefix + "CLIENT_API_KEY": self.client_api_key}

    @property
    def credentials(self):
        return [self.api_key, self.client_api_key]

    def config_entry(self, vaulted=None):
        """This panel as an entry of ``panels``; ``vaulted`` maps options to ``!vault`` YAML blocks."""
        entry = {
            "name": self.name,
            "panel_type": self.panel_type,
            "panel_url": self.sim.url,
            "api_key": "{{ lookup('ansible.builtin.env', '%sAPI_KEY') }}" % self.env_prefix,
            "client_api_key": "{{ lookup('ansible.builtin.env', '%sCLIENT_API_KEY') }}" % self.env_prefix,
        }
        entry.update(vaulted or {})
        return entry

    def module_credentials(self):
        """What the modules need to act on this panel, as a user keeps it in gameops_credentials."""
        return {"api_key": self.api_key, "client_api_key": self.client_api_key}

    def add_server(self, name, owner, game="main", place="main", running=False, external_id=None,
                   suspended=False, memory=2048):
        from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
        from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import References
        from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.servers import ServerAdapter
        from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler

        if not any(u["username"] == owner for u in self.sim.state.users.values()):
            self.sim.add_user(owner, email="%s@example.test" % owner)
        client = PterodactylClient(self.sim.url, self.api_key)
        adapter = ServerAdapter(client, References(client))
        adapter.list = lambda: []  # names repeat on purpose: always create
        desired = {"name": name, "owner": owner, "egg": self.games[game], "limits": {"memory": memory, "disk": 10240},
                   "deployment": {"locations": [self.places[place][0]]}, "suspended": suspended}
        if external_id:
            desired["external_id"] = external_id
        engine = Reconciler(adapter)
        created = engine.apply(engine.plan(desired=[desired])).changes[0].result
        server = self.sim.state.servers[created["id"]]
        if running:
            # up for an hour: a stale state read shows a long uptime
            self.sim.state.power_states[server["id"]] = {"state": "running", "since": time.time() - 3600}
        self.sim.clear_log()
        return server

    def key_of(self, server):
        """What identifies ``server`` (a simulator record) in the power requests of the log."""
        return server["uuidShort"]

    def key_in_hostvars(self, gameops_server):
        return gameops_server["identifier"]

    def power_signals(self):
        """``(time, server key, signal, status)`` of every power request the panel received."""
        signals = []
        for request in self.sim.requests:
            parts = request.path.strip("/").split("/")
            if request.method == "POST" and parts[:3] == ["api", "client", "servers"] and parts[4:] == ["power"]:
                signals.append((request.timestamp, parts[3], (request.body or {}).get("signal"), request.status))
        return signals

    def state_reads(self):
        """``(time, server key, current_state, uptime ms)`` of every live state read answered."""
        reads = []
        for request in self.sim.requests:
            parts = request.path.strip("/").split("/")
            if request.method == "GET" and parts[4:] == ["resources"] and request.status == 200:
                attributes = request.response["attributes"]
                reads.append((request.timestamp, parts[3], attributes["current_state"],
                              attributes["resources"]["uptime"]))
        return reads

    def fail_power(self, server):
        """Power signals to ``server`` fail with HTTP 500 until ``clear_faults`` (the engine resends a signal
        whose answer was a 500 after reading back, so one fault would be recovered from)."""
        self.sim.inject_fault(status=500, count=50, method="POST",
                              path_prefix="/api/client/servers/%s/power" % server["uuidShort"])

    def set_power_transition(self, seconds, stale_reads=0):
        """Power signals take ``seconds``; the first ``stale_reads`` state reads after one show the state before it."""
        self.sim.power_transition_seconds = seconds
        self.sim.stale_state_reads = stale_reads

    def writes(self):
        return [(r.method, r.path) for r in self.sim.writes()]


class CraftyPanel:
    """Crafty Controller 4.4.8: no nodes, limits, suspension or external ids; servers are typed, not eggs."""

    panel_type = "crafty"
    games = {"main": "minecraft-java", "other": "minecraft-bedrock"}

    def __init__(self, name):
        from tests.simulators.crafty import CraftySimulator

        self.name = name
        self.sim = CraftySimulator(version="4.4.8")
        self.sim.start()
        # an account of its own, so a test can tell which panel's secret leaked
        self.username = "fleet-%s" % name
        self.password = "pw-" + secrets.token_hex(12)
        self.sim.add_user(self.username, self.password, superuser=True)

    def stop(self):
        self.sim.stop()

    @property
    def env_prefix(self):
        return "TEST_%s_" % self.name.upper()

    @property
    def env(self):
        return {self.env_prefix + "PASSWORD": self.password}

    @property
    def credentials(self):
        return [self.password]

    def config_entry(self, vaulted=None):
        entry = {
            "name": self.name,
            "panel_type": self.panel_type,
            "panel_url": self.sim.url,
            "panel_username": self.username,
            "panel_password": "{{ lookup('ansible.builtin.env', '%sPASSWORD') }}" % self.env_prefix,
        }
        entry.update(vaulted or {})
        return entry

    def module_credentials(self):
        return {"panel_username": self.username, "panel_password": self.password}

    def add_server(self, name, owner, game="main", running=False, **_pterodactyl_only):
        """A server on a port of its own (the servers of a Crafty panel share its machine)."""
        port = 25565 + len(self.sim.state.servers)
        if self.sim.state.user_by_name(owner) is None:
            self.sim.add_user(owner, "pw-" + secrets.token_hex(8))
        owner_id = self.sim.state.user_by_name(owner)["user_id"]
        server = self.sim.add_server(name, running=running, server_type=self.games[game], port=port,
                                     created_by=owner_id)
        if running:
            self.sim.state.server_status[server["server_id"]]["started"] = "2026-01-01 00:00:00"
        self.sim.clear_log()
        return server

    def key_of(self, server):
        return str(server["server_id"])

    def _parts(self, request):
        parts = request.path.strip("/").split("/")
        return parts[3] if parts[:3] == ["api", "v2", "servers"] and len(parts) > 3 else None, parts[4:]

    def power_signals(self):
        signals = []
        for request in self.sim.requests:
            key, rest = self._parts(request)
            if request.method == "POST" and key and rest[:1] == ["action"] and rest[1:2] != ["eula"]:
                signals.append((request.timestamp, key, rest[1].replace("_server", ""), request.status))
        return signals

    def state_reads(self):
        reads = []
        for request in self.sim.requests:
            key, rest = self._parts(request)
            if request.method == "GET" and key and rest == ["stats"] and request.status == 200:
                data = request.response["data"]
                reads.append((request.timestamp, key, "running" if data["running"] else "offline", None))
        return reads

    def fail_power(self, server):
        self.sim.inject_fault(status=500, count=50, method="POST",
                              path_prefix="/api/v2/servers/%s/action/" % server["server_id"])

    def set_power_transition(self, seconds, stale_reads=0):
        """Crafty's simulator switches at once; nothing to set."""

    def writes(self):
        return [(r.method, r.path) for r in self.sim.writes() if not r.path.endswith("/auth/login")]


class AMPPanel:
    """CubeCoders AMP: instances on targets (the node), no owners; the power signals are the game's, sent through
    each instance (Core/Restart, ...), and its state reads are the instance's Core/GetStatus."""

    panel_type = "amp"
    #: a Minecraft instance, and a generic one set up for Valheim (grouped as game_valheim)
    games = {"main": ("Minecraft", {}), "other": ("GenericModule", {"GenericModule.Meta.DisplayName": "Valheim"})}
    SIGNALS = {"Core/Start": "start", "Core/Stop": "stop", "Core/Restart": "restart", "Core/Kill": "kill"}

    def __init__(self, name):
        from tests.simulators.amp import AMPSimulator

        self.name = name
        self.sim = AMPSimulator()
        self.sim.start()
        # an account of its own, so a test can tell which panel's secret leaked
        self.username = "fleet-%s" % name
        self.password = "pw-" + secrets.token_hex(12)
        self.sim.add_user(self.username, self.password, roles=["Super Admins"])

    def stop(self):
        self.sim.stop()

    @property
    def env_prefix(self):
        return "TEST_%s_" % self.name.upper()

    @property
    def env(self):
        return {self.env_prefix + "PASSWORD": self.password}

    @property
    def credentials(self):
        return [self.password]

    def config_entry(self, vaulted=None):
        entry = {
            "name": self.name,
            "panel_type": self.panel_type,
            "panel_url": self.sim.url,
            "panel_username": self.username,
            "panel_password": "{{ lookup('ansible.builtin.env', '%sPASSWORD') }}" % self.env_prefix,
        }
        entry.update(vaulted or {})
        return entry

    def module_credentials(self):
        return {"panel_username": self.username, "panel_password": self.password}

    def add_server(self, name, owner=None, game="main", running=False, target=None, **fields):
        """An instance whose AMP process runs; its game is up (Ready, for an hour) when ``running``, else stopped.
        ``owner`` is ignored (AMP instances have none); ``target``: a target's friendly name (default: the ADS)."""
        from tests.simulators.amp.state import APP_STATE

        module, settings = self.games[game]
        if target is not None:
            found = [t for t in self.sim.state.targets if t.friendly_name == target]
            fields["target_id"] = (found[0] if found else self.sim.add_target(target)).instance_id
        instance = self.sim.add_instance(name, module=module, settings=settings,
                                         app_state=APP_STATE["Ready" if running else "Stopped"], **fields)
        if running:
            instance.app_started -= 3600  # up for an hour: a stale state read shows a long uptime
        self.sim.clear_log()
        return instance

    def key_of(self, server):
        return server.id

    def key_in_hostvars(self, gameops_server):
        return gameops_server["id"]

    def power_signals(self):
        return [(r.timestamp, r.instance, self.SIGNALS[r.call], r.status) for r in self.sim.requests
                if r.instance and r.call in self.SIGNALS]

    def state_reads(self):
        from ansible_collections.gameops.panels.plugins.module_utils.amp.inventory import uptime_ms

        reads = []
        for r in self.sim.requests:
            if r.instance and r.call == "Core/GetStatus" and isinstance(r.response, dict) and "State" in r.response:
                state = "running" if r.response["State"] == 20 else "offline"
                reads.append((r.timestamp, r.instance, state, uptime_ms(r.response["Uptime"])))
        return reads

    def set_power_transition(self, seconds, stale_reads=0):
        """AMP's simulator switches at once; nothing to set."""

    def writes(self):
        return [(r.method, r.call, r.instance_name) for r in self.sim.writes()]
