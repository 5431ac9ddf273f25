# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Pterodactyl simulator's server routes added for the outside clients: websocket credentials,
databases (section 8.5) and files on a simulated Wings (section 8.6)."""
from __future__ import annotations

import gzip
import io
import tarfile
import time

import pytest
import requests

from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY
from tests.simulators.pterodactyl.node_jwt import decode
from tests.simulators.pterodactyl.state import encode_hashid
from tests.simulators.pterodactyl.wings_files import wings_order
from tests.unit.simulators.pterodactyl_support import Api, fixture_sim  # noqa: F401 pylint: disable=unused-import

CLIENT = "/api/client"


@pytest.fixture(name="server")
def fixture_server(sim):
    sim.reset()
    sim.wings_offline = False
    sim.client_databases_enabled = True
    sim.client_databases_allow_random = True
    app = requests.Session()
    app.headers.update({"Authorization": "Bearer " + DEFAULT_APP_KEY, "Accept": "application/json"})
    body = {"name": "survival", "user": 1, "egg": 1, "docker_image": "ghcr.io/pterodactyl/yolks:java_21",
            "startup": "java -jar {{SERVER_JARFILE}}",
            "environment": {"MINECRAFT_VERSION": "1.20.4", "SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"},
            "limits": {"memory": 1024, "swap": 0, "disk": 1, "io": 500, "cpu": 100},
            "feature_limits": {"databases": 2, "backups": 2}, "allocation": {"default": 1}}
    response = app.post(sim.url + "/api/application/servers", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["attributes"]


@pytest.fixture(name="client")
def fixture_client(sim):
    return Api(sim.url, DEFAULT_CLIENT_KEY)


def subuser(sim, client, server, permissions):
    user = sim.add_user("bob", email="bob@example.test")
    assert client.post("/servers/%s/users" % server["identifier"],
                       json={"email": "bob@example.test", "permissions": permissions}).status_code == 200
    return Api(sim.url, sim.add_client_key(user_id=user["id"]))


def first_error(response):
    return response.json()["errors"][0]


# ---------------------------------------------------------------------- websocket

def test_websocket_credentials(sim, client, server):
    ref = "/servers/" + server["identifier"]
    answer = client.get(ref + "/websocket")
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["data"] and sorted(body["data"]) == ["socket", "token"]
    node = sim.state.nodes[1]
    assert body["data"]["socket"] == "wss://node-eu-1.example.test:8080/api/servers/%s/ws" % server["uuid"]
    claims = decode(body["data"]["token"], node["daemon_token"])
    assert claims["server_uuid"] == server["uuid"] and claims["user_uuid"] == sim.state.users[1]["uuid"]
    assert claims["permissions"] == ["*"] and claims["aud"] == "https://node-eu-1.example.test:8080"
    assert claims["exp"] - claims["iat"] == 600 and claims["iat"] - claims["nbf"] == 300
    assert abs(claims["iat"] - time.time()) < 5
    with pytest.raises(ValueError):
        decode(body["data"]["token"], "another-key")
    # a subuser without websocket.connect: 403 HttpForbiddenException (normalisation always adds it, so drop it)
    bob = subuser(sim, client, server, ["control.console"])
    assert decode(bob.get(ref + "/websocket").json()["data"]["token"], node["daemon_token"])["permissions"] == [
        "control.console", "websocket.connect"]
    sim.state.subusers[max(sim.state.subusers)]["permissions"] = ["control.console"]
    denied = bob.get(ref + "/websocket")
    assert denied.status_code == 403 and first_error(denied) == {
        "code": "HttpForbiddenException", "status": "403",
        "detail": "You do not have permission to connect to this server's websocket."}
    # installing: root admins still get credentials, others a 409
    sim.state.servers[server["id"]]["status"] = "installing"
    assert client.get(ref + "/websocket").status_code == 200
    assert client.get(ref + "/resources").status_code == 409
    sim.state.subusers[max(sim.state.subusers)]["permissions"] = ["websocket.connect"]
    assert bob.get(ref + "/websocket").status_code == 409


# ---------------------------------------------------------------------- databases

def test_databases_lifecycle_and_rules(sim, client, server):
    ref = "/servers/" + server["identifier"]
    made = client.post(ref + "/databases", json={"database": "players", "remote": "%"})
    assert made.status_code == 200, made.text
    database = made.json()["attributes"]
    row_id = min(sim.state.databases)
    assert database["id"] == encode_hashid(row_id) and database["name"] == "s%d_players" % server["id"]
    assert database["host"] == {"address": "127.0.0.1", "port": 3306} and database["connections_from"] == "%"
    assert database["username"].startswith("u%d_" % server["id"]) and database["max_connections"] == 0
    password = database["relationships"]["password"]
    assert password["object"] == "database_password" and len(password["attributes"]["password"]) == 24
    listed = client.get(ref + "/databases").json()
    assert [d["attributes"]["name"] for d in listed["data"]] == [database["name"]] and "meta" not in listed
    assert "relationships" not in listed["data"][0]["attributes"]
    assert "password" in client.get(ref + "/databases?include=password").json()["data"][0]["attributes"]["relationships"]
    # QUIRK: the request's unique rule never matches; the service refuses the duplicate
    duplicate = client.post(ref + "/databases", json={"database": "players", "remote": "%"})
    assert duplicate.status_code == 400 and first_error(duplicate) == {
        "code": "DuplicateDatabaseNameException", "status": "400",
        "detail": "A database with that name already exists for this server."}
    rules = client.post(ref + "/databases", json={"database": "a!", "remote": "bad host"})
    assert [(e["meta"]["source_field"], e["meta"]["rule"]) for e in rules.json()["errors"]] == [
        ("database", "alpha_dash"), ("database", "min"), ("remote", "regex")]
    rotated = client.post(ref + "/databases/%s/rotate-password" % database["id"])
    assert rotated.status_code == 200
    assert rotated.json()["attributes"]["relationships"]["password"]["attributes"]["password"] != \
        password["attributes"]["password"]
    assert client.post(ref + "/databases/%d/rotate-password" % row_id).status_code == 200  # digits: the id
    assert client.post(ref + "/databases", json={"database": "second", "remote": "10.0.0.%"}).status_code == 200
    limit = client.post(ref + "/databases", json={"database": "third", "remote": "%"})
    assert limit.status_code == 400 and first_error(limit)["code"] == "TooManyDatabasesException"
    assert client.delete(ref + "/databases/%s" % database["id"]).status_code == 204
    assert client.delete(ref + "/databases/%s" % database["id"]).status_code == 404
    events = [e["attributes"]["event"] for e in client.get(ref + "/activity").json()["data"]]
    assert events == ["server:database.create", "server:database.rotate-password", "server:database.rotate-password",
                      "server:database.create", "server:database.delete"]


def test_database_hosts_permissions_and_ownership(sim, client, server):
    ref = "/servers/" + server["identifier"]
    bob = subuser(sim, client, server, ["database.read", "database.create"])
    made = bob.post(ref + "/databases", json={"database": "shop", "remote": "%"})
    assert made.status_code == 200
    assert made.json()["attributes"]["relationships"]["password"] == {"object": "null_resource", "attributes": None}
    assert bob.post(ref + "/databases/%s/rotate-password" % made.json()["attributes"]["id"]).status_code == 403
    # another server's database: "not found for this server"
    other = sim.state.insert("databases", {"server_id": 999, "database_host_id": 1, "database": "s999_x",
                                           "username": "u999_x", "remote": "%", "password": "p", "max_connections": 0})
    foreign = client.delete(ref + "/databases/%s" % encode_hashid(other["id"]))
    assert foreign.status_code == 404 and first_error(foreign)["detail"] == "The requested resource was not found for this server."
    # no host on the server's node and random hosts not allowed; the feature switched off
    sim.state.database_hosts[1]["node_id"] = 2
    sim.client_databases_allow_random = False
    no_host = client.post(ref + "/databases", json={"database": "again", "remote": "%"})
    assert no_host.status_code == 400 and first_error(no_host) == {
        "code": "NoSuitableDatabaseHostException", "status": "400",
        "detail": "No database host was found that meets the requirements for this server."}
    sim.client_databases_allow_random = True
    sim.client_databases_enabled = False
    off = client.post(ref + "/databases", json={"database": "again", "remote": "%"})
    assert off.status_code == 500 and first_error(off)["code"] == "DatabaseClientFeatureNotEnabledException"


# ---------------------------------------------------------------------- files

def test_files_write_read_list_and_errors(sim, client, server):
    ref = "/servers/%s/files" % server["identifier"]
    assert client.get(ref + "/list").json() == {"object": "list", "data": []}
    assert client.post(ref + "/write?file=/config/server.properties", data=b"motd=hi\n").status_code == 204
    assert client.post(ref + "/write?file=eula.txt", data=b"eula=true\n").status_code == 204
    assert client.post(ref + "/write?file=world.json", data=b'{"seed": 1}').status_code == 204
    listed = client.get(ref + "/list?directory=/").json()["data"]
    entry = listed[0]["attributes"]
    assert listed[0]["object"] == "file_object" and set(entry) == {
        "name", "mode", "mode_bits", "size", "is_file", "is_symlink", "mimetype", "created_at", "modified_at"}
    by_name = dict((d["attributes"]["name"], d["attributes"]) for d in listed)
    assert by_name["config"]["mode"] == "drwxr-xr-x" and by_name["config"]["mimetype"] == "inode/directory"
    assert by_name["config"]["is_file"] is False and by_name["config"]["size"] == 4096
    assert by_name["eula.txt"]["mode_bits"] == "644" and by_name["eula.txt"]["size"] == 10
    assert by_name["eula.txt"]["mimetype"] == "text/plain; charset=utf-8"
    assert by_name["world.json"]["mimetype"] == "application/json"
    assert by_name["eula.txt"]["created_at"].endswith("+00:00")
    # Wings' order (its second sort's comparator is not an ordering): files reversed, the folder after
    assert [d["attributes"]["name"] for d in listed] == ["world.json", "eula.txt", "config"]
    contents = client.get(ref + "/contents?file=config/server.properties")
    assert (contents.status_code, contents.content, contents.headers["Content-Type"]) == (
        200, b"motd=hi\n", "text/plain; charset=UTF-8")
    # Wings 1.11.9+: a missing file is an error its middleware does not map: 500, the panel's generic text
    missing = client.get(ref + "/contents?file=nope.txt")
    assert missing.status_code == 500
    assert first_error(missing)["code"] == "DaemonConnectionException"
    assert first_error(missing)["detail"].startswith(
        "There was an error while communicating with the machine running this server. This error has been logged, "
        "please try again. (code: 500) (request_id: ")
    assert client.get(ref + "/list?directory=/../etc").status_code == 500
    # Wings 1.11.8 and earlier: 404 with Wings' text
    sim.wings_legacy_errors = True
    try:
        legacy = client.get(ref + "/contents?file=nope.txt")
        assert legacy.status_code == 404 and first_error(legacy)["detail"].startswith(
            "An error occurred on the remote host: The requested resources was not found on the system.. (request id: ")
        assert client.get(ref + "/list?directory=/../etc").status_code == 404
        folder = client.get(ref + "/contents?file=config")
        assert folder.status_code == 400 and "file is a directory" in first_error(folder)["detail"]
    finally:
        sim.wings_legacy_errors = False
    assert client.get(ref + "/contents?file=config").status_code == 500
    on_folder = client.post(ref + "/write?file=config", data=b"x")
    assert on_folder.status_code == 400 and "name conflicts with an existing directory" in first_error(on_folder)["detail"]
    assert client.get(ref + "/contents").json()["errors"][0]["meta"]["source_field"] == "file"
    # the server's disk limit (1 MB here) holds for writes
    assert client.post(ref + "/write?file=big.bin", data=b"x" * (1024 * 1024 + 1)).status_code == 400
    sim.state.servers[server["id"]]["disk"] = 0
    large = client.post(ref + "/write?file=big.bin", data=b"x" * (4 * 1024 * 1024 + 1))
    assert large.status_code == 204
    too_large = client.get(ref + "/contents?file=big.bin")
    assert too_large.status_code == 400 and first_error(too_large)["code"] == "FileSizeTooLargeException"
    sim.wings_offline = True
    try:
        assert client.get(ref + "/list").status_code == 504
    finally:
        sim.wings_offline = False


def test_files_rename_copy_delete_chmod_folders(sim, client, server):
    ref = "/servers/%s/files" % server["identifier"]
    for name in ("a.txt", "backup.tar.gz"):
        assert client.post(ref + "/write?file=" + name, data=b"x").status_code == 204
    assert client.post(ref + "/create-folder", json={"name": "plugins/Essentials"}).status_code == 204
    assert client.post(ref + "/copy", json={"location": "a.txt"}).status_code == 204
    assert client.post(ref + "/copy", json={"location": "a.txt"}).status_code == 204
    assert client.post(ref + "/copy", json={"location": "backup.tar.gz"}).status_code == 204
    assert client.post(ref + "/copy", json={"location": "plugins"}).status_code == 500  # a folder: ErrNotExist
    names = sorted(d["attributes"]["name"] for d in client.get(ref + "/list").json()["data"])
    assert names == ["a copy 1.txt", "a copy.txt", "a.txt", "backup copy.tar.gz", "backup.tar.gz", "plugins"]
    moved = client.put(ref + "/rename", json={"root": "/", "files": [
        {"from": "a.txt", "to": "docs/a.txt"}, {"from": "ghost.txt", "to": "b.txt"}]})
    assert moved.status_code == 204  # a missing source is skipped; missing folders are made
    assert [d["attributes"]["name"] for d in client.get(ref + "/list?directory=docs").json()["data"]] == ["a.txt"]
    clash = client.put(ref + "/rename", json={"root": "/", "files": [{"from": "a copy.txt", "to": "a copy 1.txt"}]})
    assert clash.status_code == 400 and "destination already exists" in first_error(clash)["detail"]
    assert client.post(ref + "/chmod", json={"root": "/", "files": [{"file": "docs", "mode": "700"}]}).status_code == 204
    docs = [d["attributes"] for d in client.get(ref + "/list").json()["data"] if d["attributes"]["name"] == "docs"][0]
    assert (docs["mode"], docs["mode_bits"]) == ("drwx------", "700")
    bad_mode = client.post(ref + "/chmod", json={"root": "/", "files": [{"file": "docs", "mode": "999"}]})
    assert bad_mode.status_code == 400 and "Invalid file mode." in first_error(bad_mode)["detail"]
    number_mode = client.post(ref + "/chmod", json={"root": "/", "files": [{"file": "docs", "mode": 755}]})
    assert number_mode.status_code == 400 and first_error(number_mode)["code"] == "DaemonConnectionException"
    assert client.post(ref + "/delete", json={"root": "/", "files": ["docs", "nothing-here"]}).status_code == 204
    assert client.post(ref + "/delete", json={"root": "/", "files": ["."]}).status_code == 500  # the root itself
    assert client.post(ref + "/delete", json={"root": "/", "files": []}).status_code == 422
    events = [e["attributes"] for e in client.get("/servers/%s/activity" % server["identifier"]).json()["data"]]
    rename = [e for e in events if e["event"] == "server:file.rename"][0]
    assert rename["properties"]["count"] == 2 and rename["properties"]["directory"] == "/"
    assert "server:file.chmod" not in [e["event"] for e in events]  # the panel does not log chmod


def test_files_compress_decompress_round_trip(sim, client, server):
    ref = "/servers/%s/files" % server["identifier"]
    assert client.post(ref + "/write?file=world/level.dat", data=b"\x00level").status_code == 204
    assert client.post(ref + "/write?file=world/region/r.0.0.mca", data=b"region").status_code == 204
    made = client.post(ref + "/compress", json={"root": "/", "files": ["world"]})
    assert made.status_code == 200, made.text
    archive = made.json()["attributes"]
    assert made.json()["object"] == "file_object" and archive["mimetype"] == "application/tar+gzip"
    assert archive["name"].startswith("archive-") and archive["name"].endswith("Z.tar.gz") and ":" not in archive["name"]
    stored = sim.state.files[server["id"]].entries[archive["name"]].content
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(stored))) as tar:
        assert sorted(tar.getnames()) == ["world", "world/level.dat", "world/region", "world/region/r.0.0.mca"]
    assert client.post(ref + "/delete", json={"root": "/", "files": ["world"]}).status_code == 204
    assert client.post(ref + "/decompress", json={"root": "/", "file": archive["name"]}).status_code == 204
    restored = client.get(ref + "/contents?file=world/region/r.0.0.mca")
    assert restored.content == b"region"
    unknown = client.post(ref + "/decompress", json={"file": "world/level.dat"})
    assert unknown.status_code == 400 and "format Wings does not understand" in first_error(unknown)["detail"]


def test_signed_urls_pull_and_permissions(sim, client, server):
    ref = "/servers/%s/files" % server["identifier"]
    node = sim.state.nodes[1]
    download = client.get(ref + "/download?file=config%2Fserver.properties").json()
    assert download["object"] == "signed_url"
    url = download["attributes"]["url"]
    assert url.startswith("https://node-eu-1.example.test:8080/download/file?token=")
    claims = decode(url.split("token=")[1], node["daemon_token"])
    assert claims["file_path"] == "config/server.properties" and claims["exp"] - claims["iat"] == 900
    upload = client.get(ref + "/upload").json()["attributes"]["url"]
    assert upload.startswith("https://node-eu-1.example.test:8080/upload/file?token=")
    assert "file_path" not in decode(upload.split("token=")[1], node["daemon_token"])
    sim.remote_files["https://example.test/plugins/tool.jar"] = b"PK\x03\x04jar"
    assert client.post(ref + "/pull", json={"url": "https://example.test/plugins/tool.jar",
                                            "directory": "plugins"}).status_code == 204
    assert client.get(ref + "/contents?file=plugins/tool.jar").content == b"PK\x03\x04jar"
    # an unknown URL: the background download fails quietly; in the foreground it is Wings' error
    assert client.post(ref + "/pull", json={"url": "https://example.test/none.jar"}).status_code == 204
    assert client.post(ref + "/pull", json={"url": "https://example.test/none.jar", "foreground": True}).status_code == 500
    assert client.post(ref + "/pull", json={"url": "not a url"}).status_code == 422
    for _i in range(6):
        client.post(ref + "/pull", json={"url": "https://example.test/none.jar"})
    throttled = client.post(ref + "/pull", json={"url": "https://example.test/none.jar"})
    assert throttled.status_code == 429 and throttled.headers["X-RateLimit-Limit"] == "10"
    bob = subuser(sim, client, server, ["file.read"])
    assert bob.get(ref + "/list").status_code == 200
    assert bob.get(ref + "/contents?file=plugins/tool.jar").status_code == 403  # needs file.read-content
    assert bob.post(ref + "/write?file=x.txt", data=b"x").status_code == 403
    # file inputs are not trimmed
    assert client.post(ref + "/write?file=%20spaced.txt%20", data=b"x").status_code == 204
    assert " spaced.txt " in [d["attributes"]["name"] for d in client.get(ref + "/list").json()["data"]]


def test_wings_order_is_gos_stable_sort_with_wings_comparator():
    def entry(name, directory=False):
        return {"name": name, "directory": directory}
    names = [e["name"] for e in wings_order([entry("b"), entry("dir2", True), entry("a"), entry("dir1", True)])]
    assert names == ["b", "a", "dir1", "dir2"]
    many = [entry("f%02d" % i) for i in range(25)] + [entry("d%02d" % i, True) for i in range(3)]
    ordered = wings_order(many)
    assert sorted(e["name"] for e in ordered) == sorted(e["name"] for e in many)  # a permutation, whatever the order
    assert [e["directory"] for e in ordered].count(True) == 3
