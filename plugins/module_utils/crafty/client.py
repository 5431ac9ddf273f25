# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for the Crafty Controller 4 API v2 (reference: API.md, permissions.md).

Typed calls over :mod:`transport`, returning plain dicts. This is the one
place that knows Crafty's envelope (``{status, data, error, error_data}``)
and its bare bodies, its HTML 500 pages, its permission refusals (HTTP 400
``NOT_AUTHORIZED``), its login and token renewal, and its version. The
numbered quirks of API.md section 15 are named where they are handled.
No Ansible imports: usable from plain Python.
"""

from __future__ import annotations

import re
import time
from urllib.parse import quote

from ansible_collections.gameops.panels.plugins.module_utils import totp
from ansible_collections.gameops.panels.plugins.module_utils.crafty.versions import Version
from ansible_collections.gameops.panels.plugins.module_utils.errors import CraftyError, NotThisPanel, PanelError
from ansible_collections.gameops.panels.plugins.module_utils.transport import Transport, seen

API = "/api/v2"
#: what the client adds to panel_url itself (a panel_url ending in one of these would double it)
ADDED_PATHS = (API, "/api")
TITLE = "Crafty Controller"

#: server permission bits, index 0 = the left-most character of the 8-character mask (permissions.md 2)
SERVER_PERMISSIONS = ("commands", "terminal", "logs", "schedule", "backup", "files", "config", "players")


#: every route the client calls: name -> (method, path below /api/v2 with "{}" for each id). What the real
#: panel answers on each is recorded under tests/conformance/crafty and held to the simulator there.
ROUTES = {
    "index": ("GET", ""),
    "login": ("POST", "/auth/login"),
    "me": ("GET", "/users/@me"),
    "users.list": ("GET", "/users"),
    "users.get": ("GET", "/users/{}"),
    "users.permissions": ("GET", "/users/{}/permissions"),
    "users.create": ("POST", "/users"),
    "users.update": ("PATCH", "/users/{}"),
    "users.delete": ("DELETE", "/users/{}"),
    "roles.list": ("GET", "/roles"),
    "roles.get": ("GET", "/roles/{}"),
    "roles.servers": ("GET", "/roles/{}/servers"),
    "roles.create": ("POST", "/roles"),
    "roles.update": ("PATCH", "/roles/{}"),
    "roles.delete": ("DELETE", "/roles/{}"),
    "servers.list": ("GET", "/servers"),
    "servers.get": ("GET", "/servers/{}"),
    "servers.create": ("POST", "/servers"),
    "servers.update": ("PATCH", "/servers/{}"),
    "servers.delete": ("DELETE", "/servers/{}"),
    "servers.stats": ("GET", "/servers/{}/stats"),
    "servers.action": ("POST", "/servers/{}/action/{}"),
    "servers.action_on": ("POST", "/servers/{}/action/{}/{}"),
    "jars.catalogue": ("GET", "/crafty/JarCache"),
    "tasks.get": ("GET", "/servers/{}/tasks/{}"),
    "tasks.create": ("POST", "/servers/{}/tasks"),
    "tasks.update": ("PATCH", "/servers/{}/tasks/{}"),
    "tasks.delete": ("DELETE", "/servers/{}/tasks/{}"),
    "webhooks.list": ("GET", "/servers/{}/webhook"),
    "webhooks.create": ("POST", "/servers/{}/webhook"),
    "webhooks.update": ("PATCH", "/servers/{}/webhook/{}"),
    "webhooks.delete": ("DELETE", "/servers/{}/webhook/{}"),
    "backups.list": ("GET", "/servers/{}/backups"),
    "backups.create": ("POST", "/servers/{}/backups"),
    "backups.update": ("PATCH", "/servers/{}/backups/backup/{}"),
    "backups.delete": ("DELETE", "/servers/{}/backups/backup/{}"),
    "backups.restore": ("POST", "/servers/{}/backups/backup/{}"),
    "files.read": ("POST", "/servers/{}/files"),
    "files.save": ("PATCH", "/servers/{}/files"),
    "files.create": ("PUT", "/servers/{}/files/create"),
    "files.delete": ("DELETE", "/servers/{}/files"),
}
#: how Crafty's read of a file answers a path that does not exist: nothing there, or a file where a folder should be
MISSING_PATH = ("FileNotFoundError", "NotADirectoryError")
#: the one POST that only reads: a server's file or folder (4.10's file routes)
READ_POSTS = re.compile(r"/servers/[^/]+/files/?$")

#: the codes of Crafty's answers to a create whose unique name is taken (users, roles)
TAKEN_CODES = frozenset(["USER_EXISTS", "ROLE_NAME_ALREADY_EXISTS"])
# reads of a schedule id answered by a 500 that is not Crafty's own answer, before giving up
MISSING_TASK_ATTEMPTS = 4
# Tornado's own error page, which Crafty answers when show_errors is off (with it on, a traceback)
TORNADO_PAGE = re.compile(r"^\s*<html><title>500: Internal Server Error</title><body>500: Internal Server Error"
                          r"</body></html>\s*$", re.I)
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|DoesNotExist|Exit|Interrupt|Warning)\b")


def answers_like(transport, url):
    """``"Crafty Controller <version>"`` when Crafty answers at ``url`` (its version, which it tells without a
    login), else None. One request, no credential."""
    found = transport.probe("GET", url.rstrip("/") + API)
    body = found[2] if found is not None else None
    if isinstance(body, dict) and body.get("status") == "ok" and isinstance(body.get("data"), dict) and \
            body["data"].get("version"):
        return "%s %s" % (TITLE, body["data"]["version"])
    return None


def parse_error(body):
    """Crafty error body -> (code, message, [])."""
    if not isinstance(body, dict):
        return None, None, []
    code = body.get("error")
    detail = body.get("error_data", body.get("info", body.get("data")))
    if isinstance(detail, (dict, list)):
        detail = str(detail)
    message = "%s: %s" % (code, detail) if code and detail else code or detail
    return code, message, []


def exception_line(traceback):
    """The exception a Python traceback ends with (``KeyError: 'mfa_required'``), without the lines after it."""
    lines = [line for line in traceback.rstrip().splitlines() if line and not line[0].isspace()]
    for line in reversed(lines):
        if EXCEPTION_LINE.match(line):
            return line.strip()
    return lines[-1].strip() if lines else ""


def internal_error(exc):
    """What Crafty said of an unhandled exception (its HTTP 500), or None when the 500 is not Crafty's own.

    ``("traceback", "<exception line>")`` with ``show_errors: true``, Crafty's default: Tornado answers the
    Python traceback as text/plain. ``("page", None)`` with it off: Tornado's error page, which tells no cause.
    A 500 of anything else (a proxy in front of Crafty) is None: it says nothing of what Crafty holds.
    """
    text = exc.text or ""
    if exc.status != 500 or exc.code is not None:
        return None
    if text.lstrip().startswith("Traceback (most recent call last):"):
        return "traceback", exception_line(text)
    if TORNADO_PAGE.match(text):
        return "page", None
    return None


def names_missing_row(exc):
    """Whether a 500 is Crafty's answer for an id it does not have: the lookup's ``<Model>DoesNotExist``
    (traceback), or Tornado's page, which Crafty answers for missing ids when it shows no tracebacks."""
    found = internal_error(exc)
    if found is None:
        return False
    kind, line = found
    if kind == "page":
        return True
    exception = line.split(":", 1)[0].rsplit(".", 1)[-1]
    # a lookup that failed, or Crafty failing to encode that failure into its 404 answer (8.3)
    return exception.endswith("DoesNotExist") or ("is not JSON serializable" in line and "DoesNotExist" in line)


