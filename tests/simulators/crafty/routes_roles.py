# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``/api/v2/roles...`` (API.md section 8, permissions.md section 5)."""
from __future__ import annotations

from .framework import ApiError, Crash, ok
from .state import SYSTEM_USERNAME, crafty_time

ROLES_MODULE = "app.classes.models.roles"


def _may_read_roles(ctx) -> None:
    """4.3+: superuser or ROLES_CONFIG; 4.0.8: superuser only."""
    caller = ctx.caller
    if caller.superuser:
        return
    if ctx.profile.roles_config_perm and "ROLES_CONFIG" in caller.crafty():
        return
    raise ctx.not_authorized()


def _role_or_fail(ctx, role_id) -> dict:
    """GET: 4.0.8 404 ROLE_NOT_FOUND; newer puts the exception object into the 404's ``error_data``,
    which the JSON encoder refuses (500)."""
    role = ctx.state.roles.get(int(role_id))
    if role is None:
        if not ctx.profile.role_patch_looks_up:
            raise ApiError(404, "ROLE_NOT_FOUND")
        raise Crash.not_serializable("RolesDoesNotExist")
    return role


def _role_or_crash(ctx, role_id) -> dict:
    """``get_role`` outside a try: an unknown id is peewee's RolesDoesNotExist (500)."""
    role = ctx.state.roles.get(int(role_id))
    if role is None:
        raise Crash.does_not_exist("Roles", ROLES_MODULE, value=role_id)
    return role


def _server_key(ctx, server_id):
    """The stored form of a role-server id: the server's own key (int in 4.0.8, UUID string newer)."""
    server = ctx.state.find_server(server_id)
    return None if server is None else server["server_id"]


def list_roles(ctx):
    _may_read_roles(ctx)
    if ctx.flag("ids"):
        return ok(list(ctx.state.roles))
    return ok([dict(r) for r in ctx.state.roles.values()])


def create_role(ctx):
    _may_read_roles(ctx)
    caller = ctx.caller
    data = ctx.body()
    ctx.validate("create_role", data)
    if "name" not in data or "servers" not in data:  # quirk 11: both keys are read unconditionally
        raise Crash.key_error("name" if "name" not in data else "servers")
    manager = data.get("manager")
    if ctx.profile.managers:
        if not caller.superuser and not manager:
            manager = caller.user_id
        if manager == 0 or manager == _system_id(ctx):
            manager = None
    servers = {}
    for entry in data["servers"]:  # unknown servers are silently dropped
        key = _server_key(ctx, entry["server_id"])
        if key is not None:
            servers[key] = entry["permissions"]
    name = data["name"]
    if ctx.state.role_by_name(name) is not None:
        raise ApiError(400, "ROLE_NAME_ALREADY_EXISTS", "UNIQUE VALUE ERROR" if ctx.profile.at_least(4, 1, 0) else None)
    if ctx.profile.role_create_reads_mfa and "mfa_required" not in data:
        # add_role_advanced(..., data["mfa_required"]): read after the duplicate check, before the insert
        raise Crash.key_error("mfa_required")
    if ctx.state.role_by_name(name.lower()) is not None:
        # quirk 5: the duplicate check is case-sensitive, the stored name lower-cased -> unique constraint
        raise Crash.integrity_error("UNIQUE constraint failed: roles.role_name")
    role = ctx.state.add_role(name, manager=manager, mfa_required=data.get("mfa_required", False))
    for server_id, mask in servers.items():
        ctx.state.set_role_server(role["role_id"], server_id, mask)
    return ok({"role_id": role["role_id"]})


def get_role(ctx, role_id):
    _may_read_roles(ctx)
    return ok(dict(_role_or_fail(ctx, role_id)))


