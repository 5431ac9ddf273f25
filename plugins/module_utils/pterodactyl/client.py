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

from ansible_collections.gameops.panels.plugins.module_utils.transport import PanelError, Transport

APPLICATION = "/api/application"

# The application API has no per_page cap (API.md section 4.1), so one list
# request returns a whole collection; pagination is still followed in case a
# panel (or a proxy in front of it) caps the page.
APPLICATION_PAGE_SIZE = 10000

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
    """The Pterodactyl application API, one method per route the collection uses."""

    def __init__(self, url, api_key, validate_certs=True, timeout=30, retries=5,
                 max_requests_per_minute=None, secrets=()):
        if not api_key:
            raise PanelError("an application API key (ptla_...) is required")
        self.transport = Transport(
            url,
            headers={"Accept": "application/json"},
            secrets=[api_key] + list(secrets),
            validate_certs=validate_certs,
            timeout=timeout,
            retries=retries,
            max_requests_per_minute=max_requests_per_minute,
            error_parser=parse_errors,
        )
        self._app_auth = {"Authorization": "Bearer %s" % api_key}

    # -- plumbing -----------------------------------------------------------

    def _app(self, method, path, params=None, body=None):
        return self.transport.request(method, APPLICATION + path, params=params, json_body=body,
                                      headers=self._app_auth)

    def _app_list(self, path, filters=None, include=None):
        """Every item of a paginated application collection."""
        params = {"per_page": APPLICATION_PAGE_SIZE}
        for name, value in (filters or {}).items():
            params["filter[%s]" % name] = value
        if include:
            params["include"] = ",".join(include)
        items, page = [], 1
        while True:
            params["page"] = page
            body = self._app("GET", path, params=dict(params))
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

    def list_allocations(self, node_id, filters=None):
        return self._app_list("/nodes/%d/allocations" % node_id, filters=filters)

    # -- nests and eggs (7.6) -------------------------------------------------

    def list_nests(self):
        return self._app_list("/nests")

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

    def create_server(self, body):
        return unwrap(self._app("POST", "/servers", body=body))

    def update_server_details(self, server_id, body):
        """PATCH details: a full replacement (omitted external_id is nulled)."""
        return unwrap(self._app("PATCH", "/servers/%d/details" % server_id, body=body))

    def update_server_build(self, server_id, body):
        """PATCH build: allocation, all limits and feature limits every time."""
        return unwrap(self._app("PATCH", "/servers/%d/build" % server_id, body=body))

    def update_server_startup(self, server_id, body):
        """PATCH startup: every egg variable is rewritten from ``environment``."""
        return unwrap(self._app("PATCH", "/servers/%d/startup" % server_id, body=body))

    def suspend_server(self, server_id):
        self._app("POST", "/servers/%d/suspend" % server_id)

    def unsuspend_server(self, server_id):
        self._app("POST", "/servers/%d/unsuspend" % server_id)

    def reinstall_server(self, server_id):
        self._app("POST", "/servers/%d/reinstall" % server_id)

    def delete_server(self, server_id, force=False):
        self._app("DELETE", "/servers/%d%s" % (server_id, "/force" if force else ""))
