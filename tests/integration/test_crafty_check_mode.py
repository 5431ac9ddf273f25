# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty's check mode on a new setup: every task that refers to a server, a role or a user an earlier task of
the play creates is planned, with that reference unresolved and a warning, as on the other panels; nothing is
written. The real run then creates everything, and a second run changes nothing."""

from __future__ import annotations

from tests.integration.crafty_support import panel_writes
from tests.integration.harness import run_playbook

PLAY = """
- name: server
  gameops.panels.server:
    name: lobby
    jar: {type: paper, version: "1.21.1"}
    memory: {min: 1, max: 2}
    port: 25571
    accept_eula: true
- name: role
  gameops.panels.role:
    name: lobby-mods
    servers: [{server: lobby, permissions: [commands, logs]}]
- name: user
  gameops.panels.user:
    username: moderator
    password: Moderator-Pass-2026
    roles: [lobby-mods]
- name: schedule
  gameops.panels.schedule:
    server: lobby
    name: nightly
    cron: "0 4 * * *"
    tasks: [{action: command, payload: say Restarting}, {action: power, payload: restart, time_offset: 60}]
- name: backup
  gameops.panels.backup:
    server: lobby
    name: nightly
    max_backups: 7
- name: webhook
  gameops.panels.webhook:
    server: lobby
    name: alerts
    type: Discord
    url: https://discord.example/api/webhooks/1/lobby-token-0123456789
    triggers: [stop_server, crash_detected]
"""


def test_check_mode_plans_what_earlier_tasks_create_as_unresolved_with_a_warning(crafty_sim, tmp_path):
    plan = run_playbook(crafty_sim, tmp_path, PLAY, check=True)
    assert plan.rc == 0, plan
    assert panel_writes(crafty_sim) == []
    role = plan.task("role")
    assert role["changed"] is True
    assert any("no server named 'lobby' on the panel" in w and "planned anyway" in w for w in role["warnings"]), role
    user = plan.task("user")
    assert any("no role 'lobby-mods' on the panel" in w and "planned anyway" in w for w in user["warnings"]), user
    for task in ("schedule", "backup", "webhook"):
        result = plan.task(task)
        assert result["changed"] is True and not result.get("failed"), (task, result)
        assert any("'lobby'" in w for w in result["warnings"]), (task, result)

    applied = run_playbook(crafty_sim, tmp_path, PLAY)
    assert applied.rc == 0, applied
    assert all(applied.task(t)["changed"] for t in ("server", "role", "user", "schedule", "backup", "webhook"))
    assert not any(applied.task(t).get("warnings") for t in ("role", "user")), applied
    crafty_sim.clear_log()
    again = run_playbook(crafty_sim, tmp_path, PLAY)
    assert again.rc == 0 and again.changed == 0, again
    assert panel_writes(crafty_sim) == []
