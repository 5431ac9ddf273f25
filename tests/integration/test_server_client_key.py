# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.server with only a client key: an owner's view of an existing server."""

from __future__ import annotations

import pytest

from tests.integration.harness import run_playbook, writes

ONLY_CLIENT = {"GAMEOPS_API_KEY": None}


@pytest.fixture
def alice_key(ptero_sim, game_server):
    """A client key of the server's owner (not an admin)."""
    return ptero_sim.add_client_key(user_id=game_server["owner_id"])


def variable(sim, server, name):
    return sim.state.server_environment(server["id"])[name]


def run(sim, tmp_path, tasks, key, **kwargs):
    return run_playbook(sim, tmp_path, tasks, client_api_key=key, extra_env=ONLY_CLIENT, **kwargs)


VERSION = """
- name: owner
  gameops.panels.server:
    external_id: community-42
    environment:
      MINECRAFT_VERSION: "1.20.4"
"""


def test_a_startup_variable_is_one_put_and_then_a_noop(ptero_sim, tmp_path, game_server, alice_key):
    result = run(ptero_sim, tmp_path, VERSION, alice_key)
    assert result.rc == 0 and result.changed == 1, result
    assert writes(ptero_sim) == [("PUT", "/api/client/servers/%s/startup/variable" % game_server["uuidShort"])]
    assert [r.body for r in ptero_sim.requests if r.method == "PUT"] == [{"key": "MINECRAFT_VERSION", "value": "1.20.4"}]
    assert variable(ptero_sim, game_server, "MINECRAFT_VERSION") == "1.20.4"
    # no request used the application API
    assert not [r for r in ptero_sim.requests if r.path.startswith("/api/application")]

    ptero_sim.clear_log()
    again = run(ptero_sim, tmp_path, VERSION, alice_key)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []

    check = run(ptero_sim, tmp_path, VERSION.replace("1.20.4", "1.19.2"), alice_key, check=True)
    assert check.rc == 0 and check.changed == 1
    assert writes(ptero_sim) == []


def test_rename_and_image_use_the_settings_routes(ptero_sim, tmp_path, game_server, alice_key):
    tasks = """
- name: owner
  gameops.panels.server:
    external_id: community-42
    name: survival-eu
    description: Our world
    docker_image: ghcr.io/pterodactyl/yolks:java_17
"""
    result = run(ptero_sim, tmp_path, tasks, alice_key)
    assert result.rc == 0 and result.changed == 1, result
    identifier = game_server["uuidShort"]
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/settings/rename" % identifier),
                                 ("PUT", "/api/client/servers/%s/settings/docker-image" % identifier)]
    stored = ptero_sim.state.servers[game_server["id"]]
    assert (stored["name"], stored["description"], stored["image"]) == ("survival-eu", "Our world", "ghcr.io/pterodactyl/yolks:java_17")
    ptero_sim.clear_log()
    assert run(ptero_sim, tmp_path, tasks, alice_key).changed == 0
    assert writes(ptero_sim) == []


def test_options_that_need_the_application_api_fail_before_any_request(ptero_sim, tmp_path, game_server, alice_key):
    result = run(ptero_sim, tmp_path, VERSION + "    limits: {memory: 4096}\n", alice_key)
    assert result.rc != 0
    assert result.task("owner")["option"] == "limits"
    assert result.task("owner")["msg"].startswith("limits: needs api_key (an application key)")
    assert ptero_sim.requests == []


def test_bad_and_read_only_variables_fail_before_any_write(ptero_sim, tmp_path, game_server, alice_key):
    result = run(ptero_sim, tmp_path, VERSION.replace("MINECRAFT_VERSION", "NOT_A_VARIABLE"), alice_key)
    assert result.rc != 0
    assert result.task("owner")["option"] == "environment.NOT_A_VARIABLE"
    result = run(ptero_sim, tmp_path, VERSION.replace('"1.20.4"', '"%s"' % ("9" * 30)), alice_key)
    assert result.rc != 0
    assert "may not be greater than 20 characters" in result.task("owner")["msg"] or "max:20" in result.task("owner")["msg"]
    for row in ptero_sim.state.egg_variables_of(game_server["egg_id"]):
        if row["env_variable"] == "MINECRAFT_VERSION":
            ptero_sim.state.update(row, {"user_editable": False})
    result = run(ptero_sim, tmp_path, VERSION, alice_key)
    assert result.rc != 0
    assert result.task("owner")["msg"] == "environment.MINECRAFT_VERSION: 'MINECRAFT_VERSION' is read-only for users of this server"
    assert writes(ptero_sim) == []


def test_a_server_the_key_cannot_see_is_not_found(ptero_sim, tmp_path, game_server):
    bob = ptero_sim.add_user("bob", email="bob@example.test")
    result = run(ptero_sim, tmp_path, VERSION, ptero_sim.add_client_key(user_id=bob["id"]))
    assert result.rc != 0
    assert result.task("owner")["msg"] == (
        "external_id: no server with external_id 'community-42' that the client key may see; creating one needs api_key")
    assert writes(ptero_sim) == []
