# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Allocations created by range (issue 21: a node's allocations declared as IPs with port ranges), held to
the panel's ``app/Services/Allocations/AssignmentService.php`` (pterodactyl/panel 1.11, ``706db62c6``):

* a port is ``is_digit`` or matches ``^(\\d{4,5})-(\\d{4,5})$``, else ``InvalidPortMappingException``;
* a range is PHP's ``range(first, last)``: more than ``PORT_RANGE_LIMIT`` (1000) values is
  ``TooManyPortsInRangeException``; only ``first <= 1024`` or ``last > 65535`` is
  ``PortOutOfRangeException``, so a reversed range is taken and its bounds are checked the wrong way
  round (``2000-1024`` adds port 1024);
* every IP of a CIDR ``/25``-``/32`` gets every port; rows go in with ``insertIgnore`` (a taken port is
  skipped, not refused) inside one transaction that an exception never commits: all or nothing;
* ``gethostbyname`` then IPTools' ``Network::parse``: a name that does not resolve stays a name and is a
  ``DisplayException``. The simulator resolves only ``localhost`` (it never sends DNS queries).

routes.json's "ports.*" note ("1025-65535; <=1000 per range") is right for ordered ranges and silent on
reversed ones and on the transaction.
"""
from __future__ import annotations

import pytest
import requests

from tests.simulators.pterodactyl import DEFAULT_APP_KEY
from tests.unit.simulators.pterodactyl_support import fixture_sim  # noqa: F401 pylint: disable=unused-import


class AppApi:
    def __init__(self, base):
        self.base = base + "/api/application"
        self.http = requests.Session()
        self.http.headers.update({"Authorization": "Bearer " + DEFAULT_APP_KEY, "Accept": "application/json"})

    def post(self, path, **kwargs):
        return self.http.post(self.base + path, timeout=10, **kwargs)


@pytest.fixture(name="app")
def fixture_app(sim):
    sim.reset()
    return AppApi(sim.url)


def ports_of(sim, ip):
    return sorted(a["port"] for a in sim.state.allocations.values() if a["ip"] == ip and a["node_id"] == 1)


def code(response):
    return response.json()["errors"][0]["code"]


@pytest.mark.parametrize("ports, created", [
    (["25565-26564"], list(range(25565, 26565))),      # 1000 ports: the limit
    (["25600-25590"], list(range(25590, 25601))),      # reversed: PHP's range() counts down, all taken
    (["2000-1024"], list(range(1024, 2001))),          # reversed: the floor is checked on the first port only
    (["65540-65530"], list(range(65530, 65541))),      # reversed: the ceiling is checked on the last port only
    (["030000"], [30000]),                             # ctype_digit, then (int)
    (["25565", "25565-25567"], [25565, 25566, 25567]),  # insertIgnore: the repeated port is skipped
])
def test_ranges_the_panel_takes(sim, app, ports, created):
    response = app.post("/nodes/1/allocations", json={"ip": "10.20.0.1", "ports": ports})
    assert response.status_code == 204, response.text
    assert ports_of(sim, "10.20.0.1") == created


@pytest.mark.parametrize("ports, error", [
    (["25565-26565"], "TooManyPortsInRangeException"),  # 1001 ports
    (["65535-1025"], "TooManyPortsInRangeException"),   # the count is checked before the bounds
    (["1024-1030"], "PortOutOfRangeException"),
    (["65530-65536"], "PortOutOfRangeException"),
    (["1024"], "PortOutOfRangeException"),
    (["100-2000"], "InvalidPortMappingException"),      # \d{4,5} on both sides
    (["25565-"], "InvalidPortMappingException"),
    (["+25565"], "InvalidPortMappingException"),
    (["25565, 25566"], "InvalidPortMappingException"),
])
def test_ranges_the_panel_refuses(sim, app, ports, error):
    response = app.post("/nodes/1/allocations", json={"ip": "10.20.0.2", "ports": ports})
    assert response.status_code == 400 and code(response) == error
    assert ports_of(sim, "10.20.0.2") == []


def test_all_or_nothing(sim, app):
    """An exception inside the transaction: nothing before it stays, over IPs and over ports."""
    response = app.post("/nodes/1/allocations", json={"ip": "10.20.1.0/31", "ports": ["30000-30009", "30010-31010"]})
    assert code(response) == "TooManyPortsInRangeException"
    assert ports_of(sim, "10.20.1.0") == [] and ports_of(sim, "10.20.1.1") == []


def test_cidr_gives_every_address_every_port(sim, app):
    response = app.post("/nodes/1/allocations", json={"ip": "10.20.2.0/30", "ports": ["30000-30001"], "alias": "pool"})
    assert response.status_code == 204
    for last in range(4):
        assert ports_of(sim, "10.20.2.%d" % last) == [30000, 30001]
    rows = [a for a in sim.state.allocations.values() if a["ip"].startswith("10.20.2.")]
    assert {a["ip_alias"] for a in rows} == {"pool"} and {a["server_id"] for a in rows} == {None}
    for mask in ("/24", "/33", "/x"):
        refused = app.post("/nodes/1/allocations", json={"ip": "10.20.3.0" + mask, "ports": ["30000"]})
        assert code(refused) == "CidrOutOfRangeException"


def test_names_resolve_only_to_loopback(sim, app):
    assert app.post("/nodes/1/allocations", json={"ip": "localhost", "ports": ["30500"]}).status_code == 204
    assert 30500 in ports_of(sim, "127.0.0.1")
    unresolved = app.post("/nodes/1/allocations", json={"ip": "panel.invalid", "ports": ["30500"]})
    assert unresolved.status_code == 400 and code(unresolved) == "DisplayException"
    assert unresolved.json()["errors"][0]["detail"].startswith("Could not parse provided allocation IP address (panel.invalid)")
