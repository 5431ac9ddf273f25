# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl schedules and their ordered tasks (client API, API.md 8.7).

A schedule is matched by name within one server. Its tasks have no identity
of their own: they are matched by position, so the panel ends with exactly
the declared list, in order, with as few task writes as possible.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter
from ansible_collections.gameops.panels.plugins.module_utils.values import (
    CRON_FIELDS, TEXT_COLUMN_BYTES, normalize_cron, text)

TASK_ACTIONS = ("command", "power", "backup")
POWER_PAYLOADS = ("start", "stop", "restart", "kill")
# PTERODACTYL_PER_SCHEDULE_TASK_LIMIT's default; the panel refuses the 11th task
TASK_LIMIT = 10
MAX_TIME_OFFSET = 900
TASK_FIELDS = ("action", "payload", "time_offset", "continue_on_failure")
# schedule fields that go into the schedule's own update request
SCHEDULE_FIELDS = frozenset(["cron", "enabled", "only_when_online"])


def normalize_task(task, index):
    """One declared task in canonical form, defaults filled; ReconcileError(option=tasks) when invalid."""
    where = "task %d" % (index + 1)
    action = task.get("action")
    if action not in TASK_ACTIONS:
        raise ReconcileError("%s: action must be one of %s, got %r" % (where, ", ".join(TASK_ACTIONS), action),
                             option="tasks")
    payload = task.get("payload")
    if action == "backup":
        payload = "" if payload is None else str(payload)
    elif payload is None or str(payload).strip() == "":
        raise ReconcileError("%s: payload is required for a %s task" % (where, action), option="tasks")
    else:
        payload = str(payload)
    if payload.strip():
        # schedule_tasks.payload is a TEXT column; the panel's rule ("string") sets no maximum of its own
        text("tasks[%d].payload" % index, payload, maximum=TEXT_COLUMN_BYTES, max_bytes=TEXT_COLUMN_BYTES)
    # the panel stores any string for power but the task then does nothing at run time
    if action == "power" and payload not in POWER_PAYLOADS:
        raise ReconcileError("%s: payload of a power task must be one of %s, got %r"
                             % (where, ", ".join(POWER_PAYLOADS), payload), option="tasks")
    offset = task.get("time_offset")
    offset = 0 if offset is None else offset
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_TIME_OFFSET:
        raise ReconcileError("%s: time_offset must be a whole number of seconds from 0 to %d, got %r"
                             % (where, MAX_TIME_OFFSET, offset), option="tasks")
    return {
        "action": action,
        "payload": payload,
        "time_offset": offset,
        "continue_on_failure": bool(task.get("continue_on_failure")),
    }


def prepare_schedule(desired):
    """Validate and normalise a declared schedule without any request."""
    out = dict(desired)
    if out.get("name") is not None and (not out["name"].strip() or len(out["name"]) > 191):
        raise ReconcileError("must be 1 to 191 characters, got %d" % len(out["name"].strip()), option="name")
    if out.get("cron") is not None:
        out["cron"] = normalize_cron(out["cron"])
    if out.get("tasks") is not None:
        tasks = out["tasks"]
        if len(tasks) > TASK_LIMIT:
            raise ReconcileError("declares %d tasks; Pterodactyl allows at most %d per schedule"
                                 % (len(tasks), TASK_LIMIT), option="tasks")
        out["tasks"] = [normalize_task(t or {}, i) for i, t in enumerate(tasks)]
    return out


def canonical_task(task):
    return dict((field, task.get(field)) for field in TASK_FIELDS)


def ordered_tasks(schedule):
    tasks = (schedule.get("relationships") or {}).get("tasks") or []
    return sorted(tasks, key=lambda t: t["sequence_id"])


def canonical(schedule, tasks=None):
    """Panel ``server_schedule`` -> canonical form (tasks ordered by sequence_id)."""
    cron = schedule.get("cron") or {}
    return {
        "id": schedule["id"],
        "name": schedule["name"],
        "cron": " ".join(str(cron.get(field, "")) for field in CRON_FIELDS),
        "enabled": bool(schedule.get("is_active")),
        "only_when_online": bool(schedule.get("only_when_online")),
        "is_processing": bool(schedule.get("is_processing")),
        "last_run_at": schedule.get("last_run_at"),
        "next_run_at": schedule.get("next_run_at"),
        "tasks": [canonical_task(t) for t in (ordered_tasks(schedule) if tasks is None else tasks)],
    }


def plan_tasks(current, desired):
    """Task writes that turn ``current`` (raw, ordered) into ``desired`` (canonical, ordered).

    Returns ``[(op, position, current_task, desired_task)]`` with op in
    update/delete/create. Positions both lists share are updated in place
    (keeping their sequence_id, so nothing shifts); surplus tasks are
    deleted from the last one down (a delete shifts only later tasks);
    missing ones are appended.
    """
    ops = []
    for position, (have, want) in enumerate(zip(current, desired)):
        if canonical_task(have) != want:
            ops.append(("update", position, have, want))
    for position in range(len(current) - 1, len(desired) - 1, -1):
        ops.append(("delete", position, current[position], None))
    for position in range(len(current), len(desired)):
        ops.append(("create", position, None, desired[position]))
    return ops


