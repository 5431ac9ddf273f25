# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What issue 21's modules need of the Pterodactyl simulator: files as Wings 1.11.11 handles their paths
(``path.Join`` of root and name, ``internal/ufs``), database hosts, a bare panel to build from nothing
(location, node, allocations by range, user, server, database, a file) and the node rules' order."""
from __future__ import annotations

import pytest
import requests

from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY
from tests.simulators.pterodactyl.wings_files import ServerFiles, WingsError, go_clean, go_join, resolve
from tests.unit.simulators.pterodactyl_support import Api, fixture_sim  # noqa: F401 pylint: disable=unused-import

APP = "/api/application"


class AppApi:
    def __init__(self, base):
        self.base = base + APP
        self.http = requests.Session()
        self.http.headers.update({"Authorization": "Bearer " + DEFAULT_APP_KEY, "Accept": "application/json"})

    def __getattr__(self, method):
        def call(path, **kwargs):
            return self.http.request(method.upper(), self.base + path, timeout=10, **kwargs)
        return call


def fields(response):
    return [(e["meta"]["source_field"], e["meta"]["rule"]) for e in response.json()["errors"]]


def first_error(response):
    return response.json()["errors"][0]


SERVER = {"name": "survival", "user": 1, "egg": 1, "docker_image": "ghcr.io/pterodactyl/yolks:java_21",
          "startup": "java -jar {{SERVER_JARFILE}}",
          "environment": {"MINECRAFT_VERSION": "1.20.4", "SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"},
          "limits": {"memory": 1024, "swap": 0, "disk": 1024, "io": 500, "cpu": 100},
          "feature_limits": {"databases": 2, "backups": 0}}


@pytest.fixture(name="server")
def fixture_server(sim):
    sim.reset()
    sim.wings_legacy_errors = False
    response = AppApi(sim.url).post("/servers", json=dict(SERVER, allocation={"default": 1}))
    assert response.status_code == 201, response.text
    return response.json()["attributes"]


# ---------------------------------------------------------------------- Go's path package

@pytest.mark.parametrize("path, cleaned", [
    # the examples of Go's path.Clean documentation
    ("a/c", "a/c"), ("a//c", "a/c"), ("a/c/.", "a/c"), ("a/c/b/..", "a/c"), ("/../a/c", "/a/c"),
    ("/../a/b/../././/c", "/a/c"), ("", "."),
    ("../../x", "../../x"), ("a/../../x", "../x"), ("/", "/"),
])
def test_go_clean_is_gos_path_clean(path, cleaned):
    assert go_clean(path) == cleaned


@pytest.mark.parametrize("elements, joined", [
    # the examples of Go's path.Join documentation
    (("a", "b", "c"), "a/b/c"), (("a", "b/c"), "a/b/c"), (("a/b", "c"), "a/b/c"), (("a/b", "/c"), "a/b/c"),
    (("a/b", "../../../xyz"), "../xyz"), (("", ""), ""), (("a", ""), "a"), (("", "a"), "a"),
    # what the panel's default root makes of a name that climbs
    (("/", "../x"), "/x"), (("/", None), "/"),
])
def test_go_join_is_gos_path_join(elements, joined):
    assert go_join(*elements) == joined


def test_resolve_is_wings_unsafe_path():
    assert resolve("/") == "" and resolve(".") == "" and resolve("/a/./b/") == "a/b"
    assert resolve("a/../b") == "b" and resolve("../x") is None and resolve("/a/../../x") is None
    assert resolve("back\\slash") == "back\\slash"  # an ordinary character on Linux


# ---------------------------------------------------------------------- files

