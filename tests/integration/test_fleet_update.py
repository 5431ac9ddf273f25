# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/fleet_update.yml over the gameops.panels.servers inventory of three panels, one of each type.

Waves are read back from the panels' request logs: which server got a power signal when, and when
its state read said it was running again.
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.integration.fleet_panels import AMPPanel, CraftyPanel, PterodactylPanel
from tests.integration.harness import run_command

#: the Minecraft Java servers of panels eu and us (Paper on Pterodactyl, minecraft-java on Crafty)
MINECRAFT = "game_paper:game_minecraft_java"
#: its hosts in inventory order (panel eu, then us; each panel's servers in its order): the waves' order
JAVA = ["eu-paper1", "eu-paper2", "eu-paper3", "us-java4", "us-java5", "us-idle"]
#: ... and the Minecraft instances of the AMP panel ap
EVERY_MINECRAFT = MINECRAFT + ":game_minecraft"
ALL_JAVA = JAVA + ["ap-mc6", "ap-mc7", "ap-idle"]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """Panels eu (Pterodactyl), us (Crafty) and ap (AMP); running Minecraft Java servers on each, an offline one
    on us and ap, a Garry's Mod one on eu, a Valheim one on ap."""
    eu, us, ap = PterodactylPanel("eu"), CraftyPanel("us"), AMPPanel("ap")
    try:
        hosts = {}
        for panel, name, running, game in ((eu, "paper1", True, "main"), (eu, "paper2", True, "main"),
                                           (eu, "paper3", True, "main"), (eu, "gmod", True, "other"),
                                           (us, "java4", True, "main"), (us, "java5", True, "main"),
                                           (us, "idle", False, "main"), (ap, "mc6", True, "main"),
                                           (ap, "mc7", True, "main"), (ap, "idle", False, "main"),
                                           (ap, "valheim", True, "other")):
            hosts["%s-%s" % (panel.name, name)] = (panel, panel.add_server(name, "alice", game=game, running=running))
        directory = tmp_path_factory.mktemp("fleet")
        # the play reads the live state itself, so the inventory does not
        config = {"plugin": "gameops.panels.servers", "live_state": False,
                  "panels": [panel.config_entry() for panel in (eu, us, ap)]}
        (directory / "fleet.gameops_servers.yml").write_text(yaml.safe_dump(config))
        # the credentials of each panel for the modules, as a user keeps them (vaulted) in group_vars
        (directory / "group_vars").mkdir()
        for panel in (eu, us, ap):
            credentials = {"gameops_credentials": panel.module_credentials()}
            (directory / "group_vars" / ("panel_%s.yml" % panel.name)).write_text(yaml.safe_dump(credentials))
        yield {"panels": (eu, us, ap), "hosts": hosts, "inventory": directory / "fleet.gameops_servers.yml"}
    finally:
        eu.stop()
        us.stop()
        ap.stop()


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
    # half of the 9 servers of the pattern: waves of 4, the second one across Crafty and AMP
    run = fleet_update(fleet, tmp_path, fleet_hosts=EVERY_MINECRAFT, fleet_wave_size="50%", fleet_wait_delay=0.5,
                       fleet_wait_timeout=30)
    assert run.rc == 0, run
    sent = signals(fleet)
    restarted = [host for host in ALL_JAVA if not host.endswith("-idle")]
    # one restart per running server of the group; the offline ones stay offline, the other games untouched
    assert sorted(host for _t, host, _s, _st in sent) == sorted(restarted)
    assert set(signal for _t, _h, signal, _st in sent) == {"restart"}
    assert run.host_stats("us-idle")["changed"] == 0 and run.host_stats("ap-idle")["changed"] == 0
    # AMP: the game was restarted through each instance, and its AMP process left running
    ap = fleet["panels"][2]
    assert sorted(call for call in ap.writes()) == [("POST", "Core/Restart", "mc6"), ("POST", "Core/Restart", "mc7")]

    signal_at = dict((host, t) for t, host, _s, _st in sent)
    previous_back = 0
    for wave in waves(ALL_JAVA, 4):
        members = [host for host in wave if host in signal_at]
        if not members:
            continue  # the last wave holds only ap-idle, which stays offline
        # a wave starts only when every server of the one before is running again
        assert min(signal_at[h] for h in members) > previous_back
        backs = [running_again(fleet, host, signal_at[host]) for host in members]
        assert None not in backs
        previous_back = max(backs)
    # Pterodactyl: the cached state right after a restart said "running" with the old uptime; the play waited
    assert all(len(stale_reads(fleet, host, signal_at[host])) == 1 for host in restarted if host.startswith("eu-"))


