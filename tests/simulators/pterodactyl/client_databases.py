# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API databases (reference section 8.5): list, create, rotate the password, delete.

The rows are the application API's ``databases`` table (section 7.5), so both APIs see the same
databases. A database host is picked the way ``DeployServerDatabaseService`` does: one attached to
the server's node, else (``client_databases_allow_random``) any host; the simulator takes the first
rather than a random one, so tests can predict it.
"""
from __future__ import annotations

from .app_servers import _random_password
from .client_activity import log_activity
from .client_api import can
from .framework import display_error, empty_response, json_response, server_error, validate
from .helpers import MSG_DUPLICATE_DATABASE, MSG_TOO_MANY_DATABASES
from .rules import php_str
from .state import encode_hashid, random_string
from .transformers import TRANSFORMERS

MSG_NO_HOST = "No database host was found that meets the requirements for this server."


def prefixed_name(name: str, server_id: int) -> str:
    """``DatabaseManagementService::generateUniqueDatabaseName``: ``s{server}_`` + the name, 48 characters at most."""
    prefix = "s%d_" % server_id
    return prefix + name[:48 - len(prefix)]


def databases_index(ctx):
    rows = ctx.state.rows("databases", server_id=ctx.bound["server"]["id"])
    return ctx.collection("client_database", rows)


def databases_store(ctx):
    state = ctx.state
    server = ctx.bound["server"]
    data = ctx.input()
    # QUIRK: the request's Rule::unique('databases') compares the column with the name as typed AND, in
    # its where(), with the prefixed name: never both, so it never fails (its message, "The database name
    # you have selected is already in use by this server.", is never shown). A taken name is refused
    # later, by DatabaseManagementService: 400 DuplicateDatabaseNameException.
    validate(data, [
        ("database", ["required", "alpha_dash", "min:3", "max:48"]),
        ("remote", r"required|string|regex:/^[\w\-\/.%:]+$/"),
    ])
    hosts = state.sorted_rows(state.database_hosts.values())
    on_node = [h for h in hosts if h["node_id"] == server["node_id"]]
    if not hosts or (not on_node and not ctx.sim.client_databases_allow_random):
        raise display_error(MSG_NO_HOST, "NoSuitableDatabaseHostException")
    if not ctx.sim.client_databases_enabled:
        raise server_error("DatabaseClientFeatureNotEnabledException")
    existing = state.rows("databases", server_id=server["id"])
    if server["database_limit"] is not None and len(existing) >= server["database_limit"]:
        raise display_error(MSG_TOO_MANY_DATABASES, "TooManyDatabasesException")
    name = prefixed_name(php_str(data["database"]), server["id"])
    if any(row["database"].casefold() == name.casefold() for row in existing):
        raise display_error(MSG_DUPLICATE_DATABASE, "DuplicateDatabaseNameException")
    host = (on_node or hosts)[0]
    database = state.insert("databases", {
        "server_id": server["id"], "database_host_id": host["id"],
        "database": name,
        "username": "u%d_%s" % (server["id"], random_string(10)), "remote": data["remote"],
        "password": _random_password(), "max_connections": 0,
    })
    log_activity(ctx, "server:database.create", {"name": database["database"]}, subjects=[("database", database["id"])])
    return _with_password(ctx, database)


def databases_rotate_password(ctx):
    database = ctx.bound["database"]
    ctx.state.update(database, {"password": _random_password()})
    log_activity(ctx, "server:database.rotate-password", {"name": database["database"]},
                 subjects=[("database", database["id"])])
    return _with_password(ctx, database)


def databases_delete(ctx):
    database = ctx.bound["database"]
    ctx.state.delete("databases", database["id"])
    log_activity(ctx, "server:database.delete", {"name": database["database"]}, subjects=[("database", database["id"])])
    return empty_response(204)


def _with_password(ctx, database):
    """The answer of create and rotate-password: the database with its ``password`` relationship."""
    includes = dict(ctx.includes())
    includes["password"] = {}
    return json_response(200, ctx.serializer.item("client_database", database, includes))


def _client_database(ser, database):
    host = ser.state.database_hosts.get(database["database_host_id"]) or {}
    return {
        "id": encode_hashid(database["id"]),
        "host": {"address": host.get("host"), "port": host.get("port")},
        "name": database["database"],
        "username": database["username"],
        "connections_from": database["remote"],
        "max_connections": database["max_connections"],
    }


def _password(ser, database):
    """``database.view_password`` or a null resource."""
    server = ser.state.servers.get(database["server_id"])
    if server is None or not can_view_password(ser.ctx, server):
        return None
    return "raw", None, {"password": database["password"]}, "database_password"


def can_view_password(ctx, server) -> bool:
    bound = ctx.bound.get("server")
    ctx.bound["server"] = server
    try:
        return can(ctx, "database.view_password")
    finally:
        if bound is None:
            ctx.bound.pop("server", None)
        else:
            ctx.bound["server"] = bound


TRANSFORMERS["client_database"] = {
    "object": "server_database",
    "attributes": _client_database,
    "includes": (("password", None, _password),),
}

__all__ = ["databases_index", "databases_store", "databases_rotate_password", "databases_delete", "prefixed_name"]
