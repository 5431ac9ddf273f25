# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty power states: a start the panel dropped while the server imported its files is sent again."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.crafty.servers import ServerAdapter
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError


class Panel:
    """A server that imports its files for the first ``importing`` polls (starts sent then are dropped, as
    ``can_server_start`` drops them) and runs from the poll after a start it took; records the actions sent."""

    def __init__(self, importing):
        self.importing = importing
        self.polls = 0
        self.taken = False
        self.actions = []

    def server_stats(self, server_id, label=None):  # pylint: disable=unused-argument
        self.polls += 1
        return {"importing": self.polls <= self.importing, "running": self.taken}

    def server_action(self, server_id, action, label=None):  # pylint: disable=unused-argument
        self.actions.append(action)
        self.taken = self.taken or self.polls >= self.importing


def started(importing):
    panel = Panel(importing)
    adapter = ServerAdapter(panel, refs=None, sleep=lambda seconds: None, power_timeout=5)
    adapter._power = {"survival": "start_server"}  # pylint: disable=protected-access
    server = {"id": "s1", "name": "survival"}
    result = adapter._apply_power(server, {"name": "survival"})  # pylint: disable=protected-access
    return result["power_state"], panel.actions


def test_a_start_dropped_during_an_import_is_sent_again_when_it_is_over():
    # real Crafty 4.10.7: the server was marked importing just after the start was sent, and never started
    assert started(importing=3) == ("started", ["start_server", "start_server"])


def test_a_start_that_works_is_sent_once():
    assert started(importing=0) == ("started", ["start_server"])


def test_a_server_that_never_ends_its_import_fails_saying_so():
    panel = Panel(importing=10 ** 9)
    adapter = ServerAdapter(panel, refs=None, sleep=lambda seconds: None, power_timeout=0)
    adapter._power = {"survival": "start_server"}  # pylint: disable=protected-access
    try:
        adapter._apply_power({"id": "s1", "name": "survival"}, {"name": "survival"})  # pylint: disable=protected-access
    except ReconcileError as exc:
        assert (str(exc), exc.option) == ("power_state: server 'survival' is not running after 0 s (Crafty still "
                                          "imports or downloads its files, and starts it only after)", "power_state")
    else:
        raise AssertionError("started a server that never ends its import")
