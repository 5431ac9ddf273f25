# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``CraftySimulator``: the public object, request pipeline, request log, faults and control endpoints."""
from __future__ import annotations

import dataclasses
import datetime
import json
import sys
import threading
import time
import traceback
import uuid
from typing import Optional

import pyotp

from ..common import BIND_HOST, serve
from . import (
    routes_backups, routes_core, routes_files, routes_roles, routes_servers, routes_tasks, routes_users, routes_webhooks,
)
from .auth import Authenticator
from .context import Context
from .framework import ApiError, Crash, HeaderDict, Request, Response, Router, dump_json, handler_not_found, method_not_allowed
from .profiles import Profile
from .schemas import SchemaBook
from .state import (
    CRAFTY_PERMISSIONS, DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, FULL_SERVER_MASK, State, mask_from_names,
    normalise_server_mask,
)
from .routes_users import add_key_row, new_recovery_codes

SERVER_VERSION = "TornadoServer/6.4"
TORNADO_404 = b"<html><title>404: Not Found</title><body>404: Not Found</body></html>"


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

    def as_dict(self) -> dict:
        return {"method": self.method, "path": self.path, "query": dict(self.query), "status": self.status,
                "body": self.body, "injected": self.injected}


@dataclasses.dataclass
class Fault:
    status: int
    remaining: int
    retry_after: Optional[int] = None
    method: Optional[str] = None
    path_prefix: Optional[str] = None
    code: Optional[str] = None
    detail: Optional[str] = None
    delay: float = 0.0
    drop: bool = False

    def matches(self, request) -> bool:
        if self.remaining <= 0:
            return False
        if self.method is not None and self.method.upper() != request.method:
            return False
        return self.path_prefix is None or request.path.startswith(self.path_prefix)


