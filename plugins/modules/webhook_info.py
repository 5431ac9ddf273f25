#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webhook_info
short_description: List the webhooks of a game server
version_added: 0.2.0
description:
  - Read the webhooks of one game server, in the form M(gameops.panels.webhook) uses.
  - On CubeCoders AMP (O(panel_type=amp)), every web-request task (Discord, Slack, POST, GET) on an event trigger of
    the instance's scheduler, from one request.
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
  event:
    description: Only webhooks fired by this event.
    type: str
  url:
    description: Only webhooks calling this URL.
    type: str
seealso:
  - module: gameops.panels.webhook
"""

EXAMPLES = r"""
- name: AMP - the webhooks of an instance
  gameops.panels.webhook_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
  register: hooks

- name: Their URLs
  ansible.builtin.debug:
    msg: "{{ hooks.webhooks | map(attribute='url') | list }}"
"""

RETURN = r"""
webhooks:
  description: The matching webhooks.
  returned: always
  type: list
  elements: dict
  sample:
    - webhook: "A player joins the server -> https://discord.com/api/webhooks/1/abc"
      id: 9f1c2d4e-7a1b-4c55-9d0e-3b2a1f6e8c71
      trigger_id: dbc16e38-6bbf-4cea-a936-e395cfa66f46
      event: A player joins the server
      url: https://discord.com/api/webhooks/1/abc
      type: Discord
      body: "{@User} joined the survival world"
      bot_name: Survival
      enabled: true
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {POST: 3}
"""

from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind="webhook", info=True, server_scope=True,
                         argument_spec=dict(event=dict(type="str"), url=dict(type="str")))

    def work():
        webhooks = module.handler().info(event=module.params["event"], url=module.params["url"])
        return {"changed": False, "webhooks": webhooks}

    module.run(work)


if __name__ == "__main__":
    main()
