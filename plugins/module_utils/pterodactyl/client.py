# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for the Pterodactyl 1.11 application API.

Typed calls over :mod:`transport`, returning plain dicts: the ``attributes``
of each object, with included relationships unwrapped into
``attributes["relationships"][name]`` (a dict, a list, or None). No Ansible
imports: usable from plain Python.
"""

from __future__ import annotations

from urllib.parse import quote

from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential, NotThisPanel, PanelError
from ansible_collections.gameops.panels.plugins.module_utils.transport import Transport, seen

APPLICATION = "/api/application"
CLIENT = "/api/client"
#: what the client adds to panel_url itself (a panel_url ending in one of these would double it)
ADDED_PATHS = (APPLICATION, CLIENT, "/api")
TITLE = "Pterodactyl"

# The application API has no per_page cap (API.md section 4.1), so one list
# request returns a whole collection; pagination is still followed in case a
# panel (or a proxy in front of it) caps the page.
APPLICATION_PAGE_SIZE = 10000
# Client lists do cap it: servers at 100, backups at 50 (API.md 8.1, 8.10).
CLIENT_SERVER_PAGE_SIZE = 100
BACKUP_PAGE_SIZE = 50

# Laravel's message for a failed unique rule ("The username has already been taken.")
TAKEN = "has already been taken"
# Keys the panel adds to container.environment that are not egg variables.
INJECTED_ENVIRONMENT = frozenset(["STARTUP", "P_SERVER_LOCATION", "P_SERVER_UUID", "P_SERVER_ALLOCATION_LIMIT"])


def parse_errors(body):
    """Pterodactyl error body -> (code, message, [(field, message)])."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors:
        return None, None, []
    field_errors = []
    details = []
    for error in errors:
        detail = error.get("detail") or ""
        field = (error.get("meta") or {}).get("source_field")
        if field:
            field_errors.append((field, detail))
            details.append("%s: %s" % (field, detail))
        else:
            details.append(detail)
    return errors[0].get("code"), "; ".join(details), field_errors


def check_url(url):
    """Fail before any request when ``url`` ends in a path the client adds itself (``.../api/api/application``)."""
    trimmed = url.rstrip("/")
    for path in ADDED_PATHS:
        if trimmed.lower().endswith(path):
            raise NotThisPanel("panel_url %s ends in %s, which the collection adds itself: set panel_url to the "
                               "panel's address, %s" % (url, path, trimmed[:-len(path)] or "its scheme and host"))


def answers_like(transport, url):
    """``"Pterodactyl"`` when a Pterodactyl panel answers at ``url`` (the client API's refusal of a request without
    a key, in the panel's error format), else None. One request, no credential."""
    found = transport.probe("GET", url.rstrip("/") + CLIENT)
    if found is None or not isinstance(found[2], dict):
        return None
    errors = found[2].get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict) and "code" in errors[0] and (
            "detail" in errors[0] or "status" in errors[0]):
        return TITLE
    return None


def unwrap(item):
    """A fractal item envelope -> its attributes, relationships unwrapped."""
    if not isinstance(item, dict):
        return item
    if item.get("object") == "list":
        return [unwrap(i) for i in item.get("data", [])]
    if item.get("object") == "null_resource":
        return None
    attributes = dict(item.get("attributes") or {})
    relationships = attributes.get("relationships")
    if isinstance(relationships, dict):
        attributes["relationships"] = dict((name, unwrap(rel)) for name, rel in relationships.items())
    return attributes


