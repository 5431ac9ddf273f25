# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the Pterodactyl simulator's client API (``/api/client``)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

# pylint: disable=wrong-import-position
from tests.simulators.pterodactyl import (  # noqa: E402
    DEFAULT_ADMIN_PASSWORD, DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY,
)
from tests.simulators.pterodactyl.client_account import totp_code, verify_totp  # noqa: E402
from tests.simulators.pterodactyl.client_schedules import CronError, next_run  # noqa: E402
from tests.unit.simulators.pterodactyl_support import fixture_sim  # noqa: F401 pylint: disable=unused-import

APP = "/api/application"
CLIENT = "/api/client"


@pytest.fixture(name="fresh", autouse=True)
def fixture_fresh(sim):
    sim.reset()
    sim.rate_limit_per_minute = None
    sim.client_rate_limit_per_minute = None
    sim.install_outcome = "success"
    sim.backup_duration = 0
    sim.backup_outcome = "success"
    sim.backup_throttle = (2, 600)
    sim.restore_duration = 0
    yield


class Api:
    def __init__(self, base, token, prefix):
        self.base = base + prefix
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + token
        self.session.headers["Accept"] = "application/json"

    def __getattr__(self, method):
        def call(path="", **kwargs):
            kwargs.setdefault("allow_redirects", False)
            return self.session.request(method.upper(), self.base + path, **kwargs)
        return call


@pytest.fixture(name="admin")
def fixture_admin(sim):
    return Api(sim.url, DEFAULT_APP_KEY, APP)


@pytest.fixture(name="client")
def fixture_client(sim):
    return Api(sim.url, DEFAULT_CLIENT_KEY, CLIENT)


def make_server(admin, user=1, backups=2, **overrides):
    body = {
        "name": "mc-1", "user": user, "egg": 1, "docker_image": "ghcr.io/pterodactyl/yolks:java_21",
        "startup": "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
        "environment": {"MINECRAFT_VERSION": "1.20.4", "SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"},
        "limits": {"memory": 1024, "swap": 0, "disk": 2048, "io": 500, "cpu": 100},
        "feature_limits": {"databases": 1, "backups": backups}, "allocation": {"default": 1},
    }
    body.update(overrides)
    response = admin.post("/servers", json=body)
    assert response.status_code == 201, response.text
    return response.json()["attributes"]


def error(response):
    return response.json()["errors"][0]


def user_client(sim, username="bob"):
    user = sim.add_user(username)
    return user, Api(sim.url, sim.add_client_key(user_id=user["id"]), CLIENT)


# ---------------------------------------------------------------------- keys and access

def test_client_keys_and_application_key_rejected(sim, client):
    token = sim.add_client_key(user_id=1)
    assert len(token) == 48 and token.startswith("ptlc_")
    assert len(DEFAULT_CLIENT_KEY) == 48
    response = Api(sim.url, token, CLIENT).get("/account")
    assert response.status_code == 200
    assert response.json() == {"object": "user", "attributes": {
        "id": 1, "admin": True, "username": "admin", "email": "admin@example.test", "first_name": "Panel",
        "last_name": "Admin", "language": "en"}}
    response = Api(sim.url, DEFAULT_APP_KEY, CLIENT).get("")
    assert response.status_code == 403
    assert error(response)["detail"] == ("You are attempting to use an application API key on an endpoint that "
                                         "requires a client API key.")
    assert client.get("").status_code == 200


def test_server_binding_and_access_rule(sim, admin, client):
    server = make_server(admin)
    for ref in (server["identifier"], server["uuid"]):
        response = client.get("/servers/" + ref)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["attributes"]["uuid"] == server["uuid"]
        assert body["meta"] == {"is_server_owner": True, "user_permissions": ["*"]}
        assert body["attributes"]["relationships"]["allocations"]["data"][0]["attributes"]["is_default"] is True
        assert body["attributes"]["invocation"] == "java -Xms128M -Xmx1024M -jar server.jar"
    assert client.get("/servers/%d" % server["id"]).status_code == 404
    _user, other = user_client(sim)
    response = other.get("/servers/" + server["identifier"])
    assert response.status_code == 404
    assert error(response)["detail"] == "The requested resource does not exist on this server."
    assert other.get("").json()["data"] == []
    assert admin.post("/servers/%d/suspend" % server["id"]).status_code == 204
    assert client.get("/servers/" + server["identifier"]).status_code == 200
    response = client.get("/servers/%s/resources" % server["identifier"])
    assert response.status_code == 409
    assert error(response)["code"] == "ServerStateConflictException"
    assert "suspended" in error(response)["detail"]


