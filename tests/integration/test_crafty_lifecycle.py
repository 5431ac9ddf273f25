# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every Crafty module through ansible-playbook, on the 4.0.8 and 4.4.8 profiles.

One playbook per step keeps the suite fast: create everything; the same
playbook again (changed=0, no writes); one field changed per module in check
mode (changes reported, no writes) and for real (exactly the writes those
fields need, in task order); then everything deleted. 4.0.8 lacks
schedules, webhooks and backup configurations, so its playbook has the
modules it supports; what it lacks is refused in test_crafty_versions.py.
"""

from __future__ import annotations

import pytest

from tests.integration.crafty_support import logins, panel_writes, role_row, schedule_rows, server_row, user_row
from tests.integration.harness import run_playbook
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD

CONNECTION_TASKS = """
- name: server
  gameops.panels.server:
    name: survival
    jar: {type: paper, version: "1.21.1"}
    memory: {min: 1, max: 2}
    accept_eula: true
    auto_start: true
    crash_detection: %(crash)s
    power_state: started
- name: role
  gameops.panels.role:
    name: Survival-Mods
    servers:
      - server: survival
        permissions: [%(permissions)s]
- name: user
  gameops.panels.user:
    username: moderator
    password: Moderator-Pass-1
    email: mod@example.com
    enabled: %(enabled)s
    roles: [Survival-Mods]
"""

NEWER_TASKS = """
- name: webhook
  gameops.panels.webhook:
    server: survival
    name: discord-alerts
    type: Discord
    url: https://discord.example/api/webhooks/1/abc
    triggers: [%(triggers)s]
    body: "server event"
    enabled: %(hook_enabled)s
- name: backup
  gameops.panels.backup:
    server: survival
    name: nightly
    max_backups: %(max_backups)s
    compress: true
    ignored: [logs, cache]
- name: schedule
  gameops.panels.schedule:
    server: survival
    name: nightly-restart
    cron: "%(cron)s"
    tasks:
      - action: command
        payload: say restarting soon
      - action: backup
        payload: nightly
        time_offset: 60
      - action: power
        payload: restart
        time_offset: 30
"""

INFO_TASKS = """
- name: server facts
  gameops.panels.server_info:
    name: survival
- name: role facts
  gameops.panels.role_info:
    name: survival-mods
- name: user facts
  gameops.panels.user_info:
    username: moderator
"""

NEWER_INFO_TASKS = """
- name: webhook facts
  gameops.panels.webhook_info:
    server: survival
- name: backup facts
  gameops.panels.backup_info:
    server: survival
    name: nightly
- name: schedule facts
  gameops.panels.schedule_info:
    server: survival
"""

NEWER_ABSENT_TASKS = """
- name: schedule gone
  gameops.panels.schedule:
    server: survival
    name: nightly-restart
    state: absent
- name: backup gone
  gameops.panels.backup:
    server: survival
    name: nightly
    state: absent
- name: webhook gone
  gameops.panels.webhook:
    server: survival
    name: discord-alerts
    state: absent
"""

ABSENT_TASKS = """
- name: user gone
  gameops.panels.user:
    username: moderator
    state: absent
- name: role gone
  gameops.panels.role:
    name: survival-mods
    state: absent
- name: server gone
  gameops.panels.server:
    name: survival
    state: absent
    delete_files: true
