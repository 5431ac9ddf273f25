# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty simulator: transport, envelope, errors, login, tokens, TOTP and API keys."""
from __future__ import annotations

import time

import pyotp
import pytest
import requests

from tests.unit.simulators.crafty_support import (
    DEFAULT_ADMIN_PASSWORD, USER_PASSWORD, Api, assert_crash, assert_error, jwt_claims,
)

AUTH_FAILED = "An error occured while authenticating the user"


class FakeClock:
    """Replaces ``time`` in the auth module so second-granular rules are testable without sleeping."""

    def __init__(self, now):
        self.now = float(now)

    def time(self):
        return self.now


@pytest.fixture(name="clock")
def fixture_clock(monkeypatch):
    from tests.simulators.crafty import auth, state  # pylint: disable=import-outside-toplevel

    clock = FakeClock(int(time.time()) + 0.25)
    monkeypatch.setattr(auth, "time", clock)
    monkeypatch.setattr(state, "time", clock)
    return clock


# ---------------------------------------------------------------------------------------------- transport

@pytest.mark.parametrize("version, reported", [("4.0.8", "4.0.8-beta"), ("4.3", "4.3.0"), ("4.4", "4.4.7"),
                                               ("4.4.8", "4.4.8"), ("4.10", "4.10.7")])
def test_index_reports_the_profile_version(crafty_pool, version, reported):
    sim = crafty_pool.get(version)
    response = requests.get(sim.url + "/api/v2", timeout=5)
    assert response.status_code == 200
    assert response.json()["data"]["version"] == reported  # 4.0.8 appends its version.json meta (recorded)
    docs = ("https://wiki.craftycontrol.com/en/4/docs/API V2" if version == "4.0.8"
            else "https://docs.craftycontrol.com/pages/developer-guide/api-reference/v2/")
    assert response.json()["data"]["message"] == "Please see the API documentation at " + docs
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.content.startswith(b'{"status":"ok","data":{')  # compact, orjson-style


