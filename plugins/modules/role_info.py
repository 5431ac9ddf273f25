#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role_info
short_description: List panel roles with the servers they grant
version_added: 0.2.0
description:
  - Read roles, all of them or the one with a given name, each with the servers it grants and the permissions on
    each as readable names, in the form M(gameops.panels.role) takes.
  - Supported on Crafty Controller (one request lists the roles, and one more per role reads its servers). Pterodactyl
    1.x has no roles; the task fails there before any request.
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
    description: Only the role with this name (compared without case on Crafty, exactly on AMP).
    type: str
notes:
  - On Crafty, reading a role's servers needs a superuser.
  - On AMP, each role comes with its explicit permission nodes on the ADS and its members, from one request.
seealso:
  - module: gameops.panels.role
"""

EXAMPLES = r"""
- name: Every role of a Crafty panel
  gameops.panels.role_info:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
  register: roles

- name: Names of the roles that require two-factor login
  ansible.builtin.debug:
    msg: "{{ roles.roles | selectattr('mfa_required') | map(attribute='name') | list }}"

- name: AMP - the roles of the panel, each with its permission nodes on the ADS and its members
  gameops.panels.role_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
  register: amp_roles
"""

RETURN = r"""
roles:
  description: The matching roles.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The panel's id of the role.
      type: int
    name:
      description: Name of the role, lower-cased.
      type: str
    servers:
      description: The servers the role grants, by name, each with its permissions in the panel's order.
      type: list
      elements: dict
    manager:
      description: Username of the role's manager, or null (Crafty 4.3 and later).
      type: str
    mfa_required:
      description: Whether members must log in with two-factor authentication (Crafty 4.4.8 and later).
      type: bool
  sample:
    - id: 4
      name: survival-mods
      servers:
        - {server: survival, permissions: [commands, terminal, logs, schedule]}
      manager: alice
      mfa_required: false
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 4}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.role import ROLE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=ROLE, info=True)

    def work():
        return {"changed": False, "roles": module.handler().info(name=module.params["name"])}

    module.run(work)


if __name__ == "__main__":
    main()
