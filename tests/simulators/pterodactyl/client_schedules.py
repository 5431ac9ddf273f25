# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API schedules and tasks (reference section 8.7), with a small cron evaluator."""
from __future__ import annotations

import datetime

from .client_activity import log_activity
from .client_api import can, forbidden
from .client_backups import create_backup, is_failed, live_backups
from .client_servers import power_state, set_power
from .framework import display_error, empty_response, json_response, model_not_found, server_error, validate
from .helpers import php_bool, php_truthy
from .rules import php_str, to_number

TASK_LIMIT = 10
MSG_INVALID_CRON = "The cron data provided does not evaluate to a valid expression."
MSG_NO_TASKS = "Cannot process schedule for task execution: no tasks are registered."
MSG_TASK_LIMIT = ("Schedules may not have more than %d tasks associated with them. Creating this task would put this "
                  "schedule over the limit.")
MSG_BACKUP_TASK = "A backup task cannot be created when the server's backup limit is set to 0."
MSG_NO_PERMISSION = "You do not have permission to perform this action."

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
#: (low, high, names, names offset) per cron field.
_FIELDS = ((0, 59, (), 0), (0, 23, (), 0), (1, 31, (), 0), (1, 12, _MONTHS, 1), (0, 7, _DAYS, 0))


class CronError(ValueError):
    pass


def _value(text: str, field) -> int:
    low, high, names, offset = field
    upper = text.upper()
    if upper in names:
        return names.index(upper) + offset
    if not text.isdigit():
        raise CronError(text)
    number = int(text)
    if number < low or number > high:
        raise CronError(text)
    return number


def parse_cron_field(text: str, field) -> set:
    """Set of allowed values for one cron field (``*``, ``?``, lists, ranges, steps, names)."""
    low, high = field[0], field[1]
    values = set()
    for part in text.split(","):
        if part == "":
            raise CronError(text)
        base, _sep, step = part.partition("/")
        if _sep and (not step.isdigit() or int(step) == 0):
            raise CronError(text)
        if base in ("*", "?"):
            start, end = low, high
        elif "-" in base:
            first, last = base.split("-", 1)
            start, end = _value(first, field), _value(last, field)
            if start > end:
                raise CronError(text)
        else:
            start = _value(base, field)
            end = high if _sep else start
        values.update(range(start, end + 1, int(step) if _sep else 1))
    return values


def next_run(minute, hour, day_of_month, month, day_of_week, after: datetime.datetime):
    """The first matching minute strictly after ``after``; raises :class:`CronError` when invalid/never."""
    texts = (minute, hour, day_of_month, month, day_of_week)
    sets = [parse_cron_field(t.strip(), f) for t, f in zip(texts, _FIELDS)]
    if 7 in sets[4]:
        sets[4].add(0)
    dom_any = day_of_month.strip() in ("*", "?")
    dow_any = day_of_week.strip() in ("*", "?")
    start = after.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    day = start.replace(hour=0, minute=0)
    for _i in range(366 * 5):
        if day.month in sets[3]:
            dom_ok = day.day in sets[2]
            dow_ok = (day.isoweekday() % 7) in sets[4]
            if dom_any and dow_any:
                matches = True
            elif dom_any:
                matches = dow_ok
            elif dow_any:
                matches = dom_ok
            else:
                matches = dom_ok or dow_ok
            if matches:
                for hour_value in sorted(sets[1]):
                    for minute_value in sorted(sets[0]):
                        candidate = day.replace(hour=hour_value, minute=minute_value)
                        if candidate >= start:
                            return candidate
        day += datetime.timedelta(days=1)
    raise CronError("never")


# ---------------------------------------------------------------------- schedules

