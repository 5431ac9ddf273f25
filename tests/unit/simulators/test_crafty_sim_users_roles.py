# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty simulator: users, roles and the permission model (crafty permissions, server masks, managers)."""
from __future__ import annotations

import re

import pytest

from tests.unit.simulators.crafty_support import USER_PASSWORD, Api, assert_crash, assert_error

INSUFFICIENT = "Permission Error: Missing permissions for this resource"
CRAFTY_TIME = re.compile(r"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2}:\d{2}$")
NO_USER = "app.classes.models.users.UsersDoesNotExist: <Model: Users> instance matching query does not exist:"
NO_ROLE = "app.classes.models.roles.RolesDoesNotExist: <Model: Roles> instance matching query does not exist:"


# ---------------------------------------------------------------------------------------------- users

@pytest.mark.parametrize("version", ["4.0.8", "4.4", "4.4.8", "4.10"])
def test_user_create_read_update_delete(crafty_pool, version):
    sim = crafty_pool.get(version)
    api = Api.admin(sim)
    created = api.post("/users", json={"username": "carol", "password": USER_PASSWORD, "lang": "de_DE",
                                       "email": "carol@example.com"})
    assert created.status_code == 201  # quirk 27
    user_id = created.json()["data"]["user_id"]
    assert user_id == "3"  # a string (quirk 7); 1 is admin, 2 the hidden system user
    user = api.get("/users/3").json()["data"]
    assert user["user_id"] == 3 and user["username"] == "carol" and user["lang"] == "de_DE"
    assert user["enabled"] is True and user["superuser"] is False and user["roles"] == []
    assert "password" not in user and "valid_tokens_from" not in user
    assert ("manager" in user) is (version != "4.0.8")
    assert CRAFTY_TIME.match(user["last_update"])  # add_user stamps it with Crafty's formatter (both recorded)
    keys = {"4.0.8": {"support_logs"}, "4.4": {"support_logs", "manager", "pfp", "theme", "cleared_notifs"},
            "4.10": {"manager", "pfp", "theme", "cleared_notifs", "disable_password_auth", "dashboard_columns",
                     "max_ram_gb"}}
    common = {"user_id", "created", "last_login", "last_update", "last_ip", "username", "email", "enabled",
              "superuser", "lang", "server_order", "preparing", "hints", "roles"}
    assert set(user) == common | keys.get(version, keys["4.4"])
    if version != "4.0.8":
        assert user["cleared_notifs"] == "default"
    if version == "4.10":
        assert (user["max_ram_gb"], user["disable_password_auth"]) == (4.0, False)
    assert api.patch("/users/3", json={"enabled": False}).json() == {"status": "ok"}
    assert sim.state.users[3]["enabled"] is False
    assert api.delete("/users/3").json() == {"status": "ok"}
    assert 3 not in sim.state.users
    if version == "4.10":  # 4.10.7 loads the user first (recorded)
        assert_crash(api.delete("/users/3"), NO_USER)
    else:
        assert api.delete("/users/3").status_code == 200  # idempotent (quirk 28; 4.0.8 recorded)
    assert_crash(api.get("/users/3"), NO_USER)  # unknown id: a crash (quirk 3)


