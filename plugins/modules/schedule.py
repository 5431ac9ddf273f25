#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: schedule
short_description: Manage the schedules of a game server and their ordered tasks
version_added: 0.1.0
description:
  - Create, update and delete the schedules of one server (timed task chains), on Pterodactyl (through the client
    API), Crafty Controller (4.3 and later) or CubeCoders AMP.
  - A schedule is matched by O(name) within the server. Neither panel enforces unique schedule names; the task
    fails if several schedules on the server carry the name.
  - Only the options you set are compared with the panel, so a second run changes nothing.
  - When O(tasks) is given the schedule ends with exactly that list, in that order, changing as few tasks as
    possible. When it is omitted the tasks are left alone.
  - Each option says which panels support it; an option the chosen O(panel_type) lacks fails before any request.
  - On CubeCoders AMP (O(panel_type=amp)) a schedule is an interval trigger of the instance's scheduler, matched by
    its description (O(name)), timed with O(timing) (stored the way AMP keeps it, as explicit lists with months
    counted from 0), with its ordered AMP task list (O(tasks[].method) and O(tasks[].parameters)). Tasks that already
    match are kept, a task whose method matches has its parameters edited, others are added or deleted, and
    C(ChangeTaskOrder) puts them in the declared order.
  - "On Crafty a schedule is one Crafty schedule that runs O(tasks[0]) at its time, and one chained reaction
    schedule per later task: its parent is the task before it, its delay the task's O(tasks[].time_offset), and its
    name C(<name> #<position>) (C(nightly #2), C(nightly #3), ...)."
  - "How the Crafty schedules are found: Crafty has no route that lists a server's schedules (C(GET /tasks) fails in
    every version). Schedule ids are one sequence for the whole panel, and Crafty answers any existing id. So the
    module reads ids 1, 2, 3, ... and stops after O(scan_gap) missing ids in a row past the highest id found; the
    rows of this server are matched by name and linked into chains by their parent. Crafty returns no id for a new
    disabled or chained schedule, so it is found by reading upwards from the highest id the scan saw (a new schedule
    gets the highest id plus one). Each write is one whole schedule row, created in chain order, so a run that stops
    between writes (a lost connection, a killed play) leaves a schedule with a shorter chain, and the next run
    finds it and appends the rest: nothing is created twice."
  - "Limits of that design on Crafty: every task reads each id up to the highest live one, plus O(scan_gap)
    (each missing id costs Crafty an HTTP 500 and a traceback in its log). More than O(scan_gap) deleted ids in a
    row below a live schedule hide that schedule from the scan, and the plan (check mode included) shows a create.
    The create reveals it (Crafty gives the new schedule an id past the hidden one): the module then reads the ids
    the scan skipped, deletes the copy it has just made, and fails naming the O(scan_gap) that finds the schedule,
    so no duplicate is left. With O(state=absent) nothing reveals it: the module reports it gone. Raise
    O(scan_gap) on panels where many schedules were deleted at once (deleting a server deletes its schedules).
    Reaction schedules made in the panel that do not carry the C(<name> #<position>) names are not part of any
    chain, and chained schedules whose parent was deleted in the panel are left alone."
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Reports the plan and sends no write request.
  diff_mode:
    support: full
    description: Shows the schedule before and after, with its tasks as an ordered list.
options:
  name:
    description:
      - Name of the schedule, unique within the server by convention (neither panel enforces it). Pterodactyl,
        Crafty and AMP (the description of the interval trigger; give each schedule of an instance its own).
      - "On Crafty, each task after the first is a schedule of its own named after the schedule, a hash sign and its
        position (V(nightly #2)), so a name may not end that way; a chain that a deletion in Crafty's page broke is
        mended with its own tasks."
    type: str
    required: true
  cron:
    description:
      - When the schedule runs, as five space-separated cron fields C(minute hour day_of_month month day_of_week),
        for example V(0 4 * * *) (04:00 every day) or V(*/15 * * * 1-5).
      - Required when the schedule is created (on Crafty, this or O(interval) with O(interval_unit)). The panel
        evaluates the expression and refuses one that never matches; the task then fails naming this option.
      - Pterodactyl and Crafty (where it runs in the Crafty host's time zone). On Crafty, setting it replaces an
        interval timing.
    type: str
  interval:
    description:
      - Run every this many O(interval_unit), instead of O(cron). Crafty only; replaces a cron timing.
    type: int
  interval_unit:
    description:
      - The unit of O(interval). With V(days) the schedule runs at O(start_time). Crafty only.
    type: str
    choices: [minutes, hours, days]
  start_time:
    description:
      - Time of day (C(HH:MM), Crafty host time) of a schedule with O(interval_unit=days). Crafty only; V(00:00)
        when it is left out on create.
    type: str
  one_time:
    description:
      - Run once, after which Crafty deletes the schedule (the next run of the task creates it again). Crafty only.
      - Only with a single task, because Crafty deletes a one-time schedule before its chained tasks would run.
    type: bool
  timing:
    description:
      - When the schedule runs. It fires at every minute that matches all five fields. A field left out means every
        value (every month, every weekday, ...) when the schedule is created, and is left as it is on an existing
        schedule. AMP only (Pterodactyl and Crafty use O(cron)).
      - Each field is a list of values. A value is a number, a name (months and weekdays, three letters are enough),
        a range V(a-b), V(*) for all, or a step V(*/n) or V(a-b/n), for example V(Mon-Fri) or V(*/15).
      - Months are written as names or 1-12, never as AMP's own 0-11; weekdays are written as names (AMP counts
        them from Monday).
    type: dict
    suboptions:
      months:
        description: Months, for example V([January, July]) or V([1, 7]) or V([Jun-Aug]).
        type: list
        elements: raw
      weekdays:
        description: Days of the week, by name, for example V([Saturday, Sunday]) or V([Mon-Fri]).
        type: list
        elements: raw
      days_of_month:
        description: Days of the month, 1-31.
        type: list
        elements: raw
      hours:
        description: Hours, 0-23.
        type: list
        elements: raw
      minutes:
        description: Minutes, 0-59, for example V([0]) (on the hour) or V(["*/15"]).
        type: list
        elements: raw
  enabled:
    description:
      - Whether the schedule runs at its times. Defaults to V(true) when the schedule is created. Pterodactyl,
        Crafty (where it applies to the whole chain, since the chained tasks only run after the first) and AMP.
    type: bool
    aliases: [is_active]
  only_when_online:
    description:
      - Skip a run when the server is offline. Defaults to V(false) when the schedule is created. Pterodactyl only.
    type: bool
  tasks:
    description:
      - The ordered task chain. Each task waits O(tasks[].time_offset) seconds after the previous one.
        Pterodactyl and Crafty.
      - Pterodactyl allows at most 10 tasks per schedule. An empty list removes every task.
      - On Crafty the first task is what the schedule itself runs, so a new schedule needs at least one, and the
        first task's O(tasks[].time_offset) must be 0.
      - On AMP a task is O(tasks[].method) with its O(tasks[].parameters) (waits are tasks of their own); the other
        task fields fail the task.
    type: list
    elements: dict
    suboptions:
      action:
        description:
          - V(command) sends O(tasks[].payload) to the server console, V(power) sends a power signal, V(backup)
            creates a backup.
          - On Pterodactyl the oldest unlocked backup is rotated out when the server's backup limit is reached, and
            a V(backup) task needs a server backup limit above 0.
          - Required on Pterodactyl and Crafty; not used on AMP.
        type: str
        choices: [command, power, backup]
      method:
        description:
          - AMP only, and required there. The task method, by its id (for example V(Event.CommonCorePlugin.Wait) or
            V(Event.MinecraftModule.SendConsole)), or by its short name when only one of the instance's task methods
            has it. The instance's own list (C(AvailableMethods) of C(Core/GetScheduleData)) is the reference; a
            method the instance lacks fails the task before any write, naming the instance and its type.
        type: str
      parameters:
        description:
          - AMP only. The method's parameters by name (for example C(Seconds) for C(Wait), C(Input) for
            C(SendConsole)); values are sent as strings. A name the method does not take fails the task.
        type: dict
      payload:
        description:
          - For V(command), the console command (required).
          - For V(power), one of V(start), V(stop), V(restart) or V(kill) (required).
          - For V(backup) on Pterodactyl, the files to leave out, one pattern per line (default none).
          - For V(backup) on Crafty 4.4 and later, the name of the backup configuration to run (default the
            server's default configuration; see M(gameops.panels.backup)).
        type: str
      time_offset:
        description:
          - Seconds to wait after the previous task, from 0 to 900 on Pterodactyl. On Crafty it is the chained
            schedule's delay, and the first task's must be 0.
        type: int
        default: 0
      continue_on_failure:
        description:
          - Run the next tasks even if this one fails. Pterodactyl only (on Crafty a chained task runs after the
            previous one in any case, so only V(false) is accepted).
        type: bool
        default: false
  state:
    description:
      - V(present) creates or updates the schedule, V(absent) deletes it with its tasks (on Crafty, the chained
        schedules from the last one back, then the schedule). Pterodactyl and Crafty.
    type: str
    choices: [present, absent]
    default: present
  scan_gap:
    description:
      - Crafty only. How many missing schedule ids in a row end the scan that finds the server's schedules (see the
        description above). Raise it when more schedules than this were deleted at once on the panel.
    type: int
    default: 25
notes:
  - On Pterodactyl, needs O(client_api_key) (a key of a user with the C(schedule.*) permissions on the server).
  - On Crafty, needs the server permission C(schedule) (and C(backup) to name a backup configuration); Crafty 4.0.8
    cannot create or read schedules, so the module fails there before any write, naming the version.
  - Tasks have no identity of their own on the panel; they are compared position by position. A task that differs is
    updated in place, surplus tasks are deleted from the end, missing ones are appended.
seealso:
  - module: gameops.panels.schedule_info
"""

EXAMPLES = r"""
- name: Nightly restart with a warning and a backup first
  gameops.panels.schedule:
    server_external_id: community-42-survival
    name: nightly-restart
    cron: "0 4 * * *"
    only_when_online: true
    tasks:
      - action: command
        payload: say Restarting in 60 seconds
      - action: backup
        payload: |
          logs
          cache
        time_offset: 60
        continue_on_failure: true
      - action: power
        payload: restart
        time_offset: 30

- name: Pause a schedule without touching its tasks
  gameops.panels.schedule:
    server: survival
    name: nightly-restart
    enabled: false

- name: Remove a schedule
  gameops.panels.schedule:
    server: survival
    name: nightly-restart
    state: absent

- name: Crafty - warn, back up, then restart at 04:00 every day
  gameops.panels.schedule:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
    name: nightly
    cron: "0 4 * * *"
    tasks:
      - action: command
        payload: say Restarting in 5 minutes
      - action: backup
        payload: Default Backup
        time_offset: 240
      - action: power
        payload: restart
        time_offset: 60

- name: Crafty - save the world every 2 hours
  gameops.panels.schedule:
    panel_type: crafty
    server: survival
    name: autosave
    interval: 2
    interval_unit: hours
    tasks:
      - action: command
        payload: save-all

- name: AMP - warn, wait a minute and restart, at 04:00 on weekdays in summer
  gameops.panels.schedule:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
    name: Summer weekday restart
    timing:
      months: [June, July, August]
      weekdays: [Mon-Fri]
      hours: [4]
      minutes: [0]
    tasks:
      - method: Event.MinecraftModule.SendConsole
        parameters:
          Input: say Restarting in one minute
      - method: Event.CommonCorePlugin.Wait
        parameters:
          Seconds: 60
      - method: Event.MinecraftModule.Restart
"""

RETURN = r"""
schedule:
  description:
    - The schedule as the panel holds it after the task (predicted in check mode).
    - On Crafty it has C(cron) or C(interval) with C(interval_unit), C(start_time), C(enabled), C(one_time),
      C(next_run) (as Crafty formats it), C(tasks), and C(task_ids), the ids of the schedule and of its chained
      schedules in task order.
    - On AMP it has C(id) (the trigger's), C(name), C(enabled), C(timing) (months as 1-12, weekdays as names) and
      C(tasks), each with C(method) and C(parameters).
  returned: when O(state=present)
  type: dict
  sample:
    id: 3
    name: nightly-restart
    cron: "0 4 * * *"
    enabled: true
    only_when_online: true
    is_processing: false
    last_run_at: null
    next_run_at: "2026-05-02T04:00:00+00:00"
    tasks:
      - {action: command, payload: say Restarting in 60 seconds, time_offset: 0, continue_on_failure: false}
      - {action: power, payload: restart, time_offset: 30, continue_on_failure: false}
plan:
  description:
    - What the task changes (or would change in check mode), per field.
    - In check mode, when the server does not exist yet (an earlier task creates it), C(unresolved) names
      the server option and why it could not be resolved; the task also warns.
  returned: always
  type: dict
  sample:
    kind: schedule
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: nightly-restart
        fields:
          cron: {before: "0 4 * * *", after: "0 5 * * *"}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2, POST: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.schedule import SCHEDULE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=SCHEDULE)
    params = module.params

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params["name"]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired()])
        result["schedule"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
