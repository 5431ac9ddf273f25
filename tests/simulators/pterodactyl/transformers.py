# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fractal-style serialisation (envelopes, includes) and the query-builder behaviour of list endpoints.

Application transformers, relationship names and the include/ACL rules follow section 2, section 4 and section 9.1 of
the reference. Client-API transformers can be added to ``TRANSFORMERS`` under new kinds.
"""
from __future__ import annotations

import datetime
import json
import math

from .framework import PanelError, server_error
from .rules import is_integer, is_numeric, php_str, to_number


# ---------------------------------------------------------------------- timestamps

def iso_timestamp(value):
    """Application transformer format: ``2024-05-01T13:45:10+00:00``."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def model_timestamp(value):
    """Laravel model JSON format (raw model dumps): ``2024-05-01T13:45:10.000000Z``."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def _json_column(text):
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------- includes

def parse_includes(raw) -> dict:
    """``include=a,b.c`` (or ``include[]=``) -> ``{"a": {}, "b": {"c": {}}}``; depth limited to 2."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        items = [php_str(v) for v in raw.values() if not isinstance(v, (list, dict))]
    elif isinstance(raw, list):
        items = [php_str(v) for v in raw if not isinstance(v, (list, dict))]
    else:
        items = php_str(raw).split(",")
    tree = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        item = item.split(":", 1)[0]
        node = tree
        for part in item.split(".")[:2]:
            node = node.setdefault(part, {})
    return tree


# ---------------------------------------------------------------------- serializer

