# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP schedules (API.md 9): interval triggers with their ordered tasks, and the scheduler they share with webhooks.

A schedule is an interval trigger of one instance, matched by its
description. Its timing is declared in readable form (month names or 1-12,
weekday names, ranges and steps) and stored as AMP wants it: explicit lists,
months counted 0-11 (quirk 7). Its tasks are AMP task methods with their
parameters, kept in the declared order with the fewest task writes: tasks
that already match stay, a task whose method matches has its parameters
edited, the rest are added or deleted, and ChangeTaskOrder puts them in order.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils.amp import checks
from ansible_collections.gameops.panels.plugins.module_utils.amp.client import (
    TRIGGER_DISABLED, TRIGGER_ENABLED, string_map)
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# AMP counts weekdays from Monday = 0 (AMPAPI_Python; API.md 9.2)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# field -> (first, last) in the numbering users write
FIELDS = {
    "months": (1, 12),
    "weekdays": (0, 6),
    "days_of_month": (1, 31),
    "hours": (0, 23),
    "minutes": (0, 59),
}
ITEM = re.compile(r"^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:/([0-9]+))?$")


def _number(token, field):
    names = MONTHS if field == "months" else WEEKDAYS if field == "weekdays" else ()
    if token.isdigit():
        if field == "weekdays":
            raise ValueError("weekdays are written as names (Monday ... Sunday), got %r" % token)
        return int(token)
    for index, name in enumerate(names):
        if len(token) >= 3 and name.startswith(token):
            return index + (1 if field == "months" else 0)
    raise ValueError("%r is not a %s" % (token, "month" if field == "months" else "weekday" if names else "number"))


def parse_field(values, field):
    """A declared timing field (list of numbers, names, ``*``, ranges ``a-b`` and steps ``*/n``) -> sorted numbers."""
    first, last = FIELDS[field]
    out = set()
    for value in values:
        if isinstance(value, bool):
            raise ReconcileError("%r is not a valid value" % value, option="timing.%s" % field)
        match = ITEM.match(str(value).strip().lower())
        try:
            if match is None:
                raise ValueError("cannot read %r (write a number, a name, a range a-b or a step */n)" % value)
            star, start, end, step = match.groups()
            low = first if star else _number(start, field)
            high = last if star else (_number(end, field) if end else low)
            stride = int(step) if step else 1
            if not first <= low <= high <= last or stride < 1:
                raise ValueError("%s is outside %d-%d" % (value, first, last))
            out.update(range(low, high + 1, stride))
        except ValueError as exc:
            raise ReconcileError(str(exc), option="timing.%s" % field) from exc
    if not out:
        raise ReconcileError("must not be empty (leave it out to mean every %s)" % field.rstrip("s").replace("_", " "),
                             option="timing.%s" % field)
    return sorted(out)


def user_field(numbers, field):
    """Numbers as users read them: weekday names, everything else as numbers."""
    return [WEEKDAYS[n].capitalize() for n in numbers] if field == "weekdays" else list(numbers)


def prepare_timing(timing):
    """Declared timing (None or a list per field) -> canonical form of the fields declared."""
    out = {}
    for field in FIELDS:
        values = (timing or {}).get(field)
        if values is not None:
            out[field] = user_field(parse_field(values, field), field)
    return out


def every(field):
    first, last = FIELDS[field]
    return user_field(range(first, last + 1), field)


def to_amp(timing):
    """Canonical timing -> AddIntervalTrigger's lists (months 0-11, weekdays 0-6)."""
    def numbers(field):
        values = timing.get(field) or every(field)
        return [WEEKDAYS.index(v.lower()) for v in values] if field == "weekdays" else list(values)

    return {
        "months": [m - 1 for m in numbers("months")],
        "days": numbers("weekdays"),
        "hours": numbers("hours"),
        "minutes": numbers("minutes"),
        "days_of_month": numbers("days_of_month"),
    }


def from_amp(trigger):
    """GetTimeIntervalTrigger's reply -> canonical timing (months 1-12)."""
    return {
        "months": sorted(m + 1 for m in trigger.get("MatchMonths") or []),
        "weekdays": [WEEKDAYS[d].capitalize() for d in sorted(trigger.get("MatchDays") or []) if 0 <= d < 7],
        "days_of_month": sorted(trigger.get("MatchDaysOfMonth") or []),
        "hours": sorted(trigger.get("MatchHours") or []),
        "minutes": sorted(trigger.get("MatchMinutes") or []),
    }


def is_interval(trigger):
    kind = "%s %s" % (trigger.get("Type") or "", trigger.get("TriggerType") or "")
    return "interval" in kind.lower()


