# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.schedule and schedule_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

import pytest

from tests.integration.conftest import make_server
from tests.integration.harness import run_playbook, writes
from tests.simulators.pterodactyl import DEFAULT_CLIENT_KEY

TASK_NAME = "nightly"

NIGHTLY = """
- name: nightly
  gameops.panels.schedule:
    server: survival
    name: nightly-restart
    cron: "0 4 * * *"
    only_when_online: true
    tasks:
      - action: command
        payload: say restarting soon
      - action: backup
        payload: "logs\\ncache"
        time_offset: 60
        continue_on_failure: true
      - action: power
        payload: restart
        time_offset: 30
"""

TASK_A = {"action": "command", "payload": "say restarting soon", "time_offset": 0, "continue_on_failure": False}
TASK_B = {"action": "backup", "payload": "logs\ncache", "time_offset": 60, "continue_on_failure": True}
TASK_C = {"action": "power", "payload": "restart", "time_offset": 30, "continue_on_failure": False}


def schedules(sim, name="nightly-restart"):
    return [s for s in sim.state.schedules.values() if s["name"] == name]


def schedule_row(sim, name="nightly-restart"):
    found = schedules(sim, name)
    assert len(found) == 1, found
    return found[0]


def panel_tasks(sim, schedule_id):
    """The schedule's tasks as the panel holds them, in run order, with their sequence ids."""
    rows = sorted((t for t in sim.state.tasks.values() if t["schedule_id"] == schedule_id), key=lambda t: t["sequence_id"])
    return [dict(action=t["action"], payload=t["payload"], time_offset=t["time_offset"],
                 continue_on_failure=bool(t["continue_on_failure"])) for t in rows]


def base(server):
    return "/api/client/servers/%s/schedules" % server["uuidShort"]


@pytest.fixture
def nightly(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY)
    assert run.rc == 0 and run.changed == 1, run
    ptero_sim.clear_log()
    return schedule_row(ptero_sim)


def test_create_with_three_tasks_then_second_run_writes_nothing(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY)
    assert run.rc == 0 and run.changed == 1, run
    row = schedule_row(ptero_sim)
    assert (row["cron_minute"], row["cron_hour"], row["cron_day_of_month"], row["cron_month"], row["cron_day_of_week"]) == \
        ("0", "4", "*", "*", "*")
    assert bool(row["is_active"]) is True and bool(row["only_when_online"]) is True
    assert panel_tasks(ptero_sim, row["id"]) == [TASK_A, TASK_B, TASK_C]
    assert [t["sequence_id"] for t in sorted(ptero_sim.state.tasks.values(), key=lambda t: t["sequence_id"])] == [1, 2, 3]
    url = base(game_server)
    assert writes(ptero_sim) == [("POST", url)] + [("POST", "%s/%d/tasks" % (url, row["id"]))] * 3
    result = run.task(TASK_NAME)["schedule"]
    assert result["id"] == row["id"] and result["cron"] == "0 4 * * *" and result["enabled"] is True
    assert result["tasks"] == [TASK_A, TASK_B, TASK_C]
    assert result["next_run_at"].endswith("T04:00:00+00:00")

    ptero_sim.clear_log()
    second = run_playbook(ptero_sim, tmp_path, NIGHTLY)
    assert second.rc == 0 and second.changed == 0, second
    assert writes(ptero_sim) == []
    assert second.task(TASK_NAME)["plan"]["summary"] == {"create": 0, "update": 0, "delete": 0, "unchanged": 1}


