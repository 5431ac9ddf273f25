# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Application API server and server-database routes (reference sections 7.4 and 7.5)."""
from __future__ import annotations

import secrets
import string
import uuid

from .framework import ValidationFailed, display_error, empty_response, model_not_found, validate
from .helpers import (
    DATABASE_ATTRIBUTES, IMAGE_RULES, MSG_DEFAULT_NOT_ASSIGNED, MSG_DUPLICATE_DATABASE, MSG_NO_FALLBACK,
    MSG_NO_VIABLE_ALLOCATIONS, MSG_NO_VIABLE_NODES, MSG_TOO_MANY_DATABASES, MSG_TOO_MANY_PORTS, PORT_RANGE_LIMIT,
    PORT_RANGE_REGEX, PREFIX, THREADS_RULES, as_list, created, exists_rule, find_record, php_bool, php_identical,
    php_truthy, storable_string, unique_rule, viable_nodes, wings_unreachable,
)
from .rules import Validator, is_digit_string, php_str, to_db_int
from .state import random_string
from .transformers import apply_filters, apply_sorts, mysql_equals, paginate, partial_filter


# ---------------------------------------------------------------------- servers (section 7.4)

def validate_environment(state, egg_id: int, environment) -> list:
    """``VariableValidatorService``: every egg variable checked with its own rules.

    Returns ``[(variable, value)]`` for all variables of the egg (value ``None`` when omitted).
    """
    if isinstance(environment, dict):
        fields = environment
    else:
        fields = {}
    variables = state.egg_variables_of(egg_id)
    data = {"environment": {}}
    rules = []
    attributes = {}
    for variable in variables:
        key = variable["env_variable"]
        data["environment"][key] = fields.get(key)
        rules.append(("environment." + key, variable["rules"] or ""))
        attributes["environment." + key] = "%s variable" % variable["name"]
    errors = Validator(data, rules, attributes).validate()
    if errors:
        raise ValidationFailed(errors)
    return [(variable, fields.get(variable["env_variable"])) for variable in variables]


def _variable_storage(value) -> str:
    return "" if value is None else php_str(value)


def server_create_rules(state, data) -> list:
    deploying = php_truthy(data.get("deploy"))
    unassigned = exists_rule(state, "allocations", where=lambda row: row["server_id"] is None)
    return [
        ("external_id", ["sometimes", "nullable", "string", "between:1,191", unique_rule(state, "servers", "external_id")]),
        ("name", "required|string|min:1|max:191"),
        ("description", "nullable|string"),
        ("user", ["required", "integer", exists_rule(state, "users")]),
        ("egg", ["required", exists_rule(state, "eggs")]),
        ("docker_image", IMAGE_RULES),
        ("startup", "required|string"),
        ("environment", "present|array"),
        ("skip_scripts", "sometimes|boolean"),
        ("oom_disabled", "sometimes|boolean"),
        ("limits", "required|array"),
        ("limits.memory", "required|numeric|min:0"),
        ("limits.swap", "required|numeric|min:-1"),
        ("limits.disk", "required|numeric|min:0"),
        ("limits.io", "required|numeric|between:10,1000"),
        ("limits.threads", THREADS_RULES),
        ("limits.cpu", "required|numeric|min:0"),
        ("feature_limits", "required|array"),
        ("feature_limits.databases", "present|nullable|integer|min:0"),
        ("feature_limits.allocations", "sometimes|nullable|integer|min:0"),
        ("feature_limits.backups", "present|nullable|integer|min:0"),
        ("allocation.default", [] if deploying else ["required", "integer", "bail", unassigned]),
        ("allocation.additional.*", [] if deploying else ["integer", unassigned]),
        ("deploy", "sometimes|required|array"),
        ("deploy.locations", ["array", "present"] if deploying else ["array"]),
        ("deploy.locations.*", "integer|min:1"),
        ("deploy.dedicated_ip", "required_with:deploy,boolean"),
        ("deploy.port_range", ["array", "present"] if deploying else ["array"]),
        ("deploy.port_range.*", "string"),
        ("start_on_completion", "sometimes|boolean"),
    ]


