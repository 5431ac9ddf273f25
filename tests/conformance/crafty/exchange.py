# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send the scenario's requests to a Crafty panel (real or simulated) and write down its answers.

Every exchange is kept in a normalised form, so the recording of a real
panel and the answers of the simulator compare equal when they agree:

- ids the scenario learnt are replaced by their names (``<server:survival>``,
  ``<user:admin>``), other ids by ``<id>``, other UUIDs by ``<uuid>``;
- times by their format (``<iso-time>``, ``<crafty-time>``), tokens by
  ``<token>``, absolute paths below the panel's folder by ``<root>/...`` (also
  quoted inside a message);
- values that change by themselves (cpu, memory, sizes) by their type;
- a Python traceback (Crafty's 500 answer with ``show_errors: true``, its
  default) by its exception, a Tornado HTML page by its title;
- secrets in request bodies by ``<secret>``.

No Ansible imports and nothing of the collection: a recording says what the
panel does, whatever the client makes of it.
"""

from __future__ import annotations

import json
import re
import time

import requests
import urllib3

API = "/api/v2"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?$")
CRAFTY_TIME = re.compile(r"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2}:\d{2}$")
JWT = re.compile(r"^eyJ[\w-]+\.[\w-]+\.[\w-]+$")
# absolute paths into the panel's own folders: the part before them is where the panel is installed
PANEL_PATH = re.compile(r"^(/[^\s]*?)?/(servers|backups|temp|import|app|logs)(/|$)")
# the same paths quoted inside a message (Python's OSError texts: "No such file or directory: '/.../servers/...'")
QUOTED_PANEL_PATH = re.compile(r"'(/[^'\s]*?)?/(servers|backups|temp|import|app|logs)(?=[/'])")
SECRET_KEYS = frozenset(["password", "totp", "token", "backup_code", "totp_secret"])
# values that change by themselves; only their type is kept
VOLATILE = frozenset(["cpu", "mem", "mem_percent", "world_size", "int_ping_results", "online", "max", "players",
                      "desc", "icon", "version_string", "last_ip", "last_login", "last_update", "created",
                      "next_run", "started", "first_run", "size", "stats_id", "modified_epoch", "modified"])
# keys whose values are ids, and the kind of object they name
ID_KEYS = {"user_id": "user", "manager": "user", "created_by": "user", "role_id": "role", "server_id": "server",
           "new_server_id": "server", "new_server_uuid": "server", "server_uuid": "server", "schedule_id": "task",
           "parent": "task", "webhook_id": "webhook", "backup_id": "backup", "action_id": "backup", "roles": "role"}


class Exchange:
    """One request and the panel's answer, normalised (see the module docstring)."""

    def __init__(self, step, method, route, request, status, content_type, body, raw=None):
        self.step = step
        self.method = method
        self.route = route
        self.request = request
        self.status = status
        self.content_type = content_type
        self.body = body
        #: the decoded answer before normalising (not recorded)
        self.raw = raw

    options = None

    def as_dict(self):
        return {"step": self.step, "method": self.method, "route": self.route, "request": self.request,
                "status": self.status, "content_type": self.content_type, "body": self.body}

    @property
    def data(self):
        """The ``data`` of an envelope, or the bare answer."""
        if isinstance(self.raw, dict) and "status" in self.raw and "data" in self.raw:
            return self.raw["data"]
        return self.raw


class ScenarioError(AssertionError):
    """The panel answered in a way the scenario cannot go on from."""


