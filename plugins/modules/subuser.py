#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: subuser
short_description: Manage the subusers of a game server and their permissions
version_added: 0.1.0
description:
  - Add a panel user to a game server as a subuser, keep the exact set of permission keys they hold there, or
    remove them from the server.
  - The subuser is matched on O(email), case-insensitively. A second run with the same options changes nothing.
  - Pterodactyl only. Works through the client API, so O(client_api_key) is required; its user must be the
    server's owner, a root admin, or a subuser holding the C(user.*) permissions (a subuser can only grant keys
    they hold themselves).
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Validates the permission keys and reports the plan; sends no write request.
  diff_mode:
    support: full
    description: Shows the subuser and its permission keys before and after.
options:
  email:
    description:
      - E-mail address of the panel user; identifies the subuser on the server (compared case-insensitively).
      - When no panel user has this address, Pterodactyl B(creates a new panel user) for it (username derived
        from the address, first name C(Server), last name C(Subuser)) and e-mails them a link to set a password.
      - The server's owner cannot be a subuser of their own server; the task fails naming O(email), before any
        write when O(api_key) is also given (the owner is then looked up), otherwise as the panel refuses it.
    type: str
    required: true
  permissions:
    description:
      - The permission keys the subuser holds on this server, as C(group.key), for example C(control.console),
        C(file.read). The list is kept B(exactly); keys the subuser holds but this list lacks are removed.
      - Order and duplicates do not matter. C(websocket.connect) is always granted by the panel, so it is added
        for you.
      - Every key is checked against the panel's own list (C(GET /api/client/permissions)) before anything is
        written; an unknown key fails the task and names it. Use M(gameops.panels.subuser_info) with
        O(gameops.panels.subuser_info#module:permission_keys=true) to list the keys.
      - When omitted, an existing subuser's permissions are left alone and a new one gets only
        C(websocket.connect).
    type: list
    elements: str
  state:
    description:
      - V(present) adds the subuser or updates its permissions, V(absent) removes it from the server (the panel
        user itself is kept).
    type: str
    choices: [present, absent]
    default: present
notes:
  - Changing a subuser's permissions makes the panel revoke their open console (websocket) sessions.
seealso:
  - module: gameops.panels.subuser_info
"""

EXAMPLES = r"""
- name: Let a moderator use the console and read files
  gameops.panels.subuser:
    panel_url: "{{ panel_url }}"
    client_api_key: "{{ vault_ptlc_key }}"
    server_external_id: community-42-survival
    email: mod@example.com
    permissions:
      - control.console
      - control.restart
      - file.read
      - file.read-content

- name: Remove the moderator from the server
  gameops.panels.subuser:
    server: survival
    email: mod@example.com
    state: absent
"""

RETURN = r"""
subuser:
  description:
    - The subuser as the panel holds it after the task (predicted in check mode, where a new subuser has only
      O(email) and O(permissions)).
  returned: when O(state=present)
  type: dict
  contains:
    email:
      description: E-mail address of the panel user.
      type: str
    username:
      description: Username of the panel user.
      type: str
    uuid:
      description: UUID of the panel user (the panel's id of the subuser).
      type: str
    permissions:
      description: Permission keys on this server, sorted, including C(websocket.connect).
      type: list
      elements: str
    two_factor:
      description: Whether the user has two-factor authentication enabled.
      type: bool
  sample:
    email: mod@example.com
    username: modx3f
    uuid: 4d5e6f70-1a2b-4c3d-8e9f-001122334455
    permissions: [control.console, control.restart, file.read, file.read-content, websocket.connect]
    two_factor: false
server:
  description: The server the task worked on.
  returned: always
  type: dict
  sample: {identifier: 1a2b3c4d, uuid: 1a2b3c4d-0000-4000-8000-000000000001, name: survival, external_id: community-42-survival}
plan:
  description:
    - What the task changes (or would change in check mode), per field.
    - In check mode, when the server does not exist yet (an earlier task creates it), C(unresolved) names
      the server option and why it could not be resolved; the task also warns.
  returned: always
  type: dict
  sample:
    kind: subuser
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: mod@example.com
        fields:
          permissions:
            before: [control.console, websocket.connect]
            after: [control.console, file.read, websocket.connect]
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 3, POST: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.subuser import SUBUSER
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=SUBUSER)
    params = module.params

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            plan, result = module.reconcile(adapter, absent=[params["email"]])
        else:
            plan, result = module.reconcile(adapter, desired=[{"email": params["email"].strip(),
                                                               "permissions": params["permissions"]}])
            result["subuser"] = plan.changes[0].result
        result["server"] = module.server
        return result

    module.run(work)


if __name__ == "__main__":
    main()
