# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/fleet_update.yml over the gameops.panels.servers inventory of two panels.

Waves are read back from the panels' request logs: which server got a power signal when, and when
its state read said it was running again.
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.integration.fleet_panels import CraftyPanel, PterodactylPanel
from tests.integration.harness import run_command

#: the Minecraft Java servers of both panels (Paper on Pterodactyl, minecraft-java on Crafty)
MINECRAFT = "game_paper:game_minecraft_java"
#: its hosts in inventory order (panel eu, then us; each panel's servers in its order): the waves' order
JAVA = ["eu-paper1", "eu-paper2", "eu-paper3", "us-java4", "us-java5", "us-idle"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """Panels eu (Pterodactyl) and us (Crafty); running Minecraft Java servers on both, an offline one on us,
    a Garry's Mod one on eu."""
    eu, us = PterodactylPanel("eu"), CraftyPanel("us")
    try:
        hosts = {}
        for panel, name, running, game in ((eu, "paper1", True, "main"), (eu, "paper2", True, "main"),
                                           (eu, "paper3", True, "main"), (eu, "gmod", True, "other"),
                                           (us, "java4", True, "main"), (us, "java5", True, "main"),
                                           (us, "idle", False, "main")):
            hosts["%s-%s" % (panel.name, name)] = (panel, panel.add_server(name, "alice", game=game, running=running))
        directory = tmp_path_factory.mktemp("fleet")
        # the play reads the live state itself, so the inventory does not
        config = {"plugin": "gameops.panels.servers", "live_state": False,
                  "panels": [panel.config_entry() for panel in (eu, us)]}
        (directory / "fleet.gameops_servers.yml").write_text(yaml.safe_dump(config))
        # the credentials of each panel for the modules, as a user keeps them (vaulted) in group_vars
        (directory / "group_vars").mkdir()
        for panel in (eu, us):
            credentials = {"gameops_credentials": panel.module_credentials()}
            (directory / "group_vars" / ("panel_%s.yml" % panel.name)).write_text(yaml.safe_dump(credentials))
        yield {"panels": (eu, us), "hosts": hosts, "inventory": directory / "fleet.gameops_servers.yml"}
    finally:
        eu.stop()
        us.stop()


def fleet_update(fleet, tmp_path, **variables):
    for panel in fleet["panels"]:
        panel.sim.clear_log()
    args = ["-i", fleet["inventory"], "gameops.panels.fleet_update", "-e", json.dumps(variables)]
    env = {"ANSIBLE_INVENTORY_ENABLED": "gameops.panels.servers", "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1"}
    for panel in fleet["panels"]:
        env.update(panel.env)  # the inventory's keys, looked up in its configuration
    return run_command("ansible-playbook", args, tmp_path, env=env)


def signals(fleet):
    """``(time, host, signal, HTTP status)`` of every power signal either panel received, in time order."""
    by_key = dict((panel.key_of(server), host) for host, (panel, server) in fleet["hosts"].items())
    return sorted((t, by_key[key], signal, status) for panel in fleet["panels"]
                  for (t, key, signal, status) in panel.power_signals())


def running_again(fleet, host, after):
    """When a state read first showed ``host`` running (with an uptime that began after ``after``, where the
    panel reports one)."""
    panel, server = fleet["hosts"][host]
    for read_at, key, state, uptime in panel.state_reads():
        fresh = uptime is None or uptime <= (read_at - after) * 1000
        if key == panel.key_of(server) and read_at > after and state == "running" and fresh:
            return read_at
    return None


def stale_reads(fleet, host, after):
    """State reads after ``after`` that still showed the uptime from before the restart."""
    panel, server = fleet["hosts"][host]
    return [r for r in panel.state_reads()
            if r[1] == panel.key_of(server) and r[0] > after and (r[3] or 0) > 3600 * 1000]


def waves(hosts, size):
    return [hosts[i:i + size] for i in range(0, len(hosts), size)]


@pytest.fixture
def transitions(fleet):
    """Power signals take half a second, and the first state read after one is stale (the panel's cache)."""
    for panel in fleet["panels"]:
        panel.set_power_transition(0.5, stale_reads=1)
    yield
    for panel in fleet["panels"]:
        panel.set_power_transition(0)


def test_rolling_restart_in_waves_waits_for_each_wave(fleet, tmp_path, transitions):
    # half of the 6 servers of the pattern: waves of 3
    run = fleet_update(fleet, tmp_path, fleet_hosts=MINECRAFT, fleet_wave_size="50%", fleet_wait_delay=0.5,
                       fleet_wait_timeout=30)
    assert run.rc == 0, run
    sent = signals(fleet)
    restarted = [host for host in JAVA if host != "us-idle"]
    # one restart per running server of the group; the offline one stays offline, the other game untouched
    assert sorted(host for _t, host, _s, _st in sent) == sorted(restarted)
    assert set(signal for _t, _h, signal, _st in sent) == {"restart"}
    assert run.host_stats("us-idle")["changed"] == 0

    signal_at = dict((host, t) for t, host, _s, _st in sent)
    previous_back = 0
    for wave in waves(JAVA, 3):
        members = [host for host in wave if host in signal_at]
        # a wave starts only when every server of the one before is running again
        assert min(signal_at[h] for h in members) > previous_back
        backs = [running_again(fleet, host, signal_at[host]) for host in members]
        assert None not in backs
        previous_back = max(backs)
    # Pterodactyl: the cached state right after a restart said "running" with the old uptime; the play waited
    assert all(len(stale_reads(fleet, host, signal_at[host])) == 1 for host in restarted if host.startswith("eu-"))


def test_failures_beyond_the_threshold_stop_the_next_waves(fleet, tmp_path):
    eu, _us = fleet["panels"]
    failing = "eu-paper3"  # first server of the second wave
    eu.fail_power(fleet["hosts"][failing][1])
    run = fleet_update(fleet, tmp_path, fleet_hosts=MINECRAFT, fleet_wave_size=2, fleet_wait_delay=0.5,
                       fleet_max_fail_percentage=0)
    eu.sim.clear_faults()
    assert run.rc != 0
    assert run.host_stats(failing)["failures"] == 1
    assert "could not send the 'restart' signal to server 'paper3'" in run.task("Restart", failing)["msg"]
    sent = set((host, status) for _t, host, _s, status in signals(fleet))
    # waves 1 and 2 ran (wave 2 as a whole), wave 3 never started; paper3's signal was refused every time
    assert sent == set([("eu-paper1", 204), ("eu-paper2", 204), ("eu-paper3", 500), ("us-java4", 200)])
    assert "us-java5" not in run.data["stats"]

    # the same failure within the threshold (1 of 2 is 50%, not more): every wave runs
    eu.fail_power(fleet["hosts"][failing][1])
    run = fleet_update(fleet, tmp_path, fleet_hosts=MINECRAFT, fleet_wave_size=2, fleet_wait_delay=0.5,
                       fleet_max_fail_percentage=50)
    eu.sim.clear_faults()
    assert run.rc != 0  # a failed host still fails the run
    sent = set((host, status) for _t, host, _s, status in signals(fleet))
    assert sent == set([("eu-paper1", 204), ("eu-paper2", 204), ("eu-paper3", 500), ("us-java4", 200),
                        ("us-java5", 200)])
    assert eu.sim.requests


def test_startup_variable_change_restarts_only_what_changed_and_then_is_a_noop(fleet, tmp_path):
    variables = dict(fleet_hosts="panel_eu:&game_paper", fleet_action="environment",
                     fleet_environment={"BUILD_NUMBER": "512"}, fleet_wave_size=3, fleet_wait_delay=0.5)
    run = fleet_update(fleet, tmp_path, **variables)
    assert run.rc == 0, run
    eu_paper = [h for h in JAVA if h.startswith("eu-")]
    for host in eu_paper:
        panel, server = fleet["hosts"][host]
        values = dict((v["variable_id"], v["variable_value"]) for v in panel.sim.state.server_variables.values()
                      if v["server_id"] == server["id"])
        assert "512" in values.values(), (host, values)
    assert sorted(host for _t, host, _s, _st in signals(fleet)) == eu_paper
    # the other panel is not in the pattern: only the inventory read it
    assert fleet["panels"][1].power_signals() == [] and fleet["panels"][1].writes() == []

    again = fleet_update(fleet, tmp_path, **variables)
    assert again.rc == 0, again
    assert all(again.host_stats(host)["changed"] == 0 for host in eu_paper)
    assert fleet["panels"][0].writes() == []


def test_missing_variables_fail_before_any_request(fleet, tmp_path):
    run = fleet_update(fleet, tmp_path, fleet_action="environment", fleet_hosts=MINECRAFT)
    assert run.rc != 0, [(h, st) for _t, h, _s, st in signals(fleet)]
    assert "Set fleet_hosts" in run.task("Check the variables")["msg"]
    assert all(panel.power_signals() == [] and panel.writes() == [] for panel in fleet["panels"])
