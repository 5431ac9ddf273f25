# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Crafty 4.0.8 cannot do fails before any write, naming the version (the version is read once per task)."""

from __future__ import annotations

from tests.integration.crafty_support import panel_writes
from tests.integration.harness import run_playbook

TASKS = """
- name: webhook
  gameops.panels.webhook:
    server: survival
    name: alerts
    type: Discord
    url: https://discord.example/api/webhooks/1/abc
    triggers: [stop_server]
  ignore_errors: true
- name: webhook facts
  gameops.panels.webhook_info:
    server: survival
  ignore_errors: true
- name: schedule
  gameops.panels.schedule:
    server: survival
    name: nightly
    cron: "0 4 * * *"
    tasks: [{action: command, payload: save-all}]
  ignore_errors: true
- name: schedule facts
  gameops.panels.schedule_info:
    server: survival
  ignore_errors: true
- name: backup
  gameops.panels.backup:
    server: survival
    name: nightly
    max_backups: 3
  ignore_errors: true
- name: role rename
  gameops.panels.role:
    id: %(role_id)d
    name: staff
  ignore_errors: true
- name: role manager
  gameops.panels.role:
    name: mods
    manager: admin
  ignore_errors: true
- name: password change
  gameops.panels.user:
    username: moderator
    password: Another-Pass-2
    update_password: always
  ignore_errors: true
- name: newer server setting
  gameops.panels.server:
    name: survival
    shutdown_timeout: 120
  ignore_errors: true
"""

REFUSED = {
    "webhook": ("name", "webhooks"),
    "webhook facts": ("name", "webhooks"),
    "schedule": ("name", "schedules (the task routes of 4.0.8 are stubs)"),
    "schedule facts": ("name", "schedules (the task routes of 4.0.8 are stubs)"),
    "backup": ("name", "backup configurations"),
    "role rename": ("name", "renaming a role"),
    "role manager": ("manager", "managers of users and roles"),
    "password change": ("password", "changing a password (4.0.8 refuses every password update)"),
    "newer server setting": ("shutdown_timeout",
                             "the server settings shutdown_timeout, ignored_exits, show_status and count_players"),
}


def test_what_4_0_8_lacks_fails_before_any_write_naming_the_version(crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.0.8")
    sim.add_server("survival")
    role = sim.add_role("mods")
    sim.add_user("moderator", "Moderator-Pass-1")
    sim.clear_log()
    run = run_playbook(sim, tmp_path, TASKS % {"role_id": role["role_id"]})
    assert run.rc == 0 and run.stats["ignored"] == len(REFUSED), run
    for name, (option, what) in REFUSED.items():
        result = run.task(name)
        assert result["failed"], name
        assert result["msg"] == "%s: %s: not available on Crafty 4.0.8, the version of this panel (needs Crafty %s or " \
            "later)" % (option, what, "4.2" if what == "webhooks" else "4.4.1" if "backup" in what else "4.3"), name
    assert panel_writes(sim) == []
    # the version gates of per-server kinds come before the login: one read of GET /api/v2 each
    assert [r.path for r in sim.requests][:2] == ["/api/v2", "/api/v2"]
    assert sim.state.role_by_name("mods")["role_name"] == "mods"
