# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty simulator: schedules, webhooks and backups, with their quirks and version gates."""
from __future__ import annotations

import re

import pytest

from tests.unit.simulators.crafty_support import (
    TASK, USER_PASSWORD, WEBHOOK, Api, assert_crash, assert_error,
)

CRAFTY_TIME = re.compile(r"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2}:\d{2}$")
NOT_FOUND = "<Model: %s> instance matching query does not exist:"


def task(**overrides) -> dict:
    body = dict(TASK)
    body.update(overrides)
    return body


# ---------------------------------------------------------------------------------------------- schedules

def test_there_is_no_schedule_list(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    api.post("/servers/%s/tasks" % sid, json=TASK)
    assert_crash(api.get("/servers/%s/tasks" % sid),  # quirk 1
                 "TypeError: ApiServersServerTasksIndexHandler.get() missing 1 required positional argument: 'task_id'")
    assert_error(api.patch("/servers/%s/tasks" % sid, json={}), 405, "METHOD_NOT_ALLOWED")
    sim.list_schedules = True  # the non-standard switch
    assert [t["name"] for t in api.get("/servers/%s/tasks" % sid).json()["data"]] == ["restart nightly"]


def test_task_create_ids_and_bare_get(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    assert api.post("/servers/%s/tasks" % sid, json=TASK).json() == {"status": "ok", "data": {"schedule_id": 1}}
    # quirk 12: disabled and reaction tasks are created, but their id is not returned
    assert api.post("/servers/%s/tasks" % sid, json=task(name="off", enabled=False)).json()["data"] == \
        {"schedule_id": None}
    after = task(name="after", interval_type="reaction", parent=1, delay=30, command="say done")
    reaction = api.post("/servers/%s/tasks" % sid, json=after)
    assert reaction.json()["data"] == {"schedule_id": None}
    assert sorted(sim.state.schedules) == [1, 2, 3]
    assert sim.state.schedules[3]["parent"] == 1
    got = api.get("/servers/%s/tasks/1" % sid)
    body = got.json()
    assert "status" not in body  # quirk 4: bare
    assert body["schedule_id"] == 1 and body["name"] == "restart nightly" and body["start_time"] == "04:00"
    assert body["server_id"]["server_id"] == sid  # the foreign key is expanded
    assert CRAFTY_TIME.match(body["next_run"]) and body["action_id"] is None
    assert api.get("/servers/%s/tasks/2" % sid).json()["next_run"] == ""  # disabled: never scheduled
    assert api.get("/servers/%s/tasks/3" % sid).json()["next_run"] == ""  # reaction: runs after its parent
    assert_crash(api.get("/servers/%s/tasks/99" % sid),
                 "app.classes.models.management.SchedulesDoesNotExist: " + NOT_FOUND % "Schedules")


def test_task_create_rules(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    other = sim.add_server("beta")["server_id"]
    payload = assert_error(api.post("/servers/%s/tasks" % sid, json=task(cron_string="61 * * * *")), 405,
                           "Invalid Cron format detected")
    assert "error_data" not in payload
    cron = task(cron_string="*/5 2-4 * jan-mar mon,fri", interval_type="")
    assert api.post("/servers/%s/tasks" % sid, json=cron).json()["data"]["schedule_id"] == 1
    next_run = sim.state.schedules[1]["next_run"]  # a cron schedule gets its next fire time too (G5)
    assert CRAFTY_TIME.match(next_run) and next_run[:2] in ("01", "02", "03") and next_run[-8:-6] in ("02", "03", "04")
    no_delay = task()
    del no_delay["delay"]
    assert_crash(api.post("/servers/%s/tasks" % sid, json=no_delay), "KeyError: 'delay'")  # quirk 11
    assert_error(api.post("/servers/%s/tasks" % sid, json=task(interval_type="weeks")), 400, "INVALID_JSON_SCHEMA",
                 "interval_type failed validating. Acceptable data includes:  ['hours', 'minutes', 'days', "
                 "'reaction', '']")
    backup_of_other = next(b for b in sim.state.backups.values() if b["server_id"] == other)["backup_id"]
    backup_task = task(action="backup", command="backup_server", action_id=backup_of_other)
    assert_error(api.post("/servers/%s/tasks" % sid, json=backup_task), 405, "Server ID Mismatch")
    assert_crash(api.post("/servers/%s/tasks" % sid, json=task(action_id="no-such-backup")),
                 "app.classes.models.management.BackupsDoesNotExist: " + NOT_FOUND % "Backups")


def test_task_patch_wipes_parent_and_moves_tasks(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    other = sim.add_server("beta")["server_id"]
    api.post("/servers/%s/tasks" % sid, json=TASK)
    api.post("/servers/%s/tasks" % sid, json=task(name="after", interval_type="reaction", parent=1))
    assert api.patch("/servers/%s/tasks/2" % sid, json={"delay": 5, "interval_type": "reaction", "parent": 1}
                     ).status_code == 200
    assert sim.state.schedules[2]["parent"] == 1
    assert api.patch("/servers/%s/tasks/2" % sid, json={"name": "renamed"}).json() == {"status": "ok"}
    assert sim.state.schedules[2]["parent"] is None  # quirk 13
    assert api.patch("/servers/%s/tasks/1" % other, json={"enabled": False}).status_code == 200
    assert sim.state.schedules[1]["server_id"] == other  # quirk 25
    assert api.patch("/servers/%s/tasks/77" % sid, json={"name": "x"}).status_code == 200  # no existence check
    assert_error(api.patch("/servers/%s/tasks/1" % sid, json={"cron_string": "bad"}), 405,
                 "Invalid Cron format detected")


def test_task_delete(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    api.post("/servers/%s/tasks" % sid, json=TASK)
    api.post("/servers/%s/tasks" % sid, json=task(name="after", interval_type="reaction", parent=1))
    assert api.delete("/servers/%s/tasks/1" % sid).json() == {"status": "ok"}
    assert sim.state.schedules[2]["parent"] is None  # children are orphaned, not deleted
    # quirk 28: 400 NO SCHEDULE FOUND with the exception object as error_data, which the encoder refuses
    assert_crash(api.delete("/servers/%s/tasks/1" % sid), "TypeError: Type is not JSON serializable: SchedulesDoesNotExist")


def test_tasks_on_4_0_8_only_patch_works(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    assert_crash(api.post("/servers/%s/tasks" % sid, json=task(name=None)),
                 "TypeError: ApiServersServerTasksIndexHandler.post() missing 1 required positional argument: 'task_id'")
    sim.state.schedules[1] = {"schedule_id": 1, "server_id": sid, "enabled": True, "action": "restart",
                              "interval": 1, "interval_type": "days", "start_time": "04:00",
                              "command": "restart_server", "comment": "x", "one_time": False, "cron_string": "",
                              "parent": None, "delay": 0}
    got = api.get("/servers/%s/tasks/1" % sid)
    assert got.status_code == 200 and got.content == b""  # stub
    assert got.headers["Content-Type"] == "text/html; charset=UTF-8"  # Tornado's default (recorded)
    deleted = api.delete("/servers/%s/tasks/1" % sid)
    assert deleted.status_code == 200 and deleted.headers["Content-Type"].startswith("text/html")  # stub
    assert 1 in sim.state.schedules
    assert_error(api.patch("/servers/%s/tasks/1" % sid, json={"name": "x"}), 400, "INVALID_JSON_SCHEMA")
    assert api.patch("/servers/%s/tasks/1" % sid, json={"interval": 2}).status_code == 200
    assert sim.state.schedules[1]["interval"] == 2


# ---------------------------------------------------------------------------------------------- webhooks

def test_webhook_round_trip(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    assert api.get("/servers/%s/webhook" % sid).json() == {"status": "ok", "data": {}}
    created = api.post("/servers/%s/webhook" % sid, json=WEBHOOK)
    assert created.json() == {"status": "ok", "data": {"webhook_id": 1}}
    listed = api.get("/servers/%s/webhook" % sid).json()["data"]
    assert listed == {"1": {"webhook_type": "Discord", "name": "alerts", "url": "https://discord.example/hook",
                            "bot_name": "Crafty", "trigger": "start_server,stop_server,",  # quirk 6
                            "body": "{{ server_name }} changed", "color": "#005cd1", "enabled": True}}
    single = api.get("/servers/%s/webhook/1" % sid).json()["data"]
    assert single["id"] == 1 and single["server_id"]["server_id"] == sid and single["trigger"] == \
        "start_server,stop_server,"
    assert api.patch("/servers/%s/webhook/1" % sid, json={"trigger": ["kill"], "enabled": False}).status_code == 200
    assert sim.state.webhooks[1]["trigger"] == "kill," and sim.state.webhooks[1]["enabled"] is False
    assert api.post("/servers/%s/webhook/1" % sid).json() == {"status": "ok"}  # test fire
    assert sim.state.webhook_deliveries[-1]["test"] is True
    sim.webhook_failure = "connection refused"
    assert_error(api.post("/servers/%s/webhook/1" % sid), 500, "WEBHOOK ERROR", "connection refused")
    assert_crash(api.post("/servers/%s/webhook/9" % sid),
                 "app.classes.models.management.WebhooksDoesNotExist: " + NOT_FOUND % "Webhooks")
    assert api.delete("/servers/%s/webhook/1" % sid).json() == {"status": "ok"}
    assert api.delete("/servers/%s/webhook/1" % sid).status_code == 200  # unknown: still ok


def test_webhook_rules(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    other = sim.add_server("beta")["server_id"]
    seven = {k: v for k, v in WEBHOOK.items() if k != "color"}
    assert_crash(api.post("/servers/%s/webhook" % sid, json=seven), "KeyError: 'color'")  # minProperties 7 passes
    assert_error(api.post("/servers/%s/webhook" % sid, json=dict(WEBHOOK, webhook_type="Custom")), 400,
                 "INVALID_JSON_SCHEMA",
                 "webhook_type failed validating. Acceptable data includes:  ['Discord', 'Mattermost', 'Slack', 'Teams']")
    # trigger names are not validated (the wiki's "server_start" is stored and never fires)
    assert api.post("/servers/%s/webhook" % sid, json=dict(WEBHOOK, trigger=["server_start"])).status_code == 200
    assert_error(api.get("/servers/%s/webhook/1" % other), 400, "NO WEBHOOK FOUND", "NOT FOUND")
    assert api.patch("/servers/%s/webhook/1" % other, json={"name": "moved"}).status_code == 200
    assert sim.state.webhooks[1]["server_id"] == other  # quirk 25


def test_webhooks_fire_on_events(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    api.post("/servers/%s/webhook" % sid, json=WEBHOOK)
    api.post("/servers/%s/action/start_server" % sid)
    api.post("/servers/%s/action/kill_server" % sid)
    assert [d["event"] for d in sim.state.webhook_deliveries] == ["start_server"]  # "kill" is not subscribed


def test_webhooks_need_4_2(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    sid = sim.add_server("alpha")["server_id"]
    assert_error(Api.admin(sim).post("/servers/%s/webhook" % sid, json=WEBHOOK), 404, "API_HANDLER_NOT_FOUND")


# ---------------------------------------------------------------------------------------------- backups

def test_backup_configs(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    listed = api.get("/servers/%s/backups" % sid).json()
    assert "status" not in listed  # quirk 4: bare dict keyed by backup_id
    (default_id, default), = listed.items()
    assert default["default"] is True and default["backup_type"] == "zip_vault" and "status" not in default
    assert default["backup_location"] == "/crafty/backups/%s" % sid  # the configuration made with the server
    nightly = {"backup_name": "nightly", "max_backups": 3, "excluded_dirs": ["logs", "cache"], "compress": True}
    created = api.post("/servers/%s/backups" % sid, json=nightly)
    assert created.json() == {"status": "ok"}  # quirk 15: no id
    nightly_id = next(k for k, v in api.get("/servers/%s/backups" % sid).json().items() if v["backup_name"] == "nightly")
    row = api.get("/servers/%s/backups/backup/%s" % (sid, nightly_id)).json()
    assert row["excluded_dirs"] == "logs,cache" and row["default"] is False and row["server_id"]["server_id"] == sid
    assert row["backup_location"] == ""  # a superuser's config without a location keeps the column default
    assert "status" in row
    assert api.patch("/servers/%s/backups/backup/%s" % (sid, nightly_id), json={"excluded_dirs": []}).status_code == 200
    assert sim.state.backups[nightly_id]["excluded_dirs"] == ""
    assert_error(api.delete("/servers/%s/backups/backup/%s" % (sid, default_id)), 405, "NOT_ALLOWED",
                 "Cannot delete default backup")
    assert_error(api.post("/servers/%s/backups" % sid, json={"backup_name": "ab"}), 400, "INVALID_JSON_SCHEMA",
                 " Backup name must be a string and a minimum length of 3. ")  # no "fill": no key in front
    assert api.delete("/servers/%s/backups/backup/%s" % (sid, nightly_id)).json() == {"status": "ok"}
    assert_crash(api.get("/servers/%s/backups/backup/%s" % (sid, nightly_id)),
                 "app.classes.models.management.BackupsDoesNotExist: " + NOT_FOUND % "Backups")
    other = sim.add_server("beta")["server_id"]
    assert_error(api.get("/servers/%s/backups/backup/%s" % (other, default_id)), 400, "ID_MISMATCH",
                 "Server ID backup server ID different")


def test_limited_users_get_the_basic_backup_schema(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("ops", servers={sid: ["backup"]})
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    carol = Api.as_user(sim, "carol")
    assert_error(carol.post("/servers/%s/backups" % sid, json={"backup_name": "mine", "backup_location": "/tmp"}),
                 400, "INVALID_JSON_SCHEMA")
    assert carol.post("/servers/%s/backups" % sid, json={"backup_name": "mine"}).status_code == 200
    mine = next(b for b in sim.state.backups.values() if b["backup_name"] == "mine")
    assert mine["backup_location"] == "/crafty/backups/%s" % sid and mine["excluded_dirs"] == ""


def test_taking_and_restoring_backups(crafty_pool):
    sim = crafty_pool.get("4.4")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("ops", servers={sid: "11111111"})
    api.post("/servers/%s/tasks" % sid, json=TASK)
    backup_id = next(iter(sim.state.backups))
    assert api.post("/servers/%s/action/backup_server/%s" % (sid, backup_id)).json() == {"status": "ok"}
    (archive,) = sim.state.archives[backup_id]
    assert api.get("/servers/%s/backups/backup/%s/download/%s" % (sid, backup_id, archive)).status_code == 200
    # 4.4.0-4.4.7: NO BACKUP FOUND with the exception object as error_data, which the encoder refuses
    assert_crash(api.post("/servers/%s/backups/backup/%s" % (sid, backup_id), json={"filename": "missing.zip"}),
                 "TypeError: Type is not JSON serializable: FileNotFoundError")
    assert_error(api.post("/servers/%s/backups/backup/%s" % (sid, backup_id),
                          json={"filename": archive, "inPlace": True}), 400, "INVALID_JSON_SCHEMA")  # 4.4.8+
    assert api.post("/servers/%s/backups/backup/%s" % (sid, backup_id), json={"filename": archive}).status_code == 200
    # the restore re-imported the server under a new id; schedules and backup configs moved, role links went
    assert sid not in sim.state.servers
    (new_id,) = sim.state.servers
    assert sim.state.schedules[1]["server_id"] == new_id
    assert [b["backup_name"] for b in sim.state.backups.values()] == ["Default Backup"]
    assert sim.state.role_servers == []


def test_restore_in_place_keeps_the_server(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha", running=True)["server_id"]
    backup_id = next(iter(sim.state.backups))
    api.post("/servers/%s/action/backup_server" % sid)  # no id: the default config
    (archive,) = sim.state.archives[backup_id]
    # 4.4.8+ restore in a thread: the route answers ok even for an archive that is not there (recorded on
    # 4.10.7), and nothing changes
    assert api.post("/servers/%s/backups/backup/%s" % (sid, backup_id),
                    json={"filename": "missing.zip"}).json() == {"status": "ok"}
    assert sid in sim.state.servers and sim.state.server_status[sid]["running"] is True
    assert api.post("/servers/%s/backups/backup/%s" % (sid, backup_id),
                    json={"filename": archive, "inPlace": True}).status_code == 200
    assert sid in sim.state.servers
    assert api.delete("/servers/%s/backups/backup/%s/files" % (sid, backup_id),
                      json={"filename": archive}).json() == {"status": "ok"}
    assert sim.state.archives[backup_id] == []
    assert_crash(api.delete("/servers/%s/backups/backup/%s/files" % (sid, backup_id), json={"filename": archive}),
                 "TypeError: Type is not JSON serializable: FileNotFoundError")  # DELETE FAILED with the exception


def test_max_backups_prunes_archives(crafty_pool):
    sim = crafty_pool.get("4.4.8")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    backup_id = next(iter(sim.state.backups))
    sim.state.backups[backup_id]["max_backups"] = 2
    for _attempt in range(3):
        api.post("/servers/%s/action/backup_server/%s" % (sid, backup_id))
    assert len(sim.state.archives[backup_id]) == 2


def test_single_backup_config_before_4_4_1(crafty_pool):
    sim = crafty_pool.get("4.3")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    assert api.get("/servers/%s/backups" % sid).json() == {
        "backup_path": None, "excluded_dirs": "", "max_backups": 0, "server_id": sid, "compress": False,
        "shutdown": False, "before": "", "after": ""}
    single = {"max_backups": 4, "backup_before": "say bye", "exclusions": ["logs"]}
    assert api.patch("/servers/%s/backups" % sid, json=single).json() == {"status": "ok"}
    got = api.get("/servers/%s/backups" % sid).json()
    assert (got["max_backups"], got["before"], got["excluded_dirs"]) == (4, "say bye", "logs")  # names differ
    assert_error(api.post("/servers/%s/backups" % sid, json={"backup_name": "x"}), 405, "METHOD_NOT_ALLOWED")
    api.post("/servers/%s/action/backup_server" % sid)
    (archive,) = sim.state.archives[sid]
    assert api.post("/servers/%s/backups/backup/" % sid, json={"filename": archive}).status_code == 200
    assert sid not in sim.state.servers  # 4.3 restores re-import under a new id


def test_no_backup_api_on_4_0_8(crafty_pool):
    sim = crafty_pool.get("4.0.8")
    sid = sim.add_server("alpha")["server_id"]
    assert_error(Api.admin(sim).get("/servers/%s/backups" % sid), 404, "API_HANDLER_NOT_FOUND")


@pytest.mark.parametrize("version", ["4.0.8", "4.4", "4.4.8"])
def test_crafty_config_route(crafty_pool, version):
    sim = crafty_pool.get(version)
    api = Api.admin(sim)
    if version == "4.0.8":
        assert api.get("/crafty/config").status_code == 404
        return
    sim.add_role("ops")
    assert api.get("/crafty/config").json()["data"][0]["role_name"] == "ops"  # quirk 19: roles, not config
    assert_error(api.patch("/crafty/config", json={"http_port": 8000}), 400, "INVALID_JSON_SCHEMA")
    assert api.patch("/crafty/config", json={"https_port": 8444}).status_code == 200
    assert sim.state.config["https_port"] == 8444
    new_keys = api.patch("/crafty/config", json={"max_login_attempts": 5})
    assert new_keys.status_code == (200 if version == "4.4.8" else 400)
