# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the playbook tests."""

from __future__ import annotations

import pytest


def make_server(sim, name="survival", external_id="community-42", owner="alice", backups=3, databases=0,
                allocations=2):
    """Create a server on ``sim`` directly through the application API (fast set-up for per-server tests).

    Returns the simulator's server record. Its owner is created if missing.
    """
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import References
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.servers import ServerAdapter
    from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    if not any(u["username"] == owner for u in sim.state.users.values()):
        sim.add_user(owner, email="%s@example.test" % owner)
    client = PterodactylClient(sim.url, DEFAULT_APP_KEY)
    engine = Reconciler(ServerAdapter(client, References(client), match_on="external_id"))
    engine.apply(engine.plan(desired=[{
        "name": name, "external_id": external_id, "owner": owner, "egg": "Paper", "nest": "Minecraft",
        "limits": {"memory": 2048, "disk": 10240},
        "feature_limits": {"backups": backups, "databases": databases, "allocations": allocations},
        "deployment": {"locations": ["eu-west"]},
    }]))
    found = [s for s in sim.state.servers.values() if s["external_id"] == external_id]
    sim.clear_log()
    return found[0]


@pytest.fixture
def game_server(ptero_sim):
    """A Paper server ``survival`` (external_id ``community-42``, 3 backups allowed) owned by alice."""
    return make_server(ptero_sim)


@pytest.fixture
def crafty_panel(request):
    """A Crafty panel for a test that runs on the simulator and on a real Crafty alike (``crafty_panel.py``).

    Parametrize indirectly with a simulator version (``"4.10.7"``) or ``"real"``: the real variant runs
    against the panel GAMEOPS_REAL_CRAFTY_URL names, and is skipped, saying so, when none is named.
    """
    from tests.integration.crafty_panel import RealCrafty, SimulatedCrafty, real_panel_settings
    from tests.simulators.crafty import CraftySimulator

    which = getattr(request, "param", "4.10.7")
    if which == "real":
        settings = real_panel_settings()
        if settings is None:
            pytest.skip("no real Crafty named: set GAMEOPS_REAL_CRAFTY_URL and GAMEOPS_REAL_CRAFTY_PASSWORD "
                        "(or run make test-real-crafty); how to run one: real-panels/crafty.md of the shared notes")
        panel = RealCrafty(*settings)
    else:
        sim = CraftySimulator(version=which)
        sim.start()
        panel = SimulatedCrafty(sim)
    try:
        yield panel
    finally:
        panel.close()
        if panel.sim is not None:
            panel.sim.stop()