def test_write_makes_folders_and_paths_follow_wings(sim, server):
    client = Api(sim.url, DEFAULT_CLIENT_KEY)
    ref = "/servers/%s/files" % server["identifier"]
    assert client.post(ref + "/write?file=plugins/Essentials/config.yml", data=b"a: 1\n").status_code == 204
    assert [d["attributes"]["name"] for d in client.get(ref + "/list?directory=plugins").json()["data"]] == ["Essentials"]
    assert client.post(ref + "/write?file=empty.txt", data=b"").status_code == 204
    empty = client.get(ref + "/contents?file=/empty.txt")
    assert (empty.status_code, empty.content) == (200, b"")
    # a file path that leaves the server: Wings 1.11.9+ answers 500 (1.11.8: 404)
    assert client.post(ref + "/write?file=../outside.txt", data=b"x").status_code == 500
    # a file standing where a folder should be: ENOTDIR, unmapped
    assert client.post(ref + "/write?file=empty.txt/inner.txt", data=b"x").status_code == 500
    # 4 MiB is the editor's limit: exactly 4 MiB is served, one byte more is refused (Content-Length > limit)
    sim.state.servers[server["id"]]["disk"] = 0
    assert client.post(ref + "/write?file=four.bin", data=b"x" * (4 * 1024 * 1024)).status_code == 204
    assert len(client.get(ref + "/contents?file=four.bin").content) == 4 * 1024 * 1024
    events = [e["attributes"]["event"] for e in client.get("/servers/%s/activity" % server["identifier"]).json()["data"]]
    assert events.count("server:file.write") == 3 and "server:file.read" in events


def test_create_folder_root_and_errors(sim, server):
    client = Api(sim.url, DEFAULT_CLIENT_KEY)
    ref = "/servers/%s/files" % server["identifier"]
    assert client.post(ref + "/create-folder", json={"root": "/config", "name": "mods/extra"}).status_code == 204
    assert client.post(ref + "/create-folder", json={"root": "/config", "name": "mods"}).status_code == 204  # exists
    assert sorted(p for p in sim.state.files[server["id"]].entries if p) == ["config", "config/mods", "config/mods/extra"]
    # Go's path.Join of root "/" and "../up" is "/up": inside the server
    assert client.post(ref + "/create-folder", json={"root": "/", "name": "../up"}).status_code == 204
    assert sim.state.files[server["id"]].get("up").directory
    # a relative root can climb out: 500 (Wings 1.11.9+)
    assert client.post(ref + "/create-folder", json={"root": "a", "name": "../../x"}).status_code == 500
    # a file in the way: Wings' ENOTDIR text is never sent (it compares the whole error text): 500
    assert client.post(ref + "/write?file=notes.txt", data=b"x").status_code == 204
    blocked = client.post(ref + "/create-folder", json={"name": "notes.txt/inner"})
    assert blocked.status_code == 500 and first_error(blocked)["code"] == "DaemonConnectionException"
    # a null root reaches createDirectory(string, string) as null: a PHP TypeError
    assert client.post(ref + "/create-folder", json={"root": "", "name": "x"}).status_code == 500
    assert client.post(ref + "/create-folder", json={"root": "/"}).json()["errors"][0]["meta"]["source_field"] == "name"
    events = [e["attributes"] for e in client.get("/servers/%s/activity" % server["identifier"]).json()["data"]]
    created = [e for e in events if e["event"] == "server:file.create-directory"][0]
    assert created["properties"] == {"name": "mods/extra", "directory": "/config/"}  # as the transformer shows it


