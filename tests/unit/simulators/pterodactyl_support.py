# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared helpers of the Pterodactyl simulator tests: one simulator per test module, and a client API caller."""
from __future__ import annotations

import pytest
import requests

from tests.simulators.pterodactyl import PterodactylSimulator

CLIENT = "/api/client"


class Api:
    """``api.get("/servers")``: a request to the client API with a key, returning the response as it is."""

    def __init__(self, base, token):
        self.base = base + CLIENT
        self.http = requests.Session()
        self.http.headers.update({"Authorization": "Bearer " + token, "Accept": "application/json"})

    def __getattr__(self, method):
        def call(path="", **kwargs):
            return self.http.request(method.upper(), self.base + path, allow_redirects=False, timeout=10, **kwargs)
        return call


@pytest.fixture(name="sim", scope="module")
def fixture_sim():
    """A started simulator shared by the tests of one module (each resets it as it needs)."""
    simulator = PterodactylSimulator()
    simulator.start()
    yield simulator
    simulator.stop()