def test_failures_beyond_the_threshold_stop_the_next_waves(fleet, tmp_path):
    eu = fleet["panels"][0]
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
    """Startup variables on Pterodactyl, settings nodes on AMP (which has no startup variables), in one run."""
    difficulty = "MinecraftModule.Game.Difficulty"
    variables = dict(fleet_hosts="game_paper:game_minecraft", fleet_action="environment",
                     fleet_environment={"BUILD_NUMBER": "512"}, fleet_settings={difficulty: "Hard"},
                     fleet_wave_size=3, fleet_wait_delay=0.5)
    run = fleet_update(fleet, tmp_path, **variables)
    assert run.rc == 0, run
    eu_paper = [h for h in JAVA if h.startswith("eu-")]
    for host in eu_paper:
        panel, server = fleet["hosts"][host]
        values = dict((v["variable_id"], v["variable_value"]) for v in panel.sim.state.server_variables.values()
                      if v["server_id"] == server["id"])
        assert "512" in values.values(), (host, values)
    ap_minecraft = ["ap-mc6", "ap-mc7", "ap-idle"]
    for host in ap_minecraft:
        assert fleet["hosts"][host][1].settings[difficulty] == "Hard", host
    ap = fleet["panels"][2]
    assert sorted(name for _m, call, name in ap.writes() if call == "Core/SetConfig") == ["idle", "mc6", "mc7"]
    # restarted where the values changed and the game ran; ap-idle's game stays stopped
    assert sorted(host for _t, host, _s, _st in signals(fleet)) == sorted(eu_paper + ["ap-mc6", "ap-mc7"])
    assert fleet["hosts"]["ap-valheim"][1].settings.get(difficulty) is None
    # the Crafty panel is not in the pattern: only the inventory read it
    assert fleet["panels"][1].power_signals() == [] and fleet["panels"][1].writes() == []

    again = fleet_update(fleet, tmp_path, **variables)
    assert again.rc == 0, again
    assert all(again.host_stats(host)["changed"] == 0 for host in eu_paper + ap_minecraft)
    assert fleet["panels"][0].writes() == [] and ap.writes() == []


def test_missing_variables_fail_before_any_request(fleet, tmp_path):
    run = fleet_update(fleet, tmp_path, fleet_action="environment", fleet_hosts=MINECRAFT)
    assert run.rc != 0, [(h, st) for _t, h, _s, st in signals(fleet)]
    assert "Set fleet_hosts" in run.task("Check the variables")["msg"]
    assert all(panel.power_signals() == [] and panel.writes() == [] for panel in fleet["panels"])


def test_the_environment_action_without_settings_fails_each_amp_instance_by_name(fleet, tmp_path):
    """AMP instances have no startup variables: fleet_environment alone fails them, naming the action and the panel,
    rather than skipping them."""
    run = fleet_update(fleet, tmp_path, fleet_action="environment", fleet_environment={"BUILD_NUMBER": "1"},
                       fleet_hosts="panel_ap", fleet_wave_size=10)
    assert run.rc != 0
    for host in ("ap-mc6", "ap-mc7", "ap-idle", "ap-valheim"):
        assert run.host_stats(host)["failures"] == 1
        message = " ".join(run.task("Check that the action applies to this server", host)["msg"].split())
        assert message == (
            "fleet_action=environment on %s (panel ap, panel_type amp): AMP instances have no startup variables; give "
            'the settings nodes to set in fleet_settings, for example {"MinecraftModule.Game.Difficulty": "Hard"}'
            % host)
    # before any request of the play: the inventory's login and list are all the panel saw
    assert [r.call for r in fleet["panels"][2].sim.requests] == ["Core/Login", "ADSModule/GetInstances"]


def test_the_inventory_example_play_names_each_server_from_its_host_vars(fleet, tmp_path):
    """The play in the inventory plugin's EXAMPLES, as written: a per-server module on Pterodactyl and AMP hosts,
    each server named from its host variables."""
    from ansible_collections.gameops.panels.plugins.inventory.servers import EXAMPLES

    (tmp_path / "announce.yml").write_text(EXAMPLES.rsplit("\n---\n", maxsplit=1)[-1])
    # the play picks its hosts by power state: an inventory that reads it, next to the fleet's group_vars
    live = fleet["inventory"].parent / "live.gameops_servers.yml"
    live.write_text(fleet["inventory"].read_text().replace("live_state: false", "live_state: true"))
    for panel in fleet["panels"]:
        panel.sim.clear_log()
    env = {"ANSIBLE_INVENTORY_ENABLED": "gameops.panels.servers", "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1"}
    for panel in fleet["panels"]:
        env.update(panel.env)
    run = run_command("ansible-playbook", ["-i", live, tmp_path / "announce.yml"], tmp_path, env=env)
    assert run.rc == 0, run
    eu, us, ap = fleet["panels"]
    announced = sorted((r.instance_name, r.body["message"]) for r in ap.sim.requests
                       if r.call == "Core/SendConsoleMessage")
    assert announced == [("mc6", "say Restart in 5 minutes"), ("mc7", "say Restart in 5 minutes")]
    commanded = sorted(r.path.split("/")[4] for r in eu.sim.requests if r.path.endswith("/command"))
    assert commanded == sorted(fleet["hosts"][h][1]["uuidShort"] for h in ("eu-paper1", "eu-paper2", "eu-paper3"))
    assert us.writes() == []