def test_cron_change_is_one_schedule_write_keeping_the_flags(ptero_sim, tmp_path, game_server, nightly):
    # only the cron is declared: enabled/only_when_online must survive the full-replacement update
    run = run_playbook(ptero_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly-restart
            cron: "0  5 * * *"
        """)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("POST", "%s/%d" % (base(game_server), nightly["id"]))]
    row = schedule_row(ptero_sim)
    assert row["cron_hour"] == "5"
    assert bool(row["is_active"]) is True and bool(row["only_when_online"]) is True
    assert panel_tasks(ptero_sim, nightly["id"]) == [TASK_A, TASK_B, TASK_C]
    assert run.task(TASK_NAME)["plan"]["changes"] == [
        {"action": "update", "key": "nightly-restart", "fields": {"cron": {"before": "0 4 * * *", "after": "0 5 * * *"}}}]


def test_disable_through_the_alias_sends_only_the_flag_change(ptero_sim, tmp_path, game_server, nightly):
    run = run_playbook(ptero_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server_external_id: community-42
            name: nightly-restart
            is_active: false
        """)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("POST", "%s/%d" % (base(game_server), nightly["id"]))]
    row = schedule_row(ptero_sim)
    assert bool(row["is_active"]) is False and bool(row["only_when_online"]) is True
    assert row["cron_hour"] == "4"


def test_one_task_payload_change_is_one_task_write(ptero_sim, tmp_path, game_server, nightly):
    first_task = min((t for t in ptero_sim.state.tasks.values()), key=lambda t: t["sequence_id"])
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY.replace("say restarting soon", "say restart in 1 minute"))
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("POST", "%s/%d/tasks/%d" % (base(game_server), nightly["id"], first_task["id"]))]
    assert panel_tasks(ptero_sim, nightly["id"]) == [dict(TASK_A, payload="say restart in 1 minute"), TASK_B, TASK_C]
    assert first_task["sequence_id"] == 1


def test_reorder_two_tasks_lands_in_declared_order(ptero_sim, tmp_path, game_server, nightly):
    swapped = NIGHTLY.replace("""      - action: command
        payload: say restarting soon
      - action: backup
        payload: "logs\\ncache"
        time_offset: 60
        continue_on_failure: true
""", """      - action: backup
        payload: "logs\\ncache"
        time_offset: 60
        continue_on_failure: true
      - action: command
        payload: say restarting soon
""")
    assert swapped != NIGHTLY
    run = run_playbook(ptero_sim, tmp_path, swapped)
    assert run.rc == 0 and run.changed == 1, run
    assert panel_tasks(ptero_sim, nightly["id"]) == [TASK_B, TASK_A, TASK_C]
    url = "%s/%d/tasks/" % (base(game_server), nightly["id"])
    assert [(m, p.rsplit("/", 1)[0] + "/") for m, p in writes(ptero_sim)] == [("POST", url)] * 2
    assert run.task(TASK_NAME)["plan"]["changes"][0]["fields"]["tasks"] == {
        "before": [TASK_A, TASK_B, TASK_C], "after": [TASK_B, TASK_A, TASK_C]}

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, swapped)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


def test_removing_the_last_task_is_one_delete(ptero_sim, tmp_path, game_server, nightly):
    last = max((t for t in ptero_sim.state.tasks.values()), key=lambda t: t["sequence_id"])
    shorter = NIGHTLY.replace("""      - action: power
        payload: restart
        time_offset: 30
""", "")
    run = run_playbook(ptero_sim, tmp_path, shorter)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("DELETE", "%s/%d/tasks/%d" % (base(game_server), nightly["id"], last["id"]))]
    assert panel_tasks(ptero_sim, nightly["id"]) == [TASK_A, TASK_B]


def test_removing_a_middle_task_and_emptying_the_list(ptero_sim, tmp_path, game_server, nightly):
    without_backup = NIGHTLY.replace("""      - action: backup
        payload: "logs\\ncache"
        time_offset: 60
        continue_on_failure: true
""", "")
    run = run_playbook(ptero_sim, tmp_path, without_backup)
    assert run.rc == 0 and run.changed == 1, run
    assert panel_tasks(ptero_sim, nightly["id"]) == [TASK_A, TASK_C]
    # position 2 rewritten as the power task, position 3 deleted
    assert [m for m, _p in writes(ptero_sim)] == ["POST", "DELETE"]

    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly-restart
            tasks: []
        """)
    assert run.rc == 0 and run.changed == 1, run
    assert panel_tasks(ptero_sim, nightly["id"]) == []
    assert [m for m, _p in writes(ptero_sim)] == ["DELETE", "DELETE"]
    assert schedules(ptero_sim) == [nightly]


def test_tasks_omitted_leaves_them_alone(ptero_sim, tmp_path, game_server, nightly):
    run = run_playbook(ptero_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly-restart
            cron: "0 4 * * *"
        """)
    assert run.rc == 0 and run.changed == 0, run
    assert writes(ptero_sim) == []
    assert run.task(TASK_NAME)["schedule"]["tasks"] == [TASK_A, TASK_B, TASK_C]