class Serializer:
    """Turns records into the panel's envelopes for one request (ACL-aware includes)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.state = ctx.state

    # -- envelopes

    def item(self, kind: str, record, includes=None, resource_key=None) -> dict:
        spec = TRANSFORMERS[kind]
        attributes = spec["attributes"](self, record)
        relationships = self._includes(kind, record, includes or {})
        if relationships:
            attributes["relationships"] = relationships
        key = spec["object"] if resource_key is None else resource_key
        return {"object": key, "attributes": attributes}

    def collection(self, kind: str, records, includes=None, resource_key=None) -> dict:
        return {"object": "list", "data": [self.item(kind, r, includes, resource_key) for r in records]}

    @staticmethod
    def null_resource() -> dict:
        return {"object": "null_resource", "attributes": None}

    def _includes(self, kind, record, includes) -> dict:
        available = TRANSFORMERS[kind].get("includes", ())
        out = {}
        for name, resource, resolver in available:
            if name not in includes:
                continue
            if resolver is None:
                # Advertised include without a transformer method: the panel answers 500.
                raise server_error("TypeError")
            if resource is not None and not self.ctx.can_read(resource):
                out[name] = self.null_resource()
                continue
            result = resolver(self, record)
            if result is None:
                out[name] = self.null_resource()
                continue
            shape, child_kind, value, resource_key = result
            if shape == "item":
                if value is None:
                    out[name] = self.null_resource()
                else:
                    out[name] = self.item(child_kind, value, includes[name], resource_key)
            elif shape == "raw":
                out[name] = {"object": resource_key, "attributes": value}
            else:
                out[name] = self.collection(child_kind, value, includes[name], resource_key)
        return out


# ---------------------------------------------------------------------- application transformers

def _user(ser, user):
    return {
        "id": user["id"],
        "external_id": user["external_id"],
        "uuid": user["uuid"],
        "username": user["username"],
        "email": user["email"],
        "first_name": user["name_first"],
        "last_name": user["name_last"],
        "language": user["language"],
        "root_admin": bool(user["root_admin"]),
        "2fa": bool(user["use_totp"]),
        "created_at": iso_timestamp(user["created_at"]),
        "updated_at": iso_timestamp(user["updated_at"]),
    }


def server_environment(state, server) -> dict:
    """``container.environment`` of a server (egg variables + panel-injected keys)."""
    env = state.server_environment(server["id"])
    node = state.nodes.get(server["node_id"])
    location = state.locations.get(node["location_id"]) if node else None
    env["STARTUP"] = server["startup"]
    env["P_SERVER_LOCATION"] = location["short"] if location else None
    env["P_SERVER_UUID"] = server["uuid"]
    env["P_SERVER_ALLOCATION_LIMIT"] = server["allocation_limit"]
    return env


def _server(ser, server):
    status = server["status"]
    return {
        "id": server["id"],
        "external_id": server["external_id"],
        "uuid": server["uuid"],
        "identifier": server["uuidShort"],
        "name": server["name"],
        "description": server["description"],
        "status": status,
        "suspended": status == "suspended",
        "limits": {
            "memory": server["memory"],
            "swap": server["swap"],
            "disk": server["disk"],
            "io": server["io"],
            "cpu": server["cpu"],
            "threads": server["threads"],
            "oom_disabled": bool(server["oom_disabled"]),
        },
        "feature_limits": {
            "databases": server["database_limit"],
            "allocations": server["allocation_limit"],
            "backups": server["backup_limit"],
        },
        "user": server["owner_id"],
        "node": server["node_id"],
        "allocation": server["allocation_id"],
        "nest": server["nest_id"],
        "egg": server["egg_id"],
        "container": {
            "startup_command": server["startup"],
            "image": server["image"],
            "installed": 0 if status in ("installing", "install_failed") else 1,
            "environment": server_environment(ser.state, server),
        },
        "updated_at": iso_timestamp(server["updated_at"]),
        "created_at": iso_timestamp(server["created_at"]),
    }


def _node(ser, node):
    servers = ser.state.rows("servers", node_id=node["id"])
    return {
        "id": node["id"],
        "uuid": node["uuid"],
        "public": bool(node["public"]),
        "name": node["name"],
        "description": node["description"],
        "location_id": node["location_id"],
        "fqdn": node["fqdn"],
        "scheme": node["scheme"],
        "behind_proxy": bool(node["behind_proxy"]),
        "maintenance_mode": bool(node["maintenance_mode"]),
        "memory": node["memory"],
        "memory_overallocate": node["memory_overallocate"],
        "disk": node["disk"],
        "disk_overallocate": node["disk_overallocate"],
        "upload_size": node["upload_size"],
        "daemon_listen": node["daemon_listen"],
        "daemon_sftp": node["daemon_sftp"],
        "daemon_base": node["daemon_base"],
        "created_at": iso_timestamp(node["created_at"]),
        "updated_at": iso_timestamp(node["updated_at"]),
        "allocated_resources": {
            "memory": sum(s["memory"] or 0 for s in servers),
            "disk": sum(s["disk"] or 0 for s in servers),
        },
    }


def _location(ser, location):
    return {
        "id": location["id"],
        "short": location["short"],
        "long": location["long"],
        "updated_at": iso_timestamp(location["updated_at"]),
        "created_at": iso_timestamp(location["created_at"]),
    }


def _allocation(ser, allocation):
    return {
        "id": allocation["id"],
        "ip": allocation["ip"],
        "alias": allocation["ip_alias"],
        "port": allocation["port"],
        "notes": allocation["notes"],
        "assigned": allocation["server_id"] is not None,
    }


def _nest(ser, nest):
    return {
        "id": nest["id"],
        "uuid": nest["uuid"],
        "author": nest["author"],
        "name": nest["name"],
        "description": nest["description"],
        "created_at": iso_timestamp(nest["created_at"]),
        "updated_at": iso_timestamp(nest["updated_at"]),
    }


def _egg(ser, egg):
    images = egg["docker_images"] or {}
    return {
        "id": egg["id"],
        "uuid": egg["uuid"],
        "name": egg["name"],
        "nest": egg["nest_id"],
        "author": egg["author"],
        "description": egg["description"],
        "docker_image": next(iter(images.values())) if images else "",
        "docker_images": dict(images),
        "config": {
            "files": _json_column(egg["config_files"]),
            "startup": _json_column(egg["config_startup"]),
            "stop": egg["config_stop"],
            "logs": _json_column(egg["config_logs"]),
            "file_denylist": list(egg["file_denylist"]) if egg["file_denylist"] is not None else None,
            "extends": egg["config_from"],
        },
        "startup": egg["startup"],
        "script": {
            "privileged": bool(egg["script_is_privileged"]),
            "install": egg["script_install"],
            "entry": egg["script_entry"],
            "container": egg["script_container"],
            "extends": egg["copy_script_from"],
        },
        "created_at": iso_timestamp(egg["created_at"]),
        "updated_at": iso_timestamp(egg["updated_at"]),
    }


def _egg_variable(ser, variable):
    return {
        "id": variable["id"],
        "egg_id": variable["egg_id"],
        "name": variable["name"],
        "description": variable["description"],
        "env_variable": variable["env_variable"],
        "default_value": variable["default_value"],
        "user_viewable": bool(variable["user_viewable"]),
        "user_editable": bool(variable["user_editable"]),
        "rules": variable["rules"],
        "created_at": model_timestamp(variable["created_at"]),
        "updated_at": model_timestamp(variable["updated_at"]),
    }


def _server_variable(ser, pair):
    variable, server_value = pair
    out = _egg_variable(ser, variable)
    out["server_value"] = server_value
    return out


def _subuser(ser, subuser):
    return {
        "id": subuser["id"],
        "user_id": subuser["user_id"],
        "server_id": subuser["server_id"],
        "permissions": list(subuser["permissions"]),
        "created_at": iso_timestamp(subuser["created_at"]),
        "updated_at": iso_timestamp(subuser["updated_at"]),
    }


def _server_database(ser, database):
    return {
        "id": database["id"],
        "server": database["server_id"],
        "host": database["database_host_id"],
        "database": database["database"],
        "username": database["username"],
        "remote": database["remote"],
        "max_connections": database["max_connections"],
        "created_at": iso_timestamp(database["created_at"]),
        "updated_at": iso_timestamp(database["updated_at"]),
    }


def _database_host(ser, host):
    return {
        "id": host["id"],
        "name": host["name"],
        "host": host["host"],
        "port": host["port"],
        "username": host["username"],
        "node": host["node_id"],
        "created_at": iso_timestamp(host["created_at"]),
        "updated_at": iso_timestamp(host["updated_at"]),
    }


# -- relation resolvers: (serializer, record) -> (shape, kind, value, resource_key) or None

def _servers_where(**where):
    def resolver(ser, record):
        column, source = next(iter(where.items()))
        return "collection", "server", ser.state.rows("servers", **{column: record[source]}), "server"
    return resolver


def _location_servers(ser, location):
    node_ids = set(n["id"] for n in ser.state.rows("nodes", location_id=location["id"]))
    servers = [s for s in ser.state.sorted_rows(ser.state.servers.values()) if s["node_id"] in node_ids]
    return "collection", "server", servers, "server"


def _server_variables(ser, server):
    pairs = []
    for variable in ser.state.egg_variables_of(server["egg_id"]):
        row = ser.state.server_variable_row(server["id"], variable["id"])
        pairs.append((variable, row["variable_value"] if row is not None else None))
    return "collection", "server_variable", pairs, "server_variable"


def _server_location(ser, server):
    node = ser.state.nodes.get(server["node_id"])
    location = ser.state.locations.get(node["location_id"]) if node else None
    return "item", "location", location, "location"


def _allocation_server(ser, allocation):
    if allocation["server_id"] is None:
        return None
    return "item", "server", ser.state.servers.get(allocation["server_id"]), "server"


def _egg_config(ser, egg):
    if egg["config_from"] is None:
        return None
    parent = ser.state.eggs.get(egg["config_from"])
    if parent is None:
        return None
    return "raw", None, {
        "files": _json_column(parent["config_files"]),
        "startup": _json_column(parent["config_startup"]),
        "stop": parent["config_stop"],
        "logs": _json_column(parent["config_logs"]),
    }, None


def _egg_script(ser, egg):
    if egg["copy_script_from"] is None:
        return None
    parent = ser.state.eggs.get(egg["copy_script_from"])
    if parent is None:
        return None
    return "raw", None, {
        "privileged": bool(parent["script_is_privileged"]),
        "install": parent["script_install"],
        "entry": parent["script_entry"],
        "container": parent["script_container"],
    }, None


def _database_password(ser, database):
    return "raw", None, {"password": database["password"]}, "database_password"


TRANSFORMERS = {
    "user": {
        "object": "user",
        "attributes": _user,
        "includes": (
            ("servers", "servers", _servers_where(owner_id="id")),
        ),
    },
    "server": {
        "object": "server",
        "attributes": _server,
        "includes": (
            ("allocations", "allocations", lambda ser, s: (
                "collection", "allocation", ser.state.rows("allocations", server_id=s["id"]), "allocation")),
            ("user", "users", lambda ser, s: ("item", "user", ser.state.users.get(s["owner_id"]), "user")),
            ("subusers", "users", lambda ser, s: (
                "collection", "subuser", ser.state.rows("subusers", server_id=s["id"]), "subuser")),
            ("nest", "nests", lambda ser, s: ("item", "nest", ser.state.nests.get(s["nest_id"]), "nest")),
            ("egg", "eggs", lambda ser, s: ("item", "egg", ser.state.eggs.get(s["egg_id"]), "egg")),
            ("variables", "servers", _server_variables),
            ("location", "locations", _server_location),
            ("node", "nodes", lambda ser, s: ("item", "node", ser.state.nodes.get(s["node_id"]), "node")),
            ("databases", "server_databases", lambda ser, s: (
                "collection", "server_database", ser.state.rows("databases", server_id=s["id"]), "databases")),
            ("transfer", None, None),
        ),
    },
    "node": {
        "object": "node",
        "attributes": _node,
        "includes": (
            ("allocations", "allocations", lambda ser, n: (
                "collection", "allocation", ser.state.rows("allocations", node_id=n["id"]), "allocation")),
            ("location", "locations", lambda ser, n: (
                "item", "location", ser.state.locations.get(n["location_id"]), "location")),
            ("servers", "servers", _servers_where(node_id="id")),
        ),
    },
    "location": {
        "object": "location",
        "attributes": _location,
        "includes": (
            ("nodes", "nodes", lambda ser, loc: ("collection", "node", ser.state.rows("nodes", location_id=loc["id"]), "node")),
            ("servers", "servers", _location_servers),
        ),
    },
    "allocation": {
        "object": "allocation",
        "attributes": _allocation,
        "includes": (
            ("node", "nodes", lambda ser, a: ("item", "node", ser.state.nodes.get(a["node_id"]), "node")),
            ("server", "servers", _allocation_server),
        ),
    },
    "nest": {
        "object": "nest",
        "attributes": _nest,
        "includes": (
            ("eggs", "eggs", lambda ser, n: ("collection", "egg", ser.state.rows("eggs", nest_id=n["id"]), "egg")),
            ("servers", "servers", _servers_where(nest_id="id")),
        ),
    },
    "egg": {
        "object": "egg",
        "attributes": _egg,
        "includes": (
            ("nest", "nests", lambda ser, e: ("item", "nest", ser.state.nests.get(e["nest_id"]), "nest")),
            ("servers", "servers", _servers_where(egg_id="id")),
            ("config", "eggs", _egg_config),
            ("script", "eggs", _egg_script),
            ("variables", "eggs", lambda ser, e: (
                "collection", "egg_variable", ser.state.egg_variables_of(e["id"]), "egg_variable")),
        ),
    },
    "egg_variable": {
        "object": "egg_variable",
        "attributes": _egg_variable,
        "includes": (),
    },
    "server_variable": {
        "object": "server_variable",
        "attributes": _server_variable,
        "includes": (
            ("parent", "eggs", lambda ser, pair: ("item", "egg_variable", pair[0], "variable")),
        ),
    },
    "subuser": {
        "object": "subuser",
        "attributes": _subuser,
        "includes": (
            ("user", "users", lambda ser, su: ("item", "user", ser.state.users.get(su["user_id"]), "user")),
            ("server", "servers", lambda ser, su: ("item", "server", ser.state.servers.get(su["server_id"]), "server")),
        ),
    },
    "server_database": {
        "object": "server_database",
        "attributes": _server_database,
        "includes": (
            ("password", "server_databases", _database_password),
            ("host", "database_hosts", lambda ser, d: (
                "item", "database_host", ser.state.database_hosts.get(d["database_host_id"]), "database_host")),
        ),
    },
    "database_host": {
        "object": "database_host",
        "attributes": _database_host,
        "includes": (
            ("databases", "server_databases", lambda ser, h: (
                "collection", "server_database", ser.state.rows("databases", database_host_id=h["id"]), "server_database")),
        ),
    },
}


# ---------------------------------------------------------------------- list endpoints (query builder)

def _filter_value(value):
    """spatie ``getFilterValue``: comma -> list, ``true``/``false`` -> bool."""
    if isinstance(value, dict):
        return [_filter_value(v) for v in value.values()]
    if isinstance(value, list):
        return [_filter_value(v) for v in value]
    if value is None or value == "" or value == "0":
        return value
    if "," in value:
        return value.split(",")
    if value == "true":
        return True
    if value == "false":
        return False
    return value


def _mysql_number(value):
    text = php_str(value).strip()
    number = ""
    for char in text:
        if char.isdigit() or (char in "+-" and not number) or (char in ".eE" and number):
            number += char
        else:
            break
    try:
        return float(number)
    except ValueError:
        return 0.0


def mysql_equals(column_value, value) -> bool:
    """``column = ?`` with MySQL's loose comparison (numeric columns) and case-insensitive collation."""
    if column_value is None or value is None:
        return False
    if isinstance(column_value, bool):
        column_value = int(column_value)
    if isinstance(column_value, (int, float)):
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, (int, float)):
            return float(column_value) == float(value)
        return float(column_value) == _mysql_number(value)
    return php_str(column_value).rstrip(" ").casefold() == php_str(value).rstrip(" ").casefold()


