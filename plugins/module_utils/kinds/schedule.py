# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schedules of a server and their ordered tasks (modules schedule and schedule_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

TASK_SPEC = dict(
    action=dict(type="str", choices=["command", "power", "backup"]),
    method=dict(type="str"),
    parameters=dict(type="dict"),
    payload=dict(type="str"),
    time_offset=dict(type="int", default=0),
    continue_on_failure=dict(type="bool", default=False),
)
#: AMP's readable timing: each field a list of values, ranges or steps
TIMING_SPEC = dict((field, dict(type="list", elements="raw"))
                   for field in ("months", "weekdays", "days_of_month", "hours", "minutes"))

SCHEDULE = Kind(
    "schedule",
    options=dict(
        name=dict(type="str", required=True),
        cron=dict(type="str"),
        interval=dict(type="int"),
        interval_unit=dict(type="str", choices=["minutes", "hours", "days"]),
        start_time=dict(type="str"),
        timing=dict(type="dict", options=TIMING_SPEC),
        enabled=dict(type="bool", aliases=["is_active"]),
        one_time=dict(type="bool"),
        only_when_online=dict(type="bool"),
        tasks=dict(type="list", elements="dict", options=TASK_SPEC),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        scan_gap=dict(type="int", default=25),
    ),
    task_options=("state", "scan_gap"),
    info_options=dict(
        name=dict(type="str"),
        scan_gap=dict(type="int", default=25),
    ),
    server_scope=True,
)
