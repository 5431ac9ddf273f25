# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for work a panel finishes after the request (installs, backups), the same way everywhere.

Polls back off (a small job is seen done at once, a long one costs few
requests), a wait never runs past its timeout, and the caller learns how
long it waited so that it can say so. No Ansible imports here.
"""

from __future__ import annotations

import time

#: first pause between two polls, in seconds; each pause doubles up to POLL_MAX
POLL_FIRST = 0.25
POLL_MAX = 15.0
#: a wait this long (in seconds) is worth a warning; a shorter one is not, unless it took half its limit
WARN_AFTER = 10.0


class WaitTimedOut(Exception):
    """The work was still unfinished at the deadline; ``last`` is what the last poll read."""

    def __init__(self, last, waited):
        super().__init__("still unfinished after %.0f s" % waited)
        self.last = last
        self.waited = waited


def wait_until(current, read, finished, timeout, sleep=time.sleep, clock=time.monotonic, first=POLL_FIRST,
               maximum=POLL_MAX):
    """Poll ``read()`` until ``finished(value)``, starting from ``current``; return ``(value, seconds waited)``.

    Raises :class:`WaitTimedOut` when ``timeout`` seconds pass first.
    """
    if finished(current):
        return current, 0.0
    start = clock()
    deadline = start + timeout
    delay = first
    value = current
    while not finished(value):
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimedOut(value, clock() - start)
        sleep(min(delay, remaining))
        delay = min(delay * 2, maximum)
        value = read()
    return value, clock() - start


def describe_wait(what, waited, timeout):
    """The warning a long wait leaves in the task result."""
    return "waited %s for %s (the limit was %d s)" % (_seconds(waited), what, timeout)


def worth_warning(waited, timeout):
    """Whether a wait of ``waited`` seconds (of at most ``timeout``) deserves a warning: it lasted
    :data:`WARN_AFTER` seconds or more, or half its limit (the next one may run out). A backup seen done
    after a poll or two is the normal case, not a warning."""
    return waited >= WARN_AFTER or (timeout > 0 and waited >= timeout / 2.0)


def wait_warning(what, waited, timeout):
    """:func:`describe_wait` for a wait :func:`worth_warning`, else None."""
    return describe_wait(what, waited, timeout) if waited and worth_warning(waited, timeout) else None


def _seconds(value):
    return "%.1f s" % value if value < 10 else "%d s" % round(value)
