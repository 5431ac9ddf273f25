# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty simulator: routes other clients use (host stats, a server's users), refusal texts that changed
by 4.10.7, and the schedules' next runs (the conformance recordings check their formats only)."""
from __future__ import annotations

import datetime
import re

import pytest

from tests.simulators.crafty.profiles import Profile
from tests.simulators.crafty.routes_tasks import next_run_time
from tests.unit.simulators.crafty_support import TASK, USER_PASSWORD, Api, assert_crash, assert_error

INSUFFICIENT = "Permission Error: Missing permissions for this resource"
CRAFTY_TIME = re.compile(r"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2}:\d{2}$")


@pytest.mark.parametrize("version", ["4.0.8", "4.3", "4.10"])
def test_host_stats(crafty_pool, version):
    sim = crafty_pool.get(version)
    response = Api.admin(sim).get("/crafty/stats")
    if version == "4.0.8":
        assert_error(response, 404, "API_HANDLER_NOT_FOUND")
        return
    data = response.json()["data"]
    types = {key: type(value).__name__ for key, value in data.items()}
    assert types == {"id": "int", "time": "str", "boot_time": "str", "cpu_usage": "float", "cpu_cores": "int",
                     "cpu_cur_freq": "float", "cpu_max_freq": "float", "mem_percent": "float", "mem_usage": "str",
                     "mem_total": "str", "disk_json": "str"}  # the host_stats row (4.10.7 recorded)
    assert Api(sim).get("/crafty/stats").status_code == 403  # a token is needed, no permission


def test_server_users_on_4_10(crafty_pool):
    sim = crafty_pool.get("4.10")
    sid = sim.add_server("alpha")["server_id"]
    api = Api.admin(sim)
    assert api.get("/servers/%s/users" % sid).json() == {"status": "ok", "data": [1]}  # the superusers
    sim.add_role("ops", servers={sid: "10000000"})
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    sim.add_user("dave", USER_PASSWORD)
    assert api.get("/servers/%s/users" % sid).json()["data"] == [1, 3]  # role members and superusers
    # access, USER_CONFIG and ROLES_CONFIG are all needed
    assert_error(Api.as_user(sim, "dave").get("/servers/%s/users" % sid), 400, "NOT_AUTHORIZED", INSUFFICIENT)
    assert_error(Api.as_user(sim, "carol").get("/servers/%s/users" % sid), 400, "NOT_AUTHORIZED", INSUFFICIENT)


def test_server_users_before_4_10(crafty_pool):
    old = crafty_pool.get("4.0.8")
    sid = old.add_server("alpha")["server_id"]
    # 4.0.8's helper returns nothing (recorded)
    assert_crash(Api.admin(old).get("/servers/%s/users" % sid), "TypeError: 'NoneType' object is not iterable")
    sim = crafty_pool.get("4.4.8")
    sid = sim.add_server("alpha")["server_id"]
    api = Api.admin(sim)
    assert api.get("/servers/%s/users" % sid).json()["data"] == [1]
    sim.add_role("ops", servers={sid: "10000000"})
    assert api.get("/servers/%s/users" % sid).json()["data"] == [1]  # a role without members adds nobody
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    # 4.1-4.9 put the members' user objects into the list, which the encoder refuses (reference 9.9)
    assert_crash(api.get("/servers/%s/users" % sid), "TypeError: Type is not JSON serializable: Users")


@pytest.mark.parametrize("version", ["4.4.8", "4.10"])
def test_action_refusals(crafty_pool, version):
    sim = crafty_pool.get(version)
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("ops", servers={sid: "10000000"})
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    sim.add_user("dave", USER_PASSWORD)
    detail = INSUFFICIENT if version == "4.10" else None  # 4.10.7 translates its refusals (recorded)
    refused = Api.as_user(sim, "dave").post("/servers/%s/action/start_server" % sid)
    assert refused.json() == dict({"status": "error", "error": "NOT_AUTHORIZED"}, **(
        {"error_data": detail} if detail else {}))
    # an API key without COMMANDS: 4.10.7 applies the key's mask, older builds the user's own
    keyed = Api(sim, sim.add_api_key("carol", server_permissions="00000000", crafty_permissions="000",
                                     full_access=False))
    response = keyed.post("/servers/%s/action/start_server" % sid)
    assert response.status_code == (400 if version == "4.10" else 200)