def patch_role(ctx, role_id):
    caller = ctx.caller
    if not ctx.profile.role_patch_looks_up:
        return _patch_role_408(ctx, role_id)
    role = _role_or_crash(ctx, role_id)
    if not ctx.profile.roles_config_perm:
        ctx.require_superuser()
    elif not caller.superuser and (caller.user_id != role.get("manager") or "ROLES_CONFIG" not in caller.crafty()):
        raise ctx.not_authorized("Not Authorized")
    data = ctx.body()
    ctx.validate("modify_role", data)
    if ctx.profile.role_rename and "name" in data:
        # quirk 14: manager (and mfa_required) ride on the rename branch; the new name is not lower-cased
        holder = ctx.state.role_by_name(data["name"])
        if holder is not None and holder["role_id"] != role["role_id"]:
            # 404 ROLE_NAME_EXISTS with the IntegrityError object as error_data: the encoder refuses it
            raise Crash.not_serializable("IntegrityError")
        role["role_name"] = data["name"]
        role["last_update"] = crafty_time()  # the rename branch stamps it with Crafty's formatter
        if ctx.profile.managers:
            manager = data.get("manager", role.get("manager"))
            role["manager"] = None if manager in (0, _system_id(ctx)) else manager
        if ctx.profile.role_mfa and "mfa_required" in data:
            role["mfa_required"] = data["mfa_required"]
    if "servers" in data:
        _set_role_servers(ctx, role["role_id"], data["servers"])
    return ok(with_data=False)


def _set_role_servers(ctx, role_id, entries) -> None:
    """``servers`` of a role PATCH: the complete desired set (missing rows removed, others added or updated)."""
    wanted = {}
    for entry in entries:
        key = _server_key(ctx, entry["server_id"])
        if key is not None:
            wanted[key] = entry["permissions"]
    ctx.state.role_servers = [r for r in ctx.state.role_servers if r["role_id"] != role_id or r["server_id"] in wanted]
    for server_id, mask in wanted.items():
        ctx.state.set_role_server(role_id, server_id, mask)


def _patch_role_408(ctx, role_id):
    """4.0.8: superuser only (before the body is read); no lookup of the role; ``name`` is ignored (it reads
    ``role_name``, which the schema forbids); ``servers`` of an unknown role -> 404 ROLE_NOT_FOUND."""
    ctx.require_superuser()
    data = ctx.body()
    ctx.validate("modify_role", data)
    role = ctx.state.roles.get(int(role_id))
    if "servers" in data:
        if role is None:
            raise ApiError(404, "ROLE_NOT_FOUND")
        _set_role_servers(ctx, role["role_id"], data["servers"])
    return ok(with_data=False)


def delete_role(ctx, role_id):
    caller = ctx.caller
    role = _role_or_crash(ctx, role_id)  # unknown ids: RolesDoesNotExist in both versions (quirk 28)
    if not ctx.profile.managers:
        ctx.require_superuser()
    elif str(role.get("manager")) != str(caller.user_id) and not caller.superuser:
        raise ctx.not_authorized()
    ctx.state.delete_role(role["role_id"])
    return ok(str(role_id))


def role_servers(ctx, role_id):
    ctx.require_superuser()
    rows = ctx.state.role_server_rows(int(role_id))
    if ctx.flag("ids"):
        return ok([r["server_id"] for r in rows])
    return ok([{"server_id": r["server_id"], "permissions": r["permissions"]} for r in rows])


def role_users(ctx, role_id):
    ctx.require_superuser()
    return ok([r["user_id"] for r in ctx.state.user_roles if r["role_id"] == int(role_id)])


def _system_id(ctx):
    system = ctx.state.user_by_name(SYSTEM_USERNAME)
    return system["user_id"] if system else None


def register(router, profile) -> None:  # pylint: disable=unused-argument
    router.add(r"/api/v2/roles/?", {"GET": list_roles, "POST": create_role})
    router.add(r"/api/v2/roles/([0-9]+)/?", {"GET": get_role, "PATCH": patch_role, "DELETE": delete_role})
    router.add(r"/api/v2/roles/([0-9]+)/servers/?", {"GET": role_servers})
    router.add(r"/api/v2/roles/([0-9]+)/users/?", {"GET": role_users})
