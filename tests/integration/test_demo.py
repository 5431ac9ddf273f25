# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The demo as a newcomer runs it: a check-mode plan on an empty panel, then for real, then again."""

from __future__ import annotations

from tests.integration.harness import run_ansible_playbook, writes


def test_demo_plans_on_an_empty_panel_then_creates_everything(ptero_sim, tmp_path):
    sim = ptero_sim
    users_before = sorted(u["username"] for u in sim.state.users.values())

    plan = run_ansible_playbook(sim, tmp_path, "gameops.panels.demo", check=True, diff=True)
    assert plan.rc == 0, plan
    assert writes(sim) == []
    # bob is created by the first task, which check mode only plans: the server's owner is unresolved
    server = plan.task("Survival server, owned by bob")
    change = server["plan"]["changes"][0]
    assert change["action"] == "create"
    assert change["fields"]["owner"]["after"] == "bob"
    assert change["unresolved"] == {"owner": "no user with username 'bob' on the panel"}
    assert any("no user with username 'bob'" in w and "check mode" in w for w in server["warnings"])
    # ... and the schedule's server does not exist yet either
    schedule = plan.task("Nightly restart with a warning, at 04:00")
    assert schedule["changed"] is True
    assert schedule["plan"]["summary"]["create"] == 1
    assert schedule["plan"]["unresolved"] == {
        "server_external_id": "no server with external_id 'community-42-survival' on the panel (or none the API key "
                              "may see)"}
    assert any("planned as a server that holds nothing yet" in w for w in schedule["warnings"])
    assert sorted(u["username"] for u in sim.state.users.values()) == users_before

    applied = run_ansible_playbook(sim, tmp_path, "gameops.panels.demo")
    assert applied.rc == 0, applied
    assert {"alice", "bob"} <= set(u["username"] for u in sim.state.users.values())
    [created] = [s for s in sim.state.servers.values() if s["external_id"] == "community-42-survival"]
    bob = [u for u in sim.state.users.values() if u["username"] == "bob"][0]
    assert created["owner_id"] == bob["id"]
    assert [s["name"] for s in sim.state.schedules.values() if s["server_id"] == created["id"]] == ["nightly restart"]
    assert "unresolved" not in applied.task("Survival server, owned by bob")["plan"]["changes"][0]

    sim.clear_log()
    again = run_ansible_playbook(sim, tmp_path, "gameops.panels.demo")
    assert again.rc == 0 and again.changed == 0, again
    assert writes(sim) == []


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
