# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The public simulator object: request pipeline (routing, ADS proxy, sessions, parameter checks,
permissions), request log, fault injection, control endpoints and seeding helpers."""
from __future__ import annotations

import dataclasses
import json
import re
import sys
import threading
import time
import traceback
from typing import Optional
from urllib.parse import urlsplit

import pyotp

from ..common import BIND_HOST, HTTP_REASONS, serve
# Importing the handler modules registers their @api handlers.
from . import ads, backups, core, files, scheduler  # noqa: F401  pylint: disable=unused-import
from . import spec as amp_spec
from .framework import (
    INSTANCE_UNAVAILABLE, NOT_SIMULATED, UNAUTHORIZED, UNKNOWN_METHOD, VOID, ActionFailed, AmpError, Context, Response,
    failed_action, json_response, lookup, unauthorized, void_response,
)
from .state import (
    ADS_INSTANCE_ID, DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, State, iso_timestamp, legacy_timestamp,
)

API_PATH = re.compile(r"^/API/(?P<module>[A-Za-z0-9_]+)/(?P<method>[A-Za-z0-9_]+)/?$")
PROXY_PATH = re.compile(
    r"^/API/ADSModule/Servers/(?P<instance>[^/]+)/API/(?P<module>[A-Za-z0-9_]+)/(?P<method>[A-Za-z0-9_]+)/?$")

#: Calls AMP answers without a session [INFERRED]: login itself, the login page's pre-checks, and
#: GetAPISpec (the official Node client calls it before logging in, API.md §1.1).
ANONYMOUS = frozenset({("Core", "Login"), ("Core", "GetAPISpec"), ("Core", "GetAuthenticationRequirements"),
                       ("Core", "GetModuleInfo"), ("Core", "GetWebauthnChallenge"),
                       ("Core", "GetWebauthnCredentialIDs")})

#: First AMP version that takes the session as ``Authorization: Bearer`` (API.md §1.1, S3b). Before it the
#: header is not read: a call with its session only there is refused. Best-supported by the evidence, not
#: established for 2.6.0.4 (README "Decisions held to evidence", tests/unit/simulators/test_amp_evidence.py).
BEARER_SINCE = (2, 6, 2, 8)
#: Versions before this one wrapped replies as ``{"result": ...}`` (§13 quirk 6: "AMP <= 2.4").
UNWRAPPED_SINCE = (2, 5, 0, 0)
#: 2.6 changed DateTime to ISO-8601 and AMPVersion to a string (§13 quirk 20).
ISO_DATES_SINCE = (2, 6, 0, 0)


@dataclasses.dataclass
class RecordedRequest:
    """One API call as the simulator saw it (``/__sim/`` control calls are not recorded)."""

    method: str
    path: str
    module: Optional[str]
    api_method: Optional[str]
    instance: Optional[str]  # the id of the instance called through the proxy path; None for the ADS
    body: object
    status: int
    headers: dict
    response: object = None
    injected: bool = False
    timestamp: float = 0.0
    instance_name: Optional[str] = None
    note: str = ""  # why the simulator refused the call, e.g. "unknown method ..." (never sent)

    @property
    def call(self) -> str:
        return "%s/%s" % (self.module, self.api_method)

    @property
    def is_write(self) -> bool:
        return self.module is not None and not amp_spec.is_read_only(self.module, self.api_method)

    def as_dict(self) -> dict:
        return {"method": self.method, "path": self.path, "module": self.module, "api_method": self.api_method,
                "instance": self.instance, "instance_name": self.instance_name, "body": self.body,
                "status": self.status, "injected": self.injected, "write": self.is_write, "note": self.note}


@dataclasses.dataclass
class Fault:
    """An injected failure for the next ``count`` matching calls."""

    remaining: int
    status: int = 200
    title: Optional[str] = None
    message: str = ""
    reason: Optional[str] = None
    module: Optional[str] = None
    method: Optional[str] = None
    instance: Optional[str] = None  # None: any process; "ADS": the ADS only; else instance id or name
    retry_after: Optional[int] = None
    drop: bool = False
    after: bool = False  # process the call first (state changes), then answer with the fault
    delay: float = 0.0
    expire: bool = False  # end the sessions of the process called, then handle the call as usual

    def matches(self, module, method, process) -> bool:
        if self.remaining <= 0:
            return False
        if self.module is not None and self.module != module:
            return False
        if self.method is not None and self.method != method:
            return False
        if self.instance is not None:
            if process is None:
                return False
            wanted = str(self.instance)
            if wanted == "ADS":
                return process.is_ads
            if process.is_ads or wanted.lower() not in (process.id, process.instance_name.lower()):
                return False
        return True


class AMPSimulator:
    """A stateful fake of CubeCoders AMP (the ADS and its instances), built from APISpec.json.

    ``knobs``: any of ``CONFIG_KEYS`` (async_delay, unknown_method_answer, ...) set at once.
    ``version`` selects the behaviour profile (default: tests/amp_spec/AMPVersion.txt, 2.6.0.4):
    from 2.6.2.8 the session may come as ``Authorization: Bearer``; before 2.6 dates are
    ``/Date(ms)/`` and versions objects; before 2.5 replies carry the legacy ``result`` envelope.
    """

    def __init__(self, version: Optional[str] = None, seed: bool = True, session_timeout: float = 240, **knobs):
        self.version = version or amp_spec.default_version()
        self.state = State(seed=seed)
        #: Idle seconds before a session expires (AMP: 240 by default, ``Core.Privacy.SessionTimeout``).
        self.session_timeout = session_timeout
        #: Seconds before CreateInstance/DeleteInstance/TakeBackup/RestoreBackup finish (0: before the next call).
        self.async_delay = 0.0
        #: Accepted TOTP drift in 30-second steps either side of now.
        self.totp_window = 1
        #: Refuse a TOTP code already used by the same user (AMP's behaviour here is not known; off).
        self.totp_replay_protection = False
        #: §13 quirk 1: parameter names are case-sensitive; a wrong-case name is refused.
        self.strict_parameter_names = True
        #: Refuse parameters the method does not declare (§13 quirk 22: spec drift between versions).
        self.reject_unknown_parameters = True
        #: HTTP status of an "Unauthorized Access" answer: AMP uses 200 (switch to 401 to test clients).
        self.unauthorized_status = 200
        #: How a method the process does not have is answered: "unauthorized" - AMP "plays dumb" and
        #: answers it like a missing permission (CubeCoders/AMP#403) - or "unknown" (API.md §1.4's
        #: convention: Title "Unknown API method").
        self.unknown_method_answer = "unauthorized"
        #: Override the version profile: None = decided by ``version``.
        self.bearer_auth = None
        self.legacy_envelope = None
        #: New event triggers start disabled, new interval triggers enabled [INFERRED, API.md §9.3].
        self.new_event_trigger_enabled = False
        self.new_interval_trigger_enabled = True
        self.requests = []
        self.errors = []
        self._faults = []
        self._log_lock = threading.RLock()
        self._httpd = None
        self._thread = None
        self.url = None
        for name, value in knobs.items():  # any CONFIG_KEYS knob, e.g. async_delay=0.5
            if name not in self.CONFIG_KEYS:
                raise TypeError("unknown AMPSimulator option %r (knobs: %s)" % (name, ", ".join(self.CONFIG_KEYS)))
            setattr(self, name, value)

    # ------------------------------------------------------------------ version profile

    @property
    def version_tuple(self) -> tuple:
        return amp_spec.parse_version(self.version)

    @property
    def accepts_bearer(self) -> bool:
        return self.bearer_auth if self.bearer_auth is not None else self.version_tuple >= BEARER_SINCE

    @property
    def wraps_results(self) -> bool:
        return self.legacy_envelope if self.legacy_envelope is not None else self.version_tuple < UNWRAPPED_SINCE

    @property
    def methods(self) -> dict:
        return amp_spec.methods_for_version(self.version)

    def timestamp(self, seconds: Optional[float]):
        if seconds is None:
            return None
        return iso_timestamp(seconds) if self.version_tuple >= ISO_DATES_SINCE else legacy_timestamp(seconds)

    def amp_version(self):
        if self.version_tuple >= ISO_DATES_SINCE:
            return self.version
        major, minor, build, revision = self.version_tuple
        return {"Major": major, "Minor": minor, "Build": build, "Revision": revision, "MajorRevision": 0,
                "MinorRevision": revision}

    # ------------------------------------------------------------------ lifecycle

    def start(self, port: int = 0) -> str:
        """Bind 127.0.0.1 (``port`` 0 = any free port), serve in a daemon thread, return the base URL."""
        if self._httpd is not None:
            return self.url
        self._httpd, self._thread, self.url = serve(self, port, "AMP-Simulator/" + self.version, "amp-simulator")
        for target in self.state.targets:
            if target.instance_id == ADS_INSTANCE_ID:
                target.url = self.url
        return self.url

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

    def reset(self, seed: bool = True) -> None:
        """Back to the seed state; clears the request log and faults (settings of the simulator stay)."""
        with self.state.lock:
            self.state.reset(seed=seed)
            if self.url:
                self.state.targets[0].url = self.url
        with self._log_lock:
            self.requests = []
            self._faults = []

    # ------------------------------------------------------------------ seeding helpers

    def add_user(self, username, password=None, roles=(), email="", **flags):
        """A user on the ADS (the auth server). ``roles``: role names or ids. ``flags``: disabled,
        must_change_password, password_expires, cannot_change_password."""
        with self.state.lock:
            return self.state.add_user(username, password, roles=roles, email=email, **flags)

    def add_role(self, name, permissions=None, instance_permissions=None, **flags):
        """``permissions``: ADS nodes {node: True (allow) / False (deny)}; ``instance_permissions``:
        {instance name or id: {node: bool}}; flags: description, is_common, hidden, disable_edits."""
        with self.state.lock:
            return self.state.add_role(name, permissions=permissions, instance_permissions=instance_permissions,
                                       **flags)

    def add_instance(self, name, module="Minecraft", running=True, **fields):
        """A ready instance (no async delay). ``fields``: friendly_name, app_state, settings, port,
        suspended, description, target_id, instance_id, ..."""
        with self.state.lock:
            return self.state.add_instance(name, module=module, running=running, **fields)

    def add_target(self, friendly_name, **fields):
        """A remote target ADS (listed by GetInstances, can receive CreateInstance); ``state``: its
        RemoteInstanceState (20 Online; 10 Offline, 15 Unavailable, ...: the ADS does not reach it)."""
        with self.state.lock:
            return self.state.add_target(friendly_name, **fields)

    def enable_totp(self, username) -> str:
        """Turn on 2FA for ``username``; returns the base32 secret (what ConfirmTwoFactorSetup would activate)."""
        with self.state.lock:
            user = self.state.user_by_name(username)
            if user is None:
                raise ValueError("no user %r" % username)
            user.totp_secret = pyotp.random_base32()
            user.pending_totp_secret = None
            return user.totp_secret

    def expire_sessions(self, instance=None) -> int:
        """End every session (of one process when ``instance`` is given: "ADS" or an instance name/id).
        The next call with such a session answers "Unauthorized Access"; returns how many ended."""
        with self.state.lock:
            ended = 0
            for process in self.state.processes():
                if instance is not None and not Fault(1, instance=instance).matches(None, None, process):
                    continue
                ended += len(process.sessions)
                process.sessions.clear()
            return ended

    def advance_clock(self, seconds: float) -> None:
        """Move the simulator's clock (session expiry, async operations, timestamps) forward; the
        asynchronous operations that are then due finish at once."""
        with self.state.lock:
            self.state.advance(seconds)
            self.state.settle()

    def add_console_line(self, instance, contents, source="Server thread/INFO", entry_type="Console"):
        """A line in an instance's console (``instance``: name or id), for ``Core/GetUpdates``."""
        with self.state.lock:
            process = self.state.find_instance(instance)
            if process is None:
                raise ValueError("no instance %r" % instance)
            process.console.append((self.state.now(), source, entry_type, contents))

    def totp_code(self, username) -> str:
        """The current TOTP code of ``username`` (for tests)."""
        user = self.state.user_by_name(username)
        return pyotp.TOTP(user.totp_secret).now()

    def connection_env(self) -> dict:
        """Environment for the collection's connection options (default admin; with its TOTP secret
        as GAMEOPS_PANEL_TOTP_SECRET once ``enable_totp("admin")`` was called)."""
        env = {"GAMEOPS_PANEL_TYPE": "amp", "GAMEOPS_PANEL_URL": self.url or "",
               "GAMEOPS_PANEL_USERNAME": DEFAULT_ADMIN_USERNAME, "GAMEOPS_PANEL_PASSWORD": DEFAULT_ADMIN_PASSWORD}
        admin = self.state.user_by_name(DEFAULT_ADMIN_USERNAME)
        if admin is not None and admin.totp_secret:
            env["GAMEOPS_PANEL_TOTP_SECRET"] = admin.totp_secret
        return env

    # ------------------------------------------------------------------ request log and faults

    def writes(self) -> list:
        """Recorded calls that change state (every method outside spec.is_read_only), whatever their outcome."""
        with self._log_lock:
            return [r for r in self.requests if r.is_write]

    def calls(self, call=None, instance=None) -> list:
        """Recorded calls, optionally only ``"Module/Method"`` and/or one instance (id/name, "ADS")."""
        with self._log_lock:
            found = []
            for entry in self.requests:
                if call is not None and entry.call != call:
                    continue
                if instance is not None:
                    if instance == "ADS" and entry.instance is not None:
                        continue
                    if instance != "ADS" and str(instance).lower() not in (
                            (entry.instance or "").lower(), (entry.instance_name or "").lower()):
                        continue
                found.append(entry)
            return found

    def clear_log(self) -> None:
        with self._log_lock:
            self.requests = []

    def inject_fault(self, status=None, count=1, module=None, method=None, instance=None, title=None, message="",
                     reason=None, retry_after=None, drop=False, after=False, delay=0.0, expire=False) -> None:
        """The next ``count`` matching calls fail. Kinds: ``status`` (an HTTP status, e.g. 429/500/503),
        ``title`` (an ErrorResponse such as "Unauthorized Access" inside HTTP 200), ``reason`` (a failed
        ActionResult inside HTTP 200), ``drop`` (connection closed without answer) or ``expire`` (the
        sessions of the process called end just before the call: a real mid-run expiry). ``after``:
        run the call first, then answer with the fault (an ambiguous write). ``delay``: seconds to stall."""
        if status is None and title is None and reason is None and not drop and not delay and not expire:
            status = 500
        with self._log_lock:
            self._faults.append(Fault(remaining=int(count), status=int(status or 200), title=title, message=message,
                                      reason=reason, module=module, method=method, instance=instance,
                                      retry_after=retry_after, drop=bool(drop), after=bool(after),
                                      delay=float(delay or 0), expire=bool(expire)))

    def clear_faults(self) -> None:
        with self._log_lock:
            self._faults = []

    def _take_fault(self, module, method, process) -> Optional[Fault]:
        with self._log_lock:
            for fault in self._faults:
                if fault.matches(module, method, process):
                    fault.remaining -= 1
                    taken = dataclasses.replace(fault)
                    self._faults = [f for f in self._faults if f.remaining > 0]
                    return taken
        return None

    def _fault_response(self, fault: Fault) -> Optional[Response]:
        if fault.drop:
            return None
        if fault.status != 200:
            headers = [("Content-Type", "text/plain; charset=utf-8")]
            if fault.retry_after is not None:
                headers.append(("Retry-After", str(fault.retry_after)))
            text = "%d %s" % (fault.status, HTTP_REASONS.get(fault.status, "Error"))
            return Response(fault.status, text.encode("utf-8"), headers, text)
        if fault.title is not None:
            return json_response(AmpError(fault.title, fault.message).payload())
        if fault.reason is not None:
            return json_response(failed_action(fault.reason))
        return None

    # ------------------------------------------------------------------ request handling

    def handle(self, method: str, target: str, headers, body: bytes, client_ip: str = BIND_HOST):
        """Process one HTTP request (the HTTP layer calls this; tests may call it directly)."""
        path = urlsplit(target).path
        if path == "/__sim" or path.startswith("/__sim/"):
            return self._control(method, path, body)
        headers = {str(k).lower(): v for k, v in (headers or {}).items()}
        entry = RecordedRequest(method=method, path=path, module=None, api_method=None, instance=None,
                                body=_parse_for_log(body), status=0, headers=dict(headers), timestamp=time.time())
        response = self._handle_api(method, path, headers, body or b"", client_ip, entry)
        entry.status = response.status if response is not None else 0
        entry.response = response.payload if response is not None else None
        entry.note = getattr(response, "note", "") if response is not None else "dropped"
        with self._log_lock:
            self.requests.append(entry)
        return response

    def _handle_api(self, method, path, headers, body, client_ip, entry):
        proxy = PROXY_PATH.match(path)
        direct = API_PATH.match(path)
        if proxy is None and direct is None:
            return Response(404, b"Not Found", [("Content-Type", "text/plain; charset=utf-8")], None)
        match = proxy or direct
        module, api_method = match.group("module"), match.group("method")
        entry.module, entry.api_method = module, api_method
        instance_ref = proxy.group("instance") if proxy else None
        entry.instance = instance_ref.lower() if instance_ref else None
        with self.state.lock:
            self.state.settle()
            process = self.state.ads
            if instance_ref is not None:
                process = self.state.find_instance(instance_ref)
                if process is not None:
                    entry.instance, entry.instance_name = process.id, process.instance_name
        fault = self._take_fault(module, api_method, process)
        if fault is not None:
            entry.injected = True
            if fault.delay:
                time.sleep(fault.delay)
            if fault.expire and process is not None:
                with self.state.lock:
                    process.sessions.clear()
            if not fault.after:
                response = self._fault_response(fault)
                if response is not None or fault.drop:
                    return response
        if method != "POST":
            # GET needs Core.Webserver.AllowGETForAPIEndpoints (off by default, API.md §1.1).
            response = Response(405, b"Method Not Allowed", [("Allow", "POST")], None)
        else:
            try:
                response = self._call(path, headers, body, client_ip, module, api_method, instance_ref)
            except Exception:  # pylint: disable=broad-except
                text = traceback.format_exc()
                with self._log_lock:
                    self.errors.append("%s %s\n%s" % (method, path, text))
                sys.stderr.write("amp simulator: unhandled error for %s %s\n%s" % (method, path, text))
                response = json_response(AmpError("Internal Server Error", "The simulator failed; see sim.errors",
                                                  "").payload())
        if fault is not None and fault.after:
            return self._fault_response(fault)
        return response

    def _call(self, path, headers, body, client_ip, module, api_method, instance_ref) -> Response:
        try:
            params = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (ValueError, UnicodeDecodeError):
            return json_response(AmpError("Bad Request", "The request body is not valid JSON.").payload(), 400)
        if not isinstance(params, dict):
            return json_response(AmpError("Bad Request", "The request body must be a JSON object.").payload(), 400)
        with self.state.lock:
            process = self.state.ads
            if instance_ref is not None:
                process = self.state.find_instance(instance_ref)
                # §13 quirk 14: a proxied call to an instance whose AMP process is not running.
                if process is None or not process.running:
                    return self._error(AmpError(INSTANCE_UNAVAILABLE, "The requested instance is not available."))
            spec_method = self.methods.get((module, api_method))
            exposed = amp_spec.module_inheritance().get(process.kind, ())
            if spec_method is None or module not in exposed:
                # A module the process type does not load answers like any unknown method (§3.1).
                return self._error(self._unknown_method(module, api_method, process))
            endpoint = lookup(module, api_method, process.is_ads)
            ctx = Context(sim=self, process=process, method=spec_method, params=params, client_ip=client_ip,
                          path=path)
            needs_session = (module, api_method) not in ANONYMOUS
            if needs_session:
                session, why_not = self._session_for(process, params, headers, client_ip)
                if session is None:
                    return self._error(unauthorized(why_not))
                ctx.session = session
                ctx.user = self.state.users.get(session.user_id)
            problem = self._check_parameters(spec_method, params)
            if problem is not None:
                return self._error(problem)
            if endpoint is None:
                with self._log_lock:
                    self.errors.append("not simulated: %s/%s on %s" % (module, api_method, process.kind))
                return json_response(AmpError(NOT_SIMULATED, "%s/%s exists in AMP but this simulator does not "
                                                             "implement it." % (module, api_method)).payload(), 501)
            try:
                permission = endpoint.permission(ctx) if callable(endpoint.permission) else endpoint.permission
                if permission:
                    ctx.require_permission(permission)
                result = endpoint.func(ctx)
            except ActionFailed as failure:
                response = self._wrap(failed_action(failure.reason))
                response.note = failure.reason
                return response
            except AmpError as error:
                return self._error(error)
            if result is VOID:
                return void_response()
            return self._wrap(result, raw=(module, api_method) == ("Core", "Login"))

    def _error(self, error: AmpError) -> Response:
        status = self.unauthorized_status if error.title == UNAUTHORIZED else 200
        response = json_response(error.payload(), status)
        response.note = error.note
        return response

    def _unknown_method(self, module, api_method, process) -> AmpError:
        note = "unknown method %s/%s on %s (%s)" % (module, api_method, process.instance_name, process.kind)
        if self.unknown_method_answer == "unknown":
            return AmpError(UNKNOWN_METHOD, "No such API method: %s/%s" % (module, api_method), "", note)
        return unauthorized(note)

    def _wrap(self, payload, raw=False) -> Response:
        # §13 quirk 6: AMP <= 2.4 wrapped replies as {"result": ...}; Login's reply was never wrapped.
        if self.wraps_results and not raw:
            payload = {"result": payload}
        return json_response(payload)

    def _session_for(self, process, params, headers, client_ip):
        """``(session, None)`` or ``(None, why not)``."""
        # §13 quirk 4: the session travels in the body; from 2.6.2.8 also as a Bearer header.
        session_id = params.get("SESSIONID")
        if self.accepts_bearer:
            header = headers.get("authorization") or ""
            if header.lower().startswith("bearer ") and header[7:].strip():
                session_id = header[7:].strip()
        if not isinstance(session_id, str) or not session_id:
            return None, "no session id"
        session = process.sessions.get(session_id)
        if session is None:
            return None, "unknown session on %s (ended, expired, or from another process)" % process.instance_name
        now = self.state.now()
        if now - session.last_activity > float(self.session_timeout):
            del process.sessions[session_id]  # idle too long: AMP forgets the session
            return None, "session expired after %.0f s idle" % (now - session.last_activity)
        if process.settings.get("Core.Security.RequireSessionIPStickiness") == "True" and session.source_ip != client_ip:
            return None, "session used from another IP address"
        user = self.state.users.get(session.user_id)
        if user is None or user.disabled:
            del process.sessions[session_id]
            return None, "the session's user is gone or disabled"
        session.last_activity = now
        return session, None

    def _check_parameters(self, method, params) -> Optional[AmpError]:
        """Parameters by exact name and JSON type (API.md §1.1-1.2, §13 quirk 1)."""
        given = {k: v for k, v in params.items() if k != "SESSIONID"}
        declared = {p.name: p for p in method.parameters}
        by_lower = {name.lower(): name for name in declared}
        for name in list(given):
            if name in declared:
                continue
            near = by_lower.get(name.lower())
            if near is not None and self.strict_parameter_names:
                return AmpError("Unknown parameter %s" % name, "%s takes %s (parameter names are case-sensitive)."
                                % (method.path, near))
            if near is not None:
                given[near] = given.pop(name)
                params[near] = params.pop(name)
                continue
            if self.reject_unknown_parameters:
                return AmpError("Unknown parameter %s" % name, "%s has no parameter %s; it takes: %s."
                                % (method.path, name, ", ".join(declared) or "no parameters"))
        for param in method.parameters:
            if param.name not in params or (param.optional and params[param.name] is None):
                if param.optional:
                    continue  # an optional parameter may be left out or sent as null
                return AmpError("Missing parameter %s" % param.name, "%s requires %s (%s)."
                                % (method.path, param.name, param.type_name))
            problem = amp_spec.check_value(param, params[param.name])
            if problem is not None:
                return AmpError("Invalid parameter %s" % param.name, "%s: %s %s." % (method.path, param.name, problem))
        return None

    # ------------------------------------------------------------------ control endpoints

    CONFIG_KEYS = ("session_timeout", "async_delay", "totp_window", "totp_replay_protection", "strict_parameter_names",
                   "reject_unknown_parameters", "unauthorized_status", "unknown_method_answer", "bearer_auth",
                   "legacy_envelope", "version",
                   "new_event_trigger_enabled", "new_interval_trigger_enabled")

    def config(self) -> dict:
        return {name: getattr(self, name) for name in self.CONFIG_KEYS}

    def _control(self, method, path, body) -> Response:
        path = path.rstrip("/")
        try:
            payload = json.loads(body.decode("utf-8")) if body and body.strip() else {}
        except ValueError:
            return _plain(400, {"error": "malformed JSON"})
        if not isinstance(payload, dict):
            payload = {}
        try:
            return self._control_route(method, path, payload)
        except (TypeError, ValueError) as exc:
            return _plain(400, {"error": str(exc)})

    def _control_route(self, method, path, payload) -> Response:
        if path == "/__sim/requests" and method == "GET":
            with self._log_lock:
                return _plain(200, [r.as_dict() for r in self.requests])
        if path == "/__sim/writes" and method == "GET":
            return _plain(200, [r.as_dict() for r in self.writes()])
        if path == "/__sim/clear-log" and method == "POST":
            self.clear_log()
            return Response(204, b"")
        if path == "/__sim/config" and method in ("GET", "POST"):
            for name in self.CONFIG_KEYS:
                if name in payload:
                    setattr(self, name, payload[name])
            return _plain(200, self.config())
        if path == "/__sim/faults" and method == "POST":
            self.inject_fault(**payload)
            return Response(204, b"")
        if path == "/__sim/faults" and method == "DELETE":
            self.clear_faults()
            return Response(204, b"")
        if path == "/__sim/state" and method == "GET":
            with self.state.lock:
                return _plain(200, self.state.dump())
        if path == "/__sim/reset" and method == "POST":
            self.reset(seed=payload.get("seed", True))
            return Response(204, b"")
        if path == "/__sim/users" and method == "POST":
            totp = payload.pop("totp", False)
            user = self.add_user(**payload)
            answer = {"id": user.id, "name": user.name}
            if totp:
                answer["totp_secret"] = self.enable_totp(user.name)
            return _plain(201, answer)
        if path == "/__sim/roles" and method == "POST":
            role = self.add_role(**payload)
            return _plain(201, {"id": role.id, "name": role.name})
        if path == "/__sim/instances" and method == "POST":
            instance = self.add_instance(**payload)
            return _plain(201, {"id": instance.id, "name": instance.instance_name})
        if path == "/__sim/totp" and method == "POST":
            return _plain(200, {"secret": self.enable_totp(payload["username"])})
        if path == "/__sim/expire-sessions" and method == "POST":
            return _plain(200, {"ended": self.expire_sessions(payload.get("instance"))})
        if path == "/__sim/advance-clock" and method == "POST":
            self.advance_clock(float(payload.get("seconds", 0)))
            return Response(204, b"")
        return _plain(404, {"error": "unknown simulator control endpoint"})


def _plain(status: int, payload) -> Response:
    return Response(status, json.dumps(payload, default=str).encode("utf-8"), [("Content-Type", "application/json")],
                    payload)


def _parse_for_log(body: bytes):
    if not body:
        return {}
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return body.decode("utf-8", "replace")


__all__ = ["AMPSimulator", "RecordedRequest", "Fault", "DEFAULT_ADMIN_USERNAME", "DEFAULT_ADMIN_PASSWORD"]
