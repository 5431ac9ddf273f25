# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty's description of its servers for the inventory, and its live state in server_info."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.driver import INVENTORY_FIELDS, POWER_STATES, Context
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential
from ansible_collections.gameops.panels.plugins.module_utils.panels import get_driver

DRIVER = get_driver("crafty")


def context(sim, username=None, password=None):
    from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    return Context(DRIVER, {"panel_url": sim.url, "panel_username": username or DEFAULT_ADMIN_USERNAME,
                            "panel_password": password or DEFAULT_ADMIN_PASSWORD})


@pytest.fixture
def servers(crafty_sim):
    alice = crafty_sim.add_user("alice", "alice-password-1")
    made = {
        "up": crafty_sim.add_server("up", running=True, created_by=alice["user_id"]),
        "down": crafty_sim.add_server("down", port=25566),
        "booting": crafty_sim.add_server("booting", port=25567),
        "updating": crafty_sim.add_server("updating", port=25568, server_type="minecraft-bedrock"),
    }
    crafty_sim.state.server_status[made["booting"]["server_id"]]["waiting_start"] = True
    crafty_sim.state.server_status[made["updating"]["server_id"]]["updating"] = True
    crafty_sim.clear_log()
    return made


def by_name(described):
    return dict((s["name"], s) for s in described)


def test_every_server_with_the_common_fields_owner_and_power_state(crafty_sim, servers):
    described = by_name(DRIVER.inventory_servers(context(crafty_sim)))
    for server in described.values():
        assert set(INVENTORY_FIELDS) <= set(server)
        assert server["power_state"] in POWER_STATES
    assert dict((name, s["power_state"]) for name, s in described.items()) == {
        "up": "running", "down": "offline", "booting": "starting", "updating": "installing"}
    up = described["up"]
    assert (up["id"], up["owner"], up["game"], up["node"], up["limits"]) == (
        servers["up"]["server_id"], "alice", "minecraft-java", None, {})
    # servers created by nobody in particular (-100) have no owner
    assert described["down"]["owner"] is None
    assert described["updating"]["game"] == "minecraft-bedrock"
    # the server list and the users once, one stats read per server; the login is the only write
    paths = sorted(r.path for r in crafty_sim.requests)
    assert [p for p in paths if not p.endswith("/stats")] == ["/api/v2", "/api/v2/auth/login", "/api/v2/servers",
                                                              "/api/v2/users"]
    assert len([p for p in paths if p.endswith("/stats")]) == 4


def test_without_live_state_no_stats_and_unknown_state(crafty_sim, servers):
    described = DRIVER.inventory_servers(context(crafty_sim), live_state=False)
    assert set(s["power_state"] for s in described) == {"unknown"}
    assert not [r for r in crafty_sim.requests if r.path.endswith("/stats")]


def test_an_account_that_sees_only_itself_among_users_gets_servers_without_owners(crafty_sim, servers):
    crafty_sim.add_role("players", servers=dict((s["server_id"], "11111111") for s in servers.values()))
    crafty_sim.add_user("operator", "operator-password", roles=["players"])
    described = by_name(DRIVER.inventory_servers(context(crafty_sim, "operator", "operator-password")))
    assert sorted(described) == ["booting", "down", "up", "updating"]
    assert described["up"]["owner"] is None
    users = [r.response["data"] for r in crafty_sim.requests if r.path == "/api/v2/users"]
    assert [[u["username"] for u in listed] for listed in users] == [["operator"]]


def test_server_info_resources_in_the_common_words(crafty_sim, servers):
    ctx = context(crafty_sim)
    found = by_name(ctx.handler("server").info(resources=True))
    assert dict((name, s["resources"]["current_state"]) for name, s in found.items()) == {
        "up": "running", "down": "offline", "booting": "starting", "updating": "installing"}
    assert (found["up"]["power_state"], found["down"]["power_state"]) == ("started", "stopped")
    assert found["up"]["resources"]["running"] is True and "server_id" not in found["up"]["resources"]


def test_missing_credentials_fail_before_any_request():
    with pytest.raises(MissingCredential, match="^panel_password is required for Crafty"):
        DRIVER.check_inventory({"panel_username": "admin"})
    DRIVER.check_inventory({"api_token": "token"})
