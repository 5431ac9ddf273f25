# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the fault-injection suite converges on each panel, and how it reads the result.

A scenario alternates two generations of declared state, A and B, so that
every run has creates, updates and deletes of every kind the panel's
modules converge. It reads the simulator's own state (not the API) to find
duplicates, lost objects and the exact declared state. A new panel is a
new :class:`Scenario` subclass in :data:`SCENARIOS` and a three-line
test_soak_<panel>.py (so the panels' series run side by side); the suite
itself does not change.
"""
from __future__ import annotations

import json

GENERATIONS = ("A", "B")


class Scenario:
    """One panel's converge under faults. Subclasses fill in every method."""

    #: ``panel_type`` of the panel
    panel = None

    def start(self):
        """A started simulator (with ``chaos``), prepared for the series."""
        raise NotImplementedError

    def environment(self, sim):
        """Environment variables for ansible-playbook (connection settings)."""
        raise NotImplementedError

    def tasks(self, generation):
        """The converge playbook's tasks (YAML) for ``generation``."""
        raise NotImplementedError

    def declared(self, generation):
        """``{(kind, identity): fields}`` of every object ``generation`` declares present."""
        raise NotImplementedError

    def snapshot(self, sim):
        """``{(kind, identity): [fields, ...]}`` of the objects the scenario manages, as the panel holds them.

        More than one entry under an identity is a duplicate.
        """
        raise NotImplementedError

    def secrets(self, sim):
        """Strings that must never appear in a run's output (keys, passwords, session tokens the panel issued)."""
        raise NotImplementedError

    def writes(self, sim):
        """``[(method, path)]`` of the requests in the simulator's log that change what the modules manage."""
        return [(r.method, r.path) for r in sim.writes()]


def _loop(items):
    return json.dumps(items, sort_keys=True)


class PterodactylScenario(Scenario):
    """Users, servers, and on one server its schedules (with tasks), subusers and backups."""

    panel = "pterodactyl"
    MANAGED = "soak-"
    USERS = {"A": {"soak-keep": "Alpha", "soak-a": "Alpha"}, "B": {"soak-keep": "Beta", "soak-b": "Beta"}}
    SERVERS = {"A": {"soak-srv-keep": 1024, "soak-srv-a": 512}, "B": {"soak-srv-keep": 1536, "soak-srv-b": 512}}
    SCHEDULES = {
        "A": {"soak-nightly": ("0 4 * * *", [("command", "say nightly"), ("backup", "")]),
              "soak-weekly-a": ("0 6 * * 1", [("power", "restart")])},
        "B": {"soak-nightly": ("30 5 * * *", [("command", "say bye")]),
              "soak-weekly-b": ("0 7 * * 0", [("command", "save-all"), ("power", "restart")])},
    }
    SUBUSERS = {"A": {"soak-keep@soak.test": ["control.console"], "soak-a@soak.test": ["control.console"]},
                "B": {"soak-keep@soak.test": ["control.console", "control.start"], "soak-b@soak.test": ["file.read"]}}
    BACKUPS = {"A": {"soak-keep": True, "soak-a": False}, "B": {"soak-keep": False, "soak-b": False}}

    def start(self):
        from tests.simulators.pterodactyl import PterodactylSimulator

        sim = PterodactylSimulator()
        sim.backup_throttle = None  # 2 backups per 10 minutes would throttle a series that creates one every run
        sim.start()
        sim.add_user("soak-owner", email="soak-owner@soak.test")
        return sim

    def environment(self, sim):
        from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

        return {"GAMEOPS_PANEL_TYPE": "pterodactyl", "GAMEOPS_PANEL_URL": sim.url,
                "GAMEOPS_API_KEY": DEFAULT_APP_KEY, "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY}

    def secrets(self, sim):
        from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

        return [DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY]

    @staticmethod
    def _other(generation):
        return "B" if generation == "A" else "A"

    def tasks(self, generation):
        other = self._other(generation)
        users = [{"username": u, "first_name": f, "state": "present"} for u, f in sorted(self.USERS[generation].items())]
        users += [{"username": u, "state": "absent"} for u in sorted(set(self.USERS[other]) - set(self.USERS[generation]))]
        servers = [{"id": s, "memory": m, "state": "present"} for s, m in sorted(self.SERVERS[generation].items())]
        servers += [{"id": s, "state": "absent"} for s in sorted(set(self.SERVERS[other]) - set(self.SERVERS[generation]))]
        schedules = [{"name": n, "cron": c, "tasks": [{"action": a, "payload": p} for a, p in t], "state": "present"}
                     for n, (c, t) in sorted(self.SCHEDULES[generation].items())]
        schedules += [{"name": n, "state": "absent"}
                      for n in sorted(set(self.SCHEDULES[other]) - set(self.SCHEDULES[generation]))]
        subusers = [{"email": e, "permissions": p, "state": "present"} for e, p in sorted(self.SUBUSERS[generation].items())]
        subusers += [{"email": e, "state": "absent"}
                     for e in sorted(set(self.SUBUSERS[other]) - set(self.SUBUSERS[generation]))]
        backups = [{"name": n, "state": "locked" if locked else "unlocked"}
                   for n, locked in sorted(self.BACKUPS[generation].items())]
        backups += [{"name": n, "state": "absent"} for n in sorted(set(self.BACKUPS[other]) - set(self.BACKUPS[generation]))]
        return """
- name: users
  gameops.panels.user:
    username: "{{ item.username }}"
    email: "{{ item.username }}@soak.test"
    first_name: "{{ item.first_name | default(omit) }}"
    last_name: Soak
    state: "{{ item.state }}"
  loop: %s
- name: servers
  gameops.panels.server:
    match_on: external_id
    external_id: "{{ item.id }}"
    name: "{{ item.id }}"
    owner: soak-owner
    egg: Paper
    nest: Minecraft
    limits: {memory: "{{ item.memory | default(omit) }}", disk: 4096}
    feature_limits: {backups: 5, databases: 0, allocations: 1}
    deployment: {locations: [eu-west]}
    force: true
    state: "{{ item.state }}"
  loop: %s
- name: schedules
  gameops.panels.schedule:
    server_external_id: soak-srv-keep
    name: "{{ item.name }}"
    cron: "{{ item.cron | default(omit) }}"
    tasks: "{{ item.tasks | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: subusers
  gameops.panels.subuser:
    server_external_id: soak-srv-keep
    email: "{{ item.email }}"
    permissions: "{{ item.permissions | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: backups
  gameops.panels.backup:
    server_external_id: soak-srv-keep
    name: "{{ item.name }}"
    state: "{{ item.state }}"
    force: true
  loop: %s
""" % (_loop(users), _loop(servers), _loop(schedules), _loop(subusers), _loop(backups))

    def declared(self, generation):
        out = {}
        for username, first_name in self.USERS[generation].items():
            out[("user", username)] = {"first_name": first_name}
        for external_id, memory in self.SERVERS[generation].items():
            out[("server", external_id)] = {"name": external_id, "memory": memory}
        for name, (cron, tasks) in self.SCHEDULES[generation].items():
            out[("schedule", name)] = {"cron": cron, "tasks": [list(t) for t in tasks]}
        for email, permissions in self.SUBUSERS[generation].items():
            out[("subuser", email)] = {"permissions": sorted(set(permissions) | {"websocket.connect"})}
        for name, locked in self.BACKUPS[generation].items():
            out[("backup", name)] = {"locked": locked}
        return out

    def snapshot(self, sim):
        state = sim.state
        out = {}

        def add(kind, identity, fields):
            out.setdefault((kind, identity), []).append(fields)

        with state.lock:
            users = dict((u["id"], u) for u in state.users.values())
            for user in users.values():
                if user["username"].startswith(self.MANAGED) and user["username"] != "soak-owner":
                    add("user", user["username"], {"first_name": user["name_first"]})
            keep = None
            names = {}
            for server in state.servers.values():
                if not (server["name"] or "").startswith(self.MANAGED):
                    continue
                names.setdefault(server["name"], []).append(server)
                add("server", server["external_id"], {"name": server["name"], "memory": server["memory"]})
                if server["external_id"] == "soak-srv-keep":
                    keep = server
            for name, same in names.items():
                if len(same) > 1:  # one name, several servers: a duplicate even if the external ids differ
                    add("server-name", name, {})
                    add("server-name", name, {})
            if keep is None:
                return out
            for schedule in state.schedules.values():
                if schedule["server_id"] != keep["id"]:
                    continue
                tasks = sorted((t for t in state.tasks.values() if t["schedule_id"] == schedule["id"]),
                               key=lambda t: t["sequence_id"])
                cron = " ".join(str(schedule["cron_%s" % f]) for f in ("minute", "hour", "day_of_month", "month",
                                                                       "day_of_week"))
                add("schedule", schedule["name"], {"cron": cron, "tasks": [[t["action"], t["payload"] or ""] for t in tasks]})
            for subuser in state.subusers.values():
                if subuser["server_id"] == keep["id"] and subuser["user_id"] in users:
                    add("subuser", users[subuser["user_id"]]["email"], {"permissions": sorted(subuser["permissions"])})
            for backup in state.backups.values():
                failed = backup["completed_at"] is not None and not backup["is_successful"]
                if backup["server_id"] == keep["id"] and backup.get("deleted_at") is None and not failed:
                    add("backup", backup["name"], {"locked": bool(backup["is_locked"])})
        return out


SCENARIOS = {"pterodactyl": PterodactylScenario}


def _present_absent(declared, other, key):
    """Loop items: every object of ``declared`` (dicts with ``key``) present, then those only ``other`` has absent."""
    names = set(item[key] for item in declared)
    return ([dict(item, state="present") for item in declared]
            + [{key: item[key], "state": "absent"} for item in other if item[key] not in names])


class CraftyScenario(Scenario):
    """Servers, roles, users, and on one server its backup configurations, schedules (with chained tasks) and webhooks."""

    panel = "crafty"
    MANAGED = "soak-"
    USER_PASSWORD = "Soak-User-Passw0rd"
    HOOK = "https://discord.example/api/webhooks/1/%s"
    SERVERS = {"A": {"soak-srv-keep": True, "soak-srv-a": False}, "B": {"soak-srv-keep": False, "soak-srv-b": False}}
    ROLES = {"A": {"soak-role-keep": ["commands", "logs"], "soak-role-a": ["logs"]},
             "B": {"soak-role-keep": ["commands", "logs", "schedule"], "soak-role-b": ["logs"]}}
    USERS = {"A": {"soak_keep": ("keep-a@soak.test", "soak-role-keep"), "soak_a": ("a@soak.test", "soak-role-a")},
             "B": {"soak_keep": ("keep-b@soak.test", "soak-role-keep"), "soak_b": ("b@soak.test", "soak-role-b")}}
    BACKUPS = {"A": {"soak-cfg-keep": 3, "soak-cfg-a": 1}, "B": {"soak-cfg-keep": 5, "soak-cfg-b": 1}}
    # (cron, [(action, payload, time_offset)]); a chain of tasks is several rows on Crafty
    SCHEDULES = {
        "A": {"soak-nightly": ("0 4 * * *", [("command", "say nightly", 0), ("backup", "soak-cfg-keep", 30)]),
              "soak-weekly-a": ("0 6 * * 1", [("power", "restart", 0)])},
        "B": {"soak-nightly": ("30 5 * * *", [("command", "say bye", 0)]),
              "soak-weekly-b": ("0 7 * * 0", [("command", "save-all", 0), ("power", "restart", 10)])},
    }
    WEBHOOKS = {"A": {"soak-hook-keep": ["stop_server"], "soak-hook-a": ["start_server"]},
                "B": {"soak-hook-keep": ["crash_detected", "stop_server"], "soak-hook-b": ["kill"]}}

    def start(self):
        from tests.simulators.crafty import CraftySimulator

        sim = CraftySimulator(version="4.4.8")
        sim.start()
        return sim

    def environment(self, sim):
        return dict(sim.connection_env(), SOAK_USER_PASSWORD=self.USER_PASSWORD)

    def secrets(self, sim):
        from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD

        return [DEFAULT_ADMIN_PASSWORD, self.USER_PASSWORD] + list(sim.state.issued_tokens)

    def writes(self, sim):
        # a login (the session every task opens) changes nothing the modules manage
        return [(r.method, r.path) for r in sim.writes() if r.path.rstrip("/") != "/api/v2/auth/login"]

    def tasks(self, generation):
        other = "B" if generation == "A" else "A"

        def items(table, build):
            return _present_absent([build(k, v) for k, v in sorted(table[generation].items())],
                                   [build(k, v) for k, v in sorted(table[other].items())], "name")

        servers = items(self.SERVERS, lambda n, crash: {"name": n, "crash_detection": crash})
        roles = items(self.ROLES, lambda n, perms: {"name": n, "permissions": perms})
        users = items(self.USERS, lambda n, v: {"name": n, "email": v[0], "roles": [v[1]]})
        backups = items(self.BACKUPS, lambda n, keep: {"name": n, "max_backups": keep})
        schedules = items(self.SCHEDULES, lambda n, v: {"name": n, "cron": v[0], "tasks": [
            {"action": a, "payload": p, "time_offset": t} for a, p, t in v[1]]})
        # schedules going away first: Crafty gives a new schedule the highest live id + 1, so creating before
        # deleting would move every run's rows two ids up, past the long-lived soak-nightly at id 1, until the
        # run of deleted ids between them outgrows scan_gap (the documented limit of the id scan, tested on its
        # own in test_crafty_schedule_scan.py); this series is about faults
        schedules.sort(key=lambda item: item["state"] != "absent")
        webhooks = items(self.WEBHOOKS, lambda n, triggers: {"name": n, "triggers": triggers})
        return """
- name: servers
  gameops.panels.server:
    name: "{{ item.name }}"
    jar: {type: paper, version: "1.21.1"}
    memory: {min: 1, max: 2}
    accept_eula: true
    crash_detection: "{{ item.crash_detection | default(omit) }}"
    delete_files: true
    state: "{{ item.state }}"
  loop: %s
- name: roles
  gameops.panels.role:
    name: "{{ item.name }}"
    servers: "{{ [{'server': 'soak-srv-keep', 'permissions': item.permissions}] if item.permissions is defined else omit }}"
    state: "{{ item.state }}"
  loop: %s
- name: users
  gameops.panels.user:
    username: "{{ item.name }}"
    password: "{{ lookup('env', 'SOAK_USER_PASSWORD') }}"
    email: "{{ item.email | default(omit) }}"
    roles: "{{ item.roles | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: backups
  gameops.panels.backup:
    server: soak-srv-keep
    name: "{{ item.name }}"
    max_backups: "{{ item.max_backups | default(omit) }}"
    compress: "{{ true if item.state == 'present' else omit }}"
    state: "{{ item.state }}"
  loop: %s
- name: schedules
  gameops.panels.schedule:
    server: soak-srv-keep
    name: "{{ item.name }}"
    cron: "{{ item.cron | default(omit) }}"
    tasks: "{{ item.tasks | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: webhooks
  gameops.panels.webhook:
    server: soak-srv-keep
    name: "{{ item.name }}"
    type: "{{ 'Discord' if item.state == 'present' else omit }}"
    url: "{{ ('%s' %% item.name) if item.state == 'present' else omit }}"
    triggers: "{{ item.triggers | default(omit) }}"
    body: "{{ 'soak event' if item.state == 'present' else omit }}"
    state: "{{ item.state }}"
  loop: %s
""" % (_loop(servers), _loop(roles), _loop(users), _loop(backups), _loop(schedules), self.HOOK, _loop(webhooks))

    def declared(self, generation):
        out = {}
        for name, crash in self.SERVERS[generation].items():
            out[("server", name)] = {"crash_detection": crash}
        for name, permissions in self.ROLES[generation].items():
            out[("role", name)] = {"servers": {"soak-srv-keep": sorted(permissions)}}
        for name, (email, role) in self.USERS[generation].items():
            out[("user", name)] = {"email": email, "roles": [role]}
        for name, keep in self.BACKUPS[generation].items():
            out[("backup", name)] = {"max_backups": keep, "compress": True}
        for name, (cron, tasks) in self.SCHEDULES[generation].items():
            out[("schedule", name)] = {"cron": cron, "tasks": [list(t) for t in tasks]}
        for name, triggers in self.WEBHOOKS[generation].items():
            out[("webhook", name)] = {"url": self.HOOK % name, "triggers": sorted(triggers)}
        return out

    def snapshot(self, sim):
        from tests.simulators.crafty.state import SERVER_PERMISSIONS

        state = sim.state
        out = {}

        def add(kind, identity, fields):
            out.setdefault((kind, identity), []).append(fields)

        with state.lock:
            servers = dict((s["server_id"], s) for s in state.servers.values())
            keep = None
            for server in servers.values():
                if server["server_name"].startswith(self.MANAGED):
                    add("server", server["server_name"], {"crash_detection": server["crash_detection"]})
                    if server["server_name"] == "soak-srv-keep":
                        keep = server["server_id"]
            roles = {}
            for role in state.roles.values():
                if role["role_name"].startswith(self.MANAGED):
                    roles[role["role_id"]] = role["role_name"]
                    links = dict((servers[r["server_id"]]["server_name"] if r["server_id"] in servers else r["server_id"],
                                  sorted(name.lower() for bit, name in zip(r["permissions"], SERVER_PERMISSIONS)
                                         if bit == "1"))
                                 for r in state.role_servers if r["role_id"] == role["role_id"])
                    add("role", role["role_name"], {"servers": links})
            for user in state.users.values():
                if user["username"].startswith("soak_"):
                    add("user", user["username"], {"email": user["email"], "roles": [
                        roles.get(role_id, role_id) for role_id in state.user_role_ids(user["user_id"])]})
            configs = {}
            for config in state.backups.values():
                if str(config["server_id"]) == str(keep):
                    configs[config["backup_id"]] = config["backup_name"]
                    if config["backup_name"].startswith(self.MANAGED):
                        add("backup", config["backup_name"], {"max_backups": config["max_backups"],
                                                              "compress": config["compress"]})
            rows = [r for r in state.schedules.values() if str(r["server_id"]) == str(keep)]
            by_parent = {}
            for row in rows:
                by_parent.setdefault(row["parent"], []).append(row)

            def task(row):
                command = row["command"]
                if command == "backup_server":
                    return ["backup", configs.get(row.get("action_id"), row.get("action_id")), row["delay"]]
                if command.endswith("_server"):
                    return ["power", command[:-len("_server")], row["delay"]]
                return ["command", command, row["delay"]]

            chained = set()
            for root in rows:
                if root["interval_type"] == "reaction":
                    continue
                chain, link = [task(root)], root
                chained.add(root["schedule_id"])
                while by_parent.get(link["schedule_id"]):
                    children = by_parent[link["schedule_id"]]
                    if len(children) > 1:  # a task chained twice: a duplicate link
                        add("schedule-link", link["name"], {})
                        add("schedule-link", link["name"], {})
                    link = min(children, key=lambda r: r["schedule_id"])
                    chained.add(link["schedule_id"])
                    chain.append(task(link))
                add("schedule", root["name"], {"cron": root["cron_string"], "tasks": chain})
            for row in rows:
                if row["schedule_id"] not in chained:  # a reaction whose parent is gone
                    add("schedule-orphan", row["name"], {})
            for hook in state.webhooks.values():
                if str(hook["server_id"]) == str(keep) and hook["name"].startswith(self.MANAGED):
                    add("webhook", hook["name"], {"url": hook["url"],
                                                  "triggers": sorted(t for t in hook["trigger"].split(",") if t)})
        return out


SCENARIOS["crafty"] = CraftyScenario


class AMPScenario(Scenario):
    """Instances, roles, users, and on one instance its schedules, webhooks and backups."""

    panel = "amp"
    USER_PASSWORD = "Soak-User-Passw0rd"
    HOOK = "https://discord.example.com/api/webhooks/1/%s"
    JOIN = "A player joins the server"
    LEAVE = "A player leaves the server"
    INSTANCES = {"A": {"SoakKeep01": "Soak keep A", "SoakA01": "Soak A"},
                 "B": {"SoakKeep01": "Soak keep B", "SoakB01": "Soak B"}}
    ROLES = {"A": {"SoakKeep": {"Core.UserManagement.ViewUserInfo": "allow"},
                   "SoakA": {"Core.AuditLog.ViewAuditLog": "allow"}},
             "B": {"SoakKeep": {"Core.UserManagement.ViewUserInfo": "deny"},
                   "SoakB": {"Core.AuditLog.ViewAuditLog": "allow"}}}
    USERS = {"A": {"soak_keep": ("keep-a@soak.test", "SoakKeep"), "soak_a": ("a@soak.test", "SoakA")},
             "B": {"soak_keep": ("keep-b@soak.test", "SoakKeep"), "soak_b": ("b@soak.test", "SoakB")}}
    # name -> (hours, minutes, [(method, parameters)])
    SCHEDULES = {
        "A": {"soak-nightly": ([4], [0], [("Event.MinecraftModule.SendConsole", {"Input": "say nightly"})]),
              "soak-weekly-a": ([6], [15], [("Event.MinecraftModule.Restart", {})])},
        "B": {"soak-nightly": ([5], [30], [("Event.CommonCorePlugin.Wait", {"Seconds": "30"}),
                                           ("Event.MinecraftModule.Restart", {})]),
              "soak-weekly-b": ([7], [45], [("Event.MinecraftModule.SendConsole", {"Input": "save-all"})])},
    }
    # (event, url name) -> body
    WEBHOOKS = {"A": {(JOIN, "keep"): "{@User} joined", (LEAVE, "a"): "{@User} left"},
                "B": {(JOIN, "keep"): "{@User} is here", (LEAVE, "b"): "{@User} left"}}
    # name -> locked
    BACKUPS = {"A": {"soak-keep": True, "soak-a": False}, "B": {"soak-keep": False, "soak-b": False}}

    def start(self):
        from tests.simulators.amp import AMPSimulator

        sim = AMPSimulator()
        sim.start()
        return sim

    def environment(self, sim):
        return dict(sim.connection_env(), SOAK_USER_PASSWORD=self.USER_PASSWORD)

    def secrets(self, sim):
        from tests.simulators.amp.state import DEFAULT_ADMIN_PASSWORD

        with sim.state.lock:
            sessions = [s for process in sim.state.processes() for s in process.sessions]
        return [DEFAULT_ADMIN_PASSWORD, self.USER_PASSWORD] + sessions + list(sim.state.remember_tokens)

    def writes(self, sim):
        return [("POST", "%s (%s)" % (r.call, r.instance_name or "ADS")) for r in sim.writes()]

    def tasks(self, generation):
        other = "B" if generation == "A" else "A"

        def items(table, build, key="name"):
            return _present_absent([build(k, v) for k, v in sorted(table[generation].items())],
                                   [build(k, v) for k, v in sorted(table[other].items())], key)

        instances = items(self.INSTANCES, lambda n, friendly: {"name": n, "friendly_name": friendly})
        roles = items(self.ROLES, lambda n, nodes: {"name": n, "permissions": nodes})
        users = items(self.USERS, lambda n, v: {"name": n, "email": v[0], "roles": [v[1]]})
        schedules = items(self.SCHEDULES, lambda n, v: {"name": n, "timing": {"hours": v[0], "minutes": v[1]}, "tasks": [
            {"method": m, "parameters": p} for m, p in v[2]]})
        webhooks = items(self.WEBHOOKS, lambda k, body: {"id": "%s -> %s" % (k[0], self.HOOK % k[1]), "event": k[0],
                                                         "url": self.HOOK % k[1], "body": body}, key="id")
        backups = items(self.BACKUPS, lambda n, locked: {"name": n, "locked": locked})
        return """
- name: instances
  gameops.panels.server:
    name: "{{ item.name }}"
    module: Minecraft
    friendly_name: "{{ item.friendly_name | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: roles
  gameops.panels.role:
    name: "{{ item.name }}"
    permissions: "{{ item.permissions | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: users
  gameops.panels.user:
    username: "{{ item.name }}"
    password: "{{ lookup('env', 'SOAK_USER_PASSWORD') }}"
    email: "{{ item.email | default(omit) }}"
    roles: "{{ item.roles | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: schedules
  gameops.panels.schedule:
    server: SoakKeep01
    name: "{{ item.name }}"
    timing: "{{ item.timing | default(omit) }}"
    tasks: "{{ item.tasks | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: webhooks
  gameops.panels.webhook:
    server: SoakKeep01
    triggers: ["{{ item.id.split(' -> ')[0] }}"]
    url: "{{ item.id.split(' -> ')[1] }}"
    type: "{{ 'Discord' if item.state == 'present' else omit }}"
    body: "{{ item.body | default(omit) }}"
    state: "{{ item.state }}"
  loop: %s
- name: backups
  gameops.panels.backup:
    server: SoakKeep01
    name: "{{ item.name }}"
    state: "{{ ('locked' if item.locked else 'unlocked') if item.state == 'present' else 'absent' }}"
    force: true
  loop: %s
""" % (_loop(instances), _loop(roles), _loop(users), _loop(schedules), _loop(webhooks), _loop(backups))

    def declared(self, generation):
        out = {}
        for name, friendly in self.INSTANCES[generation].items():
            out[("instance", name)] = {"friendly_name": friendly}
        for name, nodes in self.ROLES[generation].items():
            out[("role", name)] = {"permissions": dict((n, s == "allow") for n, s in nodes.items())}
        for name, (email, role) in self.USERS[generation].items():
            out[("user", name)] = {"email": email, "roles": [role]}
        for name, (hours, minutes, tasks) in self.SCHEDULES[generation].items():
            out[("schedule", name)] = {"hours": hours, "minutes": minutes, "tasks": [[m, p] for m, p in tasks]}
        for (event, url), body in self.WEBHOOKS[generation].items():
            out[("webhook", "%s -> %s" % (event, self.HOOK % url))] = {"body": body}
        for name, locked in self.BACKUPS[generation].items():
            out[("backup", name)] = {"locked": locked}
        return out

    def snapshot(self, sim):
        state = sim.state
        out = {}

        def add(kind, identity, fields):
            out.setdefault((kind, identity), []).append(fields)

        with state.lock:
            keep = None
            for instance in state.instances.values():
                if instance.instance_name.startswith("Soak"):
                    add("instance", instance.instance_name, {"friendly_name": instance.friendly_name})
                    if instance.instance_name == "SoakKeep01":
                        keep = instance
            roles = {}
            for role in state.roles.values():
                if role.name.startswith("Soak"):
                    roles[role.id] = role.name
                    add("role", role.name, {"permissions": dict(state.ads.role_permissions.get(role.id, {}))})
            for user in state.users.values():
                if user.name.startswith("soak_"):
                    add("user", user.name, {"email": user.email, "roles": [roles.get(r, r) for r in user.roles]})
            if keep is None:
                return out
            for trigger in keep.triggers:
                if trigger.kind == "interval" and trigger.description.startswith("soak-"):
                    add("schedule", trigger.description, {"hours": trigger.hours, "minutes": trigger.minutes, "tasks": [
                        [t.method_id, dict(t.mapping)] for t in trigger.tasks]})
                elif trigger.kind == "event":
                    for task in trigger.tasks:
                        url = task.mapping.get("WebhookURL") or task.mapping.get("URI")
                        if url and url.startswith(self.HOOK % ""):
                            add("webhook", "%s -> %s" % (trigger.description, url), {"body": task.mapping.get("Contents")})
            for backup in keep.backups:
                if backup.name.startswith("soak-"):
                    add("backup", backup.name, {"locked": backup.sticky})
        return out


SCENARIOS["amp"] = AMPScenario
