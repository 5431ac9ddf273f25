# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the fault-injection suite converges on each panel, and how it reads the result.

A scenario alternates two generations of declared state, A and B, so that
every run has creates, updates and deletes of every kind the panel's
modules converge. It reads the simulator's own state (not the API) to find
duplicates, lost objects and the exact declared state. A new panel is a
new :class:`Scenario` subclass in :data:`SCENARIOS`; the suite itself does
not change.
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
