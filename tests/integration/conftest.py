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
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.resources import References, ServerAdapter
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
