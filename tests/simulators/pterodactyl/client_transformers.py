# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API transformers (reference section 9.2), registered into ``transformers.TRANSFORMERS``."""
from __future__ import annotations

import hashlib

from .transformers import TRANSFORMERS, iso_timestamp

#: Permission keys by group (``GET /api/client/permissions``; reference permissions.json).
PERMISSION_GROUPS = {
    "websocket": ("Live console/stats stream over the Wings websocket.", ("connect",)),
    "control": ("Power state changes and console commands.", ("console", "start", "stop", "restart")),
    "user": ("Management of other subusers on this server.", ("create", "read", "update", "delete")),
    "file": ("Server filesystem access through the panel and SFTP.",
             ("create", "read", "read-content", "update", "delete", "archive", "sftp")),
    "backup": ("Server backups.", ("create", "read", "delete", "download", "restore")),
    "allocation": ("Network port allocations of the server.", ("read", "create", "update", "delete")),
    "startup": ("Startup command and egg variables.", ("read", "update", "docker-image")),
    "database": ("Per-server MySQL databases.", ("create", "read", "update", "delete", "view_password")),
    "schedule": ("Scheduled task chains.", ("create", "read", "update", "delete")),
    "settings": ("General server settings.", ("rename", "reinstall")),
    "activity": ("Server activity log.", ("read",)),
}
ALL_PERMISSIONS = tuple("%s.%s" % (group, key) for group, (_desc, keys) in PERMISSION_GROUPS.items() for key in keys)
ADMIN_EXTRA_PERMISSIONS = ("admin.websocket.errors", "admin.websocket.install", "admin.websocket.transfer")


def server_permissions(state, user, server) -> list:
    """``["*"]`` (+ admin keys) for owners / root admins, the subuser's list otherwise, ``[]`` for strangers."""
    if user and user["root_admin"]:
        return ["*"] + list(ADMIN_EXTRA_PERMISSIONS) if server["owner_id"] != user["id"] else ["*"]
    if user and server["owner_id"] == user["id"]:
        return ["*"]
    for row in state.subusers.values():
        if row["server_id"] == server["id"] and user and row["user_id"] == user["id"]:
            return list(row["permissions"].values()) if isinstance(row["permissions"], dict) else list(row["permissions"])
    return []


def has_permission(state, user, server, permission: str) -> bool:
    perms = server_permissions(state, user, server)
    return "*" in perms or permission in perms


def _can(ser, server, permission) -> bool:
    return has_permission(ser.state, ser.ctx.user, server, permission)


def gravatar(email: str) -> str:
    return "https://gravatar.com/avatar/" + hashlib.md5(str(email).lower().encode("utf-8")).hexdigest()  # nosec


def render_invocation(state, server, hide_all: bool) -> str:
    """``StartupCommandService``: substitute memory/ip/port and every egg variable."""
    allocation = state.allocations.get(server["allocation_id"])
    replacements = {
        "{{SERVER_MEMORY}}": str(server["memory"]),
        "{{SERVER_IP}}": allocation["ip"] if allocation else "",
        "{{SERVER_PORT}}": str(allocation["port"]) if allocation else "",
    }
    for variable in state.egg_variables_of(server["egg_id"]):
        row = state.server_variable_row(server["id"], variable["id"])
        value = row["variable_value"] if row is not None else variable["default_value"]
        if hide_all or not variable["user_viewable"]:
            value = "[hidden]"
        replacements["{{%s}}" % variable["env_variable"]] = value if value is not None else ""
    text = server["startup"] or ""
    for needle, value in replacements.items():
        text = text.replace(needle, value)
    return text


def _client_server(ser, server):
    state = ser.state
    node = state.nodes.get(server["node_id"]) or {}
    egg = state.eggs.get(server["egg_id"]) or {}
    status = server["status"]
    return {
        "server_owner": bool(ser.ctx.user) and ser.ctx.user["id"] == server["owner_id"],
        "identifier": server["uuidShort"],
        "internal_id": server["id"],
        "uuid": server["uuid"],
        "name": server["name"],
        "node": node.get("name"),
        "is_node_under_maintenance": bool(node.get("maintenance_mode")),
        "sftp_details": {"ip": node.get("fqdn"), "port": node.get("daemon_sftp")},
        "description": server["description"],
        "limits": {
            "memory": server["memory"], "swap": server["swap"], "disk": server["disk"], "io": server["io"],
            "cpu": server["cpu"], "threads": server["threads"], "oom_disabled": bool(server["oom_disabled"]),
        },
        "invocation": render_invocation(state, server, not _can(ser, server, "startup.read")),
        "docker_image": server["image"],
        "egg_features": egg.get("features"),
        "feature_limits": {
            "databases": server["database_limit"],
            "allocations": server["allocation_limit"],
            "backups": server["backup_limit"],
        },
        "status": status,
        "is_suspended": status == "suspended",
        "is_installing": status in ("installing", "install_failed"),
        "is_transferring": False,
    }


def _client_allocation(ser, allocation):
    server = ser.state.servers.get(allocation["server_id"]) if allocation.get("server_id") else None
    return {
        "id": allocation["id"],
        "ip": allocation["ip"],
        "ip_alias": allocation["ip_alias"],
        "port": allocation["port"],
        "notes": allocation["notes"],
        "is_default": bool(server) and server["allocation_id"] == allocation["id"],
    }


