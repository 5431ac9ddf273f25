# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Application API routes (``/api/application``), reference section 7.

Route options understood by the pipeline (see ``server.py``):

* ``api``: ``"application"`` (auth, admin check and throttle group);
* ``acl``: ``(resource, "read"|"write")`` checked after the admin check;
* ``bind``: list of ``(param, table, scope)``; ``scope`` is ``None``, ``(column, parent_param)`` for
  scoped child bindings, or ``"hashid"`` for ids that may also be given as hashids.
"""
from __future__ import annotations

import ipaddress
import uuid

from . import app_servers as servers
from .framework import display_error, empty_response, json_response, model_not_found, server_error, validate
from .helpers import (
    CIDR_MAX_BITS, CIDR_MIN_BITS, LOCATION_ATTRIBUTES, MSG_ALLOCATION_IN_USE, MSG_CIDR, MSG_CONFIG_NOT_PERSISTED,
    MSG_INVALID_MAPPING,
    MSG_LOCATION_HAS_NODES, MSG_NO_VIABLE_NODES, MSG_NODE_HAS_SERVERS, MSG_PORT_RANGE, MSG_TOO_MANY_PORTS,
    MSG_USER_HAS_SERVERS, NODE_ATTRIBUTES, PORT_CEIL, PORT_FLOOR, PORT_RANGE_LIMIT, PORT_RANGE_REGEX, PREFIX,
    USER_ATTRIBUTES, created, exists_rule, php_bool, php_truthy, unique_rule, username_rule, viable_nodes,
)
from .rules import is_digit_string, php_str, to_db_int
from .state import DEFAULT_DAEMON_BASE, hash_password, random_string
from .transformers import apply_filters, apply_sorts, exact_filter, mysql_equals, paginate, partial_filter


# ---------------------------------------------------------------------- users (section 7.1)

def user_rules(state, ignore_id=None) -> list:
    return [
        ("email", ["required", "email", "between:1,191", unique_rule(state, "users", "email", ignore_id)]),
        ("external_id", ["sometimes", "nullable", "string", "max:191",
                         unique_rule(state, "users", "external_id", ignore_id)]),
        ("username", ["required", "between:1,191", unique_rule(state, "users", "username", ignore_id), username_rule()]),
        ("password", "sometimes|nullable|string"),
        ("root_admin", "boolean"),
        ("language", "string|in:en"),
        ("first_name", "required|string|between:1,191"),
        ("last_name", "required|string|between:1,191"),
    ]


def users_index(ctx):
    rows = ctx.state.sorted_rows(ctx.state.users.values())
    rows = apply_filters(ctx, rows, [
        ("email", partial_filter("email")), ("uuid", partial_filter("uuid")),
        ("username", partial_filter("username")), ("external_id", partial_filter("external_id")),
    ])
    rows = apply_sorts(ctx, rows, ["id", "uuid"])
    page, meta = paginate(ctx, rows)
    return ctx.collection("user", page, meta=meta)


def users_view(ctx):
    return ctx.item("user", ctx.bound["user"])


def users_external(ctx):
    external_id = ctx.params["external_id"]
    for row in ctx.state.sorted_rows(ctx.state.users.values()):
        if mysql_equals(row["external_id"], external_id):
            return ctx.item("user", row)
    raise model_not_found()


def users_store(ctx):
    data = ctx.input()
    validate(data, user_rules(ctx.state), USER_ATTRIBUTES)
    password = data.get("password")
    user = ctx.state.insert("users", {
        "external_id": data.get("external_id"),
        "uuid": str(uuid.uuid4()),
        "username": php_str(data["username"]).lower(),
        "email": php_str(data["email"]),
        "name_first": php_str(data["first_name"]),
        "name_last": php_str(data["last_name"]),
        "password": hash_password(password if password else random_string(30)),
        "remember_token": None,
        "language": data["language"] if "language" in data else "en",
        "root_admin": php_bool(data["root_admin"]) if "root_admin" in data else False,
        "use_totp": False,
        "totp_secret": None,
        "totp_authenticated_at": None,
        "gravatar": True,
    })
    return created(ctx, "user", user, "%s/users/%d" % (PREFIX, user["id"]))


def users_update(ctx):
    user = ctx.bound["user"]
    data = ctx.input()
    validate(data, user_rules(ctx.state, user["id"]), USER_ATTRIBUTES)
    changes = {
        "email": php_str(data["email"]),
        "username": php_str(data["username"]).lower(),
        "name_first": php_str(data["first_name"]),
        "name_last": php_str(data["last_name"]),
    }
    if "external_id" in data:
        changes["external_id"] = data["external_id"]
    if "language" in data:
        changes["language"] = data["language"]
    if "root_admin" in data:
        changes["root_admin"] = php_bool(data["root_admin"])
    if data.get("password"):
        changes["password"] = hash_password(data["password"])
    ctx.state.update(user, changes)
    return ctx.item("user", user)


def users_delete(ctx):
    user = ctx.bound["user"]
    if ctx.state.rows("servers", owner_id=user["id"]):
        raise display_error(MSG_USER_HAS_SERVERS)
    state = ctx.state
    for table in ("subusers", "api_keys", "user_ssh_keys"):  # foreign keys with ON DELETE CASCADE
        for row in state.rows(table, user_id=user["id"]):
            state.delete(table, row["id"])
    state.delete("users", user["id"])
    return empty_response()


# ---------------------------------------------------------------------- nodes (section 7.2)

def node_rules(state) -> list:
    """``StoreNodeRequest::rules``: ``Node::$validationRules`` filtered by ``collect()->only([...])``, which
    keeps the model's order (``Arr::only`` is ``array_intersect_key``), so the errors come in that order."""
    return [
        ("name", r"required|regex:/^([\w .-]{1,100})$/"),
        ("location_id", ["required", exists_rule(state, "locations")]),
        ("public", "boolean"),
        ("fqdn", "required|string"),
        ("scheme", "required"),
        ("behind_proxy", "boolean"),
        ("memory", "required|numeric|min:1"),
        ("memory_overallocate", "required|numeric|min:-1"),
        ("disk", "required|numeric|min:1"),
        ("disk_overallocate", "required|numeric|min:-1"),
        ("daemon_base", r"sometimes|required|regex:/^([\/][\d\w.\-\/]+)$/"),
        ("daemon_sftp", "required|numeric|between:1,65535"),
        ("daemon_listen", "required|numeric|between:1,65535"),
        ("maintenance_mode", "boolean"),
        ("upload_size", "int|between:1,1024"),
    ]


