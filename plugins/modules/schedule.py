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
  - Create, update and delete Pterodactyl schedules (cron-timed task chains) of one server, through the client API.
  - A schedule is matched by O(name) within the server. Pterodactyl does not enforce unique schedule names; the task
    fails if several schedules on the server carry the name.
  - Only the options you set are compared with the panel, so a second run changes nothing.
  - When O(tasks) is given the schedule ends with exactly that list, in that order, changing as few tasks as
    possible. When it is omitted the tasks are left alone.
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
      - Name of the schedule, unique within the server by convention (the panel does not enforce it).
    type: str
    required: true
  cron:
    description:
      - When the schedule runs, as five space-separated cron fields C(minute hour day_of_month month day_of_week),
        for example V(0 4 * * *) (04:00 every day) or V(*/15 * * * 1-5).
      - Required when the schedule is created. The panel evaluates the expression and refuses one that never
        matches; the task then fails naming this option.
    type: str
  enabled:
    description:
      - Whether the schedule runs at its times. Defaults to V(true) when the schedule is created.
    type: bool
    aliases: [is_active]
  only_when_online:
    description:
      - Skip a run when the server is offline. Defaults to V(false) when the schedule is created.
    type: bool
  tasks:
    description:
      - The ordered task chain. Each task waits O(tasks[].time_offset) seconds after the previous one.
      - Pterodactyl allows at most 10 tasks per schedule.
      - An empty list removes every task.
    type: list
    elements: dict
    suboptions:
      action:
        description:
          - V(command) sends O(tasks[].payload) to the server console, V(power) sends a power signal, V(backup)
            creates a backup (the oldest unlocked backup is rotated out when the server's backup limit is reached).
          - A V(backup) task needs a server backup limit above 0.
        type: str
        required: true
        choices: [command, power, backup]
      payload:
        description:
          - For V(command), the console command (required).
          - For V(power), one of V(start), V(stop), V(restart) or V(kill) (required).
          - For V(backup), the files to leave out, one pattern per line (default none).
        type: str
      time_offset:
        description:
          - Seconds to wait after the previous task, from 0 to 900.
        type: int
        default: 0
      continue_on_failure:
        description:
          - Run the next tasks even if this one fails.
        type: bool
        default: false
  state:
    description:
      - V(present) creates or updates the schedule, V(absent) deletes it with its tasks.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Needs O(client_api_key) (a key of a user with the C(schedule.*) permissions on the server).
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
"""

RETURN = r"""
schedule:
  description: The schedule as the panel holds it after the task (predicted in check mode).
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

from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule

TASK_SPEC = dict(
    action=dict(type="str", required=True, choices=["command", "power", "backup"]),
    payload=dict(type="str"),
    time_offset=dict(type="int", default=0),
    continue_on_failure=dict(type="bool", default=False),
)
SCHEDULE_FIELDS = ("name", "cron", "enabled", "only_when_online", "tasks")


def main():
    module = PanelModule(
        kind="schedule",
        argument_spec=dict(
            name=dict(type="str", required=True),
            cron=dict(type="str"),
            enabled=dict(type="bool", aliases=["is_active"]),
            only_when_online=dict(type="bool"),
            tasks=dict(type="list", elements="dict", options=TASK_SPEC),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        server_scope=True,
    )
    params = module.params

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params["name"]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired(SCHEDULE_FIELDS)])
        result["schedule"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
