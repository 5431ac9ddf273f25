# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for panel-side work: backed-off polls, never past the timeout, and how long it took."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.waiting import WaitTimedOut, describe_wait, wait_until, wait_warning


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now


def test_polls_back_off_up_to_the_maximum():
    fake, reads = FakeTime(), iter([1] * 9 + [0])
    value, waited = wait_until(1, lambda: next(reads), lambda v: v == 0, 600, sleep=fake.sleep, clock=fake.clock)
    assert value == 0
    assert fake.sleeps == [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 15.0, 15.0, 15.0]
    assert waited == sum(fake.sleeps)


def test_finished_work_is_not_waited_for():
    fake = FakeTime()
    assert wait_until("done", None, lambda v: v == "done", 5, sleep=fake.sleep, clock=fake.clock) == ("done", 0.0)
    assert fake.sleeps == []


def test_the_last_sleep_stops_at_the_timeout():
    fake = FakeTime()
    with pytest.raises(WaitTimedOut) as err:
        wait_until(1, lambda: 1, lambda v: v == 0, 10, sleep=fake.sleep, clock=fake.clock)
    assert fake.now == 10.0 and err.value.waited == 10.0 and err.value.last == 1
    assert fake.sleeps[-1] == 10.0 - sum(fake.sleeps[:-1])


def test_the_warning_says_what_and_how_long():
    assert describe_wait("backup 'x' to complete", 3.21, 600) == "waited 3.2 s for backup 'x' to complete (the limit was 600 s)"
    assert describe_wait("server 'y' to install", 61.7, 600) == "waited 62 s for server 'y' to install (the limit was 600 s)"


def test_only_a_wait_worth_it_is_a_warning():
    # a backup seen done after a poll or two (0.3 s) is the normal case
    assert wait_warning("backup 'x' to complete", 0.3, 600) is None
    assert wait_warning("backup 'x' to complete", 0.0, 600) is None
    assert wait_warning("backup 'x' to complete", 9.9, 600) is None
    # ten seconds or more, or half the limit (the next wait may run out)
    assert wait_warning("backup 'x' to complete", 10.0, 600) == ("waited 10 s for backup 'x' to complete (the limit "
                                                                 "was 600 s)")
    assert wait_warning("server 'y' to install", 1.75, 3) == "waited 1.8 s for server 'y' to install (the limit was 3 s)"
