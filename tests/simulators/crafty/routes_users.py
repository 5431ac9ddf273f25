# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``/api/v2/users...``: users, crafty permissions, public views, API keys and TOTP (API.md section 7)."""
from __future__ import annotations

import datetime
import secrets
import uuid

import pyotp

from .auth import INSUFFICIENT_PERMS
from .framework import ApiError, Crash, ok
from .state import ANTI_LOCKOUT_USERNAME, CRAFTY_PERMISSIONS, SYSTEM_USERNAME

PUBLIC_USER_ATTRS = ("user_id", "created", "username", "enabled", "superuser", "lang")
HIDDEN_FIELDS = ("password", "valid_tokens_from")
USERS_MODULE = "app.classes.models.users"
SELF_DISABLE = "You cannot disable your own account"  # userConfig.selfDisable (4.10.7)
NO_FILE_TEXT = ("We can't seem to locate the requested file. Double-check the path. Does Crafty have proper "
                "permissions?")


def _is_self(ctx, user_id: str) -> bool:
    """Crafty compares the path string with the int id: only ``@me`` means "self" (quirk 21)."""
    return user_id in ("@me", ctx.caller.user_id)


def _user_or_crash(ctx, user_id):
    try:
        user = ctx.state.users.get(int(user_id))
    except ValueError:
        user = None
    if user is None:
        raise Crash.does_not_exist("Users", USERS_MODULE, value=_int_or_text(user_id))
    return user


