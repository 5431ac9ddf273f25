# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty schedules without a list route: found by the id scan, never created twice, also after a killed run."""

from __future__ import annotations

import pytest

from tests.integration.crafty_support import fail_nth, panel_writes, schedule_rows
from tests.integration.harness import run_playbook

NIGHTLY = """
- name: nightly
  gameops.panels.schedule:
    server: survival
    name: nightly
    cron: "0 4 * * *"
    enabled: %(enabled)s
    tasks:
      - action: command
        payload: say restarting in a minute
      - action: command
        payload: save-all
        time_offset: 30
      - action: power
        payload: restart
        time_offset: 30
"""


def chain(sim, sid):
    """(name, interval_type, parent name, command, delay) of the server's schedule rows."""
    rows = schedule_rows(sim, sid)
    names = dict((r["schedule_id"], r["name"]) for r in rows)
    return [(r["name"], r["interval_type"], names.get(r["parent"]), r["command"], r["delay"]) for r in rows]


EXPECTED = [
    ("nightly", "", None, "say restarting in a minute", 0),
    ("nightly #2", "reaction", "nightly", "save-all", 30),
    ("nightly #3", "reaction", "nightly #2", "restart_server", 30),
]


def test_a_run_killed_between_creates_is_finished_by_the_next_run_without_duplicates(crafty_sim, tmp_path):
    sid = crafty_sim.add_server("survival")["server_id"]
    tasks_path = "/api/v2/servers/%s/tasks" % sid
    # the connection drops from the second create on (the first chained task): the play stops there
    fail_nth(crafty_sim, 2, "POST", tasks_path, status=0, drop=True, count=50)
    killed = run_playbook(crafty_sim, tmp_path, NIGHTLY % {"enabled": "true"})
    assert killed.rc != 0 and killed.failed == 1, killed
    assert chain(crafty_sim, sid) == EXPECTED[:1]

    crafty_sim.clear_faults()
    crafty_sim.clear_log()
    again = run_playbook(crafty_sim, tmp_path, NIGHTLY % {"enabled": "true"})
    assert again.rc == 0 and again.changed == 1, again
    assert chain(crafty_sim, sid) == EXPECTED  # the schedule was found; only the chain was added
    assert panel_writes(crafty_sim) == [("POST", tasks_path)] * 2
    assert again.task("nightly")["plan"]["changes"][0]["action"] == "update"

    crafty_sim.clear_log()
    third = run_playbook(crafty_sim, tmp_path, NIGHTLY % {"enabled": "true"})
    assert third.rc == 0 and third.changed == 0, third
    assert panel_writes(crafty_sim) == []


def test_one_lost_answer_is_read_back_and_the_run_finishes_without_duplicates(crafty_sim, tmp_path):
    sid = crafty_sim.add_server("survival")["server_id"]
    tasks_path = "/api/v2/servers/%s/tasks" % sid
    # one dropped connection on the first chained create: the engine reads back and carries on
    fail_nth(crafty_sim, 2, "POST", tasks_path, status=0, drop=True)
    run = run_playbook(crafty_sim, tmp_path, NIGHTLY % {"enabled": "true"})
    assert run.rc == 0 and run.changed == 1, run
    assert chain(crafty_sim, sid) == EXPECTED
    assert [r.injected for r in crafty_sim.requests if r.method == "POST" and r.path == tasks_path].count(True) == 1


