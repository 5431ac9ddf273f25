# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Requests, responses and errors the way Crafty's Tornado handlers produce them, and the route table.

* JSON answers are compact (Crafty encodes with orjson) with CORS headers on every answer.
* ``ApiError`` is a JSON error a handler returns on purpose (``{"status": "error", ...}``).
* ``Crash`` is an unhandled exception inside a Crafty handler. Crafty's default
  configuration has ``show_errors: true`` (Tornado's ``serve_traceback``), so the answer
  is a ``text/plain`` Python traceback whose last line is the exception; with
  ``show_errors`` off it is Tornado's HTML 500 page (API.md section 1, quirk 3).
* Routes are regular expressions tried in table order, anchored on the whole path, each
  ending in an optional ``/`` (API.md section 1); a method the handler lacks is a JSON 405.
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Headers", "Content-Type, x-requested-with, Authorization"),
    ("Access-Control-Allow-Methods", "POST, GET, PUT, DELETE, OPTIONS"),
)
TORNADO_500 = b"<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>"
#: Where the fake tracebacks say Crafty lives (never a path of this machine).
CRAFTY_ROOT = "/crafty"


def dump_json(payload) -> bytes:
    """orjson-style compact UTF-8 JSON."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Response:
    """What the shared HTTP layer sends: ``status``, ``headers`` (pairs) and ``body`` (bytes)."""

    def __init__(self, status: int, body: bytes = b"", content_type=None, payload=None):
        self.status = status
        self.body = body
        self.headers = list(CORS_HEADERS)
        if content_type:
            self.headers.append(("Content-Type", content_type))
        #: the decoded JSON answer (None for HTML/empty bodies), kept for the request log
        self.payload = payload

    def header(self, name: str, value: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        self.headers.append((name, value))

    @classmethod
    def json(cls, status: int, payload) -> "Response":
        return cls(status, dump_json(payload), "application/json", payload)

    @classmethod
    def html_500(cls) -> "Response":
        return cls(500, TORNADO_500, "text/html; charset=UTF-8")

    @classmethod
    def traceback_500(cls, crash: "Crash") -> "Response":
        """Tornado's ``write_error`` with ``serve_traceback``: the formatted exception as text/plain."""
        return cls(500, crash.traceback_text().encode("utf-8"), "text/plain")

    @classmethod
    def tornado_empty(cls, status: int = 200) -> "Response":
        """A handler that finishes without writing: Tornado's default Content-Type stays (text/html)."""
        return cls(status, b"", "text/html; charset=UTF-8")

    @classmethod
    def empty(cls, status: int = 204) -> "Response":
        return cls(status)


def ok(data=None, *, status: int = 200, with_data: bool = True) -> Response:
    """The success envelope ``{"status": "ok", "data": ...}`` (``with_data=False``: no ``data`` key)."""
    payload = {"status": "ok"}
    if with_data:
        payload["data"] = data
    return Response.json(status, payload)


def bare(payload, status: int = 200) -> Response:
    """An answer without the envelope (quirk 4: task GET, backup list and backup GET)."""
    return Response.json(status, payload)


class ApiError(Exception):
    """A JSON error answer: ``{"status": "error", "error": code, <extra keys>}``."""

    def __init__(self, status: int, code: str, error_data=None, **extra):
        super().__init__("%d %s" % (status, code))
        self.status = status
        self.payload = {"status": "error", "error": code}
        if error_data is not None:
            self.payload["error_data"] = error_data
        self.payload.update(extra)

    def response(self) -> Response:
        return Response.json(self.status, self.payload)


class SoftError(ApiError):
    """HTTP 200 with ``"status": "error"`` (quirk 18: stdin to a stopped server, clone over the limit)."""

    def __init__(self, code: str, error_data=None, **extra):
        super().__init__(200, code, error_data, **extra)


