# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty schedules (API.md 10): a timed task and the tasks chained after it, found without a list route.

The model is the one the ``schedule`` module has on every panel: a named
schedule with a timing and an ordered task list, each task waiting
``time_offset`` seconds after the previous one. On Crafty, ``tasks[0]`` is
what the schedule itself runs; every later task is a *reaction* schedule
whose ``parent`` is the task before it, with ``delay`` = its time_offset,
named ``<name> #<position>``.

Finding what exists (quirk 1: ``GET /servers/{id}/tasks`` is a 500 in every
version): schedule ids are one integer sequence for the whole panel, and
``GET /servers/{id}/tasks/{n}`` answers any existing id (quirk 4: the bare
row, its server expanded) and an HTML 500 for a missing one (quirk 3). The
scan reads ids 1, 2, 3, ... and stops after ``gap`` consecutive missing ids
past the highest one found; the rows of this server are indexed by name
and linked into chains by ``parent``. Creates that come back without an id
(quirk 12: disabled and reaction schedules) are found by probing upwards
from the highest id the scan saw (Crafty gives a new row the highest id + 1).
A new id further up than that proves the scan stopped early (more deleted
ids in a row than ``gap`` below a live row): the ids it skipped are read
then, and a schedule found there with the name just created is a twin the
run made by mistake; it is deleted again and the task fails naming the
``scan_gap`` that finds the schedule, so no duplicate is left behind.
Because every write is one whole row, a run that dies between writes leaves
a schedule whose chain is shorter than declared, and the next run's scan
finds it and appends the rest: nothing is created twice.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, differs

SCAN_GAP = 25
# how far a created row is looked for past the highest id the scan saw (it is there: the create succeeded)
FIND_CREATED_MISSES = 1000
POWER = ("start", "stop", "restart", "kill")
TIMING = ("cron", "interval", "interval_unit", "start_time")


def normalize_cron(text):
    return " ".join(str(text).split())


def child_name(name, position):
    return "%s #%d" % (name, position)


CHILD_NAME = re.compile(r"^(?P<name>.*) #(?P<position>[0-9]+)$")


def _server_of(row):
    # section 4: foreign keys come expanded, so server_id is the whole server object
    server = row.get("server_id")
    return server.get("server_id") if isinstance(server, dict) else server


class PanelScan:
    """Every schedule row of the panel, found by reading ids in order (there is no list route).

    Crafty keeps schedules in SQLite under an INTEGER PRIMARY KEY without AUTOINCREMENT, so a new row gets
    the highest live id + 1, and an id freed at the top (this run's own deletes included) is given again.
    Ids are one sequence for the whole panel and ``GET /servers/{id}/tasks/{n}`` answers a row of any
    server (10.3), so one scan serves every server of a run: the first server that needs it reads, on its
    own route (its SCHEDULE permission is what the read needs).
    """

    def __init__(self, client, gap=SCAN_GAP):
        self.client = client
        self.gap = gap
        self.rows = None  # id -> row, every live row read (any server)
        self.known = set()  # every live id: the rows', and those of rows this run created without reading
        self.read = 0  # every id up to this one was read
        self._via = None  # the server whose route the reads use

    @property
    def live(self):
        return set(self.known)

    @property
    def highest(self):
        return max(self.known, default=0)

    def get(self, task_id, server=None):
        server = server or self._via
        return self.client.get_task(server["id"], task_id, label=server["label"])

    def scan(self, server):
        """Read ids 1, 2, 3, ... until ``gap`` consecutive ones are missing (once per run)."""
        if self.rows is None:
            self._via = server
            rows, task_id, misses = {}, 0, 0
            while misses < self.gap:
                task_id += 1
                row = self.get(task_id)
                if row is None:
                    misses += 1
                    continue
                misses = 0
                rows[task_id] = row
            self.rows, self.read, self.known = rows, task_id, set(rows)
        return self.rows

    def forget(self):
        """Scan again when next asked (the panel may hold rows this run wrote)."""
        self.rows = None

    def add(self, task_id, row=None):
        """A live row found or made by this run (``row`` None: made, not read)."""
        self.known.add(task_id)
        if self.rows is not None and row is not None:
            self.rows[task_id] = row

    def remove(self, task_id):
        self.known.discard(task_id)
        if self.rows is not None:
            self.rows.pop(task_id, None)


