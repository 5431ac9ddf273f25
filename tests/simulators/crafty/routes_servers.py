# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``/api/v2/servers...``: list, create, read, patch, delete, actions, stdin, stats, logs (API.md section 9).

Nothing is downloaded or run: a created server is a row plus a simulated
process state (``state.server_status``); power actions flip ``running`` at
once (Crafty queues them and answers "ok" before they happen).
"""
from __future__ import annotations

import datetime
import functools
import html

from .auth import INSUFFICIENT_PERMS
from .framework import ApiError, Crash, SoftError, ok
from .state import BIG_BUCKET_URL, FULL_SERVER_MASK, MODDED_TYPES, java_command

MONITORING_TYPES = {"minecraft_java": "minecraft-java", "minecraft_bedrock": "minecraft-bedrock", "none": "minecraft-java"}
POWER_ACTIONS = ("start_server", "stop_server", "restart_server", "kill_server")


def list_servers(ctx):
    return ok([dict(s) for s in ctx.caller.servers()])


# ---------------------------------------------------------------------------------------------- create

def create_server(ctx):
    caller = ctx.caller
    if "SERVER_CREATION" not in caller.crafty():
        raise ctx.not_authorized(INSUFFICIENT_PERMS if ctx.profile.create_v44 else None)
    data = ctx.body()
    if ctx.profile.user_ram_limit:
        _check_ram_limit(ctx, caller, data)
    ctx.validate("new_server", data, superuser=True, raw=True)
    if data["monitoring_type"] == "minecraft_java":
        port = data.get("minecraft_java_monitoring_data", {}).get("port", 25565)
    else:
        port = data.get("minecraft_bedrock_monitoring_data", {}).get("port", 19132)
    if ctx.profile.create_port_check and (port > 65535 or port < 1):
        raise ApiError(405, "DATA CONSTRAINT FAILED", "1 - 65535" if ctx.profile.create_v44 else None)
    try:
        fields, update_url = _creation_fields(ctx, data)
    except CreateFailure as failure:
        if not ctx.profile.create_v44:
            raise Crash(failure.exception, failure.message) from None
        raise ApiError(503, "Could not create server", failure.message) from None
    server = ctx.state.add_server(data["name"], created_by=caller.user_id, **fields)
    status = ctx.state.server_status[server["server_id"]]
    status["eula"] = _eula_agreed(data)
    if update_url is not None:
        url = update_url()
        if url is None:
            # Crafty registered the server (and its default backup configuration) before it looked the jar up
            # in the catalogue; writing the missing URL then fails and the half-made server stays
            raise ApiError(503, "Could not create server", "NOT NULL constraint failed: servers.executable_update_url")
        server["executable_update_url"] = url
    if ctx.profile.managers:
        _grant_creator_roles(ctx, data, server["server_id"])
    else:  # 4.0.8 counts created servers in user_crafty
        ctx.state.crafty_row(caller.user_id)["created_server"] += 1
    server_id = server["server_id"]
    uuid_value = server_id if ctx.profile.uuid_server_ids else server["server_uuid"]
    return ok({"new_server_id": str(server_id), "new_server_uuid": uuid_value}, status=201)


class CreateFailure(Exception):
    """An exception inside ``create_api_server`` (4.4+: the handler turns it into a 503)."""

    def __init__(self, exception, message):
        super().__init__(message)
        self.exception = exception
        self.message = message


def _check_ram_limit(ctx, caller, data) -> None:
    """G6, upstream Crafty 4.10.7: after the SERVER_CREATION check and before the schema, the requested
    ``mem_max`` (GB) is compared with the creating user's ``max_ram_gb``, superusers included (the running
    fork exempts superusers; README, "G6"). A body it cannot walk is left to the schema."""
    try:
        outer = data[data["create_type"] + "_create_data"]
        inner = outer[outer["create_type"] + "_create_data"]
    except (KeyError, TypeError):
        return
    if not isinstance(inner, dict):  # sub_data.get(...) on a list or a string
        raise Crash("AttributeError", "'%s' object has no attribute 'get'" % type(inner).__name__)
    mem_max = inner.get("mem_max")
    if mem_max is None:
        return
    limit = float(caller.user.get("max_ram_gb", 4.0))
    if not isinstance(mem_max, (int, float)):  # Python refuses to order a str/list/dict against a float
        raise Crash("TypeError", "'>' not supported between instances of '%s' and 'float'" % _python_type(mem_max))
    if mem_max > limit:
        raise ApiError(400, "RAM_LIMIT_EXCEEDED", "Maximum RAM allowed: %sGB. Requested: %sGB." % (limit, mem_max))


def _python_type(value) -> str:
    return {str: "str", list: "list", dict: "dict"}.get(type(value), type(value).__name__)


def _monitoring_host(data):
    for key in ("minecraft_java_monitoring_data", "minecraft_bedrock_monitoring_data"):
        if key in data:
            return data[key].get("host", "127.0.0.1")
    return "127.0.0.1"


def _creation_fields(ctx, data):
    """The stored row of each create type, and (download_jar on 4.4+) a callable giving the big bucket URL
    or None when the catalogue lacks the jar. Keys differ from the object's (quirk 16) and
    ``autostart``/``crashdetection``/``autostart_delay`` are ignored by the create path."""
    profile = ctx.profile
    server_type = MONITORING_TYPES[data["monitoring_type"]]
    fields = {"server_type": server_type, "ip": _monitoring_host(data), "stop_command": data.get("stop_command") or "stop"}
    if data.get("log_location"):
        fields["log_path"] = data["log_location"]
    kind = data["create_type"]
    outer = data["%s_create_data" % kind]
    inner_kind = outer["create_type"]
    inner = outer.get("%s_create_data" % inner_kind, {})
    update_url = None
    if inner_kind == "import_zip":
        if profile.create_v44:
            raise CreateFailure("NotImplementedError", "Not yet implemented")
        raise CreateFailure("Exception" if not profile.at_least(4, 1, 0) else "NotImplementedError",
                            "Not yet implemented")
    if kind == "minecraft_java":
        fields["port"] = inner["server_properties_port"]
        if inner_kind == "download_jar":
            jar_type, version = str(inner["type"]), str(inner["version"])
            modded = profile.create_v44 and jar_type in MODDED_TYPES
            if profile.jar_named_by_type and not modded:
                fields["executable"] = "%s.jar" % jar_type
            else:
                fields["executable"] = "%s-%s.jar" % (jar_type, version)
            fields["execution_command"] = java_command(profile, inner["mem_min"], inner["mem_max"],
                                                       fields["executable"], installer=modded)
            if profile.create_v44 and not modded:
                category = inner.get("category")
                update_url = functools.partial(_big_bucket_url, ctx.state, category, jar_type, version)
        else:
            fields["executable"] = inner["jarfile"]
            fields["execution_command"] = "java -Xms%dM -Xmx%dM -jar %s nogui" % (
                int(inner["mem_min"] * 1024), int(inner["mem_max"] * 1024), inner["jarfile"])
    elif kind == "minecraft_bedrock":
        fields["port"] = data.get("minecraft_bedrock_monitoring_data", {}).get("port", 19132)
        if inner_kind == "download_exe":
            fields["executable"] = "bedrock_server"
        else:
            fields["executable"] = inner.get("executable") or "bedrock_server"
        if inner.get("command"):
            fields["execution_command"] = inner["command"]
    else:  # custom
        fields["executable"] = ""
        fields["execution_command"] = inner["command"]
        fields["port"] = data.get("minecraft_java_monitoring_data", {}).get("port", 25565)
        if outer["executable_update"].get("enabled"):
            fields["executable_update_url"] = outer["executable_update"].get("url", "")
    return fields, update_url


def _big_bucket_url(state, category, jar_type, version):
    """``BigBucket.get_fetch_url``: the catalogue's URL of that jar, or None (any key missing)."""
    versions = state.big_bucket.get(category, {}).get(jar_type, False) if isinstance(category, str) else False
    if versions is False or (versions is not None and version not in versions):
        return None
    return "%s/%s/%s/%s.jar" % (BIG_BUCKET_URL, jar_type, version, jar_type)