def partial_filter(column):
    """``LOWER(column) LIKE %value%`` (OR over comma-separated values)."""
    def apply(rows, value):
        if isinstance(value, list):
            needles = [php_str(v).lower() for v in value if php_str(v) != ""]
            if not needles:
                return rows
        else:
            needles = [php_str(value).lower()]
        return [r for r in rows if r.get(column) is not None
                and any(n in php_str(r[column]).lower() for n in needles)]
    return apply


def exact_filter(column):
    """``column = value`` / ``column IN (...)``."""
    def apply(rows, value):
        values = value if isinstance(value, list) else [value]
        return [r for r in rows if any(mysql_equals(r.get(column), v) for v in values)]
    return apply


def apply_filters(ctx, rows, allowed) -> list:
    """``allowed`` is an ordered list of ``(name, filter_fn)``; unknown names -> 400 InvalidFilterQuery."""
    filters = ctx.request.query().get("filter")
    if filters is None or isinstance(filters, str):
        return rows
    if isinstance(filters, list):
        filters = {str(i): v for i, v in enumerate(filters)}
    names = [name for name, _kind in allowed]
    unknown = [k for k in filters if k not in names]
    if unknown:
        raise PanelError(400, "InvalidFilterQuery", "Requested filter(s) `%s` are not allowed. Allowed filter(s) are `%s`." % (
            ", ".join(unknown), ", ".join(names)))
    for name, function in allowed:
        if name not in filters:
            continue
        value = _filter_value(filters[name])
        if isinstance(value, list) and not value:
            value = None
        if value is None and not getattr(function, "nullable", False):
            continue
        rows = function(rows, value)
    return rows


