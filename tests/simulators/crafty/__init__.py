# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stateful simulator of the Crafty Controller 4 API v2 (profiles 4.0.8, 4.3, 4.4, 4.4.8, 4.10).

Usage::

    from tests.simulators.crafty import CraftySimulator, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD

    with CraftySimulator(version="4.4.8") as sim:
        sim.url                      # http://127.0.0.1:<port>; the API is under /api/v2
        ...

See README.md next to this file.
"""
from __future__ import annotations

from .profiles import SUPPORTED_PROFILES, Profile
from .server import CraftySimulator, RecordedRequest
from .state import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, SERVER_PERMISSIONS, CRAFTY_PERMISSIONS

__all__ = ["CraftySimulator", "RecordedRequest", "DEFAULT_ADMIN_USERNAME", "DEFAULT_ADMIN_PASSWORD",
           "SUPPORTED_PROFILES", "Profile", "SERVER_PERMISSIONS", "CRAFTY_PERMISSIONS"]