def _eula_agreed(data) -> bool:
    outer = data.get("%s_create_data" % data["create_type"], {})
    inner = outer.get("%s_create_data" % outer.get("create_type"), {})
    return bool(inner.get("agree_to_eula", data["create_type"] != "minecraft_java"))


def _grant_creator_roles(ctx, data, server_id) -> None:
    """``roles`` get 11111111 on the new server; a non-superuser without roles gets an auto role."""
    caller = ctx.caller
    roles = [r for r in data.get("roles") or [] if _int_or_none(r) in ctx.state.roles]
    for role_id in roles:
        ctx.state.set_role_server(int(role_id), server_id, FULL_SERVER_MASK)
    if not roles and not caller.user["superuser"]:
        role = ctx.state.add_role("creator of server with id=%s" % server_id, manager=caller.user_id)
        ctx.state.set_role_server(role["role_id"], server_id, FULL_SERVER_MASK)
        ctx.state.add_user_role(caller.user_id, role["role_id"])


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------- one server

def get_server(ctx, server_id):
    server = ctx.require_access(server_id)
    view = dict(server)
    if ctx.profile.server_status_block:
        status = ctx.state.server_status[server["server_id"]]
        view["status"] = {"update_available": status["update_available"], "updating": status["updating"],
                          "backing_up": status["backing_up"], "last_backup": status["last_backup_failed"]}
    return ok(view)


