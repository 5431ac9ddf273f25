# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Power state (server), console commands (server_command) and live resources (server_info)."""

from __future__ import annotations

import time

from tests.integration.harness import run_playbook, writes


def power(sim, server):
    return sim.state.power_states.get(server["id"], {}).get("state", "offline")


def set_power(sim, server, state):
    sim.state.power_states[server["id"]] = {"state": state, "since": time.time()}


def powered(state):
    return """
- name: power
  gameops.panels.server:
    external_id: community-42
    power_state: %s
""" % state


def power_writes(sim, server):
    return [(r.method, r.path, r.body) for r in sim.requests if r.method not in ("GET", "HEAD")
            and r.path == "/api/client/servers/%s/power" % server["uuidShort"]]


def test_create_with_power_started_starts_it_once(ptero_sim, tmp_path):
    ptero_sim.add_user("alice", email="alice@example.test")
    tasks = """
- name: power
  gameops.panels.server:
    name: survival
    external_id: community-42
    owner: alice
    egg: Paper
    limits: {memory: 2048, disk: 10240}
    deployment: {locations: [eu-west]}
    power_state: started
"""
    run = run_playbook(ptero_sim, tmp_path, tasks)
    assert run.rc == 0 and run.changed == 1, run
    server = [s for s in ptero_sim.state.servers.values() if s["external_id"] == "community-42"][0]
    assert power(ptero_sim, server) == "running"
    assert power_writes(ptero_sim, server) == [("POST", "/api/client/servers/%s/power" % server["uuidShort"], {"signal": "start"})]
    assert run.task("power")["server"]["power_state"] == "started"

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, tasks)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


def test_stop_a_running_server_is_one_signal_and_then_a_noop(ptero_sim, tmp_path, game_server):
    set_power(ptero_sim, game_server, "running")
    run = run_playbook(ptero_sim, tmp_path, powered("stopped"), diff=True)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/power" % game_server["uuidShort"])]
    assert power_writes(ptero_sim, game_server)[0][2] == {"signal": "stop"}
    assert power(ptero_sim, game_server) == "offline"
    assert run.task("power")["plan"]["changes"][0]["fields"] == {"power_state": {"before": "started", "after": "stopped"}}

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, powered("stopped"))
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []
    # killing an offline server is a no-op too
    assert run_playbook(ptero_sim, tmp_path, powered("killed")).changed == 0
    assert writes(ptero_sim) == []


def test_killed_sends_kill_and_restarted_always_restarts(ptero_sim, tmp_path, game_server):
    set_power(ptero_sim, game_server, "running")
    assert run_playbook(ptero_sim, tmp_path, powered("killed")).changed == 1
    assert [w[2] for w in power_writes(ptero_sim, game_server)] == [{"signal": "kill"}]
    ptero_sim.clear_log()
    for _i in range(2):
        run = run_playbook(ptero_sim, tmp_path, powered("restarted"))
        assert run.rc == 0 and run.changed == 1, run
    assert [w[2] for w in power_writes(ptero_sim, game_server)] == [{"signal": "restart"}] * 2
    assert power(ptero_sim, game_server) == "running"


def test_check_mode_reads_the_live_state_and_sends_nothing(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, powered("started"), check=True)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == []
    assert power(ptero_sim, game_server) == "offline"
    assert [r.path for r in ptero_sim.requests if r.path.endswith("/resources")] == [
        "/api/client/servers/%s/resources" % game_server["uuidShort"]]


def test_power_state_without_a_client_key_fails_before_any_request(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, powered("started"), extra_env={"GAMEOPS_CLIENT_API_KEY": None})
    assert run.rc != 0
    result = run.task("power")
    assert result["option"] == "client_api_key"
    assert "client_api_key is required for power_state" in result["msg"]
    assert ptero_sim.requests == []


def test_unreachable_node_fails_clearly_with_no_write(ptero_sim, tmp_path, game_server):
    ptero_sim.wings_offline = True
    run = run_playbook(ptero_sim, tmp_path, powered("started"))
    assert run.rc != 0
    result = run.task("power")
    assert result["option"] == "power_state"
    assert result["msg"] == (
        "power_state: cannot read the power state of server 'survival': the node running it cannot be reached "
        "(HTTP 504: Could not establish a connection to the machine running this server. Please try again.)")
    assert writes(ptero_sim) == []


