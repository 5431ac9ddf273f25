# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Allocations as IPs with port ranges: the one form both sides are compared in."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.nodes import allocation_form, allocation_pairs, runs


def test_runs_join_consecutive_ports():
    assert runs([25567, 25565, 25566, 27015, 27017]) == ["25565-25567", "27015", "27017"]
    assert runs([]) == []


def test_declarations_written_differently_have_one_form():
    one = allocation_form(allocation_pairs([{"ip": "10.0.0.2", "ports": ["25565-25567", 27015]},
                                            {"ip": "10.0.0.10", "ports": [30000]}]))
    other = allocation_form(allocation_pairs([{"ip": "10.0.0.10", "ports": ["30000"]},
                                              {"ip": "10.0.0.2", "ports": ["27015", 25567, "25565-25566"]}]))
    # sorted by address, not as text (10.0.0.2 before 10.0.0.10)
    assert one == other == [{"ip": "10.0.0.2", "ports": ["25565-25567", "27015"]}, {"ip": "10.0.0.10", "ports": ["30000"]}]


def test_a_cidr_block_is_every_address_in_it():
    pairs = allocation_pairs([{"ip": "10.0.0.0/31", "ports": [25565]}])
    assert pairs == {("10.0.0.0", 25565), ("10.0.0.1", 25565)}


@pytest.mark.parametrize("ports, message", [
    (["1024"], "each entry must be a port or a range"),
    (["25575-25565"], "each entry must be a port or a range"),
    (["25565-26565"], "a range may span at most 1000 ports"),
    ([True], "each entry must be a port or a range"),
])
def test_the_panels_port_rules_name_the_entry(ports, message):
    with pytest.raises(ReconcileError) as caught:
        allocation_pairs([{"ip": "10.0.0.1", "ports": ports}])
    assert caught.value.option == "allocations[0].ports"
    assert message in caught.value.message
