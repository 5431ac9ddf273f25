# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Pterodactyl panel built from nothing by one playbook (issue 21's acceptance test).

The simulator starts bare (``reset(seed="bare")``): an admin and its keys, the nests and eggs, a database host
on no node, and nothing else: no location, node, allocation, user or server. One playbook builds a location, a
node with its allocations, a user, and a server placed on that location, with a database and a
``server.properties`` of chosen keys. A plan (check mode)
first writes nothing; the run builds it all; the second run sends no write and changes nothing.

Done twice: as one ``gameops.panels.apply`` document, and as a plain playbook of single-object tasks.
"""

from __future__ import annotations

import pytest

from tests.integration.harness import run_playbook, writes
from tests.simulators.pterodactyl.client_files import files_of

#: the keys of server.properties both playbooks declare (server_config): the server is new, so the file is too
PROPERTIES = "motd=Built from nothing\nmax-players=20\n"

DOCUMENT = """
- name: the panel
  gameops.panels.apply:
    document:
      locations:
        - {short: lab, long: Test lab}
      nodes:
        - name: node-lab-1
          location: lab
          fqdn: node-lab-1.example.test
          memory: 16384
          disk: 204800
          allocations:
            - {ip: 127.0.0.1, ports: ["25565-25570", 27015]}
      users:
        - {username: alice, email: alice@example.test, first_name: Alice, last_name: Liddell}
      servers:
        - name: survival
          external_id: community-42-survival
          owner: alice
          egg: Paper
          nest: Minecraft
          environment: {MINECRAFT_VERSION: "1.21.1"}
          limits: {memory: 4096, disk: 20480}
          feature_limits: {databases: 1}
          deployment: {locations: [lab]}
          databases:
            - {name: plugins}
          configs:
            - path: server.properties
              format: properties
              settings: {motd: Built from nothing, max-players: 20}
"""

TASKS = """
- name: location
  gameops.panels.location:
    short: lab
    long: Test lab

- name: node
  gameops.panels.node:
    name: node-lab-1
    location: lab
    fqdn: node-lab-1.example.test
    memory: 16384
    disk: 204800
    allocations:
      - {ip: 127.0.0.1, ports: ["25565-25570", 27015]}

- name: user
  gameops.panels.user:
    username: alice
    email: alice@example.test
    first_name: Alice
    last_name: Liddell

- name: server
  gameops.panels.server:
    name: survival
    external_id: community-42-survival
    owner: alice
    egg: Paper
    nest: Minecraft
    environment: {MINECRAFT_VERSION: "1.21.1"}
    limits: {memory: 4096, disk: 20480}
    feature_limits: {databases: 1}
    deployment: {locations: [lab]}

- name: database
  gameops.panels.database:
    server_external_id: community-42-survival
    name: plugins

- name: server.properties
  gameops.panels.server_config:
    server_external_id: community-42-survival
    path: server.properties
    format: properties
    settings: {motd: Built from nothing, max-players: 20}
"""


@pytest.fixture
def bare(ptero_sim):
    ptero_sim.reset(seed="bare")
    state = ptero_sim.state
    assert (state.locations, state.nodes, state.allocations, state.servers, state.databases) == ({}, {}, {}, {}, {})
    assert [u["username"] for u in state.users.values()] == ["admin"]
    return ptero_sim


def built(sim):
    """The panel as the playbook should leave it, read from the simulator's own tables."""
    state = sim.state
    [location] = state.locations.values()
    [node] = state.nodes.values()
    [server] = state.servers.values()
    [database] = state.databases.values()
    owner = state.users[server["owner_id"]]
    ports = sorted(a["port"] for a in state.allocations.values() if a["node_id"] == node["id"])
    primary = state.allocations[server["allocation_id"]]
    return {
        "location": (location["short"], location["long"]),
        "node": (node["name"], node["fqdn"], node["location_id"] == location["id"], node["memory"], node["disk"]),
        "ports": ports,
        "owner": owner["username"],
        "server": (server["name"], server["external_id"], server["memory"], server["disk"], server["database_limit"]),
        "placed": (primary["node_id"] == node["id"], primary["ip"], primary["port"] in range(25565, 25571)),
        "database": (database["server_id"] == server["id"], database["database"].endswith("_plugins"),
                     database["remote"]),
        "server.properties": properties_of(sim, server),
    }