def panel_scan(client, gap):
    """The run's scan with this gap, one per client (every handler of a run shares the client)."""
    scans = getattr(client, "schedule_scans", None)
    if scans is None:
        scans = client.schedule_scans = {}
    if gap not in scans:
        scans[gap] = PanelScan(client, gap)
    return scans[gap]


class ScheduleScan:
    """The schedule rows of one server, as the run's :class:`PanelScan` found them, kept up to date by this
    server's writes.

    A new id above the last one the scan read + 1 proves the scan stopped too early (live rows sit past a
    longer run of deleted ids than ``gap``): the ids it skipped are read then, so no row stays hidden.
    """

    def __init__(self, client, server, gap=SCAN_GAP):
        self.client = client
        self.server = server
        self.panel = panel_scan(client, gap)

    @property
    def gap(self):
        return self.panel.gap

    @property
    def live(self):
        return self.panel.live

    @property
    def highest(self):
        return self.panel.highest

    @property
    def read(self):
        return self.panel.read

    def _mine(self, row):
        return str(_server_of(row)) == str(self.server["id"])

    def rows(self):
        rows = self.panel.scan(self.server)
        return [row for task_id, row in sorted(rows.items()) if self._mine(row)]

    def forget(self):
        self.panel.forget()

    def deleted(self, task_id):
        self.panel.remove(task_id)

    def created(self, task_id, row=None):
        """Record a row this run created (``row`` None: not read yet)."""
        panel = self.panel
        if panel.rows is not None:
            for skipped in range(panel.read + 1, task_id):
                found = panel.get(skipped, self.server)
                if found is not None:
                    panel.add(skipped, found)
        panel.read = max(panel.read, task_id)
        panel.add(task_id, row)

    def find_created(self, name, parent):
        """The id of a row this run just created without learning it (quirk 12).

        The new row has the highest live id + 1. Past the ids the scan read, it may sit behind rows the
        scan missed, one of them perhaps with the same name and parent (a twin the caller deals with): so
        the search does not give up after ``gap`` misses, and there it takes the last match, not the first.
        """
        panel = self.panel
        matches, misses, task_id = [], 0, panel.highest
        while misses < (panel.gap if matches else max(panel.gap, FIND_CREATED_MISSES)):
            task_id += 1
            row = panel.get(task_id, self.server)
            if row is None:
                misses += 1
                continue
            misses = 0
            if self._mine(row) and row.get("name") == name and (row.get("parent") or None) == parent:
                matches.append((task_id, row))
                if task_id <= panel.read + 1:
                    break  # the scan read the ids above it: nothing newer
            else:
                panel.add(task_id, row)
        if not matches:
            raise ReconcileError("Crafty created schedule %r but no id up to %d holds it (was it deleted in the "
                                 "panel meanwhile?); run again: the scan finds it if it exists" % (name, task_id))
        for earlier in matches[:-1]:
            panel.add(*earlier)
        panel.read = max(panel.read, task_id)
        self.created(*matches[-1])
        return matches[-1][0]


