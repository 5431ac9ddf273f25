# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request/response plumbing shared by every simulated route: parsing, errors, rendering, routing."""
from __future__ import annotations

import html
import json
import re
import urllib.parse

from .rules import Validator

GENERIC_500_DETAIL = "An unexpected error was encountered while processing this request, please try again."
MODEL_NOT_FOUND_DETAIL = "The requested resource could not be found on the server."

HTTP_REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 302: "Found", 400: "Bad Request",
    401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
    412: "Precondition Failed", 419: "Page Expired", 422: "Unprocessable Content", 429: "Too Many Requests",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}

#: Laravel's ``Router::$verbs`` (order used in 405 messages).
VERBS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

#: Top-level input keys ``TrimStrings`` never trims.
NEVER_TRIM = ("current_password", "password", "password_confirmation")

_TRIM_RE = re.compile("^[\\s\ufeff\u200b\u200e]+|[\\s\ufeff\u200b\u200e]+$")


# ---------------------------------------------------------------------- headers

class HeaderDict(dict):
    """Plain dict of request headers (original case) with case-insensitive lookups."""

    def _find(self, key):
        if dict.__contains__(self, key):
            return key
        lowered = str(key).lower()
        for existing in dict.keys(self):
            if existing.lower() == lowered:
                return existing
        return None

    def __getitem__(self, key):
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return dict.__getitem__(self, found)

    def __contains__(self, key):
        return self._find(key) is not None

    def get(self, key, default=None):
        found = self._find(key)
        return default if found is None else dict.__getitem__(self, found)


# ---------------------------------------------------------------------- errors

class PanelError(Exception):
    """An error the panel renders as ``{"errors": [...]}``.

    ``kind`` selects the non-JSON (missing ``Accept: application/json``) rendering:
    ``"auth"`` -> 302 to /auth/login, ``"back"`` -> 302 redirect back, ``"page"`` -> HTML page.
    """

    def __init__(self, status: int, code: str, detail: str, headers=None, kind: str = "page"):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = list(headers or [])
        self.kind = kind

    def entries(self) -> list:
        return [{"code": self.code, "status": str(self.status), "detail": self.detail}]


class ValidationFailed(PanelError):
    """422 with one entry per failed rule: ``errors`` is a list of ``(field, message, rule)``."""

    def __init__(self, errors):
        super().__init__(422, "ValidationException", errors[0][1] if errors else "The given data was invalid.", kind="back")
        self.errors = list(errors)

    def entries(self) -> list:
        out = []
        for field, message, rule in self.errors:
            out.append({
                "code": "ValidationException",
                "status": "422",
                "detail": message,
                "meta": {"source_field": field, "rule": rule},
            })
        return out


def model_not_found() -> PanelError:
    return PanelError(404, "NotFoundHttpException", MODEL_NOT_FOUND_DETAIL)


def route_not_found(raw_path: str) -> PanelError:
    return PanelError(404, "NotFoundHttpException", "The route %s could not be found." % laravel_path(raw_path))


def method_not_allowed(method: str, raw_path: str, allowed) -> PanelError:
    detail = "The %s method is not supported for route %s. Supported methods: %s." % (
        method, laravel_path(raw_path), ", ".join(allowed))
    return PanelError(405, "MethodNotAllowedHttpException", detail, headers=[("Allow", ", ".join(allowed))])


def unauthenticated() -> PanelError:
    return PanelError(401, "AuthenticationException", "Unauthenticated.", kind="auth")


def access_denied(detail: str) -> PanelError:
    return PanelError(403, "AccessDeniedHttpException", detail)


def unauthorized_action() -> PanelError:
    return access_denied("This action is unauthorized.")


def bad_request(detail: str) -> PanelError:
    return PanelError(400, "BadRequestHttpException", detail)


def display_error(detail: str, code: str = "DisplayException", status: int = 400) -> PanelError:
    """A ``DisplayException`` (or subclass): JSON 400, or a redirect back without a JSON Accept header."""
    return PanelError(status, code, detail, kind="back")


def server_error(code: str = "Exception") -> PanelError:
    return PanelError(500, code, GENERIC_500_DETAIL)


def validate(data, rules, attributes=None) -> None:
    """Run the validator; raise :class:`ValidationFailed` on failure."""
    errors = Validator(data, rules, attributes).validate()
    if errors:
        raise ValidationFailed(errors)


# ---------------------------------------------------------------------- responses

class Response:
    def __init__(self, status: int, body: bytes = b"", content_type=None, headers=None):
        self.status = status
        self.body = body
        self.headers = []
        if content_type:
            self.headers.append(("Content-Type", content_type))
        self.headers.extend(headers or [])
        self.payload = None

    def header(self, name: str, value) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        self.headers.append((name, str(value)))