def patch_server(ctx, server_id):
    data = ctx.body()
    ctx.validate("server_patch", data)  # quirk 23: the schema is checked before access
    server = ctx.require_access(server_id)
    ctx.require_server_permission(server_id, "CONFIG")
    java_set = False
    for key, value in data.items():
        if key == "java_selection" and value != "none":
            server["execution_command"] = _with_java(server["execution_command"], value)
            java_set = True
        if key in ("path", "java_selection") or (key == "execution_command" and java_set):
            continue
        if key in server:  # keys without a column (backup_path since 4.4.1) are set on the model and lost
            server[key] = value
    return ok(with_data=False)


def _with_java(command: str, java: str) -> str:
    """``java_selection`` swaps the java binary at the head of the execution command."""
    head, _sep, rest = command.partition(" ")
    if not head.strip('"').endswith(("java", "java.exe")):
        raise ApiError(400, "INVALID EXECUTION COMMAND", "INVALID COMMAND")
    return '"%s" %s' % (java, rest) if " " in java else "%s %s" % (java, rest)


def delete_server(ctx, server_id):
    ctx.require_access(server_id)
    ctx.require_server_permission(server_id, "CONFIG")
    ctx.state.delete_server(server_id)
    return ok(with_data=False)


# ---------------------------------------------------------------------------------------------- actions

def server_action(ctx, server_id, action, action_id=None):
    caller = ctx.caller
    detail = INSUFFICIENT_PERMS if ctx.profile.action_refusal_detail else None
    if not caller.can_access(server_id):
        raise ctx.not_authorized(detail)
    if ctx.profile.action_refusal_detail:  # 4.10.7: the user's mask lowered by an API key's
        permissions = caller.server_permissions(server_id)
    else:  # before: the user's own mask (an API key's mask is not applied here)
        permissions = ctx.state.server_permissions(caller.user, server_id)
    if "COMMANDS" not in permissions:
        raise ctx.not_authorized(detail)
    server = ctx.state.find_server(server_id)
    status = ctx.state.server_status[server["server_id"]]
    if action == "clone_server":
        return _clone(ctx, server, status)
    if action == "eula":
        status["eula"] = True
        return ok(with_data=False)
    if action in POWER_ACTIONS:
        _power(ctx, server, status, action)
    elif action == "backup_server":
        ctx.sim.run_backup(server, action_id)
    elif action == "update_executable":
        status["updating"] = False
        ctx.sim.fire_event(server, "jar_update")
    else:  # quirk 17: any other word is typed into the console
        ctx.state.console[server["server_id"]].append(action)
        ctx.sim.fire_event(server, "send_command")
    return ok(with_data=False)