def test_rename_and_delete_join_root_and_name_as_wings(sim, server):
    client = Api(sim.url, DEFAULT_CLIENT_KEY)
    ref = "/servers/%s/files" % server["identifier"]
    for name in ("world/level.dat", "eula.txt", "server.properties"):
        assert client.post(ref + "/write?file=" + name, data=b"x").status_code == 204
    entries = sim.state.files[server["id"]].entries
    # root "/world" + "../eula.txt" is "/eula.txt"; a missing target folder is made
    moved = client.put(ref + "/rename", json={"root": "/world", "files": [{"from": "../eula.txt", "to": "../old/eula.txt"}]})
    assert moved.status_code == 204 and "old/eula.txt" in entries and "eula.txt" not in entries
    # a missing source is skipped, the same path is nothing to do
    pairs = [{"from": "ghost", "to": "g2"}, {"from": "world", "to": "world/"}]
    assert client.put(ref + "/rename", json={"root": "/", "files": pairs}).status_code == 204
    taken = client.put(ref + "/rename", json={"root": "/", "files": [{"from": "old/eula.txt", "to": "server.properties"}]})
    assert taken.status_code == 400 and "destination already exists" in first_error(taken)["detail"]
    # the root itself, a folder into itself, and a relative root that climbs out: 500
    assert client.put(ref + "/rename", json={"root": "/", "files": [{"from": ".", "to": "x"}]}).status_code == 500
    assert client.put(ref + "/rename", json={"root": "/", "files": [{"from": "world", "to": "world/deeper"}]}).status_code == 500
    assert client.put(ref + "/rename", json={"root": "world", "files": [{"from": "level.dat", "to": "../../x"}]}).status_code == 500
    # delete: root + name through path.Join; a missing name is no error
    assert client.post(ref + "/delete", json={"root": "/world", "files": ["../server.properties", "nothing"]}).status_code == 204
    assert "server.properties" not in entries and "world/level.dat" in entries
    assert client.post(ref + "/delete", json={"root": "world", "files": ["../../x"]}).status_code == 500
    required = client.post(ref + "/delete", json={"files": ["world"]})
    assert fields(required) == [("root", "required")]


def test_legacy_wings_errors(sim, server):
    client = Api(sim.url, DEFAULT_CLIENT_KEY)
    ref = "/servers/%s/files" % server["identifier"]
    assert requests.post(sim.url + "/__sim/config", json={"wings_legacy_errors": True}, timeout=10).json()[
        "wings_legacy_errors"] is True
    try:
        assert client.post(ref + "/write?file=../outside.txt", data=b"x").status_code == 404
        assert client.get(ref + "/list?directory=missing").status_code == 404
        assert client.post(ref + "/create-folder", json={"root": "a", "name": "../../x"}).status_code == 404
    finally:
        sim.wings_legacy_errors = False


def test_server_files_errors_directly():
    files = ServerFiles()
    files.write("a/b.txt", b"1")
    with pytest.raises(WingsError) as missing:
        files.read("nope")
    assert (missing.value.status, missing.value.message) == (500, "An unexpected error was encountered while processing this request")
    legacy = ServerFiles(legacy_errors=True)
    with pytest.raises(WingsError) as not_found:
        legacy.read("nope")
    assert not_found.value.status == 404
    files.disk_limit = 3
    with pytest.raises(WingsError) as full:
        files.write("c.txt", b"123")
    assert full.value.status == 400 and full.value.message.startswith("There is not enough disk space")
    files.write("a/b.txt", b"123")  # replacing a file counts only the difference


# ---------------------------------------------------------------------- database hosts

def test_database_hosts_added_by_the_admin_area(sim, server):
    client = Api(sim.url, DEFAULT_CLIENT_KEY)
    app = AppApi(sim.url)
    ref = "/servers/" + server["identifier"]
    # the seed's host sits on node 1 (the server's node); a second host on node 2 is never chosen
    other = sim.add_database_host("mysql-us-1", host="10.0.0.9", port=3307, node_id=2)
    made = client.post(ref + "/databases", json={"database": "shop", "remote": "%"})
    assert made.status_code == 200 and made.json()["attributes"]["host"] == {"address": "127.0.0.1", "port": 3306}
    # the application API names its host
    direct = app.post("/servers/%d/databases" % server["id"], json={"database": "stats", "remote": "%", "host": other["id"]})
    assert direct.status_code == 201, direct.text
    assert direct.json()["attributes"]["host"] == other["id"]
    missing = app.post("/servers/%d/databases" % server["id"], json={"database": "x", "remote": "%", "host": 99})
    assert fields(missing) == [("host", "exists")]
    # the control endpoint: a host on a node that does not exist is refused
    added = requests.post(sim.url + "/__sim/database-hosts", json={"name": "mysql-3", "host": "10.0.0.3"}, timeout=10)
    assert added.status_code == 201 and "password" not in added.json() and added.json()["node_id"] is None
    refused = requests.post(sim.url + "/__sim/database-hosts", json={"name": "bad", "node_id": 42}, timeout=10)
    assert refused.status_code == 400


