# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty simulator: servers (create types, patch, delete, actions, stdin) and their version differences."""
from __future__ import annotations

import uuid

import pytest

from tests.unit.simulators.crafty_support import USER_PASSWORD, Api, assert_crash, assert_error, java_server

PAPER_URL = "https://jars.arcadiatech.org/paper/1.20.4/paper.jar"


@pytest.mark.parametrize("version", ["4.0.8", "4.4", "4.4.8", "4.10"])
def test_create_a_java_server_from_a_downloaded_jar(crafty_pool, version):
    sim = crafty_pool.get(version)
    api = Api.admin(sim)
    body = java_server(autostart=True, crashdetection=True, autostart_delay=30)
    if version == "4.0.8":
        del body["minecraft_java_create_data"]["download_jar_create_data"]["category"]
    created = api.post("/servers", json=body)
    assert created.status_code == 201, created.text  # quirk 27
    data = created.json()["data"]
    assert isinstance(data["new_server_id"], str)  # a string even where ids are ints (quirk 7)
    server = api.get("/servers/%s" % data["new_server_id"]).json()["data"]
    if version == "4.0.8":
        assert server["server_id"] == 1 and data["new_server_id"] == "1"
        assert data["new_server_uuid"] == server["server_uuid"]
    else:
        assert server["server_id"] == data["new_server_id"] == data["new_server_uuid"]
        uuid.UUID(server["server_id"])
        assert server["created_by"] == 1
    assert server["server_name"] == "survival"
    assert server["type"] == "minecraft-java"  # monitoring_type minecraft_java -> minecraft-java
    assert server["server_port"] == 25570
    # the jar and its command (relative to the server folder): 4.0.8 counts 1024 MiB per GB; 4.10.7 names the
    # jar after its type alone; 4.4+ keep the big bucket URL to update it from
    expected = {"4.0.8": ("paper-1.20.4.jar", "java -Xms1024M -Xmx2048M -jar paper-1.20.4.jar nogui", ""),
                "4.4": ("paper-1.20.4.jar", "java -Xms1000M -Xmx2000M -jar paper-1.20.4.jar nogui", PAPER_URL),
                "4.4.8": ("paper-1.20.4.jar", "java -Xms1000M -Xmx2000M -jar paper-1.20.4.jar nogui", PAPER_URL),
                "4.10": ("paper.jar", "java -Xms1000M -Xmx2000M -jar paper.jar nogui", PAPER_URL)}[version]
    assert (server["executable"], server["execution_command"], server["executable_update_url"]) == expected
    assert server["log_path"] == "./logs/latest.log" and server["show_status"] is True
    # the create keys autostart/crashdetection/autostart_delay are ignored (quirk 16)
    assert (server["auto_start"], server["crash_detection"], server["auto_start_delay"]) == (False, False, 10)
    assert sim.state.server_status[server["server_id"]]["running"] is False
    backups = [b for b in sim.state.backups.values() if b["server_id"] == server["server_id"]]
    expected = [] if version == "4.0.8" else [("Default Backup", True, "/crafty/backups/%s" % server["server_id"])]
    assert [(b["backup_name"], b["default"], b["backup_location"]) for b in backups] == expected
    # 4.10.7's server object: 23 keys, and the single GET adds a status block
    assert ("app_id" in server, "update_watcher" in server, "status" in server) == ((version == "4.10",) * 3)
    if version == "4.10":
        assert len(api.get("/servers").json()["data"][0]) == 23
        assert server["status"] == {"update_available": False, "updating": False, "backing_up": False,
                                    "last_backup": False}