def _node_values(data) -> dict:
    values = {
        "name": php_str(data["name"]),
        "location_id": to_db_int(data["location_id"]),
        "fqdn": php_str(data["fqdn"]),
        "scheme": php_str(data["scheme"]),
        "memory": to_db_int(data["memory"]),
        "memory_overallocate": to_db_int(data["memory_overallocate"]),
        "disk": to_db_int(data["disk"]),
        "disk_overallocate": to_db_int(data["disk_overallocate"]),
        "daemon_listen": to_db_int(data["daemon_listen"]),
        "daemon_sftp": to_db_int(data["daemon_sftp"]),
        "daemon_base": php_str(data["daemon_base"]) if data.get("daemon_base") is not None else DEFAULT_DAEMON_BASE,
    }
    for flag in ("public", "behind_proxy", "maintenance_mode"):
        if flag in data:
            values[flag] = php_bool(data[flag])
    if "upload_size" in data:
        values["upload_size"] = to_db_int(data["upload_size"])
    return values


def nodes_index(ctx):
    rows = ctx.state.sorted_rows(ctx.state.nodes.values())
    rows = apply_filters(ctx, rows, [
        ("uuid", partial_filter("uuid")), ("name", partial_filter("name")),
        ("fqdn", partial_filter("fqdn")), ("daemon_token_id", partial_filter("daemon_token_id")),
    ])
    rows = apply_sorts(ctx, rows, ["id", "uuid", "memory", "disk"])
    page, meta = paginate(ctx, rows)
    return ctx.collection("node", page, meta=meta)


def nodes_deployable(ctx):
    data = ctx.input()
    validate(data, [
        ("page", "integer"),
        ("memory", "required|integer|min:0"),
        ("disk", "required|integer|min:0"),
        ("location_ids", "array"),
        ("location_ids.*", "integer"),
    ])
    locations = data.get("location_ids") or []
    if isinstance(locations, dict):
        locations = list(locations.values())
    nodes = viable_nodes(ctx.state, to_db_int(data["memory"]), to_db_int(data["disk"]), locations)
    if ctx.query().get("page") is not None:
        page, meta = paginate(ctx, nodes)
        if not page:
            raise display_error(MSG_NO_VIABLE_NODES, "NoViableNodeException")
        return ctx.collection("node", page, meta=meta)
    if not nodes:
        raise display_error(MSG_NO_VIABLE_NODES, "NoViableNodeException")
    return ctx.collection("node", nodes)