def _int_or_text(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def role_object(ctx, role_id) -> dict:
    return dict(ctx.state.roles[role_id])


def user_view(ctx, user) -> dict:
    view = {k: v for k, v in user.items() if k not in HIDDEN_FIELDS}
    view["roles"] = [role_object(ctx, r) for r in ctx.state.user_role_ids(user["user_id"])]
    return view


def _visible_users(ctx):
    hidden = {SYSTEM_USERNAME} | ({ANTI_LOCKOUT_USERNAME} if ctx.profile.hides_anti_lockout else set())
    return [u for u in ctx.state.users.values() if u["username"] not in hidden]


# ---------------------------------------------------------------------------------------------- /users

def list_users(ctx):
    caller = ctx.caller
    ids_only = ctx.flag("ids")
    if "USER_CONFIG" in caller.crafty():
        if ids_only:  # only "system" is left out of the id list
            return ok([u["user_id"] for u in ctx.state.users.values() if u["username"] != SYSTEM_USERNAME])
        return ok([{k: u[k] for k in PUBLIC_USER_ATTRS} for u in _visible_users(ctx)])
    if ids_only:
        return ok([caller.user_id])
    return ok([{k: caller.user[k] for k in PUBLIC_USER_ATTRS}])


def _permissions_input(ctx, permissions):
    mask = ["0"] * len(CRAFTY_PERMISSIONS)
    limits = {}
    for item in permissions:
        limits[item["name"]] = item["quantity"]
        mask[CRAFTY_PERMISSIONS.index(item["name"])] = "1" if item["enabled"] else "0"
    return "".join(mask), limits


def create_user(ctx):
    caller = ctx.caller
    if "USER_CONFIG" not in caller.crafty():
        raise ctx.not_authorized()
    data = ctx.body()
    ctx.validate("new_user", data, superuser=True)
    username = str(data["username"]).lower()
    if username in (SYSTEM_USERNAME, ""):
        raise ApiError(400, "INVALID_USERNAME", "INVALID USERNAME")
    if ctx.state.user_by_name(username) is not None:
        raise ApiError(400, "USER_EXISTS", "UNIQUE VALUE ERROR" if ctx.profile.error_details else None)
    manager = data.get("manager")
    if ctx.profile.managers:
        if caller.user["superuser"]:
            if manager == 0 or manager == _system_id(ctx):
                manager = None
        else:
            manager = caller.user_id
    roles = [r for r in data.get("roles") or [] if _role_id(r) in ctx.state.roles]
    mask, limits = "000", {}
    if data.get("permissions") is not None:
        mask, limits = _permissions_input(ctx, data["permissions"])
    if data.get("superuser", False) and not caller.superuser:
        raise ApiError(400, "INVALID_SUPERUSER_CREATE", INSUFFICIENT_PERMS)
    for role_id in roles:
        if not ctx.profile.managers:
            if not caller.superuser:
                raise ApiError(400, "INVALID_ROLES_CREATE")
        elif str(ctx.state.roles[_role_id(role_id)].get("manager")) != str(caller.user_id) and not caller.superuser:
            raise ApiError(400, "INVALID_ROLES_CREATE", INSUFFICIENT_PERMS)
    row = ctx.state.add_user(
        username, data["password"], superuser=data.get("superuser", False), enabled=data.get("enabled", True),
        email=data.get("email", "default@example.com"), lang=data.get("lang", ctx.state.config["language"]),
        manager=manager, theme=data.get("theme", "default"), hints=data.get("hints", True),
        valid_tokens_from=ctx.state.now(),  # DB default now(): a login in this same second is already dead
        via_api=True,
    )
    for role_id in roles:
        ctx.state.add_user_role(row["user_id"], _role_id(role_id))
    ctx.state.set_crafty_permissions(row["user_id"], mask, limits)
    return ok({"user_id": str(row["user_id"])}, status=201)


def _role_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _system_id(ctx):
    system = ctx.state.user_by_name(SYSTEM_USERNAME)
    return system["user_id"] if system else None


# ---------------------------------------------------------------------------------------------- /users/{id}

def _can_modify_user(ctx, user_id) -> bool:
    """4.10.7's ``can_modify_user``: the caller itself, a superuser (its user row), or USER_CONFIG over a
    user it manages."""
    caller = ctx.caller
    if user_id == "@me" or int(user_id) == caller.user_id or caller.user["superuser"]:
        return True
    managed = [u["user_id"] for u in ctx.state.users.values() if u.get("manager") == caller.user_id]
    return "USER_CONFIG" in caller.crafty() and int(user_id) in managed


def _may_touch_user(ctx, user_id) -> bool:
    if ctx.profile.user_modify_managed_only:
        return _can_modify_user(ctx, user_id)
    return "USER_CONFIG" in ctx.caller.crafty()


def get_user(ctx, user_id):
    caller = ctx.caller
    if _is_self(ctx, user_id):
        return ok(user_view(ctx, caller.user))
    if not _may_touch_user(ctx, user_id):
        raise ctx.not_authorized(None)
    return ok(user_view(ctx, _user_or_crash(ctx, user_id)))


def delete_user(ctx, user_id):
    caller = ctx.caller
    if _is_self(ctx, user_id) and ctx.state.config.get("allow_self_delete", False):
        ctx.state.delete_user(caller.user_id)
        return ok(with_data=False)
    if not _may_touch_user(ctx, user_id):
        raise ctx.not_authorized(None)
    if user_id != "@me":  # "@me" reaches a DELETE ... WHERE user_id = '@me' that matches nothing
        target = ctx.state.users.get(int(user_id))
        if target is None and ctx.profile.user_delete_looks_up:
            raise Crash.does_not_exist("Users", USERS_MODULE, value=user_id)
        if target is not None:  # unknown ids: 200 before 4.10 (quirk 28)
            ctx.state.delete_user(target["user_id"])
    return ok(with_data=False)


def patch_user(ctx, user_id):  # pylint: disable=too-many-branches,too-many-statements
    caller = ctx.caller
    old = not ctx.profile.at_least(4, 1, 0)
    data = ctx.body()
    ctx.validate("user_patch", data, superuser=True)
    if ctx.profile.user_modify_managed_only and data.get("enabled") is False and (
            user_id == "@me" or str(caller.user_id) == str(user_id)):
        raise ctx.not_authorized(SELF_DISABLE)
    if user_id == "@me":
        user_id = caller.user_id
    is_self = str(caller.user_id) == str(user_id)
    has_user_config = _may_touch_user(ctx, user_id) if ctx.profile.user_modify_managed_only else \
        "USER_CONFIG" in caller.crafty()
    if not has_user_config and not is_self:
        raise ctx.not_authorized(None)
    if "username" in data:
        if data["username"].lower() in (SYSTEM_USERNAME, ""):
            raise ApiError(400, "INVALID_USERNAME", "INVALID USERNAME")
        holder = ctx.state.user_by_name(data["username"])
        # 4.0.8 refuses even the user's own current name: never resend an unchanged username there
        if holder is not None and (old or holder["user_id"] != int(user_id)):
            raise ApiError(400, "USER_EXISTS", "UNIQUE CONSTAINT FAILED")
    if "superuser" in data:
        if is_self and not caller.superuser:
            raise ApiError(400, "INVALID_SUPERUSER_MODIFY", INSUFFICIENT_PERMS)
        if not caller.superuser:
            data.pop("superuser")
    if "permissions" in data:
        if (is_self and not caller.superuser) or not has_user_config:
            raise ApiError(400, "INVALID_PERMISSIONS_MODIFY", INSUFFICIENT_PERMS)
    if "roles" in data:
        if (is_self and not caller.superuser) or not has_user_config:
            raise ApiError(400, "INVALID_ROLES_MODIFY", INSUFFICIENT_PERMS)
        current = ctx.state.user_role_ids(int(user_id))
        for role in data["roles"]:
            role_id = _role_id(role)
            if caller.superuser or role_id in current:
                continue
            if role_id not in ctx.state.roles:
                raise Crash.does_not_exist("Roles", "app.classes.models.roles", value=role)
            if str(ctx.state.roles[role_id].get("manager")) != str(caller.user_id):
                raise ApiError(400, "INVALID_ROLES_MODIFY", NO_FILE_TEXT)
    target = _user_or_crash(ctx, user_id)
    if "password" in data:
        if old:  # 4.0.8 bug: any password key is refused
            raise ApiError(400, "INVALID_PASSWORD_MODIFY")
        if not is_self and str(caller.user_id) != str(target.get("manager")) and not caller.user["superuser"]:
            raise ApiError(400, "INVALID_PASSWORD_MODIFY", INSUFFICIENT_PERMS)
    if "roles" in data:
        wanted = {_role_id(r) for r in data.pop("roles")}
        current = set(ctx.state.user_role_ids(target["user_id"]))
        for role_id in sorted(wanted - current):
            if role_id in ctx.state.roles:  # rows for unknown roles never show (inner join)
                ctx.state.add_user_role(target["user_id"], role_id)
        ctx.state.remove_user_roles(target["user_id"], current - wanted)
    if "manager" in data and (data["manager"] == 0 or data["manager"] == _system_id(ctx)):
        data["manager"] = None
    if "permissions" in data:
        permissions = data.pop("permissions")
        if old:  # 4.0.8 bug: the computed mask is discarded, everything resets to 000 / 0
            ctx.state.set_crafty_permissions(target["user_id"], "000", {})
        else:
            mask, limits = _permissions_input(ctx, permissions)
            ctx.state.set_crafty_permissions(target["user_id"], mask, limits)
    for key, value in data.items():
        if key == "username":
            ctx.state.rename_user(target, value.lower())
            continue
        target[key] = value
    if "password" in data and ctx.sim.invalidate_on_password_change:
        ctx.sim.auth.invalidate_user(target)
    target["last_update"] = datetime.datetime.now().strftime("%m/%d/%Y, %H:%M:%S")
    return ok(with_data=False)


# ---------------------------------------------------------------------------------------------- sub-resources

def user_permissions(ctx, user_id):
    caller = ctx.caller
    if user_id == "@me":
        user_id = caller.user_id
    elif str(user_id) != str(caller.user_id) and "USER_CONFIG" not in caller.crafty():
        raise ctx.not_authorized()
    user = ctx.state.users.get(int(user_id))
    if user is None and int(user_id) not in ctx.state.user_crafty:
        raise ApiError(404, "USER_NOT_FOUND")
    row = ctx.state.crafty_row(int(user_id))
    mask = "111" if user and user["superuser"] else row["permissions"][:3]
    return ok({
        "permissions": mask,
        "counters": {"SERVER_CREATION": row["created_server"], "USER_CONFIG": row["created_user"],
                     "ROLES_CONFIG": row["created_role"]},
        "limits": {"SERVER_CREATION": row["limit_server_creation"], "USER_CONFIG": row["limit_user_creation"],
                   "ROLES_CONFIG": row["limit_role_creation"]},
    })


def user_public(ctx, user_id):
    caller = ctx.caller
    user = caller.user if user_id == "@me" else _user_or_crash(ctx, user_id)
    view = {k: user[k] for k in PUBLIC_USER_ATTRS}
    view["roles"] = [] if not ctx.profile.at_least(4, 1, 0) else [
        role_object(ctx, r) for r in ctx.state.user_role_ids(user["user_id"])]
    return ok(view)


def user_pfp(ctx, user_id):
    caller = ctx.caller
    user = caller.user if user_id == "@me" else _user_or_crash(ctx, user_id)
    return ok(user.get("pfp"))


# ---------------------------------------------------------------------------------------------- API keys (4.1+)

def _key_owner_check(ctx, user_id):
    caller = ctx.caller
    if str(caller.user_id) != str(user_id) and not caller.superuser:
        raise ctx.not_authorized()
    return _user_or_crash(ctx, user_id)


def key_view(ctx, row) -> dict:
    return {"id": row["token_id"], "name": row["name"], "server_permissions": row["server_permissions"],
            "crafty_permissions": row["crafty_permissions"], ctx.profile.key_full_access_field: row["full_access"]}


def list_keys(ctx, user_id):
    user = _key_owner_check(ctx, user_id)
    return ok([key_view(ctx, k) for k in ctx.state.api_keys.values() if k["user_id"] == user["user_id"]])


def create_key(ctx, user_id):
    user = _key_owner_check(ctx, user_id)
    data = ctx.body()
    ctx.validate("api_key_create", data, superuser=True)
    flag = ctx.profile.key_full_access_field
    missing = [k for k in ("name", "server_permissions_mask", "crafty_permissions_mask", flag) if k not in data]
    if missing:  # the handler reads all four keys (quirk 11)
        raise Crash.key_error(missing[0])
    if any(k["name"] == data["name"] for k in ctx.state.api_keys.values()):
        raise Crash.integrity_error("UNIQUE constraint failed: api_keys.name")
    row = add_key_row(ctx.state, user["user_id"], data["name"], data["server_permissions_mask"],
                      data["crafty_permissions_mask"], data[flag])
    return ok({"id": row["token_id"]})


def add_key_row(state, user_id, name, server_mask, crafty_mask, full_access) -> dict:
    token_id = state.next_id("api_key")
    row = {"token_id": token_id, "name": name, "created": datetime.datetime.now().isoformat(), "user_id": user_id,
           "server_permissions": server_mask, "crafty_permissions": crafty_mask, "full_access": bool(full_access)}
    state.api_keys[token_id] = row
    return row


def get_key_token(ctx, user_id, key_id):
    caller = ctx.caller
    key = ctx.state.api_keys.get(int(key_id))
    if key is None:
        raise Crash.does_not_exist("ApiKeys", USERS_MODULE, table="api_keys", key="token_id", value=key_id)
    if str(key["user_id"]) != str(caller.user_id) and not caller.superuser:
        raise ctx.not_authorized()
    return ok(ctx.sim.auth.mint(key["user_id"], token_id=key["token_id"]))


def delete_key(ctx, user_id, key_id=None):
    caller = ctx.caller
    if key_id is None:
        raise Crash.missing_argument("ApiUsersUserKeyHandler", "delete", "key_id")
    key = ctx.state.api_keys.get(int(key_id))
    if key is None:
        raise Crash.does_not_exist("ApiKeys", USERS_MODULE, table="api_keys", key="token_id", value=key_id)
    if str(key["user_id"]) != str(caller.user_id) and not caller.superuser:
        raise ctx.not_authorized()
    del ctx.state.api_keys[key["token_id"]]
    return ok({"id": str(key_id)})


# ---------------------------------------------------------------------------------------------- TOTP (4.4.8+)

def _totp_target(ctx, user_id):
    caller = ctx.caller
    if user_id == "@me":
        return caller.user
    if str(user_id) != str(caller.user_id) and not (caller.superuser or "USER_CONFIG" in caller.crafty()):
        raise ctx.not_authorized()
    return _user_or_crash(ctx, user_id)


def totp_start(ctx, user_id):
    user = _totp_target(ctx, user_id)
    totp_id = str(uuid.uuid4())
    pending = {"id": totp_id, "totp_secret": pyotp.random_base32(), "user_id": user["user_id"],
               "username": user["username"], "iat": datetime.datetime.now().isoformat()}
    ctx.state.pending_totp[totp_id] = pending
    return ok({"otp": dict(pending)})


def totp_list(ctx, user_id):
    user = _totp_target(ctx, user_id)
    return ok([{"name": t["name"], "id": t["id"]} for t in ctx.state.totp.values() if t["user_id"] == user["user_id"]])


def new_recovery_codes(state, user_id) -> list:
    codes = ["-".join(secrets.token_hex(2).upper() for _group in range(4)) for _code in range(6)]
    state.recovery_codes[user_id] = [c.replace("-", "").lower() for c in codes]
    return codes


def totp_verify(ctx, user_id, totp_id):
    user = _totp_target(ctx, user_id)
    data = ctx.body()
    ctx.validate("totp_verify", data, superuser=True)
    pending = ctx.state.pending_totp.get(totp_id)
    # the code is an integer in this body: leading zeros are lost and such codes never verify
    if (pending is None or pending["user_id"] != user["user_id"] or "totp" not in data
            or not pyotp.TOTP(pending["totp_secret"]).verify(str(data["totp"]), valid_window=1)):
        raise ApiError(400, "NOT AUTHORIZED", "Failed to verify ")
    del ctx.state.pending_totp[totp_id]
    ctx.state.totp[totp_id] = {"id": totp_id, "user_id": user["user_id"], "name": data.get("name", "MFA"),
                               "totp_secret": pending["totp_secret"]}
    return ok({"backup_codes": new_recovery_codes(ctx.state, user["user_id"])})


def totp_delete(ctx, user_id, totp_id):
    if user_id == "@me":  # the literal reaches a user lookup (quirk: use the numeric id)
        raise Crash.does_not_exist("Users", USERS_MODULE, value="@me")
    user = _totp_target(ctx, user_id)
    row = ctx.state.totp.get(totp_id)
    if row is not None and row["user_id"] == user["user_id"]:
        remaining = [t for t in ctx.state.totp.values() if t["user_id"] == user["user_id"] and t["id"] != totp_id]
        if not remaining and ctx.sim.auth.mfa_required(user):
            raise ctx.not_authorized("MFA is required for this user. You cannot remove your only MFA method.")
        del ctx.state.totp[totp_id]
        if not remaining:
            ctx.state.recovery_codes.pop(user["user_id"], None)
    return ok(with_data=False)


def totp_get(ctx, user_id, totp_id):  # pylint: disable=unused-argument
    _totp_target(ctx, user_id)
    return ok(with_data=False)


def totp_renew(ctx, user_id):
    user = _totp_target(ctx, user_id)
    if not ctx.sim.auth.user_has_totp(user["user_id"]):
        raise ApiError(403, "NOT AUTHORIZED", "An MFA method is required to request backup codes")
    return ok({"backup_codes": new_recovery_codes(ctx.state, user["user_id"])})


def register(router, profile) -> None:
    uid = "([0-9]+)"
    router.add(r"/api/v2/users/?", {"GET": list_users, "POST": create_user})
    if profile.api_keys:
        router.add(r"/api/v2/users/%s/key/?" % uid, {"GET": list_keys, "PATCH": create_key, "DELETE": delete_key})
        router.add(r"/api/v2/users/%s/key/([0-9]+)/?" % uid, {"GET": get_key_token, "DELETE": delete_key})
    user_routes = {"GET": get_user, "PATCH": patch_user, "DELETE": delete_user}
    router.add(r"/api/v2/users/%s/?" % uid, user_routes)
    router.add(r"/api/v2/users/(@me)/?", user_routes)
    if profile.totp:
        router.add(r"/api/v2/users/%s/totp/([a-z0-9-]+)/verify/?" % uid, {"POST": totp_verify})
        router.add(r"/api/v2/users/(@me)/totp/([a-z0-9-]+)/verify/?", {"POST": totp_verify})
        router.add(r"/api/v2/users/(@me)/totp/recovery/renew/?", {"GET": totp_renew})
        router.add(r"/api/v2/users/%s/totp/recovery/renew/?" % uid, {"GET": totp_renew})
        # the @me form of the enrolment route is missing: the table lists the numeric pattern twice
        router.add(r"/api/v2/users/%s/totp/?" % uid, {"POST": totp_start, "GET": totp_list})
        router.add(r"/api/v2/users/%s/totp/([a-z0-9-]+)/?" % uid, {"GET": totp_get, "DELETE": totp_delete})
        router.add(r"/api/v2/users/(@me)/totp/([a-z0-9-]+)/?", {"GET": totp_get, "DELETE": totp_delete})
    for suffix, handler in (("permissions", user_permissions), ("pfp", user_pfp), ("public", user_public)):
        router.add(r"/api/v2/users/%s/%s/?" % (uid, suffix), {"GET": handler})
        router.add(r"/api/v2/users/(@me)/%s/?" % suffix, {"GET": handler})
