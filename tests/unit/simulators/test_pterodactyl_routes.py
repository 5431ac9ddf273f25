# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every route of Pterodactyl's API (tests/pterodactyl_reference/routes.json) held to a list.

A route is either served by the simulator, and then called below (one scenario walks all of them)
and must answer the ``success_status`` and ``response_object`` routes.json gives it, or it is in
``NOT_IMPLEMENTED`` with the reason. Served routes that leave something out are in ``LIMITS``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.simulators.pterodactyl import DEFAULT_ADMIN_PASSWORD, DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY, PterodactylSimulator
from tests.simulators.pterodactyl.client_account import totp_code

REPO = Path(__file__).resolve().parents[3]
ROUTES = json.loads((REPO / "tests" / "pterodactyl_reference" / "routes.json").read_text(encoding="utf-8"))

#: Routes of routes.json the simulator does not serve, with the reason. (None today: every route the
#: collection or the seeds' clients call is served, and so is the rest.)
NOT_IMPLEMENTED = {}

#: Served routes that leave something of the panel out, and what.
LIMITS = {
    ("GET", "/api/client/servers/{server}/websocket"):
        "the token and the socket URL only: no Wings websocket listens behind the URL",
    ("GET", "/api/client/servers/{server}/files/download"):
        "the signed Wings URL only: no Wings serves it",
    ("GET", "/api/client/servers/{server}/files/upload"):
        "the signed Wings URL only: no Wings takes the upload",
    ("GET", "/api/client/servers/{server}/backups/{backup}/download"):
        "the signed Wings URL only: no Wings serves it",
    ("POST", "/api/client/servers/{server}/files/pull"):
        "Wings downloads nothing from other hosts: only URLs put in sim.remote_files",
}

APP, CLIENT = "/api/application", "/api/client"


class Api:
    def __init__(self, base, token):
        self.base = base
        self.http = requests.Session()
        self.http.headers.update({"Authorization": "Bearer " + token, "Accept": "application/json"})

    def __call__(self, method, path, expect=None, **kwargs):
        response = self.http.request(method, self.base + path, allow_redirects=False, timeout=10, **kwargs)
        if expect is not None:
            assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response


def _ssh_public_key():
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " test"


