# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API network allocations (section 8.8), startup (section 8.11) and settings (section 8.12)."""
from __future__ import annotations

from .app_servers import finish_install
from .client_activity import log_activity
from .client_transformers import render_invocation, server_variable_records
from .framework import (
    ValidationFailed, bad_request, display_error, empty_response, json_response, server_error, validate,
)
from .rules import CustomRule, Validator, compile_php_regex, php_str

MSG_ALLOCATION_LIMIT = "Cannot assign additional allocations to this server: limit has been reached."
MSG_AUTO_ALLOCATION_DISABLED = "Server auto-allocation is not enabled for this instance."
MSG_NO_ALLOCATION_SPACE = "Cannot assign additional allocation: no more space available on node."
MSG_DELETE_NO_LIMIT = "You cannot delete allocations for this server: no allocation limit is set."
MSG_DELETE_PRIMARY = "You cannot delete the primary allocation for this server."
MSG_VARIABLE_MISSING = "The environment variable you are trying to edit does not exist."
MSG_VARIABLE_READ_ONLY = "The environment variable you are trying to edit is read-only."
IMAGE_PATTERN = compile_php_regex(r"/^[\w#\.\/\- ]*\|?~?[\w\.\/\-:@ ]*$/")
MSG_IMAGE_LOCKED = "This server's Docker image has been manually set by an administrator and cannot be updated."


# ---------------------------------------------------------------------- network allocations

def allocations_index(ctx):
    return ctx.collection("client_allocation", ctx.state.rows("allocations", server_id=ctx.bound["server"]["id"]))


def allocations_store(ctx):
    state = ctx.state
    server = ctx.bound["server"]
    if len(state.rows("allocations", server_id=server["id"])) >= (server["allocation_limit"] or 0):
        raise display_error(MSG_ALLOCATION_LIMIT)
    if not ctx.sim.client_allocations_enabled:
        raise display_error(MSG_AUTO_ALLOCATION_DISABLED, "AutoAllocationNotEnabledException")
    primary = state.allocations.get(server["allocation_id"]) or {}
    for allocation in state.rows("allocations", node_id=server["node_id"]):
        if allocation["server_id"] is None and allocation["ip"] == primary.get("ip"):
            state.update(allocation, {"server_id": server["id"]})
            log_activity(ctx, "server:allocation.create", {"allocation": _address(allocation)},
                         subjects=[("allocation", allocation["id"])])
            return ctx.item("client_allocation", allocation)
    raise display_error(MSG_NO_ALLOCATION_SPACE, "NoAutoAllocationSpaceAvailableException")


def allocations_update(ctx):
    validate(ctx.input(), [("notes", "nullable|string|max:256|present")])
    allocation = ctx.bound["allocation"]
    original = allocation["notes"]
    ctx.state.update(allocation, {"notes": ctx.input()["notes"]})
    if original != allocation["notes"]:
        log_activity(ctx, "server:allocation.notes", {"allocation": _address(allocation), "old": original,
                                                      "new": allocation["notes"]},
                     subjects=[("allocation", allocation["id"])])
    return ctx.item("client_allocation", allocation)


def allocations_primary(ctx):
    allocation = ctx.bound["allocation"]
    ctx.state.update(ctx.bound["server"], {"allocation_id": allocation["id"]})
    log_activity(ctx, "server:allocation.primary", {"allocation": _address(allocation)},
                 subjects=[("allocation", allocation["id"])])
    return ctx.item("client_allocation", allocation)


def allocations_delete(ctx):
    server = ctx.bound["server"]
    allocation = ctx.bound["allocation"]
    if not server["allocation_limit"]:
        raise display_error(MSG_DELETE_NO_LIMIT)
    if allocation["id"] == server["allocation_id"]:
        raise display_error(MSG_DELETE_PRIMARY)
    ctx.state.update(allocation, {"server_id": None, "notes": None})
    log_activity(ctx, "server:allocation.delete", {"allocation": _address(allocation)},
                 subjects=[("allocation", allocation["id"])])
    return empty_response(204)


def _address(allocation) -> str:
    """``Allocation::toString``: ``ip:port``."""
    return "%s:%s" % (allocation["ip"], allocation["port"])


