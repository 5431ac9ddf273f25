# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP's description of its instances for the inventory, and their live state in server_info."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.amp.inventory import uptime_ms
from ansible_collections.gameops.panels.plugins.module_utils.driver import INVENTORY_FIELDS, POWER_STATES, Context
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential
from ansible_collections.gameops.panels.plugins.module_utils.panels import get_driver

DRIVER = get_driver("amp")
STOPPED, STARTING, READY, UPDATING = 0, 10, 20, 75


def context(sim):
    from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    return Context(DRIVER, {"panel_url": sim.url, "panel_username": DEFAULT_ADMIN_USERNAME,
                            "panel_password": DEFAULT_ADMIN_PASSWORD})


@pytest.fixture
def instances(amp_sim):
    """Instances in every state, on the ADS's own target, a second target, and one the ADS does not reach."""
    eu2 = amp_sim.add_target("eu-2")
    gone = amp_sim.add_target("eu-3", state=10)  # RemoteInstanceState Offline
    made = {
        "Survival": amp_sim.add_instance("Survival", friendly_name="Survival world", description="the main world",
                                         app_state=READY, is_container=True, container_memory_mb=4096,
                                         container_swap_mb=512, container_cpus=1.5),
        "Lobby": amp_sim.add_instance("Lobby", app_state=STOPPED),
        "Valheim01": amp_sim.add_instance("Valheim01", module="GenericModule", running=False, target_id=eu2.instance_id,
                                          settings={"GenericModule.Meta.DisplayName": "Valheim"}),
        "Booting": amp_sim.add_instance("Booting", app_state=STARTING, target_id=eu2.instance_id),
        "Updating": amp_sim.add_instance("Updating", app_state=UPDATING),
        "Old": amp_sim.add_instance("Old", suspended=True),
        "Far": amp_sim.add_instance("Far", app_state=READY, target_id=gone.instance_id),
    }
    amp_sim.clear_log()
    return made


def by_name(described):
    return dict((s["name"], s) for s in described)


def test_every_instance_with_the_common_fields_from_one_list(amp_sim, instances):
    described = by_name(DRIVER.inventory_servers(context(amp_sim)))
    # the ADS of each target is not a game server
    assert sorted(described) == sorted(instances)
    for server in described.values():
        assert set(INVENTORY_FIELDS) <= set(server)
        assert server["power_state"] in POWER_STATES
    assert dict((name, s["power_state"]) for name, s in described.items()) == {
        "Survival": "running", "Lobby": "offline", "Valheim01": "offline", "Booting": "starting",
        "Updating": "installing", "Old": "offline", "Far": "unreachable"}
    survival = instances["Survival"]
    assert described["Survival"] == {
        "id": survival.id, "uuid": survival.id, "external_id": None, "name": "Survival",
        "description": "the main world", "owner": None, "node": "ADS01", "game": "Minecraft",
        "limits": {"memory": 4096, "swap": 512, "cpu": 150}, "suspended": False, "power_state": "running",
        "friendly_name": "Survival world", "module": "Minecraft", "instance_running": True, "app_state": "Ready",
        "endpoints": ["0.0.0.0:25565", "0.0.0.0:2223"],
    }
    # a generic instance is grouped by the game it was set up for; no container, no limits
    valheim = described["Valheim01"]
    assert (valheim["game"], valheim["module"], valheim["node"], valheim["limits"]) == (
        "Valheim", "GenericModule", "eu-2", {})
    assert (valheim["instance_running"], valheim["app_state"]) == (False, "Stopped")
    assert described["Old"]["suspended"] is True
    # the process of Lobby runs, its game does not
    assert (described["Lobby"]["instance_running"], described["Lobby"]["app_state"]) == (True, "Stopped")
    # the login and one list: no instance is logged in to, nothing written
    assert [(r.call, r.instance) for r in amp_sim.requests] == [("Core/Login", None), ("ADSModule/GetInstances", None)]


def test_without_live_state_the_same_requests_and_no_state(amp_sim, instances):
    described = DRIVER.inventory_servers(context(amp_sim), live_state=False)
    assert set(s["power_state"] for s in described) == {"unknown"}
    assert set((s["instance_running"], s["app_state"]) for s in described) == {(None, None)}
    assert [r.call for r in amp_sim.requests] == ["Core/Login", "ADSModule/GetInstances"]


def test_the_inventory_needs_the_login(amp_sim):
    with pytest.raises(MissingCredential, match="panel_password is required for CubeCoders AMP"):
        DRIVER.check_inventory({"panel_url": amp_sim.url, "panel_username": "admin"})


def test_server_info_resources_read_the_game_from_the_instance(amp_sim, instances):
    amp_sim.advance_clock(3723)  # Survival's game has been up for 1 h 2 min 3 s
    ctx = context(amp_sim)
    found = by_name(ctx.handler("server").info(resources=True))
    survival = found["Survival"]
    assert survival["resources"]["current_state"] == "running"
    assert survival["resources"]["uptime"] == 3723000
    assert survival["resources"]["instance_running"] is True
    assert survival["power_state"] == "started"
    assert set(survival["resources"]["metrics"]["Memory Usage"]) == {"value", "max", "percent", "unit"}
    states = dict((name, s["resources"]["current_state"]) for name, s in found.items())
    assert states == {"Survival": "running", "Lobby": "offline", "Valheim01": "offline", "Booting": "starting",
                      "Updating": "installing", "Old": "offline", "Far": "unreachable"}
    assert found["Lobby"]["resources"]["uptime"] == 0 and found["Lobby"]["power_state"] == "stopped"
    # a login and a status read on each instance whose process runs and answers (not the suspended one,
    # not the one on the target the ADS does not reach, not the stopped ones)
    asked = sorted(r.instance_name for r in amp_sim.requests if r.call == "Core/GetStatus")
    assert asked == ["Booting", "Lobby", "Survival", "Updating"]
    assert len([r for r in amp_sim.requests if r.call == "Core/Login"]) == 1 + len(asked)
    assert amp_sim.writes() == []


def test_the_state_comes_from_the_instance_when_the_list_lags(amp_sim, instances):
    """The instance's own answer wins over the ADS's list (which may lag behind a restart)."""
    ctx = context(amp_sim)
    ctx.client.list_targets()  # the list says Ready ...
    instances["Survival"].app_state = STARTING  # ... the game is starting again
    server = ctx.handler("server").info(resources=True, name="Survival")[0]
    assert (server["resources"]["current_state"], server["resources"]["app_state"]) == ("starting", "Starting")


@pytest.mark.parametrize("text, ms", [
    ("00:00:00", 0), ("01:02:03", 3723000), ("2.01:00:00", 176400000), ("00:00:01.5", 1500),
    ("", None), (None, None), ("soon", None)])
def test_uptime_text(text, ms):
    assert uptime_ms(text) == ms