def walk_every_route(sim):
    """Calls every served route once or more with a request it accepts (order matters: deletes last)."""
    app = Api(sim.url, DEFAULT_APP_KEY)
    client = Api(sim.url, DEFAULT_CLIENT_KEY)

    def a(method, path, **kw):
        return app(method, APP + path, **kw)

    def c(method, path, **kw):
        return client(method, CLIENT + path, **kw)
    sim.client_allocations_enabled = True
    sim.remote_files["https://downloads.example.test/motd.txt"] = b"hello\n"

    # -- application: users, locations, nodes, allocations
    a("GET", "/users")
    carol = a("POST", "/users", expect=201, json={
        "username": "carol", "email": "carol@example.test", "first_name": "Carol", "last_name": "C",
        "external_id": "crm-7"}).json()
    a("GET", "/users/%d" % carol["attributes"]["id"])
    a("GET", "/users/external/crm-7")
    a("PATCH", "/users/%d" % carol["attributes"]["id"], json={
        "username": "carol", "email": "carol@example.test", "first_name": "Caroline", "last_name": "C"})
    a("GET", "/locations")
    location = a("POST", "/locations", expect=201, json={"short": "ap-south", "long": "Asia"}).json()["attributes"]
    a("GET", "/locations/%d" % location["id"])
    a("PATCH", "/locations/%d" % location["id"], json={"short": "ap-south-1"})
    a("GET", "/nodes")
    a("GET", "/nodes/deployable?memory=512&disk=1024")
    a("GET", "/nodes/1")
    a("GET", "/nodes/1/configuration")
    node = a("POST", "/nodes", expect=201, json={
        "name": "node-ap-1", "location_id": location["id"], "fqdn": "node-ap-1.example.test", "scheme": "https",
        "memory": 4096, "memory_overallocate": 0, "disk": 10240, "disk_overallocate": 0, "upload_size": 100,
        "daemon_sftp": 2022, "daemon_listen": 8080}).json()["attributes"]
    a("PATCH", "/nodes/%d" % node["id"], json={
        "name": "node-ap-1b", "location_id": location["id"], "fqdn": "node-ap-1.example.test", "scheme": "https",
        "memory": 4096, "memory_overallocate": 0, "disk": 10240, "disk_overallocate": 0, "daemon_sftp": 2022,
        "daemon_listen": 8080})
    a("GET", "/nodes/1/allocations")
    a("POST", "/nodes/%d/allocations" % node["id"], json={"ip": "127.0.0.9", "ports": ["27015"]})
    allocation = a("GET", "/nodes/%d/allocations" % node["id"]).json()["data"][0]["attributes"]
    a("DELETE", "/nodes/%d/allocations/%d" % (node["id"], allocation["id"]))
    a("DELETE", "/nodes/%d" % node["id"])
    a("DELETE", "/locations/%d" % location["id"])

    # -- application: servers, their databases, nests and eggs
    def create_server(name, allocation_id, **extra):
        body = {"name": name, "user": 1, "egg": 1, "docker_image": "ghcr.io/pterodactyl/yolks:java_21",
                "startup": "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
                "environment": {"MINECRAFT_VERSION": "1.20.4", "SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"},
                "limits": {"memory": 1024, "swap": 0, "disk": 2048, "io": 500, "cpu": 100},
                "feature_limits": {"databases": 3, "backups": 3, "allocations": 3},
                "allocation": {"default": allocation_id}}
        body.update(extra)
        return a("POST", "/servers", expect=201, json=body).json()["attributes"]
    server = create_server("survival", 1, external_id="community-42-survival")
    doomed = create_server("doomed", 2)
    forced = create_server("forced", 3)
    a("GET", "/servers")
    a("GET", "/servers/%d" % server["id"])
    a("GET", "/servers/external/community-42-survival")
    a("PATCH", "/servers/%d/details" % server["id"], json={"name": "survival", "user": 1,
                                                           "external_id": "community-42-survival"})
    a("PATCH", "/servers/%d/build" % server["id"], json={
        "allocation": server["allocation"], "limits": {"memory": 2048, "swap": 0, "disk": 4096, "io": 500, "cpu": 200},
        "feature_limits": {"databases": 3, "backups": 3, "allocations": 3}})
    a("PATCH", "/servers/%d/startup" % server["id"], json={
        "startup": server["container"]["startup_command"], "egg": 1, "image": "ghcr.io/pterodactyl/yolks:java_21",
        "skip_scripts": False, "environment": {"SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"}})
    a("POST", "/servers/%d/suspend" % server["id"])
    a("POST", "/servers/%d/unsuspend" % server["id"])
    a("POST", "/servers/%d/reinstall" % server["id"])
    database = a("POST", "/servers/%d/databases" % server["id"], expect=201,
                 json={"database": "stats", "remote": "%", "host": 1}).json()["attributes"]
    a("GET", "/servers/%d/databases" % server["id"])
    a("GET", "/servers/%d/databases/%d" % (server["id"], database["id"]))
    a("POST", "/servers/%d/databases/%d/reset-password" % (server["id"], database["id"]))
    a("DELETE", "/servers/%d/databases/%d" % (server["id"], database["id"]))
    a("GET", "/nests")
    a("GET", "/nests/1")
    a("GET", "/nests/1/eggs")
    a("GET", "/nests/1/eggs/1")
    a("DELETE", "/servers/%d" % doomed["id"])
    a("DELETE", "/servers/%d/force" % forced["id"])
    a("DELETE", "/users/%d" % carol["attributes"]["id"])

    # -- client: account
    ref = server["identifier"]

    def s(method, path, **kw):
        return c(method, "/servers/%s%s" % (ref, path), **kw)
    c("GET", "")
    c("GET", "/permissions")
    c("GET", "/account")
    secret = c("GET", "/account/two-factor").json()["data"]["secret"]
    c("POST", "/account/two-factor", json={"code": totp_code(secret), "password": DEFAULT_ADMIN_PASSWORD})
    c("POST", "/account/two-factor/disable", json={"password": DEFAULT_ADMIN_PASSWORD})
    c("PUT", "/account/email", json={"email": "root@example.test", "password": DEFAULT_ADMIN_PASSWORD})
    c("PUT", "/account/password", json={"current_password": DEFAULT_ADMIN_PASSWORD, "password": "a-new-password",
                                        "password_confirmation": "a-new-password"})
    c("GET", "/account/api-keys")
    made = c("POST", "/account/api-keys", json={"description": "ci", "allowed_ips": ["10.0.0.0/8"]}).json()
    c("DELETE", "/account/api-keys/" + made["attributes"]["identifier"])
    added = c("POST", "/account/ssh-keys", json={"name": "laptop", "public_key": _ssh_public_key()}).json()
    c("GET", "/account/ssh-keys")
    c("POST", "/account/ssh-keys/remove", json={"fingerprint": added["attributes"]["fingerprint"]})

    # -- client: the server, power, websocket, activity
    s("GET", "")
    s("GET", "/websocket")
    s("POST", "/power", json={"signal": "start"})
    s("GET", "/resources")
    s("POST", "/command", json={"command": "say hello"})
    # databases
    made = s("POST", "/databases", json={"database": "players", "remote": "%"}).json()["attributes"]
    s("GET", "/databases")
    s("POST", "/databases/%s/rotate-password" % made["id"])
    s("DELETE", "/databases/%s" % made["id"])
    # files
    s("POST", "/files/write?file=server.properties", data=b"motd=hello\n", headers={"Content-Type": "text/plain"})
    s("GET", "/files/list?directory=/")
    s("GET", "/files/contents?file=server.properties")
    s("GET", "/files/download?file=server.properties")
    s("GET", "/files/upload")
    s("POST", "/files/create-folder", json={"root": "/", "name": "config"})
    s("PUT", "/files/rename", json={"root": "/", "files": [{"from": "server.properties", "to": "config/server.properties"}]})
    s("POST", "/files/copy", json={"location": "config/server.properties"})
    archive = s("POST", "/files/compress", json={"root": "/", "files": ["config"]}).json()["attributes"]["name"]
    s("POST", "/files/decompress", json={"root": "/restored", "file": "../" + archive})
    s("POST", "/files/chmod", json={"root": "/", "files": [{"file": "config", "mode": "750"}]})
    s("POST", "/files/pull", json={"url": "https://downloads.example.test/motd.txt", "directory": "/"})
    s("POST", "/files/delete", json={"root": "/", "files": [archive, "restored"]})
    # schedules and tasks
    schedule = s("POST", "/schedules", json={"name": "nightly", "minute": "0", "hour": "4", "day_of_month": "*",
                                             "month": "*", "day_of_week": "*", "is_active": True}).json()["attributes"]
    s("GET", "/schedules")
    s("GET", "/schedules/%d" % schedule["id"])
    s("POST", "/schedules/%d" % schedule["id"], json={"name": "nightly", "minute": "30", "hour": "4",
                                                      "day_of_month": "*", "month": "*", "day_of_week": "*",
                                                      "is_active": True})
    task = s("POST", "/schedules/%d/tasks" % schedule["id"],
             json={"action": "command", "payload": "say restart", "time_offset": 0}).json()["attributes"]
    s("POST", "/schedules/%d/tasks/%d" % (schedule["id"], task["id"]),
      json={"action": "command", "payload": "say restart soon", "time_offset": 0})
    s("POST", "/schedules/%d/execute" % schedule["id"])
    s("DELETE", "/schedules/%d/tasks/%d" % (schedule["id"], task["id"]))
    s("DELETE", "/schedules/%d" % schedule["id"])
    # network allocations
    s("GET", "/network/allocations")
    extra = s("POST", "/network/allocations").json()["attributes"]
    s("POST", "/network/allocations/%d" % extra["id"], json={"notes": "query port"})
    s("POST", "/network/allocations/%d/primary" % extra["id"])
    s("POST", "/network/allocations/%d/primary" % server["allocation"])
    s("DELETE", "/network/allocations/%d" % extra["id"])
    # subusers
    subuser = s("POST", "/users", json={"email": "bob@example.test", "permissions": ["control.console"]}).json()
    uuid = subuser["attributes"]["uuid"]
    s("GET", "/users")
    s("GET", "/users/" + uuid)
    s("POST", "/users/" + uuid, json={"permissions": ["control.console", "control.start"]})
    s("DELETE", "/users/" + uuid)
    # backups
    backup = s("POST", "/backups", json={"name": "before-update"}).json()["attributes"]
    s("GET", "/backups")
    s("GET", "/backups/" + backup["uuid"])
    s("GET", "/backups/%s/download" % backup["uuid"])
    s("POST", "/backups/%s/lock" % backup["uuid"])
    s("POST", "/backups/%s/lock" % backup["uuid"])
    s("POST", "/backups/%s/restore" % backup["uuid"], json={"truncate": False})
    s("DELETE", "/backups/" + backup["uuid"])
    # startup and settings (reinstall last: the server is "installing" after it)
    s("GET", "/startup")
    s("PUT", "/startup/variable", json={"key": "BUILD_NUMBER", "value": "123"})
    s("POST", "/settings/rename", json={"name": "survival-2"})
    s("PUT", "/settings/docker-image", json={"docker_image": "ghcr.io/pterodactyl/yolks:java_17"})
    s("GET", "/activity")
    c("GET", "/account/activity")
    s("POST", "/settings/reinstall")