def test_unknown_route_method_and_options(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    payload = assert_error(api.get("/nothing/here"), 404, "API_HANDLER_NOT_FOUND", "nothing/here not found")
    assert payload["page"] == "nothing/here"
    assert_error(api.request("PUT", "/users"), 405, "METHOD_NOT_ALLOWED", "METHOD NOT ALLOWED")
    options = api.request("OPTIONS", "/users")
    assert options.status_code == 204 and options.content == b""
    assert options.headers["Access-Control-Allow-Methods"] == "POST, GET, PUT, DELETE, OPTIONS"
    # every route regex ends in "/?": the slash is optional, nothing may follow it
    assert api.get("/users/").status_code == 200
    assert api.get("/users//").status_code == 404


def test_405_has_no_error_data_on_4_0_8(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    assert Api.admin(sim).request("PUT", "/users").json() == {"status": "error", "error": "METHOD_NOT_ALLOWED"}


def test_bad_json_is_400_invalid_json(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    response = Api.admin(sim).post("/users", data="{not json")
    payload = assert_error(response, 400, "INVALID_JSON")
    assert payload["error_data"].startswith("Expecting property name")


@pytest.mark.parametrize("version, key", [("4.0.8", "info"), ("4.4.8", "error_data")])
def test_authentication_failures_are_403_access_denied(crafty_pool, version, key):
    sim = crafty_pool.get(version)
    for headers in ({}, {"Authorization": "Bearer not.a.token"}, {"Authorization": "Bearer " + sim.login() + "x"}):
        response = requests.get(sim.url + "/api/v2/users", headers=headers, timeout=5)
        assert response.status_code == 403
        assert response.json() == {"status": "error", "error": "ACCESS_DENIED", key: AUTH_FAILED}


def test_token_lookup_order_query_header_cookie(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    token = sim.login()
    base = sim.url + "/api/v2/users"
    assert requests.get(base, params={"token": token}, timeout=5).status_code == 200
    assert requests.get(base, headers={"Authorization": token}, timeout=5).status_code == 200  # no "Bearer "
    assert requests.get(base, headers={"Authorization": "bEaReR " + token}, timeout=5).status_code == 200
    assert requests.get(base, cookies={"token": token}, timeout=5).status_code == 200
    # the query parameter wins over a good header
    assert requests.get(base, params={"token": "bad"}, headers={"Authorization": "Bearer " + token},
                        timeout=5).status_code == 403


# ---------------------------------------------------------------------------------------------- login

@pytest.mark.parametrize("version", ["4.0.8", "4.4", "4.4.8"])
def test_login_returns_a_token_and_the_user_id_as_a_string(crafty_pool, version):
    sim = crafty_pool.get(version)
    response = Api(sim).login()
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["user_id"] == "1"
    claims = jwt_claims(data["token"])
    assert claims["user_id"] == 1 and isinstance(claims["iat"], int) and "exp" not in claims
    if version == "4.4.8":
        assert data["page"] == "/panel/dashboard"
        assert claims["mfa"] is False
        assert "token=" in response.headers["Set-Cookie"]
    else:
        assert set(data) == {"token", "user_id"}
    assert Api(sim, data["token"]).get("/users/@me").json()["data"]["username"] == "admin"


def test_login_failures(crafty_pool):
    sim = crafty_pool.get("4.4")
    sim.add_user("carol", USER_PASSWORD)
    sim.add_user("dave", USER_PASSWORD, enabled=False)
    api = Api(sim)
    assert api.login("carol", "wrong-password").json() == {"status": "error", "error": "INCORRECT_CREDENTIALS"}
    unknown = {"status": "error", "error": "INCORRECT_CREDENTIALS", "token": None}
    assert api.login("nobody", "wrong-password").json() == unknown
    assert_error(api.login("dave", USER_PASSWORD), 403, "ACCOUNT_DISABLED")
    # before 4.4.8 schema errors are reported as such, with jsonschema's message
    payload = assert_error(api.login("Carol", USER_PASSWORD), 400, "INVALID_JSON_SCHEMA")
    assert "does not match" in payload["error_data"]
    assert_error(api.login("carol", USER_PASSWORD, totp="123456"), 400, "INVALID_JSON_SCHEMA")


def test_login_4_4_8_is_vague_and_lower_cases_the_username(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD)
    sim.add_user("shorty", "short1")
    api = Api(sim)
    assert api.login("Carol", USER_PASSWORD).status_code == 200
    # schema violations (here: a password shorter than 8) are 400 INCORRECT_CREDENTIALS (quirk 24)
    assert_error(api.login("shorty", "short1"), 400, "INCORRECT_CREDENTIALS", "Incorrect username, password, or MFA")
    assert_error(api.login("carol", "wrong-password"), 401, "INCORRECT_CREDENTIALS",
                 "Incorrect username, password, or MFA")


def test_login_lock_out_per_ip(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api(sim)
    for _attempt in range(3):
        assert api.login("admin", "wrong-password").status_code == 401
    locked = api.login()  # even the right password, while the cool-down lasts
    payload = assert_error(locked, 429, "TOO_MANY_ATTEMPTS", "Cooldown active. Try again in")
    assert payload["cooldown_time"] in ("05:00", "04:59")
    other_ip = sim.handle("POST", "/api/v2/auth/login", {}, b'{"username":"admin","password":"%s"}'
                          % DEFAULT_ADMIN_PASSWORD.encode(), "127.0.0.9")
    assert other_ip.status == 200
    sim.reset()
    assert api.login().status_code == 200


def test_no_lock_out_before_4_4_8(crafty_pool):
    sim = crafty_pool.get("4.4")
    api = Api(sim)
    for _attempt in range(5):
        assert api.login("admin", "wrong-password").status_code == 401
    assert api.login().status_code == 200


# ---------------------------------------------------------------------------------------------- tokens

def test_invalidate_tokens_is_second_granular(crafty_pool, clock):
    sim = crafty_pool.get("4.4.8")
    api = Api(sim)
    token = api.login().json()["data"]["token"]
    key = sim.add_api_key("admin")
    clock.now += 1
    assert Api(sim, token).post("/auth/invalidate_tokens").json() == {"status": "ok"}
    for dead in (token, key):
        assert Api(sim, dead).get("/users").status_code == 403
    same_second = api.login().json()["data"]["token"]  # iat == valid_tokens_from: strict "<" (quirk 20)
    assert Api(sim, same_second).get("/users").status_code == 403
    clock.now += 1
    fresh = api.login().json()["data"]["token"]
    assert Api(sim, fresh).get("/users").status_code == 200


def test_tokens_never_expire(crafty_pool, clock):
    sim = crafty_pool.get("4.4.8")
    token = Api(sim).login().json()["data"]["token"]
    clock.now += 10 * 365 * 86400
    assert Api(sim, token).get("/users").status_code == 200


def test_helper_invalidation_is_precise(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    old = sim.login()
    sim.invalidate_tokens("admin")
    assert Api(sim, old).get("/users").status_code == 403
    assert Api(sim, sim.login()).get("/users").status_code == 200  # same second, new token: fine


def test_a_user_created_through_the_api_cannot_log_in_that_same_second(crafty_pool, clock):
    sim = crafty_pool.get("4.4.8")
    api = Api(sim, sim.login())
    assert api.post("/users", json={"username": "erin", "password": USER_PASSWORD}).status_code == 201
    token = Api(sim).login("erin", USER_PASSWORD).json()["data"]["token"]
    assert Api(sim, token).get("/users/@me").status_code == 403
    clock.now += 1
    token = Api(sim).login("erin", USER_PASSWORD).json()["data"]["token"]
    assert Api(sim, token).get("/users/@me").status_code == 200


def test_password_change_keeps_tokens_unless_configured(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD)
    token = sim.login("carol", USER_PASSWORD)
    admin = Api.admin(sim)
    assert admin.patch("/users/%d" % sim.state.user_by_name("carol")["user_id"],
                       json={"password": "another-password"}).status_code == 200
    assert Api(sim, token).get("/users/@me").status_code == 200  # Crafty's API PATCH leaves tokens alone
    sim.invalidate_on_password_change = True
    assert admin.patch("/users/@me", json={"password": "another-password"}).status_code == 200
    assert admin.get("/users").status_code == 403


def test_disabled_users_tokens_stop_working_on_4_4_8(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    user = sim.add_user("carol", USER_PASSWORD)
    token = sim.login("carol", USER_PASSWORD)
    sim.state.users[user["user_id"]]["enabled"] = False
    assert_error(Api(sim, token).get("/users/@me"), 403, "ACCESS_DENIED",
                 "Your user account has been administratively disabled. Please contact your system administrator "
                 "for more details.")


# ---------------------------------------------------------------------------------------------- TOTP

def test_totp_login(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD)
    secret = sim.enable_totp("carol")
    totp = pyotp.TOTP(secret)
    sim.state.config["max_login_attempts"] = 100  # this test fails on purpose more than 3 times
    api = Api(sim)
    assert_error(api.login("carol", USER_PASSWORD), 401, "INCORRECT_CREDENTIALS")  # no code: no challenge step
    wrong = "%06d" % ((int(totp.now()) + 1) % 1000000)
    assert_error(api.login("carol", USER_PASSWORD, totp=wrong), 401, "INCORRECT_CREDENTIALS")
    response = api.login("carol", USER_PASSWORD, totp=totp.now())
    assert response.status_code == 200
    assert jwt_claims(response.json()["data"]["token"])["mfa"] is True
    # a code is single use for 60 s
    assert_error(api.login("carol", USER_PASSWORD, totp=totp.now()), 401, "INCORRECT_CREDENTIALS")
    # +-1 step of skew is accepted (enable_otp_skew), two steps are not
    previous = totp.at(time.time() - 30)
    assert api.login("carol", USER_PASSWORD, totp=previous).status_code == 200
    assert api.login("carol", USER_PASSWORD, totp=totp.at(time.time() - 90)).status_code == 401
    # a non-TOTP user who sends a code is refused too
    assert api.login("admin", DEFAULT_ADMIN_PASSWORD, totp=totp.now()).status_code == 401


def test_totp_skew_can_be_turned_off(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD)
    totp = pyotp.TOTP(sim.enable_totp("carol"))
    sim.state.config["enable_otp_skew"] = False
    assert Api(sim).login("carol", USER_PASSWORD, totp=totp.at(time.time() - 30)).status_code == 401


def test_backup_code_login_burns_the_code(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD)
    sim.enable_totp("carol")
    code = sim.recovery_codes("carol")[0]
    first = Api(sim).login("carol", USER_PASSWORD, backup_code=code.lower())
    assert first.status_code == 200
    assert first.json()["data"]["warning"].startswith("You have burned one of your backup codes")
    assert Api(sim).login("carol", USER_PASSWORD, backup_code=code).status_code == 401


def test_mfa_required_role_refuses_tokens_without_mfa(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_role("secure", mfa_required=True)
    user = sim.add_user("carol", USER_PASSWORD, roles=["secure"])
    totp = pyotp.TOTP(sim.enable_totp("carol"))
    plain = sim.login("carol", USER_PASSWORD)
    payload = assert_error(Api(sim, plain).get("/users/@me"), 403, "ACCESS_DENIED")
    assert "/panel/edit_user_otp?id=%d" % user["user_id"] in payload["error_data"]
    # the TOTP enrolment routes are exempt, but only with the trailing slash (quirk 9)
    assert Api(sim, plain).get("/users/@me/totp/recovery/renew/").status_code == 200
    assert Api(sim, plain).get("/users/@me/totp/recovery/renew").status_code == 403
    with_mfa = Api(sim).login("carol", USER_PASSWORD, totp=totp.now()).json()["data"]["token"]
    assert Api(sim, with_mfa).get("/users/@me").status_code == 200
    assert Api(sim, sim.add_api_key("carol", crafty_permissions="000")).get("/users/@me").status_code == 200


def test_totp_enrolment_through_the_api(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    assert api.post("/users/@me/totp").status_code == 404  # the @me form of the route is missing
    started = api.post("/users/1/totp").json()["data"]["otp"]
    secret = started["totp_secret"]
    # the body's integer loses leading zeros, so such codes never verify: use a neighbouring step's code
    # (the enrolment check allows one step either side) that has none
    candidates = [pyotp.TOTP(secret).at(time.time() + offset) for offset in (0, -30, 30)]
    code = next((c for c in candidates if not c.startswith("0")), None)
    if code is None:
        pytest.skip("all three acceptable codes have a leading zero")
    assert_error(api.post("/users/1/totp/%s/verify" % started["id"], json={"name": "phone", "totp": "123456"}),
                 400, "INVALID_JSON_SCHEMA")
    verified = api.post("/users/1/totp/%s/verify" % started["id"], json={"name": "phone", "totp": int(code)})
    assert verified.status_code == 200
    assert len(verified.json()["data"]["backup_codes"]) == 6
    assert api.get("/users/1/totp").json()["data"] == [{"name": "phone", "id": started["id"]}]
    assert Api(sim).login(totp=pyotp.TOTP(secret).now()).status_code == 200  # enrolment does not burn codes
    assert Api(sim).login().status_code == 401  # TOTP is now required for admin


def test_totp_is_not_on_4_4(crafty_pool):
    sim = crafty_pool.get("4.4")
    assert Api.admin(sim).post("/users/1/totp").status_code == 404
    with pytest.raises(ValueError, match="4.4.8"):
        sim.enable_totp("admin")


# ---------------------------------------------------------------------------------------------- API keys

@pytest.mark.parametrize("version", ["4.4.8", "4.10"])
def test_api_keys_through_the_api(crafty_pool, version):
    """G7: PATCH creates (data {"id": n}), GET lists, GET /key/{id} answers the JWT as a bare string in data,
    DELETE answers the id as a string (all recorded on 4.10.7)."""
    sim = crafty_pool.get(version)
    api = Api.admin(sim)
    body = {"name": "ci-key", "server_permissions_mask": "10000000", "crafty_permissions_mask": "010",
            "full_access": False}
    for missing in body:  # all four keys are read (quirk 11)
        partial = {k: v for k, v in body.items() if k != missing}
        assert_crash(api.patch("/users/1/key", json=partial), "KeyError: %r" % missing)
    created = api.patch("/users/1/key", json=body)
    assert created.json() == {"status": "ok", "data": {"id": 1}}
    key_id = created.json()["data"]["id"]
    assert isinstance(key_id, int)
    assert_crash(api.patch("/users/1/key", json=body),  # names are globally unique
                 "peewee.IntegrityError: UNIQUE constraint failed: api_keys.name")
    listed = api.get("/users/1/key").json()["data"]
    assert listed == [{"id": key_id, "name": "ci-key", "server_permissions": "10000000",
                       "crafty_permissions": "010", "full_access": False}]
    token = api.get("/users/1/key/%d" % key_id).json()["data"]
    assert isinstance(token, str) and jwt_claims(token)["token_id"] == key_id
    keyed = Api(sim, token)
    # a superuser's key without full_access is not a superuser: only USER_CONFIG from the key mask
    assert keyed.get("/users").status_code == 200
    assert_error(keyed.get("/roles"), 400, "NOT_AUTHORIZED")
    assert api.delete("/users/1/key/%d" % key_id).json() == {"status": "ok", "data": {"id": str(key_id)}}
    assert keyed.get("/users").status_code == 403
    assert_crash(api.get("/users/1/key/%d" % key_id), "app.classes.models.users.ApiKeysDoesNotExist")
    assert_crash(api.delete("/users/1/key"),
                 "TypeError: ApiUsersUserKeyHandler.delete() missing 1 required positional argument: 'key_id'")


def test_no_api_keys_on_4_0_8(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    assert_error(Api.admin(sim).patch("/users/1/key", json={"name": "k"}), 404, "API_HANDLER_NOT_FOUND")


def test_api_key_server_mask_is_anded_with_the_users(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    server = sim.add_server("alpha")
    sim.add_role("ops", servers={server["server_id"]: "11111111"})
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    commands_only = Api(sim, sim.add_api_key("carol", server_permissions=["commands"], crafty_permissions="000",
                                             full_access=False))
    assert_error(commands_only.patch("/servers/%s" % server["server_id"], json={"server_name": "beta"}), 400,
                 "NOT_AUTHORIZED")
    assert Api.as_user(sim, "carol").patch("/servers/%s" % server["server_id"],
                                           json={"server_name": "beta"}).status_code == 200


def test_lock_out_never_starts_behind_a_proxy_header(crafty_pool):
    """Crafty records failures under X-Real-IP but checks the cool-down under the peer address."""
    sim = crafty_pool.get("4.4.8")
    for _attempt in range(4):
        response = requests.post(sim.url + "/api/v2/auth/login", json={"username": "admin", "password": "wrong-pass"},
                                 headers={"X-Real-IP": "203.0.113.7"}, timeout=5)
        assert response.status_code == 401
    assert Api(sim).login().status_code == 200


def test_api_key_flag_was_called_superuser_before_4_4(crafty_pool):
    sim = crafty_pool.get("4.3")
    api = Api.admin(sim)
    body = {"name": "old-key", "server_permissions_mask": "11111111", "crafty_permissions_mask": "111"}
    assert_error(api.patch("/users/1/key", json=dict(body, full_access=True)), 400, "INVALID_JSON_SCHEMA")
    assert api.patch("/users/1/key", json=dict(body, superuser=True)).status_code == 200
    assert api.get("/users/1/key").json()["data"][0]["superuser"] is True
