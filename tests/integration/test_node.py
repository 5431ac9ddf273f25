# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.node and node_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

from tests.integration.harness import run_playbook, writes

NEW = """
- name: node
  gameops.panels.node:
    name: node-eu-2
    location: eu-west
    fqdn: node-eu-2.example.test
    memory: 32768
    disk: 512000
    allocations:
      - ip: 10.0.0.12
        ports: %s
"""


def node_named(sim, name):
    return [n for n in sim.state.nodes.values() if n["name"] == name][0]


def ports(sim, node):
    return sorted((a["ip"], a["port"]) for a in sim.state.rows("allocations", node_id=node["id"]))


def test_create_with_allocations_then_second_run_writes_nothing(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, NEW % '["25565-25567", 27015]')
    assert run.rc == 0, run
    assert run.changed == 1
    node = node_named(ptero_sim, "node-eu-2")
    assert writes(ptero_sim) == [("POST", "/api/application/nodes"),
                                 ("POST", "/api/application/nodes/%d/allocations" % node["id"])]
    posts = [r.body for r in ptero_sim.requests if r.method == "POST"]
    assert posts[0] == {"name": "node-eu-2", "location_id": 1, "fqdn": "node-eu-2.example.test", "scheme": "https",
                        "memory": 32768, "memory_overallocate": 0, "disk": 512000, "disk_overallocate": 0,
                        "daemon_listen": 8080, "daemon_sftp": 2022}
    assert posts[1] == {"ip": "10.0.0.12", "ports": ["25565-25567", "27015"]}
    assert ports(ptero_sim, node) == [("10.0.0.12", p) for p in (25565, 25566, 25567, 27015)]
    result = run.task("node")["node"]
    assert result["location"] == "eu-west" and result["allocations"] == [
        {"ip": "10.0.0.12", "ports": ["25565-25567", "27015"]}]

    ptero_sim.clear_log()
    # the same set written another way
    again = run_playbook(ptero_sim, tmp_path, NEW % '["27015", "25565-25566", 25567]')
    assert again.rc == 0, again
    assert again.changed == 0
    assert writes(ptero_sim) == []


def test_one_setting_is_one_patch_with_what_the_panel_requires(ptero_sim, tmp_path):
    node = node_named(ptero_sim, "node-eu-1")
    task = """
- name: node
  gameops.panels.node:
    name: node-eu-1
    maintenance_mode: true
"""
    plan = run_playbook(ptero_sim, tmp_path, task, check=True, diff=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    assert plan.task("node")["plan"]["changes"][0]["fields"] == {"maintenance_mode": {"before": False, "after": True}}
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("PATCH", "/api/application/nodes/%d" % node["id"])]
    patch = [r.body for r in ptero_sim.requests if r.method == "PATCH"][0]
    assert patch == {"name": "node-eu-1", "location_id": 1, "fqdn": "node-eu-1.example.test", "scheme": "https",
                     "memory": 16384, "memory_overallocate": 0, "disk": 204800, "disk_overallocate": 0,
                     "daemon_listen": 8080, "daemon_sftp": 2022, "maintenance_mode": True}
    assert node_named(ptero_sim, "node-eu-1")["maintenance_mode"] in (True, 1)


def test_allocations_by_difference_keep_the_ones_a_server_uses(ptero_sim, tmp_path, game_server):
    node = node_named(ptero_sim, "node-eu-1")
    used = sorted((a["ip"], a["port"]) for a in ptero_sim.state.rows("allocations", node_id=node["id"])
                  if a["server_id"] is not None)
    assert used  # the server holds at least its primary allocation
    task = """
- name: node
  gameops.panels.node:
    name: node-eu-1
    allocations:
      - ip: 127.0.0.1
        ports: ["25580-25584"]
      - ip: 127.0.0.3
        ports: [30000]
"""
    plan = run_playbook(ptero_sim, tmp_path, task, check=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    kept = ["%s:%d" % pair for pair in used]
    assert plan.task("node")["plan"]["allocations_kept"] == {"node-eu-1": kept}

    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc == 0 and run.changed == 1, run
    expected = set(("127.0.0.1", p) for p in range(25580, 25585)) | {("127.0.0.3", 30000)} | set(used)
    assert set(ports(ptero_sim, node)) == expected
    deleted = [w for w in writes(ptero_sim) if w[0] == "DELETE"]
    assert len(deleted) == 20 - 5 - len([u for u in used if u[1] < 25580])
    assert ("POST", "/api/application/nodes/%d/allocations" % node["id"]) in writes(ptero_sim)
    assert "allocations a server uses are kept although not declared: %s" % ", ".join(kept) in run.output

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, task)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


def test_delete_and_info_and_bad_input(ptero_sim, tmp_path):
    run_playbook(ptero_sim, tmp_path, NEW % "[25565]")
    node = node_named(ptero_sim, "node-eu-2")
    ptero_sim.clear_log()
    info = run_playbook(ptero_sim, tmp_path, """
- name: info
  gameops.panels.node_info:
    location: eu-west
""")
    assert info.rc == 0, info
    assert writes(ptero_sim) == []
    found = info.task("info")["nodes"]
    assert [n["name"] for n in found] == ["node-eu-1", "node-eu-2"]
    assert found[0]["allocations"] == [{"ip": "127.0.0.1", "ports": ["25565-25584"]}]
    assert found[1]["allocations_in_use"] == []

    gone = """
- name: gone
  gameops.panels.node:
    name: node-eu-2
    state: absent
"""
    run = run_playbook(ptero_sim, tmp_path, gone)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("DELETE", "/api/application/nodes/%d" % node["id"])]
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, gone)
    assert again.rc == 0 and again.changed == 0 and writes(ptero_sim) == [], again

    bad = run_playbook(ptero_sim, tmp_path, """
- name: low port
  gameops.panels.node:
    name: node-eu-1
    allocations: [{ip: 127.0.0.1, ports: ["80"]}]
  ignore_errors: true
- name: big range
  gameops.panels.node:
    name: node-eu-1
    allocations: [{ip: 127.0.0.1, ports: ["20000-21000"]}]
  ignore_errors: true
- name: not an ip
  gameops.panels.node:
    name: node-eu-1
    allocations: [{ip: play.example.com, ports: [25565]}]
  ignore_errors: true
- name: missing fqdn
  gameops.panels.node:
    name: node-new
    location: eu-west
    memory: 1024
    disk: 1024
  ignore_errors: true
  check_mode: true
- name: on amp
  gameops.panels.node:
    panel_type: amp
    panel_username: admin
    panel_password: secret
    name: node-eu-1
  ignore_errors: true
""")
    assert bad.rc == 0, bad
    assert writes(ptero_sim) == []
    assert bad.task("low port")["msg"] == ("allocations[0].ports: each entry must be a port or a range such as "
                                           "'25565-25575' between 1025 and 65535, got '80'")
    assert bad.task("big range")["msg"] == "allocations[0].ports: a range may span at most 1000 ports, got '20000-21000'"
    assert bad.task("not an ip")["option"] == "allocations[0].ip"
    assert bad.task("missing fqdn")["msg"] == "fqdn: is required to create node 'node-new'"
    assert bad.task("on amp")["msg"].startswith("panel_type: node is not supported on ")