def nodes_view(ctx):
    return ctx.item("node", ctx.bound["node"])


def nodes_configuration(ctx):
    node = ctx.bound["node"]
    fqdn = node["fqdn"].lower()
    return json_response(200, {
        "debug": False,
        "uuid": node["uuid"],
        "token_id": node["daemon_token_id"],
        "token": node["daemon_token"],
        "api": {
            "host": "0.0.0.0",
            "port": node["daemon_listen"],
            "ssl": {
                "enabled": (not node["behind_proxy"]) and node["scheme"] == "https",
                "cert": "/etc/letsencrypt/live/%s/fullchain.pem" % fqdn,
                "key": "/etc/letsencrypt/live/%s/privkey.pem" % fqdn,
            },
            "upload_limit": node["upload_size"],
        },
        "system": {
            "data": node["daemon_base"],
            "sftp": {"bind_port": node["daemon_sftp"]},
        },
        "allowed_mounts": [],
        "remote": ctx.request.base_url,
    })


def nodes_store(ctx):
    data = ctx.input()
    validate(data, node_rules(ctx.state), NODE_ATTRIBUTES)
    values = _node_values(data)
    node = ctx.state.add_node(values.pop("name"), values.pop("location_id"), values.pop("fqdn"),
                              values.pop("memory"), values.pop("disk"), **values)
    return created(ctx, "node", node, "%s/nodes/%d" % (PREFIX, node["id"]))


def nodes_update(ctx):
    node = ctx.bound["node"]
    data = ctx.input()
    validate(data, node_rules(ctx.state), NODE_ATTRIBUTES)
    changes = _node_values(data)
    if data.get("reset_secret") is True:
        changes["daemon_token"] = random_string(64)
        changes["daemon_token_id"] = random_string(16)
    ctx.state.update(node, changes)
    if ctx.sim.wings_offline:
        raise display_error(MSG_CONFIG_NOT_PERSISTED, "ConfigurationNotPersistedException")
    return ctx.item("node", node)


def nodes_delete(ctx):
    node = ctx.bound["node"]
    if ctx.state.rows("servers", node_id=node["id"]):
        raise display_error(MSG_NODE_HAS_SERVERS, "HasActiveServersException")
    for allocation in ctx.state.rows("allocations", node_id=node["id"]):
        ctx.state.delete("allocations", allocation["id"])
    ctx.state.delete("nodes", node["id"])
    return empty_response()


# ---------------------------------------------------------------------- allocations (section 7.2)

def _server_id_filter(rows, value):
    if isinstance(value, list):
        raise server_error("ErrorException")  # (string) on an array
    if not php_truthy(value) or isinstance(value, bool) or not is_digit_string(value):
        return [r for r in rows if r["server_id"] is None]
    return [r for r in rows if mysql_equals(r["server_id"], value)]


_server_id_filter.nullable = True


def allocations_index(ctx):
    node = ctx.bound["node"]
    rows = ctx.state.rows("allocations", node_id=node["id"])
    rows = apply_filters(ctx, rows, [
        ("ip", exact_filter("ip")), ("port", exact_filter("port")),
        ("ip_alias", partial_filter("ip_alias")), ("server_id", _server_id_filter),
    ])
    page, meta = paginate(ctx, rows)
    return ctx.collection("allocation", page, meta=meta)


def _parse_allocation_ips(text: str) -> list:
    parts = text.split("/")
    if len(parts) != 1:
        bits = parts[1]
        if not (bits.isdigit() and bits.isascii()) or int(bits) > CIDR_MIN_BITS or int(bits) < CIDR_MAX_BITS:
            raise display_error(MSG_CIDR, "CidrOutOfRangeException")
    underlying = "127.0.0.1" if text.lower() == "localhost" else text
    try:
        network = ipaddress.ip_network(underlying, strict=False)
    except ValueError as exc:
        raise display_error("Could not parse provided allocation IP address (%s): Invalid IP address format" % underlying) from exc
    if network.num_addresses > 256:
        raise server_error("ErrorException")
    return [str(address) for address in network]


