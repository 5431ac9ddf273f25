# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP webhooks (API.md 10): an event trigger plus one web-request task on it.

AMP has no webhook object. A webhook here is the task of AMP's
WebRequestPlugin that sends to ``url`` when the event ``event`` happens on
the instance (a trigger from the scheduler's event list, matched by its
description; the module's ``triggers`` with exactly one entry). It is
identified by event and URL, so one URL may serve several events and one
event several URLs. Other tasks on the same event
trigger are never touched; the trigger itself is added when the first
webhook needs it and deleted with the last task on it.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.amp import checks
from ansible_collections.gameops.panels.plugins.module_utils.amp.client import TRIGGER_DISABLED
from ansible_collections.gameops.panels.plugins.module_utils.amp.schedules import Scheduler, is_interval
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, mask_text

# type -> (task method, parameter holding the URL, parameter holding the body, {option: parameter})
TYPES = {
    "Discord": ("Event.WebRequestPlugin.DiscordMessage", "WebhookURL", "Contents", {"bot_name": "DisplayUsername"}),
    "Slack": ("Event.WebRequestPlugin.SlackMessage", "WebhookURL", "Contents", {}),
    "POST": ("Event.WebRequestPlugin.MakePOSTRequest", "URI", "Payload", {"content_type": "ContentType"}),
    "GET": ("Event.WebRequestPlugin.MakeGETRequest", "URI", None, {}),
}
BY_METHOD = dict((spec[0], name) for name, spec in TYPES.items())
DEFAULT_CONTENT_TYPE = "application/json"
DEFAULT_BOT_NAME = "AMP"


def identity(event, url):
    return "%s -> %s" % (event, url)


def canonical(trigger, task):
    kind = BY_METHOD[task["TaskMethodName"]]
    _method, url_param, body_param, extras = TYPES[kind]
    mapping = task.get("ParameterMapping") or {}
    out = {
        "webhook": identity(trigger.get("Description"), mapping.get(url_param)),
        "id": task["Id"],
        "trigger_id": trigger["Id"],
        "triggers": [trigger.get("Description")],
        "url": mapping.get(url_param),
        "type": kind,
        "body": mapping.get(body_param, "") if body_param else None,
        "enabled": trigger.get("EnabledState") != TRIGGER_DISABLED,
    }
    for option, param in extras.items():
        out[option] = mapping.get(param)
    return out


def parameters(webhook):
    """The task's ParameterMapping for a webhook in canonical form."""
    _method, url_param, body_param, extras = TYPES[webhook["type"]]
    mapping = {url_param: webhook["url"]}
    if body_param:
        mapping[body_param] = webhook.get("body") or ""
    for option, param in extras.items():
        default = DEFAULT_BOT_NAME if option == "bot_name" else DEFAULT_CONTENT_TYPE
        mapping[param] = webhook.get(option) or default
    return mapping


class WebhookAdapter(Adapter):
    """Web-request tasks on event triggers of one instance, keyed on (event, url)."""

    kind = "webhook"
    key = "webhook"
    # the URL carries the service's token (and is part of the key): compared whole, shown masked
    secret = frozenset(["url", "webhook"])

    def __init__(self, api, scheduler=None):
        self.api = api
        self.scheduler = scheduler or Scheduler(api)

    def key_of(self, declared):
        return identity(event_of(declared), declared.get("url"))

    def refresh(self):
        self.scheduler.forget()

    def list(self):
        found = []
        for trigger in self.scheduler.populated():
            if is_interval(trigger):
                continue
            for task in trigger.get("Tasks") or []:
                if task.get("TaskMethodName") in BY_METHOD:
                    found.append(canonical(trigger, task))
        return found

    def prepare(self, desired):
        checks.webhook(desired)
        desired["webhook"] = self.key_of(desired)
        if self.api is None:
            return desired  # check mode, the instance does not exist yet: the real run checks the event
        self._event(event_of(desired))
        if "type" in desired:
            self.scheduler.method(TYPES[desired["type"]][0], "type", "webhook %r" % mask_text(desired["webhook"]))
        for option in ("bot_name", "content_type"):
            if option in desired and desired.get("type") and option not in TYPES[desired["type"]][3]:
                raise ReconcileError("applies only to type %s" % ("Discord" if option == "bot_name" else "POST"),
                                     option=option)
        return desired

    def _event(self, description):
        """The trigger of event ``description``: populated already, or available to be added."""
        data = self.scheduler.data()
        for trigger in (data.get("PopulatedTriggers") or []) + (data.get("AvailableTriggers") or []):
            if not is_interval(trigger) and trigger.get("Description") == description:
                return trigger
        events = sorted(set(t.get("Description") for t in (data.get("PopulatedTriggers") or []) +
                            (data.get("AvailableTriggers") or []) if not is_interval(t)))
        raise ReconcileError("%s has no event %r (its events: %s)" % (self.api.label, description, "; ".join(events)),
                             option="triggers")

    def defaults(self, desired):
        out = dict(dict(enabled=True), **desired)
        if out.get("type") == "Discord":
            out.setdefault("bot_name", DEFAULT_BOT_NAME)
        if out.get("type") == "POST":
            out.setdefault("content_type", DEFAULT_CONTENT_TYPE)
        if out.get("type") != "GET":
            out.setdefault("body", "")
        return out

    def validate(self, desired, current):
        if current is None and not desired.get("type"):
            raise ReconcileError("is required to create webhook %r (Discord, Slack, POST or GET)"
                                 % mask_text(desired["webhook"]), option="type")

    # -- writes -----------------------------------------------------------------

    def create(self, desired):
        trigger = self._event(event_of(desired))
        if self.scheduler.trigger(trigger["Id"]) is None:
            self.api.add_event_trigger(trigger["Id"])
        self.api.add_task(trigger["Id"], TYPES[desired["type"]][0], parameters(desired))
        return self._settle(trigger["Id"], desired)

    def _settle(self, trigger_id, desired):
        """Read the trigger back, set its enabled state when it differs, and return the webhook as AMP holds it."""
        trigger = self.scheduler.trigger(trigger_id, refresh=True)
        if "enabled" in desired and (trigger.get("EnabledState") != TRIGGER_DISABLED) != desired["enabled"]:
            # AMP does not promise a state for a trigger it adds: always set the one declared
            self.api.set_trigger_enabled(trigger_id, desired["enabled"])
            trigger = dict(trigger, EnabledState=int(bool(desired["enabled"])))
        method = TYPES[desired["type"]][0]
        url_param = TYPES[desired["type"]][1]
        for task in trigger.get("Tasks") or []:
            if task.get("TaskMethodName") == method and (task.get("ParameterMapping") or {}).get(url_param) == desired["url"]:
                return canonical(trigger, task)
        raise ReconcileError("AMP did not list webhook %r after writing it" % mask_text(desired["webhook"]))

    def update(self, current, desired, changed):
        trigger_id = current["trigger_id"]
        task_fields = set(changed) - {"enabled"}
        if "type" in task_fields:
            # a task's method cannot change: replace the task
            self.api.delete_task(trigger_id, current["id"])
            self.api.add_task(trigger_id, TYPES[desired["type"]][0], parameters(desired))
        elif task_fields:
            self.api.edit_task(trigger_id, current["id"], parameters(desired))
        return self._settle(trigger_id, desired)

    def delete(self, current):
        trigger_id = current["trigger_id"]
        self.api.delete_task(trigger_id, current["id"])
        trigger = self.scheduler.trigger(trigger_id)
        others = [t for t in (trigger or {}).get("Tasks") or [] if t["Id"] != current["id"]]
        if not others:
            self.api.delete_trigger(trigger_id)

    def info(self, url=None):
        if self.api is None:
            return []  # check mode, the instance does not exist yet
        return [w for w in self.list() if url is None or w["url"] == url]


def event_of(declared):
    """The one event of a declared webhook (``triggers`` holds exactly one on AMP)."""
    triggers = declared.get("triggers") or []
    return triggers[0] if len(triggers) == 1 else None
