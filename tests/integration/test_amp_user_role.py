# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.user, user_info, role and role_info on CubeCoders AMP."""

from __future__ import annotations

import requests

from tests.integration.amp_helpers import bodies, write_calls
from tests.integration.harness import run_playbook

ALICE_PASSWORD = "Alice-Pa55word"

CREATE = """
- name: role
  gameops.panels.role:
    name: Moderators
    permissions:
      Core.UserManagement.ViewUserInfo: allow
      Core.RoleManagement.DeleteRoles: deny
      Core.AuditLog.ViewAuditLog: inherit
    instance_permissions:
      Minecraft01:
        Core.AppManagement.StartApplication: allow
- name: user
  gameops.panels.user:
    username: alice
    password: "{{ lookup('env', 'ALICE_PASSWORD') }}"
    email: alice@example.com
    password_expires: true
    cannot_change_password: true
    roles: [Moderators]
- name: roles
  gameops.panels.role_info:
    name: Moderators
- name: users
  gameops.panels.user_info:
    username: alice
"""

CHANGES = """
- name: inherit one node, deny another inside the instance
  gameops.panels.role:
    name: Moderators
    permissions:
      Core.UserManagement.ViewUserInfo: inherit
      Core.RoleManagement.DeleteRoles: deny
      Core.AuditLog.ViewAuditLog: inherit
    instance_permissions:
      Minecraft01:
        Core.AppManagement.StartApplication: deny
- name: new e-mail address
  gameops.panels.user:
    username: alice
    email: alice@example.org
- name: out of the role, disabled
  gameops.panels.user:
    username: alice
    roles: []
    enabled: false
- name: an option AMP lacks
  gameops.panels.user:
    username: alice
    first_name: Alice
  ignore_errors: true
- name: a node AMP does not have
  gameops.panels.role:
    name: Moderators
    permissions:
      Core.UserManagement.ViewUsers: allow
  ignore_errors: true
"""

DELETE = """
- name: delete the user
  gameops.panels.user:
    username: alice
    state: absent
- name: delete the role
  gameops.panels.role:
    name: Moderators
    state: absent
- name: a built-in role
  gameops.panels.role:
    name: Super Admins
    state: absent
  ignore_errors: true
"""


def login(sim, username, password):
    reply = requests.post(sim.url + "/API/Core/Login", json={
        "username": username, "password": password, "token": "", "rememberMe": False}, timeout=10).json()
    return reply["success"], reply.get("resultReason")


