#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role
short_description: Manage panel roles and their permissions
version_added: 0.2.0
description:
  - Create, update and delete roles of a game-server panel, with the permissions each grants.
  - A role is matched by its O(name).
  - On CubeCoders AMP (O(panel_type=amp)), a role's name lives on the ADS (the controller), and every AMP process
    keeps its own permission list for the role, the ADS (O(permissions)) and each instance
    (O(instance_permissions)). Each permission node is granted (V(allow)), denied (V(deny)) or has no entry of its
    own so that it follows its parent node or a wildcard (V(inherit)). Every declared node whose state differs is
    written with one C(SetAMPRolePermission) on the process it belongs to; nodes you do not name are left alone.
  - Members are kept on the user side, with the O(gameops.panels.user#module:roles) option of M(gameops.panels.user).
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Reports the plan and sends no write request.
  diff_mode:
    support: full
    description: Shows the role before and after.
options:
  name:
    description:
      - Name of the role.
    type: str
    required: true
  permissions:
    description:
      - Permission nodes of the role on the panel itself, each mapped to V(allow), V(deny) or V(inherit).
      - On AMP, the nodes of the ADS, for example C(Core.UserManagement.ViewUsers), C(ADS.InstanceManagement.*) or
        C(Instances.<InstanceID>.Start). A node is written without AMP's leading C(-) for a denial.
    type: dict
  instance_permissions:
    description:
      - AMP only. Permission nodes of the role inside instances, by instance (its instance name, or a friendly name
        no other instance has), each a mapping of node to V(allow), V(deny) or V(inherit), for example
        V(Survival01) mapped to C(Core.AppManagement.StartApplication) V(allow).
      - They are read and written through each instance's own API, so the instances named must be running; a
        stopped one fails the task before any write.
    type: dict
  state:
    description:
      - V(present) creates or updates the role, V(absent) deletes it. AMP's built-in roles (default roles and those
        AMP protects from edits) are never changed or deleted.
    type: str
    choices: [present, absent]
    default: present
notes:
  - On AMP the account needs the C(Core.RoleManagement.*) permissions on the ADS and on each instance named.
seealso:
  - module: gameops.panels.role_info
  - module: gameops.panels.user
"""

EXAMPLES = r"""
- name: AMP - moderators may see users and start and stop the survival instance's game, but never delete roles
  gameops.panels.role:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    name: Moderators
    permissions:
      Core.UserManagement.ViewUserInfo: allow
      Core.RoleManagement.DeleteRoles: deny
      Core.AuditLog.ViewAuditLog: inherit
    instance_permissions:
      Survival01:
        Core.AppManagement.StartApplication: allow
        Core.AppManagement.StopApplication: allow

- name: Put alice in it
  gameops.panels.user:
    panel_type: amp
    username: alice
    roles: [Moderators]

- name: Remove a role
  gameops.panels.role:
    panel_type: amp
    name: Helpers
    state: absent
"""

RETURN = r"""
role:
  description: The role after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The panel's id of the role.
      type: str
    name:
      description: Name of the role.
      type: str
    permissions:
      description: The role's explicit permission nodes on the panel, V(allow) or V(deny) (nodes that inherit
        have no entry; in a plan, a declared node without an entry shows as V(inherit)).
      type: dict
    instance_permissions:
      description: AMP only. The explicit nodes in each instance named in O(instance_permissions).
      type: dict
    members:
      description: Usernames of the role's members.
      type: list
      elements: str
  sample:
    id: 0b6c7f3e-1d2a-4e8f-a9b0-5c4d3e2f1a09
    name: Moderators
    description: ""
    permissions: {Core.UserManagement.ViewUsers: allow, Core.RoleManagement.DeleteRoles: deny}
    instance_permissions: {Survival01: {Core.AppManagement.StartApplication: allow}}
    members: [alice]
    is_default: false
    hidden: false
    disable_edits: false
    common: false
plan:
  description: What the task changes (or would change in check mode), per field.
  returned: always
  type: dict
  sample:
    kind: role
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: Moderators
        fields:
          permissions:
            before: {Core.AuditLog.ViewAuditLog: allow}
            after: {Core.AuditLog.ViewAuditLog: inherit}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {POST: 4}
"""

from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule

ROLE_FIELDS = ("name", "permissions", "instance_permissions")


def main():
    module = PanelModule(
        kind="role",
        argument_spec=dict(
            name=dict(type="str", required=True),
            permissions=dict(type="dict"),
            instance_permissions=dict(type="dict"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
    )
    params = module.params

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params["name"]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired(ROLE_FIELDS)])
        result["role"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
