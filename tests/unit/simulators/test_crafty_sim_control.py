# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty simulator: Python interface, request log, faults, control endpoints, process mode and the schemas."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.unit.simulators.crafty_support import (
    DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, REPO_ROOT, USER_PASSWORD, Api, CraftySimulator, assert_error,
    assert_crash, assert_html_500, java_server,
)

# the reference lives beside the repository, not in it: point CRAFTY_REFERENCE_DIR at its crafty folder
REFERENCE_SCHEMAS = Path(os.environ.get("CRAFTY_REFERENCE_DIR") or "crafty-reference-not-given") / "schemas.json"


def test_public_interface():
    with CraftySimulator(version="4.4") as sim:
        assert sim.url.startswith("http://127.0.0.1:")
        assert sim.version == "4.4.7"
        assert sim.connection_env() == {"GAMEOPS_PANEL_TYPE": "crafty", "GAMEOPS_PANEL_URL": sim.url,
                                        "GAMEOPS_PANEL_USERNAME": DEFAULT_ADMIN_USERNAME,
                                        "GAMEOPS_PANEL_PASSWORD": DEFAULT_ADMIN_PASSWORD}
        user = sim.add_user("carol", USER_PASSWORD, permissions={"SERVER_CREATION": -1, "USER_CONFIG": 0})
        assert user["user_id"] == 3 and "password" in user
        assert sim.state.crafty_row(3)["permissions"] == "110"
        server = sim.add_server("alpha", server_port=25599)
        role = sim.add_role("Ops", servers={server["server_id"]: ["commands", "logs"]}, users=["carol"])
        assert role["role_name"] == "Ops"  # helpers store names as given
        assert sim.state.user_role_ids(3) == [role["role_id"]]
        assert sim.state.server_mask(sim.state.users[3], server["server_id"]) == "10100000"
        sim.reset()
        assert [u["username"] for u in sim.state.users.values()] == ["admin", "system"]
        assert sim.state.servers == {}
    assert sim.url and sim._httpd is None  # pylint: disable=protected-access
    with pytest.raises(ValueError, match="unsupported Crafty version"):
        CraftySimulator(version="3.9")


def test_unseeded_simulator_has_no_users():
    sim = CraftySimulator(version="4.4.8", seed=False)
    assert sim.state.users == {}