def test_list_pagination_and_types(sim, admin, client):
    owner, other = user_client(sim)
    make_server(admin)
    make_server(admin, user=owner["id"], allocation={"default": 2}, name="bobs")
    assert len(client.get("").json()["data"]) == 1
    assert len(client.get("?type=admin-all").json()["data"]) == 2
    assert [s["attributes"]["name"] for s in client.get("?type=admin").json()["data"]] == ["bobs"]
    assert other.get("?type=admin-all").json()["data"] == []
    body = client.get("?type=admin-all&per_page=1").json()
    assert body["meta"]["pagination"]["total_pages"] == 2
    assert "type=admin-all" in body["meta"]["pagination"]["links"]["next"]
    assert client.get("?per_page=500").json()["meta"]["pagination"]["per_page"] == 100
    assert len(client.get("?type=admin-all&filter[name]=bob").json()["data"]) == 1


def test_power_resources_and_command(sim, admin, client):
    ident = make_server(admin)["identifier"]
    stats = client.get("/servers/%s/resources" % ident).json()
    assert stats["object"] == "stats" and stats["attributes"]["current_state"] == "offline"
    response = client.post("/servers/%s/command" % ident, json={"command": "say hi"})
    assert response.status_code == 502
    assert error(response)["detail"] == "Server must be online in order to send commands."
    assert client.post("/servers/%s/power" % ident, json={"signal": "bogus"}).status_code == 422
    assert client.post("/servers/%s/power" % ident, json={"signal": "start"}).status_code == 204
    assert client.get("/servers/%s/resources" % ident).json()["attributes"]["current_state"] == "running"
    assert client.post("/servers/%s/command" % ident, json={"command": "say hi"}).status_code == 204
    assert sim.state.console[1] == ["say hi"]
    assert client.post("/servers/%s/power" % ident, json={"signal": "kill"}).status_code == 204
    assert client.get("/servers/%s/resources" % ident).json()["attributes"]["current_state"] == "offline"


def test_subuser_permissions_and_crud(sim, admin, client):
    ident = make_server(admin)["identifier"]
    response = client.post("/servers/%s/users" % ident, json={
        "email": "helper@example.test", "permissions": ["control.start", "bogus.key", "backup.read"]})
    assert response.status_code == 200, response.text
    sub = response.json()["attributes"]
    assert sub["permissions"] == ["control.start", "backup.read", "websocket.connect"]
    assert sub["username"].startswith("helper")
    helper = next(u for u in sim.state.users.values() if u["email"] == "helper@example.test")
    assert (helper["name_first"], helper["name_last"]) == ("Server", "Subuser")
    response = client.post("/servers/%s/users" % ident, json={"email": "helper@example.test", "permissions": []})
    assert response.status_code == 422
    response = client.post("/servers/%s/users" % ident, json={"email": "helper@example.test", "permissions": ["x"]})
    assert error(response)["code"] == "ServerSubuserExistsException"
    response = client.post("/servers/%s/users" % ident, json={"email": "admin@example.test", "permissions": ["x"]})
    assert error(response)["code"] == "UserIsServerOwnerException"

    sub_api = Api(sim.url, sim.add_client_key(user_id=helper["id"]), CLIENT)
    view = sub_api.get("/servers/" + ident).json()
    assert view["meta"]["user_permissions"] == ["control.start", "backup.read", "websocket.connect"]
    assert view["attributes"]["relationships"]["variables"]["object"] == "null_resource"
    assert "[hidden]" in view["attributes"]["invocation"]
    assert sub_api.post("/servers/%s/power" % ident, json={"signal": "start"}).status_code == 204
    response = sub_api.post("/servers/%s/power" % ident, json={"signal": "stop"})
    assert response.status_code == 403 and error(response)["detail"] == "This action is unauthorized."
    assert sub_api.post("/servers/%s/power" % ident, json={"signal": "bogus"}).status_code == 403
    assert sub_api.get("/servers/%s/users" % ident).status_code == 403

    path = "/servers/%s/users/%s" % (ident, helper["uuid"])
    response = client.post(path, json={"permissions": ["control.stop"]})
    assert response.json()["attributes"]["permissions"] == ["control.stop", "websocket.connect"]
    assert client.get(path).status_code == 200
    assert client.get("/servers/%s/users/%s" % (ident, sim.state.users[1]["uuid"])).status_code == 404
    assert client.delete(path).status_code == 204
    assert client.get("/servers/%s/users" % ident).json()["data"] == []


# ---------------------------------------------------------------------- backups

