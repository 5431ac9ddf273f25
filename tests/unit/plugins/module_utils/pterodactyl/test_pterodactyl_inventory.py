# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl's description of its servers for the inventory: fields, power states, request counts."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.driver import INVENTORY_FIELDS, POWER_STATES, Context
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential
from ansible_collections.gameops.panels.plugins.module_utils.panels import get_driver
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
from tests.integration.conftest import make_server

DRIVER = get_driver("pterodactyl")


def describe(sim, live_state=True):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    ctx = Context(DRIVER, {"panel_url": sim.url, "api_key": DEFAULT_APP_KEY, "client_api_key": DEFAULT_CLIENT_KEY})
    # the driver's client, without retries: an unreachable node answers at once
    ctx._client = PterodactylClient(sim.url, DEFAULT_APP_KEY, client_api_key=DEFAULT_CLIENT_KEY, retries=0)
    sim.clear_log()
    return dict((s["name"], s) for s in DRIVER.inventory_servers(ctx, live_state=live_state))


@pytest.fixture
def servers(ptero_sim):
    made = dict((name, make_server(ptero_sim, name=name, external_id=name)) for name in ("up", "booting", "down", "new"))
    ptero_sim.state.power_states[made["up"]["id"]] = {"state": "running", "since": 0}
    ptero_sim.state.power_states[made["booting"]["id"]] = {"state": "starting", "since": 0}
    ptero_sim.state.servers[made["new"]["id"]]["status"] = "installing"
    return made


def test_every_server_with_the_common_fields_and_its_power_state(ptero_sim, servers):
    described = describe(ptero_sim)
    assert sorted(described) == ["booting", "down", "new", "up"]
    for server in described.values():
        assert set(INVENTORY_FIELDS) <= set(server)
        assert server["power_state"] in POWER_STATES
        assert "environment" not in server  # egg variables hold passwords and tokens
    assert dict((name, s["power_state"]) for name, s in described.items()) == {
        "up": "running", "booting": "starting", "down": "offline", "new": "installing"}
    assert described["up"]["game"] == "Paper" and described["up"]["owner"] == "alice"
    # one list, one live read per server the client API may ask about (not the installing one)
    assert [r.path for r in ptero_sim.requests] == ["/api/application/servers"] + [
        "/api/client/servers/%s/resources" % servers[name]["uuidShort"] for name in ("up", "booting", "down")]


def test_without_live_state_one_request_and_unknown_state(ptero_sim, servers):
    described = describe(ptero_sim, live_state=False)
    assert set(s["power_state"] for s in described.values()) == {"unknown"}
    assert [r.path for r in ptero_sim.requests] == ["/api/application/servers"]


def test_an_unreachable_node_costs_one_read_and_a_node_in_maintenance_is_unknown(ptero_sim, servers):
    ptero_sim.wings_offline = True
    described = describe(ptero_sim)
    assert dict((name, s["power_state"]) for name, s in described.items()) == {
        "up": "unreachable", "booting": "unreachable", "down": "unreachable", "new": "installing"}
    assert len([r for r in ptero_sim.requests if r.path.endswith("/resources")]) == 1

    ptero_sim.wings_offline = False
    ptero_sim.state.nodes[1]["maintenance_mode"] = True
    assert set(s["power_state"] for s in describe(ptero_sim).values()) == {"unknown", "installing"}


def test_missing_keys_fail_before_any_request_naming_the_option():
    with pytest.raises(MissingCredential, match="^api_key is required for the server inventory"):
        DRIVER.check_inventory({"client_api_key": "ptlc_x"})
    with pytest.raises(MissingCredential, match="^client_api_key is required for live_state"):
        DRIVER.check_inventory({"api_key": "ptla_x"})
    DRIVER.check_inventory({"api_key": "ptla_x"}, live_state=False)
