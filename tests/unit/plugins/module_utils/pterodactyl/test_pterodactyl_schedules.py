# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schedule adapter: input checks and the task write plan, without a panel."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.schedules import (
    normalize_cron, plan_tasks, prepare_schedule)
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError


def task(payload, sequence_id=None, task_id=None):
    out = {"action": "command", "payload": payload, "time_offset": 0, "continue_on_failure": False}
    if sequence_id is not None:
        out.update(sequence_id=sequence_id, id=task_id or sequence_id * 10, is_queued=False)
    return out


def panel(*payloads):
    """Raw panel tasks; sequence ids with a gap, as a moved task can leave."""
    return [task(p, seq) for p, seq in zip(payloads, (1, 2, 5, 6, 7))]


def ops(current, desired):
    return [(op, pos, have and have["id"], want and want["payload"]) for op, pos, have, want in plan_tasks(current, desired)]


def test_equal_lists_need_no_write():
    assert ops(panel("a", "b", "c"), [task(p) for p in "abc"]) == []


def test_swap_is_two_updates_in_place():
    assert ops(panel("a", "b", "c"), [task(p) for p in "bac"]) == [("update", 0, 10, "b"), ("update", 1, 20, "a")]


def test_surplus_is_deleted_from_the_end_and_missing_appended():
    assert ops(panel("a", "b", "c"), [task("a")]) == [("delete", 2, 50, None), ("delete", 1, 20, None)]
    assert ops(panel("a"), [task(p) for p in "abc"]) == [("create", 1, None, "b"), ("create", 2, None, "c")]


def test_cron_is_normalised_and_counted():
    assert normalize_cron(" */5  *\t* * 1-5 ") == "*/5 * * * 1-5"
    with pytest.raises(ReconcileError) as info:
        normalize_cron("0 4 * * * *")
    assert info.value.option == "cron" and "got 6" in info.value.message


def test_task_defaults_are_filled():
    prepared = prepare_schedule({"name": "n", "tasks": [{"action": "backup"}, {"action": "power", "payload": "kill"}]})
    assert prepared["tasks"] == [
        {"action": "backup", "payload": "", "time_offset": 0, "continue_on_failure": False},
        {"action": "power", "payload": "kill", "time_offset": 0, "continue_on_failure": False}]


@pytest.mark.parametrize("bad", [{"action": "sleep", "payload": "1"}, {"action": "command", "payload": "  "},
                                 {"action": "power", "payload": "reboot"}, {"action": "command", "payload": "x", "time_offset": -1}])
def test_bad_tasks_name_the_option(bad):
    with pytest.raises(ReconcileError) as info:
        prepare_schedule({"name": "n", "tasks": [task("ok"), bad]})
    assert info.value.option == "tasks" and info.value.message.startswith("task 2: ")