def test_backup_lifecycle(sim, admin, client):
    ident = make_server(admin, backups=3)["identifier"]
    base = "/servers/%s/backups" % ident
    response = client.post(base, json={"name": None, "ignored": "*.log\n\ncache", "ignored_files": ["x"], "is_locked": True})
    assert response.status_code == 200, response.text
    created = response.json()["attributes"]
    assert created["is_successful"] is False and created["completed_at"] is None and created["bytes"] == 0
    assert created["ignored_files"] == ["*.log", "cache"] and created["is_locked"] is True
    assert created["name"].startswith("Backup at ")
    done = client.get("%s/%s" % (base, created["uuid"])).json()["attributes"]
    assert done["is_successful"] is True and done["completed_at"] and done["bytes"] > 0
    assert done["checksum"].startswith("sha1:")
    response = client.delete("%s/%s" % (base, created["uuid"]))
    assert response.status_code == 400 and error(response)["code"] == "BackupLockedException"
    assert client.post("%s/%s/lock" % (base, created["uuid"])).json()["attributes"]["is_locked"] is False
    url = client.get("%s/%s/download" % (base, created["uuid"])).json()
    assert url["object"] == "signed_url" and "/download/backup?token=" in url["attributes"]["url"]
    listing = client.get(base).json()
    assert listing["meta"]["backup_count"] == 1 and listing["meta"]["pagination"]["per_page"] == 20
    assert client.delete("%s/%s" % (base, created["uuid"])).status_code == 204
    assert client.get("%s/%s" % (base, created["uuid"])).status_code == 404

    response = client.post(base, json={"name": "second"})
    assert response.status_code == 200
    response = client.post(base, json={"name": "third"})
    assert response.status_code == 429
    assert error(response) == {"code": "TooManyRequestsHttpException", "status": "429",
                               "detail": "Only 2 backups may be generated within a 600 second span of time."}
    assert 590 <= int(response.headers["Retry-After"]) <= 600
    sim.backup_throttle = None
    assert client.post(base, json={"name": "third"}).status_code == 200
    assert client.post(base, json={"name": "fourth"}).status_code == 200
    response = client.post(base, json={"name": "fifth"})
    assert response.status_code == 400
    assert error(response)["detail"] == "Cannot create a new backup, this server has reached its limit of 3 backups."


def test_backup_duration_limit_zero_and_restore(sim, admin, client):
    ident = make_server(admin, backups=0)["identifier"]
    response = client.post("/servers/%s/backups" % ident, json={})
    assert error(response)["code"] == "TooManyBackupsException"
    ident = make_server(admin, backups=2, allocation={"default": 2})["identifier"]
    base = "/servers/%s/backups" % ident
    sim.backup_duration = 30
    backup = client.post(base, json={}).json()["attributes"]
    assert client.get("%s/%s" % (base, backup["uuid"])).json()["attributes"]["completed_at"] is None
    response = client.post("%s/%s/restore" % (base, backup["uuid"]), json={"truncate": False})
    assert response.status_code == 400
    assert error(response)["detail"] == "This backup cannot be restored at this time: not completed or failed."
    assert client.post("%s/%s/restore" % (base, backup["uuid"]), json={}).status_code == 422
    sim.state.pending["backup:%d" % 1] = (0, sim.state.pending["backup:1"][1])
    assert client.get("%s/%s" % (base, backup["uuid"])).json()["attributes"]["is_successful"] is True
    sim.restore_duration = 30
    assert client.post("%s/%s/restore" % (base, backup["uuid"]), json={"truncate": True}).status_code == 204
    response = client.get(base)
    assert response.status_code == 409 and "restoring" in error(response)["detail"]


# ---------------------------------------------------------------------- schedules and tasks

SCHEDULE = {"name": "nightly", "minute": "0", "hour": "3", "day_of_month": "*", "month": "*", "day_of_week": "*"}


