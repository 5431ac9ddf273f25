# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`python3 tests/simulators PANEL_TYPE`: every simulator is found by looking, and says how to reach it."""

from __future__ import annotations

from tests.simulators.launcher import discover, exports
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY, PterodactylSimulator


def test_discovers_every_simulator_package():
    found, broken = discover()
    assert found["pterodactyl"] is PterodactylSimulator
    assert "common" not in found and "common" not in broken
    # every simulator that landed is usable: a class with start/stop/connection_env, or a reason it is not
    assert broken == {}, broken


def test_pterodactyl_connection_env_points_at_the_running_simulator(ptero_sim):
    env = ptero_sim.connection_env()
    assert env == {"GAMEOPS_PANEL_TYPE": "pterodactyl", "GAMEOPS_PANEL_URL": ptero_sim.url,
                   "GAMEOPS_API_KEY": DEFAULT_APP_KEY, "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY}


def test_exports_are_shell_quoted():
    assert exports({"GAMEOPS_B": "it's", "GAMEOPS_A": "plain"}) == [
        "export GAMEOPS_A=plain", "export GAMEOPS_B='it'\"'\"'s'"]