def allocations_store(ctx):
    node = ctx.bound["node"]
    data = ctx.input()
    validate(data, [
        ("ip", "required|string"),
        ("alias", "sometimes|nullable|string|max:191"),
        ("ports", "required|array"),
        ("ports.*", "string"),
    ])
    ports = data["ports"]
    ports = list(ports.values()) if isinstance(ports, dict) else list(ports)
    alias = data.get("alias")
    pending = []
    for ip in _parse_allocation_ips(data["ip"]):
        for port in ports:
            match = PORT_RANGE_REGEX.match(port)
            if not is_digit_string(port) and not match:
                raise display_error(MSG_INVALID_MAPPING % port, "InvalidPortMappingException")
            if match:
                start, end = int(match.group(1)), int(match.group(2))
                block = range(start, end + 1) if start <= end else range(start, end - 1, -1)
                if len(block) > PORT_RANGE_LIMIT:
                    raise display_error(MSG_TOO_MANY_PORTS, "TooManyPortsInRangeException")
                if start <= PORT_FLOOR or end > PORT_CEIL:
                    raise display_error(MSG_PORT_RANGE, "PortOutOfRangeException")
                pending.extend((ip, unit) for unit in block)
            else:
                number = int(port)
                if number <= PORT_FLOOR or number > PORT_CEIL:
                    raise display_error(MSG_PORT_RANGE, "PortOutOfRangeException")
                pending.append((ip, number))
    existing = set((a["ip"], a["port"]) for a in ctx.state.rows("allocations", node_id=node["id"]))
    for ip, port in pending:
        if (ip, port) in existing:
            continue
        existing.add((ip, port))
        ctx.state.add_allocation(node["id"], ip, port, ip_alias=alias)
    return empty_response()


def allocations_delete(ctx):
    allocation = ctx.bound["allocation"]
    if allocation["server_id"] is not None:
        raise display_error(MSG_ALLOCATION_IN_USE, "ServerUsingAllocationException")
    ctx.state.delete("allocations", allocation["id"])
    return empty_response()


# ---------------------------------------------------------------------- locations (section 7.3)

def location_rules(state, ignore_id=None) -> list:
    return [
        ("short", ["required", "string", "between:1,60", unique_rule(state, "locations", "short", ignore_id)]),
        ("long", "string|nullable|between:1,191"),
    ]


def locations_index(ctx):
    rows = ctx.state.sorted_rows(ctx.state.locations.values())
    rows = apply_filters(ctx, rows, [("short", partial_filter("short")), ("long", partial_filter("long"))])
    rows = apply_sorts(ctx, rows, ["id"])
    page, meta = paginate(ctx, rows)
    return ctx.collection("location", page, meta=meta)


def locations_view(ctx):
    return ctx.item("location", ctx.bound["location"])


def locations_store(ctx):
    data = ctx.input()
    validate(data, location_rules(ctx.state), LOCATION_ATTRIBUTES)
    location = ctx.state.insert("locations", {"short": data["short"], "long": data.get("long")})
    return created(ctx, "location", location, "%s/locations/%d" % (PREFIX, location["id"]))


def locations_update(ctx):
    location = ctx.bound["location"]
    data = ctx.input()
    validate(data, location_rules(ctx.state, location["id"]), LOCATION_ATTRIBUTES)
    changes = {"short": data["short"]}
    if "long" in data:
        changes["long"] = data["long"]
    ctx.state.update(location, changes)
    return ctx.item("location", location)


def locations_delete(ctx):
    location = ctx.bound["location"]
    if ctx.state.rows("nodes", location_id=location["id"]):
        raise display_error(MSG_LOCATION_HAS_NODES, "HasActiveNodesException")
    ctx.state.delete("locations", location["id"])
    return empty_response()


# ---------------------------------------------------------------------- nests and eggs (section 7.6)

def nests_index(ctx):
    rows = ctx.state.sorted_rows(ctx.state.nests.values())
    page, meta = paginate(ctx, rows)
    return ctx.collection("nest", page, meta=meta)


def nests_view(ctx):
    return ctx.item("nest", ctx.bound["nest"])


def eggs_index(ctx):
    return ctx.collection("egg", ctx.state.rows("eggs", nest_id=ctx.bound["nest"]["id"]))


def eggs_view(ctx):
    return ctx.item("egg", ctx.bound["egg"])


# ---------------------------------------------------------------------- registration