def test_schedule_quirks(sim, admin, client):
    ident = make_server(admin)["identifier"]
    base = "/servers/%s/schedules" % ident
    body = dict(SCHEDULE)
    del body["month"]
    assert client.post(base, json=body).status_code == 500
    response = client.post(base, json=dict(SCHEDULE, minute="61"))
    assert response.status_code == 400
    assert error(response)["detail"] == "The cron data provided does not evaluate to a valid expression."
    response = client.post(base, json=dict(SCHEDULE, is_active=True, only_when_online=True))
    schedule = response.json()["attributes"]
    assert schedule["is_active"] is True and schedule["only_when_online"] is True
    assert schedule["next_run_at"].endswith("T03:00:00+00:00")
    assert schedule["relationships"]["tasks"]["data"] == []
    updated = client.post("%s/%d" % (base, schedule["id"]), json=SCHEDULE).json()["attributes"]
    assert updated["is_active"] is False and updated["only_when_online"] is False
    response = client.post("%s/%d/execute" % (base, schedule["id"]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "Cannot process schedule for task execution: no tasks are registered."
    assert client.delete("%s/%d" % (base, schedule["id"])).status_code == 204
    assert client.get("%s/%d" % (base, schedule["id"])).status_code == 404


def test_task_sequences_and_limits(sim, admin, client):
    ident = make_server(admin, backups=0)["identifier"]
    base = "/servers/%s/schedules" % ident
    schedule_id = client.post(base, json=SCHEDULE).json()["attributes"]["id"]
    tasks = "%s/%d/tasks" % (base, schedule_id)

    def order():
        rows = client.get("%s/%d" % (base, schedule_id)).json()["attributes"]["relationships"]["tasks"]["data"]
        return {r["attributes"]["payload"]: r["attributes"]["sequence_id"] for r in rows}

    ids = {}
    for name in ("a", "b", "c"):
        ids[name] = client.post(tasks, json={"action": "command", "payload": name, "time_offset": 0}).json()["attributes"]["id"]
    assert order() == {"a": 1, "b": 2, "c": 3}
    client.post(tasks, json={"action": "command", "payload": "d", "time_offset": 0, "sequence_id": 2})
    assert order() == {"a": 1, "d": 2, "b": 3, "c": 4}
    client.post(tasks, json={"action": "command", "payload": "e", "time_offset": 0, "sequence_id": 99})
    assert order()["e"] == 5
    client.post("%s/%d" % (tasks, ids["c"]), json={"action": "command", "payload": "c", "time_offset": 5, "sequence_id": 1})
    assert order() == {"c": 1, "a": 2, "d": 3, "b": 4, "e": 5}
    client.post("%s/%d" % (tasks, ids["c"]), json={"action": "command", "payload": "c", "time_offset": 5, "sequence_id": 9})
    assert order() == {"a": 1, "d": 2, "b": 3, "e": 4, "c": 9}
    assert client.delete("%s/%d" % (tasks, ids["a"])).status_code == 204
    assert order() == {"d": 1, "b": 2, "e": 3, "c": 8}
    response = client.post(tasks, json={"action": "backup", "time_offset": 0})
    assert response.status_code == 403 and error(response)["code"] == "HttpForbiddenException"
    for index in range(6):
        assert client.post(tasks, json={"action": "power", "payload": "start", "time_offset": index}).status_code == 200
    response = client.post(tasks, json={"action": "command", "payload": "x", "time_offset": 0})
    assert response.status_code == 400 and error(response)["code"] == "ServiceLimitExceededException"
    assert client.post("%s/%d/execute" % (base, schedule_id)).status_code == 202
    assert sim.state.power_states[1]["state"] == "running"


def test_cron_evaluator():
    import datetime  # pylint: disable=import-outside-toplevel
    now = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
    assert next_run("*/15", "*", "*", "*", "*", now).minute == 15
    assert next_run("0", "0", "*", "*", "MON", now).weekday() == 0
    with pytest.raises(CronError):
        next_run("0", "0", "31", "FEB", "*", now)


# ---------------------------------------------------------------------- account / 2FA / rate limits

def test_two_factor_flow(sim, client):
    setup = client.get("/account/two-factor").json()["data"]
    secret = setup["secret"]
    assert len(secret) == 32
    assert setup["image_url_data"] == "otpauth://totp/Pterodactyl:admin%40example.test?secret=" + secret + "&issuer=Pterodactyl"
    response = client.post("/account/two-factor", json={"code": totp_code(secret), "password": "wrong"})
    assert response.status_code == 400 and error(response)["detail"] == "The password provided was not valid."
    response = client.post("/account/two-factor", json={"code": "000000" if totp_code(secret) != "000000" else "111111",
                                                        "password": DEFAULT_ADMIN_PASSWORD})
    assert response.status_code == 400 and error(response)["code"] == "TwoFactorAuthenticationTokenInvalid"
    assert client.post("/account/two-factor", json={"code": 123456, "password": "x"}).status_code == 422
    response = client.post("/account/two-factor", json={"code": totp_code(secret, time.time() - 30),
                                                        "password": DEFAULT_ADMIN_PASSWORD})
    assert response.status_code == 200, response.text
    tokens = response.json()["attributes"]["tokens"]
    assert response.json()["object"] == "recovery_tokens" and len(tokens) == 10 and all(len(t) == 10 for t in tokens)
    assert sim.state.users[1]["use_totp"] is True
    response = client.get("/account/two-factor")
    assert response.status_code == 400
    assert error(response)["detail"] == "Two-factor authentication is already enabled on this account."
    assert client.post("/account/two-factor/disable", json={}).status_code == 400
    assert client.post("/account/two-factor/disable", json={"password": DEFAULT_ADMIN_PASSWORD}).status_code == 204
    assert sim.state.users[1]["use_totp"] is False


def test_totp_rfc6238_vectors():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # b"12345678901234567890"
    assert totp_code(secret, 59, digits=8) == "94287082"
    assert totp_code(secret, 1111111109, digits=8) == "07081804"
    assert verify_totp(secret, totp_code(secret, 1000 - 30), 1, 1000)
    assert not verify_totp(secret, totp_code(secret, 1000 - 90), 1, 1000)


def test_two_factor_requirement_exemptions(sim, client):
    sim.two_factor_required = 2
    try:
        assert client.get("/account").status_code == 200
        assert client.get("/account/two-factor").status_code == 200
        assert error(client.get(""))["code"] == "TwoFactorAuthRequiredException"
    finally:
        sim.two_factor_required = 0


def test_client_rate_limit_bucket_is_separate(sim, admin, client):
    sim.rate_limit_per_minute = 2
    assert client.get("").headers["X-RateLimit-Limit"] == "720"
    sim.client_rate_limit_per_minute = 1
    assert admin.get("/users").status_code == 200
    response = client.get("")
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert admin.get("/users").status_code == 200


# ---------------------------------------------------------------------- allocations, startup, settings

def test_network_allocations(sim, admin, client):
    ident = make_server(admin, feature_limits={"databases": 0, "backups": 0, "allocations": 2})["identifier"]
    base = "/servers/%s/network/allocations" % ident
    response = client.post(base)
    assert error(response)["code"] == "AutoAllocationNotEnabledException"
    sim.client_allocations_enabled = True
    try:
        added = client.post(base).json()["attributes"]
        assert added["is_default"] is False and added["ip"] == "127.0.0.1"
        assert error(client.post(base))["detail"] == "Cannot assign additional allocations to this server: limit has been reached."
        response = client.post("%s/%d" % (base, added["id"]), json={})
        assert response.status_code == 422 and error(response)["meta"]["rule"] == "present"
        assert client.post("%s/%d" % (base, added["id"]), json={"notes": "rcon"}).json()["attributes"]["notes"] == "rcon"
        assert error(client.delete("%s/1" % base))["detail"] == "You cannot delete the primary allocation for this server."
        assert client.post("%s/%d/primary" % (base, added["id"])).json()["attributes"]["is_default"] is True
        assert client.delete("%s/1" % base).status_code == 204
        assert [a["attributes"]["id"] for a in client.get(base).json()["data"]] == [added["id"]]
        response = client.post("%s/5" % base, json={"notes": None})
        assert response.status_code == 404
    finally:
        sim.client_allocations_enabled = False


def test_startup_and_settings(sim, admin, client):
    ident = make_server(admin)["identifier"]
    startup = client.get("/servers/%s/startup" % ident).json()
    assert startup["meta"]["startup_command"] == "java -Xms128M -Xmx1024M -jar server.jar"
    assert startup["meta"]["docker_images"]["Java 21"] == "ghcr.io/pterodactyl/yolks:java_21"
    assert [v["attributes"]["env_variable"] for v in startup["data"]] == ["MINECRAFT_VERSION", "SERVER_JARFILE", "BUILD_NUMBER"]
    path = "/servers/%s/startup/variable" % ident
    response = client.put(path, json={"key": "SERVER_JARFILE", "value": "paper.jar"})
    assert response.status_code == 200, response.text
    assert response.json()["attributes"]["server_value"] == "paper.jar"
    assert response.json()["meta"]["startup_command"].endswith("paper.jar")
    assert client.put(path, json={"key": "SERVER_JARFILE", "value": "paper.zip"}).status_code == 422
    assert client.put(path, json={"key": "NOPE", "value": "x"}).status_code == 500
    assert client.post("/servers/%s/settings/rename" % ident, json={"name": "renamed"}).status_code == 204
    assert sim.state.servers[1]["name"] == "renamed"
    response = client.put("/servers/%s/settings/docker-image" % ident, json={"docker_image": "ghcr.io/pterodactyl/yolks:java_17"})
    assert response.status_code == 204
    assert client.put("/servers/%s/settings/docker-image" % ident, json={"docker_image": "evil:latest"}).status_code == 422
    response = client.post("/servers/%s/settings/reinstall" % ident)
    assert response.status_code == 202 and response.json() == []
    assert sim.state.servers[1]["status"] is None
