# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The scheduler every AMP process has: interval and event triggers, their ordered tasks
(MethodID + ParameterMapping), enable/disable. Webhooks are an event trigger plus a
WebRequestPlugin task (API.md §10); nothing else models them."""
from __future__ import annotations

import re

from . import catalog, views
from .framework import ActionFailed, AmpError, action_result, api
from .state import Task, Trigger, new_guid

SCHED = "Core.Scheduler."
#: §13 quirk 7: months are 0-11 as AMP stores them; weekday 0 = Monday per AMPAPI_Python (API.md §9.2).
RANGES = {"months": (0, 11), "days": (0, 6), "hours": (0, 23), "minutes": (0, 59), "daysOfMonth": (1, 31)}
PLACEHOLDER = re.compile(r"\{@([A-Za-z0-9_]+)\}")


def _trigger_or_fail(ctx, trigger_id):
    trigger = ctx.process.trigger(trigger_id)
    if trigger is None:
        raise ActionFailed("The specified trigger does not exist.")
    return trigger


def _interval_lists(ctx) -> dict:
    lists = {}
    for name, (low, high) in RANGES.items():
        values = ctx.get(name)
        for value in values:
            if not low <= value <= high:
                raise ActionFailed("%s must contain values from %d to %d; %d is out of range."
                                   % (name, low, high, value))
        lists[name] = sorted(set(values))
    return lists


def _method_info(process, method_id):
    for method in catalog.task_methods_for(process.kind):
        if method["Id"] == method_id:
            return method
    return None


def _check_mapping(method, mapping):
    """Keys must be parameters the task method consumes; enum-typed ones take one of their values."""
    consumes = {c["Name"]: c for c in method["Consumes"]}
    for key, value in mapping.items():
        param = consumes.get(key)
        if param is None:
            takes = ", ".join(consumes) or "nothing"
            raise ActionFailed("%s has no parameter %s (it takes: %s)." % (method["Id"], key, takes))
        if param.get("EnumValues") and value not in param["EnumValues"] and not PLACEHOLDER.search(value):
            raise ActionFailed("%s of %s must be one of %s." % (key, method["Id"], ", ".join(param["EnumValues"])))


@api("Core", "GetScheduleData", permission=SCHED + "ViewSchedule")
def get_schedule_data(ctx):
    """ScheduleInfo: AvailableTriggers are the event triggers not in use (§13 quirk 15)."""
    process = ctx.process
    used = {t.id for t in process.triggers}
    available = []
    for description, emits in catalog.events_for(process.kind):
        trigger_id = process.event_ids[description]
        if trigger_id not in used:
            available.append(views.trigger_info(ctx.sim, Trigger(trigger_id, "event", description, 0, emits)))
    return {"AvailableMethods": [dict(m) for m in catalog.task_methods_for(process.kind)],
            "AvailableTriggers": available,
            "PopulatedTriggers": [views.trigger_info(ctx.sim, t) for t in process.triggers]}


@api("Core", "GetTimeIntervalTrigger", permission=SCHED + "ViewSchedule")
def get_time_interval_trigger(ctx):
    trigger = ctx.process.trigger(ctx.get("Id"))
    if trigger is None or trigger.kind != "interval":
        raise AmpError("Trigger not found", "No interval trigger with the id %s." % ctx.get("Id"))
    return views.interval_trigger(ctx.sim, trigger, ctx.process.triggers.index(trigger))


@api("Core", "AddIntervalTrigger", permission=SCHED + "CreateTrigger")
def add_interval_trigger(ctx):
    """Answers a plain ActionResult; the new trigger's id is found by re-reading (API.md §9.2)."""
    lists = _interval_lists(ctx)
    trigger = Trigger(id=new_guid(), kind="interval", description=ctx.get("description"),
                      enabled_state=1 if ctx.sim.new_interval_trigger_enabled else 0, months=lists["months"],
                      days=lists["days"], hours=lists["hours"], minutes=lists["minutes"],
                      days_of_month=lists["daysOfMonth"])
    ctx.process.triggers.append(trigger)
    return action_result()


@api("Core", "EditIntervalTrigger", permission=SCHED + "EditTrigger")
def edit_interval_trigger(ctx):
    trigger = _trigger_or_fail(ctx, ctx.get("Id"))
    if trigger.kind != "interval":
        raise ActionFailed("The specified trigger is not an interval trigger.")
    lists = _interval_lists(ctx)
    trigger.months, trigger.days, trigger.hours = lists["months"], lists["days"], lists["hours"]
    trigger.minutes, trigger.days_of_month = lists["minutes"], lists["daysOfMonth"]
    trigger.description = ctx.get("description")
    return action_result()