def test_check_mode_plans_without_writing_and_diff_shows_ordered_tasks(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY, check=True, diff=True)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == []
    assert schedules(ptero_sim) == []
    result = run.task(TASK_NAME)
    assert result["plan"]["summary"]["create"] == 1
    assert result["diff"]["before"] == {}
    after = result["diff"]["after"]["nightly-restart"]
    assert after["tasks"] == [TASK_A, TASK_B, TASK_C]
    assert (after["cron"], after["enabled"], after["only_when_online"]) == ("0 4 * * *", True, True)
    assert "--- before" in run.stdout and "+++ after" in run.stdout

    assert run_playbook(ptero_sim, tmp_path, NIGHTLY).rc == 0
    ptero_sim.clear_log()
    changed = NIGHTLY.replace("time_offset: 30", "time_offset: 45")
    run = run_playbook(ptero_sim, tmp_path, changed, check=True, diff=True)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == []
    diff = run.task(TASK_NAME)["diff"]
    assert diff["before"]["nightly-restart"]["tasks"][2] == TASK_C
    assert diff["after"]["nightly-restart"]["tasks"][2] == dict(TASK_C, time_offset=45)
    assert panel_tasks(ptero_sim, schedule_row(ptero_sim)["id"])[2] == TASK_C


def test_state_absent_deletes_with_tasks_and_is_then_a_noop(ptero_sim, tmp_path, game_server, nightly):
    absent = """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly-restart
            state: absent
        """
    run = run_playbook(ptero_sim, tmp_path, absent)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("DELETE", "%s/%d" % (base(game_server), nightly["id"]))]
    assert schedules(ptero_sim) == []
    assert [t for t in ptero_sim.state.tasks.values() if t["schedule_id"] == nightly["id"]] == []

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, absent)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


@pytest.mark.parametrize("tasks, message", [
    ("[{action: power, payload: reboot}]",
     "tasks: task 1: payload of a power task must be one of start, stop, restart, kill, got 'reboot'"),
    ("[%s]" % ", ".join(["{action: command, payload: say hi}"] * 11),
     "tasks: declares 11 tasks; Pterodactyl allows at most 10 per schedule"),
    ("[{action: command}]", "tasks: task 1: payload is required for a command task"),
    ("[{action: command, payload: x, time_offset: 901}]",
     "tasks: task 1: time_offset must be a whole number of seconds from 0 to 900, got 901"),
])
def test_bad_tasks_fail_naming_the_option_before_any_request(ptero_sim, tmp_path, game_server, tasks, message):
    run = run_playbook(ptero_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly-restart
            cron: "0 4 * * *"
            tasks: %s
        """ % tasks)
    assert run.rc != 0
    result = run.task(TASK_NAME)
    assert result["msg"] == message
    assert result["option"] == "tasks"
    assert ptero_sim.requests == []


def test_cron_without_five_fields_fails_before_any_request(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly-restart
            cron: "0 4 * *"
        """)
    assert run.rc != 0
    assert run.task(TASK_NAME)["msg"] == ("cron: must have 5 space-separated fields "
                                          "(minute hour day_of_month month day_of_week), got 4 in '0 4 * *'")
    assert ptero_sim.requests == []


def test_cron_the_panel_refuses_is_reported_on_the_option(ptero_sim, tmp_path, game_server):
    # out-of-range fields (61 minutes) are refused locally now (see test_bad_input); '#' is left to the panel
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY.replace('"0 4 * * *"', '"0 4 * * 1#9"'))
    assert run.rc != 0
    result = run.task(TASK_NAME)
    assert result["msg"] == ("cron: the panel rejected '0 4 * * 1#9': "
                             "The cron data provided does not evaluate to a valid expression.")
    assert result["option"] == "cron"
    assert schedules(ptero_sim) == [] and ptero_sim.state.tasks == {}


