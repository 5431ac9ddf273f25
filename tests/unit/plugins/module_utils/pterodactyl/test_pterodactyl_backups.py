# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup helpers that need no panel: ordering and the wait loop (with a fake clock)."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.backups import (
    BackupTask, canonical, newest_first)
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError

SERVER = {"identifier": "abcd1234", "name": "survival"}


def panel_backup(name, created_at, completed_at=None, successful=False):
    return {"uuid": "uuid-" + name, "name": name, "is_locked": False, "is_successful": successful,
            "ignored_files": [], "checksum": None, "bytes": 0, "created_at": created_at, "completed_at": completed_at}


class FakeClient:
    """Answers get_backup from a script of panel objects, one per poll."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.polls = 0

    def get_backup(self, identifier, backup_uuid):
        assert identifier == "abcd1234"
        self.polls += 1
        return self.answers.pop(0)


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_status_follows_the_panels_definition_of_failed():
    assert canonical(panel_backup("a", "t"))["status"] == "in_progress"
    assert canonical(panel_backup("a", "t", "t2", True))["status"] == "completed"
    assert canonical(panel_backup("a", "t", "t2", False))["status"] == "failed"


def test_newest_first_breaks_same_second_ties_by_list_position():
    same = "2026-01-01T00:00:00+00:00"
    backups = [canonical(panel_backup(n, c)) for n, c in
               (("first", same), ("later", "2026-01-01T00:00:05+00:00"), ("second", same))]
    assert [b["name"] for b in newest_first(backups)] == ["later", "second", "first"]


def test_wait_polls_with_backoff_until_completed():
    running = panel_backup("big", "t")
    done = panel_backup("big", "t", "t2", True)
    client, fake = FakeClient([running, running, running, done]), FakeTime()
    task = BackupTask(client, SERVER, wait_timeout=60, sleep=fake.sleep, clock=fake.clock)
    result = task.wait_for(canonical(running))
    assert result["status"] == "completed" and client.polls == 4
    assert fake.sleeps == [0.25, 0.5, 1.0, 2.0]


def test_wait_times_out_without_oversleeping():
    running = panel_backup("big", "t")
    client, fake = FakeClient([running] * 20), FakeTime()
    task = BackupTask(client, SERVER, wait_timeout=3, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(ReconcileError) as err:
        task.wait_for(canonical(running))
    assert err.value.option == "wait_timeout"
    assert "is still running on the panel after 3 seconds" in err.value.message
    assert fake.now == 3.0  # the last sleep is cut to the deadline
    assert fake.sleeps == [0.25, 0.5, 1.0, 1.25]


def test_wait_reports_a_failed_backup():
    client, fake = FakeClient([panel_backup("big", "t", "t2", False)]), FakeTime()
    task = BackupTask(client, SERVER, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(ReconcileError) as err:
        task.wait_for(canonical(panel_backup("big", "t")))
    assert "failed on the panel" in err.value.message
