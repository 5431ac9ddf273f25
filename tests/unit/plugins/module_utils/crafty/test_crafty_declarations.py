# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Static checks of Crafty declarations (before any request) and the normalisations that make re-runs clean."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.crafty import backups, checks, webhooks
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError

COMMAND = {"action": "command", "payload": "save-all", "time_offset": 0, "continue_on_failure": False}


@pytest.mark.parametrize("params, option, message", [
    ({"cron": "0 4 * *"}, "cron", "must have 5 space-separated fields"),
    ({"cron": "61 4 * * *"}, "cron", "the minute field '61'"),  # croniter refuses it; Crafty answers 405 after
    ({"name": "nightly #2"}, "name", "names a schedule's chained tasks so"),
    ({"tasks": [dict(COMMAND, payload="x" * 5000)]}, "tasks[0].payload", "at most 2048 characters"),
    ({"cron": "0 4 * * *", "interval": 2}, "interval", "cannot be combined with cron"),
    ({"interval": 2}, "interval_unit", "go together"),
    ({"interval": 0, "interval_unit": "hours"}, "interval", "at least 1"),
    ({"start_time": "25:00"}, "start_time", "HH:MM"),
    ({"one_time": True, "tasks": [COMMAND, dict(COMMAND, time_offset=5)]}, "one_time", "before its chained tasks"),
    ({"tasks": [dict(COMMAND, continue_on_failure=True)]}, "tasks[0].continue_on_failure", "no such setting"),
    ({"tasks": [dict(COMMAND, time_offset=10)]}, "tasks[0].time_offset", "first task runs at the schedule's time"),
    ({"tasks": [COMMAND, dict(COMMAND, action="power", payload="reboot")]}, "tasks[1].payload", "start, stop"),
    ({"tasks": [dict(COMMAND, payload=None)]}, "tasks[0].payload", "console command is required"),
])
def test_schedule_declarations_that_crafty_would_break_fail_naming_the_option(params, option, message):
    with pytest.raises(ReconcileError) as err:
        checks.schedule(params)
    assert err.value.option == option and message in err.value.message


def test_webhook_triggers_are_a_set_and_unknown_events_are_refused():
    assert webhooks.parse_triggers("stop_server,start_server,") == ["start_server", "stop_server"]  # quirk 6
    assert webhooks.parse_triggers(["stop_server", "start_server", "stop_server"]) == ["start_server", "stop_server"]
    with pytest.raises(ReconcileError, match="Crafty's name for it is start_server") as err:
        checks.webhook({"name": "discord", "triggers": ["server_start"]})
    assert err.value.option == "triggers"


@pytest.mark.parametrize("params, option", [
    ({"name": "ab"}, "name"),
    ({"name": "nightly", "state": "locked"}, "state"),
    ({"name": "nightly", "state": "restored"}, "archive"),
    ({"name": "nightly", "archive": "a.zip"}, "archive"),
    ({"name": "nightly", "max_backups": -1}, "max_backups"),
])
def test_backup_declarations(params, option):
    with pytest.raises(ReconcileError) as err:
        checks.backup(params)
    assert err.value.option == option


def test_excluded_dirs_come_back_as_a_comma_string():
    assert backups.parse_ignored("logs,cache") == ["cache", "logs"]  # quirk 15
    assert backups.parse_ignored(None) == [] and backups.parse_ignored("") == []


def test_a_crafty_webhook_needs_its_name():
    with pytest.raises(ReconcileError, match="is required on Crafty Controller, where it identifies the webhook") as err:
        checks.webhook({"triggers": ["start_server"]})
    assert err.value.option == "name"
