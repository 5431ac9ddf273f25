# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every Crafty module, on the simulator of each end of the supported range and on a real Crafty.

The same playbooks run against ``crafty_panel`` (crafty_panel.py): create,
the same again (changed=0, no write), one field per module changed in
check mode (no write) and for real (exactly those writes), power, delete.
What the panel holds is read back through its API, so the real variant
(``make test-real-crafty``) asserts exactly what the simulator's does.
4.0.8 has no schedules, webhooks or backup configurations: its playbook has
the modules it supports.
"""

from __future__ import annotations

import pytest

from tests.integration.crafty_panel import wait_for
from tests.integration.harness import run_playbook

PANELS = ["4.10.7", "4.0.8", pytest.param("real", marks=pytest.mark.real_crafty)]
SERVER, ROLE, USER = "gt-survival", "gt-mods", "gt_moderator"

BASIC = """
- name: server
  gameops.panels.server:
    name: gt-survival
    jar: {type: paper, version: "1.21.1"}
    memory: {min: 1, max: 2}
    port: 25590
    accept_eula: true
    auto_start: false
    crash_detection: %(crash)s
- name: role
  gameops.panels.role:
    name: GT-Mods
    servers:
      - server: gt-survival
        permissions: [%(permissions)s]
- name: user
  gameops.panels.user:
    username: gt_moderator
    password: Moderator-Pass-1
    email: gt-mod@example.com
    enabled: %(enabled)s
    roles: [gt-mods]
"""

NEWER = """
- name: webhook
  gameops.panels.webhook:
    server: gt-survival
    name: gt-alerts
    type: Discord
    url: https://discord.example/api/webhooks/1/abc
    triggers: [%(triggers)s]
    body: "server event"
    enabled: %(hook_enabled)s
- name: backup
  gameops.panels.backup:
    server: gt-survival
    name: gt-nightly
    max_backups: %(max_backups)s
    compress: true
    ignored: [logs, cache]
- name: schedule
  gameops.panels.schedule:
    server: gt-survival
    name: gt-restart
    cron: "%(cron)s"
    tasks:
      - action: command
        payload: say restarting soon
      - action: backup
        payload: gt-nightly
        time_offset: 60
      - action: power
        payload: restart
        time_offset: 30
"""

INFO = """
- name: server facts
  gameops.panels.server_info: {name: gt-survival}
- name: role facts
  gameops.panels.role_info: {name: gt-mods}
- name: user facts
  gameops.panels.user_info: {username: gt_moderator}
"""

NEWER_INFO = """
- name: webhook facts
  gameops.panels.webhook_info: {server: gt-survival}
- name: backup facts
  gameops.panels.backup_info: {server: gt-survival, name: gt-nightly}
- name: schedule facts
  gameops.panels.schedule_info: {server: gt-survival}
"""

ABSENT = """
- name: schedule gone
  gameops.panels.schedule: {server: gt-survival, name: gt-restart, state: absent}
- name: backup gone
  gameops.panels.backup: {server: gt-survival, name: gt-nightly, state: absent}
- name: webhook gone
  gameops.panels.webhook: {server: gt-survival, name: gt-alerts, state: absent}
"""

GONE = """
- name: user gone
  gameops.panels.user: {username: gt_moderator, state: absent}
- name: role gone
  gameops.panels.role: {name: gt-mods, state: absent}
- name: server gone
  gameops.panels.server: {name: gt-survival, state: absent, delete_files: true}
"""

POWER = """
- name: power
  gameops.panels.server:
    name: gt-survival
    power_state: %s