def _deploy_ports(port_range) -> tuple:
    singles, ranges = [], []
    for port in port_range:
        if is_digit_string(port):
            singles.append(int(php_str(port)))
        match = PORT_RANGE_REGEX.match(port) if isinstance(port, str) else None
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            if abs(high - low) > PORT_RANGE_LIMIT:
                raise display_error(MSG_TOO_MANY_PORTS)
            ranges.append((low, high))
    return singles, ranges


def select_deploy_allocation(state, deploy, memory: int, disk: int):
    """``configureDeployment``: viable node, then a free allocation (lowest id stands in for random)."""
    locations = deploy.get("locations") or []
    if isinstance(locations, dict):
        locations = list(locations.values())
    port_range = deploy.get("port_range") or []
    if isinstance(port_range, dict):
        port_range = list(port_range.values())
    dedicated = php_truthy(deploy.get("dedicated_ip", False))
    singles, ranges = _deploy_ports(port_range)
    nodes = viable_nodes(state, memory, disk, locations)
    if not nodes:
        raise display_error(MSG_NO_VIABLE_NODES, "NoViableNodeException")
    node_ids = set(n["id"] for n in nodes)
    used_ips = set()
    if dedicated:
        used_ips = set((a["node_id"], a["ip"]) for a in state.allocations.values()
                       if a["server_id"] is not None and a["node_id"] in node_ids)
    for allocation in state.sorted_rows(state.allocations.values()):
        if allocation["server_id"] is not None or allocation["node_id"] not in node_ids:
            continue
        if singles or ranges:
            port = allocation["port"]
            if port not in singles and not any(min(lo, hi) <= port <= max(lo, hi) for lo, hi in ranges):
                continue
        if dedicated and (allocation["node_id"], allocation["ip"]) in used_ips:
            continue
        return allocation
    raise display_error(MSG_NO_VIABLE_ALLOCATIONS, "NoViableAllocationException")


def finish_install(sim, server, reinstall: bool = False) -> None:
    """Wings reports the (re)install result right after the request that started it."""
    outcome = sim.install_outcome
    if outcome == "pending" or server["status"] != "installing":
        return
    if outcome == "failed":
        status = "reinstall_failed" if reinstall else "install_failed"
    else:
        status = None
    sim.state.update(server, {"status": status, "installed_at": sim.state.now() if status is None else server.get("installed_at")})


def servers_index(ctx):
    validate(ctx.input(), [("search", "string|max:100")])
    rows = ctx.state.sorted_rows(ctx.state.servers.values())
    rows = apply_filters(ctx, rows, [
        ("uuid", partial_filter("uuid")), ("uuidShort", partial_filter("uuidShort")),
        ("name", partial_filter("name")), ("description", partial_filter("description")),
        ("image", partial_filter("image")), ("external_id", partial_filter("external_id")),
    ])
    rows = apply_sorts(ctx, rows, ["id", "uuid"])
    page, meta = paginate(ctx, rows)
    return ctx.collection("server", page, meta=meta)


def servers_view(ctx):
    return ctx.item("server", ctx.bound["server"])


def servers_external(ctx):
    external_id = ctx.params["external_id"]
    for row in ctx.state.sorted_rows(ctx.state.servers.values()):
        if mysql_equals(row["external_id"], external_id):
            return ctx.item("server", row)
    raise model_not_found()