def ordered(tasks):
    """A trigger's tasks in run order (GetScheduleData lists them; GetTimeIntervalTrigger keys them by id)."""
    if isinstance(tasks, dict):
        tasks = list(tasks.values())
    return sorted(tasks or [], key=lambda t: t.get("Order", 0))


def canonical_task(task):
    return {"method": task["TaskMethodName"], "parameters": dict(task.get("ParameterMapping") or {})}


class Scheduler:
    """One instance's scheduler: GetScheduleData read once per run, task methods checked against it."""

    def __init__(self, api):
        self.api = api
        self._data = None

    def data(self, refresh=False):
        if self.api is None:
            return {}  # check mode, the instance does not exist yet
        if self._data is None or refresh:
            self._data = self.api.get_schedule_data() or {}
        return self._data

    def forget(self):
        """Read GetScheduleData again on next use (after a write whose answer was lost)."""
        self._data = None

    def populated(self, refresh=False):
        return self.data(refresh).get("PopulatedTriggers") or []

    def methods(self):
        return self.data().get("AvailableMethods") or []

    def trigger(self, trigger_id, refresh=False):
        for trigger in self.populated(refresh):
            if trigger["Id"] == trigger_id:
                return trigger
        return None

    def method(self, ref, option, where):
        """The AvailableMethods entry named by its Id, or by its short Name when only one method has it."""
        methods = self.methods()
        for method in methods:
            if method["Id"] == ref:
                return method
        short = [m for m in methods if m.get("Name") == ref]
        if len(short) == 1:
            return short[0]
        label = self.api.label
        if short:
            raise ReconcileError("%s: %d task methods of %s are named %r (%s); give its Id" % (
                where, len(short), label, ref, ", ".join(m["Id"] for m in short)), option=option)
        raise ReconcileError("%s: %s has no task method %r (it has: %s)" % (
            where, label, ref, ", ".join(sorted(m["Id"] for m in methods)) or "none"), option=option)

    def check_task(self, task, index, option="tasks"):
        """A declared task -> canonical form, its method and parameter names checked against the instance."""
        where = "task %d" % (index + 1)
        if not task.get("method"):
            raise ReconcileError("%s: method is required on AMP (an AMP task method, for example "
                                 "Event.CommonCorePlugin.Wait)" % where, option=option)
        parameters = string_map(task.get("parameters"))
        if self.api is None:  # check mode, the instance does not exist yet: the real run checks the method
            return {"method": task["method"], "parameters": parameters}
        method = self.method(task["method"], option, where)
        consumes = dict((p["Name"], p) for p in method.get("Consumes") or [])
        unknown = sorted(set(parameters) - set(consumes))
        if unknown:
            raise ReconcileError("%s: %s takes no parameter %s (it takes: %s)" % (
                where, method["Id"], ", ".join(unknown), ", ".join(consumes) or "none"), option=option)
        for name, value in sorted(parameters.items()):
            # AMP keeps any text in any parameter; the instance's own list says what the task can use
            kind = checks.consumed_kind(consumes[name])
            if kind is not None:
                checks.task_parameter("%s[%d].parameters.%s" % (option, index, name), value, kind)
        return {"method": method["Id"], "parameters": parameters}

    # -- task writes ----------------------------------------------------------------

    def converge_tasks(self, trigger_id, current, desired):
        """Make the trigger's tasks ``desired`` (canonical, ordered); ``current`` are its tasks as AMP lists them."""
        current = ordered(current)
        slots = [None] * len(desired)
        free = list(current)
        # 1. tasks that already match stay; 2. a task with the same method gets its parameters edited
        for same_parameters in (True, False):
            for index, want in enumerate(desired):
                if slots[index] is not None:
                    continue
                for task in free:
                    have = canonical_task(task)
                    if have["method"] == want["method"] and (not same_parameters or _same(have, want)):
                        slots[index] = task
                        free.remove(task)
                        break
        for task in free:
            self.api.delete_task(trigger_id, task["Id"])
        for index, want in enumerate(desired):
            task = slots[index]
            if task is not None and not _same(canonical_task(task), want):
                self.api.edit_task(trigger_id, task["Id"], want["parameters"])
        known = set(t["Id"] for t in current)
        added = [index for index, task in enumerate(slots) if task is None]
        for index in added:
            self.api.add_task(trigger_id, desired[index]["method"], desired[index]["parameters"])
        if added:
            # AddTask returns no id: the new tasks are the ones not seen before, in the order they were added
            fresh = [t for t in ordered(self.trigger(trigger_id, refresh=True)["Tasks"]) if t["Id"] not in known]
            for index, task in zip(added, fresh):
                slots[index] = task
        self._reorder(trigger_id, [t for t in current if t not in free] + [slots[i] for i in added], slots)

    def _reorder(self, trigger_id, actual, wanted):
        """ChangeTaskOrder for each task not yet at its place (AMP moves it there and shifts the others)."""
        actual = [t["Id"] for t in actual]
        for position, task in enumerate(wanted):
            if actual[position] != task["Id"]:
                self.api.change_task_order(trigger_id, task["Id"], position)
                actual.remove(task["Id"])
                actual.insert(position, task["Id"])