"""

FIRST = dict(crash="true", permissions="schedule, commands, logs", enabled="true", triggers="stop_server, crash_detected",
             hook_enabled="true", max_backups=3, cron="0 4 * * *")
# one field per module; the triggers are listed in another order, which is no change
CHANGED = dict(FIRST, crash="false", permissions="schedule, commands, logs, backup", enabled="false",
               triggers="crash_detected, stop_server", hook_enabled="false", max_backups=5, cron="30 4 * * *")


def newer(panel):
    return panel.version >= (4, 4, 1)


def tasks(panel, values, info=False):
    text = BASIC + (NEWER if newer(panel) else "")
    if info:
        text += INFO + (NEWER_INFO if newer(panel) else "")
    return text % values


def clean(panel):
    for delete, name in ((panel.api.delete_user, USER), (panel.api.delete_role, ROLE), (panel.api.delete_server, SERVER)):
        delete(name)


@pytest.mark.parametrize("crafty_panel", PANELS, indirect=True)
def test_every_module_creates_reruns_changes_plans_and_deletes(crafty_panel, tmp_path):
    panel = crafty_panel
    clean(panel)
    try:
        _lifecycle(panel, tmp_path)
    finally:
        clean(panel)


def _lifecycle(panel, tmp_path):  # pylint: disable=too-many-locals,too-many-statements
    modules = 6 if newer(panel) else 3
    api = panel.api

    # 1. create, at -vvv: no password or session token in what ansible-playbook prints
    panel.clear_log()
    run = run_playbook(panel, tmp_path, tasks(panel, FIRST, info=True), verbosity=3, diff=True)
    assert run.rc == 0 and run.changed == modules, run
    for secret in (panel.password, "Moderator-Pass-1"):
        assert secret not in run.output
    assert "Bearer ey" not in run.output
    server = api.server(SERVER)
    sid = server["server_id"]
    assert (server["crash_detection"], server["server_port"]) == (True, 25590)
    if panel.version >= (4, 3):
        # the jar's category from Crafty's own catalogue (B3): the server got its download URL
        assert server["executable_update_url"].endswith("/paper/1.21.1/paper.jar"), server
    role = api.role(ROLE)
    assert role["role_name"] == ROLE  # quirk 5: sent lower-case
    if panel.version >= (4, 4, 8):
        assert role["mfa_required"] is False  # always sent where the version reads it (B2)
    assert [(r["server_id"], r["permissions"]) for r in api.role_servers(role["role_id"])] == [(sid, "10110000")]
    user = api.user(USER)
    assert [r["role_id"] for r in user["roles"]] == [role["role_id"]]
    assert (user["enabled"], user["email"]) == (True, "gt-mod@example.com")
    writes = panel.writes_with_bodies()
    assert [(m, p) for m, p, _b in writes[:3]] == [("POST", "/api/v2/servers"), ("PATCH", "/api/v2/servers/%s" % sid),
                                                   ("POST", "/api/v2/roles")]
    # quirk 16: the create ignores crash detection; the follow-up PATCH sets it
    assert writes[1][2] == {"crash_detection": True}
    assert run.task("role facts")["roles"][0]["servers"] == [
        {"server": SERVER, "permissions": ["commands", "logs", "schedule"]}]
    assert run.task("user facts")["users"][0]["roles"] == [ROLE]
    if newer(panel):
        [hook] = api.webhooks(sid)
        assert hook["trigger"] == "crash_detected,stop_server,"  # quirk 6: stored with a trailing comma
        config = [b for b in api.backups(sid) if b["backup_name"] == "gt-nightly"][0]
        assert (config["max_backups"], config["compress"], config["excluded_dirs"]) == (3, True, "cache,logs")
        default = [b for b in api.backups(sid) if b["default"]][0]
        # a superuser's configuration without a location goes to the server's backup folder (B4)
        assert config["backup_location"] == default["backup_location"] != ""
        rows = api.schedules(sid)
        assert [(r["name"], r["interval_type"], r["command"], r["delay"]) for r in rows] == [
            ("gt-restart", "", "say restarting soon", 0), ("gt-restart #2", "reaction", "backup_server", 60),
            ("gt-restart #3", "reaction", "restart_server", 30)]
        assert [r["parent"] for r in rows] == [None, rows[0]["schedule_id"], rows[1]["schedule_id"]]
        assert rows[1]["action_id"] == config["backup_id"]
        assert run.task("schedule facts")["schedules"][0]["tasks"] == run.task("schedule")["schedule"]["tasks"]

    # 2. the same playbook: nothing to do, nothing written
    panel.clear_log()
    again = run_playbook(panel, tmp_path, tasks(panel, FIRST))
    assert again.rc == 0 and again.changed == 0, again
    assert panel.writes() == []
    assert len(panel.logins()) == modules  # one login per task, and no other POST

    # 3. check mode: every change reported, nothing written
    panel.clear_log()
    check = run_playbook(panel, tmp_path, tasks(panel, CHANGED), check=True, diff=True)
    assert check.rc == 0 and check.changed == modules, check
    assert panel.writes() == []
    assert check.task("user")["plan"]["changes"] == [
        {"action": "update", "key": USER, "fields": {"enabled": {"before": True, "after": False}}}]
    assert api.server(SERVER)["crash_detection"] is True

    # 4. for real: exactly the writes those fields need
    panel.clear_log()
    change = run_playbook(panel, tmp_path, tasks(panel, CHANGED))
    assert change.rc == 0 and change.changed == modules, change
    expected = [
        ("PATCH", "/api/v2/servers/%s" % sid, {"crash_detection": False}),
        # role bodies name servers by the UUID string (newer) or the integer id (4.0.8)
        ("PATCH", "/api/v2/roles/%s" % role["role_id"], {"servers": [{"server_id": sid, "permissions": "10111000"}]}),
        ("PATCH", "/api/v2/users/%s" % user["user_id"], {"enabled": False}),
    ]
    if newer(panel):
        expected += [
            ("PATCH", "/api/v2/servers/%s/webhook/%s" % (sid, hook["id"]), {"enabled": False}),
            ("PATCH", "/api/v2/servers/%s/backups/backup/%s" % (sid, config["backup_id"]), {"max_backups": 5}),
            # an enabled job is rescheduled only from a body with its whole definition (10.4)
            ("PATCH", "/api/v2/servers/%s/tasks/%s" % (sid, rows[0]["schedule_id"]), {
                "interval_type": "", "cron_string": "30 4 * * *", "interval": 1, "start_time": "00:00",
                "action": "command", "command": "say restarting soon", "enabled": True}),
        ]
    assert panel.writes_with_bodies() == expected
    assert [r["permissions"] for r in api.role_servers(role["role_id"])] == ["10111000"]
    assert api.user(USER)["enabled"] is False
    assert api.server(SERVER)["crash_detection"] is False
    if newer(panel):
        rows = api.schedules(sid)
        assert rows[0]["cron_string"] == "30 4 * * *" and len(rows) == 3

    # 5. delete: the children first (the chain from its end), then the user, role and server
    panel.clear_log()
    gone = run_playbook(panel, tmp_path, (ABSENT if newer(panel) else "") + GONE)
    assert gone.rc == 0 and gone.changed == modules, gone
    assert (api.server(SERVER), api.role(ROLE), api.user(USER)) == (None, None, None)
    if newer(panel):
        assert [w[0] for w in panel.writes()] == ["DELETE"] * 8


@pytest.mark.parametrize("crafty_panel", PANELS, indirect=True)
def test_power_states_are_reached_and_kept(crafty_panel, tmp_path):
    panel, api = crafty_panel, crafty_panel.api
    clean(panel)
    try:
        assert run_playbook(panel, tmp_path, BASIC % FIRST).rc == 0
        sid = api.server(SERVER)["server_id"]
        if getattr(panel, "real", False):
            # a real Crafty flags the server's download a moment after creating it: let it begin (or be over) first
            wait_for(lambda: api.stats(sid).get("importing") or api.stats(sid).get("downloading"), timeout=10,
                     what="the server's first download to begin", fail=False)
        downloaded = wait_for(lambda: not api.stats(sid).get("importing") and not api.stats(sid).get("downloading"),
                              what="the server's first download", fail=False)
        if not downloaded:
            pytest.skip("%s never finishes the server's first download without internet (its download thread "
                        "dies and leaves the server 'downloading'), so it cannot be started here" % panel.label)
        # a jar that acts like a Minecraft server (Crafty downloads the real one; this machine has no internet)
        panel.put_fake_jar(SERVER)
        panel.clear_log()
        started = run_playbook(panel, tmp_path, POWER % "started")
        assert started.rc == 0 and started.changed == 1, started
        assert api.stats(sid)["running"] is True
        # one start; two on a real Crafty that marked the new server importing only after the first start reached
        # it (it drops a start while importing): the module sends it again once the import is over
        start = ("POST", "/api/v2/servers/%s/action/start_server" % sid)
        assert panel.writes() in ([start], [start, start])
        panel.clear_log()
        assert run_playbook(panel, tmp_path, POWER % "started").changed == 0 and panel.writes() == []
        stopped = run_playbook(panel, tmp_path, POWER % "stopped")
        assert stopped.rc == 0 and stopped.changed == 1, stopped
        assert api.stats(sid)["running"] is False
        assert panel.writes() == [("POST", "/api/v2/servers/%s/action/stop_server" % sid)]
    finally:
        clean(panel)