@pytest.mark.parametrize("version", ["4.4.8", "4.10"])
def test_backup_list_refusal_text(crafty_pool, version):
    sim = crafty_pool.get(version)
    sid = sim.add_server("alpha")["server_id"]
    sim.add_role("ops", servers={sid: "10000000"})
    sim.add_user("carol", USER_PASSWORD, roles=["ops"])
    carol = Api.as_user(sim, "carol")
    text = INSUFFICIENT if version == "4.10" else "Authorization Error"
    assert_error(carol.get("/servers/%s/backups" % sid), 400, "NOT_AUTHORIZED", text)
    assert_error(carol.post("/servers/%s/backups" % sid, json={"backup_name": "mine"}), 400, "NOT_AUTHORIZED", text)


def test_next_runs_follow_the_triggers():
    now = datetime.datetime(2026, 12, 6, 13, 10, 5)  # a Sunday
    old, new = Profile.for_version("4.4.8"), Profile.for_version("4.10")
    nightly = {"cron_string": "0 4 * * *", "interval_type": ""}
    assert next_run_time(nightly, new, now) == datetime.datetime(2026, 12, 7, 4, 0)
    # APScheduler 3's from_crontab: weekdays as it reads them (0 and "mon" are Monday), day AND weekday
    assert next_run_time({"cron_string": "*/15 * * * mon-fri"}, new, now) == datetime.datetime(2026, 12, 7, 0, 0)
    assert next_run_time({"cron_string": "30 4 1 jan *"}, new, now) == datetime.datetime(2027, 1, 1, 4, 30)
    hourly = {"cron_string": "", "interval_type": "hours", "interval": 2}
    assert next_run_time(hourly, old, now) == datetime.datetime(2026, 12, 6, 14, 0)  # cron hour=*/2, minute=0
    assert next_run_time(hourly, new, now) == datetime.datetime(2026, 12, 6, 15, 10, 5)  # interval trigger
    daily = {"cron_string": "", "interval_type": "days", "interval": 1, "start_time": "05:00"}
    assert next_run_time(daily, new, now) == datetime.datetime(2026, 12, 7, 5, 0)
    assert next_run_time({"cron_string": "", "interval_type": "reaction"}, new, now) is None


def test_schedule_next_run_through_the_api(crafty_pool):
    sim = crafty_pool.get("4.10")
    api = Api.admin(sim)
    sid = sim.add_server("alpha")["server_id"]
    cron = dict(TASK, name="nightly", interval_type="", cron_string="0 4 * * *")
    assert api.post("/servers/%s/tasks" % sid, json=cron).json()["data"] == {"schedule_id": 1}
    assert CRAFTY_TIME.match(api.get("/servers/%s/tasks/1" % sid).json()["next_run"])
    hourly = dict(TASK, name="hourly", interval_type="hours", interval=2)
    assert api.post("/servers/%s/tasks" % sid, json=hourly).json()["data"] == {"schedule_id": 2}
    assert CRAFTY_TIME.match(sim.state.schedules[2]["next_run"])
    # disabling leaves the last next_run (the job just leaves the scheduler)
    before = sim.state.schedules[1]["next_run"]
    assert api.patch("/servers/%s/tasks/1" % sid, json={"enabled": False}).status_code == 200
    assert sim.state.schedules[1]["next_run"] == before
    # 4.10.7 hands an enabled reaction to the scheduler on PATCH, which refuses it: the row is deleted
    reaction = dict(TASK, name="after", interval_type="reaction", parent=2)
    api.post("/servers/%s/tasks" % sid, json=reaction)
    assert 3 in sim.state.schedules
    assert api.patch("/servers/%s/tasks/3" % sid, json={"enabled": True, "interval_type": "reaction",
                                                        "parent": 2}).json() == {"status": "ok"}
    assert 3 not in sim.state.schedules