def dumps(payload) -> str:
    """``json_encode`` with PHP's default flags (escaped slashes and non-ASCII)."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def json_response(status: int, payload, headers=None) -> Response:
    response = Response(status, dumps(payload).encode("utf-8"), "application/json", headers)
    response.payload = payload
    return response


def empty_response(status: int = 204, headers=None) -> Response:
    return Response(status, b"", None, headers)


def html_page(status: int, headers=None) -> Response:
    reason = HTTP_REASONS.get(status, "Error")
    body = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n"
            "<body>\n<div class=\"code\">%d</div>\n<div class=\"message\">%s</div>\n</body>\n</html>\n") % (
                html.escape(reason), status, html.escape(reason))
    return Response(status, body.encode("utf-8"), "text/html; charset=UTF-8", headers)


def redirect(location: str, headers=None) -> Response:
    escaped = html.escape(location, quote=True)
    body = ("<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset=\"UTF-8\" />\n"
            "        <meta http-equiv=\"refresh\" content=\"0;url='%s'\" />\n\n"
            "        <title>Redirecting to %s</title>\n    </head>\n    <body>\n"
            "        Redirecting to <a href=\"%s\">%s</a>.\n    </body>\n</html>") % (escaped, escaped, escaped, escaped)
    response = Response(302, body.encode("utf-8"), "text/html; charset=utf-8", headers)
    response.header("Location", location)
    return response


def render_error(error: PanelError, request) -> Response:
    """Render ``error`` the way the panel's exception handler does for this request."""
    if request is None or request.expects_json():
        response = json_response(error.status, {"errors": error.entries()})
    elif error.kind == "auth":
        response = redirect(request.base_url + "/auth/login")
    elif error.kind == "back":
        response = redirect(request.headers.get("Referer") or (request.base_url + "/"))
    else:
        response = html_page(error.status)
    for name, value in error.headers:
        response.header(name, value)
    return response


# ---------------------------------------------------------------------- request parsing

def laravel_path(raw_path: str) -> str:
    trimmed = raw_path.strip("/")
    return trimmed if trimmed else "/"


def php_parse_pairs(pairs) -> dict:
    """PHP ``parse_str`` semantics for ``(key, value)`` pairs: ``a[b]=1``, ``a[]=1``, last one wins."""
    result = {}
    for key, value in pairs:
        match = re.match(r"^([^\[]*)", key)
        base = match.group(1)
        rest = key[len(base):]
        subs = []
        if rest.startswith("["):
            position = 0
            while position < len(rest) and rest[position] == "[":
                close = rest.find("]", position)
                if close < 0:
                    break
                subs.append(rest[position + 1:close])
                position = close + 1
            if not subs:
                base = key
        base = base.replace(".", "_").replace(" ", "_")
        if base == "":
            continue
        container = result
        path = [base] + subs
        for depth, segment in enumerate(path):
            last = depth == len(path) - 1
            if segment == "" and depth > 0:
                numeric = [int(k) for k in container if isinstance(k, int)]
                segment = (max(numeric) + 1) if numeric else 0
            elif depth > 0 and re.match(r"^(0|[1-9]\d*)$", segment):
                segment = int(segment)
            if last:
                container[segment] = value
            else:
                if not isinstance(container.get(segment), dict):
                    container[segment] = {}
                container = container[segment]
    return _listify(result)


def _listify(value):
    if isinstance(value, dict):
        converted = {k: _listify(v) for k, v in value.items()}
        keys = list(converted.keys())
        if keys and keys == list(range(len(keys))):
            return [converted[k] for k in keys]
        return {str(k): v for k, v in converted.items()}
    return value


def normalise_input(value, key_path: str = "", trim: bool = True):
    """``TrimStrings`` + ``ConvertEmptyStringsToNull`` over nested input."""
    if isinstance(value, dict):
        return {k: normalise_input(v, (key_path + "." + str(k)) if key_path else str(k), trim) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise_input(v, (key_path + "." + str(i)) if key_path else str(i), trim) for i, v in enumerate(value)]
    if isinstance(value, str):
        if trim and key_path not in NEVER_TRIM:
            value = _TRIM_RE.sub("", value)
        return None if value == "" else value
    return value


def _php_json_error(exc: Exception) -> str:
    message = str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "Malformed UTF-8 characters, possibly incorrectly encoded"
    if "control character" in message:
        return "Control character error, possibly incorrectly encoded"
    if "recursion" in message.lower():
        return "Maximum stack depth exceeded"
    return "Syntax error"


