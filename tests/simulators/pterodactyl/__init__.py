# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stateful simulator of the Pterodactyl 1.11 panel API (the application and the client API).

Usage::

    from tests.simulators.pterodactyl import PterodactylSimulator, DEFAULT_APP_KEY

    sim = PterodactylSimulator()
    url = sim.start()
    ...
    sim.stop()
"""
from __future__ import annotations

from .server import PterodactylSimulator, RecordedRequest
from .state import DEFAULT_ADMIN_PASSWORD, DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

__all__ = ["PterodactylSimulator", "DEFAULT_APP_KEY", "DEFAULT_CLIENT_KEY", "DEFAULT_ADMIN_PASSWORD", "RecordedRequest"]
