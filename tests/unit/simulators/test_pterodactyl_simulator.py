# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the Pterodactyl simulator itself (tests/simulators/pterodactyl)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

# pylint: disable=wrong-import-position
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, RecordedRequest  # noqa: E402
from tests.simulators.pterodactyl.rules import Validator, compile_php_regex  # noqa: E402
from tests.unit.simulators.pterodactyl_support import fixture_sim  # noqa: F401 pylint: disable=unused-import

APP = "/api/application"
READ_ONLY_KEY = "ptla_ReadOnlyKey01" + "x" * 30
NON_ADMIN_KEY = "ptla_NonAdminKey1" + "y" * 31
ADMIN_CLIENT_KEY = "ptlc_AdminClient01" + "z" * 30


@pytest.fixture(name="fresh", autouse=True)
def fixture_fresh(sim):
    sim.reset()
    sim.rate_limit_per_minute = None
    sim.max_page_size = None
    sim.install_outcome = "success"
    sim.wings_offline = False
    yield


class Api:
    def __init__(self, base, token=DEFAULT_APP_KEY, accept="application/json"):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + token
        if accept:
            self.session.headers["Accept"] = accept

    def __getattr__(self, method):
        def call(path, **kwargs):
            kwargs.setdefault("allow_redirects", False)
            return self.session.request(method.upper(), self.base + APP + path, **kwargs)
        return call


@pytest.fixture(name="api")
def fixture_api(sim):
    return Api(sim.url)


def server_body(**overrides):
    body = {
        "name": "mc-1",
        "user": 1,
        "egg": 1,
        "docker_image": "ghcr.io/pterodactyl/yolks:java_21",
        "startup": "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
        "environment": {"MINECRAFT_VERSION": "1.20.4", "SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"},
        "limits": {"memory": 1024, "swap": 0, "disk": 2048, "io": 500, "cpu": 100},
        "feature_limits": {"databases": 1, "backups": 2},
        "allocation": {"default": 1},
    }
    body.update(overrides)
    return body


def create_server(api, **overrides):
    response = api.post("/servers", json=server_body(**overrides))
    assert response.status_code == 201, response.text
    return response.json()["attributes"]


def error_fields(response):
    return [(e["meta"]["source_field"], e["meta"]["rule"]) for e in response.json()["errors"]]