# ---------------------------------------------------------------------- nodes

def test_node_rules_come_in_the_models_order(sim):
    sim.reset()
    app = AppApi(sim.url)
    empty = app.post("/nodes", json={"upload_size": 0, "public": "maybe", "maintenance_mode": "no", "daemon_base": "x"})
    assert fields(empty) == [
        ("name", "required"), ("location_id", "required"), ("public", "boolean"), ("fqdn", "required"),
        ("scheme", "required"), ("memory", "required"), ("memory_overallocate", "required"), ("disk", "required"),
        ("disk_overallocate", "required"), ("daemon_base", "regex"), ("daemon_sftp", "required"),
        ("daemon_listen", "required"), ("maintenance_mode", "boolean"), ("upload_size", "between")]


# ---------------------------------------------------------------------- a panel built from nothing

def test_bare_panel_built_from_nothing(sim):
    sim.reset(seed="bare")
    try:
        app = AppApi(sim.url)
        assert app.get("/locations").json()["data"] == [] and app.get("/nodes").json()["data"] == []
        assert [h["node_id"] for h in sim.state.database_hosts.values()] == [None]
        assert len(app.get("/nests").json()["data"]) == 2
        location = app.post("/locations", json={"short": "eu-west", "long": "Europe West"}).json()["attributes"]
        node = app.post("/nodes", json={
            "name": "node-1", "location_id": location["id"], "fqdn": "node-1.example.test", "scheme": "https",
            "memory": 8192, "memory_overallocate": 0, "disk": 50000, "disk_overallocate": 0,
            "daemon_listen": 8080, "daemon_sftp": 2022}).json()["attributes"]
        created = app.post("/nodes/%d/allocations" % node["id"], json={"ip": "127.0.0.1", "ports": ["25565-25575"]})
        assert created.status_code == 204
        allocations = app.get("/nodes/%d/allocations" % node["id"]).json()["data"]
        assert [a["attributes"]["port"] for a in allocations] == list(range(25565, 25576))
        user = app.post("/users", json={"email": "owner@example.test", "username": "owner", "first_name": "O",
                                        "last_name": "Wner"}).json()["attributes"]
        body = dict(SERVER, user=user["id"], allocation={"default": allocations[0]["attributes"]["id"]})
        server = app.post("/servers", json=body).json()["attributes"]
        # the admin's client key reaches the server; the only host is on no node: taken at random (allowed)
        client = Api(sim.url, DEFAULT_CLIENT_KEY)
        database = client.post("/servers/%s/databases" % server["identifier"], json={"database": "world", "remote": "%"})
        assert database.status_code == 200, database.text
        sim.client_databases_allow_random = False
        try:
            no_host = client.post("/servers/%s/databases" % server["identifier"], json={"database": "world2", "remote": "%"})
            assert first_error(no_host)["code"] == "NoSuitableDatabaseHostException"
        finally:
            sim.client_databases_allow_random = True
        assert client.post("/servers/%s/files/write?file=server.properties" % server["identifier"],
                           data=b"motd=hello\n").status_code == 204
        # an allocation the server uses is never removed; the others are
        in_use = app.delete("/nodes/%d/allocations/%d" % (node["id"], server["allocation"]))
        assert in_use.status_code == 400 and first_error(in_use)["code"] == "ServerUsingAllocationException"
        assert app.delete("/nodes/%d/allocations/%d" % (node["id"], allocations[-1]["attributes"]["id"])).status_code == 204
        assert app.delete("/locations/%d" % location["id"]).status_code == 400
    finally:
        sim.reset()
