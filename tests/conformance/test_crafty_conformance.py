# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Crafty simulator answers the conformance scenario as the real panel did (recordings/<version>.json).

The recordings were made with tools/crafty_capture.py against real Crafty
Controller 4.0.8 and 4.10.7 on their default configuration. A difference
fails the test with the step, the field and both values: fix the
simulator (or, if the panel changed, record again).
"""

from __future__ import annotations

import pytest

from tests.conformance.crafty import scenario
from tests.conformance.crafty.exchange import Runner, ScenarioError
from tests.conformance.crafty.recording import differences, recordings
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, CraftySimulator

RECORDINGS = recordings()


def test_both_supported_ends_are_recorded():
    assert {"4.0.8", "4.10.7"} <= set(RECORDINGS)


@pytest.mark.parametrize("version", sorted(RECORDINGS))
def test_simulator_answers_as_the_real_panel(version):
    recording = RECORDINGS[version]
    with CraftySimulator(version=version) as sim:
        runner = Runner(sim.url)
        try:
            scenario.run(runner, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)
        except ScenarioError as exc:
            pytest.fail("the scenario could not go on against the simulator: %s\n%s" % (
                exc, "\n".join(differences(recording["exchanges"], runner.normalised()))))
    found = differences(recording["exchanges"], runner.normalised())
    assert not found, "the %s simulator differs from the real panel:\n%s" % (version, "\n".join(found))
