# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.apply and export on CubeCoders AMP: a whole panel (users, roles, instances and what lives in
them) as one document, against the AMP simulator.

AMP's reads are POSTs too, so "zero writes" is the simulator's own notion (``sim.writes()``: every API
method outside its read-only list, whatever its outcome). Four playbook runs share one simulator pair:
the plan on an empty panel, the converge (with a second run, an export and the export applied, all
in one playbook split by the simulator's clear-log), purge per kind, and an export reproduced on an
empty panel.
"""

from __future__ import annotations

import pytest

from tests.integration.amp_helpers import write_calls
from tests.integration.harness import run_playbook

JOIN = "A player joins the server"
HOOK = "https://discord.example.com/api/webhooks/1/abc"
MOTD = "MinecraftModule.Game.MOTD"

DOCUMENT = """
      servers:
        - name: Survival01
          friendly_name: Survival
          module: Minecraft
          description: the survival world
          instance_running: true
          settings: {%(motd)s: Welcome}
          schedules:
            - name: Nightly restart
              timing: {hours: [4], minutes: [0]}
              tasks:
                - {method: Event.CommonCorePlugin.Wait, parameters: {Seconds: 60}}
                - {method: Event.MinecraftModule.Restart}
          webhooks:
            - {triggers: ["%(join)s"], url: "%(hook)s", type: Discord, body: "{@User} joined"}
          backups:
            - {name: first, state: locked}
        - name: Creative01
          module: Minecraft
          instance_running: true
          schedules:
            - {name: Hourly save, timing: {minutes: [0]}, tasks: [{method: Event.MinecraftModule.SendConsole,
                                                                    parameters: {Input: save-all}}]}
      roles:
        - name: Moderators
          permissions: {Core.UserManagement.ViewUserInfo: allow}
          instance_permissions:
            Survival01: {Core.AppManagement.StartApplication: allow}
      users:
        - {username: admin, email: admin@example.com, roles: [Super Admins]}
        - {username: alice, password: "Alice-Passw0rd!", email: alice@example.com, roles: [Moderators]}
        - {username: bob, password: "Bob-Passw0rd!", email: bob@example.com, enabled: false}
""" % {"join": JOIN, "hook": HOOK, "motd": MOTD}

APPLY = """
- name: apply
  gameops.panels.apply:
    document:%s
    purge: PURGE
""" % DOCUMENT

CLEAR_LOG = """
- name: clear the simulator's request log
  ansible.builtin.uri:
    url: "{{ lookup('env', 'GAMEOPS_PANEL_URL') }}/__sim/clear-log"
    method: POST
    status_code: 204
"""

CONVERGE = APPLY.replace("PURGE", "[]") + CLEAR_LOG + APPLY.replace("PURGE", "[]").replace(
    "name: apply", "name: apply again") + """
- name: export
  gameops.panels.export:
  register: exported
- name: apply the export
  gameops.panels.apply:
    document: "{{ exported.document }}"
"""

BAD = """
- name: a webhook with two events
  gameops.panels.apply:
    document:
      servers:
        - name: Survival01
          module: Minecraft
          webhooks:
            - {triggers: ["%s", "The server stops"], url: "%s", type: Discord}
  ignore_errors: true
""" % (JOIN, HOOK)


@pytest.fixture(scope="module")
def panels():
    """Panel A (the document converged on it by the first tests) and an empty panel B."""
    from tests.simulators.amp import AMPSimulator

    made = [AMPSimulator(), AMPSimulator()]
    for sim in made:
        sim.start()
    try:
        yield made
    finally:
        for sim in made:
            sim.stop()


def test_check_mode_on_an_empty_amp_panel_plans_the_document_with_its_references_and_writes_nothing(panels, tmp_path):
    sim = panels[0]
    run = run_playbook(sim, tmp_path, BAD + APPLY.replace("PURGE", "[]"), check=True, diff=True)
    assert run.rc == 0, run
    bad = run.task("a webhook with two events")
    assert bad["failed"] and bad["path"] == "servers[0].webhooks[0].triggers", bad
    assert "must name exactly one event on CubeCoders AMP" in bad["msg"]
    plan = run.task("apply")
    # the role grants an instance, the user holds the role: none exists yet, all resolved from the document
    assert "warnings" not in plan, plan.get("warnings")
    assert plan["summary_text"] == "Plan: 9 to add, 0 to change, 0 to destroy.", plan["summary_text"]
    assert [(r["kind"], r["path"]) for r in plan["plan"]] == [
        ("server", "servers[0]"), ("server", "servers[1]"), ("backup", "servers[0].backups[0]"),
        ("schedule", "servers[0].schedules[0]"), ("webhook", "servers[0].webhooks[0]"),
        ("schedule", "servers[1].schedules[0]"),
        ("role", "roles[0]"), ("user", "users[1]"), ("user", "users[2]")]
    assert [r["action"] for r in plan["plan"] if r["kind"] == "user"] == ["create", "create"]
    assert plan["unchanged"] == {"users": 1}
    assert "Alice-Passw0rd!" not in run.output
    assert write_calls(sim) == []


def test_an_amp_document_converges_then_changes_nothing_and_its_export_applies_as_a_no_op(panels, tmp_path):
    sim = panels[0]
    run = run_playbook(sim, tmp_path, CONVERGE, diff=True)
    assert run.rc == 0, run
    first = run.task("apply")
    assert first["summary_text"] == "Apply complete! Resources: 9 added, 0 changed, 0 destroyed.", first
    state = sim.state
    survival = [i for i in state.instances.values() if i.instance_name == "Survival01"][0]
    assert survival.settings[MOTD] == "Welcome" and survival.running
    moderators = [r for r in state.roles.values() if r.name == "Moderators"][0]
    assert survival.role_permissions[moderators.id] == {"Core.AppManagement.StartApplication": True}
    alice = state.user_by_name("alice")
    assert moderators.id in alice.roles and state.user_by_name("bob").disabled
    # the second run, the export and the export applied: nothing written
    assert run.task("apply again")["changed"] is False and run.task("apply the export")["changed"] is False
    assert run.task("apply again")["summary_text"] == "No changes. The panel matches the document (10 objects)."
    assert write_calls(sim) == []
    exported = run.task("export")["document"]
    assert [s["name"] for s in exported["servers"]] == ["Survival01", "Creative01"]
    assert [w["url"] for w in exported["servers"][0]["webhooks"]] == [HOOK]
    assert exported["servers"][0]["schedules"][0]["timing"]["hours"] == [4]
    assert [u["password"] for u in exported["users"] if u["username"] == "alice"] == ["<secret: not exported>"]
    assert "Alice-Passw0rd!" not in run.output


def test_purge_on_amp_removes_only_the_kinds_it_names(panels, tmp_path):
    sim = panels[0]
    state = sim.state
    sim.add_user("mallory", email="mallory@example.com")
    sim.add_role("Unused")
    # a webhook and a schedule made by hand in AMP, in the instance the document declares
    run = run_playbook(sim, tmp_path, """
- name: a webhook by hand
  gameops.panels.webhook:
    server: Survival01
    triggers: ["%s"]
    url: https://hooks.example.com/by-hand
    type: GET
- name: a schedule by hand
  gameops.panels.schedule:
    server: Survival01
    name: By hand
""" % JOIN)
    assert run.rc == 0, run
    sim.clear_log()
    run = run_playbook(sim, tmp_path, APPLY.replace("PURGE", "[users, webhooks]"))
    assert run.rc == 0, run
    assert sorted(run.task("apply")["drift"]) == [
        "- user mallory (not in the document)",
        # a webhook's URL (its token) is masked where its key is shown
        "- webhook %s -> https://hooks.example.com/******** (in server Survival01, not in the document)" % JOIN,
        # not purged: unmanaged, listed and left alone (AMP's built-in roles are never unmanaged)
        "? role Unused (on the panel, not in the document)",
        "? schedule By hand (in server Survival01, not in the document)"]
    # deletions last, in reverse order: users, then what instances hold; roles and schedules are not purged
    assert write_calls(sim) == [("Core/DeleteUser", None), ("Core/DeleteTask", "Survival01")]
    assert state.user_by_name("mallory") is None and state.user_by_name("admin") is not None
    assert [r.name for r in state.roles.values() if r.name == "Unused"] == ["Unused"]


def test_an_export_of_an_amp_panel_reproduces_it_on_an_empty_one(panels, tmp_path):
    source, empty = panels
    source.clear_log()
    other = "{{ lookup('env', 'PANEL_B') }}"
    run = run_playbook(source, tmp_path, """
- name: export A
  gameops.panels.export:
  register: exported
- name: apply to B
  gameops.panels.apply:
    panel_url: "%s"
    document: "{{ exported.document }}"
- name: export B
  gameops.panels.export:
    panel_url: "%s"
""" % (other, other), extra_env={"PANEL_B": empty.url})
    assert run.rc == 0, run
    assert run.task("apply to B")["changed"] is True
    assert run.task("export B")["document"] == run.task("export A")["document"]
    assert sorted(u.name for u in empty.state.users.values()) == sorted(u.name for u in source.state.users.values())
    assert sorted(r.name for r in empty.state.roles.values()) == sorted(r.name for r in source.state.roles.values())
    assert write_calls(source) == []
