#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: user_info
short_description: List panel user accounts
version_added: 0.1.0
description:
  - Read user accounts from a game-server panel (Pterodactyl, Crafty Controller, CubeCoders AMP), all of them or those
    matching the given fields exactly.
  - On Pterodactyl the whole list is read with the largest page size the panel allows, so a panel with thousands of
    users costs one request. Crafty lists users without their e-mail, roles and manager, so each matching user is
    read once more (one request per user).
  - On CubeCoders AMP (O(panel_type=amp)), the users of the ADS with their flags and roles by name (two requests),
    filtered by O(username) or O(email).
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  username:
    description: Only the user with this username (case-insensitive). Pterodactyl and Crafty.
    type: str
  email:
    description: Only the user with this e-mail address (case-insensitive). Pterodactyl only.
    type: str
  external_id:
    description: Only the user with this external id. Pterodactyl only.
    type: str
seealso:
  - module: gameops.panels.user
"""

EXAMPLES = r"""
- name: All users
  gameops.panels.user_info:
  register: panel_users

- name: Admins
  ansible.builtin.debug:
    msg: "{{ panel_users.users | selectattr('admin') | map(attribute='username') | list }}"

- name: One user by e-mail
  gameops.panels.user_info:
    email: alice@example.com
  register: alice

- name: One Crafty user, with its roles
  gameops.panels.user_info:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    username: moderator
  register: moderator
- name: AMP - the users of the panel, with their roles
  gameops.panels.user_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
  register: amp_users
"""

RETURN = r"""
users:
  description: The matching users, without passwords.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 1
      username: admin
      email: admin@example.com
      first_name: Panel
      last_name: Admin
      language: en
      admin: true
      external_id: null
  contains:
    id:
      description: The panel's id of the user.
      type: int
    username:
      description: Login name.
      type: str
    email:
      description: E-mail address.
      type: str
    first_name:
      description: First name (Pterodactyl).
      type: str
    last_name:
      description: Last name (Pterodactyl).
      type: str
    language:
      description: Interface language.
      type: str
    admin:
      description: Whether the user is a root admin (Pterodactyl) or a superuser (Crafty).
      type: bool
    external_id:
      description: Your identifier of the user (Pterodactyl).
      type: str
    enabled:
      description: Whether the account may log in (Crafty).
      type: bool
    roles:
      description: Names of the user's roles (Crafty).
      type: list
      elements: str
    manager:
      description: Username of the user's manager, or null (Crafty 4.3 and later).
      type: str
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.user import USER
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=USER, info=True)
    wanted = dict((name, module.params[name]) for name in USER.info_options if module.params[name] is not None)

    def work():
        return {"changed": False, "users": module.handler().info(**wanted)}

    module.run(work)


if __name__ == "__main__":
    main()