def apply_sorts(ctx, rows, allowed) -> list:
    """``sort=a,-b`` over ``allowed`` (list of column names); unknown -> 400 InvalidSortQuery."""
    raw = ctx.request.query().get("sort")
    if raw is None:
        return rows
    if isinstance(raw, dict):
        parts = [php_str(v) for v in raw.values()]
    elif isinstance(raw, list):
        parts = [php_str(v) for v in raw]
    else:
        parts = php_str(raw).split(",")
    parts = [p for p in parts if p not in ("", "0")]
    if not parts:
        return rows
    unknown = [p.lstrip("-") for p in parts if p.lstrip("-") not in allowed]
    if unknown:
        raise PanelError(400, "InvalidSortQuery", "Requested sort(s) `%s` is not allowed. Allowed sort(s) are `%s`." % (
            ", ".join(unknown), ", ".join(allowed)))
    result = list(rows)
    for part in reversed(parts):
        column = part.lstrip("-")
        descending = part.startswith("-")
        result.sort(key=lambda r, c=column: _sort_key(r.get(c)), reverse=descending)
    return result


def _sort_key(value):
    if value is None:
        return (0, 0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value, "")
    return (2, 0, php_str(value).casefold())


def _per_page(ctx, default: int) -> int:
    raw = ctx.request.query().get("per_page")
    if raw is None:
        per_page = default
    elif isinstance(raw, (list, dict)) or not is_numeric(raw):
        # PHP 8 arithmetic with a non-numeric string / array throws.
        raise server_error("TypeError")
    else:
        number = to_number(raw)
        per_page = int(number) if number else 0
        if not per_page:
            per_page = 15  # Eloquent's model default when the value is falsy
    cap = ctx.sim.max_page_size
    if cap is not None and per_page > cap:
        per_page = int(cap)
    return per_page


def _current_page(ctx) -> int:
    raw = ctx.request.query().get("page")
    if raw is None or isinstance(raw, (list, dict)) or not is_integer(raw):
        return 1
    page = int(php_str(raw).strip())
    return page if page >= 1 else 1


def paginate(ctx, rows, default_per_page: int = 50):
    """Laravel ``paginate()`` + Fractal's pagination meta; returns ``(page_rows, meta)``."""
    per_page = _per_page(ctx, default_per_page)
    page = _current_page(ctx)
    total = len(rows)
    if per_page < 0:
        items = list(rows)
        last_page = 1
    else:
        offset = (page - 1) * per_page
        items = list(rows[offset:offset + per_page])
        last_page = max(int(math.ceil(total / float(per_page))), 1)
    links = {}
    base = ctx.request.base_url + ctx.request.raw_path.rstrip("/")
    if page > 1:
        links["previous"] = "%s?page=%d" % (base, page - 1)
    if page < last_page:
        links["next"] = "%s?page=%d" % (base, page + 1)
    meta = {"pagination": {
        "total": total,
        "count": len(items),
        "per_page": per_page,
        "current_page": page,
        "total_pages": last_page,
        "links": links,
    }}
    return items, meta
