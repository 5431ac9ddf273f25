# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every panel with a fault scenario runs it from a test file of its own."""
from __future__ import annotations

from pathlib import Path

from ansible_collections.gameops.panels.plugins.module_utils.panels import PANEL_TYPES
from tests.faults.scenarios import SCENARIOS

HERE = Path(__file__).parent


def test_every_panel_type_has_a_scenario_and_a_test_file_that_runs_it():
    assert sorted(SCENARIOS) == sorted(PANEL_TYPES)
    for panel in SCENARIOS:
        test_file = HERE / ("test_soak_%s.py" % panel)
        assert test_file.is_file(), "add %s calling converge_under_faults(%r, tmp_path)" % (test_file.name, panel)
        assert 'converge_under_faults("%s", tmp_path)' % panel in test_file.read_text()
