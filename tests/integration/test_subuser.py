# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.subuser and subuser_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

from tests.integration.harness import run_playbook, writes

MOD = """
- name: mod
  gameops.panels.subuser:
    server_external_id: community-42
    email: Mod@Example.test
    permissions: %s
"""


def mod(permissions="[control.console, file.read, control.console]", extra=""):
    return MOD % permissions + extra


def subusers(sim, server):
    """email -> stored permission list of every subuser of ``server``."""
    return dict((sim.state.users[s["user_id"]]["email"], s["permissions"])
                for s in sim.state.subusers.values() if s["server_id"] == server["id"])


def test_create_then_second_run_is_a_noop(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, mod())
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/users" % game_server["uuidShort"])]
    post = [r for r in ptero_sim.requests if r.method == "POST"][0]
    # sorted, de-duplicated, websocket.connect added by us, so the panel has nothing to normalise
    assert post.body == {"email": "Mod@Example.test",
                         "permissions": ["control.console", "file.read", "websocket.connect"]}
    assert subusers(ptero_sim, game_server) == {
        "Mod@Example.test": ["control.console", "file.read", "websocket.connect"]}
    # the panel created a user for the unknown address
    user = [u for u in ptero_sim.state.users.values() if u["email"] == "Mod@Example.test"][0]
    assert (user["name_first"], user["name_last"]) == ("Server", "Subuser")
    result = run.task("mod")["subuser"]
    assert result["uuid"] == user["uuid"] and result["username"] == user["username"]
    assert result["permissions"] == ["control.console", "file.read", "websocket.connect"]
    assert result["two_factor"] is False

    ptero_sim.clear_log()
    # same set in another order and case of the e-mail, websocket.connect spelled out
    again = run_playbook(ptero_sim, tmp_path, MOD.replace("Mod@Example.test", "mod@example.TEST")
                         % "[websocket.connect, file.read, control.console]")
    assert again.rc == 0, again
    assert again.changed == 0
    assert writes(ptero_sim) == []
    assert again.task("mod")["plan"]["summary"] == {"create": 0, "update": 0, "delete": 0, "unchanged": 1}


def test_changing_permissions_replaces_the_set_with_one_post(ptero_sim, tmp_path, game_server):
    assert run_playbook(ptero_sim, tmp_path, mod()).rc == 0
    user_uuid = [u for u in ptero_sim.state.users.values() if u["email"] == "Mod@Example.test"][0]["uuid"]
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, mod("[control.restart, file.read]"), diff=True)
    assert run.rc == 0, run
    assert run.changed == 1
    path = "/api/client/servers/%s/users/%s" % (game_server["uuidShort"], user_uuid)
    assert writes(ptero_sim) == [("POST", path)]
    post = [r for r in ptero_sim.requests if r.method == "POST"][0]
    assert post.body == {"permissions": ["control.restart", "file.read", "websocket.connect"]}
    # control.console was dropped: the stored list is exactly the declared set
    assert sorted(subusers(ptero_sim, game_server)["Mod@Example.test"]) == [
        "control.restart", "file.read", "websocket.connect"]
    result = run.task("mod")
    assert result["plan"]["changes"][0]["fields"] == {"permissions": {
        "before": ["control.console", "file.read", "websocket.connect"],
        "after": ["control.restart", "file.read", "websocket.connect"]}}
    assert result["diff"]["after"]["mod@example.test"]["permissions"] == [
        "control.restart", "file.read", "websocket.connect"]


def test_check_mode_plans_and_writes_nothing(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, mod(), check=True, diff=True)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == []
    assert subusers(ptero_sim, game_server) == {}
    assert run.task("mod")["plan"]["summary"]["create"] == 1

    assert run_playbook(ptero_sim, tmp_path, mod()).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, mod("[file.read]"), check=True)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == []
    assert sorted(subusers(ptero_sim, game_server)["Mod@Example.test"]) == [
        "control.console", "file.read", "websocket.connect"]