def test_cron_is_required_to_create(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, """
        - name: nightly
          gameops.panels.schedule:
            server: survival
            name: nightly-restart
        """)
    assert run.rc != 0
    assert run.task(TASK_NAME)["msg"] == "cron: is required to create schedule 'nightly-restart'"
    assert writes(ptero_sim) == []


def test_backup_task_on_a_server_without_backups_fails_before_any_write(ptero_sim, tmp_path):
    make_server(ptero_sim, name="creative", external_id="community-43", backups=0)
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY.replace("server: survival", "server: creative"))
    assert run.rc != 0
    result = run.task(TASK_NAME)
    assert result["msg"] == ("tasks: schedule 'nightly-restart' has a backup task but the server's backup limit is 0, "
                             "so the panel refuses it; raise the server's feature_limits.backups first")
    assert writes(ptero_sim) == []
    assert ptero_sim.state.schedules == {}


def test_duplicate_names_on_the_panel_fail_clearly(ptero_sim, tmp_path, game_server, nightly):
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient

    client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    client.create_schedule(game_server["uuidShort"], {"name": "nightly-restart", "minute": "0", "hour": "1",
                                                      "day_of_month": "*", "month": "*", "day_of_week": "*"})
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY)
    assert run.rc != 0
    assert run.task(TASK_NAME)["msg"] == ("name: 2 schedules on the panel match 'nightly-restart'; "
                                          "make the key unique or match on another field")
    assert writes(ptero_sim) == []


def test_missing_client_key_fails_before_any_request(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY, extra_env={"GAMEOPS_CLIENT_API_KEY": None})
    assert run.rc != 0
    assert run.task(TASK_NAME)["option"] == "client_api_key"
    assert ptero_sim.requests == []


def test_schedule_info_lists_schedules_with_ordered_tasks(ptero_sim, tmp_path, game_server, nightly):
    # reorder on the panel so the DB order differs from the run order
    run_playbook(ptero_sim, tmp_path, NIGHTLY.replace("payload: restart", "payload: stop"))
    run_playbook(ptero_sim, tmp_path, """
        - name: hourly
          gameops.panels.schedule:
            server: survival
            name: hourly-save
            cron: "0 * * * *"
            enabled: false
            tasks:
              - {action: command, payload: save-all}
        """)
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, """
        - name: all
          gameops.panels.schedule_info:
            server_external_id: community-42
        - name: one
          gameops.panels.schedule_info:
            server: survival
            name: hourly-save
        """)
    assert run.rc == 0 and run.changed == 0, run
    assert writes(ptero_sim) == []
    found = dict((s["name"], s) for s in run.task("all")["schedules"])
    assert sorted(found) == ["hourly-save", "nightly-restart"]
    assert found["nightly-restart"]["tasks"] == [TASK_A, TASK_B, dict(TASK_C, payload="stop")]
    assert found["nightly-restart"]["id"] == nightly["id"] and found["nightly-restart"]["enabled"] is True
    assert [s["name"] for s in run.task("one")["schedules"]] == ["hourly-save"]
    one = run.task("one")["schedules"][0]
    assert (one["cron"], one["enabled"], one["only_when_online"]) == ("0 * * * *", False, False)
    assert one["tasks"] == [{"action": "command", "payload": "save-all", "time_offset": 0, "continue_on_failure": False}]


def test_client_key_alone_is_enough(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, NIGHTLY, extra_env={"GAMEOPS_API_KEY": None})
    assert run.rc == 0 and run.changed == 1, run
    assert panel_tasks(ptero_sim, schedule_row(ptero_sim)["id"]) == [TASK_A, TASK_B, TASK_C]
    assert not [r for r in ptero_sim.requests if r.path.startswith("/api/application")]
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, NIGHTLY, extra_env={"GAMEOPS_API_KEY": None}, verbosity=3)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []
    # -vvv prints the module arguments; the key must not be among them
    assert "client_api_key" in again.output and DEFAULT_CLIENT_KEY not in again.output
