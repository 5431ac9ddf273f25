# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge Pterodactyl under seeded random faults (see tests/faults/series.py)."""
from __future__ import annotations

from tests.faults.series import converge_under_faults


def test_pterodactyl_converges_under_faults(tmp_path):
    converge_under_faults("pterodactyl", tmp_path)
