#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role_info
short_description: List panel roles and their permissions
version_added: 0.2.0
description:
  - Read the roles of a game-server panel, all of them or the one named, in the form M(gameops.panels.role) uses.
  - On CubeCoders AMP (O(panel_type=amp)), each role with its explicit permission nodes on the ADS and its members,
    from one request.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  name:
    description: Only the role with this exact name.
    type: str
seealso:
  - module: gameops.panels.role
"""

EXAMPLES = r"""
- name: AMP - every role
  gameops.panels.role_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
  register: roles

- name: Roles with an entry of their own for deleting roles
  ansible.builtin.debug:
    msg: "{{ roles.roles | selectattr('permissions', 'contains', 'Core.RoleManagement.DeleteRoles') | map(attribute='name') }}"
"""

RETURN = r"""
roles:
  description: The matching roles.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0b6c7f3e-1d2a-4e8f-a9b0-5c4d3e2f1a09
      name: Moderators
      description: ""
      permissions: {Core.UserManagement.ViewUsers: allow, Core.RoleManagement.DeleteRoles: deny}
      members: [alice]
      is_default: false
      hidden: false
      disable_edits: false
      common: false
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {POST: 2}
"""

from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind="role", info=True, argument_spec=dict(name=dict(type="str")))

    def work():
        return {"changed": False, "roles": module.handler().info(name=module.params["name"])}

    module.run(work)


if __name__ == "__main__":
    main()