def test_request_log(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    api.post("/servers", json=java_server())
    api.get("/servers", params={"ids": "true"})
    api.post("/auth/login", json={"username": "x", "password": "y"})
    entries = [(r.method, r.path, r.status) for r in sim.requests]
    assert entries == [("POST", "/api/v2/servers", 201), ("GET", "/api/v2/servers", 200),
                       ("POST", "/api/v2/auth/login", 400)]
    first = sim.requests[0]
    assert first.body["name"] == "survival" and first.response["status"] == "ok" and first.injected is False
    assert sim.requests[1].query == {"ids": "true"}
    assert sim.requests[0].headers["Authorization"].startswith("Bearer ")
    assert [r.method for r in sim.writes()] == ["POST", "POST"]
    sim.clear_log()
    assert sim.requests == []


def test_fault_injection(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sim.inject_fault(status=500, count=1, method="GET", path_prefix="/api/v2/servers")
    assert api.get("/users").status_code == 200  # another path
    assert_crash(api.get("/servers"), "Exception: injected by the simulator")  # a crash, as show_errors shows it
    assert api.get("/servers").status_code == 200  # count used up
    sim.show_errors = False
    sim.inject_fault(status=500, count=1)
    assert_html_500(api.get("/servers"))
    sim.show_errors = True
    sim.inject_fault(status=429, count=1, retry_after=2)
    limited = api.get("/users")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "2"
    assert limited.json()["error"] == "TOO_MANY_ATTEMPTS"
    sim.inject_fault(status=503, count=1)
    assert api.get("/users").status_code == 503
    sim.inject_fault(status=400, count=1, code="NOT_AUTHORIZED", detail="nope")
    assert_error(api.get("/users"), 400, "NOT_AUTHORIZED", "nope")
    sim.inject_fault(count=1, drop=True)
    with pytest.raises(requests.ConnectionError):
        requests.get(sim.url + "/api/v2/users", timeout=5)
    assert [r.injected for r in sim.requests].count(True) == 6
    sim.inject_fault(status=500, count=5)
    sim.clear_faults()
    assert api.get("/users").status_code == 200


def test_control_endpoints(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    base = sim.url + "/__sim"
    created = requests.post(base + "/users", json={"username": "carol", "password": USER_PASSWORD,
                                                   "permissions": ["SERVER_CREATION"]}, timeout=5)
    assert created.status_code == 201 and "password" not in created.json()
    server = requests.post(base + "/servers", json={"name": "alpha"}, timeout=5).json()
    role = requests.post(base + "/roles", json={"name": "ops", "servers": {server["server_id"]: "11111111"},
                                                "users": ["carol"]}, timeout=5)
    assert role.status_code == 201
    token = requests.post(base + "/api-keys", json={"username": "carol"}, timeout=5).json()["token"]
    assert Api(sim, token).get("/servers").json()["data"][0]["server_id"] == server["server_id"]
    secret = requests.post(base + "/totp", json={"username": "carol"}, timeout=5).json()["secret"]
    assert len(secret) >= 16
    assert requests.post(base + "/invalidate-tokens", json={"username": "carol"}, timeout=5).status_code == 204
    assert Api(sim, token).get("/servers").status_code == 403
    config = requests.post(base + "/config", json={"list_schedules": True, "crafty_config": {"superMFA": True}},
                           timeout=5).json()
    assert config["list_schedules"] is True and config["crafty_config"]["superMFA"] is True
    assert sim.list_schedules is True
    assert requests.post(base + "/faults", json={"status": 500, "count": 1}, timeout=5).status_code == 204
    assert requests.get(sim.url + "/api/v2", timeout=5).status_code == 500
    assert requests.delete(base + "/faults", timeout=5).status_code == 204
    logged = requests.get(base + "/requests", timeout=5).json()
    assert logged[-1]["path"] == "/api/v2" and logged[-1]["injected"] is True
    assert requests.post(base + "/clear-log", timeout=5).status_code == 204
    assert requests.get(base + "/requests", timeout=5).json() == []
    state = requests.get(base + "/state", timeout=5).json()
    assert [u["username"] for u in state["users"]] == ["admin", "system", "carol"]
    assert all("password" not in u for u in state["users"])
    assert all("totp_secret" not in t for t in state["totp"])
    assert requests.post(base + "/users", json={"nope": 1}, timeout=5).status_code == 400
    assert requests.get(base + "/nothing", timeout=5).status_code == 404
    assert requests.post(base + "/reset", json={}, timeout=5).status_code == 204
    assert sim.state.servers == {} and sim.list_schedules is True  # knobs survive a reset; state does not


def test_show_errors(crafty_pool):
    """Crafty's default configuration has show_errors: true, so Tornado answers a crash with the traceback
    (text/plain, the exception last); show_errors off gives its HTML page. A knob like the others, and a
    constructor argument; crashes are recorded either way."""
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    body = assert_crash(api.get("/users/42"), "app.classes.models.users.UsersDoesNotExist: <Model: Users> instance "
                                              "matching query does not exist:")
    text = api.get("/users/42").text
    assert "REPO_ROOT" not in text and str(REPO_ROOT) not in text  # no path of this machine
    assert text.splitlines()[-2:] == ['SQL: SELECT * FROM "users" AS "t1" WHERE ("t1"."user_id" = ?) LIMIT ? OFFSET ?',
                                      "Params: [42, 1, 0]"]
    assert body.endswith("does not exist:")
    config = requests.post(sim.url + "/__sim/config", json={"show_errors": False}, timeout=5).json()
    assert config["show_errors"] is False and sim.show_errors is False
    assert_html_500(api.get("/users/42"))
    assert sim.crashes[-1] == "GET /api/v2/users/42: " + body
    assert len(sim.crashes) == 3 and sim.errors == []
    with CraftySimulator(version="4.0.8", show_errors=False) as quiet:
        assert_html_500(Api.admin(quiet).get("/users/42"))
    assert CraftySimulator(version="4.10").show_errors is True


def test_run_as_a_process(tmp_path):
    port_file = tmp_path / "url"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "tests.simulators.crafty", "--version", "4.0.8", "--port-file", str(port_file)],
        cwd=str(REPO_ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while not port_file.exists() or not port_file.read_text().strip():
            assert process.poll() is None, process.stderr.read()
            assert time.time() < deadline, "simulator did not start"
            time.sleep(0.05)
        url = port_file.read_text().strip()
        assert requests.get(url + "/api/v2", timeout=5).json()["data"]["version"] == "4.0.8-beta"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0


def test_process_refuses_other_hosts():
    result = subprocess.run([sys.executable, "-m", "tests.simulators.crafty", "--host", "0.0.0.0"],
                            cwd=str(REPO_ROOT), capture_output=True, text=True, timeout=30, check=False,
                            env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)))
    assert result.returncode == 2 and "only listens on 127.0.0.1" in result.stderr


@pytest.mark.skipif(not REFERENCE_SCHEMAS.exists(), reason="CRAFTY_REFERENCE_DIR does not point at the Crafty reference")
def test_schemas_match_the_reference():
    from tests.simulators.crafty.schemas import BUILDERS, reference_schema  # pylint: disable=import-outside-toplevel
    reference = json.loads(REFERENCE_SCHEMAS.read_text(encoding="utf-8"))["schemas"]
    for name in BUILDERS:
        assert reference_schema(name) == reference[name]["schema"], name


def test_jsonschema_discovery(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api(sim)
    names = api.get("/jsonschema").json()["data"]
    assert names == ["login", "modify_role", "create_role", "server_patch", "new_server", "user_patch", "new_user",
                     "task_patch"]
    login = api.get("/jsonschema/login").json()["data"]
    assert login["properties"]["password"]["minLength"] == 8
    assert_error(api.get("/jsonschema/new_webhook"), 404, "UNKNOWN_JSON_SCHEMA")