class PterodactylClient:
    """The Pterodactyl application and client APIs, one method per route the collection uses.

    An application key (``ptla_``) and a client key (``ptlc_``) may be given
    together; each call sends the one its API needs. A call whose key is
    missing raises :class:`MissingCredential` before anything is sent.
    """

    def __init__(self, url, api_key=None, secrets=(), client_api_key=None, **transport_options):
        """``transport_options`` go to :class:`Transport` (validate_certs, ca_path, timeout, retries, ...)."""
        if not api_key and not client_api_key:
            raise MissingCredential("an application (ptla_...) or client (ptlc_...) API key is required", "api_key")
        check_url(url)
        self.transport = Transport(
            url,
            headers={"Accept": "application/json"},
            secrets=[k for k in (api_key, client_api_key) if k] + list(secrets),
            error_parser=parse_errors,
            **transport_options
        )
        self._keys = {"application": api_key, "client": client_api_key}

    @property
    def has_application_key(self):
        return bool(self._keys["application"])

    # -- plumbing -----------------------------------------------------------

    def _auth(self, api):
        key = self._keys[api]
        if not key:
            if api == "application":
                raise MissingCredential("this needs an application API key (ptla_...) in api_key", "api_key")
            raise MissingCredential("this needs a client API key (ptlc_...) in client_api_key", "client_api_key")
        return {"Authorization": "Bearer %s" % key}

    def _app(self, method, path, params=None, body=None, idempotent=None):
        return self._call("application", method, APPLICATION + path, params, body, idempotent)

    def _client(self, method, path, params=None, body=None, idempotent=None):
        return self._call("client", method, CLIENT + path, params, body, idempotent)

    def _call(self, api, method, path, params, body, idempotent):
        try:
            answer = self.transport.request(method, path, params=params, json_body=body, headers=self._auth(api),
                                            idempotent=idempotent)
        except PanelError as exc:
            # the panel's uniqueness answers: a unique rule (422), or a subuser the server has already
            exc.taken = (exc.status == 422 and any(TAKEN in message for _field, message in exc.field_errors)) or (
                exc.code == "ServerSubuserExistsException")
            if exc.status in (404, 405) and exc.code is None and not isinstance(exc, NotThisPanel):
                # the panel answers every unknown route and model in its own error format, with a code
                raise NotThisPanel("%s does not answer like Pterodactyl (%s %s: %s); check panel_url"
                                   % (self.transport.base_url, method, path, seen(exc.status, exc.content_type,
                                                                                  exc.text or exc.message)),
                                   status=exc.status, method=method, url=exc.url) from None
            raise _name_the_key(exc, api) from None
        if answer is not None and not isinstance(answer, dict):
            raise NotThisPanel("the answer is JSON but not a Pterodactyl API answer (a %s); is panel_url the panel's "
                               "address?" % type(answer).__name__, method=method, url=path)
        return answer

    def _app_list(self, path, filters=None, include=None):
        """Every item of a paginated application collection."""
        return self._paginate(self._app, path, APPLICATION_PAGE_SIZE, filters, include)

    def _client_list(self, path, page_size, filters=None, include=None, params=None):
        """Every item of a paginated client collection (the client API caps per_page)."""
        return self._paginate(self._client, path, page_size, filters, include, params)

    @staticmethod
    def _paginate(call, path, page_size, filters=None, include=None, extra=None):
        params = dict(extra or {})
        params["per_page"] = page_size
        for name, value in (filters or {}).items():
            params["filter[%s]" % name] = value
        if include:
            params["include"] = ",".join(include)
        items, page = [], 1
        while True:
            params["page"] = page
            body = call("GET", path, params=dict(params))
            if not isinstance(body.get("data") if body else None, list):
                raise NotThisPanel("the answer has no list of %s; is panel_url the Pterodactyl panel's address?"
                                   % path.rsplit("/", 1)[-1], method="GET", url=path)
            items.extend(unwrap(i) for i in body.get("data", []))
            pagination = (body.get("meta") or {}).get("pagination") or {}
            if pagination.get("current_page", page) >= pagination.get("total_pages", 1):
                return items
            page = pagination["current_page"] + 1

    def _app_get_or_none(self, path, params=None):
        try:
            return unwrap(self._app("GET", path, params=params))
        except PanelError as exc:
            if exc.status == 404:
                return None
            raise

    @property
    def request_counts(self):
        return dict(self.transport.counts)

    # -- users (API.md 7.1) ---------------------------------------------------

    def list_users(self, filters=None):
        return self._app_list("/users", filters=filters)

    def get_user_by_external_id(self, external_id):
        return self._app_get_or_none("/users/external/%s" % quote(str(external_id), safe=""))

    def create_user(self, body):
        return unwrap(self._app("POST", "/users", body=body))

    def update_user(self, user_id, body):
        return unwrap(self._app("PATCH", "/users/%d" % user_id, body=body))

    def delete_user(self, user_id):
        self._app("DELETE", "/users/%d" % user_id)

    # -- locations, nodes, allocations (7.2, 7.3) ----------------------------

    def list_locations(self):
        return self._app_list("/locations")

    def list_nodes(self):
        return self._app_list("/nodes")

    def create_location(self, body):
        return unwrap(self._app("POST", "/locations", body=body))

    def update_location(self, location_id, body):
        """PATCH a location: ``short`` is required on every update (the panel's rules)."""
        return unwrap(self._app("PATCH", "/locations/%d" % location_id, body=body))

    def delete_location(self, location_id):
        self._app("DELETE", "/locations/%d" % location_id)

    def create_node(self, body):
        return unwrap(self._app("POST", "/nodes", body=body))

    def update_node(self, node_id, body):
        """PATCH a node: every field the create rules require, every time (UpdateNodeRequest reuses them)."""
        return unwrap(self._app("PATCH", "/nodes/%d" % node_id, body=body))

    def delete_node(self, node_id):
        self._app("DELETE", "/nodes/%d" % node_id)

    def list_allocations(self, node_id, filters=None):
        return self._app_list("/nodes/%d/allocations" % node_id, filters=filters)

    def create_allocations(self, node_id, ip, ports, alias=None):
        """Every port of ``ports`` (strings: ``"25565"``, ``"25565-25575"``) on ``ip``; ports the node has are
        skipped by the panel. Answers 204."""
        body = {"ip": ip, "ports": [str(p) for p in ports]}
        if alias is not None:
            body["alias"] = alias
        self._app("POST", "/nodes/%d/allocations" % node_id, body=body)

    def delete_allocation(self, node_id, allocation_id):
        self._app("DELETE", "/nodes/%d/allocations/%d" % (node_id, allocation_id))

    # -- nests and eggs (7.6) -------------------------------------------------

    def list_nests(self, include=()):
        """Every nest; ``include=("eggs.variables",)`` brings each nest's eggs with their variables in the same
        request (``relationships.eggs``: None when the key may not read eggs)."""
        return self._app_list("/nests", include=include)

    def list_nests_with_eggs(self):
        """Every nest with its eggs (``eggs``) and their variables, in one request when the key may read eggs
        (a nest's eggs are read on their own otherwise)."""
        nests = self.list_nests(include=("eggs.variables",))
        for nest in nests:
            eggs = (nest.get("relationships") or {}).get("eggs")
            nest["eggs"] = eggs if isinstance(eggs, list) else self.list_eggs(nest["id"])
        return nests

    def list_eggs(self, nest_id):
        """Eggs of a nest with their variables (not paginated)."""
        body = self._app("GET", "/nests/%d/eggs" % nest_id, params={"include": "variables"})
        return [unwrap(i) for i in body.get("data", [])]

    # -- servers (7.4) --------------------------------------------------------

    SERVER_INCLUDES = ("user", "nest", "egg", "node", "allocations")

    def list_servers(self, filters=None, include=SERVER_INCLUDES):
        return self._app_list("/servers", filters=filters, include=include)

    def get_server(self, server_id, include=SERVER_INCLUDES):
        return unwrap(self._app("GET", "/servers/%d" % server_id, params={"include": ",".join(include)}))

    def get_server_by_external_id(self, external_id, include=SERVER_INCLUDES):
        return self._app_get_or_none("/servers/external/%s" % quote(str(external_id), safe=""),
                                     params={"include": ",".join(include)})

    # Every application route parses ?include= (ApplicationApiController), so a write answers
    # with the server and its relationships and no read-back is needed.

    def create_server(self, body, include=SERVER_INCLUDES):
        return unwrap(self._app("POST", "/servers", params=_includes(include), body=body))

    def update_server_details(self, server_id, body, include=SERVER_INCLUDES):
        """PATCH details: a full replacement (omitted external_id is nulled)."""
        return unwrap(self._app("PATCH", "/servers/%d/details" % server_id, params=_includes(include), body=body))

    def update_server_build(self, server_id, body, include=SERVER_INCLUDES):
        """PATCH build: allocation, all limits and feature limits every time."""
        return unwrap(self._app("PATCH", "/servers/%d/build" % server_id, params=_includes(include), body=body))

    def update_server_startup(self, server_id, body, include=SERVER_INCLUDES):
        """PATCH startup: every egg variable is rewritten from ``environment``."""
        return unwrap(self._app("PATCH", "/servers/%d/startup" % server_id, params=_includes(include), body=body))

    def suspend_server(self, server_id):
        self._app("POST", "/servers/%d/suspend" % server_id, idempotent=True)

    def unsuspend_server(self, server_id):
        self._app("POST", "/servers/%d/unsuspend" % server_id, idempotent=True)

    def reinstall_server(self, server_id):
        """Run the egg's install script again (the server is ``installing`` until it ends); not retried, since a
        second reinstall would start over."""
        self._app("POST", "/servers/%d/reinstall" % server_id, idempotent=False)

    def delete_server(self, server_id, force=False):
        self._app("DELETE", "/servers/%d%s" % (server_id, "/force" if force else ""))

    # -- client API: servers (API.md 8.1, 8.4) --------------------------------

    def find_servers(self, name=None, external_id=None):
        """Servers matching a name or an external_id, as ``{identifier, uuid, name, external_id}``.

        The identity modules use (name or external_id) is resolved to the
        client identifier here. With an application key the match is exact
        (external_id through its own route). With only a client key the
        client list is searched: the servers the key's user owns or is a
        subuser of, then (for root admins) every other server; the client
        form has no external_id, so an external_id must be unique enough
        that the panel's search returns one server.
        """
        if self.has_application_key:
            if external_id is not None:
                found = self.get_server_by_external_id(external_id, include=())
                servers = [found] if found else []
            else:
                servers = [s for s in self.list_servers(filters={"name": name}, include=()) if s["name"] == name]
            return [dict((k, s.get(k)) for k in ("identifier", "uuid", "name", "external_id")) for s in servers]
        # the client form has no external_id to compare, so trust the search for it
        exact_name = name if external_id is None else None
        if external_id is not None:
            filters = {"external_id": external_id, "*": external_id}
        else:
            filters = {"name": name}
        for kind in (None, "admin"):
            servers = [s for s in self.list_client_servers(filters=filters, kind=kind)
                       if exact_name is None or s["name"] == exact_name]
            if servers:
                return [{"identifier": s["identifier"], "uuid": s["uuid"], "name": s["name"],
                         "external_id": external_id} for s in servers]
        return []

    def list_client_servers(self, filters=None, kind=None):
        params = {"type": kind} if kind else None
        return self._client_list("", CLIENT_SERVER_PAGE_SIZE, filters=filters, params=params)

    def get_client_server(self, identifier):
        return unwrap(self._client("GET", "/servers/%s" % identifier))

    def get_resources(self, identifier):
        """Live state from Wings: current_state, is_suspended and resource usage."""
        return unwrap(self._client("GET", "/servers/%s/resources" % identifier))

    def send_power(self, identifier, signal):
        # start, stop and kill leave the server in one state however often they arrive; a restart does not
        self._client("POST", "/servers/%s/power" % identifier, body={"signal": signal}, idempotent=signal != "restart")

    def send_command(self, identifier, command):
        self._client("POST", "/servers/%s/command" % identifier, body={"command": command})

    def rename_server(self, identifier, name, description=None):
        body = {"name": name}
        if description is not None:
            body["description"] = description
        self._client("POST", "/servers/%s/settings/rename" % identifier, body=body, idempotent=True)

    def set_docker_image(self, identifier, image):
        self._client("PUT", "/servers/%s/settings/docker-image" % identifier, body={"docker_image": image})

    def set_startup_variable(self, identifier, key, value):
        return unwrap(self._client("PUT", "/servers/%s/startup/variable" % identifier,
                                   body={"key": key, "value": value}))

    # -- client API: backups (8.10) ---------------------------------------------

    def list_backups(self, identifier):
        return self._client_list("/servers/%s/backups" % identifier, BACKUP_PAGE_SIZE)

    def get_backup(self, identifier, backup_uuid):
        return unwrap(self._client("GET", "/servers/%s/backups/%s" % (identifier, backup_uuid)))

    def create_backup(self, identifier, name=None, ignored=(), locked=None):
        """Start a backup; ``ignored`` is a list of paths (the panel wants one string)."""
        body = {"name": name, "ignored": "\n".join(ignored or ())}
        if locked is not None:
            body["is_locked"] = locked
        return unwrap(self._client("POST", "/servers/%s/backups" % identifier, body=body))

    def toggle_backup_lock(self, identifier, backup_uuid):
        """The panel's lock route flips the flag: read the backup first."""
        return unwrap(self._client("POST", "/servers/%s/backups/%s/lock" % (identifier, backup_uuid)))

    def restore_backup(self, identifier, backup_uuid, truncate=False):
        self._client("POST", "/servers/%s/backups/%s/restore" % (identifier, backup_uuid),
                     body={"truncate": bool(truncate)})

    def delete_backup(self, identifier, backup_uuid):
        self._client("DELETE", "/servers/%s/backups/%s" % (identifier, backup_uuid))

    def backup_download_url(self, identifier, backup_uuid):
        body = self._client("GET", "/servers/%s/backups/%s/download" % (identifier, backup_uuid))
        return (body.get("attributes") or {}).get("url")

    # -- client API: schedules and tasks (8.7) ------------------------------------

    def list_schedules(self, identifier):
        """Schedules with their tasks, tasks sorted by sequence_id."""
        body = self._client("GET", "/servers/%s/schedules" % identifier)
        return [_sorted_tasks(unwrap(s)) for s in body.get("data", [])]

    def create_schedule(self, identifier, body):
        return _sorted_tasks(unwrap(self._client("POST", "/servers/%s/schedules" % identifier, body=body)))

    def update_schedule(self, identifier, schedule_id, body):
        """A full replacement: omitted is_active/only_when_online become false."""
        return _sorted_tasks(unwrap(self._client("POST", "/servers/%s/schedules/%d" % (identifier, schedule_id),
                                                 body=body, idempotent=True)))

    def delete_schedule(self, identifier, schedule_id):
        self._client("DELETE", "/servers/%s/schedules/%d" % (identifier, schedule_id))

    def create_task(self, identifier, schedule_id, body):
        return unwrap(self._client("POST", "/servers/%s/schedules/%d/tasks" % (identifier, schedule_id), body=body))

    def update_task(self, identifier, schedule_id, task_id, body):
        """A full replacement: omitted continue_on_failure becomes false."""
        return unwrap(self._client("POST", "/servers/%s/schedules/%d/tasks/%d" % (identifier, schedule_id, task_id),
                                   body=body, idempotent=True))

    def delete_task(self, identifier, schedule_id, task_id):
        self._client("DELETE", "/servers/%s/schedules/%d/tasks/%d" % (identifier, schedule_id, task_id))

    # -- client API: subusers and permissions (8.1, 8.9) --------------------------

    def list_permission_keys(self):
        """Every subuser permission key the panel knows, as ``group.key``."""
        body = self._client("GET", "/permissions")
        groups = (body.get("attributes") or {}).get("permissions") or {}
        return sorted("%s.%s" % (group, key) for group, spec in groups.items() for key in (spec.get("keys") or {}))

    def list_subusers(self, identifier):
        body = self._client("GET", "/servers/%s/users" % identifier)
        return [unwrap(u) for u in body.get("data", [])]

    def create_subuser(self, identifier, email, permissions):
        return unwrap(self._client("POST", "/servers/%s/users" % identifier,
                                   body={"email": email, "permissions": list(permissions)}))

    def update_subuser(self, identifier, user_uuid, permissions):
        """The permission list is replaced as a whole."""
        return unwrap(self._client("POST", "/servers/%s/users/%s" % (identifier, user_uuid),
                                   body={"permissions": list(permissions)}, idempotent=True))

    def delete_subuser(self, identifier, user_uuid):
        self._client("DELETE", "/servers/%s/users/%s" % (identifier, user_uuid))

    # -- client API: databases (8.5) ---------------------------------------------

    def list_databases(self, identifier, with_password=False):
        """A server's databases; ``with_password``: each with its password (include=password)."""
        params = {"include": "password"} if with_password else None
        body = self._client("GET", "/servers/%s/databases" % identifier, params=params)
        return [unwrap(d) for d in body.get("data", [])]

    def create_database(self, identifier, name, remote):
        """The answer carries the new password."""
        return unwrap(self._client("POST", "/servers/%s/databases" % identifier,
                                   body={"database": name, "remote": remote}))

    def rotate_database_password(self, identifier, database_id):
        return unwrap(self._client("POST", "/servers/%s/databases/%s/rotate-password" % (identifier, database_id)))

    def delete_database(self, identifier, database_id):
        self._client("DELETE", "/servers/%s/databases/%s" % (identifier, database_id))

    # -- files (API.md 8.6, proxied to Wings) --------------------------------

    def _file_call(self, method, path, params=None, body=None, data=None, raw=False, final_statuses=()):
        """A file route: raw bytes in or out (the rest of the client speaks JSON)."""
        headers = dict(self._auth("client"))
        if data is not None:
            headers["Content-Type"] = "text/plain"
        try:
            return self.transport.request(method, CLIENT + path, params=params, json_body=body, data=data, raw=raw,
                                          headers=headers, idempotent=True, final_statuses=final_statuses)
        except PanelError as exc:
            raise _name_the_key(exc, "client") from None

    def read_file(self, identifier, path):
        """The bytes of a file. Wings 1.11.9+ answers a missing file (and a folder) with a 500, which is its real
        answer, not a passing fault: not retried."""
        return self._file_call("GET", "/servers/%s/files/contents" % identifier, params={"file": path}, raw=True,
                               final_statuses=(500,))

    def list_files(self, identifier, directory):
        body = self._file_call("GET", "/servers/%s/files/list" % identifier, params={"directory": directory},
                               final_statuses=(500,))
        return [unwrap(item) for item in (body or {}).get("data") or []]

    def write_file(self, identifier, path, content):
        """Replace (or create) a file with ``content`` (bytes); Wings creates the folders above it."""
        self._file_call("POST", "/servers/%s/files/write" % identifier, params={"file": path}, data=content)

    def delete_files(self, identifier, root, names):
        self._file_call("POST", "/servers/%s/files/delete" % identifier, body={"root": root, "files": list(names)})

    # -- client API: account and two-factor authentication (8.2) -----------------

    def get_account(self):
        return unwrap(self._client("GET", "/account"))

    def two_factor_setup(self):
        """A new pending TOTP secret, or None when 2FA is already enabled.

        The panel answers 400 when it is enabled; that is the only way the
        client API tells whether it is.
        """
        try:
            body = self._client("GET", "/account/two-factor")
        except PanelError as exc:
            if exc.status == 400 and "already enabled" in (exc.message or ""):
                return None
            raise
        return body.get("data") or {}

    def enable_two_factor(self, code, password):
        """Enable TOTP with a current code; returns the recovery tokens."""
        body = self._client("POST", "/account/two-factor", body={"code": str(code), "password": password})
        return list((body.get("attributes") or {}).get("tokens") or [])

    def disable_two_factor(self, password):
        self._client("POST", "/account/two-factor/disable", body={"password": password})


def _includes(include):
    return {"include": ",".join(include)} if include else None


def _name_the_key(exc, api):
    """A 401/403 names the option holding the key the call used, and the kind of key it needs."""
    option, prefix = ("api_key", "ptla_") if api == "application" else ("client_api_key", "ptlc_")
    if exc.status == 401:
        exc.message = ("the panel does not accept the key in %s (%s); it needs a valid %s API key (%s...) of this panel"
                       % (option, exc.message, api, prefix))
        exc.option = option
    elif exc.status == 403 and exc.code != "TwoFactorAuthRequiredException":
        if api == "application":
            hint = "an application key (%s...) of a root admin with read and write access to this resource" % prefix
        else:
            hint = "a client key (%s...) whose user owns the server or has the permission as its subuser" % prefix
        exc.message = "the key in %s may not do this (%s); it needs %s" % (option, exc.message, hint)
        exc.option = option
    return exc


def _sorted_tasks(schedule):
    tasks = (schedule.get("relationships") or {}).get("tasks") or []
    schedule["relationships"] = dict(schedule.get("relationships") or {}, tasks=sorted(tasks, key=lambda t: t["sequence_id"]))
    return schedule