class ScheduleAdapter(Adapter):
    kind = "schedule"
    key = "name"
    # ids freed by this plan's deletes are given to its creates, so the rows do not drift away from
    # long-lived ones (a run of deleted ids longer than the scan gap hides what lies past it)
    deletes_first = True

    def __init__(self, client, server, gap=SCAN_GAP):
        self.client = client
        self.server = server
        self.scan = ScheduleScan(client, server, gap=gap)
        self._backups = None
        self._strays = None

    # -- backups named by tasks ------------------------------------------------------

    def backups(self):
        if self._backups is None:
            # a server a check-mode run only plans (no id yet) has no configurations to name
            known = self.client.version.has("backup_configs") and self.server.get("id") is not None
            self._backups = self.client.list_backups(self.server["id"], label=self.server["label"]) if known else []
        return self._backups

    def _backup_name(self, backup_id):
        for config in self.backups():
            if config["backup_id"] == backup_id:
                return config["backup_name"]
        return backup_id

    def _backup_id(self, name):
        configs = self.backups()
        if name is None:
            found = [c for c in configs if c.get("default")]
        else:
            found = [c for c in configs if c["backup_name"] == name]
        if not found and not configs:
            return None
        if len(found) != 1:
            raise ReconcileError("server %s has %s backup configuration named %r" % (
                self.server["label"], "no" if not found else "more than one", name), option="tasks.payload")
        return found[0]["backup_id"]

    # -- reading ---------------------------------------------------------------------

    def _task(self, row, offset=0):
        command = row.get("command") or ""
        if command in ("%s_server" % p for p in POWER):
            task = {"action": "power", "payload": command[:-len("_server")]}
        elif command == "backup_server":
            task = {"action": "backup", "payload": self._backup_name(row.get("action_id")) if row.get("action_id") else None}
        else:
            task = {"action": "command", "payload": command}
        task.update(time_offset=offset, continue_on_failure=False)
        return task

    def canonical(self, root, chain):
        cron = root.get("cron_string") or ""
        out = {
            "id": int(root["schedule_id"]),
            "name": root.get("name"),
            "cron": normalize_cron(cron) if cron else None,
            "interval": None if cron else root.get("interval"),
            "interval_unit": None if cron else root.get("interval_type"),
            "start_time": root.get("start_time"),
            "enabled": bool(root.get("enabled")),
            "one_time": bool(root.get("one_time")),
            "next_run": root.get("next_run"),
            "tasks": [self._task(root)] + [self._task(row, int(row.get("delay") or 0)) for row in chain],
            # ids of the chained rows, in order (not compared; used to write)
            "task_ids": [int(root["schedule_id"])] + [int(row["schedule_id"]) for row in chain],
        }
        return out

    def refresh(self):
        self.scan.forget()

    def list(self):
        rows = self.scan.rows()
        by_parent = {}
        for row in rows:
            if row.get("interval_type") == "reaction" and row.get("parent") is not None:
                by_parent.setdefault(int(row["parent"]), []).append(row)
        schedules, chained = [], set()
        for root in rows:
            if root.get("interval_type") == "reaction":
                continue
            chain, parent, position = [], int(root["schedule_id"]), 2
            while True:
                # the next link is the reaction to the previous task that carries the expected name
                # (a user may have hung other reactions on the same task in the panel)
                links = [r for r in by_parent.get(parent, []) if r.get("name") == child_name(root.get("name"), position)]
                if not links:
                    break
                link = min(links, key=lambda r: int(r["schedule_id"]))
                chain.append(link)
                parent, position = int(link["schedule_id"]), position + 1
            chained.update(int(r["schedule_id"]) for r in [root] + chain)
            schedules.append(self.canonical(root, chain))
        # links of a chain outside every chain: deleting a row in Crafty clears its reactions' parent, so a
        # task deleted from outside frees the rest of its chain. They are taken back when their schedule is
        # written, or deleted then, so a name never repeats
        self._strays = {}
        for row in rows:
            named = CHILD_NAME.match(row.get("name") or "")
            if row.get("interval_type") == "reaction" and int(row["schedule_id"]) not in chained and named:
                self._strays.setdefault(named.group("name"), {}).setdefault(int(named.group("position")), []).append(row)
        return schedules

    # -- checks before any write -----------------------------------------------------

    def prepare(self, desired):
        if "cron" in desired:
            desired["cron"] = normalize_cron(desired["cron"])
            # one timing at a time: declaring a cron clears an interval timing, and the reverse
            desired["interval"] = desired["interval_unit"] = None
        elif "interval" in desired or "interval_unit" in desired:
            desired["cron"] = None
        if "tasks" in desired:
            desired["tasks"] = [self._prepare_task(t) for t in desired["tasks"]]
        return desired

    def _prepare_task(self, task):
        task = dict(task)
        task.setdefault("time_offset", 0)
        task.setdefault("continue_on_failure", False)
        if task["action"] == "backup":
            # the default configuration when none is named, so a re-read compares equal
            backup_id = self._backup_id(task.get("payload"))
            task["payload"] = self._backup_name(backup_id) if backup_id else None
        return task

    def validate(self, desired, current):
        if current is None:
            if not desired.get("tasks"):
                raise ReconcileError("needs at least one task to create a Crafty schedule (what the schedule runs)",
                                     option="tasks")
            if not desired.get("cron") and not (desired.get("interval") and desired.get("interval_unit")):
                raise ReconcileError("a new schedule needs cron, or interval with interval_unit", option="cron")

    # -- writing -----------------------------------------------------------------------

    def _task_fields(self, task):
        if task["action"] == "command":
            return {"action": "command", "command": task["payload"]}
        if task["action"] == "power":
            return {"action": task["payload"], "command": "%s_server" % task["payload"]}
        fields = {"action": "backup", "command": "backup_server"}
        backup_id = self._backup_id(task.get("payload"))
        if backup_id is not None:
            fields["action_id"] = backup_id
        return fields

    @staticmethod
    def _timing(desired):
        if desired.get("cron"):
            return {"interval_type": "", "cron_string": desired["cron"], "interval": 1}
        return {"interval_type": desired["interval_unit"], "interval": desired["interval"], "cron_string": "",
                "start_time": desired.get("start_time") or "00:00"}

    def _add_link(self, name, position, task, parent):
        """The id of the chain's link at ``position``: a stray of that name taken back, else a new row."""
        strays = (self._strays or {}).get(name, {}).get(position)
        if not strays:
            return self._create_link(name, position, task, parent)
        row = strays.pop(0)
        task_id = int(row["schedule_id"])
        # quirk 13: interval_type "reaction" in the body, or the PATCH wipes the parent; never "enabled", with
        # which 4.10 hands the row to its scheduler, which refuses a reaction, and then deletes the row
        body = dict(self._task_fields(task), name=child_name(name, position), delay=task["time_offset"],
                    interval_type="reaction", parent=parent)
        self.client.update_task(self.server["id"], task_id, body, label=self.server["label"])
        return task_id

    def _drop_strays(self, name):
        """Delete the strays of ``name`` no link took back (the newest first)."""
        leftover = [row for rows in (self._strays or {}).pop(name, {}).values() for row in rows]
        for row in sorted(leftover, key=lambda r: -int(r["schedule_id"])):
            self.client.delete_task(self.server["id"], int(row["schedule_id"]), label=self.server["label"])
            self.scan.deleted(int(row["schedule_id"]))

    def _create_link(self, name, position, task, parent):
        # quirk 11: every one of the nine keys, or Crafty fails with a 500; reaction rows never return an id
        body = dict(self._task_fields(task), name=child_name(name, position), enabled=True, interval=1,
                    interval_type="reaction", cron_string="", one_time=False, delay=task["time_offset"],
                    parent=parent, start_time="00:00")
        self.client.create_task(self.server["id"], body, label=self.server["label"])
        return self.scan.find_created(child_name(name, position), parent)

    def create(self, desired):
        self._refuse_twin(desired["name"])
        tasks = desired["tasks"]
        body = dict(self._task_fields(tasks[0]), name=desired["name"], enabled=desired.get("enabled", True),
                    one_time=desired.get("one_time", False), delay=0, parent=None)
        body.update(self._timing(desired))
        root_id = self.client.create_task(self.server["id"], body, label=self.server["label"])
        if root_id is None:
            root_id = self.scan.find_created(desired["name"], None)
        else:
            self.scan.created(root_id)
        self._refuse_twin(desired["name"], root_id)
        ids = [root_id]
        for position, task in enumerate(tasks[1:], start=2):
            ids.append(self._add_link(desired["name"], position, task, ids[-1]))
        self._drop_strays(desired["name"])
        return self._reread(ids)

    def _refuse_twin(self, name, new_id=None):
        """Fail when a root row named ``name`` the plan did not know of has turned up (the scan stopped early).

        Called before a create (the row was revealed by an earlier create of this run: nothing is written)
        and after one (the row was revealed by it: the new twin is deleted again).
        """
        twins = [r for r in self.scan.rows() if r.get("name") == name and r.get("interval_type") != "reaction"
                 and int(r["schedule_id"]) != new_id]
        if not twins:
            return
        if new_id is not None:
            self.client.delete_task(self.server["id"], new_id, label=self.server["label"])
            self.scan.deleted(new_id)
        twin = int(twins[0]["schedule_id"])
        # every id up to the twin has been read by now: the widest run of missing ids below it is what the
        # scan has to cross to reach it
        seen = [0] + sorted(i for i in self.scan.live if i <= twin)
        widest = max(high - low - 1 for low, high in zip(seen, seen[1:]))
        done = ("created it again (id %d), which it has deleted now" % new_id if new_id is not None
                else "planned to create it again (nothing was written for it)")
        raise ReconcileError(
            "schedule %r already exists on server %s (id %d) behind %d deleted schedule ids in a row, more than the "
            "scan crosses (scan_gap=%d), so this run did not see it and %s; set scan_gap to %d or more"
            % (name, self.server["label"], twin, widest, self.scan.gap, done, widest + 1), option="scan_gap")

    def update(self, current, desired, changed):
        # quirk 25: a PATCH moves a schedule to the server in the URL; only rows the scan found on this
        # server are ever written, so nothing moves
        ids = list(current["task_ids"])
        old, new = current["tasks"], desired.get("tasks", current["tasks"])
        root_changed = bool(set(changed) & set(TIMING + ("one_time", "enabled"))) or differs(new[0], old[0])
        if root_changed:
            self.client.update_task(self.server["id"], ids[0], self._root_patch(current, desired, changed),
                                    label=self.server["label"])
        for position in range(1, min(len(old), len(new))):
            if differs(new[position], old[position]):
                # quirk 13: without interval_type "reaction" a PATCH wipes the parent
                body = dict(self._task_fields(new[position]), delay=new[position]["time_offset"],
                            interval_type="reaction", parent=ids[position - 1])
                self.client.update_task(self.server["id"], ids[position], body, label=self.server["label"])
        for position in range(len(old) - 1, len(new) - 1, -1):
            # surplus tasks go from the end, so no link is left without its parent
            self.client.delete_task(self.server["id"], ids[position], label=self.server["label"])
            self.scan.deleted(ids.pop())
        for position in range(len(old), len(new)):
            ids.append(self._add_link(desired["name"], position + 1, new[position], ids[-1]))
        self._drop_strays(current["name"])
        return self._reread(ids)

    def _root_patch(self, current, desired, changed):
        enabled = desired.get("enabled", current["enabled"])
        if not enabled:
            body = self._timing(desired) if set(changed) & set(TIMING) else {}
            body.update(self._task_fields(desired["tasks"][0]))
            body.update((field, desired[field]) for field in ("one_time", "enabled") if field in changed)
            return body
        # Crafty reschedules an enabled job only when "enabled" is in the body (10.4). With interval,
        # interval_type and cron_string too it builds the job from the body alone and needs command and
        # start_time there (tasks.py update_job), so a rescheduling PATCH carries the whole definition.
        # ("enabled": false is only sent as a change: for a job Crafty already unscheduled it fails with
        # a 500 after writing.)
        body = self._timing(desired)
        body.setdefault("start_time", desired.get("start_time") or "00:00")
        body.update(self._task_fields(desired["tasks"][0]), enabled=True)
        if "one_time" in changed:
            body["one_time"] = desired["one_time"]
        return body

    def delete(self, current):
        # quirk 28: deleting an unknown id is a 500; only ids the scan found are deleted.
        # The chain from its end: deleting a parent first would leave its reactions orphaned
        for task_id in reversed(current["task_ids"]):
            self.client.delete_task(self.server["id"], task_id, label=self.server["label"])
            self.scan.deleted(task_id)
        self._drop_strays(current["name"])

    def _reread(self, ids):
        rows = [self.client.get_task(self.server["id"], task_id, label=self.server["label"]) for task_id in ids]
        if any(row is None for row in rows):
            raise ReconcileError("a schedule row written by this run is gone from the panel (ids %s)" % ids)
        return self.canonical(rows[0], rows[1:])

    def info(self, name=None):
        return [s for s in self.list() if name is None or s["name"] == name]
