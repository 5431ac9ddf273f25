# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API (``/api/client``) plumbing: bindings, key type check, server access rule, permissions, routes.

Handlers live in ``client_servers``, ``client_backups``, ``client_schedules``, ``client_account`` and ``client_settings``.
"""
from __future__ import annotations

import math
import time
import urllib.parse

from .framework import PanelError, access_denied, model_not_found, server_error, unauthorized_action
from .helpers import find_record
from .rules import is_numeric, to_number
from .state import KEY_TYPE_APPLICATION, decode_hashid
from .transformers import mysql_equals
from .client_transformers import has_permission, server_permissions

PREFIX = "/api/client"

MSG_APPLICATION_KEY = "You are attempting to use an application API key on an endpoint that requires a client API key."
MSG_SERVER_NOT_FOUND = "The requested resource does not exist on this server."
MSG_RESOURCE_NOT_FOR_SERVER = "The requested resource was not found for this server."
MSG_SUSPENDED = "This server is currently suspended and the functionality requested is unavailable."
MSG_MAINTENANCE = "The node of this server is currently under maintenance and the functionality requested is unavailable."
MSG_INSTALLING = "This server has not yet completed its installation process, please try again later."
MSG_RESTORING = "This server is currently restoring from a backup, please try again later."


def forbidden(detail: str) -> PanelError:
    """``HttpForbiddenException``."""
    return PanelError(403, "HttpForbiddenException", detail)


def not_for_server() -> PanelError:
    return PanelError(404, "NotFoundHttpException", MSG_RESOURCE_NOT_FOR_SERVER)


# ---------------------------------------------------------------------- middleware (called from server.py)

def _bind_server(state, value):
    column = "uuidShort" if len(value) == 8 else "uuid"
    for server in state.sorted_rows(state.servers.values()):
        if mysql_equals(server[column], value):
            return server
    return None


def _bind_backup(state, value):
    for backup in state.sorted_rows(state.backups.values()):
        if backup["deleted_at"] is None and mysql_equals(backup["uuid"], value):
            return backup
    return None


def _bind_database(state, value):
    """``Database::resolveRouteBinding``: digits are the id, anything else a hashid."""
    if isinstance(value, str) and value.isdigit():
        return find_record(state.databases, value)
    decoded = decode_hashid(value)
    return state.databases.get(decoded) if decoded is not None else None


def _bind_user(state, value):
    for user in state.sorted_rows(state.users.values()):
        if mysql_equals(user["uuid"], value):
            return user
    return None


def before(ctx) -> None:
    """``SubstituteClientBindings`` then ``RequireClientApiKey``."""
    state = ctx.state
    binders = (
        ("server", lambda v: _bind_server(state, v)),
        ("backup", lambda v: _bind_backup(state, v)),
        ("schedule", lambda v: find_record(state.schedules, v)),
        ("task", lambda v: find_record(state.tasks, v)),
        ("allocation", lambda v: find_record(state.allocations, v)),
        ("database", lambda v: _bind_database(state, v)),
        ("user", lambda v: _bind_user(state, v)),
    )
    for name, binder in binders:
        if name in ctx.params:
            record = binder(ctx.params[name])
            if record is None:
                raise model_not_found()
            ctx.bound[name] = record
    if ctx.key and ctx.key["key_type"] == KEY_TYPE_APPLICATION:
        raise access_denied(MSG_APPLICATION_KEY)


def conflict_message(state, server):
    """``Server::validateCurrentState``; ``None`` when the server is usable."""
    node = state.nodes.get(server["node_id"]) or {}
    status = server["status"]
    if status == "suspended":
        return MSG_SUSPENDED
    if node.get("maintenance_mode"):
        return MSG_MAINTENANCE
    if status in ("installing", "install_failed"):
        return MSG_INSTALLING
    if status == "restoring_backup":
        return MSG_RESTORING
    return None


def _server_access(ctx, check_state) -> None:
    state = ctx.state
    server = ctx.bound["server"]
    user = ctx.user
    if server["owner_id"] != user["id"] and not user["root_admin"]:
        if not any(r["server_id"] == server["id"] and r["user_id"] == user["id"] for r in state.subusers.values()):
            raise PanelError(404, "NotFoundHttpException", MSG_SERVER_NOT_FOUND)
    if check_state:
        message = conflict_message(state, server)
        # AuthenticateServerAccess lets root admins fetch websocket credentials of a server that is
        # installing or restoring (not of a suspended one, nor on a node in maintenance)
        admin_may = (check_state == "websocket" and user["root_admin"]
                     and message in (MSG_INSTALLING, MSG_RESTORING))
        if message is not None and not admin_may:
            raise PanelError(409, "ServerStateConflictException", message)
    # ResourceBelongsToServer
    checks = (
        ("backup", lambda r: r["server_id"] == server["id"]),
        ("schedule", lambda r: r["server_id"] == server["id"]),
        ("task", lambda r: state.schedules.get(r["schedule_id"], {}).get("server_id") == server["id"]),
        ("allocation", lambda r: r["server_id"] == server["id"]),
        ("database", lambda r: r["server_id"] == server["id"]),
        ("user", lambda r: any(s["server_id"] == server["id"] and s["user_id"] == r["id"] for s in state.subusers.values())),
    )
    for name, belongs in checks:
        if name in ctx.bound and not belongs(ctx.bound[name]):
            raise not_for_server()
    if "user" in ctx.bound:
        for row in state.subusers.values():
            if row["server_id"] == server["id"] and row["user_id"] == ctx.bound["user"]["id"]:
                ctx.bound["subuser"] = row


def can(ctx, permission: str) -> bool:
    return has_permission(ctx.state, ctx.user, ctx.bound["server"], permission)


def require(ctx, permission: str) -> None:
    """Form-request ``authorize()``: 403 "This action is unauthorized." for subusers without ``permission``."""
    if not can(ctx, permission):
        raise unauthorized_action()


def permissions_of(ctx) -> list:
    return server_permissions(ctx.state, ctx.user, ctx.bound["server"])


def server_route(handler, permission=None, check_state=True):
    """Wrap a ``/servers/{server}/...`` handler with the access rule (section 8.3) and its permission."""
    def wrapped(ctx):
        _server_access(ctx, check_state)
        if permission is not None:
            require(ctx, permission)
        return handler(ctx)
    wrapped.__name__ = getattr(handler, "__name__", "handler")
    return wrapped


# ---------------------------------------------------------------------- background completion (Wings callbacks)

def settle(sim) -> None:
    """Apply Wings reports whose time has come (backup completion, restore completion)."""
    state = sim.state
    now = time.time()
    for key, (due, action) in list(state.pending.items()):
        if due <= now:
            del state.pending[key]
            action()


# ---------------------------------------------------------------------- pagination

def paginate(ctx, rows, default: int, maximum: int, keep_query: bool):
    """Client pagination: ``min(per_page ?? default, maximum)``; returns ``(page_rows, meta)``."""
    raw = ctx.request.query().get("per_page")
    if raw is None:
        per_page = default
    elif isinstance(raw, (list, dict)):
        raise server_error("TypeError")
    elif is_numeric(raw):
        per_page = min(int(to_number(raw)), maximum)
    else:
        per_page = maximum  # PHP 8 min("abc", 100) compares as strings
    if per_page <= 0:
        per_page = 15
    raw_page = ctx.request.query().get("page")
    page = 1
    if isinstance(raw_page, str) and is_numeric(raw_page) and int(to_number(raw_page)) >= 1:
        page = int(to_number(raw_page))
    total = len(rows)
    items = list(rows[(page - 1) * per_page:page * per_page])
    last_page = max(int(math.ceil(total / float(per_page))), 1)
    base = ctx.request.base_url + ctx.request.raw_path.rstrip("/")

    def link(number):
        if not keep_query:
            return "%s?page=%d" % (base, number)
        pairs = [(k, v) for k, v in ctx.request.query_pairs if k != "page"] + [("page", str(number))]
        return "%s?%s" % (base, urllib.parse.urlencode(pairs))
    links = {}
    if page > 1:
        links["previous"] = link(page - 1)
    if page < last_page:
        links["next"] = link(page + 1)
    return items, {"pagination": {
        "total": total, "count": len(items), "per_page": per_page, "current_page": page,
        "total_pages": last_page, "links": links,
    }}


# ---------------------------------------------------------------------- routes

def register(router) -> None:
    """Add the client routes implemented by the simulator."""
    from . import (  # pylint: disable=import-outside-toplevel
        client_account, client_activity, client_backups, client_databases, client_files, client_schedules, client_servers,
        client_settings,
    )

    def add(method, path, handler, **options):
        router.add(method, PREFIX + path, handler, api="client", **options)

    def srv(method, path, handler, permission=None, check_state=True):
        add(method, "/servers/{server}" + path, server_route(handler, permission, check_state))

    add("GET", "", client_servers.servers_index)
    add("GET", "/permissions", client_servers.permissions_index)
    add("GET", "/account", client_account.account_view, two_factor_exempt=True)
    add("GET", "/account/two-factor", client_account.two_factor_setup, two_factor_exempt=True)
    add("POST", "/account/two-factor", client_account.two_factor_enable, two_factor_exempt=True)
    add("POST", "/account/two-factor/disable", client_account.two_factor_disable, two_factor_exempt=True)
    add("PUT", "/account/email", client_account.update_email)
    add("PUT", "/account/password", client_account.update_password)
    add("GET", "/account/activity", client_activity.account_activity)
    add("GET", "/account/api-keys", client_account.api_keys_index)
    add("POST", "/account/api-keys", client_account.api_keys_store)
    add("DELETE", "/account/api-keys/{identifier}", client_account.api_keys_delete)
    add("GET", "/account/ssh-keys", client_account.ssh_keys_index)
    add("POST", "/account/ssh-keys", client_account.ssh_keys_store)
    add("POST", "/account/ssh-keys/remove", client_account.ssh_keys_remove)

    srv("GET", "", client_servers.server_view, check_state=False)
    srv("GET", "/websocket", client_servers.server_websocket, check_state="websocket")
    srv("GET", "/resources", client_servers.server_resources)
    srv("GET", "/activity", client_activity.server_activity)
    srv("POST", "/command", client_servers.server_command, "control.console")
    srv("POST", "/power", client_servers.server_power)

    srv("GET", "/databases", client_databases.databases_index, "database.read")
    srv("POST", "/databases", client_databases.databases_store, "database.create")
    srv("POST", "/databases/{database}/rotate-password", client_databases.databases_rotate_password, "database.update")
    srv("DELETE", "/databases/{database}", client_databases.databases_delete, "database.delete")

    def files(method, path, handler, permission):
        add(method, "/servers/{server}/files" + path, server_route(handler, permission), trim_input=False)
    files("GET", "/list", client_files.files_list, "file.read")
    files("GET", "/contents", client_files.files_contents, "file.read-content")
    files("GET", "/download", client_files.files_download, "file.read-content")
    files("PUT", "/rename", client_files.files_rename, "file.update")
    files("POST", "/copy", client_files.files_copy, "file.create")
    files("POST", "/write", client_files.files_write, "file.create")
    files("POST", "/compress", client_files.files_compress, "file.archive")
    files("POST", "/decompress", client_files.files_decompress, "file.create")
    files("POST", "/delete", client_files.files_delete, "file.delete")
    files("POST", "/create-folder", client_files.files_create_folder, "file.create")
    files("POST", "/chmod", client_files.files_chmod, "file.update")
    files("POST", "/pull", client_files.files_pull, None)  # throttled first, then file.create
    files("GET", "/upload", client_files.files_upload, "file.create")

    srv("GET", "/schedules", client_schedules.schedules_index, "schedule.read")
    srv("POST", "/schedules", client_schedules.schedules_store, "schedule.create")
    srv("GET", "/schedules/{schedule}", client_schedules.schedules_view, "schedule.read")
    srv("POST", "/schedules/{schedule}", client_schedules.schedules_update, "schedule.update")
    srv("POST", "/schedules/{schedule}/execute", client_schedules.schedules_execute, "schedule.update")
    srv("DELETE", "/schedules/{schedule}", client_schedules.schedules_delete, "schedule.delete")
    srv("POST", "/schedules/{schedule}/tasks", client_schedules.tasks_store, "schedule.update")
    srv("POST", "/schedules/{schedule}/tasks/{task}", client_schedules.tasks_update, "schedule.update")
    srv("DELETE", "/schedules/{schedule}/tasks/{task}", client_schedules.tasks_delete)

    srv("GET", "/users", client_account.subusers_index, "user.read")
    srv("POST", "/users", client_account.subusers_store, "user.create")
    srv("GET", "/users/{user}", client_account.subusers_view, "user.read")
    srv("POST", "/users/{user}", client_account.subusers_update, "user.update")
    srv("DELETE", "/users/{user}", client_account.subusers_delete, "user.delete")

    srv("GET", "/network/allocations", client_settings.allocations_index, "allocation.read")
    srv("POST", "/network/allocations", client_settings.allocations_store, "allocation.create")
    srv("POST", "/network/allocations/{allocation}", client_settings.allocations_update, "allocation.update")
    srv("POST", "/network/allocations/{allocation}/primary", client_settings.allocations_primary, "allocation.update")
    srv("DELETE", "/network/allocations/{allocation}", client_settings.allocations_delete, "allocation.delete")

    srv("GET", "/startup", client_settings.startup_index, "startup.read")
    srv("PUT", "/startup/variable", client_settings.startup_update, "startup.update")
    srv("POST", "/settings/rename", client_settings.settings_rename, "settings.rename")
    srv("POST", "/settings/reinstall", client_settings.settings_reinstall, "settings.reinstall")
    srv("PUT", "/settings/docker-image", client_settings.settings_docker_image, "startup.docker-image")

    srv("GET", "/backups", client_backups.backups_index, "backup.read")
    srv("POST", "/backups", client_backups.backups_store, "backup.create")
    srv("GET", "/backups/{backup}", client_backups.backups_view, "backup.read")
    srv("GET", "/backups/{backup}/download", client_backups.backups_download, "backup.download")
    srv("POST", "/backups/{backup}/lock", client_backups.backups_lock, "backup.delete")
    srv("POST", "/backups/{backup}/restore", client_backups.backups_restore, "backup.restore")
    srv("DELETE", "/backups/{backup}", client_backups.backups_delete, "backup.delete")
