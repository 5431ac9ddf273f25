# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API account: details, e-mail and password, two-factor authentication, API keys and SSH keys
(section 8.2), and subusers (section 8.9)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets
import struct
import time
import urllib.parse

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .client_activity import log_activity
from .client_api import forbidden, permissions_of
from .client_transformers import ALL_PERMISSIONS
from .framework import (
    ValidationFailed, bad_request, display_error, empty_response, json_response, model_not_found, server_error,
    unauthorized_action, validate,
)
from .helpers import unique_rule
from .rules import Validator, php_str
from .state import IDENTIFIER_LENGTH, KEY_TYPE_ACCOUNT, TOKEN_SECRET_LENGTH, check_password, hash_password, random_string
from .transformers import TRANSFORMERS, iso_timestamp, mysql_equals

APP_NAME = "Pterodactyl"
TOTP_STEP = 30
TOTP_DIGITS = 6

MSG_TWO_FACTOR_ENABLED = "Two-factor authentication is already enabled on this account."
MSG_BAD_PASSWORD = "The password provided was not valid."
MSG_BAD_TOKEN = "The provided two-factor authentication token was not valid."
MSG_IS_OWNER = "You cannot add the server owner as a subuser for this server."
MSG_SUBUSER_EXISTS = "A user with that email address is already assigned as a subuser for this server."
MSG_CANNOT_ASSIGN = "Cannot assign permissions to a subuser that your account does not actively possess."
MSG_INVALID_PASSWORD = "The password provided was invalid for this account."
MSG_TOO_MANY_KEYS = "You have reached the account limit for number of API keys."
MSG_KEY_NOT_VALID = "The public key provided is not valid."
MSG_DSA = "DSA keys are not supported."
MSG_RSA_SHORT = "RSA keys must be at least 2048 bytes in length."
MSG_KEY_EXISTS = "The public key provided already exists on your account."
#: ``ApiKeyController::store``: an account holds at most this many client keys.
API_KEY_LIMIT = 25


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
    log_activity(ctx, "user:two-factor.create")
    return json_response(200, {"object": "recovery_tokens", "attributes": {"tokens": tokens}})


def two_factor_disable(ctx):
    password = ctx.input().get("password")
    if not isinstance(password, str) or not check_password(password, ctx.user["password"]):
        raise bad_request(MSG_BAD_PASSWORD)
    ctx.state.update(ctx.user, {"use_totp": False, "totp_authenticated_at": ctx.state.now()})
    log_activity(ctx, "user:two-factor.delete")
    return empty_response(204)


# ---------------------------------------------------------------------- e-mail and password

def _check_password_first(ctx, field):
    """The form request's ``authorize()``: the current password is checked before any validation rule."""
    given = ctx.input().get(field)
    if not isinstance(given, str) or not check_password(given, ctx.user["password"]):
        raise display_error(MSG_INVALID_PASSWORD, "InvalidPasswordProvidedException")


def update_email(ctx):
    """``PUT /account/email``: ``email`` (the user rules, unique but for oneself) and the current ``password``."""
    _check_password_first(ctx, "password")
    data = ctx.input()
    validate(data, [("email", ["required", "email", "between:1,191",
                               unique_rule(ctx.state, "users", "email", ctx.user["id"])])])
    original = ctx.user["email"]
    ctx.state.update(ctx.user, {"email": php_str(data["email"])})
    if original != data["email"]:
        log_activity(ctx, "user:account.email-changed", {"old": original, "new": data["email"]})
    return empty_response(204)


def update_password(ctx):
    """``PUT /account/password``: ``current_password`` (checked first), ``password`` confirmed, 8 or more."""
    _check_password_first(ctx, "current_password")
    data = ctx.input()
    validate(data, [("password", ["required", "string", "confirmed", "min:8"])])
    ctx.state.update(ctx.user, {"password": hash_password(data["password"])})
    log_activity(ctx, "user:account.password-changed")
    return empty_response(204)


# ---------------------------------------------------------------------- client API keys

def _account_keys(ctx):
    return [k for k in ctx.state.rows("api_keys", user_id=ctx.user["id"]) if k["key_type"] == KEY_TYPE_ACCOUNT]


class _ParseError(Exception):
    """IPTools threw something other than "Invalid IP address format": the panel rethrows it (a 500)."""