def _power(ctx, server, status, action) -> None:
    if action == "start_server":
        if not status["running"]:
            status.update(running=True, started=datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"))
            ctx.sim.fire_event(server, "start_server")
    elif action == "restart_server":
        status.update(running=True, started=datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"))
        ctx.sim.fire_event(server, "stop_server")
        ctx.sim.fire_event(server, "start_server")
    else:
        was_running = status["running"]
        status.update(running=False, started="")
        if was_running:
            ctx.sim.fire_event(server, "kill" if action == "kill_server" else "stop_server")


def _clone(ctx, server, status):
    caller = ctx.caller
    if ctx.profile.at_least(4, 1, 0) and status["running"]:
        raise ApiError(409, "Server Running!")
    if not _can_create_server(ctx, caller) and not caller.user["superuser"]:
        raise SoftError("SERVER_LIMIT_REACHED")
    name = server["server_name"] + " (Copy)"
    counter = 1
    while any(s["server_name"] == name for s in ctx.state.servers.values()):
        counter += 1
        name = "%s (Copy %d)" % (server["server_name"], counter)
    copy = ctx.state.add_server(name, server_type=server["type"], executable=server["executable"],
                                port=server["server_port"], stop_command=server["stop_command"],
                                execution_command=server["execution_command"], log_path=server["log_path"],
                                created_by=caller.user_id)
    for row in [r for r in ctx.state.role_servers if str(r["server_id"]) == str(server["server_id"])]:
        ctx.state.set_role_server(row["role_id"], copy["server_id"], row["permissions"])
    return ok({"new_server_id": str(copy["server_id"])})


def _can_create_server(ctx, caller) -> bool:
    """``can_add_in_crafty``: the bit, and the counter under the limit (or the limit -1)."""
    if "SERVER_CREATION" not in ctx.state.crafty_permissions(caller.user):
        return False
    row = ctx.state.crafty_row(caller.user_id)
    limit = row["limit_server_creation"]
    return limit == -1 or row["created_server"] < limit


def server_stdin(ctx, server_id):
    caller = ctx.caller
    if not caller.can_access(server_id):
        raise ctx.not_authorized()
    ctx.require_server_permission(server_id, "COMMANDS")
    server = ctx.state.find_server(server_id)
    if not ctx.state.server_status[server["server_id"]]["running"]:
        raise SoftError("SERVER_NOT_RUNNING")  # quirk 18: HTTP 200 with status "error"
    command = ctx.request.body.decode("utf-8", "replace")
    ctx.state.console[server["server_id"]].append(command)
    ctx.sim.fire_event(server, "send_command", command=command)
    return ok(with_data=False)


# ---------------------------------------------------------------------------------------------- read-only views

def server_stats(ctx, server_id):
    server = ctx.require_access(server_id)
    status = ctx.state.server_status[server["server_id"]]
    row = {
        "stats_id": ctx.state.next_id("stats"), "created": datetime.datetime.now().isoformat(), "server_id": dict(server),
        "started": status["started"], "running": status["running"], "cpu": 0.5 if status["running"] else 0,
        "mem": "1.2GB" if status["running"] else 0, "mem_percent": 8.0 if status["running"] else 0,
        "world_name": "world", "world_size": "12.3MB", "server_port": server["server_port"],
        "int_ping_results": str(status["running"]), "online": 0, "max": 20 if status["running"] else 0,
        "players": "[]", "desc": "A Minecraft Server" if status["running"] else "False",
        "version": server["executable"] if status["running"] else "False", "updating": status["updating"],
        "waiting_start": status["waiting_start"], "first_run": False, "crashed": status["crashed"],
    }
    if ctx.profile.at_least(4, 1, 0):
        row.update(icon=None, importing=status["importing"])
    else:
        row["downloading"] = False
    return ok(row)


def server_logs(ctx, server_id):
    caller = ctx.caller
    server = ctx.require_access(server_id)
    permissions = caller.server_permissions(server_id)
    from_file = ctx.flag("file")
    allowed = "LOGS" in permissions or (ctx.profile.at_least(4, 1, 0) and not from_file and "TERMINAL" in permissions)
    if not allowed:
        raise ctx.not_authorized()
    lines = ["[simulator] %s" % html.escape(line) for line in ctx.state.console[server["server_id"]]]
    return ok(lines)


def server_public(ctx, server_id):
    ctx.authenticate()
    server = ctx.server_or_crash(server_id)
    return ok({k: server[k] for k in ("server_id", "created", "server_name", "type")})


def server_users(ctx, server_id):
    """``GET /servers/{id}/users``: the members of the roles linked to the server and every superuser.
    4.0.8's helper returns nothing (a crash); 4.1-4.9 put user objects into the list when a role links the
    server, which the encoder refuses (reference 9.9); 4.10.7 answers the ids."""
    caller = ctx.caller
    if not ctx.profile.at_least(4, 1, 0):
        raise Crash("TypeError", "'NoneType' object is not iterable")
    if not caller.can_access(server_id):
        raise ctx.not_authorized()
    for permission in ("USER_CONFIG", "ROLES_CONFIG"):
        if permission not in caller.crafty():
            raise ctx.not_authorized()
    server = ctx.state.find_server(server_id)
    user_ids = []
    for row in ctx.state.role_servers:
        if str(row["server_id"]) != str(server["server_id"]):
            continue
        for member in ctx.state.user_roles:
            if member["role_id"] == row["role_id"] and member["user_id"] not in user_ids:
                if not ctx.profile.server_users_ids:
                    raise Crash.not_serializable("Users")
                user_ids.append(member["user_id"])
    for user in ctx.state.users.values():
        if user["superuser"] and user["user_id"] not in user_ids:
            user_ids.append(user["user_id"])
    return ok(sorted(user_ids))  # a Python set of small ints: ascending


def servers_status(ctx):
    rows = []
    for server in ctx.state.servers.values():
        if server.get("show_status", True):
            status = ctx.state.server_status[server["server_id"]]
            rows.append({"id": server["server_id"], "world_name": "world", "running": status["running"],
                         "online": 0, "max": 20 if status["running"] else 0, "version": server["executable"],
                         "desc": "A Minecraft Server", "icon": None})
    return ok(rows)


def register(router, profile) -> None:
    sid = "([a-z0-9-]+)" if profile.uuid_server_ids else "([0-9]+)"
    router.add(r"/api/v2/servers/?", {"GET": list_servers, "POST": create_server})
    if profile.at_least(4, 1, 0):
        router.add(r"/api/v2/servers/status/?", {"GET": servers_status})
    router.add(r"/api/v2/servers/%s/?" % sid, {"GET": get_server, "PATCH": patch_server, "DELETE": delete_server})
    if profile.at_least(4, 4, 0):
        router.add(r"/api/v2/servers/%s/action/([a-z_]+)(?:/([a-z0-9-]+))?/?" % sid, {"POST": server_action})
    else:
        router.add(r"/api/v2/servers/%s/action/([a-z_]+)/?" % sid, {"POST": server_action})
    router.add(r"/api/v2/servers/%s/logs/?" % sid, {"GET": server_logs})
    router.add(r"/api/v2/servers/%s/stats/?" % sid, {"GET": server_stats})
    router.add(r"/api/v2/servers/%s/public/?" % sid, {"GET": server_public})
    router.add(r"/api/v2/servers/%s/stdin/?" % sid, {"POST": server_stdin})
    router.add(r"/api/v2/servers/%s/users/?" % sid, {"GET": server_users})
