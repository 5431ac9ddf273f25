# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The demo as a newcomer runs it, on each panel type: a check-mode plan on an empty panel (zero writes), then
for real, then again (changed=0, zero writes)."""

from __future__ import annotations

from tests.integration.crafty_support import panel_writes, role_row, server_row, user_row
from tests.integration.harness import run_ansible_playbook, writes

DEMO = "gameops.panels.demo"
PASSWORD = "Demo-Passw0rd-2026"


def amp_writes(sim):
    return [(r.call, r.instance_name) for r in sim.writes()]


def test_demo_plans_on_an_empty_panel_then_creates_everything(ptero_sim, tmp_path):
    sim = ptero_sim
    users_before = sorted(u["username"] for u in sim.state.users.values())

    plan = run_ansible_playbook(sim, tmp_path, DEMO, check=True, diff=True)
    assert plan.rc == 0, plan
    assert writes(sim) == []
    # bobby is created by the first task, which check mode only plans: the server's owner is unresolved
    server = plan.task("Survival server, owned by bobby")
    change = server["plan"]["changes"][0]
    assert change["action"] == "create"
    assert change["fields"]["owner"]["after"] == "bobby"
    assert change["unresolved"] == {"owner": "no user with username 'bobby' on the panel"}
    assert any("no user with username 'bobby'" in w and "check mode" in w for w in server["warnings"])
    # ... and the schedule's server does not exist yet either
    schedule = plan.task("Nightly restart with a warning, at 04:00")
    assert schedule["changed"] is True
    assert schedule["plan"]["summary"]["create"] == 1
    assert schedule["plan"]["unresolved"] == {
        "server_external_id": "no server with external_id 'community-42-survival' on the panel (or none the API key "
                              "may see)"}
    assert any("planned as a server that holds nothing yet" in w for w in schedule["warnings"])
    assert plan.task("A first backup of the world, kept")["changed"] is True
    assert sorted(u["username"] for u in sim.state.users.values()) == users_before

    applied = run_ansible_playbook(sim, tmp_path, DEMO)
    assert applied.rc == 0, applied
    assert {"alice", "bobby"} <= set(u["username"] for u in sim.state.users.values())
    [created] = [s for s in sim.state.servers.values() if s["external_id"] == "community-42-survival"]
    bobby = [u for u in sim.state.users.values() if u["username"] == "bobby"][0]
    assert created["owner_id"] == bobby["id"]
    assert [s["name"] for s in sim.state.schedules.values() if s["server_id"] == created["id"]] == ["nightly restart"]
    [backup] = [b for b in sim.state.backups.values() if b["server_id"] == created["id"]]
    assert backup["name"] == "first-world" and backup["is_locked"] and backup["ignored_files"] == ["logs/"]
    assert "unresolved" not in applied.task("Survival server, owned by bobby")["plan"]["changes"][0]
    # a backup that completes at once leaves no warning about waiting for it
    assert not any("waited" in w for w in applied.task("A first backup of the world, kept").get("warnings", []))

    sim.clear_log()
    again = run_ansible_playbook(sim, tmp_path, DEMO)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(sim) == []


def test_the_demo_on_crafty(crafty_sim, tmp_path):
    sim = crafty_sim
    sim.clear_log()
    plan = run_ansible_playbook(sim, tmp_path, DEMO, check=True, diff=True)
    assert plan.rc == 0, plan
    assert panel_writes(sim) == []
    assert plan.changed == 6 and plan.failed == 0
    # the role grants a server the first task creates, the users hold the role: planned, unresolved, with a warning
    role = plan.task("Crafty moderators may run commands, read the console and logs, and take backups of it")
    assert role["changed"] is True
    assert any("no server named 'survival' on the panel" in w and "check mode" in w for w in role["warnings"])
    users = plan.task("Crafty staff accounts (alice a superuser, bobby a moderator)")
    assert any("no role 'survival-mods' on the panel" in w for w in users["warnings"])
    for name in ("Crafty nightly backup configuration, a week kept, without logs",
                 "Crafty nightly restart with a warning and that backup, at 04:00",
                 "Crafty webhook telling Discord when the server stops or crashes"):
        assert plan.task(name)["changed"] is True, name
    # the webhook URL is a secret: masked in the plan's diff
    assert "demo-token" not in plan.output

    applied = run_ansible_playbook(sim, tmp_path, DEMO)
    assert applied.rc == 0 and applied.changed == 6, applied
    server = server_row(sim, "survival")
    assert int(server["server_port"]) == 25570
    mods = role_row(sim, "survival-mods")
    [grant] = [g for g in sim.state.role_servers if g["role_id"] == mods["role_id"]]
    assert str(grant["server_id"]) == str(server["server_id"])
    bobby = user_row(sim, "bobby")
    assert [r["role_id"] for r in sim.state.user_roles if r["user_id"] == bobby["user_id"]] == [mods["role_id"]]
    assert user_row(sim, "alice")["superuser"]
    assert [s["name"] for s in sim.state.schedules.values() if str(s["server_id"]) == str(server["server_id"])
            and not s.get("parent")] == ["nightly restart"]
    assert "nightly" in [b["backup_name"] for b in sim.state.backups.values()
                         if str(b["server_id"]) == str(server["server_id"])]
    assert [w["name"] for w in sim.state.webhooks.values()] == ["discord-alerts"]

    sim.clear_log()
    again = run_ansible_playbook(sim, tmp_path, DEMO)
    assert again.rc == 0 and again.changed == 0, again
    assert panel_writes(sim) == []


def test_the_demo_on_amp(amp_sim, tmp_path):
    sim = amp_sim
    sim.clear_log()
    plan = run_ansible_playbook(sim, tmp_path, DEMO, check=True, diff=True)
    assert plan.rc == 0, plan
    assert amp_writes(sim) == []
    assert plan.changed == 6 and plan.failed == 0
    role = plan.task("AMP moderators may start, stop and restart the survival game")
    assert any("no AMP instance 'Survival01' on the panel" in w and "check mode" in w for w in role["warnings"])
    users = plan.task("AMP staff accounts (alice a super admin, bobby a moderator)")
    assert any("no AMP role 'Survival Moderators' on the panel" in w for w in users["warnings"])
    assert "demo-token" not in plan.output

    applied = run_ansible_playbook(sim, tmp_path, DEMO)
    assert applied.rc == 0 and applied.changed == 6, applied
    [instance] = [i for i in sim.state.instances.values() if i.instance_name == "Survival01"]
    assert instance.running and instance.friendly_name == "Survival"
    assert "25580" in [str(v) for v in instance.settings.values()]
    moderators = sim.state.role_by_name("Survival Moderators")
    assert instance.role_permissions[moderators.id] == {
        "Core.AppManagement.StartApplication": True, "Core.AppManagement.StopApplication": True,
        "Core.AppManagement.RestartApplication": True}
    assert sim.state.user_by_name("bobby").roles == [moderators.id]
    assert sim.state.user_by_name("bobby").password == PASSWORD
    assert [b.name for b in instance.backups if b.sticky] == ["first-world"]
    assert "Nightly restart" in [t.description for t in instance.triggers if t.kind == "interval"]

    sim.clear_log()
    again = run_ansible_playbook(sim, tmp_path, DEMO)
    assert again.rc == 0 and again.changed == 0, again
    assert amp_writes(sim) == []


def test_the_demo_names_the_panel_types_it_knows(ptero_sim, tmp_path):
    run = run_ansible_playbook(ptero_sim, tmp_path, DEMO, extra_env={"GAMEOPS_PANEL_TYPE": "multicraft"})
    assert run.rc != 0
    assert run.task("The panel type is one the demo knows")["msg"] == (
        "GAMEOPS_PANEL_TYPE is multicraft; the demo runs on pterodactyl, crafty or amp (the export lines of "
        "`python3 tests/simulators <panel type>` set it)")
    assert ptero_sim.requests == []


def test_a_missing_reference_still_fails_the_real_run_before_any_write(ptero_sim, tmp_path):
    from tests.integration.harness import run_playbook

    tasks = """
    - name: Server of a user nobody created
      gameops.panels.server:
        name: orphan
        owner: nobody
        egg: Paper
        limits: {memory: 1024, disk: 2048}
        deployment: {locations: [eu-west]}
      ignore_errors: true
    - name: Schedule on a server nobody created
      gameops.panels.schedule:
        server: orphan
        name: nightly
        cron: "0 4 * * *"
      ignore_errors: true
    """
    run = run_playbook(ptero_sim, tmp_path, tasks)
    server = run.task("Server of a user nobody created")
    assert server["failed"] and server["msg"] == "owner: no user with username 'nobody' on the panel"
    assert server["changed"] is False
    schedule = run.task("Schedule on a server nobody created")
    assert schedule["failed"] and "no server with name 'orphan'" in schedule["msg"]
    assert writes(ptero_sim) == []