def test_absent_deletes_the_subuser_and_keeps_the_user(ptero_sim, tmp_path, game_server):
    assert run_playbook(ptero_sim, tmp_path, mod()).rc == 0
    user_uuid = [u for u in ptero_sim.state.users.values() if u["email"] == "Mod@Example.test"][0]["uuid"]
    ptero_sim.clear_log()
    absent = """
    - name: gone
      gameops.panels.subuser:
        server: survival
        email: mod@example.test
        state: absent
    """
    run = run_playbook(ptero_sim, tmp_path, absent)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("DELETE", "/api/client/servers/%s/users/%s" % (game_server["uuidShort"], user_uuid))]
    assert subusers(ptero_sim, game_server) == {}
    assert any(u["uuid"] == user_uuid for u in ptero_sim.state.users.values())

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, absent)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


def test_unknown_permission_key_fails_before_any_write(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, mod("[control.console, file.raed, nuke, console.read]", "  ignore_errors: true\n"))
    assert run.rc == 0, run
    result = run.task("mod")
    assert result["failed"]
    assert result["option"] == "permissions"
    assert result["msg"].startswith(
        "permissions: unknown permission key(s) for this panel: console.read (did you mean control.console?), "
        "file.raed (did you mean file.read?), nuke.")
    assert writes(ptero_sim) == []
    assert subusers(ptero_sim, game_server) == {}


def test_owner_cannot_be_a_subuser(ptero_sim, tmp_path, game_server):
    owner = ptero_sim.state.users[game_server["owner_id"]]
    tasks = MOD.replace("Mod@Example.test", owner["email"].upper()) % "[file.read]" + "  ignore_errors: true\n"
    # with an application key the owner is found before any write, in check mode too
    for check in (True, False):
        run = run_playbook(ptero_sim, tmp_path, tasks, check=check)
        result = run.task("mod")
        assert result["failed"] and result["option"] == "email", run
        assert "owns server 'survival' and cannot be added as its subuser" in result["msg"]
    assert writes(ptero_sim) == []

    # with only a client key the panel's refusal is reported, naming the option
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, tasks, extra_env={"GAMEOPS_API_KEY": None})
    result = run.task("mod")
    assert result["failed"] and result["option"] == "email", run
    assert "You cannot add the server owner as a subuser for this server." in result["msg"]
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/users" % game_server["uuidShort"])]
    assert subusers(ptero_sim, game_server) == {}


def test_subuser_info_lists_subusers_and_permission_keys(ptero_sim, tmp_path, game_server):
    assert run_playbook(ptero_sim, tmp_path, mod()).rc == 0
    ptero_sim.add_user("helper", email="helper@example.test")
    assert run_playbook(ptero_sim, tmp_path, """
    - name: helper
      gameops.panels.subuser:
        server: survival
        email: helper@example.test
    """).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, """
    - name: all
      gameops.panels.subuser_info:
        server: survival
    - name: one
      gameops.panels.subuser_info:
        server_external_id: community-42
        email: HELPER@example.test
        permission_keys: true
    """)
    assert run.rc == 0, run
    assert run.changed == 0 and writes(ptero_sim) == []
    listed = run.task("all")["subusers"]
    assert [(s["email"], s["permissions"]) for s in listed] == [
        ("Mod@Example.test", ["control.console", "file.read", "websocket.connect"]),
        ("helper@example.test", ["websocket.connect"]),
    ]
    assert "permission_keys" not in run.task("all")
    one = run.task("one")
    assert [s["username"] for s in one["subusers"]] == ["helper"]
    from tests.simulators.pterodactyl.client_transformers import ALL_PERMISSIONS
    assert one["permission_keys"] == sorted(ALL_PERMISSIONS)
    assert one["server"]["name"] == "survival"


def test_create_converges_on_an_entry_added_since_the_list_was_read(ptero_sim, game_server):
    """A concurrent run (or a retried POST that had reached the panel) added the subuser: no failure, no duplicate."""
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.subusers import SubuserAdapter
    from tests.simulators.pterodactyl import DEFAULT_CLIENT_KEY

    client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    server = client.find_servers(name="survival")[0]
    client.create_subuser(server["identifier"], "late@example.test", ["file.read"])
    ptero_sim.clear_log()
    result = SubuserAdapter(client, server).create({"email": "LATE@example.test",
                                                    "permissions": ["control.console", "websocket.connect"]})
    assert result["permissions"] == ["control.console", "websocket.connect"]
    identifier = game_server["uuidShort"]
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/users" % identifier),
                                 ("POST", "/api/client/servers/%s/users/%s" % (identifier, result["uuid"]))]
    assert subusers(ptero_sim, game_server) == {"late@example.test": ["control.console", "websocket.connect"]}
