# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads a converge repeats: each collection is read once per run and kept up to date with what the run writes.

The engine with the panels' adapters against the simulators (no Ansible), counting the requests each simulator
received: the AMP user and role lists and permission trees, Crafty's role list, Pterodactyl's nests with their eggs.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient
from ansible_collections.gameops.panels.plugins.module_utils.amp.roles import RoleAdapter
from ansible_collections.gameops.panels.plugins.module_utils.amp.users import UserAdapter
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler


def amp_client(amp_sim):
    from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    return AMPClient(amp_sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)


def calls(amp_sim, name):
    return len(amp_sim.calls("Core/" + name))


def test_100_amp_user_creates_read_the_user_list_once(amp_sim):
    amp_sim.add_role("Players")
    adapter = UserAdapter(amp_client(amp_sim))
    desired = [{"username": "player%03d" % i, "email": "player%03d@example.test" % i, "password": "pw-%03d-secret" % i,
                "must_change_password": i % 2 == 0, "roles": ["Players"]} for i in range(100)]
    engine = Reconciler(adapter)
    plan = engine.apply(engine.plan(desired=desired))

    assert plan.summary()["create"] == 100
    assert calls(amp_sim, "GetAllAMPUserInfo") == 1
    # each new user read alone once (its flags as AMP made them), never the whole list again
    assert calls(amp_sim, "GetAMPUserInfo") == 100
    assert calls(amp_sim, "CreateUser") == 100 and calls(amp_sim, "UpdateUserInfo") == 100
    # what the run reports is what the panel holds
    held = dict((u.name, u) for u in amp_sim.state.users.values())
    players = amp_sim.state.role_by_name("Players")
    for change in plan.changes:
        user = held[change.result["username"]]
        assert change.result["id"] == user.id
        assert change.result["email"] == user.email
        assert change.result["must_change_password"] == user.must_change_password
        assert change.result["roles"] == ["Players"] and user.roles == [players.id]
        assert user.password is not None

    # the second run: the two lists (roles resolve by name), no write
    amp_sim.clear_log()
    again = Reconciler(UserAdapter(amp_client(amp_sim)))
    unchanged = [dict((k, v) for k, v in d.items() if k != "password") for d in desired]
    assert not again.apply(again.plan(desired=unchanged)).changed
    assert sorted(r.call for r in amp_sim.requests if r.call != "Core/Login") == [
        "Core/GetAllAMPUserInfo", "Core/GetRoleIds"]


def test_amp_user_updates_report_what_they_wrote_without_reading_again(amp_sim):
    amp_sim.add_role("Players")
    amp_sim.add_role("Mods")
    for i in range(20):
        amp_sim.state.add_user("user%02d" % i, roles=["Players"])
    engine = Reconciler(UserAdapter(amp_client(amp_sim)))
    desired = [{"username": "user%02d" % i, "email": "u%02d@example.test" % i, "enabled": i % 3 != 0,
                "roles": ["Mods"]} for i in range(20)]
    plan = engine.apply(engine.plan(desired=desired))

    assert plan.summary()["update"] == 20
    assert calls(amp_sim, "GetAllAMPUserInfo") == 1 and calls(amp_sim, "GetAMPUserInfo") == 0
    mods = amp_sim.state.role_by_name("Mods")
    held = dict((u.name, u) for u in amp_sim.state.users.values())
    for change in plan.changes:
        user = held[change.result["username"]]
        assert (change.result["email"], change.result["enabled"], change.result["roles"]) == (
            user.email, not user.disabled, ["Mods"])
        assert user.roles == [mods.id]


