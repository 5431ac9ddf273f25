#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: server_command
short_description: Send console commands to a running game server
version_added: 0.1.0
description:
  - Send one or more commands to a game server's console, in order, through the panel's client API.
  - A command is an action, not a state, so every run that sends one reports a change. Use it for things like
    C(save-all) before a backup or C(whitelist reload) after a file change, typically from a handler.
  - The server must be running. An offline server fails the task with a message saying so, before the first
    command when O(require_running=true) (the default), or as the panel answers otherwise.
  - On CubeCoders AMP (O(panel_type=amp)), each command is one C(Core/SendConsoleMessage) to the instance's
    application; the instance's AMP process must run in any case, and with O(require_running=true) its
    application too.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Resolves the server and checks that it is running; sends no command.
  diff_mode:
    support: none
    description: A command has no before and after to show; the result lists the commands in RV(sent).
options:
  commands:
    description:
      - The console commands, sent one after another. A leading C(/) is kept as written.
    type: list
    elements: str
    required: true
  require_running:
    description:
      - Read the server's live state first and fail without sending anything when it is not running.
      - With V(false), no state is read; the first command fails if the panel reports the server offline.
    type: bool
    default: true
notes:
  - Needs O(client_api_key), of the owner, a subuser with the C(control.console) permission, or a root admin.
seealso:
  - module: gameops.panels.server
"""

EXAMPLES = r"""
- name: Flush the world to disk before a backup
  gameops.panels.server_command:
    server_external_id: community-42-survival
    client_api_key: "{{ vault_ptlc_key }}"
    commands:
      - save-all flush

- name: Announce and reload the whitelist
  gameops.panels.server_command:
    server: survival
    commands:
      - say Whitelist updated
      - whitelist reload

- name: AMP - announce a restart in an instance's console
  gameops.panels.server_command:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
    commands:
      - say Restarting in 5 minutes
"""

RETURN = r"""
server:
  description: The server the commands went to.
  returned: always
  type: dict
  sample: {identifier: 3f9a1c2e, uuid: 3f9a1c2e-5b7d-4e0a-9c1f-2a3b4c5d6e7f, name: survival, external_id: community-42-survival}
sent:
  description: The commands sent (in check mode, the commands that would be sent).
  returned: always
  type: list
  elements: str
  sample: [save-all flush]
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2, POST: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_command import SERVER_COMMAND
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=SERVER_COMMAND)
    commands = module.params["commands"]
    if not commands or any(not c or not c.strip() for c in commands):
        module.fail_json(msg="commands must be a non-empty list of non-empty commands", option="commands")

    def work():
        sent = module.handler().send(commands, require_running=module.params["require_running"])
        return {"changed": True, "server": module.server, "sent": sent}

    module.run(work)


if __name__ == "__main__":
    main()
