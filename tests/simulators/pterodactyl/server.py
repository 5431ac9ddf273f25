# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP server, the request pipeline (the panel's middleware order) and the public simulator object."""
from __future__ import annotations

import dataclasses
import fnmatch
import ipaddress
import json
import math
import sys
import threading
import time
import traceback
from typing import Optional

from ..common import BIND_HOST, serve
from . import application, client_api
from .context import Context
from .helpers import find_record
from .framework import (
    GENERIC_500_DETAIL, HTTP_REASONS, MODEL_NOT_FOUND_DETAIL, HeaderDict, PanelError, Request, Response,
    Router, access_denied, bad_request, empty_response, model_not_found, render_error, server_error,
    unauthenticated,
)
from .state import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY, IDENTIFIER_LENGTH, TOKEN_SECRET_LENGTH, State, decode_hashid, random_string
from .transformers import mysql_equals

MSG_NOT_ADMIN = "This account does not have permission to access the API."
MSG_TWO_FACTOR = "Two-factor authentication is required on this account in order to access this endpoint."
MSG_MALFORMED_JSON = "The JSON data passed in the request appears to be malformed: %s"

#: Sanctum's default ``SANCTUM_STATEFUL_DOMAINS`` (the panel's own host:port is added per request).
STATEFUL_DOMAINS = ("localhost", "localhost:3000", "127.0.0.1", "127.0.0.1:8000", "::1")
SESSION_COOKIE = "pterodactyl_session"

_FAULT_DEFAULTS = {
    400: ("BadRequestHttpException", "Bad Request"),
    401: ("AuthenticationException", "Unauthenticated."),
    403: ("AccessDeniedHttpException", "This action is unauthorized."),
    404: ("NotFoundHttpException", MODEL_NOT_FOUND_DETAIL),
    409: ("ConflictHttpException", "Conflict"),
    500: ("ErrorException", GENERIC_500_DETAIL),
}


@dataclasses.dataclass
class RecordedRequest:
    """One API request as the simulator saw it (control endpoints under ``/__sim/`` are not recorded)."""

    method: str
    path: str
    query: dict
    status: int
    body: object
    headers: dict
    response: object = None
    raw_body: bytes = b""
    injected: bool = False
    timestamp: float = 0.0
    #: ``METHOD /template`` of the route that served it (``None`` when no route matched)
    route: Optional[str] = None
    #: the answer's Content-Type and raw body
    content_type: Optional[str] = None
    response_body: bytes = b""

    def as_dict(self) -> dict:
        return {"method": self.method, "path": self.path, "query": dict(self.query), "status": self.status,
                "body": self.body, "injected": self.injected}


@dataclasses.dataclass
class Fault:
    status: int
    remaining: int
    retry_after: int = 1
    method: Optional[str] = None
    path_prefix: Optional[str] = None
    code: Optional[str] = None
    detail: Optional[str] = None

    def matches(self, request) -> bool:
        if self.remaining <= 0:
            return False
        if self.method is not None and self.method.upper() != request.method:
            return False
        if self.path_prefix is not None and not request.path.startswith(self.path_prefix):
            return False
        return True