def test_users_and_roles_are_created_kept_changed_and_deleted(amp_sim, tmp_path):
    sim = amp_sim
    sim.add_instance("Minecraft01")
    env = {"ALICE_PASSWORD": ALICE_PASSWORD}
    run = run_playbook(sim, tmp_path, CREATE, extra_env=env)
    assert run.rc == 0, run
    assert write_calls(sim) == [
        ("Core/CreateRole", None), ("Core/SetAMPRolePermission", None), ("Core/SetAMPRolePermission", None),
        ("Core/SetAMPRolePermission", "Minecraft01"),
        ("Core/CreateUser", None), ("Core/ResetUserPassword", None), ("Core/UpdateUserInfo", None),
        ("Core/SetAMPUserRoleMembership", None),
    ]
    role = sim.state.role_by_name("Moderators")
    minecraft = sim.state.find_instance("Minecraft01")
    assert sim.state.ads.role_permissions[role.id] == {"Core.UserManagement.ViewUserInfo": True,
                                                       "Core.RoleManagement.DeleteRoles": False}
    assert minecraft.role_permissions[role.id] == {"Core.AppManagement.StartApplication": True}
    alice = sim.state.user_by_name("alice")
    assert (alice.email, alice.password_expires, alice.cannot_change_password, alice.must_change_password,
            alice.roles) == ("alice@example.com", True, True, False, [role.id])
    assert login(sim, "alice", ALICE_PASSWORD) == (True, "")
    assert run.task("roles")["roles"][0]["permissions"] == {
        "Core.UserManagement.ViewUserInfo": "allow", "Core.RoleManagement.DeleteRoles": "deny"}
    user = run.task("users")["users"][0]
    assert (user["username"], user["enabled"], user["roles"]) == ("alice", True, ["Moderators"])

    sim.clear_log()
    again = run_playbook(sim, tmp_path, CREATE, extra_env=env)
    assert again.rc == 0 and again.changed == 0, again
    assert write_calls(sim) == []

    sim.clear_log()
    check = run_playbook(sim, tmp_path, CHANGES, check=True, diff=True)
    assert check.rc == 0, check
    plan = check.task("inherit one node, deny another inside the instance")["plan"]["changes"][0]["fields"]
    assert plan["permissions"]["after"] == {"Core.UserManagement.ViewUserInfo": "inherit",
                                            "Core.RoleManagement.DeleteRoles": "deny",
                                            "Core.AuditLog.ViewAuditLog": "inherit"}
    assert plan["instance_permissions"]["before"] == {"Minecraft01": {"Core.AppManagement.StartApplication": "allow"}}
    assert check.task("new e-mail address")["changed"] and check.task("out of the role, disabled")["changed"]
    assert write_calls(sim) == []

    sim.clear_log()
    changed = run_playbook(sim, tmp_path, CHANGES)
    assert changed.rc == 0, changed
    assert write_calls(sim) == [
        ("Core/SetAMPRolePermission", None), ("Core/SetAMPRolePermission", "Minecraft01"),
        ("Core/UpdateUserInfo", None),
        ("Core/UpdateUserInfo", None), ("Core/SetAMPUserRoleMembership", None),
    ]
    # inherit removes the node's entry (Enabled null); the unchanged deny and the already-inheriting node cost nothing
    assert bodies(sim, "Core/SetAMPRolePermission") == [
        {"RoleId": role.id, "PermissionNode": "Core.UserManagement.ViewUserInfo", "Enabled": None},
        {"RoleId": role.id, "PermissionNode": "Core.AppManagement.StartApplication", "Enabled": False}]
    assert sim.state.ads.role_permissions[role.id] == {"Core.RoleManagement.DeleteRoles": False}
    assert minecraft.role_permissions[role.id] == {"Core.AppManagement.StartApplication": False}
    # the full-replace UpdateUserInfo kept every flag the task did not name
    assert bodies(sim, "Core/UpdateUserInfo")[0] == {
        "Username": "alice", "Disabled": False, "PasswordExpires": True, "CannotChangePassword": True,
        "MustChangePassword": False, "EmailAddress": "alice@example.org"}
    assert bodies(sim, "Core/SetAMPUserRoleMembership") == [{"UserId": alice.id, "RoleId": role.id, "IsMember": False}]
    alice = sim.state.user_by_name("alice")
    assert (alice.email, alice.disabled, alice.password_expires, alice.cannot_change_password, alice.roles) == (
        "alice@example.org", True, True, True, [])
    assert changed.task("an option AMP lacks")["msg"].startswith(
        "first_name is not supported on CubeCoders AMP (panel_type=amp); supported there: cannot_change_password,")
    assert not changed.task("a node AMP does not have")["changed"]
    assert changed.task("a node AMP does not have")["msg"] == (
        "permissions: AMP's ADS has no permission node Core.UserManagement.ViewUsers (did you mean "
        "Core.UserManagement.ViewUserInfo?)")

    sim.clear_log()
    deleted = run_playbook(sim, tmp_path, DELETE)
    assert deleted.rc == 0, deleted
    assert write_calls(sim) == [("Core/DeleteUser", None), ("Core/DeleteRole", None)]
    assert sim.state.user_by_name("alice") is None and sim.state.role_by_name("Moderators") is None
    assert deleted.task("a built-in role")["msg"] == "name: AMP role 'Super Admins' is a built-in role and cannot be deleted"
