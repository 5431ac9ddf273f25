# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``/api/v2/servers/{id}/tasks...``: schedules (API.md section 10, quirks 1, 12, 13, 25, 28).

* There is no list: ``GET /servers/{id}/tasks`` is a handler whose signature does not
  match its route, a 500 (TypeError) in every version (``sim.list_schedules`` turns on a
  non-standard list for tests that need one).
* ``next_run`` is when APScheduler would first fire the job Crafty adds: cron strings
  (read as APScheduler 3's ``from_crontab`` reads them), ``days`` as a cron at
  ``start_time``, ``hours``/``minutes`` as a cron before 4.10 and an interval trigger
  (now + interval) in 4.10.7; disabled and reaction rows keep ``""``.
* Create answers ``schedule_id`` only for an enabled, non-reaction task that could be
  scheduled; otherwise ``null`` although the row exists.
* PATCH without ``interval_type: "reaction"`` wipes ``parent``; the body's server wins
  (a task can be moved); there is no existence check.
* 4.0.8: create is a 500 stub, GET/DELETE are empty 200 stubs (text/html), only PATCH works.
"""
from __future__ import annotations

import datetime

from .framework import ApiError, Crash, Response, bare, ok

CREATE_KEYS = ("name", "enabled", "action", "interval", "interval_type", "command", "one_time", "cron_string", "delay")
CRON_FORMAT_ERROR = "Invalid Cron format detected"
NEXT_RUN_FORMAT = "%m/%d/%Y, %H:%M:%S"
TASKS_HANDLER = "ApiServersServerTasksIndexHandler"
MANAGEMENT_MODULE = "app.classes.models.management"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_CRON_FIELDS = ((0, 59, ()), (0, 23, ()), (1, 31, ()), (1, 12, _MONTHS), (0, 7, _DAYS))


def cron_is_valid(expression: str) -> bool:
    """A 5-field crontab (``*``, ranges, steps, lists, month/day names), as croniter accepts them."""
    fields = expression.split()
    if len(fields) != 5:
        return False
    for text, (low, high, names) in zip(fields, _CRON_FIELDS):
        for part in text.split(","):
            if not _cron_part_valid(part.lower(), low, high, names):
                return False
    return True


def _cron_part_valid(part: str, low: int, high: int, names) -> bool:
    base, _sep, step = part.partition("/")
    if step and (not step.isdigit() or int(step) == 0):
        return False
    if base == "*":
        return True
    bounds = base.split("-")
    if len(bounds) > 2 or not all(bounds):
        return False
    values = []
    for bound in bounds:
        if bound.isdigit():
            values.append(int(bound))
        elif bound in names:
            values.append(names.index(bound) + (1 if names is _MONTHS else 0))
        else:
            return False
    return all(low <= v <= high for v in values) and (len(values) == 1 or values[0] <= values[1])


def _require_schedule(ctx, server_id) -> None:
    """Tasks check the SCHEDULE bit of the caller's mask on the path's server (API-key mask applied)."""
    if "SCHEDULE" not in ctx.caller.server_permissions(server_id):
        raise ctx.not_authorized()


def task_view(ctx, row) -> dict:
    """``model_to_dict``: the server foreign key is expanded to the whole server object."""
    view = dict(row)
    server = ctx.state.find_server(row["server_id"])
    view["server_id"] = dict(server) if server is not None else row["server_id"]
    return view


#: APScheduler 3's day_of_week names and numbers: 0 is Monday (``from_crontab`` passes the field on as is)
_APS_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _cron_values(text: str, low: int, high: int, names=(), offset=0) -> set:
    """The values one crontab field allows (``cron_is_valid`` has accepted it)."""
    values = set()
    for part in text.lower().split(","):
        base, _sep, step = part.partition("/")
        step = int(step) if step else 1
        if base == "*":
            first, last = low, high
        else:
            bounds = [names.index(b) + offset if b in names else int(b) for b in base.split("-")]
            first = bounds[0]
            last = bounds[-1] if len(bounds) > 1 else (high if step > 1 else first)
        values.update(range(first, min(last, high) + 1, step))
    return values


def _next_cron_time(minutes, hours, days, months, weekdays, after: datetime.datetime):
    """The first minute after ``after`` whose fields all match (day of month AND weekday, as APScheduler)."""
    start = after.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    day = start.date()
    for _offset in range(366 * 8):
        if day.month in months and day.day in days and day.weekday() in weekdays:
            for hour in sorted(hours):
                for minute in sorted(minutes):
                    moment = datetime.datetime(day.year, day.month, day.day, hour, minute)
                    if moment >= start:
                        return moment
        day += datetime.timedelta(days=1)
    return None


def next_run_time(row, profile, now=None):
    """When APScheduler would first run a schedule Crafty adds (None: it would not add it)."""
    now = now or datetime.datetime.now()
    everything = (set(range(60)), set(range(24)), set(range(1, 32)), set(range(1, 13)), set(range(7)))
    interval = int(row.get("interval") or 1)
    if row.get("cron_string"):
        fields = row["cron_string"].split()
        return _next_cron_time(_cron_values(fields[0], 0, 59), _cron_values(fields[1], 0, 23),
                               _cron_values(fields[2], 1, 31), _cron_values(fields[3], 1, 12, _MONTHS, offset=1),
                               _cron_values(fields[4], 0, 6, _APS_DAYS), now)
    kind = row.get("interval_type")
    if kind in ("hours", "minutes") and profile.interval_trigger_schedules:
        return now + datetime.timedelta(**{kind: interval})  # an interval trigger: first run one interval on
    minutes, hours, days, months, weekdays = everything
    if kind == "minutes":
        minutes = set(range(0, 60, max(interval, 1)))
    elif kind == "hours":
        minutes, hours = {0}, set(range(0, 24, max(interval, 1)))
    elif kind == "days":
        hour, _sep, minute = str(row.get("start_time") or "00:00").partition(":")
        minutes, hours, days = {int(minute or 0)}, {int(hour)}, set(range(1, 32, max(interval, 1)))
    else:
        return None
    return _next_cron_time(minutes, hours, days, months, weekdays, now)


def _next_run(row, profile) -> str:
    moment = next_run_time(row, profile)
    return moment.strftime(NEXT_RUN_FORMAT) if moment else ""


def _schedulable(row) -> bool:
    """What APScheduler accepts: a cron string, or an hours/minutes/days interval."""
    return bool(row["cron_string"]) or row["interval_type"] in ("hours", "minutes", "days")


# ---------------------------------------------------------------------------------------------- routes

def list_tasks(ctx, server_id):
    if not ctx.sim.list_schedules:
        raise Crash.missing_argument(TASKS_HANDLER, "get", "task_id")
    _require_schedule(ctx, server_id)
    return ok([task_view(ctx, r) for r in ctx.state.schedules.values() if str(r["server_id"]) == str(server_id)])


def create_task(ctx, server_id):
    if not ctx.profile.task_create:  # 4.0.8: an unfinished stub whose signature wants a task id
        raise Crash.missing_argument(TASKS_HANDLER, "post", "task_id")
    data = ctx.body()
    ctx.validate("new_task", data, superuser=True)
    server = ctx.require_access(server_id)
    _require_schedule(ctx, server_id)
    if not data.get("start_time"):
        data["start_time"] = "00:00"
    if data.get("cron_string", "") != "" and not cron_is_valid(data["cron_string"]):
        raise ApiError(405, CRON_FORMAT_ERROR)
    data.setdefault("parent", None)
    if data.get("action_id"):
        backup = ctx.state.backups.get(data["action_id"])
        if backup is None:
            raise Crash.does_not_exist("Backups", MANAGEMENT_MODULE, key="backup_id", value=data["action_id"])
        if str(backup["server_id"]) != str(server["server_id"]):
            raise ApiError(405, "Server ID Mismatch")
    missing = [key for key in CREATE_KEYS if key not in data]
    if missing:  # quirk 11: the scheduler reads all nine keys
        raise Crash.key_error(missing[0])
    # Schedules.schedule_id is a peewee IntegerField(primary_key=True): on SQLite an INTEGER PRIMARY KEY
    # without AUTOINCREMENT, so a new row gets the highest id + 1 and ids freed at the top are given again
    schedule_id = max(ctx.state.schedules, default=0) + 1
    row = {
        "schedule_id": schedule_id, "server_id": server["server_id"], "enabled": data["enabled"],
        "action": data["action"], "interval": data["interval"], "interval_type": data["interval_type"],
        "start_time": data["start_time"], "command": data["command"], "name": data["name"],
        "one_time": data["one_time"], "cron_string": data["cron_string"], "parent": data["parent"],
        "delay": data["delay"], "next_run": "",
    }
    if ctx.profile.task_action_id:
        row["action_id"] = data.get("action_id")
    if str(row["parent"]) == str(schedule_id) or row["interval_type"] != "reaction":
        row["parent"] = None
    ctx.state.schedules[schedule_id] = row
    # quirk 12: the id only comes back from the "enabled, non-reaction, scheduled" branch
    if not row["enabled"] or row["interval_type"] == "reaction" or not _schedulable(row):
        return ok({"schedule_id": None})
    row["next_run"] = _next_run(row, ctx.profile)  # the scheduler's next fire time, cron or interval
    return ok({"schedule_id": schedule_id})


def get_task(ctx, server_id, task_id):
    if not ctx.profile.task_read_delete:
        ctx.authenticate()
        return Response.tornado_empty(200)  # 4.0.8 stub: an empty 200 (Tornado's default text/html)
    _require_schedule(ctx, server_id)
    row = ctx.state.schedules.get(int(task_id))
    if row is None:
        raise Crash.does_not_exist("Schedules", MANAGEMENT_MODULE, value=task_id)
    # quirk 4: a bare object, no envelope; no check that the task belongs to {server_id}
    return bare(task_view(ctx, row))


def patch_task(ctx, server_id, task_id):
    data = ctx.body()
    ctx.validate("task_patch", data, superuser=True)
    server = ctx.require_access(server_id)
    _require_schedule(ctx, server_id)
    if data.get("parent") is not None and str(data.get("parent")) == str(task_id):
        data["parent"] = None
    if data.get("cron_string", "") != "" and not cron_is_valid(data["cron_string"]):
        raise ApiError(405, CRON_FORMAT_ERROR)
    row = ctx.state.schedules.get(int(task_id))
    if ctx.profile.at_least(4, 1, 0) and data.get("interval_type") != "reaction":
        data["parent"] = None  # quirk 13
    if row is None:  # no existence check: the UPDATE matches nothing
        return ok(with_data=False)
    row.update(data)
    row["server_id"] = server["server_id"]  # quirk 25: the task moves to the server in the URL
    _reschedule(ctx, row, data)
    return ok(with_data=False)


def _reschedule(ctx, row, data) -> None:
    """``update_job``: with ``interval``, ``enabled``, ``cron_string`` and ``interval_type`` in the body, or
    ``enabled: true``, the job is added again and ``next_run`` refreshed; a disabled job is only removed from
    the scheduler (``next_run`` keeps its last value). 4.10.7 adds reaction and unschedulable rows to the
    scheduler too, which refuses them, and then deletes the row."""
    if not ctx.profile.at_least(4, 1, 0):
        return
    full = {"interval", "enabled", "cron_string", "interval_type"} <= set(data)
    if not (full or data.get("enabled") is True) or not row["enabled"]:
        return
    if row["interval_type"] == "reaction" or not _schedulable(row):
        if ctx.profile.interval_trigger_schedules:
            del ctx.state.schedules[row["schedule_id"]]
        return
    row["next_run"] = _next_run(row, ctx.profile)


def delete_task(ctx, server_id, task_id):
    if not ctx.profile.task_read_delete:
        ctx.authenticate()
        return Response.tornado_empty(200)  # 4.0.8 stub: nothing is deleted
    _require_schedule(ctx, server_id)
    row = ctx.state.schedules.get(int(task_id))
    if row is None:  # 400 NO SCHEDULE FOUND with the exception object, which the encoder rejects (quirk 28)
        raise Crash.not_serializable("SchedulesDoesNotExist")
    for child in ctx.state.schedules.values():
        if child.get("parent") == row["schedule_id"]:
            child["parent"] = None
    del ctx.state.schedules[row["schedule_id"]]
    return ok(with_data=False)


def task_children(ctx, server_id, task_id):  # pylint: disable=unused-argument
    ctx.authenticate()
    return Response.tornado_empty(200)  # an unfinished stub


def register(router, profile) -> None:
    sid = "([a-z0-9-]+)" if profile.uuid_server_ids else "([0-9]+)"
    router.add(r"/api/v2/servers/%s/tasks/?" % sid, {"GET": list_tasks, "POST": create_task})
    router.add(r"/api/v2/servers/%s/tasks/([0-9]+)/?" % sid, {"GET": get_task, "PATCH": patch_task, "DELETE": delete_task})
    router.add(r"/api/v2/servers/%s/tasks/([0-9]+)/children/?" % sid, {"GET": task_children})