def _ip(text):
    """IPTools ``IP::parse``: hex (``0x``), binary (``0b``), a number, or an IPv4/IPv6 address."""
    try:
        if text.startswith("0x"):
            return ipaddress.ip_address(int(text[2:], 16))
        if text.startswith("0b"):
            return ipaddress.ip_address(int(text[2:], 2))
        if text.isdigit():
            return ipaddress.ip_address(int(text))
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _valid_range(text) -> bool:
    """IPTools ``Range::parse`` as the panel uses it: an address, a CIDR (or address + netmask), a
    ``*`` pattern, or ``first-last``. Only "Invalid IP address format" makes an entry invalid."""
    if text.find("/") > 0 or text.find(" ") > 0:
        address, _sep, suffix = text.replace(" ", "/", 1).partition("/")
        if _ip(address) is None:
            return False
        if "." in suffix or ":" in suffix:  # a netmask
            if _ip(suffix) is None:
                return False
            return True
        if not suffix.isdigit() or int(suffix) > ipaddress.ip_address(_ip(address)).max_prefixlen:
            raise _ParseError("Invalid prefix length")
        return True
    if "*" in text:
        return _ip(text.replace("*", "0")) is not None and _ip(text.replace("*", "255")) is not None
    if text.find("-") > 0:
        first, last = (_ip(part) for part in text.split("-", 1))
        if first is None or last is None:
            return False
        if first.version != last.version or int(last) < int(first):
            raise _ParseError("Last IP is less than first")
        return True
    return _ip(text) is not None


def api_keys_index(ctx):
    return ctx.collection("api_key", _account_keys(ctx))


def api_keys_store(ctx):
    """``POST /account/api-keys``: ``description`` (the key's memo, required), ``allowed_ips`` (at most 50,
    each an IP or a range; errors per entry with no rule name), then the 25-key limit."""
    data = ctx.input()
    errors = Validator(data, [
        ("description", "required|nullable|string|max:500"),
        ("allowed_ips", "nullable|array|max:50"),
        ("allowed_ips.*", "string"),
    ]).validate()
    ips = data.get("allowed_ips")
    if isinstance(ips, list):
        for index, entry in enumerate(ips):
            try:
                valid = isinstance(entry, str) and _valid_range(entry)
            except _ParseError:
                raise server_error("Exception")
            if not valid:
                errors.append(("allowed_ips.%d" % index, '"%s" is not a valid IP address or CIDR range.'
                               % php_str(entry), None))
    if errors:
        raise ValidationFailed(errors)
    if len(_account_keys(ctx)) >= API_KEY_LIMIT:
        raise display_error(MSG_TOO_MANY_KEYS)
    identifier = "ptlc_" + random_string(IDENTIFIER_LENGTH - 5)
    secret = random_string(TOKEN_SECRET_LENGTH)
    key = ctx.state.add_api_key(identifier + secret, ctx.user["id"], key_type=KEY_TYPE_ACCOUNT,
                                allowed_ips=list(ips or []), memo=data["description"] or "")
    log_activity(ctx, "user:api-key.create", {"identifier": identifier}, subjects=[("api_key", key["id"])])
    return ctx.item("api_key", key, meta={"secret_token": secret})


def api_keys_delete(ctx):
    wanted = ctx.params["identifier"]
    for key in _account_keys(ctx):
        if mysql_equals(key["identifier"], wanted):
            log_activity(ctx, "user:api-key.delete", {"identifier": key["identifier"]})
            ctx.state.delete("api_keys", key["id"])
            return empty_response(204)
    raise model_not_found()


# ---------------------------------------------------------------------- SSH keys

def load_public_key(text):
    """phpseclib's ``PublicKeyLoader::loadPublicKey`` for the formats people paste: an OpenSSH line
    (``ssh-ed25519 AAAA... comment``) or a PEM public key. ``None`` when nothing loads; otherwise
    ``(kind, bits, fingerprint, pkcs8)``: ``fingerprint`` is phpseclib's SHA-256 one (base64 of the key
    blob's digest, its last character cut: OpenSSH's form without ``SHA256:``), ``pkcs8`` the PEM the
    panel stores (CRLF line ends, no final newline)."""
    if not isinstance(text, str):
        return None
    parts = text.strip().split()
    if len(parts) >= 2 and parts[0] == "ssh-dss":  # phpseclib loads DSA; the panel then refuses it
        try:
            blob = base64.b64decode(parts[1], validate=True)
        except ValueError:
            return None
        return "dsa", 0, _fingerprint(blob), ""
    try:
        if text.strip().startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.strip().encode("utf-8"))
        else:
            key = serialization.load_ssh_public_key(text.strip().encode("utf-8"))
    except (ValueError, TypeError, NotImplementedError):
        return None
    try:
        openssh = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    except ValueError:
        return None
    blob = base64.b64decode(openssh.split()[1])
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    pkcs8 = pem.decode("ascii").strip().replace("\n", "\r\n")
    kind = "rsa" if isinstance(key, rsa.RSAPublicKey) else "other"
    return kind, getattr(key, "key_size", 0), _fingerprint(blob), pkcs8