@pytest.mark.parametrize("version", ["4.4", "4.4.8", "4.10"])
def test_create_needs_a_category_of_the_big_bucket(crafty_pool, version):
    """Crafty registers the server, then looks the jar up in the big bucket catalogue; a category it lacks
    (the collection used to send "Mc_java_servers") leaves the update URL NULL and the write fails: 503,
    and the half-made server stays with its default backup configuration (recorded on 4.10.7)."""
    sim = crafty_pool.get(version)
    api = Api.admin(sim)
    body = java_server(name="halfmade")
    body["minecraft_java_create_data"]["download_jar_create_data"]["category"] = "Mc_java_servers"
    assert_error(api.post("/servers", json=body), 503, "Could not create server",
                 "NOT NULL constraint failed: servers.executable_update_url")
    [server] = api.get("/servers").json()["data"]
    assert (server["server_name"], server["executable_update_url"]) == ("halfmade", "")
    assert [b["backup_name"] for b in sim.state.backups.values()] == ["Default Backup"]
    # an unknown type fails alike; a proxy lives in its own category
    body = java_server(name="nojar")
    body["minecraft_java_create_data"]["download_jar_create_data"]["type"] = "Paper"
    assert api.post("/servers", json=body).status_code == 503
    body = java_server(name="proxy")
    jar = body["minecraft_java_create_data"]["download_jar_create_data"]
    jar.update(category="mc_java_proxies", type="velocity", version="3.4.0")
    sid = api.post("/servers", json=body).json()["data"]["new_server_id"]
    assert sim.state.servers[sid]["executable_update_url"] == "https://jars.arcadiatech.org/velocity/3.4.0/velocity.jar"
    # installers keep their version in the jar name, start with --installServer and have no update URL
    body = java_server(name="modded")
    body["minecraft_java_create_data"]["download_jar_create_data"].update(type="forge-installer", mem_max=1.5)
    sid = api.post("/servers", json=body).json()["data"]["new_server_id"]
    assert sim.state.servers[sid]["execution_command"] == (
        "java -Xms1000M -Xmx1500M -jar forge-installer-1.20.4.jar --installServer")
    assert sim.state.servers[sid]["executable_update_url"] == ""
    # a catalogue with versions refuses the others
    sim.state.big_bucket["mc_java_servers"]["paper"] = ["1.21.1"]
    assert api.post("/servers", json=java_server(name="old")).status_code == 503


def test_create_on_4_3_takes_any_category(crafty_pool):
    sim = crafty_pool.get("4.3")
    api = Api.admin(sim)
    body = java_server()
    body["minecraft_java_create_data"]["download_jar_create_data"]["category"] = "Mc_java_servers"
    sid = api.post("/servers", json=body).json()["data"]["new_server_id"]
    assert sim.state.servers[sid]["executable"] == "paper-1.20.4.jar"


def test_ram_limit_of_upstream_4_10_7(crafty_pool):
    """G6. Upstream Crafty 4.10.7 refuses a create whose mem_max (GB) exceeds the creating user's max_ram_gb,
    superusers included. Evidence: the running fork (Michael-Howard209z/crafty-4-master) imported upstream in
    commit 2ed52c1, whose ApiServersIndexHandler.post compares ``sub_data.get("mem_max")`` with
    ``get_user_column(user_id, "max_ram_gb")`` for every caller and answers 400 RAM_LIMIT_EXCEEDED with
    ``f"Maximum RAM allowed: {user_max_ram}GB. Requested: {mem_max}GB."``; commit 0df5c42 ("fix create server
    mc", the fork's author) wrapped that block in ``if not _superuser:``. The check runs after the
    SERVER_CREATION check and before the schema."""
    sim = crafty_pool.get("4.10")
    api = Api.admin(sim)
    assert sim.state.users[1]["max_ram_gb"] == 4.0  # the column default
    big = java_server(name="big")
    big["minecraft_java_create_data"]["download_jar_create_data"]["mem_max"] = 8
    assert_error(api.post("/servers", json=big), 400, "RAM_LIMIT_EXCEEDED",
                 "Maximum RAM allowed: 4.0GB. Requested: 8GB.")  # the superuser too
    assert sim.state.servers == {}
    big["name"] = "a/b"  # before the schema: the RAM answer wins over the schema error
    assert_error(api.post("/servers", json=big), 400, "RAM_LIMIT_EXCEEDED")
    big["minecraft_java_create_data"]["download_jar_create_data"]["mem_max"] = 4.5
    assert api.post("/servers", json=big).json()["error_data"] == "Maximum RAM allowed: 4.0GB. Requested: 4.5GB."
    exactly = java_server(name="four")
    exactly["minecraft_java_create_data"]["download_jar_create_data"]["mem_max"] = 4
    assert api.post("/servers", json=exactly).status_code == 201  # not above the limit
    sim.state.users[1]["max_ram_gb"] = 16.0
    big["name"] = "big"
    assert api.post("/servers", json=big).status_code == 201
    # a user without SERVER_CREATION is refused first
    sim.add_user("carol", USER_PASSWORD)
    assert_error(Api.as_user(sim, "carol").post("/servers", json=big), 400, "NOT_AUTHORIZED",
                 "Permission Error: Missing permissions for this resource")
    # a user with it, and the default limit
    sim.add_user("dave", USER_PASSWORD, permissions={"SERVER_CREATION": -1})
    big["minecraft_java_create_data"]["download_jar_create_data"]["mem_max"] = 6
    assert_error(Api.as_user(sim, "dave").post("/servers", json=big), 400, "RAM_LIMIT_EXCEEDED",
                 "Maximum RAM allowed: 4.0GB. Requested: 6GB.")
    # older versions have no such limit
    old = crafty_pool.get("4.4.8")
    assert Api.admin(old).post("/servers", json=big).status_code == 201