class Runner:
    """Sends requests to ``url`` (the panel's root; ``/api/v2`` is added) and keeps the exchanges.

    ``version`` is read from the panel first. ``tokens`` are the logins the
    scenario made (``admin``, ``limited``); ``vars`` the ids it learnt.
    """

    def __init__(self, url, verify=False, timeout=60):
        self.base = url.rstrip("/") + API
        self.session = requests.Session()
        self.session.verify = verify
        self.session.trust_env = False
        self.timeout = timeout
        if verify is False:
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        self.exchanges = []
        self.tokens = {"bad": "not-a-token"}
        self.vars = {}
        self.version = None

    # -- the version and the variables ------------------------------------------------------

    def at_least(self, *parts):
        return self.version >= tuple(parts)

    def set(self, name, value):
        """Remember an id as ``kind:name`` (``server:survival``)."""
        if value is None:
            raise ScenarioError("%s: the panel gave no id" % name)
        self.vars[name] = value
        return value

    def get(self, name):
        if name not in self.vars:
            raise ScenarioError("%s is not known: an earlier step did not give it" % name)
        return self.vars[name]

    def pause(self, seconds):
        time.sleep(seconds)

    # -- requests ----------------------------------------------------------------------------

    def call(self, step, method, path, body=None, auth="admin", params=None, raw_body=None, shape_only=False,
             list_ids=None, summary=None):
        """Send one request; ``path`` may name variables as ``{server:survival}``.

        ``shape_only``: keep only the keys and value types of the answer (host and server statistics).
        ``list_ids``: the kind of the bare integer ids a list in the answer holds (``"user"``).
        ``summary``: a function that keeps what is behaviour of the answer's ``data`` (a catalogue's shape).
        """
        real_path = re.sub(r"\{([a-z]+:[^}]+)\}", lambda m: str(self.get(m.group(1))), path)
        headers = {}
        if auth is not None:
            headers["Authorization"] = "Bearer %s" % self.tokens[auth]
        if raw_body is not None:
            data = raw_body.encode("utf-8")
        elif body is not None:
            data = json.dumps(body).encode("utf-8")
        else:
            data = None
        response = self.session.request(method, self.base + real_path, data=data, headers=headers, params=params,
                                        timeout=self.timeout, allow_redirects=False)
        # 4.4.8+ sets a token cookie on login; a recording is of what the header alone does
        self.session.cookies.clear()
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip() or None
        exchange = Exchange(step, method, _route(path), {"path": path, "auth": auth}, response.status_code,
                            content_type, None, raw=decode(response, content_type))
        if params:
            exchange.request["path"] += "?" + "&".join("%s=%s" % kv for kv in sorted(params.items()))
        if body is not None or raw_body is not None:
            exchange.request["body"] = hide_secrets(body if raw_body is None else raw_body)
        exchange.options = {"shape_only": shape_only, "list_ids": list_ids, "summary": summary}
        self.exchanges.append(exchange)
        return exchange

    def normalised(self):
        """Every exchange as a dict, normalised with every id the scenario learnt (also those learnt later)."""
        out = []
        for exchange in self.exchanges:
            record = exchange.as_dict()
            record["request"] = dict(record["request"])
            if "body" in record["request"]:
                record["request"]["body"] = self.normalise(record["request"]["body"])
            body = exchange.raw
            if exchange.status == 200 and isinstance(body, dict):
                if exchange.options["shape_only"]:
                    body = dict(body, data=shape(body.get("data")))
                elif exchange.options["summary"]:
                    body = dict(body, data=exchange.options["summary"](body.get("data")))
            record["body"] = self.normalise(body, list_ids=exchange.options["list_ids"])
            out.append(record)
        return out

    def expect(self, exchange, *statuses):
        """Stop the scenario when a step the later ones need did not work."""
        if exchange.status not in statuses:
            raise ScenarioError("%s: %s %s answered %s %r (expected %s)" % (
                exchange.step, exchange.method, exchange.request["path"], exchange.status, exchange.raw, statuses))
        return exchange

    # -- normalising --------------------------------------------------------------------------

    def normalise(self, value, key=None, list_ids=None):
        if isinstance(value, dict):
            return dict((self._key(k), self.normalise(v, k, list_ids)) for k, v in value.items())
        if isinstance(value, list):
            if list_ids and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
                return sorted(self._id(list_ids, v) for v in value)
            return [self.normalise(v, key, list_ids) for v in value]
        if key in VOLATILE:
            if isinstance(value, str):
                return _time_or(value, "<str>" if value else "")
            return value if value is None else "<%s>" % type(value).__name__
        if key in ID_KEYS and value is not None and not isinstance(value, (dict, bool)):
            return self._id(ID_KEYS[key], value)
        if isinstance(value, str):
            return self._text(value)
        return value

    def _id(self, kind, value):
        for name, known in self.vars.items():
            if name.startswith(kind + ":") and str(known) == str(value):
                return "<%s>" % name
        if isinstance(value, str) and UUID.fullmatch(value):
            return "<uuid>"
        return "<%s:?>" % kind if str(value).lstrip("-").isdigit() and int(value) > 0 else value

    def _key(self, key):
        """Dict keys that are ids (webhook and backup lists are keyed by them)."""
        for name, known in self.vars.items():
            if isinstance(known, str) and known == key:
                return "<%s>" % name
        return "<uuid>" if UUID.fullmatch(str(key)) else key

    def _text(self, text):
        # jsonschema's own message (4.0.8) goes on with a dump of the schema, whose key order is not behaviour
        text = text.split("\n\nFailed validating", 1)[0]
        if JWT.match(text):
            return "<token>"
        timed = _time_or(text, None)
        if timed:
            return timed
        for name, known in sorted(self.vars.items()):
            if isinstance(known, str) and len(known) >= 8:
                text = text.replace(known, "<%s>" % name)
        text = UUID.sub("<uuid>", text)
        match = PANEL_PATH.match(text)
        if match and match.group(1):
            text = "<root>" + text[len(match.group(1)):]
        return QUOTED_PANEL_PATH.sub(lambda m: "'<root>/" + m.group(2), text)