class Crash(Exception):
    """An unhandled exception in the real handler (a 500; quirk 3).

    ``exception`` is the exception's class as Python prints it in a traceback: builtins
    bare (``KeyError``), others with their module (``app.classes.models.users.UsersDoesNotExist``);
    ``message`` is ``str()`` of the exception; ``detail`` are further lines of a multi-line
    message (peewee's ``SQL: ...`` and ``Params: ...``). ``handler``/``method`` name the
    frame the fake traceback shows. ``reason`` is what ``sim.crashes`` records.
    """

    def __init__(self, exception: str, message: str = "", *, detail=(), handler=None, method=None, reason=None):
        self.exception = exception
        self.message = message
        self.detail = tuple(detail)
        self.handler = handler
        self.method = method
        self.reason = reason or self.exception_line()
        super().__init__(self.reason)

    # -- the exceptions Crafty's handlers raise ---------------------------------------------

    @classmethod
    def key_error(cls, key, **kwargs) -> "Crash":
        """``data[key]`` on a body without it."""
        return cls("KeyError", repr(key), **kwargs)

    @classmethod
    def does_not_exist(cls, model: str, module: str, table=None, key=None, value=None, **kwargs) -> "Crash":
        """peewee's ``<Model>DoesNotExist`` from ``Model.get(...)`` (its message goes on with the SQL)."""
        table = table or model.lower()
        key = key or "%s_id" % table.rstrip("s")
        detail = ('SQL: SELECT * FROM "%s" AS "t1" WHERE ("t1"."%s" = ?) LIMIT ? OFFSET ?' % (table, key),
                  "Params: [%r, 1, 0]" % (value,))
        return cls("%s.%sDoesNotExist" % (module, model), "<Model: %s> instance matching query does not exist:" % model,
                   detail=detail, **kwargs)

    @classmethod
    def not_serializable(cls, type_name: str, **kwargs) -> "Crash":
        """orjson refusing an exception object a handler put into ``error_data``."""
        return cls("TypeError", "Type is not JSON serializable: %s" % type_name, **kwargs)

    @classmethod
    def integrity_error(cls, message: str, **kwargs) -> "Crash":
        return cls("peewee.IntegrityError", message, **kwargs)

    @classmethod
    def missing_argument(cls, handler: str, method: str, argument: str, **kwargs) -> "Crash":
        """A route whose pattern gives a handler method fewer arguments than it takes."""
        return cls("TypeError", "%s.%s() missing 1 required positional argument: %r" % (handler, method, argument),
                   **kwargs)

    # -- rendering --------------------------------------------------------------------------

    def exception_line(self) -> str:
        return "%s: %s" % (self.exception, self.message) if self.message else self.exception

    def traceback_text(self) -> str:
        """A traceback shaped like ``traceback.format_exception``: frames, then the exception line(s)."""
        handler = self.handler or "BaseApiHandler"
        method = self.method or "handler"
        lines = [
            "Traceback (most recent call last):",
            '  File "%s/.venv/lib/python3/site-packages/tornado/web.py", line 1790, in _execute' % CRAFTY_ROOT,
            "    result = method(*self.path_args, **self.path_kwargs)",
            '  File "%s/app/classes/web/routes/api/handler.py", line 1, in %s' % (CRAFTY_ROOT, method),
            "    # %s.%s (simulated)" % (handler, method),
            self.exception_line(),
        ]
        lines.extend(self.detail)
        return "\n".join(lines) + "\n"


class HeaderDict(dict):
    """Case-insensitive header lookup."""

    def __init__(self, headers=None):
        super().__init__()
        for key, value in dict(headers or {}).items():
            self[key] = value

    def __setitem__(self, key, value):
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key):
        return super().__getitem__(key.lower())

    def get(self, key, default=None):
        return super().get(key.lower(), default)

    def __contains__(self, key):
        return super().__contains__(key.lower())


class Request:
    """One parsed request."""

    def __init__(self, method: str, target: str, headers, body: bytes, client_ip: str):
        self.method = method.upper()
        self.target = target
        parts = urlsplit(target)
        self.raw_path = parts.path or "/"
        self.path = unquote(self.raw_path)
        self.query = parse_qs(parts.query, keep_blank_values=True)
        self.headers = headers if isinstance(headers, HeaderDict) else HeaderDict(headers)
        self.body = body or b""
        self.client_ip = client_ip

    def arg(self, name: str, default=None):
        """Tornado's ``get_query_argument``: the last value given."""
        values = self.query.get(name)
        return values[-1] if values else default

    @property
    def query_flat(self) -> dict:
        return {key: values[-1] for key, values in self.query.items()}

    def remote_ip(self) -> str:
        """Crafty's ``get_remote_ip``: X-Real-IP, then X-Forwarded-For, then the peer."""
        return self.headers.get("X-Real-IP") or self.headers.get("X-Forwarded-For") or self.client_ip

    def cookie(self, name: str):
        for part in (self.headers.get("Cookie") or "").split(";"):
            key, _sep, value = part.strip().partition("=")
            if key == name:
                return value
        return None

    def json_body(self):
        """``json.loads`` of the body; raises ApiError INVALID_JSON with the parser's message."""
        try:
            return json.loads(self.body.decode("utf-8") if self.body else "")
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, "INVALID_JSON", str(exc)) from exc

    def parsed_body(self):
        """For the request log: the JSON body, the text of a non-JSON body, or None."""
        if not self.body:
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return self.body.decode("utf-8", "replace")


class Route:
    def __init__(self, pattern: str, handler, name: str):
        self.regex = re.compile(pattern)
        self.handler = handler
        self.name = name


class Router:
    """Crafty's ``api_handlers`` table: first full match wins; unmatched ``/api/v2/...`` is the catch-all 404."""

    def __init__(self):
        self.routes = []

    def add(self, pattern: str, handler, name: str = "") -> None:
        self.routes.append(Route(pattern, handler, name or pattern))

    def resolve(self, path: str):
        for route in self.routes:
            match = route.regex.fullmatch(path)
            if match:
                return route, list(match.groups())
        return None, []


def method_not_allowed(profile) -> ApiError:
    if profile.at_least(4, 1, 0):
        return ApiError(405, "METHOD_NOT_ALLOWED", "METHOD NOT ALLOWED")
    return ApiError(405, "METHOD_NOT_ALLOWED")


def handler_not_found(page: str, profile) -> ApiError:
    if profile.at_least(4, 1, 0):
        return ApiError(404, "API_HANDLER_NOT_FOUND", "%s not found" % page, page=page)
    return ApiError(404, "API_HANDLER_NOT_FOUND", page=page)