def properties_of(sim, server):
    """The text of the server's server.properties as the simulator's Wings holds it (None: no such file)."""
    entry = files_of(sim.state, server).get("server.properties")
    return None if entry is None else entry.content.decode("utf-8")


def file_writes(sim):
    return [(method, path) for method, path in writes(sim) if "/files/" in path]


EXPECTED = {
    "location": ("lab", "Test lab"),
    "node": ("node-lab-1", "node-lab-1.example.test", True, 16384, 204800),
    "ports": [25565, 25566, 25567, 25568, 25569, 25570, 27015],
    "owner": "alice",
    "server": ("survival", "community-42-survival", 4096, 20480, 1),
    "placed": (True, "127.0.0.1", True),
    "database": (True, True, "%"),
    "server.properties": PROPERTIES,
}


def test_one_apply_document_builds_the_panel_and_a_second_run_writes_nothing(bare, tmp_path):
    plan = run_playbook(bare, tmp_path, DOCUMENT, check=True, diff=True)
    assert plan.rc == 0, plan
    assert plan.changed == 1
    assert writes(bare) == []
    result = plan.task("the panel")
    # location, node (with its allocations), user, server, database, and the new server's server.properties
    assert result["summary"]["add"] == 6, result["plan"]
    assert [(r["kind"], r["action"]) for r in result["plan"]] == [
        ("user", "create"), ("location", "create"), ("node", "create"), ("server", "create"), ("database", "create"),
        ("server_config", "create")]
    assert "+motd=Built from nothing\n+max-players=20\n" in "".join(d.get("prepared", "") for d in result["diff"])
    assert bare.state.locations == {} and bare.state.servers == {}

    run = run_playbook(bare, tmp_path, DOCUMENT)
    assert run.rc == 0, run
    assert run.changed == 1
    assert built(bare) == EXPECTED
    node_id = list(bare.state.nodes)[0]
    server = list(bare.state.servers.values())[0]
    assert writes(bare) == [
        ("POST", "/api/application/users"),
        ("POST", "/api/application/locations"),
        ("POST", "/api/application/nodes"),
        ("POST", "/api/application/nodes/%d/allocations" % node_id),
        ("POST", "/api/application/servers"),
        ("POST", "/api/client/servers/%s/databases" % server["uuid"][:8]),
        ("POST", "/api/client/servers/%s/files/write" % server["uuid"][:8]),
    ]

    bare.clear_log()
    again = run_playbook(bare, tmp_path, DOCUMENT)
    assert again.rc == 0, again
    assert again.changed == 0
    assert writes(bare) == []
    assert again.task("the panel")["summary_text"].startswith("No changes.")
    assert built(bare) == EXPECTED

    # the panel read back as a document: the database's name and remote, never its password
    password = list(bare.state.databases.values())[0]["password"]
    exported = run_playbook(bare, tmp_path, """
- name: export
  gameops.panels.export:
    sections: [locations, nodes, servers, databases]
""", verbosity=3)
    assert exported.rc == 0, exported
    document = exported.task("export")["document"]
    assert document["locations"] == [{"short": "lab", "long": "Test lab"}]
    assert document["nodes"][0]["allocations"] == [{"ip": "127.0.0.1", "ports": ["25565-25570", "27015"]}]
    assert document["servers"][0]["databases"] == [{"name": "plugins", "remote": "%"}]
    assert password not in exported.stdout


def test_one_playbook_of_tasks_builds_the_panel_and_a_second_run_writes_nothing(bare, tmp_path):
    run = run_playbook(bare, tmp_path, TASKS)
    assert run.rc == 0, run
    assert run.changed == 6
    assert built(bare) == EXPECTED
    server = list(bare.state.servers.values())[0]
    assert file_writes(bare) == [("POST", "/api/client/servers/%s/files/write" % server["uuid"][:8])]

    bare.clear_log()
    again = run_playbook(bare, tmp_path, TASKS)
    assert again.rc == 0, again
    assert again.changed == 0
    assert writes(bare) == []
    assert built(bare) == EXPECTED