def servers_store(ctx):
    state = ctx.state
    data = ctx.input()
    validate(data, server_create_rules(state, data))
    limits = data["limits"]
    features = data["feature_limits"]
    memory = to_db_int(limits["memory"])
    disk = to_db_int(limits["disk"])
    additional = []
    if data.get("deploy") is not None:
        allocation = select_deploy_allocation(state, data["deploy"], memory, disk)
    else:
        allocation = find_record(state.allocations, data["allocation"]["default"])
        if allocation is None:
            raise model_not_found()
        extra = (data.get("allocation") or {}).get("additional") or []
        if isinstance(extra, dict):
            extra = list(extra.values())
        additional = [find_record(state.allocations, value) for value in extra]
    egg = find_record(state.eggs, data["egg"])
    if egg is None:
        raise model_not_found()
    variables = validate_environment(state, egg["id"], data["environment"])
    server_uuid = str(uuid.uuid4())
    oom = data.get("oom_disabled")
    skip = data.get("skip_scripts")
    server = state.insert("servers", {
        "external_id": data.get("external_id"),
        "uuid": server_uuid,
        "uuidShort": server_uuid[:8],
        "node_id": allocation["node_id"],
        "name": data["name"],
        "description": data.get("description") if data.get("description") is not None else "",
        "status": "installing",
        "skip_scripts": php_bool(skip) if skip is not None else False,
        "owner_id": to_db_int(data["user"]),
        "memory": memory,
        "swap": to_db_int(limits["swap"]),
        "disk": disk,
        "io": to_db_int(limits["io"]),
        "cpu": to_db_int(limits["cpu"]),
        "threads": storable_string(limits.get("threads")),
        "oom_disabled": php_bool(oom) if oom is not None else True,
        "allocation_id": allocation["id"],
        "nest_id": egg["nest_id"],
        "egg_id": egg["id"],
        "startup": data["startup"],
        "image": data["docker_image"],
        "allocation_limit": to_db_int(features.get("allocations")) if features.get("allocations") is not None else 0,
        "database_limit": to_db_int(features.get("databases")) if features.get("databases") is not None else 0,
        "backup_limit": to_db_int(features.get("backups")) if features.get("backups") is not None else 0,
        "installed_at": None,
    })
    for record in [allocation] + [a for a in additional if a is not None]:
        state.update(record, {"server_id": server["id"]})
    for variable, value in variables:
        state.insert("server_variables", {
            "server_id": server["id"], "variable_id": variable["id"], "variable_value": _variable_storage(value),
        })
    if ctx.sim.wings_offline:
        # Wings rejected the create: the panel force-deletes the new server and returns the error.
        delete_server(state, server)
        raise wings_unreachable()
    response = ctx.item("server", server, status=201)
    finish_install(ctx.sim, server)
    return response


def servers_details(ctx):
    server = ctx.bound["server"]
    state = ctx.state
    data = ctx.input()
    validate(data, [
        ("external_id", ["sometimes", "nullable", "string", "between:1,191",
                         unique_rule(state, "servers", "external_id", server["id"])]),
        ("name", "required|string|min:1|max:191"),
        ("user", ["required", "integer", exists_rule(state, "users")]),
        ("description", "nullable|string"),
    ])
    state.update(server, {
        "external_id": data.get("external_id"),
        "owner_id": to_db_int(data["user"]),
        "name": data["name"],
        "description": data.get("description") if data.get("description") is not None else "",
    })
    return ctx.item("server", server)


def _optional(rules: str, replacement: str) -> str:
    parts = rules.split("|")
    if "required" not in parts:
        return rules
    parts.remove("required")
    return "|".join([replacement] + parts)


def build_rules(state, server) -> list:
    numeric = {
        "memory": "required|numeric|min:0", "swap": "required|numeric|min:-1", "io": "required|numeric|between:10,1000",
        "cpu": "required|numeric|min:0", "threads": THREADS_RULES, "disk": "required|numeric|min:0",
    }
    order = ("memory", "swap", "io", "cpu", "threads", "disk")
    rules = [
        ("allocation", ["required", "bail", unique_rule(state, "servers", "allocation_id", server["id"]),
                        exists_rule(state, "allocations")]),
        ("oom_disabled", "sometimes|boolean"),
        ("limits", "sometimes|array"),
    ]
    rules.extend(("limits." + key, _optional(numeric[key], "required_with:limits")) for key in order)
    rules.extend((key, _optional(numeric[key], "required_without:limits")) for key in order)
    rules.extend([
        ("add_allocations", "bail|array"),
        ("add_allocations.*", "integer"),
        ("remove_allocations", "bail|array"),
        ("remove_allocations.*", "integer"),
        ("feature_limits", "required|array"),
        ("feature_limits.databases", "present|nullable|integer|min:0"),
        ("feature_limits.allocations", "sometimes|nullable|integer|min:0"),
        ("feature_limits.backups", "present|nullable|integer|min:0"),
    ])
    return rules