def test_user_list_hides_system_and_honours_ids_exactly(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("anti-lockout-user", USER_PASSWORD, superuser=True)
    api = Api.admin(sim)
    names = [u["username"] for u in api.get("/users").json()["data"]]
    assert names == ["admin"]
    assert set(api.get("/users").json()["data"][0]) == {"user_id", "created", "username", "enabled", "superuser", "lang"}
    assert api.get("/users", params={"ids": "true"}).json()["data"] == [1, 3]  # only "system" left out
    assert isinstance(api.get("/users", params={"ids": "True"}).json()["data"][0], dict)  # quirk 8


def test_user_create_rules(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_role("ops")
    api = Api.admin(sim)
    assert_error(api.post("/users", json={"username": "system", "password": USER_PASSWORD}), 400,
                 "INVALID_USERNAME", "INVALID USERNAME")
    assert_error(api.post("/users", json={"username": "admin", "password": USER_PASSWORD}), 400,
                 "USER_EXISTS", "UNIQUE VALUE ERROR")
    # roles: integers; unknown ids are dropped silently
    created = api.post("/users", json={"username": "carol", "password": USER_PASSWORD, "roles": [1, 99]})
    assert created.status_code == 201
    assert sim.state.user_role_ids(3) == [1]
    bad = api.post("/users", json={"username": "dave", "password": USER_PASSWORD, "roles": ["1"]})
    assert_error(bad, 400, "INVALID_JSON_SCHEMA", "roles must be a number. ")
    # the seed's example: "manager" as a string is a schema error
    assert_error(api.post("/users", json={"username": "dave", "password": USER_PASSWORD, "manager": "1"}), 400,
                 "INVALID_JSON_SCHEMA", "manager must be a number. ")
    assert_error(api.post("/users", json={"username": "dave", "password": "short"}), 400,
                 "INVALID_JSON_SCHEMA", " Error while getting translation ")
    # 4.10.7's schema names a hint its translation has (recorded), and takes 3-character usernames
    new = crafty_pool.get("4.10")
    api = Api.admin(new)
    assert_error(api.post("/users", json={"username": "dave", "password": "short"}), 400,
                 "INVALID_JSON_SCHEMA", " Password must be a string with a min length of 8 characters. ")
    assert api.post("/users", json={"username": "bob", "password": USER_PASSWORD}).status_code == 201
    # 4.0.8 sends the code alone
    old = Api.admin(crafty_pool.get("4.0.8"))
    assert old.post("/users", json={"username": "admin", "password": "pass1"}).json() == {
        "status": "error", "error": "USER_EXISTS"}


def test_user_create_on_4_0_8_takes_role_names_as_strings(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    sim.add_role("ops")
    api = Api.admin(sim)
    assert api.post("/users", json={"username": "carol", "password": "pass1", "roles": ["1"]}).status_code == 201
    assert sim.state.user_role_ids(3) == [1]
    payload = assert_error(api.post("/users", json={"username": "dave", "password": "pass1", "roles": [1]}), 400,
                           "INVALID_JSON_SCHEMA")
    assert payload["error_data"].startswith("1 is not of type 'string'")


def test_self_lookup_only_with_at_me(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    user = sim.add_user("carol", USER_PASSWORD)
    carol = Api.as_user(sim, "carol")
    assert carol.get("/users/@me").json()["data"]["username"] == "carol"
    # the numeric id is compared as a string with an int: not "self" (quirk 21)
    assert carol.get("/users/%d" % user["user_id"]).json() == {"status": "error", "error": "NOT_AUTHORIZED"}
    assert carol.get("/users/@me/permissions").json()["data"]["permissions"] == "000"
    own = {"user_id": 3, "created": user["created"], "username": "carol", "enabled": True, "superuser": False,
           "lang": "en_EN"}
    assert carol.get("/users").json()["data"] == [own]


def test_user_patch_rules(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_role("ops")
    sim.add_role("dev")
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    api = Api.admin(sim)
    assert_error(api.patch("/users/3", json={}), 400, "INVALID_JSON_SCHEMA")
    assert_error(api.patch("/users/3", json={"created": "x"}), 400, "INVALID_JSON_SCHEMA",
                 " Additional Properties are not allowed to be passed ")
    assert_error(api.patch("/users/3", json={"username": "admin"}), 400, "USER_EXISTS")
    assert api.patch("/users/3", json={"username": "carol"}).status_code == 200  # own name is fine on newer
    # roles is the complete set
    assert api.patch("/users/3", json={"roles": [2]}).status_code == 200
    assert sim.state.user_role_ids(3) == [2]
    permissions = [{"name": "SERVER_CREATION", "quantity": 5, "enabled": True},
                   {"name": "ROLES_CONFIG", "quantity": -1, "enabled": True}]
    assert api.patch("/users/3", json={"permissions": permissions}).status_code == 200
    perms = api.get("/users/3/permissions").json()["data"]
    assert perms["permissions"] == "101"
    assert perms["limits"] == {"SERVER_CREATION": 5, "USER_CONFIG": 0, "ROLES_CONFIG": -1}
    assert_crash(api.patch("/users/42", json={"lang": "en_EN"}), NO_USER)


def test_limited_user_patch_refusals(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_role("ops")
    sim.add_user("carol", USER_PASSWORD)
    sim.add_user("dave", USER_PASSWORD)
    carol = Api.as_user(sim, "carol")
    assert carol.patch("/users/@me", json={"lang": "fr_FR"}).status_code == 200
    assert_error(carol.patch("/users/@me", json={"superuser": True}), 400, "INVALID_SUPERUSER_MODIFY", INSUFFICIENT)
    assert_error(carol.patch("/users/@me", json={"roles": [1]}), 400, "INVALID_ROLES_MODIFY", INSUFFICIENT)
    assert_error(carol.patch("/users/@me", json={"permissions": []}), 400, "INVALID_PERMISSIONS_MODIFY", INSUFFICIENT)
    assert carol.patch("/users/4", json={"lang": "fr_FR"}).json() == {"status": "error", "error": "NOT_AUTHORIZED"}
    assert_error(carol.post("/users", json={"username": "erin", "password": USER_PASSWORD}), 400, "NOT_AUTHORIZED",
                 INSUFFICIENT)


def test_user_manager_rules(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD, permissions=["USER_CONFIG"])
    sim.add_role("carols", manager="carol")
    sim.add_role("others")
    carol = Api.as_user(sim, "carol")
    assert_error(carol.post("/users", json={"username": "dave", "password": USER_PASSWORD, "superuser": True}), 400,
                 "INVALID_SUPERUSER_CREATE", INSUFFICIENT)
    assert_error(carol.post("/users", json={"username": "dave", "password": USER_PASSWORD, "roles": [2]}), 400,
                 "INVALID_ROLES_CREATE", INSUFFICIENT)
    created = carol.post("/users", json={"username": "dave", "password": USER_PASSWORD, "roles": [1], "manager": None})
    assert created.status_code == 201
    dave = sim.state.users[int(created.json()["data"]["user_id"])]
    assert dave["manager"] == 3  # a non-superuser creator becomes the manager
    assert carol.patch("/users/4", json={"password": "new-password-1"}).status_code == 200  # manager may
    sim.add_user("erin", USER_PASSWORD)
    assert_error(carol.patch("/users/5", json={"password": "new-password-1"}), 400, "INVALID_PASSWORD_MODIFY")
    # deleting the manager clears the managed rows
    assert Api.admin(sim).delete("/users/3").status_code == 200
    assert dave["manager"] is None and sim.state.roles[1]["manager"] is None


def test_4_0_8_user_patch_bugs(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    sim.add_user("carol", USER_PASSWORD[:12], permissions={"SERVER_CREATION": 3})
    api = Api.admin(sim)
    assert_error(api.patch("/users/3", json={"password": "new-pass"}), 400, "INVALID_PASSWORD_MODIFY")
    assert_error(api.patch("/users/3", json={"username": "carol"}), 400, "USER_EXISTS")
    assert api.patch("/users/3", json={"permissions": [{"name": "USER_CONFIG", "quantity": 1, "enabled": True}]
                                       }).status_code == 200
    assert sim.state.crafty_row(3)["permissions"] == "000"  # the computed mask is discarded


# ---------------------------------------------------------------------------------------------- roles

def test_role_create_lower_cases_and_returns_an_int_id(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    server = sim.add_server("alpha")
    api = Api.admin(sim)
    # 4.4.8+ read mfa_required unconditionally (KeyError, recorded on 4.10.7), after the other checks
    assert_crash(api.post("/roles", json={"name": "plain", "servers": []}), "KeyError: 'mfa_required'")
    assert sim.state.roles == {}
    created = api.post("/roles", json={"name": "Moderators", "mfa_required": False, "servers": [
        {"server_id": server["server_id"], "permissions": "10100010"},
        {"server_id": "no-such-server", "permissions": "11111111"}]})
    assert created.json() == {"status": "ok", "data": {"role_id": 1}}
    role = api.get("/roles/1").json()["data"]
    assert role["role_name"] == "moderators"  # quirk 5
    assert role["manager"] is None and role["mfa_required"] is False
    assert api.get("/roles/1/servers").json()["data"] == [{"server_id": server["server_id"], "permissions": "10100010"}]
    assert api.get("/roles/1/servers", params={"ids": "true"}).json()["data"] == [server["server_id"]]
    assert_error(api.post("/roles", json={"name": "moderators", "servers": []}), 400, "ROLE_NAME_ALREADY_EXISTS",
                 "UNIQUE VALUE ERROR")
    assert_crash(api.post("/roles", json={"name": "MODERATORS", "servers": [], "mfa_required": False}),
                 "peewee.IntegrityError: UNIQUE constraint failed: roles.role_name")  # case-sensitive check
    assert_crash(api.post("/roles", json={"name": "no servers key"}), "KeyError: 'servers'")  # quirk 11
    assert_error(api.post("/roles", json={"name": "a,b", "servers": []}), 400, "INVALID_JSON_SCHEMA",
                 " Role name must be a string that is greater than 1 character. It must not include any of the "
                 "following symbols: [ ] ,  ")
    bad_id = api.post("/roles", json={"name": "ints", "servers": [{"server_id": 1, "permissions": "11111111"}]})
    assert_error(bad_id, 400, "INVALID_JSON_SCHEMA", " Server ID property must be a string with a minimum length of 1 ")


def test_role_patch(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    alpha, beta = sim.add_server("alpha"), sim.add_server("beta")
    sim.add_user("carol", USER_PASSWORD)
    sim.add_role("ops", servers={alpha["server_id"]: "11111111"})
    api = Api.admin(sim)
    # servers is the complete set: alpha goes, beta comes
    assert api.patch("/roles/1", json={"servers": [{"server_id": beta["server_id"], "permissions": "00000010"}]
                                       }).status_code == 200
    assert api.get("/roles/1/servers").json()["data"] == [{"server_id": beta["server_id"], "permissions": "00000010"}]
    # manager and mfa_required are stored only together with name (quirk 14)
    assert api.patch("/roles/1", json={"manager": 3, "mfa_required": True}).status_code == 200
    assert sim.state.roles[1]["manager"] is None and sim.state.roles[1]["mfa_required"] is False
    assert api.patch("/roles/1", json={"name": "Ops", "manager": 3, "mfa_required": True}).status_code == 200
    assert (sim.state.roles[1]["role_name"], sim.state.roles[1]["manager"], sim.state.roles[1]["mfa_required"]) \
        == ("Ops", 3, True)  # a rename is not lower-cased
    assert CRAFTY_TIME.match(sim.state.roles[1]["last_update"])  # the rename stamps it (recorded on 4.10.7)
    sim.add_role("dev")
    # 404 ROLE_NAME_EXISTS carries the IntegrityError object, which the encoder refuses
    assert_crash(api.patch("/roles/1", json={"name": "dev"}), "TypeError: Type is not JSON serializable: IntegrityError")
    assert_crash(api.patch("/roles/99", json={"name": "x"}), NO_ROLE)
    assert api.delete("/roles/1").json() == {"status": "ok", "data": "1"}
    assert_crash(api.delete("/roles/1"), NO_ROLE)
    assert_crash(api.get("/roles/1"), "TypeError: Type is not JSON serializable: RolesDoesNotExist")


def test_role_rename_is_ignored_on_4_0_8(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    server = sim.add_server("alpha")
    api = Api.admin(sim)
    full = [{"server_id": server["server_id"], "permissions": "11111111"}]
    assert api.post("/roles", json={"name": "Ops", "servers": full}).status_code == 200
    assert api.patch("/roles/1", json={"name": "renamed"}).json() == {"status": "ok"}
    assert sim.state.roles[1]["role_name"] == "ops"
    assert_error(api.get("/roles/9"), 404, "ROLE_NOT_FOUND")
    # PATCH does not look the role up: an unknown one is "ok", unless servers are sent (recorded)
    assert api.patch("/roles/9", json={"name": "nobody"}).json() == {"status": "ok"}
    assert_error(api.patch("/roles/9", json={"servers": full}), 404, "ROLE_NOT_FOUND")
    assert_crash(api.delete("/roles/9"), NO_ROLE)
    string_id = [{"server_id": str(server["server_id"]), "permissions": "11111111"}]
    assert_error(api.post("/roles", json={"name": "x", "servers": string_id}), 400, "INVALID_JSON_SCHEMA")


@pytest.mark.parametrize("version, allowed", [("4.0.8", False), ("4.4.8", True)])
def test_roles_config_opens_roles_routes_after_4_0_8(crafty_pool, version, allowed):
    sim = crafty_pool.get(version)
    sim.add_user("carol", "carol-pass", permissions=["ROLES_CONFIG"])
    response = Api.as_user(sim, "carol", "carol-pass").get("/roles")
    assert response.status_code == (200 if allowed else 400)


def test_role_manager_rules(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sim.add_user("carol", USER_PASSWORD)  # no crafty permissions
    sim.add_role("carols", manager="carol")
    carol = Api.as_user(sim, "carol")
    assert_error(carol.patch("/roles/1", json={"name": "x"}), 400, "NOT_AUTHORIZED", "Not Authorized")
    assert carol.delete("/roles/1").status_code == 200  # a manager may delete without ROLES_CONFIG
    sim.add_user("dave", USER_PASSWORD, permissions=["ROLES_CONFIG"])
    dave = Api.as_user(sim, "dave")
    created = dave.post("/roles", json={"name": "daves", "servers": [], "mfa_required": False})
    role_id = created.json()["data"]["role_id"]
    assert sim.state.roles[role_id]["manager"] == 4
    assert dave.patch("/roles/%d" % role_id, json={"name": "daves2"}).status_code == 200
    assert_error(dave.post("/roles", json={"name": "x", "servers": [], "manager": 1}), 400, "INVALID_JSON_SCHEMA")
    assert_error(dave.get("/roles/%d/users" % role_id), 400, "NOT_AUTHORIZED")  # superuser only


# ---------------------------------------------------------------------------------------------- server masks

def test_first_matching_role_wins_and_servers_repeat(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    server = sim.add_server("alpha")
    sid = server["server_id"]
    sim.add_role("viewers", servers={sid: "00000000"})
    sim.add_role("admins", servers={sid: "11111111"})
    sim.add_user("carol", USER_PASSWORD, roles=["viewers", "admins"])
    carol = Api.as_user(sim, "carol")
    listed = carol.get("/servers").json()["data"]
    assert [s["server_id"] for s in listed] == [sid, sid]  # quirk 22
    assert carol.get("/servers/%s" % sid).status_code == 200  # access: any mask
    # the first role row (viewers, 00000000) decides: masks are not OR-ed
    assert_error(carol.patch("/servers/%s" % sid, json={"server_name": "beta"}), 400, "NOT_AUTHORIZED", INSUFFICIENT)
    assert carol.post("/servers/%s/action/start_server" % sid).json() == {"status": "error", "error": "NOT_AUTHORIZED"}


@pytest.mark.parametrize("bits, route, method, body", [
    ("commands", "/action/start_server", "POST", None),
    ("config", "", "PATCH", {"server_name": "beta"}),
    ("schedule", "/tasks", "POST", None),
    ("backup", "/backups", "GET", None),
    ("config", "/webhook", "GET", None),
])
def test_each_route_needs_its_server_permission(crafty_pool, bits, route, method, body):
    from tests.unit.simulators.crafty_support import TASK  # pylint: disable=import-outside-toplevel
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha")["server_id"]
    others = [name for name in ("commands", "terminal", "logs", "schedule", "backup", "files", "config", "players")
              if name != bits]
    sim.add_role("without", servers={sid: others})
    sim.add_role("with", servers={sid: [bits]})
    sim.add_user("carol", USER_PASSWORD, roles=["without"])
    sim.add_user("dave", USER_PASSWORD, roles=["with"])
    if route == "/tasks":
        body = TASK
    refused = Api.as_user(sim, "carol").request(method, "/servers/%s%s" % (sid, route), json=body)
    assert refused.status_code == 400 and refused.json()["error"] == "NOT_AUTHORIZED"
    allowed = Api.as_user(sim, "dave").request(method, "/servers/%s%s" % (sid, route), json=body)
    assert allowed.status_code == 200, allowed.text


def test_readable_role_masks_round_trip(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("r", servers={sid: ["commands", "logs", "config"]})
    assert Api.admin(sim).get("/roles/1/servers").json()["data"][0]["permissions"] == "10100010"
    with pytest.raises(ValueError, match="unknown permission"):
        sim.add_role("bad", servers={sid: ["fly"]})


def test_user_config_covers_managed_users_only_on_4_10(crafty_pool):
    """4.10.7's can_modify_user: itself (the numeric id too), a superuser, or USER_CONFIG over a user the
    caller manages; nobody may disable themselves."""
    sim = crafty_pool.get("4.10")
    sim.add_user("carol", USER_PASSWORD, permissions=["USER_CONFIG"])
    sim.add_user("dave", USER_PASSWORD)
    sim.add_user("erin", USER_PASSWORD, manager="carol")
    carol = Api.as_user(sim, "carol")
    assert carol.get("/users/3").json()["data"]["username"] == "carol"  # no longer only "@me" (quirk 21)
    assert carol.get("/users/4").json() == {"status": "error", "error": "NOT_AUTHORIZED"}
    assert carol.patch("/users/4", json={"lang": "fr_FR"}).json() == {"status": "error", "error": "NOT_AUTHORIZED"}
    assert carol.delete("/users/4").json() == {"status": "error", "error": "NOT_AUTHORIZED"}
    assert carol.get("/users/5").json()["data"]["username"] == "erin"
    assert carol.patch("/users/5", json={"lang": "fr_FR"}).status_code == 200
    assert_error(carol.patch("/users/@me", json={"enabled": False}), 400, "NOT_AUTHORIZED",
                 "You cannot disable your own account")
    assert_error(Api.admin(sim).patch("/users/1", json={"enabled": False}), 400, "NOT_AUTHORIZED",
                 "You cannot disable your own account")
    assert carol.delete("/users/5").json() == {"status": "ok"}
    # 4.4.8: USER_CONFIG is enough for anyone
    old = crafty_pool.get("4.4.8")
    old.add_user("carol", USER_PASSWORD, permissions=["USER_CONFIG"])
    old.add_user("dave", USER_PASSWORD)
    assert Api.as_user(old, "carol").get("/users/4").json()["data"]["username"] == "dave"
