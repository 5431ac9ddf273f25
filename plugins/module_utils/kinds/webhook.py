# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Webhooks of a server (Crafty, AMP) (modules webhook and webhook_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

WEBHOOK = Kind(
    "webhook",
    options=dict(
        name=dict(type="str"),
        type=dict(type="str", choices=["Discord", "Mattermost", "Slack", "Teams", "POST", "GET"]),
        url=dict(type="str"),
        triggers=dict(type="list", elements="str"),
        body=dict(type="str"),
        bot_name=dict(type="str"),
        color=dict(type="str"),
        content_type=dict(type="str"),
        enabled=dict(type="bool"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ),
    task_options=("state",),
    info_options=dict(
        name=dict(type="str"),
        url=dict(type="str"),
    ),
    server_scope=True,
)


def webhook_urls(params):
    """The URL a webhook task names: it carries the service's token, so it is masked in every output."""
    return [params.get("url")]