def servers_build(ctx):
    server = ctx.bound["server"]
    state = ctx.state
    data = ctx.input()
    validate(data, build_rules(state, server))
    values = {}
    for key in ("oom_disabled", "memory", "swap", "io", "cpu", "threads", "disk"):
        if key in data:
            values[key] = data[key]
    limits = data.get("limits")
    if isinstance(limits, dict) and limits:
        for key in ("memory", "swap", "io", "cpu", "threads", "disk"):
            if key in limits:
                values[key] = limits[key]
    allocation_id = data["allocation"]
    add = as_list(data.get("add_allocations"))
    remove = as_list(data.get("remove_allocations"))
    # Allocation changes are computed first and only applied once everything passed (transaction).
    assign, release = [], []
    if add or remove:
        freshly = None
        if add:
            wanted = set()
            for value in add:
                record = find_record(state.allocations, value)
                if record is not None:
                    wanted.add(record["id"])
            for record in state.sorted_rows(state.allocations.values()):
                if record["id"] in wanted and record["node_id"] == server["node_id"] and record["server_id"] is None:
                    assign.append(record)
            freshly = assign[0]["id"] if assign else None
        if remove:
            for value in remove:
                if php_identical(value, allocation_id):
                    if not freshly:
                        raise display_error(MSG_NO_FALLBACK)
                    allocation_id = freshly
            keep = set()
            for value in add:
                record = find_record(state.allocations, value)
                if record is not None:
                    keep.add(record["id"])
            removal = set()
            for value in remove:
                record = find_record(state.allocations, value)
                if record is not None and record["id"] not in keep:
                    removal.add(record["id"])
            release = [r for r in state.sorted_rows(state.allocations.values())
                       if r["id"] in removal and r["node_id"] == server["node_id"] and r["server_id"] == server["id"]]
    primary = find_record(state.allocations, allocation_id)
    if primary is None or primary["id"] != server["allocation_id"]:
        assigned_after = primary is not None and (
            primary in assign or (primary["server_id"] == server["id"] and primary not in release))
        if not assigned_after:
            raise display_error(MSG_DEFAULT_NOT_ASSIGNED)
    for record in assign:
        state.update(record, {"server_id": server["id"], "notes": None})
    for record in release:
        state.update(record, {"server_id": None, "notes": None})
    features = data["feature_limits"]
    changes = {"allocation_id": primary["id"]}
    for key, value in values.items():
        if key == "oom_disabled":
            changes[key] = php_bool(value)
        elif key == "threads":
            changes[key] = storable_string(value)
        else:
            changes[key] = to_db_int(value)
    changes["database_limit"] = to_db_int(features.get("databases")) if features.get("databases") is not None else None
    changes["allocation_limit"] = to_db_int(features.get("allocations")) if features.get("allocations") is not None else None
    changes["backup_limit"] = to_db_int(features.get("backups")) if features.get("backups") is not None else 0
    state.update(server, changes)
    return ctx.item("server", server)


def servers_startup(ctx):
    server = ctx.bound["server"]
    state = ctx.state
    data = ctx.input()
    validate(data, [
        ("startup", "required|string"),
        ("environment", "present|array"),
        ("egg", ["required", exists_rule(state, "eggs")]),
        ("image", IMAGE_RULES),
        ("skip_scripts", "present|boolean"),
    ])
    egg_value = data["egg"]
    target_egg = find_record(state.eggs, egg_value)
    if target_egg is None:
        raise model_not_found()
    environment = data["environment"]
    results = None
    if php_truthy(environment):
        results = validate_environment(state, target_egg["id"], environment)
    changes = {}
    if is_digit_string(egg_value) and server["egg_id"] != int(php_str(egg_value)):
        changes["egg_id"] = target_egg["id"]
        changes["nest_id"] = target_egg["nest_id"]
    changes["startup"] = data["startup"]
    changes["skip_scripts"] = php_bool(data["skip_scripts"]) if data["skip_scripts"] is not None else False
    changes["image"] = data["image"]
    if results is not None:
        for variable, value in results:
            state.set_server_variable(server["id"], variable["id"], _variable_storage(value))
    state.update(server, changes)
    return ctx.item("server", server)


