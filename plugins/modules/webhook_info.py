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
  - Read the webhooks of one server, all of them or those with a given name, in the form M(gameops.panels.webhook)
    takes (one request).
  - Supported on Crafty Controller 4.2 and later. Pterodactyl 1.x has no webhooks; the task fails there before any
    request.
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
  name:
    description: Only the webhooks with exactly this name. Crafty.
    type: str
  url:
    description: AMP only. Only the webhooks that call this URL (compared whole; it never shows in the output).
    type: str
notes:
  - On Crafty, needs the server permission C(config) on the server.
  - On AMP, every web-request task (Discord, Slack, POST, GET) on an event trigger of the instance's scheduler, from
    one request.
  - The URLs usually carry the chat service's token; set C(no_log) on the task if your logs are kept.
seealso:
  - module: gameops.panels.webhook
"""

EXAMPLES = r"""
- name: Webhooks of the survival server
  gameops.panels.webhook_info:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
  register: hooks

- name: Names of the disabled ones
  ansible.builtin.debug:
    msg: "{{ hooks.webhooks | rejectattr('enabled') | map(attribute='name') | list }}"

- name: AMP - the webhooks of an instance
  gameops.panels.webhook_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
  register: amp_hooks
"""

RETURN = r"""
webhooks:
  description: The matching webhooks.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The panel's id of the webhook.
      type: int
    name:
      description: Name of the webhook.
      type: str
    type:
      description: The chat service.
      type: str
    url:
      description: The service's URL, masked (scheme, host and a hint of the path; the token never shows).
      type: str
    triggers:
      description: The events that post a message, sorted.
      type: list
      elements: str
    body:
      description: The message.
      type: str
    bot_name:
      description: The name the message is posted under.
      type: str
    color:
      description: Accent colour.
      type: str
    enabled:
      description: Whether the webhook posts anything.
      type: bool
  sample:
    - id: 3
      name: discord-alerts
      type: Discord
      url: https://discord.com/api/********wXyZ
      triggers: [crash_detected, kill, stop_server]
      body: "{{server_name}}: {{event_type}}"
      bot_name: Crafty Controller
      color: "#d10000"
      enabled: true
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 3}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.webhook import WEBHOOK, webhook_urls
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import mask_object, masking


def main():
    module = PanelModule(kind=WEBHOOK, info=True, hidden=webhook_urls)
    # each panel filters on what identifies its webhooks (options a panel lacks have failed already)
    filters = dict((name, module.params[name]) for name in ("name", "url") if module.params[name] is not None)

    def work():
        handler = module.handler()
        # a webhook's URL carries the service's token: masked as in the webhook module's results
        return {"changed": False, "webhooks": [mask_object(w, masking(handler)) for w in handler.info(**filters)]}

    module.run(work)


if __name__ == "__main__":
    main()