def test_disabled_and_chained_creates_come_back_without_ids_and_are_found(crafty_sim, tmp_path):
    sid = crafty_sim.add_server("survival")["server_id"]
    other = crafty_sim.add_server("lobby")["server_id"]
    tasks_path = "/api/v2/servers/%s/tasks" % sid
    # another server's schedule before ours: the scan must skip it, the probes must not adopt it
    crafty_sim.state.schedules[1] = dict(schedule_id=1, server_id=other, enabled=True, action="command", interval=1,
                                         interval_type="", start_time="00:00", command="save-all", name="nightly",
                                         one_time=False, cron_string="0 4 * * *", parent=None, delay=0, next_run="",
                                         action_id=None)
    # quirk 12: a disabled schedule and every chained one are created without an id; the third create is killed
    fail_nth(crafty_sim, 3, "POST", tasks_path, status=0, drop=True, count=50)
    killed = run_playbook(crafty_sim, tmp_path, NIGHTLY % {"enabled": "false"})
    assert killed.rc != 0, killed
    assert chain(crafty_sim, sid) == EXPECTED[:2]
    assert all(not r["enabled"] for r in schedule_rows(crafty_sim, sid)[:1])

    crafty_sim.clear_faults()
    crafty_sim.clear_log()
    again = run_playbook(crafty_sim, tmp_path, NIGHTLY % {"enabled": "false"})
    assert again.rc == 0 and again.changed == 1, again
    assert chain(crafty_sim, sid) == EXPECTED
    assert panel_writes(crafty_sim) == [("POST", tasks_path)]
    assert again.task("nightly")["schedule"]["task_ids"] == [r["schedule_id"] for r in schedule_rows(crafty_sim, sid)]
    assert [r["name"] for r in crafty_sim.state.schedules.values() if r["server_id"] == other] == ["nightly"]

    # a changed chain: the middle task rewritten in place, the last one removed, the timing switched
    crafty_sim.clear_log()
    rows = schedule_rows(crafty_sim, sid)
    shorter = run_playbook(crafty_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly
            interval: 2
            interval_unit: hours
            tasks:
              - action: command
                payload: say restarting in a minute
              - action: power
                payload: restart
                time_offset: 60
        """)
    assert shorter.rc == 0 and shorter.changed == 1, shorter
    assert panel_writes(crafty_sim, bodies=True) == [
        # disabled: no "enabled" in the body, so Crafty only stores it
        ("PATCH", "%s/%d" % (tasks_path, rows[0]["schedule_id"]), {
            "interval_type": "hours", "interval": 2, "cron_string": "", "start_time": "00:00", "action": "command",
            "command": "say restarting in a minute"}),
        # quirk 13: the parent is resent with interval_type "reaction", or Crafty wipes it
        ("PATCH", "%s/%d" % (tasks_path, rows[1]["schedule_id"]), {
            "action": "restart", "command": "restart_server", "delay": 60, "interval_type": "reaction",
            "parent": rows[0]["schedule_id"]}),
        ("DELETE", "%s/%d" % (tasks_path, rows[2]["schedule_id"]), None),
    ]
    assert chain(crafty_sim, sid) == [("nightly", "hours", None, "say restarting in a minute", 0),
                                      ("nightly #2", "reaction", "nightly", "restart_server", 60)]


def test_the_scan_stops_after_scan_gap_missing_ids(crafty_sim, tmp_path):
    """The documented limit: more deleted ids in a row than scan_gap hide the schedules after them."""
    sid = crafty_sim.add_server("survival")["server_id"]
    crafty_sim.state.schedules[40] = dict(schedule_id=40, server_id=sid, enabled=True, action="command", interval=1,
                                          interval_type="", start_time="00:00", command="save-all", name="autosave",
                                          one_time=False, cron_string="*/10 * * * *", parent=None, delay=0,
                                          next_run="", action_id=None)
    run = run_playbook(crafty_sim, tmp_path, """
        - name: default gap
          gameops.panels.schedule_info:
            server: survival
        - name: wider gap
          gameops.panels.schedule_info:
            server: survival
            scan_gap: 45
        """)
    assert run.rc == 0, run
    assert run.task("default gap")["schedules"] == []
    assert [s["name"] for s in run.task("wider gap")["schedules"]] == ["autosave"]
    reads = [r for r in crafty_sim.requests if r.path.startswith("/api/v2/servers/%s/tasks/" % sid)]
    assert len(reads) == 25 + 40 + 45  # ids 1-25; ids 1-85 (40 found, then 45 missing)


def test_a_create_that_reveals_a_hidden_schedule_deletes_its_copy_and_names_scan_gap(crafty_sim, tmp_path):
    """Past the documented limit: the plan creates 'autosave' again, Crafty's new id (41) shows the scan stopped
    early, and the module leaves no duplicate behind; with the scan_gap it names, the next run changes nothing."""
    sid = crafty_sim.add_server("survival")["server_id"]
    crafty_sim.state.schedules[40] = dict(schedule_id=40, server_id=sid, enabled=True, action="command", interval=1,
                                          interval_type="", start_time="00:00", command="save-all", name="autosave",
                                          one_time=False, cron_string="*/10 * * * *", parent=None, delay=0,
                                          next_run="", action_id=None)
    autosave = """
        - name: autosave
          gameops.panels.schedule:
            server: survival
            name: autosave
            cron: "*/10 * * * *"
            tasks: [{action: command, payload: save-all}]
            %s
        """
    run = run_playbook(crafty_sim, tmp_path, autosave % "")
    assert run.rc != 0 and run.task("autosave")["msg"].endswith(
        "so this run did not see it and created it again (id 41), which it has deleted now; set scan_gap to 40 or "
        "more"), run
    assert [r["schedule_id"] for r in schedule_rows(crafty_sim, sid)] == [40]

    crafty_sim.clear_log()
    again = run_playbook(crafty_sim, tmp_path, autosave % "scan_gap: 40")
    assert again.rc == 0 and again.changed == 0, again
    assert panel_writes(crafty_sim) == []


OUTSIDE = NIGHTLY.replace("server: survival", "server: gt-survival").replace("name: nightly", "name: gt-nightly")
GT_EXPECTED = [(name.replace("nightly", "gt-nightly"), kind, parent and parent.replace("nightly", "gt-nightly"),
                command, delay) for name, kind, parent, command, delay in EXPECTED]
PANELS = ["4.10.7", pytest.param("real", marks=pytest.mark.real_crafty)]


def _gt_chain(panel, sid):
    rows = panel.api.schedules(sid)
    names = dict((r["schedule_id"], r["name"]) for r in rows)
    return [(r["name"], r["interval_type"], names.get(r["parent"]), r["command"], r["delay"]) for r in rows]


def _delete_row_from_outside(panel, sid, name):
    """Delete a schedule row the way a user in Crafty's web page does (Crafty clears its reactions' parent)."""
    row = [r for r in panel.api.schedules(sid) if r["name"] == name][0]
    panel.api.delete_task(sid, row["schedule_id"])


@pytest.fixture
def gt_server(crafty_panel, tmp_path):
    """A server ``gt-survival`` on the panel, deleted (with its schedules) afterwards."""
    if crafty_panel.version < (4, 3):
        pytest.skip("%s has no schedules (its task routes are stubs): test_crafty_versions.py holds the module's "
                    "refusal" % crafty_panel.label)
    crafty_panel.api.delete_server("gt-survival")
    made = run_playbook(crafty_panel, tmp_path, "- gameops.panels.server: {name: gt-survival, jar: {type: paper, "
                                                "version: '1.21.1'}, memory: {min: 1, max: 1}, port: 25591}\n")
    assert made.rc == 0, made
    yield crafty_panel.api.server("gt-survival")["server_id"]
    crafty_panel.api.delete_server("gt-survival")


@pytest.mark.parametrize("crafty_panel", PANELS, indirect=True)
def test_a_chain_broken_from_outside_takes_its_freed_links_back_instead_of_piling_up(
        crafty_panel, gt_server, tmp_path):
    panel, sid = crafty_panel, gt_server
    first = run_playbook(panel, tmp_path, OUTSIDE % {"enabled": "true"})
    assert first.rc == 0, first.stdout
    third = [r for r in panel.api.schedules(sid) if r["name"] == "gt-nightly #3"][0]["schedule_id"]
    _delete_row_from_outside(panel, sid, "gt-nightly #2")
    assert [(n, p) for n, _t, p, _c, _d in _gt_chain(panel, sid)] == [("gt-nightly", None), ("gt-nightly #3", None)]

    panel.clear_log()
    mended = run_playbook(panel, tmp_path, OUTSIDE % {"enabled": "true"})
    assert mended.rc == 0 and mended.changed == 1, mended
    assert sorted(_gt_chain(panel, sid)) == sorted(GT_EXPECTED)  # every name once
    tasks_path = "/api/v2/servers/%s/tasks" % sid
    # the missing link is created; the freed one is taken back, not made again
    assert panel.writes() == [("POST", tasks_path), ("PATCH", "%s/%d" % (tasks_path, third))]

    panel.clear_log()
    again = run_playbook(panel, tmp_path, OUTSIDE % {"enabled": "true"})
    assert again.rc == 0 and again.changed == 0 and panel.writes() == [], again


@pytest.mark.parametrize("crafty_panel", PANELS, indirect=True)
def test_a_schedule_whose_first_task_was_deleted_from_outside_is_made_again_around_its_old_links(
        crafty_panel, gt_server, tmp_path):
    panel, sid = crafty_panel, gt_server
    assert run_playbook(panel, tmp_path, OUTSIDE % {"enabled": "true"}).rc == 0
    _delete_row_from_outside(panel, sid, "gt-nightly")
    panel.clear_log()
    mended = run_playbook(panel, tmp_path, OUTSIDE % {"enabled": "true"})
    assert mended.rc == 0 and mended.changed == 1, mended
    assert sorted(_gt_chain(panel, sid)) == sorted(GT_EXPECTED)
    assert [m for m, _p in panel.writes()] == ["POST", "PATCH", "PATCH"]
    # and the schedule declared absent takes every link with it, freed ones included
    _delete_row_from_outside(panel, sid, "gt-nightly #2")
    gone = run_playbook(panel, tmp_path, "- gameops.panels.schedule: {server: gt-survival, name: gt-nightly, "
                                         "state: absent}\n")
    assert gone.rc == 0 and panel.api.schedules(sid) == [], gone


def test_one_id_scan_serves_every_server_of_an_apply(crafty_sim_factory, tmp_path):
    """Crafty's schedule ids are one sequence for the panel, and any server's route reads any row (10.3)."""
    import json

    sim = crafty_sim_factory("4.10.7")
    servers = [{"name": "gt-%d" % n, "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 1},
                "port": 25600 + n, "schedules": [{"name": "nightly", "cron": "0 %d * * *" % n, "tasks": [
                    {"action": "command", "payload": "say %d" % n}]}]} for n in range(5)]
    apply = "- gameops.panels.apply:\n    document: %s\n" % json.dumps({"servers": servers})
    assert run_playbook(sim, tmp_path, apply).rc == 0
    sim.clear_log()
    again = run_playbook(sim, tmp_path, apply)
    assert again.rc == 0 and again.changed == 0, again
    reads = [r for r in sim.requests if r.method == "GET" and "/tasks/" in r.path]
    # the 5 rows and the 25 missing ids that end the scan, once for all five servers
    assert len(reads) == 5 + 25