def decode(response, content_type):
    """The answer as data: JSON decoded, a traceback as its exception, an HTML page as its title."""
    text = response.text
    if not text:
        return None
    if content_type == "application/json":
        try:
            return response.json()
        except ValueError:
            return {"unparsable": text[:200]}
    if text.startswith("Traceback (most recent call last):"):
        return {"traceback": traceback_exception(text)}
    title = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    if title:
        return {"html": title.group(1).strip()}
    return {"text": text[:200]}


def traceback_exception(text):
    """``KeyError: 'mfa_required'`` from a traceback: the last exception's class (without its module) and
    the first line of its message."""
    lines = [line for line in text.rstrip().splitlines() if line and not line.startswith((" ", "\t"))]
    last = lines[-1] if lines else ""
    for line in reversed(lines):
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exist|Interrupt|Warning|Exit)\b", line):
            last = line
            break
    name, _colon, message = last.partition(":")
    return ("%s: %s" % (name.rsplit(".", 1)[-1], message.strip())).rstrip(": ")


def shape(value):
    """Keys and value types only."""
    if isinstance(value, dict):
        return dict((k, shape(v)) for k, v in value.items())
    if isinstance(value, list):
        return [shape(v) for v in value[:1]]
    return value if value is None else "<%s>" % type(value).__name__


def hide_secrets(value):
    if isinstance(value, dict):
        return dict((k, "<secret>" if k in SECRET_KEYS and v else hide_secrets(v)) for k, v in value.items())
    if isinstance(value, list):
        return [hide_secrets(v) for v in value]
    return value


def _time_or(text, default):
    if ISO_TIME.match(text):
        return "<iso-time>"
    if CRAFTY_TIME.match(text):
        return "<crafty-time>"
    return default


def _route(path):
    """``/servers/{server:survival}/tasks/{task:root}`` -> ``/servers/{server}/tasks/{task}``."""
    return re.sub(r"\{([a-z]+):[^}]+\}", r"{\1}", path.split("?")[0])
