# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the simulator tests."""
from __future__ import annotations

import pytest

from tests.unit.simulators.crafty_support import SimulatorPool


@pytest.fixture(scope="session")
def crafty_pool():
    """``crafty_pool.get("4.4.8")``: a started Crafty simulator of that version, freshly reset."""
    pool = SimulatorPool()
    yield pool
    pool.close()