@api("Core", "AddEventTrigger", permission=SCHED + "CreateTrigger")
def add_event_trigger(ctx):
    """The populated trigger keeps the AvailableTriggers id (§13 quirk 15)."""
    process = ctx.process
    wanted = ctx.get("triggerId").lower()
    description = next((d for d, i in process.event_ids.items() if i == wanted), None)
    if description is None:
        raise ActionFailed("The specified trigger does not exist.")
    if process.trigger(wanted) is not None:
        raise ActionFailed("This trigger is already in use.")
    process.triggers.append(Trigger(id=wanted, kind="event", description=description,
                                    enabled_state=1 if ctx.sim.new_event_trigger_enabled else 0,
                                    emits=ctx.state.event_emits(process, description)))
    return action_result()


@api("Core", "SetTriggerEnabled", permission=SCHED + "EditTrigger")
def set_trigger_enabled(ctx):
    trigger = _trigger_or_fail(ctx, ctx.get("Id"))
    trigger.enabled_state = 1 if ctx.get("Enabled") else 0
    return action_result()


@api("Core", "DeleteTrigger", permission=SCHED + "DeleteTrigger")
def delete_trigger(ctx):
    """Removes the trigger with its tasks; an event trigger becomes available again."""
    trigger = _trigger_or_fail(ctx, ctx.get("TriggerID"))
    ctx.process.triggers.remove(trigger)
    return action_result()


@api("Core", "AddTask", permission=SCHED + "CreateTask")
def add_task(ctx):
    """MethodID is AvailableMethods[].Id (§13 quirk 16); ParameterMapping values are strings (quirk 9)."""
    trigger = _trigger_or_fail(ctx, ctx.get("TriggerID"))
    method = _method_info(ctx.process, ctx.get("MethodID"))
    if method is None:
        raise ActionFailed("Unknown task method: %s" % ctx.get("MethodID"))
    mapping = ctx.get("ParameterMapping")
    _check_mapping(method, mapping)
    trigger.tasks.append(Task(id=new_guid(), method_id=method["Id"], mapping=dict(mapping), created_by=ctx.user.id))
    return action_result()


def _task_or_fail(ctx, trigger):
    task = trigger.task(ctx.get("TaskID"))
    if task is None:
        raise ActionFailed("The specified task does not exist.")
    if task.created_by != ctx.user.id:
        ctx.require_permission(SCHED + "EditOtherUsersTasks")
    return task


@api("Core", "EditTask", permission=SCHED + "EditTask")
def edit_task(ctx):
    """Replaces the whole ParameterMapping; the method cannot change (API.md §9.4)."""
    trigger = _trigger_or_fail(ctx, ctx.get("TriggerID"))
    task = _task_or_fail(ctx, trigger)
    mapping = ctx.get("ParameterMapping")
    _check_mapping(_method_info(ctx.process, task.method_id), mapping)
    task.mapping = dict(mapping)
    return action_result()


@api("Core", "DeleteTask", permission=SCHED + "DeleteTask")
def delete_task(ctx):
    trigger = _trigger_or_fail(ctx, ctx.get("TriggerID"))
    task = _task_or_fail(ctx, trigger)
    trigger.tasks.remove(task)
    return action_result()


@api("Core", "ChangeTaskOrder", permission=SCHED + "EditTask")
def change_task_order(ctx):
    """Moves the task to ``NewOrder`` (0-based); the others close up around it."""
    trigger = _trigger_or_fail(ctx, ctx.get("TriggerID"))
    task = _task_or_fail(ctx, trigger)
    new_order = ctx.get("NewOrder")
    if not 0 <= new_order < len(trigger.tasks):
        raise ActionFailed("NewOrder must be between 0 and %d." % (len(trigger.tasks) - 1))
    trigger.tasks.remove(task)
    trigger.tasks.insert(new_order, task)
    return action_result()


@api("Core", "RunEventTriggerImmediately", permission=SCHED + "EditTrigger")
def run_event_trigger(ctx):
    trigger = _trigger_or_fail(ctx, ctx.get("triggerId"))
    fire(ctx.state, ctx.process, trigger, {}, force=True)
    return action_result()


def fire(state, process, trigger, values, force=False) -> None:
    """Run a trigger's tasks: each lands in ``process.task_runs`` with its placeholders filled in."""
    if not force and (trigger.enabled_state == 0 or getattr(process, "suspended", False)):
        return  # a suspended instance's triggers do not fire (CubeCoders/AMP#1196)
    trigger.last_executed = state.now()
    values = dict(values, TriggerName=trigger.description, InstanceId=process.id)
    for task in trigger.tasks:
        if task.enabled_state == 0:
            continue
        rendered = {k: PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), v)
                    for k, v in task.mapping.items()}
        process.task_runs.append({"trigger": trigger.description, "method": task.method_id, "parameters": rendered,
                                  "time": state.now()})


def fire_event(state, process, description, values) -> None:
    for trigger in process.triggers:
        if trigger.kind == "event" and trigger.description == description:
            fire(state, process, trigger, values)
