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
  - Create, update and delete the webhooks of one server, which post a message to a chat service when the server
    starts, stops, crashes, is backed up, and so on.
  - Supported on Crafty Controller 4.2 and later (older versions fail before any write, naming the version) and on
    CubeCoders AMP. Pterodactyl 1.x has no webhooks; the task fails there before any request.
  - On Crafty, a webhook is matched by O(name) within the server. Crafty does not keep the names unique; the task
    fails if several webhooks of the server carry the name.
  - On CubeCoders AMP (O(panel_type=amp)), AMP has no webhook object. A webhook is a task of the instance's
    scheduler on the event trigger O(triggers) names (from the instance's list of events, C(AvailableTriggers) and
    C(PopulatedTriggers) of C(Core/GetScheduleData)), one task of AMP's C(WebRequestPlugin) chosen by O(type) -
    C(Event.WebRequestPlugin.DiscordMessage) (parameters C(WebhookURL), C(DisplayUsername), C(Contents)),
    C(SlackMessage) (C(WebhookURL), C(Contents)), C(MakePOSTRequest) (C(URI), C(Payload), C(ContentType)) or
    C(MakeGETRequest) (C(URI)). It is identified by its event and O(url), so O(name) is not used. The calls it makes
    are C(AddEventTrigger) (when the event has no trigger yet), C(AddTask), C(EditTask), C(DeleteTask),
    C(SetTriggerEnabled) and C(DeleteTrigger) (only when the webhook was the trigger's last task); other tasks on
    the same event are never touched.
  - Only the options you set are compared with the panel, so a second run changes nothing. O(triggers) is compared as
    a set, so their order never counts as a change.
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
  name:
    description:
      - Name of the webhook (at most 64 characters). Required on Crafty, where it identifies the webhook; not used
        on AMP.
    type: str
  type:
    description:
      - The chat service the webhook posts to. Required to create a webhook.
      - Crafty knows V(Discord), V(Mattermost), V(Slack) and V(Teams). AMP knows V(Discord), V(Slack), and V(POST)
        (sends O(body) with an HTTP POST) and V(GET) (an HTTP GET); on AMP a new type replaces the webhook's task.
    type: str
    choices: [Discord, Mattermost, Slack, Teams, POST, GET]
  url:
    description:
      - The service's incoming-webhook URL. Required to create a webhook on Crafty; always required on AMP, where
        it identifies the webhook with its event.
      - An http or https URL; another scheme, spaces or a missing host fail before any request.
      - Such a URL carries the service's token (anyone holding it can post). It is compared with the panel's on its
        whole value, and shown masked everywhere the module reports it (result, plan, diff, messages, the task's
        arguments), keeping its scheme, its host and a hint of its path, for example
        V(https://discord.com/api/********wXyZ). No C(no_log) is needed for it.
    type: str
  triggers:
    description:
      - The server events that post a message, compared as a set. Required to create a webhook. Crafty.
      - Crafty fires V(start_server), V(stop_server), V(crash_detected), V(backup_server), V(jar_update),
        V(send_command) and V(kill); it stores any other name without complaint and never fires it, so the module
        refuses other names before any request.
      - On AMP exactly one event, the exact description of one of the instance's event triggers, for example
        V(A player joins the server) or V(A backup finishes archiving.) (mind the full stop some of them end with).
        An event the instance does not have fails the task before any write, listing the ones it has. Required.
    type: list
    elements: str
  body:
    description:
      - The message. Crafty fills in variables such as C({{server_name}}) and C({{event_type}}). Empty when left out
        on create.
      - On AMP the message (V(Discord), V(Slack)) or the request body (V(POST)); values the event provides are
        inserted with C({@Name}), for example C({@User}) for the player who joined.
    type: str
  bot_name:
    description:
      - The name the message is posted under. V(Crafty Controller) when left out on create on Crafty; V(AMP) on AMP
        (V(Discord) only).
    type: str
  content_type:
    description:
      - AMP only. The content type of a V(POST) body. V(application/json) when left out on create.
    type: str
  color:
    description: Accent colour of the message (C(#rrggbb)). V(#005cd1) when left out on create. Crafty.
    type: str
  enabled:
    description:
      - Whether the webhook posts anything. V(true) when left out on create.
      - On AMP this is the event trigger's state, which every task on that event shares.
    type: bool
  state:
    description: V(present) creates or updates the webhook, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - On Crafty, needs the server permission C(config) on the server.
  - On AMP, the instance's AMP process must run, and the account needs the C(Core.Scheduler.*) permissions there.
seealso:
  - module: gameops.panels.webhook_info
"""

EXAMPLES = r"""
- name: Tell the Discord channel when the survival server goes down or crashes
  gameops.panels.webhook:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
    name: discord-alerts
    type: Discord
    url: "{{ vault_discord_webhook_url }}"
    triggers: [stop_server, crash_detected, kill]
    body: "{% raw %}{{server_name}}: {{event_type}}{% endraw %}"
    color: "#d10000"

- name: Silence it for the maintenance window
  gameops.panels.webhook:
    panel_type: crafty
    server: survival
    name: discord-alerts
    enabled: false

- name: Remove it
  gameops.panels.webhook:
    panel_type: crafty
    server: survival
    name: discord-alerts
    state: absent

- name: AMP - tell Discord when a player joins
  gameops.panels.webhook:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
    triggers: [A player joins the server]
    url: "{{ vault_discord_webhook_url }}"
    type: Discord
    bot_name: Survival
    body: "{@User} joined the survival world"

- name: AMP - post to our own service when a backup has been archived
  gameops.panels.webhook:
    panel_type: amp
    server: Survival01
    triggers: [A backup finishes archiving.]
    url: https://ops.example.com/hooks/amp-backup
    type: POST
    body: '{"instance": "Survival01", "backup": "{@Filename}"}'

- name: AMP - remove the join webhook
  gameops.panels.webhook:
    panel_type: amp
    server: Survival01
    triggers: [A player joins the server]
    url: "{{ vault_discord_webhook_url }}"
    state: absent
"""

RETURN = r"""
webhook:
  description: The webhook as the panel holds it after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The panel's id of the webhook (null in check mode for a new one); on AMP, the id of its task.
      type: raw
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
    content_type:
      description: AMP only. The content type of a V(POST) body.
      type: str
    trigger_id:
      description: AMP only. The id of the event trigger the webhook's task is on.
      type: str
  sample:
    id: 3
    name: discord-alerts
    type: Discord
    url: https://discord.com/api/********wXyZ
    triggers: [crash_detected, kill, stop_server]
    body: "{{server_name}}: {{event_type}}"
    bot_name: Crafty Controller
    color: "#d10000"
    enabled: true
plan:
  description: What the task changes (or would change in check mode), per field.
  returned: always
  type: dict
  sample:
    kind: webhook
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: discord-alerts
        fields:
          enabled: {before: true, after: false}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 3, PATCH: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.webhook import WEBHOOK, webhook_urls
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=WEBHOOK, hidden=webhook_urls)
    params = module.params

    def work():
        adapter = module.handler()
        declared = module.desired()
        if params["state"] == "absent":
            # the webhook's identity: its name (Crafty), or its event and URL (AMP)
            return module.reconcile(adapter, absent=[adapter.key_of(declared)])[1]
        plan, result = module.reconcile(adapter, desired=[declared])
        # the URL carries the service's token: masked, like in the plan and the diff
        result["webhook"] = plan.masked(plan.changes[0].result)
        return result

    module.run(work)


if __name__ == "__main__":
    main()