def register(router) -> None:
    """Add every application route, in the panel's registration order."""
    def add(method, path, handler, acl, bind=()):
        router.add(method, PREFIX + path, handler, api="application", acl=acl, bind=list(bind))

    user = [("user", "users", None)]
    node = [("node", "nodes", None)]
    location = [("location", "locations", None)]
    server = [("server", "servers", None)]
    nest = [("nest", "nests", None)]

    add("GET", "/users", users_index, ("users", "read"))
    add("GET", "/users/{user}", users_view, ("users", "read"), user)
    add("GET", "/users/external/{external_id}", users_external, ("users", "read"))
    add("POST", "/users", users_store, ("users", "write"))
    add("PATCH", "/users/{user}", users_update, ("users", "write"), user)
    add("DELETE", "/users/{user}", users_delete, ("users", "write"), user)

    add("GET", "/nodes", nodes_index, ("nodes", "read"))
    add("GET", "/nodes/deployable", nodes_deployable, ("nodes", "read"))
    add("GET", "/nodes/{node}", nodes_view, ("nodes", "read"), node)
    add("GET", "/nodes/{node}/configuration", nodes_configuration, ("nodes", "read"), node)
    add("POST", "/nodes", nodes_store, ("nodes", "write"))
    add("PATCH", "/nodes/{node}", nodes_update, ("nodes", "write"), node)
    add("DELETE", "/nodes/{node}", nodes_delete, ("nodes", "write"), node)
    add("GET", "/nodes/{node}/allocations", allocations_index, ("allocations", "read"), node)
    add("POST", "/nodes/{node}/allocations", allocations_store, ("allocations", "write"), node)
    add("DELETE", "/nodes/{node}/allocations/{allocation}", allocations_delete, ("allocations", "write"),
        node + [("allocation", "allocations", ("node_id", "node"))])

    add("GET", "/locations", locations_index, ("locations", "read"))
    add("GET", "/locations/{location}", locations_view, ("locations", "read"), location)
    add("POST", "/locations", locations_store, ("locations", "write"))
    add("PATCH", "/locations/{location}", locations_update, ("locations", "write"), location)
    add("DELETE", "/locations/{location}", locations_delete, ("locations", "write"), location)

    add("GET", "/servers", servers.servers_index, ("servers", "read"))
    add("GET", "/servers/{server}", servers.servers_view, ("servers", "read"), server)
    add("GET", "/servers/external/{external_id}", servers.servers_external, ("servers", "read"))
    add("PATCH", "/servers/{server}/details", servers.servers_details, ("servers", "write"), server)
    add("PATCH", "/servers/{server}/build", servers.servers_build, ("servers", "write"), server)
    add("PATCH", "/servers/{server}/startup", servers.servers_startup, ("servers", "write"), server)
    add("POST", "/servers", servers.servers_store, ("servers", "write"))
    add("POST", "/servers/{server}/suspend", servers.servers_suspend, ("servers", "write"), server)
    add("POST", "/servers/{server}/unsuspend", servers.servers_unsuspend, ("servers", "write"), server)
    add("POST", "/servers/{server}/reinstall", servers.servers_reinstall, ("servers", "write"), server)
    add("DELETE", "/servers/{server}", servers.servers_delete, ("servers", "write"), server)
    add("DELETE", "/servers/{server}/{force?}", servers.servers_delete, ("servers", "write"), server)

    database = server + [("database", "databases", "hashid")]
    add("GET", "/servers/{server}/databases", servers.databases_index, ("server_databases", "read"), server)
    add("GET", "/servers/{server}/databases/{database}", servers.databases_view, ("server_databases", "read"), database)
    add("POST", "/servers/{server}/databases", servers.databases_store, ("server_databases", "write"), server)
    add("POST", "/servers/{server}/databases/{database}/reset-password", servers.databases_reset_password,
        ("server_databases", "write"), database)
    add("DELETE", "/servers/{server}/databases/{database}", servers.databases_delete, ("server_databases", "write"), database)

    add("GET", "/nests", nests_index, ("nests", "read"))
    add("GET", "/nests/{nest}", nests_view, ("nests", "read"), nest)
    add("GET", "/nests/{nest}/eggs", eggs_index, ("eggs", "read"), nest)
    add("GET", "/nests/{nest}/eggs/{egg}", eggs_view, ("eggs", "read"), nest + [("egg", "eggs", ("nest_id", "nest"))])


__all__ = ["register"]
