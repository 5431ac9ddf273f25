#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: subuser_info
short_description: List the subusers of a game server
version_added: 0.1.0
description:
  - Read the subusers of one game server and their permission keys, all of them or the one with a given e-mail
    address.
  - Optionally also read the permission keys the panel knows, to build or check a O(gameops.panels.subuser#module:permissions)
    list.
  - Pterodactyl only; uses the client API, so O(client_api_key) is required.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  email:
    description: Only the subuser with this e-mail address (case-insensitive).
    type: str
  permission_keys:
    description: Also return RV(permission_keys), every permission key the panel knows (one more request).
    type: bool
    default: false
seealso:
  - module: gameops.panels.subuser
"""

EXAMPLES = r"""
- name: Who can do what on the survival server
  gameops.panels.subuser_info:
    server: survival
  register: survival_subusers

- name: Subusers that may use the console
  ansible.builtin.debug:
    msg: "{{ survival_subusers.subusers | selectattr('permissions', 'contains', 'control.console') | map(attribute='email') | list }}"

- name: The permission keys this panel offers
  gameops.panels.subuser_info:
    server_external_id: community-42-survival
    permission_keys: true
  register: keys
"""

RETURN = r"""
subusers:
  description: The server's subusers, in the panel's order.
  returned: always
  type: list
  elements: dict
  contains:
    email:
      description: E-mail address of the panel user.
      type: str
    username:
      description: Username of the panel user.
      type: str
    uuid:
      description: UUID of the panel user.
      type: str
    permissions:
      description: Permission keys on this server, sorted, including C(websocket.connect).
      type: list
      elements: str
    two_factor:
      description: Whether the user has two-factor authentication enabled.
      type: bool
  sample:
    - email: mod@example.com
      username: modx3f
      uuid: 4d5e6f70-1a2b-4c3d-8e9f-001122334455
      permissions: [control.console, file.read, websocket.connect]
      two_factor: false
permission_keys:
  description: Every permission key the panel knows, as C(group.key), sorted.
  returned: when O(permission_keys=true)
  type: list
  elements: str
  sample: [activity.read, allocation.create, backup.create, control.console, websocket.connect]
server:
  description: The server the task read.
  returned: always
  type: dict
  sample: {identifier: 1a2b3c4d, uuid: 1a2b3c4d-0000-4000-8000-000000000001, name: survival, external_id: community-42-survival}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.subuser import SUBUSER
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=SUBUSER, info=True)
    params = module.params

    def work():
        handler = module.handler()
        result = {"changed": False, "subusers": handler.info(email=params["email"]), "server": module.server}
        if params["permission_keys"]:
            result["permission_keys"] = handler.known_keys()
        return result

    module.run(work)


if __name__ == "__main__":
    main()
