# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""'Did you mean' suggestions: the word that matters wins over the word every key shares."""

from __future__ import annotations

import difflib

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.suggest import closest, same_but_case, unknown
from tests.simulators.pterodactyl.client_transformers import ALL_PERMISSIONS

KEYS = sorted(ALL_PERMISSIONS)


@pytest.mark.parametrize("typed, meant", [
    ("console.read", "control.console"),   # the console, not one of the many *.read keys
    ("control.consle", "control.console"),
    ("backup.craete", "backup.create"),
    ("user.reed", "user.read"),
    ("websocket", "websocket.connect"),
    ("file.read_content", "file.read-content"),
    ("control.strat", "control.start"),
])
def test_closest_permission_key(typed, meant):
    assert closest(typed, KEYS) == meant


def test_plain_string_similarity_gets_the_console_wrong():
    # why the measure is word-based: difflib on whole strings suggests user.read
    assert difflib.get_close_matches("console.read", KEYS, n=1) == ["user.read"]


def test_nothing_close_suggests_nothing():
    assert closest("xyz.abc", KEYS) is None
    assert closest("anything", []) is None


def test_unknown_names_list_what_exists_and_spot_case():
    assert same_but_case("paper", ["Paper", "Vanilla"]) == "Paper"
    assert same_but_case("Paper", ["Paper"]) is None
    assert unknown("egg", "paper", ["Vanilla Minecraft", "Paper"]) == (
        "no egg 'paper' on the panel; names are case-sensitive: did you mean 'Paper'? (known: Paper, Vanilla Minecraft)")
    assert unknown("node", "node-eu-2", ["node-eu-1", "node-us-1"]) == (
        "no node 'node-eu-2' on the panel; did you mean 'node-eu-1'? (known: node-eu-1, node-us-1)")
    assert unknown("location", "mars", []) == "no location 'mars' on the panel (known: none)"