class ScheduleAdapter(Adapter):
    """Schedules of one server, matched by name, with their ordered tasks."""

    kind = "schedule"
    key = "name"

    def __init__(self, client, server):
        """``server`` is the resolved ``{identifier, uuid, name, external_id}``, or the server as
        apply lists or plans it (then with ``feature_limits``; identifier None until it exists)."""
        self.client = client
        self.server = server
        self.identifier = server.get("identifier")
        self._raw = {}
        self._backup_limit = None

    def prepare(self, desired):
        return prepare_schedule(desired)

    def list(self):
        schedules = self.client.list_schedules(self.identifier)
        self._raw = dict((s["id"], s) for s in schedules)
        return [canonical(s) for s in schedules]

    def _raw_schedule(self, schedule_id):
        """The panel form of a listed schedule (listed again if the engine was handed ``current``)."""
        if schedule_id not in self._raw:
            self.list()
        return self._raw[schedule_id]

    def defaults(self, desired):
        # The panel's own default for is_active is false; a declared schedule is meant to run unless told otherwise.
        return dict(dict(enabled=True, only_when_online=False, tasks=[]), **desired)

    def validate(self, desired, current):
        if current is None:
            if desired.get("cron") is None:
                raise ReconcileError("is required to create schedule %r" % desired["name"], option="cron")
        if desired.get("tasks") is None:
            return
        have = ordered_tasks(self._raw_schedule(current["id"])) if current is not None else []
        writes_backup = any(want and want["action"] == "backup" for _op, _pos, _have, want in plan_tasks(have, desired["tasks"]))
        # (a server that does not exist yet, in a check-mode plan, has no limit to read)
        if writes_backup and self.identifier is not None and self.backup_limit() == 0:
            raise ReconcileError("schedule %r has a backup task but the server's backup limit is 0, so the panel "
                                 "refuses it; raise the server's feature_limits.backups first" % desired["name"],
                                 option="tasks")

    def backup_limit(self):
        """The server's backup limit, read once and only when a backup task is to be written.

        A server apply hands over carries its limits as the run leaves them (a planned server
        without declared ones gets the create default, 0), so nothing is read.
        """
        if self._backup_limit is None:
            server = self.server
            if "feature_limits" not in server and self.identifier is not None:
                server = self.client.get_client_server(self.identifier)
            self._backup_limit = (server.get("feature_limits") or {}).get("backups") or 0
        return self._backup_limit

    # -- writes -------------------------------------------------------------

    def _schedule_body(self, schedule):
        body = dict(zip(CRON_FIELDS, schedule["cron"].split()))
        # a full replacement: omitted is_active/only_when_online would become false
        body.update(name=schedule["name"], is_active=bool(schedule["enabled"]),
                    only_when_online=bool(schedule["only_when_online"]))
        return body

    def _write_schedule(self, call, *args):
        """Create or update a schedule; the last argument is the request body."""
        try:
            return call(self.identifier, *args)
        except PanelError as exc:
            # the panel re-parses the five fields and answers 400 DisplayException for a bad expression
            if exc.status == 400 and exc.code == "DisplayException":
                cron = " ".join(args[-1][field] for field in CRON_FIELDS)
                raise ReconcileError("the panel rejected %r: %s" % (cron, exc.message), option="cron") from exc
            raise

    @staticmethod
    def _task_body(task, sequence_id=None):
        body = dict(task)
        if sequence_id is not None:
            body["sequence_id"] = sequence_id
        return body

    def _apply_tasks(self, schedule_id, current, desired):
        """Run the task writes; return the resulting raw tasks in order."""
        result = list(current)
        for op, position, have, want in plan_tasks(current, desired):
            if op == "update":
                # the task's own sequence_id keeps it (and every other task) where it is
                result[position] = self.client.update_task(self.identifier, schedule_id, have["id"],
                                                           self._task_body(want, have["sequence_id"]))
            elif op == "delete":
                self.client.delete_task(self.identifier, schedule_id, have["id"])
                del result[position]
            else:
                result.append(self.client.create_task(self.identifier, schedule_id, self._task_body(want)))
        return result

    def create(self, desired):
        created = self._write_schedule(self.client.create_schedule, self._schedule_body(desired))
        tasks = self._apply_tasks(created["id"], [], desired.get("tasks") or [])
        return canonical(created, tasks)

    def update(self, current, desired, changed):
        schedule = self._raw_schedule(current["id"])
        if SCHEDULE_FIELDS.intersection(changed):
            schedule = self._write_schedule(self.client.update_schedule, current["id"], self._schedule_body(desired))
        tasks = ordered_tasks(schedule)
        if "tasks" in changed:
            tasks = self._apply_tasks(current["id"], tasks, desired["tasks"])
        return canonical(schedule, tasks)

    def delete(self, current):
        self.client.delete_schedule(self.identifier, current["id"])