"""

FIRST = dict(crash="true", permissions="schedule, commands, logs", enabled="true", triggers="stop_server, crash_detected",
             hook_enabled="true", max_backups=3, cron="0 4 * * *")
# one field per module; the triggers are listed in another order, which is no change
CHANGED = dict(FIRST, crash="false", permissions="schedule, commands, logs, backup", enabled="false",
               triggers="crash_detected, stop_server", hook_enabled="false", max_backups=5, cron="30 4 * * *")


def tasks(version, values, info=False):
    newer = version != "4.0.8"
    text = CONNECTION_TASKS + (NEWER_TASKS if newer else "")
    if info:
        text += INFO_TASKS + (NEWER_INFO_TASKS if newer else "")
    return text % values


def absent_tasks(version):
    return (NEWER_ABSENT_TASKS if version != "4.0.8" else "") + ABSENT_TASKS


@pytest.mark.parametrize("version", ["4.0.8", "4.4.8"])
def test_every_crafty_module_create_rerun_change_check_delete(crafty_sim_factory, tmp_path, version):
    sim = crafty_sim_factory(version)
    newer = version != "4.0.8"
    module_tasks = 6 if newer else 3

    # 1. create, at -vvv: no password or session token in what ansible-playbook prints
    run = run_playbook(sim, tmp_path, tasks(version, FIRST, info=True), verbosity=3, diff=True)
    assert run.rc == 0 and run.changed == module_tasks, run
    for secret in [DEFAULT_ADMIN_PASSWORD, "Moderator-Pass-1"] + list(sim.state.issued_tokens):
        assert secret not in run.output
    server = server_row(sim, "survival")
    sid = server["server_id"]
    assert isinstance(sid, str if newer else int)
    assert (server["auto_start"], server["crash_detection"]) == (True, True)
    assert sim.state.server_status[sid]["running"] is True
    role = role_row(sim, "survival-mods")
    assert role["role_name"] == "survival-mods"  # quirk 5: sent lower-case
    # readable names in any order -> the mask (commands=0, logs=2, schedule=3)
    assert [(r["server_id"], r["permissions"]) for r in sim.state.role_servers] == [(sid, "10110000")]
    user = user_row(sim, "moderator")
    assert sim.state.user_role_ids(user["user_id"]) == [role["role_id"]]
    assert (user["enabled"], user["email"]) == (True, "mod@example.com")
    writes = panel_writes(sim)
    assert writes[:4] == [("POST", "/api/v2/servers"), ("PATCH", "/api/v2/servers/%s" % sid),
                          ("POST", "/api/v2/servers/%s/action/start_server" % sid), ("POST", "/api/v2/roles")]
    # quirk 16: autostart and crash detection come in the follow-up PATCH
    assert [r.body for r in sim.writes() if r.method == "PATCH"][0] == {"auto_start": True, "crash_detection": True}
    # the mask reads back as the same readable names, in the panel's order
    assert run.task("role facts")["roles"][0]["servers"] == [
        {"server": "survival", "permissions": ["commands", "logs", "schedule"]}]
    assert run.task("role")["role"]["servers"] == run.task("role facts")["roles"][0]["servers"]
    assert run.task("user facts")["users"][0]["roles"] == ["survival-mods"]
    assert run.task("server facts")["servers"][0]["auto_start"] is True
    if newer:
        hook = [h for h in sim.state.webhooks.values() if h["name"] == "discord-alerts"][0]
        assert hook["trigger"] == "crash_detected,stop_server,"  # quirk 6: sent as a list, stored with a trailing comma
        assert run.task("webhook facts")["webhooks"][0]["triggers"] == ["crash_detected", "stop_server"]
        config = [b for b in sim.state.backups.values() if b["backup_name"] == "nightly"][0]
        assert (config["max_backups"], config["compress"], config["excluded_dirs"]) == (3, True, "cache,logs")
        assert run.task("backup facts")["backups"][0]["ignored"] == ["cache", "logs"]
        rows = schedule_rows(sim, sid)
        assert [(r["name"], r["interval_type"], r["parent"], r["command"], r["delay"]) for r in rows] == [
            ("nightly-restart", "", None, "say restarting soon", 0),
            ("nightly-restart #2", "reaction", rows[0]["schedule_id"], "backup_server", 60),
            ("nightly-restart #3", "reaction", rows[1]["schedule_id"], "restart_server", 30)]
        assert rows[1]["action_id"] == config["backup_id"]
        assert run.task("schedule facts")["schedules"][0]["tasks"] == run.task("schedule")["schedule"]["tasks"]

    # 2. the same playbook: nothing to do, nothing written
    sim.clear_log()
    again = run_playbook(sim, tmp_path, tasks(version, FIRST))
    assert again.rc == 0 and again.changed == 0, again
    assert panel_writes(sim) == []
    assert len(logins(sim)) == module_tasks  # one login per task, and no other POST

    # 3. check mode: every change reported, nothing written
    sim.clear_log()
    check = run_playbook(sim, tmp_path, tasks(version, CHANGED), check=True, diff=True)
    assert check.rc == 0 and check.changed == module_tasks, check
    assert panel_writes(sim) == []
    assert check.task("user")["plan"]["changes"] == [
        {"action": "update", "key": "moderator", "fields": {"enabled": {"before": True, "after": False}}}]
    assert server_row(sim, "survival")["crash_detection"] is True

    # 4. for real: exactly the writes those fields need
    sim.clear_log()
    change = run_playbook(sim, tmp_path, tasks(version, CHANGED))
    assert change.rc == 0 and change.changed == module_tasks, change
    expected = [
        ("PATCH", "/api/v2/servers/%s" % sid, {"crash_detection": False}),
        ("PATCH", "/api/v2/roles/%d" % role["role_id"], {"servers": [{"server_id": sid, "permissions": "10111000"}]}),
        ("PATCH", "/api/v2/users/%d" % user["user_id"], {"enabled": False}),
    ]
    if newer:
        rows = schedule_rows(sim, sid)
        expected += [
            ("PATCH", "/api/v2/servers/%s/webhook/%d" % (sid, hook["id"]), {"enabled": False}),
            ("PATCH", "/api/v2/servers/%s/backups/backup/%s" % (sid, config["backup_id"]), {"max_backups": 5}),
            ("PATCH", "/api/v2/servers/%s/tasks/%d" % (sid, rows[0]["schedule_id"]), {
                "interval_type": "", "cron_string": "30 4 * * *", "interval": 1, "start_time": "00:00",
                "action": "command", "command": "say restarting soon", "enabled": True}),
        ]
    assert panel_writes(sim, bodies=True) == expected
    assert [r["permissions"] for r in sim.state.role_servers] == ["10111000"]
    assert user_row(sim, "moderator")["enabled"] is False
    if newer:
        assert schedule_rows(sim, sid)[0]["cron_string"] == "30 4 * * *"
        assert len(schedule_rows(sim, sid)) == 3

    # 5. delete
    sim.clear_log()
    gone = run_playbook(sim, tmp_path, absent_tasks(version))
    assert gone.rc == 0 and gone.changed == module_tasks, gone
    assert not [s for s in sim.state.servers.values() if s["server_name"] == "survival"]
    assert not [r for r in sim.state.roles.values() if r["role_name"] == "survival-mods"]
    assert not [u for u in sim.state.users.values() if u["username"] == "moderator"]
    assert sim.state.role_servers == []
    if newer:
        assert sim.state.schedules == {} and sim.state.webhooks == {}
        # the chain goes from its end, then the configuration, webhook, user, role and server
        assert [w[0] for w in panel_writes(sim)] == ["DELETE"] * 8