def _schedule_input(ctx) -> dict:
    data = ctx.input()
    validate(data, [
        ("name", "required|string|max:191"),
        ("is_active", "filled|boolean"),
        ("minute", "required|string"),
        ("hour", "required|string"),
        ("day_of_month", "required|string"),
        ("day_of_week", "required|string"),
    ])
    month = data.get("month")
    if not isinstance(month, str):
        raise server_error("TypeError")
    try:
        upcoming = next_run(data["minute"], data["hour"], data["day_of_month"], month, data["day_of_week"], ctx.state.now())
    except CronError:
        raise display_error(MSG_INVALID_CRON) from None
    return {
        "name": data["name"],
        "cron_day_of_week": data["day_of_week"],
        "cron_day_of_month": data["day_of_month"],
        "cron_month": month,
        "cron_hour": data["hour"],
        "cron_minute": data["minute"],
        "is_active": php_bool(data.get("is_active")),
        "only_when_online": php_truthy(data.get("only_when_online")),
        "next_run_at": upcoming,
    }


def _schedule_response(ctx, schedule):
    payload = ctx.serializer.item("schedule", schedule, {"tasks": {}})
    return json_response(200, payload)


def schedules_index(ctx):
    rows = ctx.state.rows("schedules", server_id=ctx.bound["server"]["id"])
    return json_response(200, ctx.serializer.collection("schedule", rows, {"tasks": {}}))


def schedules_store(ctx):
    record = _schedule_input(ctx)
    record.update({"server_id": ctx.bound["server"]["id"], "is_processing": False, "last_run_at": None})
    schedule = ctx.state.insert("schedules", record)
    log_activity(ctx, "server:schedule.create", {"name": schedule["name"]}, subjects=[("schedule", schedule["id"])])
    return _schedule_response(ctx, schedule)


def schedules_view(ctx):
    return _schedule_response(ctx, ctx.bound["schedule"])


def schedules_update(ctx):
    schedule = ctx.bound["schedule"]
    changes = _schedule_input(ctx)
    if changes["is_active"] != bool(schedule["is_active"]):
        changes["is_processing"] = False
    name_before = schedule["name"]  # QUIRK: the panel logs the name the schedule had before the update
    ctx.state.update(schedule, changes)
    log_activity(ctx, "server:schedule.update", {"name": name_before, "active": bool(changes["is_active"])},
                 subjects=[("schedule", schedule["id"])])
    return _schedule_response(ctx, schedule)


def schedules_delete(ctx):
    schedule = ctx.bound["schedule"]
    for task in ctx.state.rows("tasks", schedule_id=schedule["id"]):
        ctx.state.delete("tasks", task["id"])
    ctx.state.delete("schedules", schedule["id"])
    log_activity(ctx, "server:schedule.delete", {"name": schedule["name"]}, subjects=[("schedule", schedule["id"])])
    return empty_response(204)


def _run_task(sim, server, task) -> None:
    state = sim.state
    if task["action"] == "power":
        if task["payload"] in ("start", "stop", "restart", "kill"):
            set_power(state, server, task["payload"])
    elif task["action"] == "command":
        if power_state(state, server)["state"] == "running":
            state.console.setdefault(server["id"], []).append(task["payload"])
    elif task["action"] == "backup":
        limit = server["backup_limit"] or 0
        live = [b for b in live_backups(state, server) if not is_failed(b)]
        if limit and len(live) >= limit:
            unlocked = [b for b in live if not b["is_locked"]]
            if not unlocked:
                return
            state.update(unlocked[0], {"deleted_at": state.now()})
        create_backup(sim, server, None, [line for line in task["payload"].split("\n") if line])


def schedules_execute(ctx):
    schedule = ctx.bound["schedule"]
    server = ctx.bound["server"]
    state = ctx.state
    tasks = sorted(state.rows("tasks", schedule_id=schedule["id"]), key=lambda t: t["sequence_id"])
    if not tasks:
        raise display_error(MSG_NO_TASKS)
    try:
        upcoming = next_run(schedule["cron_minute"], schedule["cron_hour"], schedule["cron_day_of_month"],
                            schedule["cron_month"], schedule["cron_day_of_week"], state.now())
    except CronError:
        upcoming = schedule["next_run_at"]
    state.update(schedule, {"is_processing": True, "next_run_at": upcoming})
    if not (schedule["only_when_online"] and power_state(state, server)["state"] != "running"):
        for task in tasks:
            _run_task(ctx.sim, server, task)
    state.update(schedule, {"is_processing": False, "last_run_at": state.now()})
    log_activity(ctx, "server:schedule.execute", {"name": schedule["name"]}, subjects=[("schedule", schedule["id"])])
    return json_response(202, [])