def build_body(server, **overrides):
    body = {
        "allocation": server["allocation"],
        "limits": {"memory": 2048, "swap": 0, "disk": 4096, "io": 500, "cpu": 200},
        "feature_limits": {"databases": 2, "backups": 3},
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------------- seed data

def test_seed_data(sim):
    state = sim.state
    admin = state.users[1]
    assert (admin["username"], admin["email"], admin["name_first"], admin["name_last"]) == (
        "admin", "admin@example.test", "Panel", "Admin")
    assert admin["root_admin"] is True and admin["language"] == "en"
    assert len(DEFAULT_APP_KEY) == 48 and DEFAULT_APP_KEY.startswith("ptla_")
    assert [(loc["short"], loc["long"]) for loc in state.locations.values()] == [("eu-west", "Europe West"), ("us-east", "US East")]
    assert state.nodes[1]["memory"] == 16384 and state.nodes[2]["disk"] == 102400
    assert [a["port"] for a in state.rows("allocations", node_id=1)] == list(range(25565, 25585))
    assert [a["id"] for a in state.rows("allocations", node_id=2)] == list(range(21, 31))
    assert state.allocations[21]["ip"] == "127.0.0.2"
    assert [e["name"] for e in state.eggs.values()] == ["Paper", "Vanilla Minecraft", "Garrys Mod"]
    assert [v["env_variable"] for v in state.egg_variables_of(3)] == ["SRCDS_MAP", "MAX_PLAYERS", "STEAM_ACC"]


# ---------------------------------------------------------------------- authentication

def test_missing_and_invalid_token_401(sim):
    response = requests.get(sim.url + APP + "/users", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json() == {"errors": [{"code": "AuthenticationException", "status": "401", "detail": "Unauthenticated."}]}
    bad = Api(sim.url, token=DEFAULT_APP_KEY[:16] + "0" * 32)
    assert bad.get("/users").status_code == 401
    lowercase_scheme = requests.get(sim.url + APP + "/users",
                                    headers={"Accept": "application/json", "Authorization": "bearer " + DEFAULT_APP_KEY})
    assert lowercase_scheme.status_code == 401


def test_non_admin_and_acl_403(sim):
    user = sim.add_user("player1")
    sim.add_api_key(NON_ADMIN_KEY, user_id=user["id"])
    response = Api(sim.url, NON_ADMIN_KEY).get("/users")
    assert response.status_code == 403
    assert response.json()["errors"][0] == {
        "code": "AccessDeniedHttpException", "status": "403",
        "detail": "This account does not have permission to access the API."}

    sim.add_api_key(READ_ONLY_KEY, user_id=1, acl={"users": 1, "servers": 1})
    read_only = Api(sim.url, READ_ONLY_KEY)
    assert read_only.get("/users").status_code == 200
    denied = read_only.post("/users", json={})
    assert denied.status_code == 403
    assert denied.json()["errors"][0]["detail"] == "This action is unauthorized."
    assert read_only.get("/nodes").status_code == 403
    # Includes the key may not read become null resources.
    included = read_only.get("/users/1?include=servers").json()["attributes"]["relationships"]
    assert included == {"servers": {"object": "list", "data": []}}
    sim.state.users[1]["root_admin"] = True
    sim.add_api_key(READ_ONLY_KEY, user_id=1, acl={"users": 1})
    nulled = Api(sim.url, READ_ONLY_KEY).get("/users/1?include=servers").json()["attributes"]["relationships"]
    assert nulled == {"servers": {"object": "null_resource", "attributes": None}}


def test_admin_client_key_has_no_acl_restriction(sim):
    sim.add_api_key(ADMIN_CLIENT_KEY, user_id=1)
    client = Api(sim.url, ADMIN_CLIENT_KEY)
    assert client.get("/nodes").status_code == 200
    assert client.post("/locations", json={"short": "ap-south"}).status_code == 201


def test_without_accept_header_errors_redirect(sim):
    no_accept = Api(sim.url, accept=None)
    ok = no_accept.get("/users")
    assert ok.status_code == 200 and ok.json()["object"] == "list"
    anonymous = requests.get(sim.url + APP + "/users", allow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == sim.url + "/auth/login"
    assert "Redirecting to" in anonymous.text
    invalid = no_accept.post("/users", json={}, headers={"Referer": "https://crm.example.test/users"})
    assert invalid.status_code == 302 and invalid.headers["Location"] == "https://crm.example.test/users"
    back_home = no_accept.post("/users", json={})
    assert back_home.status_code == 302 and back_home.headers["Location"] == sim.url + "/"
    missing = no_accept.get("/users/999")
    assert missing.status_code == 404 and missing.headers["Content-Type"].startswith("text/html")


def test_stateful_requests_fail_csrf(api, sim):
    response = api.post("/locations", json={"short": "x1"}, headers={"Origin": sim.url})
    assert response.status_code == 419
    assert response.json()["errors"][0] == {"code": "HttpException", "status": "419", "detail": "CSRF token mismatch."}
    assert api.get("/locations", headers={"Referer": sim.url + "/admin"}).status_code == 200
    assert api.post("/locations", json={"short": "x1"}, cookies={"pterodactyl_session": "abc"}).status_code == 419


def test_wings_offline(api, sim):
    server = create_server(api)
    sim.wings_offline = True
    try:
        assert api.post("/servers/%d/suspend" % server["id"]).status_code == 504
        failed = api.post("/servers", json=server_body(allocation={"default": 2}))
        assert failed.status_code == 504 and failed.json()["errors"][0]["code"] == "DaemonConnectionException"
        assert len(sim.state.servers) == 1 and sim.state.allocations[2]["server_id"] is None
        node = api.get("/nodes/2").json()["attributes"]
        body = {k: node[k] for k in ("name", "location_id", "fqdn", "scheme", "memory", "memory_overallocate", "disk",
                                     "disk_overallocate", "daemon_listen", "daemon_sftp")}
        patched = api.patch("/nodes/2", json=dict(body, name="node-us-renamed"))
        assert patched.status_code == 400 and patched.json()["errors"][0]["code"] == "ConfigurationNotPersistedException"
        assert sim.state.nodes[2]["name"] == "node-us-renamed"
        assert api.delete("/servers/%d" % server["id"]).status_code == 504
        assert api.delete("/servers/%d/force" % server["id"]).status_code == 204
    finally:
        sim.wings_offline = False


def test_malformed_json_is_400(api):
    response = api.post("/users", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "BadRequestHttpException"
    assert error["detail"] == "The JSON data passed in the request appears to be malformed: Syntax error"


def test_routing_404_and_405(api):
    response = api.get("/users/999")
    assert response.status_code == 404
    assert response.json()["errors"][0] == {"code": "NotFoundHttpException", "status": "404",
                                            "detail": "The requested resource could not be found on the server."}
    unknown = api.get("/widgets")
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["code"] == "NotFoundHttpException"
    wrong_verb = api.put("/users/1", json={})
    assert wrong_verb.status_code == 405
    assert wrong_verb.json()["errors"][0]["code"] == "MethodNotAllowedHttpException"
    assert wrong_verb.headers["Allow"] == "GET, HEAD, PATCH, DELETE"


# ---------------------------------------------------------------------- validation

def test_user_create_validation_shape(api):
    response = api.post("/users", json={"username": "-x", "email": "not-an-email", "external_id": 5})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert all(e["code"] == "ValidationException" and e["status"] == "422" for e in errors)
    assert error_fields(response) == [
        ("email", "email"), ("external_id", "string"), ("username", "p_username"),
        ("first_name", "required"), ("last_name", "required"),
    ]
    assert errors[0]["detail"] == "The email must be a valid email address."
    assert errors[3]["detail"] == "The first name field is required."


def test_user_create_trims_and_lowercases(api, sim):
    response = api.post("/users", json={"username": "  NewUser ", "email": " New@Example.test ", "first_name": "New",
                                        "last_name": "User", "password": " secret ", "external_id": ""})
    assert response.status_code == 201
    body = response.json()
    assert body["meta"]["resource"] == sim.url + APP + "/users/2"
    attributes = body["attributes"]
    assert attributes["username"] == "newuser" and attributes["email"] == "New@Example.test"
    assert attributes["external_id"] is None and "password" not in attributes
    duplicate = api.post("/users", json={"username": "NEWUSER", "email": "new@example.test", "first_name": "a", "last_name": "b"})
    assert error_fields(duplicate) == [("email", "unique"), ("username", "unique")]
    assert duplicate.json()["errors"][0]["detail"] == "The email has already been taken."


def test_user_patch_requires_all_fields_and_keeps_optional(api, sim):
    user = sim.add_user("someone", external_id="ext-1", root_admin=True)
    partial = api.patch("/users/%d" % user["id"], json={"email": "x@example.test"})
    assert partial.status_code == 422
    assert [f for f, _msg in error_fields(partial)] == ["username", "first_name", "last_name"]
    full = api.patch("/users/%d" % user["id"], json={"email": "x@example.test", "username": "someone",
                                                     "first_name": "S", "last_name": "O"})
    assert full.status_code == 200
    assert full.json()["attributes"]["external_id"] == "ext-1"
    assert sim.state.users[user["id"]]["root_admin"] is True


def test_user_delete_refused_with_servers(api, sim):
    create_server(api)
    response = api.delete("/users/1")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "code": "DisplayException", "status": "400",
        "detail": "Cannot delete a user with active servers attached to their account. Please delete their servers before continuing."}
    other = sim.add_user("gone")
    assert api.delete("/users/%d" % other["id"]).status_code == 204
    assert other["id"] not in sim.state.users


def test_user_external_lookup(api, sim):
    sim.add_user("ext", external_id="crm-42")
    assert api.get("/users/external/crm-42").json()["attributes"]["username"] == "ext"
    assert api.get("/users/external/nope").status_code == 404


# ---------------------------------------------------------------------- pagination, filters, sorts, includes

def test_pagination_meta_and_links(api, sim):
    for index in range(60):
        sim.add_user("seed%02d" % index)
    first = api.get("/users").json()
    pagination = first["meta"]["pagination"]
    assert pagination == {"total": 61, "count": 50, "per_page": 50, "current_page": 1, "total_pages": 2,
                          "links": {"next": sim.url + APP + "/users?page=2"}}
    second = api.get("/users", params={"page": 2, "per_page": 50, "filter[username]": "seed"}).json()["meta"]["pagination"]
    assert second["links"] == {"previous": sim.url + APP + "/users?page=1"}
    assert second["total"] == 60 and second["count"] == 10
    zero = api.get("/users", params={"per_page": 0}).json()["meta"]["pagination"]
    assert zero["per_page"] == 15 and zero["count"] == 15
    big = api.get("/users", params={"per_page": 500}).json()["meta"]["pagination"]
    assert big["per_page"] == 500 and big["count"] == 61
    sim.max_page_size = 25
    capped = api.get("/users", params={"per_page": 500}).json()["meta"]["pagination"]
    assert capped["per_page"] == 25 and capped["total_pages"] == 3
    empty = api.get("/users", params={"filter[username]": "zzz"}).json()
    assert empty["data"] == [] and empty["meta"]["pagination"]["links"] == {}


def test_filters_and_sorts(api, sim):
    sim.add_user("alpha", email="Alpha@Example.test")
    sim.add_user("beta", email="beta@example.test")
    sim.add_user("gamma", email="gamma@other.test")

    def names(response):
        return [u["attributes"]["username"] for u in response.json()["data"]]

    assert names(api.get("/users", params={"filter[email]": "EXAMPLE"})) == ["admin", "alpha", "beta"]
    assert names(api.get("/users", params={"filter[username]": "alp,gam"})) == ["alpha", "gamma"]
    assert names(api.get("/users", params={"sort": "-id"})) == ["gamma", "beta", "alpha", "admin"]
    bad_filter = api.get("/users", params={"filter[name]": "x"})
    assert bad_filter.status_code == 400
    assert bad_filter.json()["errors"][0] == {
        "code": "InvalidFilterQuery", "status": "400",
        "detail": "Requested filter(s) `name` are not allowed. Allowed filter(s) are `email, uuid, username, external_id`."}
    bad_sort = api.get("/users", params={"sort": "-email"})
    assert bad_sort.status_code == 400
    assert bad_sort.json()["errors"][0]["detail"] == "Requested sort(s) `email` is not allowed. Allowed sort(s) are `id, uuid`."
    # Nests ignore filters entirely.
    assert api.get("/nests", params={"filter[foo]": "bar"}).status_code == 200


def test_allocation_filters(api):
    server = create_server(api)

    def ports(response):
        return [a["attributes"]["port"] for a in response.json()["data"]]

    assert ports(api.get("/nodes/1/allocations", params={"filter[port]": "25566,25567"})) == [25566, 25567]
    assert ports(api.get("/nodes/1/allocations", params={"filter[ip]": "127.0.0.1", "filter[port]": "25565"})) == [25565]
    assert ports(api.get("/nodes/1/allocations", params={"filter[server_id]": str(server["id"])})) == [25565]
    unassigned = api.get("/nodes/1/allocations", params={"filter[server_id]": "false"}).json()
    assert unassigned["meta"]["pagination"]["total"] == 19


def test_includes(api):
    server = create_server(api)
    body = api.get("/servers/%d?include=allocations,user,nest,egg,variables,location,node,subusers,databases,bogus" % server["id"]).json()
    relationships = body["attributes"]["relationships"]
    assert list(relationships) == ["allocations", "user", "subusers", "nest", "egg", "variables", "location", "node", "databases"]
    assert relationships["subusers"] == {"object": "list", "data": []}
    assert relationships["databases"]["object"] == "list"
    assert relationships["user"]["object"] == "user"
    variable = relationships["variables"]["data"][0]
    assert variable["object"] == "server_variable"
    assert variable["attributes"]["server_value"] == "1.20.4"
    assert variable["attributes"]["created_at"].endswith(".000000Z")
    egg = api.get("/nests/1/eggs/1?include=variables,config,script").json()["attributes"]["relationships"]
    assert egg["variables"]["data"][0]["object"] == "egg_variable"
    assert egg["config"] == {"object": "null_resource", "attributes": None}
    nested = api.get("/users/1?include=servers.allocations").json()["attributes"]["relationships"]
    assert nested["servers"]["data"][0]["attributes"]["relationships"]["allocations"]["data"][0]["object"] == "allocation"
    transfer = api.get("/servers/%d?include=transfer" % server["id"])
    assert transfer.status_code == 500
    assert transfer.json()["errors"][0]["detail"] == \
        "An unexpected error was encountered while processing this request, please try again."


def test_deployable_nodes(api):
    plain = api.get("/nodes/deployable", params={"memory": 1024, "disk": 1024})
    assert plain.status_code == 200 and "meta" not in plain.json()
    assert [n["attributes"]["id"] for n in plain.json()["data"]] == [1, 2]
    paged = api.get("/nodes/deployable", params={"memory": 1024, "disk": 1024, "page": 1, "location_ids[]": 2})
    assert [n["attributes"]["id"] for n in paged.json()["data"]] == [2]
    assert "pagination" in paged.json()["meta"]
    none = api.get("/nodes/deployable", params={"memory": 999999, "disk": 1})
    assert none.status_code == 400 and none.json()["errors"][0]["code"] == "NoViableNodeException"
    invalid = api.get("/nodes/deployable", params={"memory": "lots"})
    assert error_fields(invalid) == [("memory", "integer"), ("disk", "required")]


# ---------------------------------------------------------------------- servers

def test_create_server_environment_rules(api, sim):
    body = server_body()
    del body["environment"]["SERVER_JARFILE"]
    response = api.post("/servers", json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == [{
        "code": "ValidationException", "status": "422", "detail": "The Server Jar File variable field is required.",
        "meta": {"source_field": "environment.SERVER_JARFILE", "rule": "required"}}]
    bad_jar = api.post("/servers", json=server_body(environment={"SERVER_JARFILE": "x.zip", "BUILD_NUMBER": "1"}))
    assert bad_jar.json()["errors"][0]["detail"] == "The Server Jar File variable format is invalid."
    gmod = api.post("/servers", json=server_body(egg=3, environment={"SRCDS_MAP": "gm construct", "MAX_PLAYERS": "200"}))
    assert error_fields(gmod) == [("environment.SRCDS_MAP", "alpha_dash"), ("environment.MAX_PLAYERS", "between")]
    assert gmod.json()["errors"][1]["detail"] == "The Max Players variable must be between 1 and 128."
    created = api.post("/servers", json=server_body(egg=3, environment={"SRCDS_MAP": "gm_construct", "MAX_PLAYERS": 16, "EXTRA": "x"}))
    assert created.status_code == 201, created.text
    env = created.json()["attributes"]["container"]["environment"]
    assert env["STEAM_ACC"] == "" and env["MAX_PLAYERS"] == "16" and "EXTRA" not in env
    assert sim.state.server_environment(created.json()["attributes"]["id"])["STEAM_ACC"] == ""


def test_create_server_response_and_install(api, sim):
    response = api.post("/servers", json=server_body(external_id="srv-1"))
    assert response.status_code == 201
    body = response.json()
    assert "meta" not in body
    attributes = body["attributes"]
    assert attributes["status"] == "installing" and attributes["container"]["installed"] == 0
    assert attributes["identifier"] == attributes["uuid"][:8]
    assert attributes["limits"]["oom_disabled"] is True and attributes["limits"]["threads"] is None
    assert attributes["feature_limits"] == {"databases": 1, "allocations": 0, "backups": 2}
    env = attributes["container"]["environment"]
    assert env["P_SERVER_LOCATION"] == "eu-west" and env["P_SERVER_UUID"] == attributes["uuid"]
    assert env["STARTUP"] == attributes["container"]["startup_command"]
    assert env["P_SERVER_ALLOCATION_LIMIT"] == 0
    later = api.get("/servers/external/srv-1").json()["attributes"]
    assert later["status"] is None and later["container"]["installed"] == 1
    assert sim.state.allocations[1]["server_id"] == attributes["id"]
    duplicate = api.post("/servers", json=server_body(external_id="srv-1", allocation={"default": 2}))
    assert error_fields(duplicate) == [("external_id", "unique")]
    taken = api.post("/servers", json=server_body(allocation={"default": 1}))
    assert error_fields(taken) == [("allocation.default", "exists")]


def test_create_server_required_fields(api):
    response = api.post("/servers", json={"name": "x", "limits": {"memory": 1}, "feature_limits": {}})
    fields = error_fields(response)
    assert ("environment", "present") in fields
    assert ("docker_image", "required") in fields and ("startup", "required") in fields
    assert ("limits.io", "required") in fields
    assert ("feature_limits", "required") in fields
    assert ("allocation.default", "required") in fields
    missing_keys = api.post("/servers", json=server_body(feature_limits={"databases": None}))
    assert error_fields(missing_keys) == [("feature_limits.backups", "present")]
    io = api.post("/servers", json=server_body(limits={"memory": 1, "swap": 0, "disk": 1, "io": 5, "cpu": 0}))
    assert io.json()["errors"][0]["detail"] == "The limits.io must be between 10 and 1000."


def test_create_server_with_deploy(api, sim):
    body = server_body(deploy={"locations": [2], "dedicated_ip": False, "port_range": ["25570-25574"]})
    del body["allocation"]
    created = api.post("/servers", json=body)
    assert created.status_code == 201, created.text
    attributes = created.json()["attributes"]
    assert attributes["node"] == 2 and sim.state.allocations[attributes["allocation"]]["port"] == 25570
    too_big = api.post("/servers", json=dict(body, limits=dict(body["limits"], memory=10 ** 6)))
    assert too_big.json()["errors"][0]["code"] == "NoViableNodeException"
    no_ports = api.post("/servers", json=dict(body, deploy={"locations": [2], "dedicated_ip": False, "port_range": ["30000"]}))
    assert no_ports.json()["errors"][0]["detail"] == "No allocations satisfying the requirements for automatic deployment were found."


def test_details_patch_is_full_replacement(api):
    server = create_server(api, external_id="keep-me", description="hello")
    response = api.patch("/servers/%d/details" % server["id"], json={"name": "renamed", "user": 1})
    assert response.status_code == 200
    attributes = response.json()["attributes"]
    assert attributes["external_id"] is None and attributes["description"] == ""
    missing = api.patch("/servers/%d/details" % server["id"], json={"name": "x"})
    assert error_fields(missing) == [("user", "required")]


def test_build_patch_requires_all_limits(api, sim):
    server = create_server(api)
    partial = api.patch("/servers/%d/build" % server["id"], json={"allocation": server["allocation"], "limits": {"memory": 2048}})
    assert partial.status_code == 422
    assert error_fields(partial) == [
        ("limits.swap", "required_with"), ("limits.io", "required_with"), ("limits.cpu", "required_with"),
        ("limits.disk", "required_with"), ("feature_limits", "required"),
        ("feature_limits.databases", "present"), ("feature_limits.backups", "present")]
    assert partial.json()["errors"][0]["detail"] == "The limits.swap field is required when limits is present."
    no_limits = api.patch("/servers/%d/build" % server["id"], json={"allocation": server["allocation"], "feature_limits": {}})
    assert ("memory", "required_without") in error_fields(no_limits)
    assert ("feature_limits.databases", "present") in error_fields(no_limits)
    ok = api.patch("/servers/%d/build" % server["id"], json=build_body(
        server, add_allocations=[2, 3, 25], feature_limits={"databases": None, "backups": None}, oom_disabled=False))
    assert ok.status_code == 200, ok.text
    attributes = ok.json()["attributes"]
    assert attributes["limits"]["memory"] == 2048 and attributes["limits"]["oom_disabled"] is False
    assert attributes["feature_limits"] == {"databases": None, "allocations": None, "backups": 0}
    assert [a["id"] for a in sim.state.rows("allocations", server_id=server["id"])] == [1, 2, 3]
    swap = api.patch("/servers/%d/build" % server["id"], json=build_body(server, allocation=2, remove_allocations=[1]))
    assert swap.status_code == 200 and swap.json()["attributes"]["allocation"] == 2
    assert sim.state.allocations[1]["server_id"] is None
    no_fallback = api.patch("/servers/%d/build" % server["id"], json=build_body(server, allocation=2, remove_allocations=[2]))
    assert no_fallback.status_code == 400
    not_assigned = api.patch("/servers/%d/build" % server["id"], json=build_body(server, allocation=10))
    assert not_assigned.json()["errors"][0]["detail"] == "The requested default allocation is not currently assigned to this server."


def test_startup_patch_rewrites_environment(api, sim):
    server = create_server(api)
    base = {"startup": "java -jar {{SERVER_JARFILE}}", "egg": 1, "image": "ghcr.io/pterodactyl/yolks:java_17", "skip_scripts": False}
    docker_image = api.patch("/servers/%d/startup" % server["id"], json=dict(base, environment={}, docker_image="x", image=None))
    assert ("image", "required") in error_fields(docker_image)
    no_skip = {k: v for k, v in base.items() if k != "skip_scripts"}
    assert ("skip_scripts", "present") in error_fields(api.patch("/servers/%d/startup" % server["id"], json=dict(no_skip, environment={})))
    unchanged = api.patch("/servers/%d/startup" % server["id"], json=dict(base, environment={}))
    assert unchanged.status_code == 200
    assert unchanged.json()["attributes"]["container"]["environment"]["MINECRAFT_VERSION"] == "1.20.4"
    assert unchanged.json()["attributes"]["container"]["image"] == "ghcr.io/pterodactyl/yolks:java_17"
    partial = api.patch("/servers/%d/startup" % server["id"], json=dict(base, environment={"SERVER_JARFILE": "paper.jar"}))
    assert error_fields(partial) == [("environment.BUILD_NUMBER", "required")]
    rewritten = api.patch("/servers/%d/startup" % server["id"], json=dict(base, environment={"SERVER_JARFILE": "paper.jar", "BUILD_NUMBER": "9"}))
    env = rewritten.json()["attributes"]["container"]["environment"]
    assert env["SERVER_JARFILE"] == "paper.jar" and env["MINECRAFT_VERSION"] == ""
    switched = api.patch("/servers/%d/startup" % server["id"], json=dict(base, egg=2, environment={}))
    attributes = switched.json()["attributes"]
    assert attributes["egg"] == 2 and attributes["nest"] == 1
    assert attributes["container"]["environment"]["VANILLA_VERSION"] == "latest"
    assert sim.state.servers[server["id"]]["egg_id"] == 2


def test_power_state_and_delete(api, sim):
    server = create_server(api)
    path = "/servers/%d" % server["id"]
    assert api.post(path + "/suspend").status_code == 204
    assert api.post(path + "/suspend").status_code == 204
    suspended = api.get(path).json()["attributes"]
    assert suspended["status"] == "suspended" and suspended["suspended"] is True
    assert api.post(path + "/unsuspend").status_code == 204
    assert api.get(path).json()["attributes"]["status"] is None
    sim.install_outcome = "failed"
    assert api.post(path + "/reinstall").status_code == 204
    assert api.get(path).json()["attributes"]["status"] == "reinstall_failed"
    delete = api.delete(path + "/force")
    assert delete.status_code == 204 and delete.content == b"" and delete.headers["Content-Length"] == "0"
    assert sim.state.allocations[1]["server_id"] is None
    assert api.get(path).status_code == 404


def test_server_databases(api, sim):
    server = create_server(api)
    created = api.post("/servers/%d/databases" % server["id"], json={"database": "stats", "remote": "%", "host": 1})
    assert created.status_code == 201, created.text
    database = created.json()["attributes"]
    assert database["database"] == "s%d_stats" % server["id"]
    assert created.json()["meta"]["resource"].endswith("/servers/%d/databases/%d" % (server["id"], database["id"]))
    listing = api.get("/servers/%d/databases?include=password" % server["id"]).json()
    assert listing["data"][0]["attributes"]["relationships"]["password"]["object"] == "database_password"
    over_limit = api.post("/servers/%d/databases" % server["id"], json={"database": "more", "remote": "%", "host": 1})
    assert over_limit.json()["errors"][0]["code"] == "TooManyDatabasesException"
    assert api.post("/servers/%d/databases/%d/reset-password" % (server["id"], database["id"])).status_code == 204
    assert api.delete("/servers/%d/databases/%d" % (server["id"], database["id"])).status_code == 204


# ---------------------------------------------------------------------- nodes, allocations, locations

def test_allocation_ports_must_be_strings(api, sim):
    numbers = api.post("/nodes/1/allocations", json={"ip": "127.0.0.1", "ports": [25600]})
    assert error_fields(numbers) == [("ports.0", "string")]
    assert numbers.json()["errors"][0]["detail"] == "The ports.0 must be a string."
    low = api.post("/nodes/1/allocations", json={"ip": "127.0.0.1", "ports": ["80"]})
    assert low.status_code == 400 and low.json()["errors"][0]["code"] == "PortOutOfRangeException"
    garbage = api.post("/nodes/1/allocations", json={"ip": "127.0.0.1", "ports": ["25600:25601"]})
    assert garbage.json()["errors"][0]["code"] == "InvalidPortMappingException"
    before = len(sim.state.allocations)
    ok = api.post("/nodes/1/allocations", json={"ip": "127.0.0.1", "ports": ["25565", "25600-25604"], "alias": "mc"})
    assert ok.status_code == 204 and ok.content == b""
    assert len(sim.state.allocations) == before + 5
    again = api.post("/nodes/1/allocations", json={"ip": "127.0.0.1", "ports": ["25600-25604"]})
    assert again.status_code == 204 and len(sim.state.allocations) == before + 5
    cidr = api.post("/nodes/1/allocations", json={"ip": "10.0.0.0/24", "ports": ["25565"]})
    assert cidr.json()["errors"][0]["code"] == "CidrOutOfRangeException"
    server = create_server(api)
    in_use = api.delete("/nodes/1/allocations/%d" % server["allocation"])
    assert in_use.json()["errors"][0]["code"] == "ServerUsingAllocationException"
    assert api.delete("/nodes/2/allocations/2").status_code == 404
    assert api.delete("/nodes/1/allocations/2").status_code == 204


def test_node_crud(api, sim):
    body = {"name": "node-ap-1", "location_id": 1, "fqdn": "ap.example.test", "scheme": "https", "memory": 4096,
            "memory_overallocate": 0, "disk": 10000, "disk_overallocate": 0, "daemon_listen": 8080, "daemon_sftp": 2022,
            "description": "dropped", "daemon_base": "/srv/daemon"}
    created = api.post("/nodes", json=body)
    assert created.status_code == 201, created.text
    node = created.json()["attributes"]
    assert node["description"] is None and node["daemon_base"] == "/srv/daemon" and node["upload_size"] == 100
    assert node["allocated_resources"] == {"memory": 0, "disk": 0}
    del body["daemon_base"]
    updated = api.patch("/nodes/%d" % node["id"], json=dict(body, memory=8192))
    assert updated.json()["attributes"]["daemon_base"] == "/var/lib/pterodactyl/volumes"
    missing = api.post("/nodes", json={"name": "x"})
    assert ("location_id", "required") in error_fields(missing)
    assert any(e["detail"] == "The Location field is required." for e in missing.json()["errors"])
    configuration = api.get("/nodes/1/configuration").json()
    assert configuration["api"]["port"] == 8080 and configuration["remote"] == sim.url
    create_server(api)
    refused = api.delete("/nodes/1")
    assert refused.json()["errors"][0]["code"] == "HasActiveServersException"
    assert api.delete("/nodes/%d" % node["id"]).status_code == 204


def test_unique_columns_are_found_by_an_index_kept_through_updates_and_deletes(api, sim):
    def create(username, email):
        return api.post("/users", json={"username": username, "email": email, "first_name": "a", "last_name": "b"})

    first = create("indexed", "Indexed@Example.test").json()["attributes"]
    assert error_fields(create("INDEXED ", "other@example.test")) == [("username", "unique")]
    # renamed: the old name is free, the new one taken (case-blind, trailing spaces ignored)
    renamed = {"username": "renamed", "email": "indexed@example.test", "first_name": "a", "last_name": "b"}
    assert api.patch("/users/%d" % first["id"], json=renamed).status_code == 200
    assert create("indexed", "again@example.test").status_code == 201
    assert error_fields(create("Renamed", "third@example.test")) == [("username", "unique")]
    # deleted: its name and e-mail address are free again
    assert api.delete("/users/%d" % first["id"]).status_code == 204
    assert create("renamed", "indexed@example.test").status_code == 201
    # a row inserted without the API is in the index too
    sim.state.add_user("seeded", email="seeded@example.test")
    assert error_fields(create("seeded", "fourth@example.test")) == [("username", "unique")]


def test_location_crud(api):
    created = api.post("/locations", json={"short": "ap-south", "long": "Asia Pacific"})
    assert created.status_code == 201
    location = created.json()["attributes"]
    duplicate = api.post("/locations", json={"short": "EU-WEST"})
    assert duplicate.json()["errors"][0]["detail"] == "The Location Identifier has already been taken."
    patched = api.patch("/locations/%d" % location["id"], json={"short": "ap-south-1"})
    assert patched.json()["attributes"]["long"] == "Asia Pacific"
    refused = api.delete("/locations/1")
    assert refused.json()["errors"][0]["detail"] == "Cannot delete a location that has active nodes attached to it."
    assert api.delete("/locations/%d" % location["id"]).status_code == 204


# ---------------------------------------------------------------------- rate limits, faults, log, control

def test_rate_limit_429(api, sim):
    sim.rate_limit_per_minute = 3
    statuses = [api.get("/users") for _i in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert statuses[0].headers["X-RateLimit-Limit"] == "3" and statuses[0].headers["X-RateLimit-Remaining"] == "2"
    limited = statuses[3]
    assert limited.json() == {"errors": [{"code": "ThrottleRequestsException", "status": "429", "detail": "Too Many Attempts."}]}
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["X-RateLimit-Remaining"] == "0" and "X-RateLimit-Reset" in limited.headers
    sim.rate_limit_window = 1
    sim.reset()
    sim.rate_limit_per_minute = 1
    assert api.get("/users").status_code == 200
    assert api.get("/users").status_code == 429
    time.sleep(1.05)
    assert api.get("/users").status_code == 200
    sim.rate_limit_window = 60


def test_fault_injection(api, sim):
    sim.inject_fault(status=429, count=2, retry_after=7, method="GET", path_prefix=APP + "/servers")
    assert api.get("/users").status_code == 200
    first = api.get("/servers")
    assert first.status_code == 429 and first.headers["Retry-After"] == "7"
    assert first.json()["errors"][0]["code"] == "ThrottleRequestsException"
    assert api.get("/servers").status_code == 429
    assert api.get("/servers").status_code == 200
    sim.inject_fault(status=503, count=1)
    unavailable = api.post("/locations", json={"short": "zz"})
    assert unavailable.status_code == 503
    assert unavailable.json()["errors"][0]["code"] == "HttpException"
    assert "zz" not in [loc["short"] for loc in sim.state.locations.values()]
    assert [r.status for r in sim.requests if r.injected] == [429, 429, 503]


def test_request_log_and_control_endpoints(api, sim):
    sim.clear_log()
    api.get("/users", params={"filter[username]": "adm"})
    api.post("/locations", json={"short": "log-1"})
    assert len(sim.requests) == 2
    first, second = sim.requests
    assert isinstance(first, RecordedRequest)
    assert (first.method, first.path, first.query, first.status, first.body) == (
        "GET", APP + "/users", {"filter[username]": "adm"}, 200, None)
    assert first.headers["accept"] == "application/json"
    assert second.body == {"short": "log-1"} and second.status == 201
    assert [r.method for r in sim.writes()] == ["POST"]
    control = requests.get(sim.url + "/__sim/requests").json()
    assert [(r["method"], r["status"]) for r in control] == [("GET", 200), ("POST", 201)]
    assert requests.post(sim.url + "/__sim/config", json={"max_page_size": 5}).json()["max_page_size"] == 5
    assert sim.max_page_size == 5
    assert requests.post(sim.url + "/__sim/faults", json={"status": 502, "count": 1}).status_code == 204
    assert api.get("/users").status_code == 502
    dump = requests.get(sim.url + "/__sim/state").json()
    assert dump["users"][0]["username"] == "admin" and "password" not in dump["users"][0]
    assert requests.post(sim.url + "/__sim/clear-log").status_code == 204
    assert sim.requests == []


def test_keep_alive_and_head(sim):
    session = requests.Session()
    headers = {"Authorization": "Bearer " + DEFAULT_APP_KEY, "Accept": "application/json"}
    for _i in range(3):
        assert session.get(sim.url + APP + "/locations", headers=headers).status_code == 200
    head = session.head(sim.url + APP + "/locations", headers=headers)
    assert head.status_code == 200 and head.content == b"" and int(head.headers["Content-Length"]) > 0


def test_cli_runs_and_refuses_foreign_hosts(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    refused = subprocess.run([sys.executable, "-m", "tests.simulators.pterodactyl", "--host", "0.0.0.0"],
                             cwd=str(REPO_ROOT), env=env, capture_output=True, text=True, timeout=30, check=False)
    assert refused.returncode == 2
    port_file = tmp_path / "url"
    command = [sys.executable, "-m", "tests.simulators.pterodactyl", "--port-file", str(port_file), "--max-page-size", "10"]
    with subprocess.Popen(command, cwd=str(REPO_ROOT), env=env, stdout=subprocess.PIPE, text=True) as process:
        try:
            line = process.stdout.readline()
            assert line.startswith("Pterodactyl simulator listening on http://127.0.0.1:")
            url = port_file.read_text().strip()
            assert line.strip().endswith(url)
            response = requests.get(url + APP + "/locations", headers={"Authorization": "Bearer " + DEFAULT_APP_KEY,
                                                                       "Accept": "application/json"})
            assert response.json()["meta"]["pagination"]["per_page"] == 10
        finally:
            process.terminate()
            assert process.wait(timeout=10) == 0


def test_two_factor_and_ip_restrictions(sim, api):
    sim.two_factor_required = 1
    try:
        blocked = api.get("/users")
        assert blocked.status_code == 400
        assert blocked.json()["errors"][0]["code"] == "TwoFactorAuthRequiredException"
    finally:
        sim.two_factor_required = 0
    sim.add_api_key(READ_ONLY_KEY, user_id=1, allowed_ips=["10.0.0.0/8"])
    denied = Api(sim.url, READ_ONLY_KEY).get("/users")
    assert denied.status_code == 403
    assert denied.json()["errors"][0]["detail"] == \
        "This IP address (127.0.0.1) does not have permission to access the API using these credentials."


# ---------------------------------------------------------------------- validator unit tests

def test_validator_rules():
    errors = Validator({"a": "", "b": None, "c": "abc", "d": 5, "e": [1, 2, 3]}, [
        ("a", "required|string"),
        ("b", "nullable|string|max:3"),
        ("c", "string|max:2"),
        ("d", "integer|between:10,20"),
        ("e", "array|max:2"),
        ("f", "sometimes|required"),
        ("g", "present"),
    ]).validate()
    assert errors == [
        ("a", "The a field is required.", "required"),
        ("c", "The c may not be greater than 2 characters.", "max"),
        ("d", "The d must be between 10 and 20.", "between"),
        ("e", "The e may not have more than 2 items.", "max"),
        ("g", "The g field must be present.", "present"),
    ]
    assert compile_php_regex(r"/^([\w\d._-]+)(\.jar)$/").search("server.jar")
    assert compile_php_regex(r"/^([\w\d._-]+)(\.jar)$/").search("sérver.jar") is None
    assert compile_php_regex(r"/^abc\z/i").search("ABC")
    assert compile_php_regex("no-delimiters") is None
