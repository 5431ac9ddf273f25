# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""apply's locations, nodes and per-server databases on Pterodactyl, through ansible-playbook, against the simulator:
references between them, and databases kept, deleted and purged."""

from __future__ import annotations

import json

import pytest

from tests.integration.conftest import make_server
from tests.integration.harness import run_playbook, writes


def apply(document, purge=()):
    return """
- name: apply
  gameops.panels.apply:
    document: %s
    purge: %s
""" % (json.dumps(document), json.dumps(list(purge)))


NODE = {"name": "node-lab-1", "location": "lab", "fqdn": "node-lab-1.example.test", "memory": 8192, "disk": 51200,
        "allocations": [{"ip": "10.1.0.1", "ports": ["26000-26003"]}]}


@pytest.mark.parametrize("check", [True, False])
def test_a_node_on_a_location_nowhere_fails_with_its_path_before_any_write(ptero_sim, tmp_path, check):
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, apply({"locations": [{"short": "lab"}], "nodes": [dict(NODE, location="lba")]}),
                       check=check)
    assert run.rc != 0
    assert run.task("apply")["msg"] == (
        "the document cannot be applied to Pterodactyl (panel_type=pterodactyl) as the panel stands (nothing was "
        "written): nodes[0].location: no location 'lba' on the panel, nor in the document (create it first with "
        "gameops.panels.location)")
    assert writes(ptero_sim) == []


def test_a_server_on_a_location_of_the_same_document_is_planned_then_placed_on_its_node(ptero_sim, tmp_path):
    document = {
        "locations": [{"short": "lab", "long": "Lab"}],
        "nodes": [NODE],
        "servers": [{"name": "labrat", "external_id": "lab-1", "owner": "admin", "egg": "Paper", "nest": "Minecraft",
                     "limits": {"memory": 1024, "disk": 4096}, "deployment": {"locations": ["lab"]}}],
    }
    plan = run_playbook(ptero_sim, tmp_path, apply(document), check=True)
    assert plan.rc == 0, plan
    assert [(r["kind"], r["action"], r["key"]) for r in plan.task("apply")["plan"]] == [
        ("location", "create", "lab"), ("node", "create", "node-lab-1"), ("server", "create", "lab-1")]
    assert writes(ptero_sim) == []

    run = run_playbook(ptero_sim, tmp_path, apply(document))
    assert run.rc == 0, run
    state = ptero_sim.state
    [node] = [n for n in state.nodes.values() if n["name"] == "node-lab-1"]
    [server] = [s for s in state.servers.values() if s["external_id"] == "lab-1"]
    allocation = state.allocations[server["allocation_id"]]
    assert (allocation["node_id"], allocation["ip"], allocation["port"] in range(26000, 26004)) == (node["id"], "10.1.0.1", True)
    create = [r for r in ptero_sim.requests if r.method == "POST" and r.path == "/api/application/servers"][0]
    assert create.body["deploy"]["locations"] == [node["location_id"]]

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, apply(document))
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


def test_databases_are_kept_deleted_and_purged_by_the_document(ptero_sim, tmp_path):
    server = make_server(ptero_sim, databases=3)
    identifier = server["uuid"][:8]
    base = {"name": "survival", "external_id": "community-42"}
    run = run_playbook(ptero_sim, tmp_path, apply({"servers": [dict(base, databases=[
        {"name": "plugins"}, {"name": "stats", "remote": "10.1.%"}, {"name": "scratch"}])]}))
    assert run.rc == 0, run
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/databases" % identifier)] * 3

    def databases():
        return sorted((d["database"].split("_", 1)[1], d["remote"]) for d in ptero_sim.state.databases.values())

    assert databases() == [("plugins", "%"), ("scratch", "%"), ("stats", "10.1.%")]
    passwords = [d["password"] for d in ptero_sim.state.databases.values()]
    assert len(passwords) == 3 and all(passwords)

    # a changed remote cannot be written through the API: refused with its path, before any write
    ptero_sim.clear_log()
    refused = run_playbook(ptero_sim, tmp_path, apply({"servers": [dict(base, databases=[{"name": "stats", "remote": "%"}])]}))
    assert refused.rc != 0
    assert refused.task("apply")["msg"] == (
        "the document cannot be applied to Pterodactyl (panel_type=pterodactyl) as the panel stands (nothing was "
        "written): servers[0].databases[0].remote: the database stats accepts connections from 10.1.%; Pterodactyl "
        "cannot change that through its API (there is no such route): delete the database and create it again (its "
        "data is lost), or declare remote: 10.1.%")
    assert writes(ptero_sim) == []

    # one deleted by state=absent; the undeclared one left alone (reported unmanaged), then purged
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, apply({"servers": [dict(base, databases=[
        {"name": "plugins"}, {"name": "stats", "state": "absent"}])]}))
    assert run.rc == 0 and run.changed == 1, run
    assert databases() == [("plugins", "%"), ("scratch", "%")]
    assert run.task("apply")["unmanaged"] == [
        {"section": "databases", "kind": "database", "key": "scratch", "server": "community-42"}]
    purged = run_playbook(ptero_sim, tmp_path, apply({"servers": [dict(base, databases=[{"name": "plugins"}])]},
                                                     purge=["databases"]))
    assert purged.rc == 0 and purged.changed == 1, purged
    assert databases() == [("plugins", "%")]
    # no database's password in any output
    for result in (run, purged, refused):
        assert not [p for p in passwords if p in result.stdout or p in json.dumps(result.task("apply"))]
