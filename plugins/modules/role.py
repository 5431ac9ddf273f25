#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role
short_description: Manage panel roles and the servers they grant
version_added: 0.2.0
description:
  - Create, update, rename and delete roles, and keep the servers each role grants with the permissions it grants on
    each, written as readable names (never as the panel's bit strings).
  - Supported on Crafty Controller and CubeCoders AMP. Pterodactyl 1.x has no roles (it grants per-server access
    with subusers, see M(gameops.panels.subuser)); the task fails there before any request.
  - A role is matched by O(name), compared without case (Crafty stores role names lower-cased, and the module
    always sends them so), or by O(id) when it is given, which makes O(name) a rename.
  - Only the options you set are compared with the panel, so a second run changes nothing. O(servers) is compared as
    a set, and each server's O(servers[].permissions) as a set.
  - On CubeCoders AMP (O(panel_type=amp)), a role's name lives on the ADS (the controller), and every AMP process
    keeps its own permission list for the role, the ADS (O(permissions)) and each instance
    (O(instance_permissions)). Each permission node is granted (V(allow)), denied (V(deny)) or has no entry of its
    own so that it follows its parent node or a wildcard (V(inherit)). Every declared node whose state differs is
    written with one C(SetAMPRolePermission) on the process it belongs to (checked first against that process's
    C(GetPermissionsSpec)); nodes you do not name are left alone. Members are kept with the
    O(gameops.panels.user#module:roles) option of M(gameops.panels.user).
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
      - Name of the role, stored lower-cased. Crafty does not allow C(,), C([) or C(]) in it.
      - Required to create a role. Identifies the role unless O(id) is set. Crafty.
    type: str
  id:
    description:
      - The panel's id of the role. When set, the role is matched by id and O(name), when given, renames it. Crafty
        4.0.8 cannot rename roles, so a rename fails there before any write, naming the version. Crafty.
    type: int
  servers:
    description:
      - The servers the role grants, each with the permissions its members get on it. The role ends with exactly
        these servers; an empty list removes every server. Crafty.
      - Members of several roles that grant the same server get the permissions of the first of those roles in the
        panel's order, not all of them together (this is how Crafty decides).
      - Reading a role's servers needs a superuser on Crafty.
    type: list
    elements: dict
    suboptions:
      server:
        description: The server, by name (as in M(gameops.panels.server)); it must be the only server of that name.
        type: str
        required: true
      permissions:
        description:
          - What the role's members may do on the server. Crafty knows V(commands) (power actions and console
            input), V(terminal) (the live console), V(logs), V(schedule), V(backup), V(files), V(config) (server
            settings and webhooks) and V(players).
          - An empty list grants access to the server without any permission.
        type: list
        elements: str
        default: []
  permissions:
    description:
      - AMP only. Permission nodes of the role on the ADS, each mapped to V(allow), V(deny) or V(inherit), for
        example C(Core.UserManagement.ViewUserInfo), C(ADS.InstanceManagement.*) or C(Instances.<InstanceID>.Start).
        A node is written without AMP's leading C(-) for a denial.
    type: dict
  instance_permissions:
    description:
      - AMP only. Permission nodes of the role inside instances, by instance (its instance name, or a friendly name
        no other instance has), each a mapping of node to V(allow), V(deny) or V(inherit), for example
        V(Survival01) mapped to C(Core.AppManagement.StartApplication) V(allow).
      - They are read and written through each instance's own API, so the instances named must be running; a
        stopped one fails the task before any write.
    type: dict
  manager:
    description:
      - The user who manages the role, by username; an empty string clears it. A manager with the Crafty permission
        C(ROLES_CONFIG) may change the role, and delete it. Crafty 4.3 and later.
    type: str
  mfa_required:
    description:
      - Members of the role must log in with two-factor authentication. Crafty 4.4.8 and later.
    type: bool
  state:
    description:
      - V(present) creates or updates the role, V(absent) deletes it (its members lose it; the servers stay).
      - On AMP, built-in roles (default roles and those AMP protects from edits) are never changed or deleted.
    type: str
    choices: [present, absent]
    default: present
notes:
  - On Crafty, needs a superuser, or an account with the Crafty permission C(ROLES_CONFIG) (which may change only
    roles it manages). Crafty 4.0.8 lets only a superuser manage roles.
  - On AMP, needs the C(Core.RoleManagement.*) permissions on the ADS and on each instance named.
seealso:
  - module: gameops.panels.role_info
  - module: gameops.panels.user
"""

EXAMPLES = r"""
- name: Moderators may run commands, read the console and logs, and manage schedules of the survival server
  gameops.panels.role:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    name: survival-mods
    servers:
      - server: survival
        permissions: [commands, terminal, logs, schedule]
    manager: admin

- name: Members of the admins role must use two-factor login (Crafty 4.4.8+)
  gameops.panels.role:
    panel_type: crafty
    name: admins
    mfa_required: true
  register: admins_role

- name: Rename that role, found by its id
  gameops.panels.role:
    panel_type: crafty
    id: "{{ admins_role.role.id }}"
    name: site-admins

- name: Remove a role
  gameops.panels.role:
    panel_type: crafty
    name: old-team
    state: absent

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

- name: AMP - put alice in it
  gameops.panels.user:
    panel_type: amp
    username: alice
    roles: [Moderators]

- name: AMP - remove a role
  gameops.panels.role:
    panel_type: amp
    name: Helpers
    state: absent
"""

RETURN = r"""
role:
  description: The role as the panel holds it after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The panel's id of the role (an integer on Crafty, a GUID string on AMP).
      type: raw
    name:
      description: Name of the role, lower-cased.
      type: str
    servers:
      description: The servers the role grants, by name, each with its permissions in the panel's order (when
        O(servers) is set, or after a create).
      type: list
      elements: dict
    manager:
      description: Username of the role's manager, or null (Crafty 4.3 and later).
      type: str
    mfa_required:
      description: Whether members must log in with two-factor authentication (Crafty 4.4.8 and later).
      type: bool
    permissions:
      description: AMP only. The role's explicit nodes on the ADS, V(allow) or V(deny) (nodes that inherit have no
        entry; in a plan, a declared node without an entry shows as V(inherit)).
      type: dict
    instance_permissions:
      description: AMP only. The explicit nodes in each instance named in O(instance_permissions).
      type: dict
    members:
      description: AMP only. Usernames of the role's members.
      type: list
      elements: str
  sample:
    id: 4
    name: survival-mods
    servers:
      - {server: lobby, permissions: [terminal, logs]}
      - {server: survival, permissions: [commands, terminal, logs, schedule]}
    manager: alice
    mfa_required: false
plan:
  description: What the task changes (or would change in check mode), per field.
  returned: always
  type: dict
  sample:
    kind: role
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: survival-mods
        fields:
          servers:
            before: [{server: survival, permissions: [commands]}]
            after: [{server: survival, permissions: [commands, logs]}]
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 4, PATCH: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.role import ROLE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=ROLE, required_one_of=[("name", "id")])
    params = module.params
    key = "id" if params["id"] is not None else "name"

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params[key]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired(("id",) + ROLE.fields)])
        result["role"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
