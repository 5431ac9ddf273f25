# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty webhooks of one server (API.md 11), matched by name, triggers compared as a set."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import columns, comma_set
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter

#: the events Crafty fires (11); it stores any other name without complaint, and never fires it
TRIGGERS = ("start_server", "stop_server", "crash_detected", "backup_server", "jar_update", "send_command", "kill")
TYPES = ("Discord", "Mattermost", "Slack", "Teams")
# canonical field -> Crafty field
FIELD_NAMES = {"type": "webhook_type", "triggers": "trigger"}
FIELDS = ("name", "type", "url", "bot_name", "triggers", "body", "color", "enabled")
# what a new webhook gets when the declaration leaves these out (Crafty's column defaults, 11)
DEFAULTS = {"bot_name": "Crafty Controller", "color": "#005cd1", "enabled": True, "body": ""}


#: quirk 6: triggers are stored as one comma-joined string with a trailing comma ("a,b,")
parse_triggers = comma_set


class WebhookAdapter(Adapter):
    kind = "webhook"
    key = "name"
    unordered = frozenset(["triggers"])
    # the URL carries the service's token: compared whole, shown masked
    secret = frozenset(["url"])

    def __init__(self, client, server):
        self.client = client
        self.server = server

    @staticmethod
    def canonical(hook):
        out = {"id": int(hook["id"])}
        out.update(columns(hook, FIELDS, FIELD_NAMES))
        out["triggers"] = parse_triggers(hook.get("trigger"))
        return out

    def list(self):
        # quirk 6: a dict keyed by the id as a string; the client turns it into a list with ids
        return [self.canonical(h) for h in self.client.list_webhooks(self.server["id"], label=self.server["label"])]

    def prepare(self, desired):
        if "triggers" in desired:
            desired["triggers"] = parse_triggers(desired["triggers"])
        return desired

    def defaults(self, desired):
        return dict(DEFAULTS, **desired)

    def validate(self, desired, current):
        if current is None:
            for field in ("type", "url", "triggers"):
                if desired.get(field) is None:
                    raise ReconcileError("is required to create a webhook", option=field)

    def _body(self, fields, desired):
        # create and patch take the triggers as a JSON array (quirk 6)
        return dict((FIELD_NAMES.get(f, f), desired[f]) for f in fields)

    def create(self, desired):
        # quirk 11: all eight keys, or the insert fails with a 500
        hook_id = self.client.create_webhook(self.server["id"], self._body(FIELDS, desired), label=self.server["label"])
        return dict(desired, id=hook_id)

    def update(self, current, desired, changed):
        # quirk 25: a PATCH moves the webhook to the server in the URL; only webhooks listed for this
        # server are ever patched, so nothing moves
        self.client.update_webhook(self.server["id"], current["id"], self._body(changed, desired),
                                   label=self.server["label"])
        return desired

    def delete(self, current):
        self.client.delete_webhook(self.server["id"], current["id"], label=self.server["label"])

    def info(self, name=None):
        return [h for h in self.list() if name is None or h["name"] == name]
