# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.server with state=reinstalled, through ansible-playbook, against the simulators."""

from __future__ import annotations

import pytest

from tests.integration.harness import run_playbook, writes

REINSTALL = """
- name: reinstall
  gameops.panels.server:
    external_id: community-42
    state: reinstalled
"""


def test_reinstall_is_one_request_on_every_run(ptero_sim, tmp_path, game_server):
    # the install stays pending, so the simulator shows the server installing again
    ptero_sim.install_outcome = "pending"
    run = run_playbook(ptero_sim, tmp_path, REINSTALL)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("POST", "/api/application/servers/%d/reinstall" % game_server["id"])]
    assert ptero_sim.state.servers[game_server["id"]]["status"] == "installing"
    result = run.task("reinstall")
    assert result["reinstalled"] is True
    assert result["plan"]["summary"] == {"create": 0, "update": 0, "delete": 0, "unchanged": 1, "reinstall": 1}
    assert result["plan"]["changes"] == [{"action": "reinstall", "key": "community-42", "fields": {}}]
    assert (result["server"]["name"], result["server"]["status"]) == ("survival", "installing")

    # an action, not a state: the next run reinstalls again
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, REINSTALL)
    assert again.rc == 0 and again.changed == 1, again
    assert writes(ptero_sim) == [("POST", "/api/application/servers/%d/reinstall" % game_server["id"])]


def test_check_mode_plans_the_reinstall_and_writes_nothing(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, REINSTALL, check=True)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == []
    assert ptero_sim.state.servers[game_server["id"]]["status"] is None
    result = run.task("reinstall")
    assert result["reinstalled"] is False
    assert result["plan"]["changes"] == [{"action": "reinstall", "key": "community-42", "fields": {}}]


def test_declared_options_are_kept_before_the_reinstall(ptero_sim, tmp_path, game_server):
    task = REINSTALL.replace("state: reinstalled", "description: rebuilt\n    state: reinstalled")
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc == 0, run
    server_id = game_server["id"]
    assert writes(ptero_sim) == [("PATCH", "/api/application/servers/%d/details" % server_id),
                                 ("POST", "/api/application/servers/%d/reinstall" % server_id)]
    assert ptero_sim.state.servers[server_id]["description"] == "rebuilt"
    assert run.task("reinstall")["plan"]["summary"]["update"] == 1


@pytest.mark.parametrize("check", [False, True])
def test_a_missing_server_fails_before_any_write(ptero_sim, tmp_path, check):
    run = run_playbook(ptero_sim, tmp_path, REINSTALL, check=check)
    assert run.rc != 0
    assert run.task("reinstall")["msg"] == (
        "external_id: server 'community-42' does not exist; state=reinstalled reinstalls an existing server (create it with "
        "state=present first)")
    assert writes(ptero_sim) == []
    assert ptero_sim.state.servers == {}


def test_power_state_with_a_reinstall_is_refused_before_any_request(ptero_sim, tmp_path, game_server):
    task = REINSTALL.replace("state: reinstalled", "power_state: started\n    state: reinstalled")
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc != 0
    assert run.task("reinstall")["msg"] == (
        "power_state: is not used with state=reinstalled (the server is installing afterwards); set it in a later task")
    assert ptero_sim.requests == []


@pytest.mark.parametrize("panel, title", [("crafty", "Crafty Controller"), ("amp", "CubeCoders AMP")])
def test_crafty_and_amp_fail_before_any_request(request, tmp_path, panel, title):
    sim = request.getfixturevalue("%s_sim" % panel)
    sim.clear_log()
    run = run_playbook(sim, tmp_path, """
- name: reinstall
  gameops.panels.server:
    panel_type: %s
    name: Survival01
    state: reinstalled
""" % panel)
    assert run.rc != 0
    assert run.task("reinstall")["msg"] == (
        "state=reinstalled is not supported on %s (panel_type=%s); supported there: present, absent" % (title, panel))
    assert sim.requests == []
