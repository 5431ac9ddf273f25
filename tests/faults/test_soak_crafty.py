# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge Crafty Controller under seeded random faults (see tests/faults/series.py)."""
from __future__ import annotations

from tests.faults.series import converge_under_faults


def test_crafty_converges_under_faults(tmp_path):
    converge_under_faults("crafty", tmp_path)
