# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tokens, login (with TOTP and the 4.4.8 lock-out) and the authentication step of every route.

Tokens are HS256 JWTs without ``exp`` (quirk 20): valid while
``int(user.valid_tokens_from) < iat``, so ``POST /auth/invalidate_tokens`` kills
every token of the user minted up to and including that second.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import re
import time

import pyotp

from .framework import ApiError, ok
from .state import ANTI_LOCKOUT_USERNAME

AUTH_FAILED = "An error occured while authenticating the user"
LOGIN_INCORRECT = "Incorrect username, password, or MFA"
ACCOUNT_DISABLED_TEXT = ("Your user account has been administratively disabled. Please contact your system "
                         "administrator for more details.")
MFA_WARNING = ("You must have MFA enabled to interact with this system. Please create an MFA key. If you are seeing "
               "this message and have already created a key, please log out, then log back in with MFA.")
COOLDOWN_TEXT = "Cooldown active. Try again in"
BURNED_BACKUP_CODE = "You have burned one of your backup codes. Please reroll your backup codes to avoid being locked out"
DUPLICATE_ID = "Request tokens must only specify session_id or token_id, not both."
INSUFFICIENT_PERMS = "Permission Error: Missing permissions for this resource"
TOTP_POST_ROUTES = re.compile(r"^/api/v2/(users/.+/totp/|users/[^/]+/totp/.+/verify/)$")
TOTP_RENEW_ROUTE = re.compile(r"^/api/v2/users/[^/]+/totp/recovery/renew/$")
LOCKOUT_WINDOW = 180
LOCKOUT_SECONDS = 300
TOTP_REUSE_SECONDS = 60


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_encode(claims: dict, secret: str) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest()
    return "%s.%s.%s" % (header, payload, _b64(signature))