@pytest.fixture(name="walked", scope="module")
def fixture_walked():
    sim = PterodactylSimulator()
    sim.start()
    try:
        walk_every_route(sim)
        yield sim
    finally:
        sim.stop()


def served_templates(sim):
    return set("%s %s" % (route.method, route.template) for route in sim.router.routes)


def template_of(route):
    """routes.json's path as the simulator's router spells it (``{force}``: the optional ``{force?}``)."""
    return "%s %s" % (route["method"], route["path"].replace("/{server}/{force}", "/{server}/{force?}"))


def check_shape(route, entry):
    """The answer has routes.json's ``response_object``."""
    expected = route["response_object"]
    if expected == "none":
        return entry.response is None
    body = entry.response
    if expected.startswith("list<"):
        kind = expected[5:-1]
        return body.get("object") == "list" and bool(body["data"]) and all(i["object"] == kind for i in body["data"])
    if expected == "raw:[]":
        return body == []
    if expected == "raw:text/plain":
        return entry.content_type.startswith("text/plain") and entry.response_body == b"motd=hello\n"
    if expected.startswith("raw:{data:{"):
        keys = expected[len("raw:{data:{"):-2].split(",")
        return list(body) == ["data"] and sorted(body["data"]) == sorted(keys)
    if expected == "raw:wings_configuration":
        return isinstance(body, dict) and "uuid" in body and "api" in body
    return isinstance(body, dict) and body.get("object") == expected