class CraftySimulator:
    """A stateful fake of the Crafty Controller 4 API v2 for one version profile.

    ``version``: ``"4.0.8"``, ``"4.3"``, ``"4.4"`` (reports 4.4.7), ``"4.4.8"`` or any ``4.x.y``.
    """

    #: knobs settable through ``POST /__sim/config`` (besides ``crafty_config``)
    KNOBS = ("list_schedules", "invalidate_on_password_change", "webhook_failure", "show_errors")

    def __init__(self, version: str = "4.4.8", seed: bool = True, show_errors: bool = True):
        self.profile = Profile.for_version(version)
        self.schemas = SchemaBook(self.profile)
        self.state = State(self.profile, seed=seed)
        self.auth = Authenticator(self)
        self.router = Router()
        for module in (routes_core, routes_users, routes_servers, routes_backups, routes_files, routes_tasks,
                       routes_webhooks, routes_roles):
            module.register(self.router, self.profile)
        routes_core.register_tail(self.router, self.profile)
        #: Non-standard: ``GET /servers/{id}/tasks`` lists schedules instead of the real 500 (quirk 1).
        self.list_schedules = False
        #: Not what Crafty does (its API PATCH leaves valid_tokens_from alone); set True to model a panel that does.
        self.invalidate_on_password_change = False
        #: Make ``POST /servers/{id}/webhook/{id}`` (test fire) fail like an unreachable provider (500 WEBHOOK ERROR).
        self.webhook_failure = None
        #: Crafty's ``show_errors`` (config.json, true by default): a 500 is a text/plain Python traceback;
        #: False gives Tornado's HTML page instead.
        self.show_errors = show_errors
        self.requests = []
        self.errors = []
        self.crashes = []
        self._faults = []
        self._log_lock = threading.RLock()
        self._httpd = None
        self._thread = None
        self.url = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def version(self) -> str:
        return self.profile.version

    def start(self, port: int = 0) -> str:
        """Bind 127.0.0.1 (``port`` 0 = any free port), serve in a daemon thread, return the base URL."""
        if self._httpd is None:
            self._httpd, self._thread, self.url = serve(self, port, SERVER_VERSION, "crafty-simulator")
        return self.url

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def reset(self, seed: bool = True) -> None:
        """Back to the seed state; clears the request log, faults and recorded crashes."""
        with self.state.lock:
            self.state.reset(seed)
        with self._log_lock:
            self.requests, self._faults, self.errors, self.crashes = [], [], [], []

    # ------------------------------------------------------------------ log and faults

    def writes(self) -> list:
        """Logged requests that are not reads (login counts: it writes last_login)."""
        with self._log_lock:
            return [r for r in self.requests if r.method not in ("GET", "HEAD", "OPTIONS")]

    def clear_log(self) -> None:
        with self._log_lock:
            self.requests = []

    def inject_fault(self, status=429, count=3, retry_after=None, method=None, path_prefix=None, code=None,
                     detail=None, delay=0.0, drop=False) -> None:
        """The next ``count`` matching API requests fail: ``status`` with Crafty's body for it, or ``drop``
        the connection; ``delay`` seconds first. Control endpoints are never affected."""
        with self._log_lock:
            self._faults.append(Fault(int(status), int(count), retry_after, method, path_prefix, code, detail,
                                      float(delay), bool(drop)))

    def clear_faults(self) -> None:
        with self._log_lock:
            self._faults = []

    def _take_fault(self, request):
        with self._log_lock:
            for fault in self._faults:
                if fault.matches(request):
                    fault.remaining -= 1
                    taken = dataclasses.replace(fault)
                    self._faults = [f for f in self._faults if f.remaining > 0]
                    return taken
        return None

    def _fault_response(self, fault) -> Response:
        if fault.status == 500 and not fault.code:
            response = self._crash_response(Crash("Exception", fault.detail or "injected by the simulator"))
        elif fault.status in (502, 503, 504) and not fault.code:
            text = "<html><body><h1>%d</h1>upstream unavailable</body></html>" % fault.status
            response = Response(fault.status, text.encode(), "text/html")
        else:
            defaults = {400: "NOT_AUTHORIZED", 401: "INCORRECT_CREDENTIALS", 403: "ACCESS_DENIED",
                        404: "API_HANDLER_NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 429: "TOO_MANY_ATTEMPTS"}
            error = ApiError(fault.status, fault.code or defaults.get(fault.status, "INJECTED_FAULT"),
                             fault.detail or "injected by the simulator")
            response = error.response()
        if fault.retry_after is not None:
            response.header("Retry-After", str(fault.retry_after))
        return response

    # ------------------------------------------------------------------ request handling

    def handle(self, method: str, target: str, headers, body: bytes, client_ip: str = BIND_HOST):
        """Process one HTTP request (used by the HTTP layer; callable directly in tests)."""
        request = Request(method, target, HeaderDict(headers or {}), body or b"", client_ip)
        if request.path == "/__sim" or request.path.startswith("/__sim/"):
            return self._control(request)
        fault = self._take_fault(request)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.drop:
                self._record(request, Response(0), injected=True)
                return None
            response = self._fault_response(fault)
            self._record(request, response, injected=True)
            return response
        response = self._dispatch(request)
        self._record(request, response, injected=False)
        return response

    def _dispatch(self, request) -> Response:
        with self.state.lock:
            try:
                route, params = self.router.resolve(request.path)
                if route is None:
                    if request.path.startswith("/api/v2/"):
                        raise handler_not_found(request.path[len("/api/v2/"):], self.profile)
                    return Response(404, TORNADO_404, "text/html; charset=UTF-8")
                if request.method == "OPTIONS":
                    return Response.empty(204)
                handler = route.handler.get(request.method)
                if handler is None:
                    raise method_not_allowed(self.profile)
                return handler(Context(self, request), *params)
            except ApiError as error:
                return error.response()
            except Crash as crash:
                with self._log_lock:
                    self.crashes.append("%s %s: %s" % (request.method, request.path, crash.reason))
                return self._crash_response(crash)
            except Exception as exc:  # pylint: disable=broad-except
                text = traceback.format_exc()
                with self._log_lock:
                    self.errors.append("%s %s\n%s" % (request.method, request.target, text))
                sys.stderr.write("crafty simulator: unhandled error for %s %s\n%s" % (request.method, request.target, text))
                # the answer names the exception but none of this machine's paths
                return self._crash_response(Crash(type(exc).__name__, str(exc)))

    def _crash_response(self, crash) -> Response:
        """Tornado's answer to an unhandled exception: the traceback (``show_errors``) or its HTML page."""
        if self.show_errors:
            return Response.traceback_500(crash)
        return Response.html_500()

    def _record(self, request, response, injected) -> None:
        entry = RecordedRequest(
            method=request.method, path=request.path, query=dict(request.query_flat), status=response.status,
            body=request.parsed_body(), headers=HeaderDict(request.headers), response=response.payload,
            raw_body=request.body, injected=injected, timestamp=time.time())
        with self._log_lock:
            self.requests.append(entry)

    # ------------------------------------------------------------------ events (webhooks, backups)

    def fire_event(self, server, event: str, **variables) -> None:
        """Record a delivery for each enabled webhook of ``server`` whose triggers include ``event``."""
        for hook in self.state.webhooks.values():
            if str(hook["server_id"]) != str(server["server_id"]) or not hook["enabled"]:
                continue
            if event in [t for t in hook["trigger"].split(",") if t]:
                self.state.webhook_deliveries.append({"webhook_id": hook["id"], "event": event, "url": hook["url"],
                                                      "test": False, "variables": variables})

    def run_backup(self, server, backup_id=None) -> str:
        """Take a backup now (state only): an archive name under the config's list."""
        stamp = datetime.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        if self.profile.multi_backup:
            configs = [b for b in self.state.backups.values() if str(b["server_id"]) == str(server["server_id"])]
            config = next((b for b in configs if b["backup_id"] == backup_id), None) if backup_id else \
                next((b for b in configs if b["default"]), None)
            if config is None:
                raise Crash.does_not_exist("Backups", "app.classes.models.management", key="backup_id",
                                           value=backup_id)
            key, max_backups = config["backup_id"], config["max_backups"]
        else:
            key, max_backups = server["server_id"], self.state.single_backup_config(server["server_id"])["max_backups"]
        name = "%s.zip" % stamp
        archives = self.state.archives.setdefault(key, [])
        suffix = 1
        while name in archives:
            suffix += 1
            name = "%s-%d.zip" % (stamp, suffix)
        archives.append(name)
        if max_backups and len(archives) > max_backups:
            del archives[: len(archives) - max_backups]
        self.fire_event(server, "backup_server", backup_name=name)
        return name

    def reimport_server(self, server) -> dict:
        """A restore (not in place): Crafty imports the archive as a new server, moves the schedules and
        backup configurations to it and removes the old server (its role links and webhooks go with it)."""
        state = self.state
        old_id = server["server_id"]
        generated = ("server_id", "created", "server_uuid", "path", "backup_path", "server_name")
        fields = {k: v for k, v in server.items() if k not in generated}
        fields.pop("type", None)
        executable, port, ip = fields.pop("executable"), fields.pop("server_port"), fields.pop("server_ip")
        stop, created_by = fields.pop("stop_command"), fields.pop("created_by", -100)
        new = state.add_server(server["server_name"], server_type=server["type"], executable=executable, port=port,
                               ip=ip, stop_command=stop, created_by=created_by, **fields)
        new_id = new["server_id"]
        for row in state.schedules.values():
            if str(row["server_id"]) == str(old_id):
                row["server_id"] = new_id
                if row.get("interval_type") != "reaction":
                    row["parent"] = None
        if self.profile.multi_backup:
            for backup_id in [b for b, row in state.backups.items() if str(row["server_id"]) == str(new_id)]:
                del state.backups[backup_id]  # the fresh default; the old server's configs move instead
            for backup_id, row in list(state.backups.items()):
                if str(row["server_id"]) == str(old_id):
                    copy = dict(row, server_id=new_id)
                    copy["backup_location"] = str(row["backup_location"]).replace(str(old_id), str(new_id))
                    del copy["backup_id"]
                    moved = state.add_backup_config(new_id, **{k: v for k, v in copy.items() if k != "server_id"})
                    state.archives[moved["backup_id"]] = state.archives.pop(backup_id, [])
        elif old_id in state.backup_single:
            state.backup_single[new_id] = dict(state.backup_single[old_id], server_id=new_id)
            state.archives[new_id] = state.archives.pop(old_id, [])
        state.files[new_id] = state.files[old_id].copy(new["path"])  # the archive holds the folder
        state.delete_server(old_id)
        return new

    # ------------------------------------------------------------------ seeding helpers

    def add_user(self, username, password, superuser=False, roles=(), permissions=None, enabled=True,
                 email="default@example.com", lang="en_EN", manager=None, **extra) -> dict:
        """A user who can log in at once. ``roles``: names or ids; ``permissions``: crafty permission names,
        or ``{name: limit}`` (a limit of -1 is unlimited)."""
        with self.state.lock:
            if isinstance(manager, str):
                manager = self.state.user_by_name(manager)["user_id"]
            row = self.state.add_user(username, password, superuser=superuser, enabled=enabled, email=email,
                                      lang=lang, manager=manager, **extra)
            for role in roles:
                self.state.add_user_role(row["user_id"], self._role_id(role))
            if permissions is not None:
                if isinstance(permissions, str) and set(permissions) <= {"0", "1"} and len(permissions) == 3:
                    mask, limits = permissions, {}
                else:
                    limits = dict(permissions) if isinstance(permissions, dict) else {p: 0 for p in permissions}
                    limits = {str(k).upper(): v for k, v in limits.items()}
                    mask = mask_from_names(limits, CRAFTY_PERMISSIONS)
                self.state.set_crafty_permissions(row["user_id"], mask, limits)
            return dict(row)

    def add_role(self, name, servers=None, manager=None, mfa_required=False, users=()) -> dict:
        """``servers``: ``{server_id: "10000010" or ["commands", "config"]}``; the name is stored as given."""
        with self.state.lock:
            if isinstance(manager, str):
                manager = self.state.user_by_name(manager)["user_id"]
            row = self.state.add_role(name, manager=manager, mfa_required=mfa_required, lower=False)
            for server_id, mask in (servers or {}).items():
                server = self.state.find_server(server_id)
                if server is None:
                    raise ValueError("no server %r" % (server_id,))
                self.state.set_role_server(row["role_id"], server["server_id"], normalise_server_mask(mask))
            for user in users:
                self.state.add_user_role(self._user_id(user), row["role_id"])
            return dict(row)

    def add_server(self, name, running=False, **fields) -> dict:
        """A server row (with its default backup config on 4.4.1+); extra fields override the defaults."""
        with self.state.lock:
            row = self.state.add_server(name, **fields)
            self.state.server_status[row["server_id"]]["running"] = bool(running)
            return dict(row)

    def add_api_key(self, username, name=None, server_permissions=FULL_SERVER_MASK, crafty_permissions="111",
                    full_access=True) -> str:
        """Create an API key for ``username`` and return a token for it."""
        with self.state.lock:
            user_id = self._user_id(username)
            row = add_key_row(self.state, user_id, name or "key-%s" % uuid.uuid4().hex[:8],
                              normalise_server_mask(server_permissions), crafty_permissions, full_access)
            return self.auth.mint(user_id, token_id=row["token_id"])

    def enable_totp(self, username, name="authenticator") -> str:
        """Enrol a verified TOTP method for ``username``; returns its base32 secret (4.4.8+)."""
        if not self.profile.totp:
            raise ValueError("Crafty %s has no TOTP (4.4.8+)" % self.profile.version)
        with self.state.lock:
            user_id = self._user_id(username)
            totp_id = str(uuid.uuid4())
            secret = pyotp.random_base32()
            self.state.totp[totp_id] = {"id": totp_id, "user_id": user_id, "name": name, "totp_secret": secret}
            new_recovery_codes(self.state, user_id)
            return secret

    def recovery_codes(self, username) -> list:
        """Fresh backup codes for a TOTP user (``XXXX-XXXX-XXXX-XXXX``)."""
        with self.state.lock:
            return new_recovery_codes(self.state, self._user_id(username))

    def invalidate_tokens(self, username) -> None:
        """Every token issued so far to ``username`` (sessions and API keys) stops working; tokens minted
        afterwards work, even in the same second (the API route is second-granular, quirk 20)."""
        with self.state.lock:
            user_id = self._user_id(username)
            for token, owner in self.state.issued_tokens.items():
                if owner == user_id:
                    self.state.revoked_tokens.add(token)

    def login(self, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD) -> str:
        """A session token without an HTTP round trip (not logged)."""
        with self.state.lock:
            user = self.state.user_by_name(username)
            if user is None or user["password"] != password:
                raise ValueError("wrong credentials for %r" % username)
            return self.auth.mint(user["user_id"], mfa=False if self.profile.totp else None)

    def connection_env(self) -> dict:
        """The GAMEOPS_* variables that point a playbook at this simulator as the default admin."""
        return {"GAMEOPS_PANEL_TYPE": "crafty", "GAMEOPS_PANEL_URL": self.url or "",
                "GAMEOPS_PANEL_USERNAME": DEFAULT_ADMIN_USERNAME, "GAMEOPS_PANEL_PASSWORD": DEFAULT_ADMIN_PASSWORD}

    def _user_id(self, user) -> int:
        if isinstance(user, int):
            return user
        row = self.state.user_by_name(str(user))
        if row is None:
            raise ValueError("no user %r" % user)
        return row["user_id"]

    def _role_id(self, role) -> int:
        if isinstance(role, int):
            return role
        row = self.state.role_by_name(str(role))
        if row is None:
            raise ValueError("no role %r" % role)
        return row["role_id"]

    # ------------------------------------------------------------------ control endpoints

    def config(self) -> dict:
        values = {name: getattr(self, name) for name in self.KNOBS}
        values["version"] = self.profile.version
        values["crafty_config"] = dict(self.state.config)
        return values

    def _control(self, request) -> Response:
        path = request.path.rstrip("/")
        try:
            body = json.loads(request.body.decode("utf-8")) if request.body.strip() else {}
        except ValueError:
            return _plain(400, {"error": "malformed JSON"})
        if not isinstance(body, dict):
            body = {}
        try:
            return self._control_route(path, request.method, body)
        except (TypeError, ValueError, KeyError) as exc:
            return _plain(400, {"error": str(exc)})

    def _control_route(self, path, method, body) -> Response:  # pylint: disable=too-many-return-statements
        if path == "/__sim/requests" and method == "GET":
            with self._log_lock:
                return _plain(200, [r.as_dict() for r in self.requests])
        if path == "/__sim/clear-log" and method == "POST":
            self.clear_log()
            return Response.empty(204)
        if path == "/__sim/config" and method in ("GET", "POST"):
            for name in self.KNOBS:
                if name in body:
                    setattr(self, name, body[name])
            if isinstance(body.get("crafty_config"), dict):
                with self.state.lock:
                    self.state.config.update(body["crafty_config"])
            return _plain(200, self.config())
        if path == "/__sim/faults" and method == "POST":
            self.inject_fault(**body)
            return Response.empty(204)
        if path == "/__sim/faults" and method == "DELETE":
            self.clear_faults()
            return Response.empty(204)
        if path == "/__sim/state" and method == "GET":
            with self.state.lock:
                return _plain(200, self.state.dump())
        if path == "/__sim/reset" and method == "POST":
            self.reset(seed=body.get("seed", True))
            return Response.empty(204)
        if path == "/__sim/users" and method == "POST":
            user = self.add_user(**body)
            return _plain(201, {k: v for k, v in user.items() if k != "password"})
        if path == "/__sim/roles" and method == "POST":
            return _plain(201, self.add_role(**body))
        if path == "/__sim/servers" and method == "POST":
            return _plain(201, self.add_server(**body))
        if path == "/__sim/api-keys" and method == "POST":
            return _plain(201, {"token": self.add_api_key(**body)})
        if path == "/__sim/totp" and method == "POST":
            return _plain(201, {"secret": self.enable_totp(**body)})
        if path == "/__sim/invalidate-tokens" and method == "POST":
            self.invalidate_tokens(**body)
            return Response.empty(204)
        return _plain(404, {"error": "unknown simulator control endpoint"})


def _plain(status: int, payload) -> Response:
    return Response(status, dump_json(payload), "application/json", payload)


__all__ = ["CraftySimulator", "RecordedRequest"]
