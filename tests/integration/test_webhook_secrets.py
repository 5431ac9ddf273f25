# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A webhook's URL carries its service's token: no webhook task shows it, at -vvv with --diff, without no_log.

On Crafty and on AMP: create, change, read, refuse and apply a document of webhooks, in check mode and for real;
the output holds the masked URL (scheme, host, a hint of the path) and never the token, while the panel holds the
whole URL and a second run changes nothing (the URL is compared whole). The URLs come from the environment, as they
would from a vault: ansible-core quotes the playbook's source lines around a failing task, which no module can mask.
"""

from __future__ import annotations

import pytest

from tests.integration.harness import run_playbook

TOKEN = "Zq7TokenOfTheDiscordWebhook-kept-secret-0123456789"
URL = "https://discord.example/api/webhooks/884422/" + TOKEN
OTHER_TOKEN = "Other-Token-Of-A-Second-Webhook-abcdefghijklmnop"
OTHER_URL = "https://hooks.slack.example/services/T01/B02/" + OTHER_TOKEN
# what the output shows instead
MASKED = "https://discord.example/api/********6789"

ENV = {"HOOK_URL": URL, "OTHER_HOOK_URL": OTHER_URL}
HOOK, OTHER = "{{ lookup('env', 'HOOK_URL') }}", "{{ lookup('env', 'OTHER_HOOK_URL') }}"

CRAFTY = """
- name: create
  gameops.panels.webhook:
    server: survival
    name: alerts
    type: Discord
    url: "%(url)s"
    triggers: [stop_server]
    body: "stopped"
- name: change
  gameops.panels.webhook:
    server: survival
    name: alerts
    type: Discord
    url: "%(url)s"
    triggers: [stop_server]
    body: "stopped again"
- name: read
  gameops.panels.webhook_info:
    server: survival
- name: refused
  gameops.panels.webhook:
    server: survival
    name: alerts
    url: "%(url)s"
    color: reddish
  ignore_errors: true
- name: document
  gameops.panels.apply:
    document:
      servers:
        - name: survival
          webhooks:
            - {name: alerts, type: Discord, url: "%(url)s", triggers: [stop_server]}
            - {name: second, type: Slack, url: "%(other)s", triggers: [crash_detected]}
""" % {"url": HOOK, "other": OTHER}

AMP = """
- name: create
  gameops.panels.webhook:
    server: Minecraft01
    triggers: [A player joins the server]
    type: Discord
    url: "%(url)s"
    body: "{@User} joined"
- name: change
  gameops.panels.webhook:
    server: Minecraft01
    triggers: [A player joins the server]
    type: Discord
    url: "%(url)s"
    body: "{@User} is here"
- name: read
  gameops.panels.webhook_info:
    server: Minecraft01
- name: refused
  gameops.panels.webhook:
    server: Minecraft01
    triggers: [A player joins the server]
    url: "%(url)s"
    type: Teams
  ignore_errors: true
- name: document
  gameops.panels.apply:
    document:
      servers:
        - name: Minecraft01
          webhooks:
            - {triggers: [A player joins the server], type: Discord, url: "%(url)s", body: "{@User} is here"}
            - {triggers: [A player leaves the server], type: Slack, url: "%(other)s"}
""" % {"url": HOOK, "other": OTHER}


def assert_no_token(run):
    for secret in (TOKEN, OTHER_TOKEN, TOKEN[:16], OTHER_TOKEN[:16], URL, OTHER_URL):
        assert secret not in run.output, secret
        assert secret not in str(run.data), secret


@pytest.mark.parametrize("panel", ["crafty", "amp"])
def test_no_webhook_token_at_vvv(panel, crafty_sim_factory, amp_sim, tmp_path):
    sim = crafty_sim_factory("4.10.7") if panel == "crafty" else amp_sim
    if panel == "crafty":
        sim.add_server("survival")
    else:
        sim.add_instance("Minecraft01")
    tasks = CRAFTY if panel == "crafty" else AMP
    # a plan first (nothing written), then for real, then again (nothing to change: the URL is compared whole)
    for check in (True, False, False):
        run = run_playbook(sim, tmp_path, tasks, check=check, diff=True, verbosity=3, extra_env=ENV)
        assert "PLAY RECAP" in run.output and "failed=0" in run.output and "ignored=1" in run.output, run
        assert_no_token(run)
        # the masked URL is shown where the plan and the diff name it
        assert MASKED in run.output, run
        if check:
            assert run.task("create")["plan"]["changes"][0]["fields"]["url"]["after"] == MASKED
        assert run.task("refused")["failed"]
    assert run.task("document")["changed"] is False and run.task("document")["summary"]["unchanged"] == 3
    webhooks = run.task("read")["webhooks"]
    assert sorted(w["url"] for w in webhooks) == [MASKED, "https://hooks.slack.example/services/********mnop"]
    # the panel holds the whole URL
    if panel == "crafty":
        stored = sorted(row["url"] for row in sim.state.webhooks.values())
    else:
        instance = sim.state.find_instance("Minecraft01")
        stored = sorted(task.mapping.get("WebhookURL") for trigger in instance.triggers for task in trigger.tasks)
    assert stored == sorted([URL, OTHER_URL])
