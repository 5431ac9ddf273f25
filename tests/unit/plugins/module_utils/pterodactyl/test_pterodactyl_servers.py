# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl adapters through the engine: request counts of a converge."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import References
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.servers import ServerAdapter
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler


def converge(client, servers):
    engine = Reconciler(ServerAdapter(client, References(client)))
    return engine.apply(engine.plan(desired=[dict(s) for s in servers]))


def test_many_servers_resolve_owners_with_one_user_list_and_converge_at_the_floor(ptero_sim):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    for i in range(5):
        ptero_sim.add_user("owner-%d" % i, email="owner-%d@example.test" % i)
    servers = [{"name": "srv-%d" % i, "owner": "owner-%d" % i, "egg": "Paper",
                "limits": {"memory": 512, "disk": 1024}, "deployment": {"locations": ["eu-west"]}} for i in range(5)]
    client = PterodactylClient(ptero_sim.url, DEFAULT_APP_KEY)
    assert converge(client, servers).summary()["create"] == 5
    assert len([r for r in ptero_sim.requests if r.path == "/api/application/users"]) == 1

    ptero_sim.clear_log()
    plan = converge(client, servers)
    assert plan.summary()["unchanged"] == 5
    # one list of servers, one of users, the nests with every nest's eggs (nests?include=eggs.variables); no writes
    assert sorted(r.path for r in ptero_sim.requests) == [
        "/api/application/nests", "/api/application/servers", "/api/application/users"]
    [nests] = [r for r in ptero_sim.requests if r.path == "/api/application/nests"]
    assert "eggs.variables" in nests.query.get("include", "")
