# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API account, two-factor authentication (section 8.2) and subusers (section 8.9)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import struct
import time
import urllib.parse

from .client_api import forbidden, permissions_of
from .client_transformers import ALL_PERMISSIONS
from .framework import bad_request, display_error, empty_response, json_response, unauthorized_action, validate
from .rules import php_str
from .state import check_password, hash_password, random_string
from .transformers import mysql_equals

APP_NAME = "Pterodactyl"
TOTP_STEP = 30
TOTP_DIGITS = 6

MSG_TWO_FACTOR_ENABLED = "Two-factor authentication is already enabled on this account."
MSG_BAD_PASSWORD = "The password provided was not valid."
MSG_BAD_TOKEN = "The provided two-factor authentication token was not valid."
MSG_IS_OWNER = "You cannot add the server owner as a subuser for this server."
MSG_SUBUSER_EXISTS = "A user with that email address is already assigned as a subuser for this server."
MSG_CANNOT_ASSIGN = "Cannot assign permissions to a subuser that your account does not actively possess."


# ---------------------------------------------------------------------- TOTP (RFC 6238)

def new_totp_secret() -> str:
    """32-character base32 secret (20 random bytes)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def totp_code(secret: str, for_time=None, step: int = TOTP_STEP, digits: int = TOTP_DIGITS) -> str:
    """RFC 6238 TOTP (HMAC-SHA1) for ``secret`` at unix time ``for_time`` (default now)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if for_time is None else for_time) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return str(number).zfill(digits)


def verify_totp(secret: str, code: str, window: int = 1, for_time=None) -> bool:
    now = time.time() if for_time is None else for_time
    return any(hmac.compare_digest(totp_code(secret, now + offset * TOTP_STEP), code)
               for offset in range(-window, window + 1))


# ---------------------------------------------------------------------- account

def account_view(ctx):
    return ctx.item("account", ctx.user)


def two_factor_setup(ctx):
    user = ctx.user
    if user["use_totp"]:
        raise bad_request(MSG_TWO_FACTOR_ENABLED)
    secret = new_totp_secret()
    ctx.state.update(user, {"totp_secret": secret})
    quote = urllib.parse.quote
    url = "otpauth://totp/%s:%s?secret=%s&issuer=%s" % (
        quote(APP_NAME, safe=""), quote(user["email"], safe=""), quote(secret, safe=""), quote(APP_NAME, safe=""))
    return json_response(200, {"data": {"image_url_data": url, "secret": secret}})


def two_factor_enable(ctx):
    data = ctx.input()
    validate(data, [("code", "required|string|size:6"), ("password", "required|string")])
    user = ctx.user
    if not check_password(data["password"], user["password"]):
        raise bad_request(MSG_BAD_PASSWORD)
    secret = user.get("totp_secret")
    if not secret or not verify_totp(secret, data["code"], int(ctx.sim.totp_window)):
        raise display_error(MSG_BAD_TOKEN, "TwoFactorAuthenticationTokenInvalid")
    tokens = [random_string(10) for _i in range(10)]
    ctx.state.update(user, {"use_totp": True, "totp_authenticated_at": ctx.state.now(),
                            "recovery_tokens": [hash_password(t) for t in tokens]})
    return json_response(200, {"object": "recovery_tokens", "attributes": {"tokens": tokens}})


def two_factor_disable(ctx):
    password = ctx.input().get("password")
    if not isinstance(password, str) or not check_password(password, ctx.user["password"]):
        raise bad_request(MSG_BAD_PASSWORD)
    ctx.state.update(ctx.user, {"use_totp": False, "totp_authenticated_at": ctx.state.now()})
    return empty_response(204)


# ---------------------------------------------------------------------- subusers

def normalise_permissions(values) -> list:
    """Unknown keys dropped, duplicates removed, ``websocket.connect`` appended when absent."""
    if isinstance(values, dict):
        values = list(values.values())
    out = []
    for value in values or []:
        if isinstance(value, str) and value in ALL_PERMISSIONS and value not in out:
            out.append(value)
    if "websocket.connect" not in out:
        out.append("websocket.connect")
    return out


def _authorize_subuser_request(ctx) -> None:
    """``SubuserRequest::authorize``: never one's own entry; never grant keys one lacks."""
    target = ctx.bound.get("user")
    if target is not None and target["id"] == ctx.user["id"]:
        raise unauthorized_action()
    held = permissions_of(ctx)
    if "*" in held or ctx.request.method not in ("POST",):
        return
    requested = ctx.input().get("permissions")
    if isinstance(requested, dict):
        requested = list(requested.values())
    for value in requested if isinstance(requested, list) else []:
        if isinstance(value, str) and value not in held:
            raise forbidden(MSG_CANNOT_ASSIGN)


def subusers_index(ctx):
    rows = ctx.state.rows("subusers", server_id=ctx.bound["server"]["id"])
    return ctx.collection("client_subuser", rows)


def _new_username(state, email: str) -> str:
    local = re.sub(r"[^\w.-]+", "", email.split("@", 1)[0], flags=re.ASCII)[:64]
    while True:
        candidate = (local + random_string(3)).lower()
        if not any(mysql_equals(u["username"], candidate) for u in state.users.values()):
            return candidate


def subusers_store(ctx):
    _authorize_subuser_request(ctx)
    data = ctx.input()
    validate(data, [("email", "required|email|between:1,191"), ("permissions", "required|array"),
                    ("permissions.*", "string")])
    state = ctx.state
    server = ctx.bound["server"]
    email = php_str(data["email"])
    user = None
    for row in state.sorted_rows(state.users.values()):
        if mysql_equals(row["email"], email):
            user = row
            break
    if user is not None and user["id"] == server["owner_id"]:
        raise display_error(MSG_IS_OWNER, "UserIsServerOwnerException")
    if user is not None and state.rows("subusers", server_id=server["id"], user_id=user["id"]):
        raise display_error(MSG_SUBUSER_EXISTS, "ServerSubuserExistsException")
    if user is None:
        user = state.add_user(_new_username(state, email), email=email, first_name="Server", last_name="Subuser")
    subuser = state.insert("subusers", {
        "user_id": user["id"], "server_id": server["id"], "permissions": normalise_permissions(data["permissions"]),
    })
    return ctx.item("client_subuser", subuser)


def subusers_view(ctx):
    _authorize_subuser_request(ctx)
    return ctx.item("client_subuser", ctx.bound["subuser"])


def subusers_update(ctx):
    _authorize_subuser_request(ctx)
    validate(ctx.input(), [("permissions", "required|array"), ("permissions.*", "string")])
    subuser = ctx.bound["subuser"]
    ctx.state.update(subuser, {"permissions": normalise_permissions(ctx.input()["permissions"])})
    return ctx.item("client_subuser", subuser)


def subusers_delete(ctx):
    _authorize_subuser_request(ctx)
    ctx.state.delete("subusers", ctx.bound["subuser"]["id"])
    return empty_response(204)


__all__ = ["totp_code", "verify_totp", "new_totp_secret"]