class Request:
    """A parsed HTTP request, with Laravel's view of its input."""

    def __init__(self, method: str, target: str, headers: HeaderDict, body: bytes, base_url: str, client_ip: str = "127.0.0.1"):
        self.method = method.upper()
        self.target = target
        split = urllib.parse.urlsplit(target)
        self.raw_path = split.path or "/"
        self.path = urllib.parse.unquote(self.raw_path)
        self.query_string = split.query
        self.query_pairs = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        self.query_flat = {}
        for key, value in self.query_pairs:
            self.query_flat[key] = value
        self.headers = headers
        self.body = body or b""
        self.base_url = base_url
        self.client_ip = client_ip
        self.json_error = None
        self.json_body = None
        self.form_body = {}
        self.trim_input = True
        content_type = (headers.get("Content-Type") or "").lower()
        self.is_json = "/json" in content_type or "+json" in content_type
        if self.is_json and self.body.strip():
            try:
                self.json_body = json.loads(self.body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                self.json_error = _php_json_error(exc)
        elif "application/x-www-form-urlencoded" in content_type and self.method not in ("GET", "HEAD"):
            try:
                text = self.body.decode("utf-8")
            except UnicodeDecodeError:
                text = self.body.decode("latin-1")
            self.form_body = php_parse_pairs(urllib.parse.parse_qsl(text, keep_blank_values=True))
        self._query = None
        self._input = None

    # -- Laravel's request API

    def expects_json(self) -> bool:
        accept = self.headers.get("Accept") or ""
        types = _acceptable_types(accept)
        first = types[0] if types else ""
        if "/json" in first or "+json" in first:
            return True
        ajax = (self.headers.get("X-Requested-With") or "") == "XMLHttpRequest"
        pjax = bool(self.headers.get("X-PJAX"))
        any_type = not types or first in ("*/*", "*")
        return ajax and not pjax and any_type

    def query(self) -> dict:
        if self._query is None:
            self._query = normalise_input(php_parse_pairs(self.query_pairs), trim=self.trim_input)
        return self._query

    def input(self) -> dict:
        """``$request->all()``: body input over query parameters, normalised."""
        if self._input is None:
            if self.is_json:
                body = self.json_body
                if isinstance(body, list):
                    body = {str(i): v for i, v in enumerate(body)}
                elif not isinstance(body, dict):
                    body = {}
            elif self.method in ("GET", "HEAD"):
                body = {}
            else:
                body = self.form_body
            merged = dict(self.query())
            merged.update(normalise_input(body, trim=self.trim_input))
            self._input = merged
        return self._input

    def bearer_token(self):
        header = self.headers.get("Authorization") or ""
        position = header.rfind("Bearer ")
        if position < 0:
            return None
        token = header[position + 7:]
        if "," in token:
            token = token.split(",", 1)[0]
        return token

    def parsed_body(self):
        """The JSON body as sent (for the request log), else the form body, else ``None``."""
        if self.json_body is not None:
            return self.json_body
        if self.form_body:
            return self.form_body
        return None


def _acceptable_types(accept: str) -> list:
    items = []
    for position, part in enumerate(accept.split(",")):
        part = part.strip()
        if not part:
            continue
        pieces = [p.strip() for p in part.split(";")]
        quality = 1.0
        for piece in pieces[1:]:
            if piece.lower().startswith("q="):
                try:
                    quality = float(piece[2:])
                except ValueError:
                    quality = 0.0
        items.append((-quality, position, pieces[0].lower()))
    items.sort()
    return [item[2] for item in items if -item[0] > 0]


# ---------------------------------------------------------------------- routing

class Route:
    """``template`` uses ``{name}`` parameters and ``{name?}`` for an optional trailing segment."""

    def __init__(self, method: str, template: str, handler, **options):
        self.method = method.upper()
        self.template = template
        self.handler = handler
        self.options = options
        self.params = []
        pattern = ""
        position = 0
        for match in re.finditer(r"/\{(\w+)(\?)?\}", template):
            pattern += re.escape(template[position:match.start()])
            name = match.group(1)
            self.params.append(name)
            if match.group(2):
                pattern += "(?:/(?P<%s>[^/]+))?" % name
            else:
                pattern += "/(?P<%s>[^/]+)" % name
            position = match.end()
        pattern += re.escape(template[position:])
        self.regex = re.compile("^" + pattern + "$")

    def match(self, path: str):
        found = self.regex.match(path)
        if not found:
            return None
        return {k: v for k, v in found.groupdict().items() if v is not None}

    def option(self, name: str, default=None):
        return self.options.get(name, default)


class Router:
    """A small ``(method, path regex) -> handler`` table with Laravel's 404/405 behaviour."""

    def __init__(self):
        self.routes = []

    def add(self, method: str, template: str, handler, **options) -> Route:
        route = Route(method, template, handler, **options)
        self.routes.append(route)
        return route

    def get(self, template, handler, **options):
        return self.add("GET", template, handler, **options)

    def post(self, template, handler, **options):
        return self.add("POST", template, handler, **options)

    def patch(self, template, handler, **options):
        return self.add("PATCH", template, handler, **options)

    def put(self, template, handler, **options):
        return self.add("PUT", template, handler, **options)

    def delete(self, template, handler, **options):
        return self.add("DELETE", template, handler, **options)

    def resolve(self, method: str, path: str, raw_path: str):
        """Return ``(route, params)``; ``(None, allowed_methods)`` for OPTIONS; raise 404/405."""
        method = method.upper()
        lookup = "GET" if method == "HEAD" else method
        normalised = path.rstrip("/") or "/"
        for route in self.routes:
            if route.method != lookup:
                continue
            params = route.match(normalised)
            if params is not None:
                return route, params
        allowed = []
        for verb in VERBS:
            if verb == method:
                continue
            verb_lookup = "GET" if verb == "HEAD" else verb
            if any(r.method == verb_lookup and r.match(normalised) is not None for r in self.routes):
                allowed.append(verb)
        if allowed:
            if method == "OPTIONS":
                return None, allowed
            raise method_not_allowed(method, raw_path, allowed)
        raise route_not_found(raw_path)