# ---------------------------------------------------------------------- tasks

def _task_input(ctx) -> dict:
    data = ctx.input()
    validate(data, [
        ("action", "required|in:command,power,backup"),
        ("payload", "required_unless:action,backup|string|nullable"),
        ("time_offset", "required|numeric|min:0|max:900"),
        ("sequence_id", "sometimes|required|numeric|min:1"),
        ("continue_on_failure", "sometimes|required|boolean"),
    ])
    return data


def _check_backup_task(ctx, data) -> None:
    if data.get("action") == "backup" and ctx.bound["server"]["backup_limit"] == 0:
        raise forbidden(MSG_BACKUP_TASK)


def _task_fields(data) -> dict:
    return {
        "action": data["action"],
        "payload": "" if data.get("payload") is None else php_str(data["payload"]),
        "time_offset": int(to_number(data["time_offset"])),
        "continue_on_failure": php_bool(data.get("continue_on_failure")),
    }


def tasks_store(ctx):
    data = _task_input(ctx)
    schedule = ctx.bound["schedule"]
    state = ctx.state
    tasks = state.rows("tasks", schedule_id=schedule["id"])
    if len(tasks) >= TASK_LIMIT:
        raise display_error(MSG_TASK_LIMIT % TASK_LIMIT, "ServiceLimitExceededException")
    _check_backup_task(ctx, data)
    sequence = max([t["sequence_id"] for t in tasks] or [0]) + 1
    wanted = int(to_number(data["sequence_id"])) if data.get("sequence_id") is not None else sequence
    if wanted < 1:
        wanted = 1
    if wanted < sequence:
        for task in tasks:
            if task["sequence_id"] >= wanted:
                state.update(task, {"sequence_id": task["sequence_id"] + 1})
        sequence = wanted
    record = _task_fields(data)
    record.update({"schedule_id": schedule["id"], "sequence_id": sequence, "is_queued": False})
    task = state.insert("tasks", record)
    properties = {"name": schedule["name"], "action": task["action"], "payload": task["payload"]}
    log_activity(ctx, "server:task.create", properties,
                 subjects=[("schedule", schedule["id"]), ("task", task["id"])])
    return ctx.item("schedule_task", task)


def _task_of_schedule(ctx):
    task = ctx.bound["task"]
    if task["schedule_id"] != ctx.bound["schedule"]["id"]:
        raise model_not_found()
    return task


def tasks_update(ctx):
    data = _task_input(ctx)
    task = _task_of_schedule(ctx)
    _check_backup_task(ctx, data)
    state = ctx.state
    current = task["sequence_id"]
    wanted = int(to_number(data["sequence_id"])) if data.get("sequence_id") is not None else current
    for other in state.rows("tasks", schedule_id=task["schedule_id"]):
        if other["id"] == task["id"]:
            continue
        if wanted < current and wanted <= other["sequence_id"] < current:
            state.update(other, {"sequence_id": other["sequence_id"] + 1})
        elif wanted > current and current < other["sequence_id"] <= wanted:
            state.update(other, {"sequence_id": other["sequence_id"] - 1})
    changes = _task_fields(data)
    changes["sequence_id"] = wanted
    state.update(task, changes)
    properties = {"name": ctx.bound["schedule"]["name"], "action": task["action"], "payload": task["payload"]}
    log_activity(ctx, "server:task.update", properties,
                 subjects=[("schedule", task["schedule_id"]), ("task", task["id"])])
    return ctx.item("schedule_task", task)


def tasks_delete(ctx):
    if not can(ctx, "schedule.update"):
        raise forbidden(MSG_NO_PERMISSION)
    task = _task_of_schedule(ctx)
    state = ctx.state
    for other in state.rows("tasks", schedule_id=task["schedule_id"]):
        if other["sequence_id"] > task["sequence_id"]:
            state.update(other, {"sequence_id": other["sequence_id"] - 1})
    state.delete("tasks", task["id"])
    log_activity(ctx, "server:task.delete", {"name": ctx.bound["schedule"]["name"]},
                 subjects=[("schedule", task["schedule_id"]), ("task", task["id"])])
    return empty_response(204)