def _fingerprint(blob: bytes) -> str:
    encoded = base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii")
    return encoded[:-1]


def _account_ssh_keys(ctx):
    return [k for k in ctx.state.rows("user_ssh_keys", user_id=ctx.user["id"]) if k["deleted_at"] is None]


def ssh_keys_index(ctx):
    return ctx.collection("ssh_key", _account_ssh_keys(ctx))


def ssh_keys_store(ctx):
    """``POST /account/ssh-keys``: ``name``, ``public_key``; then (always, like the form request's
    ``after`` hook) the key must load, not be DSA, be RSA of 2048 bits or more, and be new on the account."""
    data = ctx.input()
    errors = Validator(data, [("name", "required|string"), ("public_key", "required|string")]).validate()
    loaded = load_public_key(data.get("public_key"))
    if loaded is None:
        errors.append(("public_key", MSG_KEY_NOT_VALID, None))
        raise ValidationFailed(errors)
    kind, bits, fingerprint, pkcs8 = loaded
    if kind == "dsa":
        errors.append(("public_key", MSG_DSA, None))
    if kind == "rsa" and bits < 2048:
        errors.append(("public_key", MSG_RSA_SHORT, None))
    if any(k["fingerprint"] == fingerprint for k in _account_ssh_keys(ctx)):
        errors.append(("public_key", MSG_KEY_EXISTS, None))
    if errors:
        raise ValidationFailed(errors)
    row = ctx.state.insert("user_ssh_keys", {"user_id": ctx.user["id"], "name": data["name"], "public_key": pkcs8,
                                             "fingerprint": fingerprint, "deleted_at": None})
    log_activity(ctx, "user:ssh-key.create", {"fingerprint": fingerprint}, subjects=[("ssh_key", row["id"])])
    return ctx.item("ssh_key", row)


def ssh_keys_remove(ctx):
    """``POST /account/ssh-keys/remove``: ``fingerprint``; 204 whether or not a key had it (soft delete)."""
    validate(ctx.input(), [("fingerprint", "required|string")])
    wanted = ctx.input()["fingerprint"]
    for row in _account_ssh_keys(ctx):
        if mysql_equals(row["fingerprint"], wanted):
            ctx.state.update(row, {"deleted_at": ctx.state.now()})
            log_activity(ctx, "user:ssh-key.delete", {"fingerprint": row["fingerprint"]},
                         subjects=[("ssh_key", row["id"])])
            break
    return empty_response(204)


def _api_key(ser, key):
    return {"identifier": key["identifier"], "description": key["memo"], "allowed_ips": list(key["allowed_ips"]),
            "last_used_at": iso_timestamp(key["last_used_at"]), "created_at": iso_timestamp(key["created_at"])}


def _ssh_key(ser, row):
    return {"name": row["name"], "fingerprint": row["fingerprint"], "public_key": row["public_key"],
            "created_at": iso_timestamp(row["created_at"])}


TRANSFORMERS.update({
    "api_key": {"object": "api_key", "attributes": _api_key, "includes": ()},
    "ssh_key": {"object": "ssh_key", "attributes": _ssh_key, "includes": ()},
})


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
    log_activity(ctx, "server:subuser.create", {"email": data["email"], "permissions": subuser["permissions"]},
                 subjects=[("user", user["id"])])
    return ctx.item("client_subuser", subuser)


def subusers_view(ctx):
    _authorize_subuser_request(ctx)
    return ctx.item("client_subuser", ctx.bound["subuser"])


def subusers_update(ctx):
    _authorize_subuser_request(ctx)
    validate(ctx.input(), [("permissions", "required|array"), ("permissions.*", "string")])
    subuser = ctx.bound["subuser"]
    wanted = normalise_permissions(ctx.input()["permissions"])
    if sorted(wanted) != sorted(subuser["permissions"]):  # logged (and Wings told) only when they change
        log_activity(ctx, "server:subuser.update", {
            "email": ctx.bound["user"]["email"], "old": sorted(subuser["permissions"]), "new": sorted(wanted),
            "revoked": not ctx.sim.wings_offline}, subjects=[("user", subuser["user_id"])])
    ctx.state.update(subuser, {"permissions": wanted})
    return ctx.item("client_subuser", subuser)


def subusers_delete(ctx):
    _authorize_subuser_request(ctx)
    subuser = ctx.bound["subuser"]
    ctx.state.delete("subusers", subuser["id"])
    log_activity(ctx, "server:subuser.delete", {"email": ctx.bound["user"]["email"],
                                                "revoked": not ctx.sim.wings_offline},
                 subjects=[("user", subuser["user_id"])])
    return empty_response(204)


__all__ = ["totp_code", "verify_totp", "new_totp_secret"]