def servers_suspend(ctx):
    server = ctx.bound["server"]
    if server["status"] != "suspended":
        if ctx.sim.wings_offline:
            raise wings_unreachable()
        ctx.state.update(server, {"status": "suspended"})
    return empty_response()


def servers_unsuspend(ctx):
    server = ctx.bound["server"]
    if server["status"] == "suspended":
        if ctx.sim.wings_offline:
            raise wings_unreachable()
        ctx.state.update(server, {"status": None})
    return empty_response()


def servers_reinstall(ctx):
    server = ctx.bound["server"]
    if ctx.sim.wings_offline:
        raise wings_unreachable()
    ctx.state.update(server, {"status": "installing"})
    finish_install(ctx.sim, server, reinstall=True)
    return empty_response()


def delete_server(state, server) -> None:
    for allocation in state.rows("allocations", server_id=server["id"]):
        state.update(allocation, {"server_id": None})
    for table in ("server_variables", "subusers", "databases", "backups", "schedules"):
        for row in state.rows(table, server_id=server["id"]):
            if table == "schedules":
                for task in state.rows("tasks", schedule_id=row["id"]):
                    state.delete("tasks", task["id"])
            state.delete(table, row["id"])
    state.power_states.pop(server["id"], None)
    state.files.pop(server["id"], None)  # Wings deletes the server's data directory
    state.console.pop(server["id"], None)
    state.delete("servers", server["id"])


def servers_delete(ctx):
    if ctx.sim.wings_offline and ctx.params.get("force") != "force":
        raise wings_unreachable()
    delete_server(ctx.state, ctx.bound["server"])
    return empty_response()


# ---------------------------------------------------------------------- server databases (section 7.5)

def _random_password(length: int = 24) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*()-_=+"
    return "".join(secrets.choice(alphabet) for _i in range(length))


def databases_index(ctx):
    rows = ctx.state.rows("databases", server_id=ctx.bound["server"]["id"])
    return ctx.collection("server_database", rows)


def databases_view(ctx):
    return ctx.item("server_database", ctx.bound["database"])


def databases_store(ctx):
    server = ctx.bound["server"]
    state = ctx.state
    data = ctx.input()
    validate(data, [
        ("database", ["required", "alpha_dash", "min:1", "max:48"]),
        ("remote", r"required|string|regex:/^[0-9%.]{1,15}$/"),
        ("host", ["required", "integer", exists_rule(state, "database_hosts")]),
    ], DATABASE_ATTRIBUTES)
    name = ("s%d_%s" % (server["id"], php_str(data["database"])))[:48]
    if server["database_limit"] is not None and len(state.rows("databases", server_id=server["id"])) >= server["database_limit"]:
        raise display_error(MSG_TOO_MANY_DATABASES, "TooManyDatabasesException")
    if any(row["database"] == name for row in state.rows("databases", server_id=server["id"])):
        raise display_error(MSG_DUPLICATE_DATABASE, "DuplicateDatabaseNameException")
    host = find_record(state.database_hosts, data["host"])
    database = state.insert("databases", {
        "server_id": server["id"],
        "database_host_id": host["id"],
        "database": name,
        "username": "u%d_%s" % (server["id"], random_string(10)),
        "remote": data["remote"],
        "password": _random_password(),
        "max_connections": 0,
    })
    return created(ctx, "server_database", database, "%s/servers/%d/databases/%d" % (PREFIX, server["id"], database["id"]))


def databases_reset_password(ctx):
    ctx.state.update(ctx.bound["database"], {"password": _random_password()})
    return empty_response()


def databases_delete(ctx):
    ctx.state.delete("databases", ctx.bound["database"]["id"])
    return empty_response()
