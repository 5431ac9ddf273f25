#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webhook
short_description: Manage the webhooks of a game server
version_added: 0.2.0
description:
  - Create, update and delete webhooks of one game server, which call a URL when something happens on it.
  - Only the options you set are compared with the panel, so a second run changes nothing.
  - On CubeCoders AMP (O(panel_type=amp)) a webhook is a task of the instance's scheduler. AMP has no webhook
    object; the module uses the event trigger whose description is O(event) (from the instance's list of events,
    C(AvailableTriggers) and C(PopulatedTriggers) of C(Core/GetScheduleData)) and one task of AMP's
    C(WebRequestPlugin) on it, chosen by O(type) - C(Event.WebRequestPlugin.DiscordMessage) (parameters
    C(WebhookURL), C(DisplayUsername), C(Contents)), C(SlackMessage) (C(WebhookURL), C(Contents)),
    C(MakePOSTRequest) (C(URI), C(Payload), C(ContentType)) or C(MakeGETRequest) (C(URI)). The webhook is
    identified by its event and URL.
  - The calls it makes on AMP are C(AddEventTrigger) (when the event has no trigger yet), C(AddTask), C(EditTask),
    C(DeleteTask), C(SetTriggerEnabled) and C(DeleteTrigger) (only when the webhook was the trigger's last task).
    Other tasks on the same event are never touched.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Reports the plan and sends no write request.
  diff_mode:
    support: full
    description: Shows the webhook before and after.
options:
  event:
    description:
      - The event that fires the webhook. On AMP, the exact description of one of the instance's event triggers,
        for example V(A player joins the server) or V(A backup finishes archiving.) (mind the full stop some of them
        end with). An event the instance does not have fails the task before any write, listing the ones it has.
    type: str
    required: true
  url:
    description:
      - The URL that is called. Together with O(event) it identifies the webhook.
    type: str
    required: true
  type:
    description:
      - What kind of call is made. V(Discord) posts a Discord message, V(Slack) a Slack message, V(POST) sends
        O(body) with an HTTP POST, V(GET) an HTTP GET.
      - Required when the webhook is created. Changing it replaces the webhook's task.
    type: str
    choices: [Discord, Slack, POST, GET]
  body:
    description:
      - The message (V(Discord), V(Slack)) or the request body (V(POST)). On AMP, values the event provides can be
        inserted with C({@Name}), for example C({@User}) for the player who joined.
    type: str
  bot_name:
    description:
      - The name the Discord message is posted as (V(Discord) only). Defaults to V(AMP) on create.
    type: str
  content_type:
    description:
      - The content type of the POST body (V(POST) only). Defaults to V(application/json) on create.
    type: str
  enabled:
    description:
      - Whether the webhook fires. Defaults to V(true) on create.
      - On AMP this is the event trigger's state, which every task on that event shares.
    type: bool
  state:
    description:
      - V(present) creates or updates the webhook, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - On AMP the instance's AMP process must run, and the account needs the C(Core.Scheduler.*) permissions there.
seealso:
  - module: gameops.panels.webhook_info
  - module: gameops.panels.schedule
"""

EXAMPLES = r"""
- name: AMP - tell Discord when a player joins
  gameops.panels.webhook:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
    event: A player joins the server
    url: "{{ vault_discord_webhook_url }}"
    type: Discord
    bot_name: Survival
    body: "{@User} joined the survival world"

- name: AMP - post to our own service when a backup has been archived
  gameops.panels.webhook:
    panel_type: amp
    server: Survival01
    event: A backup finishes archiving.
    url: https://ops.example.com/hooks/amp-backup
    type: POST
    body: '{"instance": "Survival01", "backup": "{@Filename}"}'

- name: Remove the join webhook
  gameops.panels.webhook:
    panel_type: amp
    server: Survival01
    event: A player joins the server
    url: "{{ vault_discord_webhook_url }}"
    state: absent
"""

RETURN = r"""
webhook:
  description: The webhook after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  sample:
    webhook: "A player joins the server -> https://discord.com/api/webhooks/1/abc"
    id: 9f1c2d4e-7a1b-4c55-9d0e-3b2a1f6e8c71
    trigger_id: dbc16e38-6bbf-4cea-a936-e395cfa66f46
    event: A player joins the server
    url: https://discord.com/api/webhooks/1/abc
    type: Discord
    body: "{@User} joined the survival world"
    bot_name: Survival
    enabled: true
plan:
  description: What the task changes (or would change in check mode), per field. The key is C(<event> -> <url>).
  returned: always
  type: dict
  sample:
    kind: webhook
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: "A player joins the server -> https://discord.com/api/webhooks/1/abc"
        fields:
          body: {before: "{@User} joined", after: "{@User} joined the survival world"}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {POST: 5}
"""

from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule

WEBHOOK_FIELDS = ("event", "url", "type", "body", "bot_name", "content_type", "enabled")


def main():
    module = PanelModule(
        kind="webhook",
        argument_spec=dict(
            event=dict(type="str", required=True),
            url=dict(type="str", required=True),
            type=dict(type="str", choices=["Discord", "Slack", "POST", "GET"]),
            body=dict(type="str"),
            bot_name=dict(type="str"),
            content_type=dict(type="str"),
            enabled=dict(type="bool"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        server_scope=True,
    )
    params = module.params

    def work():
        adapter = module.handler()
        declared = module.desired(WEBHOOK_FIELDS)
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[adapter.key_of(declared)])[1]
        plan, result = module.reconcile(adapter, desired=[declared])
        result["webhook"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
