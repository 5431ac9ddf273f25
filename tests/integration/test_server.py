# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.server and server_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

import pytest

from tests.integration.harness import run_playbook, writes

OWNER = """
- name: owner
  gameops.panels.user:
    username: alice
    email: alice@example.test
    first_name: Alice
    last_name: Liddell
"""

SURVIVAL = """
- name: survival
  gameops.panels.server:
    name: survival
    external_id: community-42
    owner: alice
    egg: Paper
    nest: Minecraft
    environment:
      MINECRAFT_VERSION: "1.21.1"
    limits:
      memory: 4096
      disk: 20480
      cpu: 200
    feature_limits:
      backups: 5
    deployment:
      locations: [eu-west]
"""


def server(sim, external_id="community-42"):
    found = [s for s in sim.state.servers.values() if s["external_id"] == external_id]
    return found[0] if found else None


@pytest.fixture
def survival(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, OWNER + SURVIVAL)
    assert run.rc == 0, run
    ptero_sim.clear_log()
    return run


def test_create_fills_from_the_egg_and_second_run_is_a_noop(ptero_sim, tmp_path, survival):
    assert survival.changed == 2
    created = server(ptero_sim)
    assert created["name"] == "survival"
    assert (created["memory"], created["disk"], created["cpu"], created["swap"], created["io"]) == (4096, 20480, 200, 0, 500)
    assert created["backup_limit"] == 5
    # the panel copies nothing from the egg; the module sent image, startup and every variable
    assert created["image"] == "ghcr.io/pterodactyl/yolks:java_21"
    assert created["startup"].startswith("java -Xms128M")
    result = survival.task("survival")["server"]
    assert result["environment"] == {"MINECRAFT_VERSION": "1.21.1", "SERVER_JARFILE": "server.jar",
                                     "BUILD_NUMBER": "latest"}
    assert result["owner"] == "alice" and result["node"] == "node-eu-1"
    assert result["allocation"].startswith("127.0.0.1:")

    second = run_playbook(ptero_sim, tmp_path, OWNER + SURVIVAL)
    assert second.rc == 0, second
    assert second.changed == 0
    assert writes(ptero_sim) == []


def test_memory_change_is_one_build_patch(ptero_sim, tmp_path, survival):
    server_id = server(ptero_sim)["id"]
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL.replace("memory: 4096", "memory: 6144"))
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("PATCH", "/api/application/servers/%d/build" % server_id)]
    body = [r for r in ptero_sim.requests if r.method == "PATCH"][0].body
    # a complete body: the panel requires every limit, the allocation and the feature limit keys
    assert body["limits"] == {"memory": 6144, "swap": 0, "disk": 20480, "io": 500, "cpu": 200, "threads": None}
    assert body["feature_limits"] == {"databases": 0, "allocations": 0, "backups": 5}
    assert body["allocation"] == server(ptero_sim)["allocation_id"]
    assert server(ptero_sim)["memory"] == 6144
    assert run.task("survival")["plan"]["changes"][0]["fields"]["limits"]["after"]["memory"] == 6144


def test_description_change_is_one_details_patch_keeping_external_id(ptero_sim, tmp_path, survival):
    server_id = server(ptero_sim)["id"]
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL + "    description: Survival world\n")
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("PATCH", "/api/application/servers/%d/details" % server_id)]
    # the details PATCH nulls an omitted external_id: the module must resend it
    assert server(ptero_sim)["description"] == "Survival world"
    assert server(ptero_sim)["external_id"] == "community-42"


def test_environment_change_is_one_startup_patch_keeping_other_variables(ptero_sim, tmp_path, survival):
    server_id = server(ptero_sim)["id"]
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL.replace('"1.21.1"', '"1.20.4"'))
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("PATCH", "/api/application/servers/%d/startup" % server_id)]
    body = [r for r in ptero_sim.requests if r.method == "PATCH"][0].body
    assert body["environment"] == {"MINECRAFT_VERSION": "1.20.4", "SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"}
    assert run.task("survival")["server"]["environment"]["BUILD_NUMBER"] == "latest"


def test_check_mode_reports_changes_and_writes_nothing(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, OWNER).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL, check=True, diff=True)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == []
    assert server(ptero_sim) is None
    assert run.task("survival")["plan"]["summary"]["create"] == 1

    assert run_playbook(ptero_sim, tmp_path, SURVIVAL).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL.replace("cpu: 200", "cpu: 300") + "    suspended: true\n",
                       check=True, diff=True)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == []
    result = run.task("survival")
    assert result["diff"]["before"]["community-42"]["limits"]["cpu"] == 200
    assert result["diff"]["after"]["community-42"]["limits"]["cpu"] == 300
    assert server(ptero_sim)["cpu"] == 200


