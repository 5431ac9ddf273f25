# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Crafty schedule scan against how Crafty numbers schedules: each test fails without its fix.

Crafty stores schedules in SQLite under an INTEGER PRIMARY KEY without AUTOINCREMENT, so a new row gets
the highest live id + 1 (ids freed at the top are given again) and deleted rows below live ones leave gaps.
"""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.crafty import schedules
from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import References, resolve_server
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from tests.unit.plugins.module_utils.crafty.test_crafty_faults import client_for, converge


def row(task_id, server_id, name, enabled=True, parent=None):
    return dict(schedule_id=task_id, server_id=server_id, enabled=enabled, action="command", interval=1,
                interval_type="reaction" if parent else "", start_time="00:00", command="save-all", name=name,
                one_time=False, cron_string="" if parent else "0 4 * * *", parent=parent, delay=0, next_run="",
                action_id=None)


def adapter_for(sim, gap=schedules.SCAN_GAP):
    client = client_for(sim)
    return schedules.ScheduleAdapter(client, resolve_server(References(client), "survival"), gap=gap)


def names(sim, server_id):
    return sorted(r["name"] for r in sim.state.schedules.values() if str(r["server_id"]) == str(server_id))


def declared(name, *commands, **fields):
    return dict(fields, name=name, cron="0 4 * * *", tasks=[dict({"action": "command", "payload": c}, time_offset=30 if i else 0)
                                                            for i, c in enumerate(commands)])


def test_an_id_freed_by_this_runs_delete_is_given_again_and_the_new_row_is_found(crafty_sim):
    """The chain of 'nightly' shrinks first (its links had the top ids), then 'weekly' is created disabled
    (no id in the answer, quirk 12): Crafty gives it a freed id, below the highest the scan saw."""
    sid = crafty_sim.add_server("survival")["server_id"]
    converge(adapter_for(crafty_sim), desired=[declared("nightly", "say a", "say b", "say c")])
    assert sorted(crafty_sim.state.schedules) == [1, 2, 3]

    plan = converge(adapter_for(crafty_sim), desired=[declared("nightly", "say a"),
                                                      declared("weekly", "say w", enabled=False)])
    assert plan.summary()["update"] == 1 and plan.summary()["create"] == 1
    assert crafty_sim.state.schedules[2]["name"] == "weekly"  # the freed id, given again
    assert plan.changes[1].result["task_ids"] == [2]
    assert names(crafty_sim, sid) == ["nightly", "weekly"]


@pytest.mark.parametrize("enabled", [True, False], ids=["id-in-answer", "found-by-search"])
def test_a_schedule_behind_more_deleted_ids_than_the_gap_is_never_left_duplicated(crafty_sim, enabled):
    """The soak's seed-2022 failure: ids 2-31 were deleted, the scan stopped at 26 and missed 'nightly' at 32.
    Crafty's answer to the create (or the search for the new row) shows ids past the scan's end; the run reads
    them, deletes the twin it made and names the scan_gap that finds the schedule."""
    sid = crafty_sim.add_server("survival")["server_id"]
    other = crafty_sim.add_server("lobby")["server_id"]
    crafty_sim.state.schedules[1] = row(1, other, "nightly")
    crafty_sim.state.schedules[32] = row(32, sid, "nightly", enabled=enabled)
    adapter = adapter_for(crafty_sim)
    with pytest.raises(ReconcileError) as failure:
        converge(adapter, desired=[declared("nightly", "save-all", enabled=enabled)])
    assert str(failure.value) == (
        "scan_gap: schedule 'nightly' already exists on server 'survival' (id 32) behind 30 deleted schedule ids in a "
        "row, more than the scan crosses (scan_gap=25), so this run did not see it and created it again (id 33), "
        "which it has deleted now; set scan_gap to 31 or more")
    assert sorted(crafty_sim.state.schedules) == [1, 32]
    writes = [(r.method, r.status) for r in crafty_sim.requests if r.method != "GET" and "/tasks" in r.path]
    assert writes == [("POST", 200), ("DELETE", 200)]

    crafty_sim.clear_log()
    plan = converge(adapter_for(crafty_sim, gap=31), desired=[declared("nightly", "save-all", enabled=enabled)])
    assert plan.summary()["unchanged"] == 1
    assert not [r for r in crafty_sim.requests if r.method != "GET" and "/tasks" in r.path]


def test_a_hidden_schedule_revealed_by_an_earlier_create_of_the_run_is_refused_before_any_write(crafty_sim):
    """'nightly' is created at id 41, past 'weekly' (id 40, behind 39 missing ids): its id makes the run read
    the ids the scan skipped, so the create planned for 'weekly' is refused without a write."""
    sid = crafty_sim.add_server("survival")["server_id"]
    crafty_sim.state.schedules[40] = row(40, sid, "weekly")
    with pytest.raises(ReconcileError) as failure:
        converge(adapter_for(crafty_sim), desired=[declared("nightly", "say n"), declared("weekly", "save-all")])
    assert str(failure.value).endswith("so this run did not see it and planned to create it again (nothing was "
                                       "written for it); set scan_gap to 40 or more")
    assert names(crafty_sim, sid) == ["nightly", "weekly"]
    assert [r.method for r in crafty_sim.requests if r.method != "GET" and "/tasks" in r.path] == ["POST"]


def test_a_plan_deletes_before_it_creates_so_new_rows_take_the_freed_ids(crafty_sim):
    """Alternating two schedule sets must not move the rows up by one id per schedule and run: past a
    long-lived schedule the run of deleted ids would grow until it hid everything after it."""
    sid = crafty_sim.add_server("survival")["server_id"]
    converge(adapter_for(crafty_sim), desired=[declared("nightly", "say n"), declared("weekly-a", "say a", "say b")])
    assert sorted(crafty_sim.state.schedules) == [1, 2, 3]
    for _round in range(3):
        converge(adapter_for(crafty_sim), desired=[declared("nightly", "say n"), declared("weekly-b", "say w", "say x")],
                 absent=["weekly-a"])
        converge(adapter_for(crafty_sim), desired=[declared("nightly", "say n"), declared("weekly-a", "say a", "say b")],
                 absent=["weekly-b"])
    assert sorted(crafty_sim.state.schedules) == [1, 2, 3]
    assert names(crafty_sim, sid) == ["nightly", "weekly-a", "weekly-a #2"]