# ---------------------------------------------------------------------- startup

def _startup_meta(ctx, server, images: bool) -> dict:
    meta = {"startup_command": render_invocation(ctx.state, server, False)}
    if images:
        egg = ctx.state.eggs.get(server["egg_id"]) or {}
        meta["docker_images"] = dict(egg.get("docker_images") or {})
    meta["raw_startup_command"] = server["startup"]
    return meta


def startup_index(ctx):
    server = ctx.bound["server"]
    rows = server_variable_records(ctx.state, server)
    return ctx.collection("client_egg_variable", rows, meta=_startup_meta(ctx, server, True))


def startup_update(ctx):
    data = ctx.input()
    validate(data, [("key", "required|string"), ("value", "present")])
    server = ctx.bound["server"]
    state = ctx.state
    variable = None
    for row in state.egg_variables_of(server["egg_id"]):
        if row["env_variable"] == data["key"]:
            variable = row
    if variable is None:
        raise server_error("ErrorException")
    if not variable["user_viewable"]:
        raise bad_request(MSG_VARIABLE_MISSING)
    if not variable["user_editable"]:
        raise bad_request(MSG_VARIABLE_READ_ONLY)
    errors = Validator({"value": data.get("value")}, [("value", variable["rules"] or "")]).validate()
    if errors:
        raise ValidationFailed(errors)
    value = data.get("value")
    row = state.server_variable_row(server["id"], variable["id"])
    original = row["variable_value"] if row is not None else None
    state.set_server_variable(server["id"], variable["id"], "" if value is None else php_str(value))
    # QUIRK: the panel compares the variable's env name (not its old value) with the new value, so it
    # logs nearly every update, even one that changes nothing
    if variable["env_variable"] != value:
        log_activity(ctx, "server:startup.edit", {"variable": variable["env_variable"], "old": original, "new": value},
                     subjects=[("egg_variable", variable["id"])])
    record = [r for r in server_variable_records(state, server) if r["id"] == variable["id"]][0]
    return ctx.item("client_egg_variable", record, meta=_startup_meta(ctx, server, False))


# ---------------------------------------------------------------------- settings

def settings_rename(ctx):
    data = ctx.input()
    validate(data, [("name", "required|string|min:1|max:191"), ("description", "string|nullable")])
    server = ctx.bound["server"]
    before = (server["name"], server["description"])
    changes = {"name": data["name"]}
    if "description" in data:
        changes["description"] = "" if data["description"] is None else php_str(data["description"])
    ctx.state.update(server, changes)
    if before[0] != server["name"]:
        log_activity(ctx, "server:settings.rename", {"old": before[0], "new": server["name"]})
    if before[1] != server["description"]:
        log_activity(ctx, "server:settings.description", {"old": before[1], "new": server["description"]})
    return empty_response(204)


def settings_reinstall(ctx):
    server = ctx.bound["server"]
    ctx.state.update(server, {"status": "installing"})
    response = json_response(202, [])
    finish_install(ctx.sim, server, reinstall=True)
    log_activity(ctx, "server:reinstall")
    return response


def settings_docker_image(ctx):
    server = ctx.bound["server"]
    egg = ctx.state.eggs.get(server["egg_id"]) or {}
    images = list((egg.get("docker_images") or {}).values())
    allowed = CustomRule("in", lambda attribute, value: value in images, "The selected :attribute is invalid.")
    # A CustomRule because the rule parser splits string rules on "|" (the pattern contains one).
    pattern = CustomRule("regex", lambda attribute, value: IMAGE_PATTERN.search(php_str(value)) is not None,
                         "The :attribute format is invalid.")
    validate(ctx.input(), [("docker_image", ["required", "string", "max:191", pattern, allowed])])
    if server["image"] not in images:
        raise bad_request(MSG_IMAGE_LOCKED)
    original = server["image"]
    ctx.state.update(server, {"image": ctx.input()["docker_image"]})
    if original != server["image"]:
        log_activity(ctx, "server:startup.image", {"old": original, "new": ctx.input()["docker_image"]})
    return empty_response(204)