def _same(have, want):
    return have["method"] == want["method"] and all(
        have["parameters"].get(name) == value for name, value in want["parameters"].items())


class ScheduleAdapter(Adapter):
    """Interval triggers of one instance, matched by description, with their ordered tasks."""

    kind = "schedule"
    key = "name"

    def __init__(self, api, scheduler=None):
        self.api = api
        self.scheduler = scheduler or Scheduler(api)

    def canonical(self, trigger, interval=None):
        """A populated interval trigger; ``interval`` is its GetTimeIntervalTrigger reply (for the timing)."""
        out = {
            "id": trigger["Id"],
            "name": trigger.get("Description"),
            "enabled": trigger.get("EnabledState", TRIGGER_ENABLED) != TRIGGER_DISABLED,
            "tasks": [canonical_task(t) for t in ordered(trigger.get("Tasks"))],
        }
        if interval is not None:
            out["timing"] = from_amp(interval)
        return out

    def refresh(self):
        self.scheduler.forget()

    def list(self):
        return [self.canonical(t) for t in self.scheduler.populated() if is_interval(t)]

    def prepare(self, desired):
        if "timing" in desired:
            desired["timing"] = prepare_timing(desired["timing"])
        if "tasks" in desired:
            desired["tasks"] = [self.scheduler.check_task(t or {}, i) for i, t in enumerate(desired["tasks"])]
        return desired

    def complete(self, current, desired):
        if "timing" not in desired:
            return current
        # the timing is not part of GetScheduleData: one read of this trigger
        return dict(current, timing=from_amp(self.api.get_time_interval_trigger(current["id"])))

    def defaults(self, desired):
        out = dict(dict(enabled=True, tasks=[]), **desired)
        out["timing"] = dict((field, (desired.get("timing") or {}).get(field) or every(field)) for field in FIELDS)
        return out

    def _write_timing(self, call, *args, timing, name):
        lists = to_amp(timing)
        return call(*args, lists["months"], lists["days"], lists["hours"], lists["minutes"], lists["days_of_month"], name)

    def create(self, desired):
        before = set(t["Id"] for t in self.scheduler.populated())
        self._write_timing(self.api.add_interval_trigger, timing=desired["timing"], name=desired["name"])
        # AddIntervalTrigger returns no id: the new trigger is the one with this description not seen before
        new = [t for t in self.scheduler.populated(refresh=True)
               if t["Id"] not in before and t.get("Description") == desired["name"]]
        if len(new) != 1:
            raise ReconcileError("AMP did not list the new schedule %r after adding it" % desired["name"])
        trigger = new[0]
        if (trigger.get("EnabledState") != TRIGGER_DISABLED) != desired["enabled"]:
            self.api.set_trigger_enabled(trigger["Id"], desired["enabled"])
        if desired["tasks"]:
            self.scheduler.converge_tasks(trigger["Id"], [], desired["tasks"])
        return self._result(trigger["Id"])

    def update(self, current, desired, changed):
        trigger_id = current["id"]
        if "timing" in changed:
            self._write_timing(self.api.edit_interval_trigger, trigger_id, timing=desired["timing"], name=desired["name"])
        if "enabled" in changed:
            self.api.set_trigger_enabled(trigger_id, desired["enabled"])
        if "tasks" in changed:
            self.scheduler.converge_tasks(trigger_id, self.scheduler.trigger(trigger_id)["Tasks"], desired["tasks"])
        return self._result(trigger_id)

    def _result(self, trigger_id):
        trigger = self.scheduler.trigger(trigger_id, refresh=True)
        return self.canonical(trigger, self.api.get_time_interval_trigger(trigger_id))

    def delete(self, current):
        self.api.delete_trigger(current["id"])

    def exported(self, schedule):
        """A listed schedule with its timing (one read; GetScheduleData has none), fields that mean every value left
        out."""
        timing = from_amp(self.api.get_time_interval_trigger(schedule["id"]))
        out = dict(schedule, timing=dict((f, v) for f, v in timing.items() if v != every(f)))
        if not out["timing"]:
            del out["timing"]  # every minute: the default
        return out

    def info(self, name=None):
        if self.api is None:
            return []
        return [self.canonical(t, self.api.get_time_interval_trigger(t["Id"]))
                for t in self.scheduler.populated() if is_interval(t) and (name is None or t.get("Description") == name)]