def columns(row, fields, names):
    """The ``fields`` a Crafty ``row`` holds, under the collection's names (``names``: ours -> Crafty's column,
    where they differ)."""
    return dict((field, row[names.get(field, field)]) for field in fields if names.get(field, field) in row)


def comma_set(value):
    """A list column Crafty stores as one comma-joined string (quirks 6, 15), or the list a module gives: sorted,
    each item once."""
    if isinstance(value, (list, tuple)):
        return sorted(set(value))
    return sorted(set(item for item in str(value or "").split(",") if item))


class CraftyClient:
    """The Crafty API v2 routes the collection uses.

    Give ``username`` and ``password`` (and ``totp_secret`` when the account
    has two-factor login), or an ``api_token`` (an API key's token, or any
    token Crafty issued). The client logs in on the first request that needs
    it. Tokens never expire but can be invalidated (quirk 20): a refused
    token is replaced by one fresh login, once per client, when credentials
    were given.
    """

    def __init__(self, url, username=None, password=None, totp_secret=None, api_token=None, secrets=(),
                 clock=time.time, sleep=time.sleep, **transport_options):
        """``transport_options`` go to :class:`Transport` (validate_certs, ca_path, timeout, retries, ...)."""
        if not api_token and not (username and password):
            raise CraftyError("Crafty needs panel_username and panel_password, or api_token", option="panel_username")
        self.url = url.rstrip("/")
        for path in ADDED_PATHS:
            if self.url.lower().endswith(path):
                raise NotThisPanel("panel_url %s ends in %s, which the collection adds itself: set panel_url to the "
                                   "panel's address, %s" % (url, path, self.url[:-len(path)] or "its scheme and host"))
        self.transport = Transport(
            self.url + API,
            headers={"Accept": "application/json"},
            secrets=[s for s in (password, totp_secret, api_token) if s] + list(secrets),
            error_parser=parse_error,
            **transport_options
        )
        self.username = username
        self._password = password
        self._totp_secret = totp_secret
        self._token = api_token
        self._renewed = False
        self._version = None
        self._me = None
        self._backup_lists = {}  # server id -> its backup configurations, as listed this run
        self._clock = clock
        self._sleep = sleep

    @property
    def request_counts(self):
        return dict(self.transport.counts)

    @property
    def can_login(self):
        return bool(self.username and self._password)

    # -- version (API.md 13.3) ----------------------------------------------

    @property
    def version(self):
        """The panel's version, read once per client from ``GET /api/v2`` (no authentication)."""
        if self._version is None:
            try:
                data = self._route("index", auth=False)
                self._version = Version((data or {}).get("version"))
            except (PanelError, ValueError, AttributeError) as exc:
                message = "%s does not answer like Crafty Controller 4 (GET %s: %s); check panel_url"
                if isinstance(exc, PanelError) and exc.status is None:
                    # nothing answered: nothing to tell another panel type by
                    raise CraftyError(message % (self.url, API, exc), option=exc.option or "panel_url")
                if isinstance(exc, PanelError) and not isinstance(exc, NotThisPanel):
                    exc = seen(exc.status, exc.content_type, exc.text or exc.message)
                raise NotThisPanel(message % (self.url, API, exc))
        return self._version

    # -- authentication (API.md 2) -------------------------------------------

    def login(self):
        """Log in with the credentials; the token is kept (and redacted from every message)."""
        version = self.version
        for attempt in (1, 2):
            body = {"username": self.username, "password": self._password}
            if self._totp_secret:
                version.require("totp_login", option="panel_totp_secret")
                try:
                    # a code is accepted once (API.md 2.4): claim a time step no other login used
                    body["totp"] = totp.claim_code(self._totp_secret, "%s\0%s" % (self.url, self.username.lower()),
                                                   clock=self._clock, sleep=self._sleep)
                except totp.InvalidSecret as exc:
                    raise CraftyError("panel_totp_secret: %s" % exc, option="panel_totp_secret")
            try:
                # a login only opens a session, so the transport sends it again after a lost answer; not with
                # a TOTP code, which Crafty may have spent: the second attempt here claims the next time step
                data = self._route("login", body=body, auth=False, idempotent="totp" not in body)
                break
            except PanelError as exc:
                if attempt == 1 and "totp" in body and exc.ambiguous:
                    continue
                raise self._login_error(exc, version)
        self._token = data["token"]
        self.transport.add_secret(self._token)
        return self._token

    def _login_error(self, exc, version):
        who = "Crafty refused the login of %r" % self.username
        if exc.code == "INCORRECT_CREDENTIALS":
            if self._totp_secret:
                hint = "wrong password, or panel_totp_secret does not belong to this account"
                option = "panel_totp_secret"
            else:
                hint = "wrong username or password (or the account has two-factor login: set panel_totp_secret)"
                option = "panel_password"
            if exc.status == 400 and version >= (4, 4, 8):
                # quirk 24: 4.4.8+ answers schema errors (such as a password under 8 characters) like this
                hint += "; Crafty %s also refuses API logins with passwords shorter than 8 characters" % version
            return CraftyError("%s: %s" % (who, hint), option=option, status=exc.status, code=exc.code,
                               method=exc.method, url=exc.url)
        if exc.code == "ACCOUNT_DISABLED":
            return CraftyError("%s: the account is disabled" % who, option="panel_username", status=exc.status,
                               code=exc.code, method=exc.method, url=exc.url)
        if exc.code == "TOO_MANY_ATTEMPTS" or exc.status == 429:
            return CraftyError("%s: too many failed logins from this address; Crafty locks logins out for 5 minutes"
                               % who, option="panel_password", status=exc.status, code=exc.code, method=exc.method,
                               url=exc.url)
        if exc.code == "PASSWORD_AUTH_DISABLED":
            return CraftyError("%s: password login is disabled for this account (passkeys only); use api_token" % who,
                               option="api_token", status=exc.status, code=exc.code, method=exc.method, url=exc.url)
        return exc

    @staticmethod
    def changes_panel(request):
        """Whether a write request changes what the modules manage: a login and a file read (POSTs) do not."""
        path = request.path_url.split("?", 1)[0].rstrip("/")
        return not (path.endswith("/auth/login") or (request.method == "POST" and READ_POSTS.search(path)))

    def _headers(self):
        if self._token is None:
            self.login()
        return {"Authorization": "Bearer %s" % self._token}

    def _renew(self, exc):
        """One fresh login after Crafty refused the token (quirk 20); else a clear error."""
        if "edit_user_otp" in (exc.message or ""):
            raise CraftyError("Crafty requires two-factor login for this account: set panel_totp_secret (or use an "
                              "api_token, which is exempt)", option="panel_totp_secret", status=exc.status,
                              code=exc.code, method=exc.method, url=exc.url)
        if not self.can_login:
            raise CraftyError("Crafty refused api_token (HTTP 403 ACCESS_DENIED): it was invalidated, its API key or "
                              "user was deleted, or it is not a Crafty token; create a new API key, or give "
                              "panel_username and panel_password so the collection can log in again",
                              option="api_token", status=exc.status, code=exc.code, method=exc.method, url=exc.url)
        if self._renewed:
            raise CraftyError("Crafty refused the token of a fresh login too (HTTP 403 ACCESS_DENIED); is the account "
                              "%r still enabled?" % self.username, option="panel_username", status=exc.status,
                              code=exc.code, method=exc.method, url=exc.url)
        self._renewed = True
        # invalidation is second-granular with a strict "<" (quirk 20): a token minted in the same
        # second as the invalidation is dead too, so log in again in the next second
        now = self._clock()
        self._sleep(int(now) + 1.01 - now)
        self.login()

    # -- plumbing --------------------------------------------------------------

    def _route(self, name, *ids, **kwargs):
        """Call the route ``name`` of :data:`ROUTES` with ``ids`` in its path (keyword arguments: :meth:`_call`)."""
        method, template = ROUTES[name]
        return self._call(method, template.format(*(self._id(i) for i in ids)), **kwargs)

    def _call(self, method, path, body=None, params=None, auth=True, envelope=True, needs=None, final_statuses=(),
              idempotent=None, raw_errors=False):
        """One request; the ``data`` of the envelope (or the bare body with ``envelope=False``).

        ``needs`` says which permission the route checks, for the message of
        a refusal: ``("server", "<bit>", <server label>)``, ``("crafty", "<bit>")``
        or ``("superuser",)``. ``raw_errors``: raise the transport's error as it
        is (the caller reads the panel's answer itself).
        """
        for attempt in (1, 2):
            headers = self._headers() if auth else None
            try:
                payload = self.transport.request(method, path, params=params, json_body=body, headers=headers,
                                                 final_statuses=final_statuses, idempotent=idempotent)
                break
            except PanelError as exc:
                # quirk 2: authentication failures are 403 ACCESS_DENIED, permission refusals 400
                if auth and exc.status == 403 and exc.code == "ACCESS_DENIED" and attempt == 1:
                    self._renew(exc)
                    continue
                raise exc if raw_errors else self._explain(exc, needs)
        if not envelope:
            # quirk 4: some GETs answer the bare object, without the envelope
            return payload
        if not isinstance(payload, dict) or "status" not in payload:
            raise CraftyError("Crafty answered %s %s with %r, not its {status, data} envelope"
                              % (method, path, payload), method=method, url=self.transport.redact(path))
        if payload["status"] != "ok":
            # quirk 18: stdin to a stopped server and clone-limit errors are HTTP 200 with status "error"
            code, message, _fields = parse_error(payload)
            raise CraftyError(self.transport.redact(message or "request failed"), status=200, code=code,
                              method=method, url=self.transport.redact(self.transport.base_url + path))
        return payload.get("data")

    def _explain(self, exc, needs):
        """A PanelError with what to do about it; a write whose outcome is unknown stays one (the engine reads back)."""
        explained = self._explanation(exc, needs)
        if exc.ambiguous and not explained.ambiguous:
            explained.ambiguous = True
        # Crafty's uniqueness answers: a name it checks itself, or its database's unique constraint (quirk 5)
        crashed = internal_error(exc)
        explained.taken = exc.code in TAKEN_CODES or (
            crashed is not None and "IntegrityError" in (crashed[1] or "") and "UNIQUE" in (crashed[1] or ""))
        return explained

    def _explanation(self, exc, needs):
        if exc.status == 400 and exc.code == "NOT_AUTHORIZED":
            return CraftyError(self._refusal(needs), status=exc.status, code=exc.code, method=exc.method, url=exc.url)
        if exc.status == 403 and exc.code == "ACCESS_DENIED":
            return CraftyError("Crafty refused the token again after a fresh login (HTTP 403 ACCESS_DENIED)",
                               status=exc.status, code=exc.code, method=exc.method, url=exc.url)
        crashed = internal_error(exc)
        if crashed is not None:
            # quirk 3 and section 1: an unhandled exception in Crafty (an unknown id, a key a version requires)
            detail = crashed[1] or "Tornado's error page, which tells no cause (show_errors is off)"
            error = CraftyError("Crafty failed with an internal error (HTTP 500: %s); Crafty answers this way for "
                                "unknown ids and for requests its version cannot handle" % detail[:300],
                                status=500, method=exc.method, url=exc.url)
            error.answered = True
            return error
        return exc

    def _refusal(self, needs):
        account = "account %r" % self.username if self.username else "the api_token's account"
        kind = needs[0] if needs else None
        if kind == "server" and needs[1] == "access":
            return ("Crafty refused: the %s has no access to server %s (none of its roles includes it)"
                    % (account, needs[2]))
        if kind == "server":
            bit, server = needs[1], needs[2]
            return ("Crafty refused: the %s lacks the server permission %s (%s) on server %s, or has no access to "
                    "it; grant it through one of the account's roles (gameops.panels.role, servers[].permissions)"
                    % (account, bit.upper(), bit, server))
        if kind == "crafty":
            return ("Crafty refused: the %s lacks the Crafty permission %s; a superuser can grant it"
                    % (account, needs[1].upper()))
        if kind == "superuser":
            return "Crafty refused: this needs a superuser, and the %s is not one" % account
        if kind == "manager":
            return ("Crafty refused: the %s may change this role only as its manager with the Crafty permission "
                    "ROLES_CONFIG (or as a superuser)" % account)
        return "Crafty refused the request (NOT_AUTHORIZED) for the %s" % account

    @staticmethod
    def _id(value):
        return quote(str(value), safe="@")  # "@me" is a literal in the routes (quirk 21)

    # -- the caller (API.md 7.3, quirk 21: use @me, not the numeric id) --------

    def me(self):
        if self._me is None:
            self._me = self._route("me")
        return self._me

    # -- users (API.md 7) ------------------------------------------------------

    def list_users(self):
        """Every user but the hidden ones; without USER_CONFIG Crafty answers only the caller (7.1)."""
        return self._route("users.list", needs=("crafty", "user_config"))

    def get_user(self, user_id):
        return self._route("users.get", user_id, needs=("crafty", "user_config"))

    def get_user_permissions(self, user_id):
        return self._route("users.permissions", user_id, needs=("crafty", "user_config"))

    def create_user(self, body):
        """Returns the new user's id; quirk 7: Crafty sends it as a string (quirk 27: with HTTP 201)."""
        data = self._route("users.create", body=body, needs=("crafty", "user_config"))
        return int(data["user_id"])

    def update_user(self, user_id, body):
        self._route("users.update", user_id, body=body, needs=("crafty", "user_config"))

    def delete_user(self, user_id):
        # quirk 28: idempotent, unknown ids answer 200 too
        self._route("users.delete", user_id, needs=("crafty", "user_config"))

    # -- roles (API.md 8) ------------------------------------------------------

    def _roles_need(self):
        return ("superuser",) if not self.version.has("manager") else ("crafty", "roles_config")

    def list_roles(self):
        return self._route("roles.list", needs=self._roles_need())

    def get_role(self, role_id):
        """One role object (8.3)."""
        return self._route("roles.get", role_id, needs=self._roles_need())

    def get_role_servers(self, role_id):
        """``[{server_id, permissions}]``; superuser only (8.6)."""
        return self._route("roles.servers", role_id, needs=("superuser",))

    def create_role(self, body):
        return int(self._route("roles.create", body=body, needs=self._roles_need())["role_id"])

    def update_role(self, role_id, body):
        needs = ("superuser",) if not self.version.has("manager") else ("manager",)
        self._route("roles.update", role_id, body=body, needs=needs)

    def delete_role(self, role_id):
        needs = ("superuser",) if not self.version.has("manager") else ("manager",)
        self._route("roles.delete", role_id, needs=needs)

    # -- servers (API.md 9) ----------------------------------------------------

    def list_servers(self):
        """The servers the caller may see, each once (quirk 22: overlapping roles list a server twice)."""
        seen, servers = set(), []
        for server in self._route("servers.list") or []:
            if str(server["server_id"]) not in seen:
                seen.add(str(server["server_id"]))
                servers.append(server)
        return servers

    def get_server(self, server_id, label=None):
        return self._route("servers.get", server_id, needs=("server", "access", label or server_id))

    def create_server(self, body):
        """Returns the new server's id (a string, quirk 7; an int-like string on 4.0.8)."""
        data = self._route("servers.create", body=body, needs=("crafty", "server_creation"))
        return data["new_server_id"]

    def update_server(self, server_id, body, label=None):
        self._route("servers.update", server_id, body=body, needs=("server", "config", label or server_id))

    def delete_server(self, server_id, files=False, label=None):
        self._route("servers.delete", server_id, params={"files": "true"} if files else None,
                    needs=("server", "config", label or server_id))

    def server_stats(self, server_id, label=None):
        return self._route("servers.stats", server_id, needs=("server", "access", label or server_id))

    def server_action(self, server_id, action, action_id=None, label=None):
        """Queue an action (quirk 17: success only means queued; an unknown action is typed into the console)."""
        needs = ("server", "commands", label or server_id)
        if action_id is not None:
            return self._route("servers.action_on", server_id, action, action_id, needs=needs)
        return self._route("servers.action", server_id, action, needs=needs)

    def jar_catalogue(self):
        """What Crafty can download a server from (4.3+): ``{category: {"types": {type: {"versions": {...}}}}}``
        in 4.9+ (its big bucket catalogue); None when this panel has no catalogue it answers."""
        if not self.version.uuid_server_ids:
            return None
        try:
            data = self._route("jars.catalogue", needs=("crafty", "server_creation"))
        except PanelError as exc:
            if exc.status in (404, 500):
                return None
            raise
        return data if isinstance(data, dict) else None

    # -- schedules (API.md 10) -------------------------------------------------

    def get_task(self, server_id, task_id, label=None):
        """The schedule row with this id, or None when Crafty has none (quirk 3: an unknown id is a 500).

        Quirk 4: the row comes bare, without the envelope, with ``server_id``
        expanded into the whole server object (section 4). Crafty does not
        check that the row belongs to ``server_id`` (10.3).
        """
        for attempt in range(1, MISSING_TASK_ATTEMPTS + 1):
            try:
                # quirk 3: Crafty's 500 is its answer for an id it does not have, not a fault to retry
                return self._route("tasks.get", server_id, task_id, envelope=False,
                                   needs=("server", "schedule", label or server_id), final_statuses=(500,),
                                   raw_errors=True)
            except PanelError as exc:
                if names_missing_row(exc):
                    return None
                # any other 500 (a proxy's page, another exception) says nothing about the row: taking it for
                # "no such id" would hide an existing schedule, which the run would then create a second time
                if exc.status != 500 or exc.code is not None or internal_error(exc) is not None \
                        or attempt == MISSING_TASK_ATTEMPTS:
                    raise self._explain(exc, ("server", "schedule", label or server_id))
        return None  # not reached

    def create_task(self, server_id, body, label=None):
        """The new schedule's id, or None (quirk 12: disabled and reaction schedules come back without one)."""
        data = self._route("tasks.create", server_id, body=body,
                           needs=("server", "schedule", label or server_id))
        task_id = (data or {}).get("schedule_id")
        return int(task_id) if task_id is not None else None

    def update_task(self, server_id, task_id, body, label=None):
        self._route("tasks.update", server_id, task_id, body=body,
                    needs=("server", "schedule", label or server_id))

    def delete_task(self, server_id, task_id, label=None):
        self._route("tasks.delete", server_id, task_id,
                    needs=("server", "schedule", label or server_id))

    # -- webhooks (API.md 11) --------------------------------------------------

    def list_webhooks(self, server_id, label=None):
        """Webhooks of a server, each with its ``id``.

        Quirk 6: Crafty answers a dict keyed by the id as a string, its
        values without the id.
        """
        data = self._route("webhooks.list", server_id, needs=("server", "config", label or server_id))
        return [dict(hook, id=int(hook_id)) for hook_id, hook in sorted((data or {}).items(), key=lambda i: int(i[0]))]

    def create_webhook(self, server_id, body, label=None):
        data = self._route("webhooks.create", server_id, body=body,
                           needs=("server", "config", label or server_id))
        return int(data["webhook_id"])

    def update_webhook(self, server_id, webhook_id, body, label=None):
        self._route("webhooks.update", server_id, webhook_id, body=body,
                    needs=("server", "config", label or server_id))

    def delete_webhook(self, server_id, webhook_id, label=None):
        self._route("webhooks.delete", server_id, webhook_id,
                    needs=("server", "config", label or server_id))

    # -- backups (API.md 12) ---------------------------------------------------

    def list_backups(self, server_id, label=None):
        """Backup configurations of a server (4.4+), each with its ``backup_id``; read once per run and server
        (the backup and the schedule handlers both need them), again after this client wrote one.

        Quirk 4: a bare dict keyed by backup_id, without the envelope.
        """
        key = str(server_id)
        if key not in self._backup_lists:
            data = self._route("backups.list", server_id, envelope=False, needs=("server", "backup", label or server_id))
            if isinstance(data, dict) and data.get("status") == "error":
                code, message, _fields = parse_error(data)
                raise CraftyError(message, code=code)
            self._backup_lists[key] = [dict(config, backup_id=backup_id) for backup_id, config in (data or {}).items()]
        return [dict(config) for config in self._backup_lists[key]]

    def create_backup(self, server_id, body, label=None):
        """Quirk 15: Crafty answers no id; list the server's configurations to learn it."""
        self._backup_lists.pop(str(server_id), None)
        self._route("backups.create", server_id, body=body,
                    needs=("server", "backup", label or server_id))

    def update_backup(self, server_id, backup_id, body, label=None):
        self._backup_lists.pop(str(server_id), None)
        self._route("backups.update", server_id, backup_id, body=body,
                    needs=("server", "backup", label or server_id))

    def delete_backup(self, server_id, backup_id, label=None):
        self._backup_lists.pop(str(server_id), None)
        self._route("backups.delete", server_id, backup_id,
                    needs=("server", "backup", label or server_id))

    def run_backup(self, server_id, backup_id=None, label=None):
        """Start a backup now with one configuration (4.4; 4.0.8 has only the plain action)."""
        return self.server_action(server_id, "backup_server", action_id=backup_id, label=label)

    def restore_backup(self, server_id, backup_id, filename, in_place=None, label=None):
        self._backup_lists.pop(str(server_id), None)
        body = {"filename": filename}
        if in_place is not None:
            body["inPlace"] = in_place
        self._route("backups.restore", server_id, backup_id, body=body,
                    needs=("server", "backup", label or server_id))

    # -- a server's files (4.10+: paths relative to the server's folder) -----------------------

    def read_file(self, server_id, path, label=None):
        """``{"content", "attributes"}`` of a file, a folder's listing (``root_path`` and one entry per name), or
        None when Crafty has no such path: its FileNotFoundError or NotADirectoryError (a 500 traceback), or Tornado's error page,
        which it answers instead when show_errors is off (the caller sends no path that leaves the folder, the
        other cause of a 500 here)."""
        self.version.require("server_files", option="path")
        needs = ("server", "files", label or server_id)
        try:
            # a read, although a POST: safe to repeat; a 500 is Crafty's answer, not a fault to retry
            return self._route("files.read", server_id, body={"path": path}, needs=needs, idempotent=True,
                               final_statuses=(500,), raw_errors=True)
        except PanelError as exc:
            crashed = internal_error(exc)
            if crashed is not None and (crashed[0] == "page" or crashed[1].startswith(MISSING_PATH)):
                return None
            if exc.code == "DECODE_ERROR":
                raise CraftyError("Crafty cannot read %s of server %s as UTF-8 text (%s)"
                                  % (path, label or server_id, exc.message),
                                  option="path", status=exc.status, code=exc.code, method=exc.method, url=exc.url)
            raise self._explain(exc, needs)

    def save_file(self, server_id, path, contents, label=None):
        """Replace an existing file's text (Crafty saves only a file that exists; ``overwrite`` skips its check of
        the file's modification time, without which every save is a 409)."""
        self.version.require("server_files", option="path")
        self._route("files.save", server_id, body={"path": path, "contents": contents, "overwrite": True},
                    needs=("server", "files", label or server_id))

    def create_file(self, server_id, parent, name, directory=False, label=None):
        """An empty file, or a folder, in the existing folder ``parent`` (Crafty makes no parent folders)."""
        self.version.require("server_files", option="path")
        self._route("files.create", server_id, body={"parent": parent, "name": name, "directory": bool(directory)},
                    needs=("server", "files", label or server_id))

    def delete_file(self, server_id, path, label=None):
        """Delete a file (or a folder with what it holds)."""
        self.version.require("server_files", option="path")
        self._route("files.delete", server_id, body={"file_system_objects": [{"filename": path}]},
                    needs=("server", "files", label or server_id))
