# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stateful HTTP simulators of game-panel APIs, used by the collection's tests."""
from __future__ import annotations