def test_suspend_and_unsuspend(ptero_sim, tmp_path, survival):
    server_id = server(ptero_sim)["id"]
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL + "    suspended: true\n")
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("POST", "/api/application/servers/%d/suspend" % server_id)]
    assert server(ptero_sim)["status"] == "suspended"
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL + "    suspended: false\n")
    assert writes(ptero_sim) == [("POST", "/api/application/servers/%d/unsuspend" % server_id)]
    assert server(ptero_sim)["status"] is None


def test_delete(ptero_sim, tmp_path, survival):
    server_id = server(ptero_sim)["id"]
    absent = "- name: gone\n  gameops.panels.server:\n    external_id: community-42\n    state: absent\n    force: true\n"
    run = run_playbook(ptero_sim, tmp_path, absent)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("DELETE", "/api/application/servers/%d/force" % server_id)]
    assert server(ptero_sim) is None
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, absent)
    assert run.rc == 0 and run.changed == 0 and writes(ptero_sim) == []


def test_missing_egg_fails_naming_the_option_with_zero_writes(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, OWNER).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL.replace("egg: Paper", "egg: paper"))
    result = run.task("survival")
    assert result["failed"]
    assert result["msg"] == ("egg: no egg 'paper' in nest 'Minecraft' on the panel; names are case-sensitive: did you "
                             "mean 'Paper'? (known: Paper, Vanilla Minecraft)")
    assert result["option"] == "egg"
    assert writes(ptero_sim) == []


@pytest.mark.parametrize("environment, option, fragment", [
    ("NOT_A_VAR: x", "environment.NOT_A_VAR", "is not a variable of egg 'Paper'"),
    ("SERVER_JARFILE: server.zip", "environment.SERVER_JARFILE", "does not match the pattern"),
    ("MINECRAFT_VERSION: this-version-string-is-far-too-long", "environment.MINECRAFT_VERSION",
     "may not be greater than 20 characters"),
])
def test_invalid_environment_fails_before_any_write(ptero_sim, tmp_path, environment, option, fragment):
    assert run_playbook(ptero_sim, tmp_path, OWNER).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL.replace('MINECRAFT_VERSION: "1.21.1"', environment))
    result = run.task("survival")
    assert result["failed"], run
    assert result["msg"].startswith(option + ": ")
    assert fragment in result["msg"]
    assert writes(ptero_sim) == []


def test_invalid_environment_on_an_existing_server_fails_before_any_write(ptero_sim, tmp_path, survival):
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL.replace('MINECRAFT_VERSION: "1.21.1"', "SERVER_JARFILE: ''"))
    result = run.task("survival")
    assert result["failed"] and result["msg"].startswith("environment.SERVER_JARFILE: ")
    assert writes(ptero_sim) == []


def test_unknown_owner_and_location_fail_with_zero_writes(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL)
    assert run.task("survival")["msg"] == "owner: no user with username 'alice' on the panel"
    assert run_playbook(ptero_sim, tmp_path, OWNER).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SURVIVAL.replace("[eu-west]", "[mars-north]"))
    assert run.task("survival")["msg"] == ("deployment.locations: no location 'mars-north' on the panel "
                                           "(known: eu-west, us-east)")
    assert writes(ptero_sim) == []


def test_explicit_allocation_and_server_info(ptero_sim, tmp_path):
    tasks = OWNER + """
- name: lobby
  gameops.panels.server:
    name: lobby
    owner: alice@example.test
    egg: Garrys Mod
    environment:
      MAX_PLAYERS: 64
    limits:
      memory: 2048
      disk: 10240
    allocation:
      node: node-us-1
      ip: 127.0.0.2
      port: 25570
- name: info
  gameops.panels.server_info:
    name: lobby
"""
    run = run_playbook(ptero_sim, tmp_path, tasks)
    assert run.rc == 0, run
    [info] = run.task("info")["servers"]
    assert info["allocation"] == "127.0.0.2:25570" and info["node"] == "node-us-1"
    assert info["environment"]["MAX_PLAYERS"] == "64" and info["nest"] == "Source Engine"
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, tasks)
    assert run.changed == 0 and writes(ptero_sim) == []