def test_create_schema_differences_between_versions(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    body = java_server()
    del body["minecraft_java_create_data"]["download_jar_create_data"]["category"]
    payload = assert_error(api.post("/servers", json=body), 400, "INVALID_JSON_SCHEMA")
    assert "'category' is a required property" in payload["error_data"]  # this handler sends jsonschema's text
    assert_error(api.post("/servers", json=java_server(name="a/b")), 400, "INVALID_JSON_SCHEMA")
    old = crafty_pool.get("4.0.8")
    body = java_server()
    del body["minecraft_java_create_data"]["download_jar_create_data"]["agree_to_eula"]
    assert "'agree_to_eula' is a required property" in Api.admin(old).post("/servers", json=body).json()["error_data"]


def test_create_checks(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    body = java_server()
    body["minecraft_java_monitoring_data"]["port"] = 70000
    assert api.post("/servers", json=body).json() == {"status": "error", "error": "DATA CONSTRAINT FAILED",
                                                      "error_data": "1 - 65535"}
    assert api.post("/servers", json=body).status_code == 405
    zipped = java_server(minecraft_java_create_data={"create_type": "import_zip", "import_zip_create_data": {
        "zip_path": "/tmp/s.zip", "zip_root": "/", "jarfile": "s.jar", "mem_min": 1, "mem_max": 2,
        "server_properties_port": 25565}})
    # not implemented server-side: 4.4+ turn the exception into a 503, 4.3 crashes
    assert_error(api.post("/servers", json=zipped), 503, "Could not create server", "Not yet implemented")
    assert_crash(Api.admin(crafty_pool.get("4.3")).post("/servers", json=zipped),
                 "NotImplementedError: Not yet implemented")
    both = java_server()
    both["minecraft_bedrock_monitoring_data"] = {"host": "127.0.0.1", "port": 19132}
    assert_error(api.post("/servers", json=both), 400, "INVALID_JSON_SCHEMA")  # only one monitoring data
    sim.add_user("carol", USER_PASSWORD)
    refused = Api.as_user(sim, "carol").post("/servers", json=java_server())
    assert refused.json() == {"status": "error", "error": "NOT_AUTHORIZED",
                              "error_data": "Permission Error: Missing permissions for this resource"}
    # 4.3 sends the code alone; 4.0.8 also takes any port
    old = crafty_pool.get("4.3")
    old.add_user("carol", USER_PASSWORD)
    assert Api.as_user(old, "carol").post("/servers", json=java_server()).json() == {
        "status": "error", "error": "NOT_AUTHORIZED"}
    assert Api.admin(old).post("/servers", json=body).json() == {"status": "error", "error": "DATA CONSTRAINT FAILED"}
    oldest = crafty_pool.get("4.0.8")
    del body["minecraft_java_create_data"]["download_jar_create_data"]["category"]
    assert Api.admin(oldest).post("/servers", json=body).status_code == 201  # port 70000 taken


def test_other_create_types(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    imported = java_server(minecraft_java_create_data={"create_type": "import_server", "import_server_create_data": {
        "existing_server_path": "/srv/old", "jarfile": "server.jar", "mem_min": 1, "mem_max": 3,
        "server_properties_port": 25566}})
    sid = api.post("/servers", json=imported).json()["data"]["new_server_id"]
    assert sim.state.servers[sid]["executable"] == "server.jar"
    bedrock = {"name": "bedrock", "monitoring_type": "minecraft_bedrock",
               "minecraft_bedrock_monitoring_data": {"host": "127.0.0.1", "port": 19133},
               "create_type": "minecraft_bedrock",
               "minecraft_bedrock_create_data": {"create_type": "download_exe",
                                                 "download_exe_create_data": {"agree_to_eula": True}}}
    sid = api.post("/servers", json=bedrock).json()["data"]["new_server_id"]
    assert sim.state.servers[sid]["type"] == "minecraft-bedrock" and sim.state.servers[sid]["server_port"] == 19133
    custom = {"name": "proxy", "monitoring_type": "none", "create_type": "custom",
              "custom_create_data": {"working_directory": "", "create_type": "raw_exec",
                                     "executable_update": {"enabled": False, "file": "", "url": ""},
                                     "raw_exec_create_data": {"command": "caddy run"}}}
    sid = api.post("/servers", json=custom).json()["data"]["new_server_id"]
    assert sim.state.servers[sid]["type"] == "minecraft-java"  # "none" is stored as minecraft-java
    assert sim.state.servers[sid]["execution_command"] == "caddy run"


def test_limited_creator_gets_an_auto_role(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD, permissions={"SERVER_CREATION": 1})
    carol = Api.as_user(sim, "carol")
    sid = carol.post("/servers", json=java_server()).json()["data"]["new_server_id"]
    role = sim.state.role_by_name("creator of server with id=%s" % sid)
    assert role["manager"] == 3
    expected = [{"role_id": role["role_id"], "server_id": sid, "permissions": "11111111"}]
    assert sim.state.role_server_rows(role["role_id"]) == expected
    assert carol.get("/servers/%s" % sid).status_code == 200
    # POST /servers checks only the bit: the limit of 1 does not stop a second create
    assert carol.post("/servers", json=java_server(name="second")).status_code == 201
    # with roles given, those roles get the full mask and no auto role is made
    sim.add_role("team", manager="carol")
    sid3 = carol.post("/servers", json=java_server(name="third", roles=[sim.state.role_by_name("team")["role_id"]])
                      ).json()["data"]["new_server_id"]
    assert sim.state.role_by_name("creator of server with id=%s" % sid3) is None
    assert sim.state.server_mask(sim.state.user_by_name("carol"), sid3) == "00000000"  # carol is not in "team"


def test_get_patch_delete_a_server(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    assert_error(api.get("/servers/%s" % uuid.uuid4()), 400, "NOT_AUTHORIZED")  # unknown: never 404 (quirk 3)
    change = {"server_name": "beta", "auto_start": True, "server_port": 25599, "backup_path": "/ignored"}
    assert api.patch("/servers/%s" % sid, json=change).status_code == 200
    server = sim.state.servers[sid]
    assert (server["server_name"], server["auto_start"], server["server_port"]) == ("beta", True, 25599)
    assert "backup_path" not in server  # no such column since 4.4.1
    assert_error(api.patch("/servers/%s" % sid, json={"server_id": "x"}), 400, "INVALID_JSON_SCHEMA",
                 " Additional Properties are not allowed to be passed ")  # read-only fields (quirk 10)
    assert_error(api.patch("/servers/%s" % sid, json={"auto_start_delay": -1}), 400, "INVALID_JSON_SCHEMA",
                 "auto_start_delay must be an integer with a minimum value of 0. ")
    assert api.delete("/servers/%s" % sid).json() == {"status": "ok"}
    assert sid not in sim.state.servers
    assert_error(api.delete("/servers/%s" % sid), 400, "NOT_AUTHORIZED")


def test_patch_checks_the_schema_before_access(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha")["server_id"]
    sim.add_user("carol", USER_PASSWORD)
    carol = Api.as_user(sim, "carol")
    assert_error(carol.patch("/servers/%s" % sid, json={"bogus": 1}), 400, "INVALID_JSON_SCHEMA")  # quirk 23
    assert_error(carol.patch("/servers/%s" % sid, json={"server_name": "x"}), 400, "NOT_AUTHORIZED")


def test_non_superusers_get_the_basic_patch_schema(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("ops", servers={sid: "11111111"})
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    carol = Api.as_user(sim, "carol")
    assert_error(carol.patch("/servers/%s" % sid, json={"server_port": 1}), 400, "INVALID_JSON_SCHEMA",
                 " Additional Properties are not allowed to be passed ")
    assert carol.patch("/servers/%s" % sid, json={"server_name": "x", "shutdown_timeout": 30}).status_code == 200


def test_java_selection_rewrites_the_command(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    change = {"java_selection": "/opt/jdk21/bin/java", "execution_command": "ignored"}
    assert api.patch("/servers/%s" % sid, json=change).status_code == 200
    assert sim.state.servers[sid]["execution_command"].startswith("/opt/jdk21/bin/java -Xms")
    sid2 = sim.add_server("bedrock", server_type="minecraft-bedrock")["server_id"]
    assert_error(api.patch("/servers/%s" % sid2, json={"java_selection": "/usr/bin/java"}), 400,
                 "INVALID EXECUTION COMMAND", "INVALID COMMAND")


def test_delete_unlinks_roles_and_removes_schedules_and_webhooks(crafty_pool):
    from tests.unit.simulators.crafty_support import TASK, WEBHOOK  # pylint: disable=import-outside-toplevel
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("ops", servers={sid: "11111111"})
    api.post("/servers/%s/tasks" % sid, json=TASK)
    api.post("/servers/%s/webhook" % sid, json=WEBHOOK)
    assert api.delete("/servers/%s" % sid).status_code == 200
    assert sim.state.role_servers == [] and sim.state.schedules == {} and sim.state.webhooks == {}
    assert sim.state.backups == {}


def test_power_actions_and_console(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    status = sim.state.server_status[sid]
    assert api.post("/servers/%s/stdin" % sid, data="say hi").json() == {"status": "error",
                                                                         "error": "SERVER_NOT_RUNNING"}
    assert api.post("/servers/%s/stdin" % sid, data="say hi").status_code == 200  # quirk 18
    assert api.post("/servers/%s/action/start_server" % sid).json() == {"status": "ok"}
    assert status["running"] is True
    assert api.get("/servers/%s/stats" % sid).json()["data"]["running"] is True
    assert api.post("/servers/%s/stdin/" % sid, data="say hi").json() == {"status": "ok"}
    assert api.post("/servers/%s/action/whitelist_reload" % sid).status_code == 200  # quirk 17: typed to the console
    assert sim.state.console[sid] == ["say hi", "whitelist_reload"]
    assert api.get("/servers/%s/logs" % sid).json()["data"] == ["[simulator] say hi", "[simulator] whitelist_reload"]
    assert_error(api.post("/servers/%s/action/clone_server" % sid), 409, "Server Running!")
    assert api.post("/servers/%s/action/stop_server" % sid).status_code == 200
    assert status["running"] is False
    cloned = api.post("/servers/%s/action/clone_server" % sid).json()
    assert sim.state.servers[cloned["data"]["new_server_id"]]["server_name"] == "alpha (Copy)"
    cloned = api.post("/servers/%s/action/clone_server" % sid).json()
    assert sim.state.servers[cloned["data"]["new_server_id"]]["server_name"] == "alpha (Copy 2)"
    assert api.post("/servers/%s/action/Bad-Action" % sid).status_code == 404  # [a-z_]+ only


def test_clone_limit_is_a_soft_error(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("ops", servers={sid: "11111111"})
    sim.add_user("carol", USER_PASSWORD, roles=["ops"], permissions={"SERVER_CREATION": 0})
    response = Api.as_user(sim, "carol").post("/servers/%s/action/clone_server" % sid)
    assert response.status_code == 200
    assert response.json() == {"status": "error", "error": "SERVER_LIMIT_REACHED"}


def test_public_and_status_views(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha", running=True)["server_id"]
    sim.add_user("carol", USER_PASSWORD)
    public = Api.as_user(sim, "carol").get("/servers/%s/public" % sid).json()["data"]
    assert set(public) == {"server_id", "created", "server_name", "type"}
    status = Api(sim).get("/servers/status").json()["data"]  # no auth
    assert status[0]["id"] == sid and status[0]["running"] is True
