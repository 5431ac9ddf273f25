# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.panel_info: what a server task can name, read from the panel."""

from __future__ import annotations

from tests.integration.harness import run_playbook, writes


def test_panel_info_lists_what_a_server_can_be_built_from(ptero_sim, game_server, tmp_path):
    sim = ptero_sim
    run = run_playbook(sim, tmp_path, """
- name: all
  gameops.panels.panel_info:
- name: nodes
  gameops.panels.panel_info:
    gather: [nodes]
    free_allocations: 2
- name: a client key given as api_key
  gameops.panels.panel_info:
    api_key: "{{ lookup('env', 'GAMEOPS_CLIENT_API_KEY') }}"
  ignore_errors: true
""")
    everything = run.task("all")
    assert [n["name"] for n in everything["nests"]] == ["Minecraft", "Source Engine"]
    paper = [e for e in everything["nests"][0]["eggs"] if e["name"] == "Paper"][0]
    egg = [e for e in sim.state.eggs.values() if e["name"] == "Paper"][0]
    assert paper["startup"] == egg["startup"]
    assert sorted(v["env_variable"] for v in paper["variables"]) == sorted(
        v["env_variable"] for v in sim.state.egg_variables.values() if v["egg_id"] == egg["id"])
    assert [loc["short"] for loc in everything["locations"]] == ["eu-west", "us-east"]
    nodes = dict((n["name"], n) for n in everything["nodes"])
    assert nodes["node-eu-1"]["location"] == "eu-west"
    for node in sim.state.nodes.values():
        free = [a for a in sim.state.allocations.values() if a["node_id"] == node["id"] and a["server_id"] is None]
        assert nodes[node["name"]]["free_allocation_count"] == len(free)
    # the game server holds one allocation of its node, which is not free
    used = sim.state.allocations[game_server["allocation_id"]]
    assert (used["ip"], used["port"]) not in [
        (a["ip"], a["port"]) for n in everything["nodes"] for a in n["free_allocations"]]

    limited = run.task("nodes")
    assert set(limited) >= {"nodes"} and "nests" not in limited and "locations" not in limited
    assert all(len(n["free_allocations"]) == 2 for n in limited["nodes"])
    # requests: nests with their eggs, locations, nodes, allocations of each node; then locations, nodes, allocations
    assert limited["api_requests"] == {"GET": 2 + len(sim.state.nodes)}
    assert everything["api_requests"] == {"GET": 1 + 1 + 1 + len(sim.state.nodes)}
    assert writes(sim) == []

    # a key in the wrong option fails before any request, naming the option and never the key
    requests_before = len(sim.requests)
    wrong = run.task("a client key given as api_key")
    assert wrong["failed"] and wrong["option"] == "api_key"
    assert wrong["msg"] == ("api_key: is not a Pterodactyl application API key: those start with ptla_; it starts with "
                            "ptlc_, so it is a client key: pass it as client_api_key")
    assert len(sim.requests) == requests_before