def test_every_route_is_served_and_answers_as_routes_json_says_or_has_a_reason(walked, record_property):
    served = served_templates(walked)
    assert len(ROUTES) == 111 and set(r["api"] for r in ROUTES) == {"application", "client"}
    calls = {}
    for entry in walked.requests:
        calls.setdefault(entry.route, []).append(entry)
    problems, implemented = [], []
    for route in ROUTES:
        key = (route["method"], route["path"])
        template = template_of(route)
        if key in NOT_IMPLEMENTED:
            assert template not in served, "%s is served: take it off NOT_IMPLEMENTED" % template
            continue
        if template not in served:
            problems.append("#%d %s: not served and not in NOT_IMPLEMENTED" % (route["n"], template))
            continue
        made = calls.get(template, [])
        if template.endswith("{force?}"):  # two routes.json routes share the optional segment
            made = [e for e in made if e.path.endswith("/force") == route["path"].endswith("{force}")]
        good = [e for e in made if e.status == route["success_status"] and check_shape(route, e)]
        if not good:
            problems.append("#%d %s: no call answered %d with %s (got %s)" % (
                route["n"], template, route["success_status"], route["response_object"],
                [(e.status, (e.response or {}).get("errors") if isinstance(e.response, dict) else e.response)
                 for e in made][:2]))
            continue
        implemented.append(route["n"])
    assert problems == [], "\n".join(problems)
    assert walked.errors == []
    record_property("evidence", "routes.json: %d routes; %d served and called with their success status and "
                    "response object (%d of them with limits: %s); %d not implemented%s" % (
                        len(ROUTES), len(implemented), len(LIMITS), "; ".join(
                            "%s %s: %s" % (m, p.replace("/api/client/servers/{server}", "..."), why)
                            for (m, p), why in sorted(LIMITS.items())), len(NOT_IMPLEMENTED),
                        "".join("; %s %s: %s" % (m, p, why) for (m, p), why in NOT_IMPLEMENTED.items())))


def test_the_lists_name_only_real_routes():
    known = set((r["method"], r["path"]) for r in ROUTES)
    assert set(NOT_IMPLEMENTED) <= known and set(LIMITS) <= known


def test_the_seed_clients_routes_are_all_served():
    """Every route py-dactyl 2.1.3's client API calls (its docs: account, servers, backups, databases,
    files, network, schedules, settings, startup, users) is served: none of them is in NOT_IMPLEMENTED."""
    pydactyl = {
        ("GET", "/api/client/account/api-keys"), ("POST", "/api/client/account/api-keys"),
        ("DELETE", "/api/client/account/api-keys/{identifier}"), ("PUT", "/api/client/account/email"),
        ("PUT", "/api/client/account/password"), ("GET", "/api/client/account/two-factor"),
        ("POST", "/api/client/account/two-factor"), ("GET", "/api/client/account"),
        ("GET", "/api/client/servers/{server}/websocket"), ("GET", "/api/client/servers/{server}/databases"),
        ("POST", "/api/client/servers/{server}/databases"),
        ("POST", "/api/client/servers/{server}/databases/{database}/rotate-password"),
        ("DELETE", "/api/client/servers/{server}/databases/{database}"),
        ("POST", "/api/client/servers/{server}/files/compress"), ("POST", "/api/client/servers/{server}/files/copy"),
        ("POST", "/api/client/servers/{server}/files/create-folder"),
        ("POST", "/api/client/servers/{server}/files/decompress"), ("POST", "/api/client/servers/{server}/files/delete"),
        ("GET", "/api/client/servers/{server}/files/download"), ("GET", "/api/client/servers/{server}/files/contents"),
        ("GET", "/api/client/servers/{server}/files/upload"), ("GET", "/api/client/servers/{server}/files/list"),
        ("PUT", "/api/client/servers/{server}/files/rename"), ("POST", "/api/client/servers/{server}/files/write"),
    }
    assert pydactyl <= set((r["method"], r["path"]) for r in ROUTES)
    assert not pydactyl & set(NOT_IMPLEMENTED)