def test_suspended_and_started_is_refused_before_any_write(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, powered("started") + "    suspended: true\n")
    assert run.rc != 0
    assert run.task("power")["msg"] == "power_state: a suspended server cannot be started"
    assert writes(ptero_sim) == []


COMMANDS = """
- name: say
  gameops.panels.server_command:
    server: survival
    commands:
      - save-all flush
      - say backup done
"""


def test_commands_reach_a_running_server_in_order(ptero_sim, tmp_path, game_server):
    set_power(ptero_sim, game_server, "running")
    run = run_playbook(ptero_sim, tmp_path, COMMANDS)
    assert run.rc == 0 and run.changed == 1, run
    assert ptero_sim.state.console[game_server["id"]] == ["save-all flush", "say backup done"]
    assert run.task("say")["sent"] == ["save-all flush", "say backup done"]

    ptero_sim.clear_log()
    check = run_playbook(ptero_sim, tmp_path, COMMANDS, check=True)
    assert check.rc == 0 and writes(ptero_sim) == []
    assert len(ptero_sim.state.console[game_server["id"]]) == 2


def test_commands_to_an_offline_server_fail_clearly(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, COMMANDS)
    assert run.rc != 0
    assert run.task("say")["msg"] == ("commands: server 'survival' is offline; start it first, for example with "
                                      "gameops.panels.server and power_state: started")
    assert writes(ptero_sim) == []

    # without the pre-check, the panel's own answer (502) is reported the same way
    run = run_playbook(ptero_sim, tmp_path, COMMANDS + "    require_running: false\n")
    assert run.rc != 0
    assert run.task("say")["msg"] == (
        "commands: server 'survival' is offline, 0 of 2 commands sent (panel: Server must be online in order to "
        "send commands.); start it first, for example with gameops.panels.server and power_state: started")
    assert game_server["id"] not in ptero_sim.state.console


def test_server_info_resources(ptero_sim, tmp_path, game_server):
    set_power(ptero_sim, game_server, "running")
    run = run_playbook(ptero_sim, tmp_path, """
- name: info
  gameops.panels.server_info:
    resources: true
  register: info
- name: fed back to the server module
  gameops.panels.server:
    name: "{{ info.servers[0].name }}"
    power_state: "{{ info.servers[0].power_state }}"
""")
    assert run.rc == 0, run
    (found,) = run.task("info")["servers"]
    # the form the server module takes, so the round trip changes nothing
    assert found["power_state"] == "started"
    assert run.task("fed back to the server module")["changed"] is False
    assert writes(ptero_sim) == []
    assert found["resources"]["current_state"] == "running"
    assert found["resources"]["memory_bytes"] > 0
    assert found["resources"]["is_suspended"] is False


def test_a_server_created_whose_install_fails_or_lasts_reports_changed_with_the_failure(ptero_sim, tmp_path):
    ptero_sim.add_user("alice", email="alice@example.test")
    new_server = """
- name: %(name)s
  gameops.panels.server:
    name: %(name)s
    owner: alice
    egg: Paper
    limits: {memory: 1024, disk: 2048}
    deployment: {locations: [eu-west]}
    power_state: started
    install_timeout: %(timeout)d
  ignore_errors: true
"""
    ptero_sim.install_outcome = "failed"
    run = run_playbook(ptero_sim, tmp_path, new_server % {"name": "broken", "timeout": 600})
    broken = run.task("broken")
    assert broken["failed"] and broken["changed"] is True, run
    assert broken["msg"] == ("power_state: server 'broken' was created but cannot be started: its installation "
                             "failed (status install_failed); reinstall it on the panel")
    assert [s["name"] for s in ptero_sim.state.servers.values()] == ["broken"]

    ptero_sim.install_outcome = "pending"  # Wings never reports
    ptero_sim.clear_log()
    started = time.monotonic()
    run = run_playbook(ptero_sim, tmp_path, new_server % {"name": "slow", "timeout": 1})
    slow = run.task("slow")
    assert slow["failed"] and slow["changed"] is True, run
    assert slow["msg"] == ("power_state: server 'slow' was created but is still installing after 1 s "
                           "(install_timeout); the next run starts it once it has installed")
    # polled with back-off, never past the timeout: a handful of reads, not one every 2 s
    polls = [r for r in ptero_sim.requests if r.method == "GET" and r.path.startswith("/api/application/servers/")]
    assert 2 <= len(polls) <= 6
    assert time.monotonic() - started < 30
    assert not [w for w in writes(ptero_sim) if w[1].endswith("/power")]