def test_amp_permission_tree_is_read_once_per_process(amp_sim):
    amp_sim.add_instance("Minecraft01")
    engine = Reconciler(RoleAdapter(amp_client(amp_sim)))
    desired = [{"name": "Role %02d" % i,
                "permissions": {"Core.RoleManagement.CreateRole": "allow" if i % 2 else "deny"},
                "instance_permissions": {"Minecraft01": {"Core.AppManagement.StartApplication": "allow"}}}
               for i in range(10)]
    plan = engine.apply(engine.plan(desired=desired))

    assert plan.summary()["create"] == 10
    assert len(amp_sim.calls("Core/GetPermissionsSpec", instance="ADS")) == 1
    assert len(amp_sim.calls("Core/GetPermissionsSpec", instance="Minecraft01")) == 1


def held_roles(amp_sim):
    """What a fresh read shows of every role, with its permissions in Minecraft01."""
    fresh = RoleAdapter(amp_client(amp_sim))
    return dict((r["name"], fresh.complete(r, {"instance_permissions": {"Minecraft01": {}}})) for r in fresh.list())


def test_amp_role_creates_and_updates_read_the_role_list_once_and_report_what_the_panel_holds(amp_sim):
    amp_sim.add_instance("Minecraft01")
    desired = [{"name": "Role %02d" % i, "permissions": {"Core.RoleManagement.CreateRole": "allow" if i % 2 else "deny"},
                "instance_permissions": {"Minecraft01": {"Core.AppManagement.StartApplication": "allow"}}}
               for i in range(10)]
    engine = Reconciler(RoleAdapter(amp_client(amp_sim)))
    created = engine.apply(engine.plan(desired=desired))
    assert created.summary()["create"] == 10
    # the list once; each new role read alone, never the whole list again
    assert calls(amp_sim, "GetRoleData") == 1 and calls(amp_sim, "GetRole") == 10
    held = held_roles(amp_sim)
    for change in created.changes:
        assert change.result == held[change.key]

    amp_sim.clear_log()
    changed = [dict(d, permissions={"Core.RoleManagement.CreateRole": "inherit", "Core.UserManagement.ViewUserInfo": "allow"},
                    instance_permissions={"Minecraft01": {"Core.AppManagement.StartApplication": "deny"}})
               for d in desired]
    engine = Reconciler(RoleAdapter(amp_client(amp_sim)))
    updated = engine.apply(engine.plan(desired=changed))
    assert updated.summary()["update"] == 10
    # the list and each role's permissions in the instance, before the writes; nothing read after them
    assert calls(amp_sim, "GetRoleData") == 1 and calls(amp_sim, "GetRole") == 0
    assert len(amp_sim.calls("Core/GetAMPRolePermissions", instance="Minecraft01")) == 10
    held = held_roles(amp_sim)
    for change in updated.changes:
        assert change.result == held[change.key]
        assert change.result["permissions"] == {"Core.UserManagement.ViewUserInfo": "allow"}
        assert change.result["instance_permissions"] == {"Minecraft01": {"Core.AppManagement.StartApplication": "deny"}}


def test_crafty_role_creates_read_the_role_list_once(crafty_sim):
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import CraftyClient
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import References
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.roles import RoleAdapter as CraftyRoles
    from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    client = CraftyClient(crafty_sim.url, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD)
    adapter = CraftyRoles(client, References(client))
    engine = Reconciler(adapter)
    crafty_sim.clear_log()
    plan = engine.apply(engine.plan(desired=[{"name": "staff-%02d" % i} for i in range(10)]))
    assert plan.summary()["create"] == 10
    lists = [r for r in crafty_sim.requests if r.method == "GET" and r.path == "/api/v2/roles"]
    alone = [r for r in crafty_sim.requests if r.method == "GET" and r.path.startswith("/api/v2/roles/")]
    assert len(lists) == 1 and len(alone) == 10
    # what the run reports is what the panel holds, and the run's list knows the new roles
    for change in plan.changes:
        assert change.result["id"] == crafty_sim.state.role_by_name(change.result["name"])["role_id"]
    assert adapter.refs.role_id("staff-07") == crafty_sim.state.role_by_name("staff-07")["role_id"]
    assert len([r for r in crafty_sim.requests if r.method == "GET" and r.path == "/api/v2/roles"]) == 1