def jwt_decode(token: str, secret: str) -> dict:
    """The claims of a token signed with ``secret``; ValueError for anything else."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("malformed token")
    expected = hmac.new(secret.encode(), ("%s.%s" % (parts[0], parts[1])).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _unb64(parts[2])):
        raise ValueError("bad signature")
    claims = json.loads(_unb64(parts[1]))
    if not isinstance(claims, dict) or not isinstance(claims.get("user_id"), int) or not isinstance(claims.get("iat"), int):
        raise ValueError("bad claims")
    return claims


class Caller:
    """The authenticated caller of one request (Crafty's ``auth_data`` tuple)."""

    def __init__(self, state, user, api_key, claims):
        self.state = state
        self.user = user
        self.api_key = api_key
        self.claims = claims

    @property
    def user_id(self) -> int:
        return self.user["user_id"]

    @property
    def superuser(self) -> bool:
        """Superuser power: the user's flag, and a full-access key when a key is used."""
        return self.state.is_superuser(self.user, self.api_key)

    @property
    def schema_superuser(self) -> bool:
        """Schema selection reads the user row's flag, not the key-restricted one."""
        return bool(self.user["superuser"])

    def crafty(self) -> set:
        return self.state.crafty_permissions(self.user, self.api_key)

    def servers(self) -> list:
        return self.state.authorized_servers(self.user, self.api_key)

    def can_access(self, server_id) -> bool:
        return self.state.has_access(self.user, server_id, self.api_key)

    def server_permissions(self, server_id) -> set:
        return self.state.server_permissions(self.user, server_id, self.api_key)


class Authenticator:
    def __init__(self, sim):
        self.sim = sim

    @property
    def state(self):
        return self.sim.state

    @property
    def profile(self):
        return self.sim.profile

    # ------------------------------------------------------------------ tokens

    def mint(self, user_id: int, mfa=None, token_id=None) -> str:
        claims = {"user_id": user_id, "iat": int(time.time())}
        if token_id is not None:
            claims["token_id"] = token_id
        if mfa is not None and self.profile.totp:
            claims["mfa"] = bool(mfa)
        token = jwt_encode(claims, self.state.jwt_secret)
        self.state.issued_tokens[token] = user_id
        # a token minted after a test-helper revocation works, even when the same claims (same second)
        # reproduce a revoked token string
        self.state.revoked_tokens.discard(token)
        return token

    def token_of(self, request):
        """Crafty's lookup order: ``?token=``, then ``Authorization`` (``Bearer `` stripped), then the cookie."""
        token = request.arg("token")
        if token is None and request.headers.get("Authorization"):
            value = request.headers.get("Authorization")
            token = value[7:] if value[:7].lower() == "bearer " else value
        elif token is None:
            token = request.cookie("token")
        return token

    def denied(self) -> ApiError:
        return ApiError(403, "ACCESS_DENIED", **{self.profile.error_data_key: AUTH_FAILED})

    def check(self, token):
        """(user, api_key, claims) or None: Crafty's ``authentication.check``."""
        if not token:
            return None
        try:
            claims = jwt_decode(token, self.state.jwt_secret)
        except (ValueError, TypeError):
            return None
        if token in self.state.revoked_tokens:
            return None
        user = self.state.users.get(claims["user_id"])
        if user is None:
            return None
        api_key = None
        if "token_id" in claims:
            api_key = self.state.api_keys.get(claims["token_id"])
            if api_key is None or api_key["user_id"] != user["user_id"]:
                return None
        if not int(user["valid_tokens_from"]) < claims["iat"]:
            return None
        return user, api_key, claims

    def authenticate(self, request) -> Caller:
        """The first step of every authenticated route; raises the 403 Crafty answers."""
        result = self.check(self.token_of(request))
        if result is None:
            raise self.denied()
        user, api_key, claims = result
        if self.profile.at_least(4, 4, 8):
            if not user["enabled"]:
                raise ApiError(403, "ACCESS_DENIED", ACCOUNT_DISABLED_TEXT)
            if claims.get("token_id") and claims.get("session_id"):
                raise ApiError(403, "ACCESS_DENIED", DUPLICATE_ID)
            if (self._mfa_missing(user, claims) and not self._is_totp_route(request)
                    and not claims.get("token_id") and user["username"] != ANTI_LOCKOUT_USERNAME):
                url = "/panel/edit_user_otp?id=%s" % user["user_id"]
                raise ApiError(403, "ACCESS_DENIED", "%s <br><a href='%s'>%s</a>" % (MFA_WARNING, url, "Go to MFA page"))
        return Caller(self.state, user, api_key, claims)

    def mfa_required(self, user) -> bool:
        """A superuser while ``superMFA`` is on, or a member of any role with ``mfa_required``."""
        if user["superuser"] and self.state.config.get("superMFA"):
            return True
        return any(self.state.roles[r].get("mfa_required") for r in self.state.user_role_ids(user["user_id"]))

    def _mfa_missing(self, user, claims) -> bool:
        return self.mfa_required(user) and not claims.get("mfa")

    @staticmethod
    def _is_totp_route(request) -> bool:
        """The MFA exemption only matches with the trailing slash (quirk 9)."""
        if request.method == "POST" and TOTP_POST_ROUTES.match(request.path):
            return True
        return request.method == "GET" and bool(TOTP_RENEW_ROUTE.match(request.path))

    # ------------------------------------------------------------------ TOTP

    def verify_totp(self, user_id, code) -> bool:
        """A user's TOTP code: any of their verified secrets, single use for 60 s, skew per config."""
        now = time.time()
        self.state.used_totp = {k: t for k, t in self.state.used_totp.items() if now - t < TOTP_REUSE_SECONDS}
        code = str(code)
        if (user_id, code) in self.state.used_totp:
            return False
        window = 1 if self.state.config.get("enable_otp_skew") else 0
        for row in self.state.totp.values():
            if row["user_id"] == user_id and pyotp.TOTP(row["totp_secret"]).verify(code, valid_window=window):
                self.state.used_totp[(user_id, code)] = now
                return True
        return False

    def user_has_totp(self, user_id) -> bool:
        return any(row["user_id"] == user_id for row in self.state.totp.values())

    # ------------------------------------------------------------------ routes

    def login(self, request, sim):
        """``POST /api/v2/auth/login`` (API.md 2.1, quirk 24)."""
        data = request.json_body()
        error = sim.schemas.first_error("login", data)
        if error is not None:
            if self.profile.at_least(4, 4, 8):
                raise ApiError(400, "INCORRECT_CREDENTIALS", LOGIN_INCORRECT)
            raise ApiError(400, "INVALID_JSON_SCHEMA", str(error))
        # Crafty checks the cool-down under the peer address but records failures under get_remote_ip()
        # (X-Real-IP / X-Forwarded-For first): behind a proxy that sets them the lock-out never starts
        ip = request.remote_ip()
        if self.profile.login_lockout:
            cooldown = self._cooldown(request.client_ip)
            if cooldown:
                raise ApiError(429, "TOO_MANY_ATTEMPTS", COOLDOWN_TEXT, cooldown_time=cooldown)
        username = data["username"].lower() if self.profile.at_least(4, 4, 8) else data["username"]
        user = self.state.user_by_name(username)
        if user is None:
            self._failed(ip)
            raise self._incorrect(401, unknown_user=True)
        if not user["enabled"]:
            extra = {"error_data": "ACCOUNT DISABLED"} if self.profile.at_least(4, 4, 8) else {}
            raise ApiError(403, "ACCOUNT_DISABLED", token=None, **extra)
        password_ok = user["password"] is not None and hmac.compare_digest(str(user["password"]), data["password"])
        result, mfa, burned = self._second_factor(user, data, password_ok)
        if not result:
            self._failed(ip)
            raise self._incorrect(401)
        user["last_ip"] = request.remote_ip()
        user["last_login"] = datetime.datetime.now().strftime("%m/%d/%Y, %H:%M:%S")
        payload = {"token": self.mint(user["user_id"], mfa=mfa if self.profile.totp else None),
                   "user_id": str(user["user_id"])}
        if self.profile.at_least(4, 4, 8):
            payload["page"] = "/panel/dashboard"
            if burned:
                payload["warning"] = BURNED_BACKUP_CODE
        response = ok(payload)
        if self.profile.at_least(4, 4, 8):
            days = int(self.state.config.get("cookie_expire") or 5)
            expires = datetime.datetime.utcnow() + datetime.timedelta(days=days)
            response.header("Set-Cookie", "token=%s; expires=%s; Path=/" % (
                payload["token"], expires.strftime("%a, %d %b %Y %H:%M:%S GMT")))
        return response

    def _second_factor(self, user, data, password_ok):
        """(login ok, mfa claim, backup code burned) following the 4.4.8 handler's branches."""
        if not self.profile.totp:
            return password_ok, None, False
        totp_enabled = self.user_has_totp(user["user_id"])
        totp, backup_code = data.get("totp"), data.get("backup_code")
        if totp_enabled and not totp and backup_code:
            wanted = str(backup_code).replace("-", "").lower()
            codes = self.state.recovery_codes.get(user["user_id"], [])
            if wanted in codes:
                codes.remove(wanted)
                return password_ok, True, True
            return False, False, False
        if totp_enabled and totp:
            totp_ok = self.verify_totp(user["user_id"], totp)
            return password_ok and totp_ok, totp_ok, False
        if not totp_enabled and not totp and not backup_code:
            return password_ok, False, False
        return False, False, False

    def _incorrect(self, status, unknown_user=False) -> ApiError:
        if self.profile.at_least(4, 4, 8):
            return ApiError(status, "INCORRECT_CREDENTIALS", LOGIN_INCORRECT)
        if unknown_user:  # before 4.4.8 the unknown-user branch also sends "token": null
            return ApiError(status, "INCORRECT_CREDENTIALS", token=None)
        return ApiError(status, "INCORRECT_CREDENTIALS")

    def _failed(self, ip) -> None:
        self.state.login_failures.setdefault(ip, []).append(time.time())

    def _cooldown(self, ip):
        """The 4.4.8 lock-out: failures in the last 3 minutes reach max_login_attempts -> 5 minutes of 429."""
        now = time.time()
        recent = [t for t in self.state.login_failures.get(ip, []) if t >= now - LOCKOUT_WINDOW]
        limit = self.state.config.get("max_login_attempts", 3)
        until = self.state.cooldowns.get(ip)
        if len(recent) >= limit and not (until and until > now):
            self.state.cooldowns[ip] = until = now + LOCKOUT_SECONDS
        if until and until > now:
            minutes, seconds = divmod(int(until - now), 60)
            return "%02d:%02d" % (minutes, seconds)
        return None

    def invalidate_tokens(self, request, sim):
        caller = self.authenticate(request)
        self.invalidate_user(caller.user)
        return ok(with_data=False)

    def invalidate_user(self, user) -> None:
        """What the route does: every token of the user minted up to this second dies (quirk 20)."""
        user["valid_tokens_from"] = float(time.time())