class PterodactylSimulator:
    """A stateful fake of the Pterodactyl 1.11 panel API.

    ``app_keys`` maps extra tokens to ``{"user_id": int, "acl": {"servers": 3, ...}}`` (``acl``
    omitted = full access; ``ptlc_`` tokens become account keys). Optional per-key entries:
    ``allowed_ips`` (list of IPs/CIDRs) and ``expires_at`` (aware ``datetime``).
    """

    def __init__(self, app_keys=None, rate_limit_per_minute=None, max_page_size=None, seed=True,
                 rate_limit_window=60):
        self.state = State(seed=seed)
        self.router = Router()
        application.register(self.router)
        client_api.register(self.router)
        self.rate_limit_per_minute = rate_limit_per_minute
        #: Client API bucket limit; ``None`` = 720 when ``rate_limit_per_minute`` is set, else off.
        self.client_rate_limit_per_minute = None
        #: Seconds until Wings reports a new backup as finished (checked at the start of each request).
        self.backup_duration = 0
        #: What Wings reports for a finished backup: "success", "failed" or "pending" (never reports).
        self.backup_outcome = "success"
        #: ``(limit, period_seconds)`` of the backup-creation throttle, or ``None`` to disable it.
        self.backup_throttle = (2, 600)
        #: Seconds until Wings reports a backup restore as finished.
        self.restore_duration = 0
        #: Accepted TOTP drift in 30-second steps either side of now.
        self.totp_window = 1
        #: Panel feature ``PTERODACTYL_CLIENT_ALLOCATIONS_ENABLED`` (client allocation auto-assignment).
        self.client_allocations_enabled = False
        self.rate_limit_window = rate_limit_window
        self.max_page_size = max_page_size
        #: Panel setting ``2fa_required``: 0 off, 1 admins, 2 everyone.
        self.two_factor_required = 0
        #: What Wings reports after a (re)install: "success" (status null), "failed" or "pending".
        self.install_outcome = "success"
        #: Simulate an unreachable Wings daemon (node PATCH 400, server create/suspend/reinstall/delete 504).
        self.wings_offline = False
        #: Seconds a power signal takes on Wings: ``starting`` / ``stopping`` before ``running`` / ``offline``.
        self.power_transition_seconds = 0
        #: Reads of a server's resources that still answer with the state from before its last power signal.
        #: The panel caches Wings' answer for 20 s and a signal does not clear it; counting reads instead of
        #: seconds keeps tests fast and independent of the machine's speed.
        self.stale_state_reads = 0
        self.stale_state = {}
        #: ``pterodactyl.client_features.databases.enabled`` / ``.allow_random`` (both on by default).
        self.client_databases_enabled = True
        self.client_databases_allow_random = True
        #: ``activity.hide_admin_activity``: hide root admins who are not on the server from its activity.
        self.hide_admin_activity = False
        #: What ``files/pull`` can "download": URL -> bytes (the simulator sends nothing to other hosts).
        self.remote_files = {}
        #: Answer file errors as Wings 1.11.8 and earlier (404 for a missing path or one outside the server,
        #: 400 for a folder read as a file) instead of Wings 1.11.9+ (500 for each); see ``wings_files``.
        self.wings_legacy_errors = False
        #: Per-route throttles (``files/pull``): key -> (window start, count).
        self.route_buckets = {}
        self.requests = []
        self.errors = []
        self._faults = []
        self._buckets = {}
        self._log_lock = threading.RLock()
        self._httpd = None
        self._thread = None
        self.url = None
        self._app_keys = dict(app_keys or {})
        self._register_keys()

    # ------------------------------------------------------------------ lifecycle

    def _register_keys(self) -> None:
        for token, spec in self._app_keys.items():
            spec = dict(spec or {})
            self.state.add_api_key(token, spec.pop("user_id", 1), acl=spec.pop("acl", None), **spec)

    def start(self, port: int = 0) -> str:
        """Bind 127.0.0.1 (``port`` 0 = any free port), serve in a daemon thread, return the base URL."""
        if self._httpd is not None:
            return self.url
        self._httpd, self._thread, self.url = serve(self, port, "PterodactylSimulator/1.11", "pterodactyl-simulator")
        return self.url

    def connection_env(self) -> dict:
        """The ``GAMEOPS_*`` variables that point the modules at this simulator (its default keys)."""
        if self.url is None:
            raise RuntimeError("start() the simulator first")
        return {
            "GAMEOPS_PANEL_TYPE": "pterodactyl",
            "GAMEOPS_PANEL_URL": self.url,
            "GAMEOPS_API_KEY": DEFAULT_APP_KEY,
            "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY,
        }

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def reset(self, seed=True) -> None:
        """Back to the seed state (``seed``: True, False or ``"bare"``, see ``State.reset``); clears the
        request log, faults and rate-limit buckets."""
        with self.state.lock:
            self.state.reset(seed=seed)
            self._register_keys()
        with self._log_lock:
            self.requests = []
            self._faults = []
            self._buckets = {}
            self.stale_state = {}
            self.route_buckets = {}

    # ------------------------------------------------------------------ test helpers

    def writes(self) -> list:
        with self._log_lock:
            return [r for r in self.requests if r.method not in ("GET", "HEAD")]

    def clear_log(self) -> None:
        with self._log_lock:
            self.requests = []

    def add_user(self, username, email=None, first_name="Seed", last_name="User", root_admin=False,
                 external_id=None, **extra) -> dict:
        with self.state.lock:
            return self.state.add_user(username, email=email, first_name=first_name, last_name=last_name,
                                       root_admin=root_admin, external_id=external_id, **extra)

    def add_database_host(self, name, host="127.0.0.1", port=3306, username="pterodactyl", password="secret",
                          max_databases=None, node_id=None) -> dict:
        """A database host, as an admin adds one in the admin area (the panel's APIs have no route for
        it). ``node_id`` links it to a node: client database creation prefers a host on the server's node
        and takes any host only when ``client_databases_allow_random`` is on."""
        with self.state.lock:
            return self.state.add_database_host(name, host=host, port=port, username=username, password=password,
                                                max_databases=max_databases, node_id=node_id)

    def add_api_key(self, token, user_id=1, acl=None, **extra) -> dict:
        with self.state.lock:
            self._app_keys[token] = dict(extra, user_id=user_id, acl=acl)
            return self.state.add_api_key(token, user_id, acl=acl, **extra)

    def add_client_key(self, user_id=1, token=None, **extra) -> str:
        """Register a client (``ptlc_``) key for ``user_id``; returns the 48-character token."""
        if token is None:
            token = "ptlc_" + random_string(IDENTIFIER_LENGTH - 5) + random_string(TOKEN_SECRET_LENGTH)
        self.add_api_key(token, user_id=user_id, **extra)
        return token

    def inject_fault(self, status=429, count=3, retry_after=1, method=None, path_prefix=None, code=None, detail=None) -> None:
        """The next ``count`` matching API requests answer ``status`` with the panel's error body for it."""
        with self._log_lock:
            self._faults.append(Fault(int(status), int(count), int(retry_after), method, path_prefix, code, detail))

    def clear_faults(self) -> None:
        with self._log_lock:
            self._faults = []

    # ------------------------------------------------------------------ request handling

    def handle(self, method: str, target: str, headers: HeaderDict, body: bytes, client_ip: str = BIND_HOST) -> Response:
        """Process one HTTP request (used by the HTTP handler; callable directly in tests)."""
        if not isinstance(headers, HeaderDict):
            headers = HeaderDict(headers or {})
        host = headers.get("Host") or (self.url or "http://%s" % BIND_HOST).split("://", 1)[1]
        request = Request(method, target, headers, body or b"", "http://" + host, client_ip)
        if request.path == "/__sim" or request.path.startswith("/__sim/"):
            return self._control(request)
        injected = False
        try:
            fault = self._take_fault(request)
            if fault is not None:
                injected = True
                response = render_error(self._fault_error(fault), request)
            else:
                response = self._dispatch(request)
        except PanelError as error:
            response = render_error(error, request)
        except Exception:  # pylint: disable=broad-except
            self._record_exception(request)
            response = render_error(server_error("Exception"), request)
        response.header("Cache-Control", "no-cache, private")
        self._record(request, response, injected)
        return response

    def _record_exception(self, request) -> None:
        text = traceback.format_exc()
        with self._log_lock:
            self.errors.append("%s %s\n%s" % (request.method, request.target, text))
        sys.stderr.write("pterodactyl simulator: unhandled error for %s %s\n%s" % (request.method, request.target, text))

    def _record(self, request, response, injected) -> None:
        payload = response.payload
        if payload is None and response.body and response.headers and "json" in dict(response.headers).get("Content-Type", ""):
            try:
                payload = json.loads(response.body.decode("utf-8"))
            except ValueError:
                payload = None
        entry = RecordedRequest(
            method=request.method, path=request.path, query=dict(request.query_flat), status=response.status,
            body=request.parsed_body(), headers=HeaderDict(request.headers), response=payload,
            raw_body=request.body, injected=injected, timestamp=time.time(),
            route=getattr(request, "route_template", None),
            content_type=dict((k.lower(), v) for k, v in response.headers).get("content-type"),
            response_body=response.body,
        )
        with self._log_lock:
            self.requests.append(entry)

    def _take_fault(self, request):
        with self._log_lock:
            for fault in self._faults:
                if fault.matches(request):
                    fault.remaining -= 1
                    result = dataclasses.replace(fault)
                    self._faults = [f for f in self._faults if f.remaining > 0]
                    return result
        return None

    def _fault_error(self, fault) -> PanelError:
        if fault.status == 429:
            limit = self.rate_limit_per_minute or 240
            headers = [
                ("X-RateLimit-Limit", str(limit)), ("X-RateLimit-Remaining", "0"),
                ("Retry-After", str(fault.retry_after)), ("X-RateLimit-Reset", str(int(time.time()) + fault.retry_after)),
            ]
            return PanelError(429, fault.code or "ThrottleRequestsException", fault.detail or "Too Many Attempts.", headers=headers)
        code, detail = _FAULT_DEFAULTS.get(fault.status, ("HttpException", HTTP_REASONS.get(fault.status, "Error")))
        headers = [("Retry-After", str(fault.retry_after))] if fault.status == 503 else []
        kind = "auth" if fault.status == 401 else "page"
        return PanelError(fault.status, fault.code or code, fault.detail or detail, headers=headers, kind=kind)

    def _dispatch(self, request) -> Response:
        with self.state.lock:
            client_api.settle(self)
            route, params = self.router.resolve(request.method, request.path, request.raw_path)
            if route is not None:
                request.route_template = "%s %s" % (route.method, route.template)
            if route is None:
                response = empty_response(200)
                response.header("Allow", ",".join(params))
                return response
            ctx = Context(self, request, route, params)
            api = route.option("api")
            if route.option("trim_input") is False:
                request.trim_input = False
            if api in ("application", "client"):
                if request.method not in ("GET", "HEAD", "OPTIONS") and self._is_stateful(request):
                    raise PanelError(419, "HttpException", "CSRF token mismatch.")
                self._authenticate(ctx)
                if request.json_error is not None:
                    raise bad_request(MSG_MALFORMED_JSON % request.json_error)
                ctx.key["last_used_at"] = self.state.now()
                self._require_two_factor(ctx)
                self._check_ip(ctx)
            self._bind(ctx)
            if api == "client":
                client_api.before(ctx)
            if api == "application" and not (ctx.user and ctx.user["root_admin"]):
                raise access_denied(MSG_NOT_ADMIN)
            rate_headers = self._throttle(ctx, api) if api in ("application", "client") else []
            try:
                acl = route.option("acl")
                if acl is not None:
                    ctx.authorize(acl[0], acl[1] == "write")
                response = route.handler(ctx)
            except PanelError as error:
                response = render_error(error, request)
            for name, value in rate_headers:
                response.header(name, value)
            return response

    # -- middleware

    @staticmethod
    def _is_stateful(request) -> bool:
        """Sanctum ``fromFrontend``: Referer/Origin on a stateful domain, or a panel session cookie."""
        cookies = request.headers.get("Cookie") or ""
        if any(part.strip().split("=", 1)[0] == SESSION_COOKIE for part in cookies.split(";")):
            return True
        domain = request.headers.get("Referer") or request.headers.get("Origin")
        if not domain:
            return False
        for scheme in ("https://", "http://"):
            if domain.startswith(scheme):
                domain = domain[len(scheme):]
                break
        if not domain.endswith("/"):
            domain += "/"
        own_host = request.base_url.split("://", 1)[1]
        return any(fnmatch.fnmatchcase(domain, pattern + "/*") for pattern in STATEFUL_DOMAINS + (own_host,))

    def _authenticate(self, ctx) -> None:
        token = ctx.request.bearer_token()
        if not token:
            raise unauthenticated()
        identifier = token[:IDENTIFIER_LENGTH]
        key = None
        for row in self.state.sorted_rows(self.state.api_keys.values()):
            if mysql_equals(row["identifier"], identifier):
                key = row
                break
        if key is None or key["token"] != token[len(identifier):]:
            raise unauthenticated()
        if key.get("expires_at") is not None and key["expires_at"] <= self.state.now():
            raise unauthenticated()
        user = self.state.users.get(key["user_id"])
        if user is None:
            raise unauthenticated()
        ctx.key = key
        ctx.user = user

    def _require_two_factor(self, ctx) -> None:
        level = int(self.two_factor_required or 0)
        if ctx.route.option("two_factor_exempt") or level == 0 or ctx.user["use_totp"]:
            return
        if level == 1 and not ctx.user["root_admin"]:
            return
        raise PanelError(400, "TwoFactorAuthRequiredException", MSG_TWO_FACTOR)

    def _check_ip(self, ctx) -> None:
        allowed = ctx.key.get("allowed_ips") or []
        if not allowed:
            return
        try:
            address = ipaddress.ip_address(ctx.request.client_ip)
        except ValueError:
            address = None
        for entry in allowed:
            try:
                if address is not None and address in ipaddress.ip_network(entry, strict=False):
                    return
            except ValueError:
                continue
        raise access_denied("This IP address (%s) does not have permission to access the API using these credentials."
                            % ctx.request.client_ip)

    def _bind(self, ctx) -> None:
        for param, table, scope in ctx.route.option("bind", ()):
            if param not in ctx.params:
                continue
            value = ctx.params[param]
            rows = self.state.table(table)
            record = find_record(rows, value)
            if record is None and scope == "hashid":
                decoded = decode_hashid(value)
                record = rows.get(decoded) if decoded is not None else None
            if record is not None and isinstance(scope, tuple):
                column, parent = scope
                if record.get(column) != ctx.bound[parent]["id"]:
                    record = None
            if record is None:
                raise model_not_found()
            ctx.bound[param] = record

    def _throttle(self, ctx, api) -> list:
        limit = self.rate_limit_per_minute
        if api == "client":
            limit = self.client_rate_limit_per_minute or (720 if limit else None)
        if not limit:
            return []
        limit = int(limit)
        window = float(self.rate_limit_window or 60)
        key = "%s:%s" % (api, ctx.user["uuid"] if ctx.user else ctx.request.client_ip)
        now = time.time()
        with self._log_lock:
            bucket = self._buckets.get(key)
            if bucket is not None and now >= bucket[0] + window:
                bucket = None
            if bucket is not None and bucket[1] >= limit:
                retry_after = max(int(math.ceil(bucket[0] + window - now)), 0)
                raise PanelError(429, "ThrottleRequestsException", "Too Many Attempts.", headers=[
                    ("X-RateLimit-Limit", str(limit)), ("X-RateLimit-Remaining", "0"),
                    ("Retry-After", str(retry_after)), ("X-RateLimit-Reset", str(int(math.ceil(bucket[0] + window)))),
                ])
            if bucket is None:
                bucket = [now, 0]
                self._buckets[key] = bucket
            bucket[1] += 1
            remaining = max(limit - bucket[1], 0)
        return [("X-RateLimit-Limit", str(limit)), ("X-RateLimit-Remaining", str(remaining))]

    # ------------------------------------------------------------------ control endpoints

    def _control(self, request) -> Response:
        path = request.path.rstrip("/")
        try:
            body = json.loads(request.body.decode("utf-8")) if request.body.strip() else {}
        except ValueError:
            return _plain_json(400, {"error": "malformed JSON"})
        if not isinstance(body, dict):
            body = {}
        try:
            if path == "/__sim/requests" and request.method == "GET":
                with self._log_lock:
                    return _plain_json(200, [r.as_dict() for r in self.requests])
            if path == "/__sim/clear-log" and request.method == "POST":
                self.clear_log()
                return empty_response(204)
            if path == "/__sim/config" and request.method in ("GET", "POST"):
                for name in ("rate_limit_per_minute", "max_page_size", "rate_limit_window", "install_outcome",
                             "two_factor_required", "wings_offline", "client_rate_limit_per_minute", "backup_duration",
                             "backup_outcome", "backup_throttle", "restore_duration", "totp_window",
                             "client_allocations_enabled", "power_transition_seconds", "stale_state_reads",
                             "client_databases_enabled", "client_databases_allow_random", "hide_admin_activity",
                             "wings_legacy_errors"):
                    if name in body:
                        setattr(self, name, body[name])
                return _plain_json(200, self.config())
            if path == "/__sim/faults" and request.method == "POST":
                self.inject_fault(**body)
                return empty_response(204)
            if path == "/__sim/faults" and request.method == "DELETE":
                self.clear_faults()
                return empty_response(204)
            if path == "/__sim/state" and request.method == "GET":
                return _plain_json(200, self.state.dump())
            if path == "/__sim/reset" and request.method == "POST":
                self.reset(seed=body.get("seed", True))
                return empty_response(204)
            if path == "/__sim/users" and request.method == "POST":
                user = self.add_user(**body)
                return _plain_json(201, {k: v for k, v in user.items() if k not in ("password", "remember_token", "totp_secret")})
            if path == "/__sim/database-hosts" and request.method == "POST":
                host = self.add_database_host(**body)
                return _plain_json(201, {k: v for k, v in host.items() if k != "password"})
            if path == "/__sim/api-keys" and request.method == "POST":
                key = self.add_api_key(**body)
                return _plain_json(201, {k: v for k, v in key.items() if k != "token"})
        except TypeError as exc:
            return _plain_json(400, {"error": str(exc)})
        return _plain_json(404, {"error": "unknown simulator control endpoint"})

    def config(self) -> dict:
        return {
            "rate_limit_per_minute": self.rate_limit_per_minute,
            "rate_limit_window": self.rate_limit_window,
            "max_page_size": self.max_page_size,
            "install_outcome": self.install_outcome,
            "two_factor_required": self.two_factor_required,
            "wings_offline": self.wings_offline,
            "client_rate_limit_per_minute": self.client_rate_limit_per_minute,
            "backup_duration": self.backup_duration,
            "backup_outcome": self.backup_outcome,
            "backup_throttle": list(self.backup_throttle) if self.backup_throttle else None,
            "restore_duration": self.restore_duration,
            "totp_window": self.totp_window,
            "client_allocations_enabled": self.client_allocations_enabled,
            "power_transition_seconds": self.power_transition_seconds,
            "stale_state_reads": self.stale_state_reads,
            "client_databases_enabled": self.client_databases_enabled,
            "client_databases_allow_random": self.client_databases_allow_random,
            "hide_admin_activity": self.hide_admin_activity,
            "wings_legacy_errors": self.wings_legacy_errors,
        }


def _plain_json(status: int, payload) -> Response:
    return Response(status, json.dumps(payload, default=str).encode("utf-8"), "application/json")


__all__ = ["PterodactylSimulator", "RecordedRequest", "DEFAULT_APP_KEY", "DEFAULT_CLIENT_KEY"]