def _client_egg_variable(ser, variable):
    return {
        "name": variable["name"],
        "description": variable["description"],
        "env_variable": variable["env_variable"],
        "default_value": variable["default_value"],
        "server_value": variable.get("server_value"),
        "is_editable": bool(variable["user_editable"]),
        "rules": variable["rules"],
    }


def server_variable_records(state, server) -> list:
    """User-viewable egg variables of ``server`` with their ``server_value``."""
    out = []
    for variable in state.egg_variables_of(server["egg_id"]):
        if not variable["user_viewable"]:
            continue
        row = state.server_variable_row(server["id"], variable["id"])
        record = dict(variable)
        record["server_value"] = row["variable_value"] if row is not None else None
        out.append(record)
    return out


def _server_allocations(ser, server):
    rows = ser.state.rows("allocations", server_id=server["id"])
    if not _can(ser, server, "allocation.read"):
        primary = ser.state.allocations.get(server["allocation_id"])
        rows = [dict(primary, notes=None)] if primary else []
    return "collection", "client_allocation", rows, "allocation"


def _server_variables(ser, server):
    if not _can(ser, server, "startup.read"):
        return None
    return "collection", "client_egg_variable", server_variable_records(ser.state, server), "egg_variable"


def _server_egg(ser, server):
    egg = ser.state.eggs.get(server["egg_id"])
    if egg is None:
        return None
    return "raw", None, {"uuid": egg["uuid"], "name": egg["name"]}, "egg"


def _server_subusers(ser, server):
    if not _can(ser, server, "user.read"):
        return None
    return "collection", "client_subuser", ser.state.rows("subusers", server_id=server["id"]), "server_subuser"


def _account(ser, user):
    return {
        "id": user["id"], "admin": bool(user["root_admin"]), "username": user["username"], "email": user["email"],
        "first_name": user["name_first"], "last_name": user["name_last"], "language": user["language"],
    }


def client_user_attributes(user) -> dict:
    return {
        "uuid": user["uuid"], "username": user["username"], "email": user["email"], "image": gravatar(user["email"]),
        "2fa_enabled": bool(user["use_totp"]), "created_at": iso_timestamp(user["created_at"]),
    }


def _client_subuser(ser, subuser):
    attributes = client_user_attributes(ser.state.users[subuser["user_id"]])
    permissions = subuser["permissions"]
    attributes["permissions"] = dict(permissions) if isinstance(permissions, dict) else list(permissions)
    return attributes


def _backup(ser, backup):
    return {
        "uuid": backup["uuid"],
        "is_successful": bool(backup["is_successful"]),
        "is_locked": bool(backup["is_locked"]),
        "name": backup["name"],
        "ignored_files": list(backup["ignored_files"]),
        "checksum": backup["checksum"],
        "bytes": backup["bytes"],
        "created_at": iso_timestamp(backup["created_at"]),
        "completed_at": iso_timestamp(backup["completed_at"]),
    }


def _schedule(ser, schedule):
    return {
        "id": schedule["id"],
        "name": schedule["name"],
        "cron": {
            "day_of_week": schedule["cron_day_of_week"], "day_of_month": schedule["cron_day_of_month"],
            "month": schedule["cron_month"], "hour": schedule["cron_hour"], "minute": schedule["cron_minute"],
        },
        "is_active": bool(schedule["is_active"]),
        "is_processing": bool(schedule["is_processing"]),
        "only_when_online": bool(schedule["only_when_online"]),
        "last_run_at": iso_timestamp(schedule["last_run_at"]),
        "next_run_at": iso_timestamp(schedule["next_run_at"]),
        "created_at": iso_timestamp(schedule["created_at"]),
        "updated_at": iso_timestamp(schedule["updated_at"]),
    }


def _task(ser, task):
    return {
        "id": task["id"], "sequence_id": task["sequence_id"], "action": task["action"], "payload": task["payload"],
        "time_offset": task["time_offset"], "is_queued": bool(task["is_queued"]),
        "continue_on_failure": bool(task["continue_on_failure"]),
        "created_at": iso_timestamp(task["created_at"]), "updated_at": iso_timestamp(task["updated_at"]),
    }


CLIENT_TRANSFORMERS = {
    "client_server": {
        "object": "server",
        "attributes": _client_server,
        "includes": (
            ("allocations", None, _server_allocations),
            ("variables", None, _server_variables),
            ("egg", None, _server_egg),
            ("subusers", None, _server_subusers),
        ),
    },
    "client_allocation": {"object": "allocation", "attributes": _client_allocation, "includes": ()},
    "client_egg_variable": {"object": "egg_variable", "attributes": _client_egg_variable, "includes": ()},
    "account": {"object": "user", "attributes": _account, "includes": ()},
    "client_subuser": {"object": "server_subuser", "attributes": _client_subuser, "includes": ()},
    "backup": {"object": "backup", "attributes": _backup, "includes": ()},
    "schedule": {
        "object": "server_schedule",
        "attributes": _schedule,
        "includes": (
            ("tasks", None, lambda ser, s: ("collection", "schedule_task", ser.state.rows("tasks", schedule_id=s["id"]),
                                            "schedule_task")),
        ),
    },
    "schedule_task": {"object": "schedule_task", "attributes": _task, "includes": ()},
}

TRANSFORMERS.update(CLIENT_TRANSFORMERS)
