# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stateful simulator of CubeCoders AMP (the ADS and its instances), built from AMP's own API spec.

Usage::

    from tests.simulators.amp import AMPSimulator, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD

    with AMPSimulator() as sim:          # version from tests/amp_spec/AMPVersion.txt
        sim.add_instance("Minecraft01")
        ...  # POST sim.url + "/API/Core/Login", then the ADS proxy path for the instance

See README.md next to this file.
"""
from __future__ import annotations

from .server import AMPSimulator, Fault, RecordedRequest
from .spec import SPEC_DIR, is_read_only
from .state import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

__all__ = ["AMPSimulator", "DEFAULT_ADMIN_USERNAME", "DEFAULT_ADMIN_PASSWORD", "RecordedRequest", "Fault", "SPEC_DIR",
           "is_read_only"]
