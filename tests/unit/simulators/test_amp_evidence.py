# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Three behaviours of the AMP simulator that the references left open, each held here with the
decision taken and the evidence it rests on (the simulator's README says the same).

1. Void methods answer JSON ``null`` (settled by the clients' source).
2. AMP 2.6.0.4 takes the session from the body only; ``Authorization: Bearer`` alone is refused
   (the evidence there is points that way; not established by a 2.6.0.4 capture).
3. Parameter names are matched case-sensitively: a choice of the simulator, not a known fact.
"""
from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient
from tests.simulators.amp import AMPSimulator
from tests.unit.simulators.amp_helpers import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, Amp
from tests.unit.simulators.amp_shapes import SPEC_DIR, collection_calls, load_json

UNAUTHORIZED = "Unauthorized Access"


@pytest.fixture(name="sim")
def fixture_sim():
    simulator = AMPSimulator()
    simulator.start()
    yield simulator
    simulator.stop()


def void_methods():
    spec = load_json(SPEC_DIR / "APISpec.json")
    return sorted((m, n) for m, methods in spec.items() for n, e in methods.items() if e["ReturnTypeName"] == "Void")


# ---------------------------------------------------------------------------------------------- 1. Void

def test_void_methods_answer_a_json_null_body(sim):
    """Decision: a Void method answers HTTP 200, ``Content-Type: application/json``, body ``null``.

    API.md 1.3 marked "200 with an empty body" as [INFERRED]. The evidence is the clients that work
    against real AMP, all of which need a JSON body:

    * CubeCoders' own Node client (CubeCoders/ampapi-node, ampapi.js) parses every answer with
      ``JSON.parse(body)`` and then tests ``result != null``; ``JSON.parse("")`` throws. Working bots
      (MsVoxxie/VoxelServerBot ``sendConsoleMessage``) call the Void ``Core/SendConsoleMessage`` through it.
    * p0t4t0sandwich/ampapi-spec's README example calls ``Core_SendConsoleMessage`` with the synchronous
      client, whose ``requests`` ``response.json()`` raises on an empty body; the generated ``ampapi``
      2620.5.0 calls ``.json()`` on every answer too.
    * p0t4t0sandwich/ampapi-java ``HTTPReq.APICall`` reads a line and calls ``contains`` on it before
      its ``Void`` branch: an empty body is a NullPointerException.
    * k8thekat/AMPAPI_Python (cc-ampapi 4.6.0) ``_call_api`` returns an error for ``Content-Length: 0``
      and accepts a JSON null only for the calls it marks ``_no_data`` -- its Void methods
      (Core/Logout, Core/Stop, LocalFileBackupPlugin/DeleteLocalBackup, ...).
    No capture shows the bytes; ``null`` is what all of them accept and what .NET writes for no value.
    """
    amp = Amp(sim)
    instance = sim.add_instance("Mc01", app_state=20)
    amp.call("LocalFileBackupPlugin/TakeBackup", instance.id, Title="b", Description="", Sticky=False)
    backup = amp.call("LocalFileBackupPlugin/GetBackups", instance.id)[0]["Id"]
    calls = [("Core/SendConsoleMessage", {"message": "say hi"}), ("Core/Stop", {}), ("Core/Kill", {}),
             ("LocalFileBackupPlugin/DeleteLocalBackup", {"BackupId": backup}),
             ("LocalFileBackupPlugin/RefreshBackupList", {}), ("Core/Logout", {})]
    # every Void method the collection calls is among them
    voids = set(void_methods())
    assert set(c for c in collection_calls() if c in voids) <= set(tuple(c.split("/")) for c, _p in calls)
    session = amp.session(instance.id)
    for call, params in calls:
        assert tuple(call.split("/")) in voids, call
        response = amp.raw(call, instance.id, SESSIONID=session, **params)
        assert response.status_code == 200, call
        assert response.headers["Content-Type"].split(";")[0] == "application/json", call
        assert response.content == b"null" and int(response.headers["Content-Length"]) == 4, call
        assert json.loads(response.text) is None  # JSON.parse (ampapi-node), response.json() (ampapi)
        assert response.json() is None


def test_the_collections_client_takes_the_null_of_a_void_method(sim):
    """The collection's own client: a Void call returns None and counts as an accepted write."""
    sim.add_instance("Survival01", app_state=20)
    client = AMPClient(sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)
    target, summary = [(t, s) for t, s in client.list_instances() if s["InstanceName"] == "Survival01"][0]
    instance = client.instance(summary, target)
    assert instance.send_console_message("say hi") is None
    assert instance.stop_application() is None
    assert [r.status for r in sim.requests if r.call in ("Core/SendConsoleMessage", "Core/Stop")] == [200, 200]
    assert sim.state.find_instance("Survival01").task_runs[-1] == {"console": "say hi"}
    assert sim.state.find_instance("Survival01").app_state == 0  # Stopped


# ---------------------------------------------------------------------------------------------- 2. Bearer

def test_amp_2604_takes_the_session_from_the_body_only(sim):
    """Decision for the 2.6.0.4 profile: ``SESSIONID`` in the body; a call that carries its session only
    as ``Authorization: Bearer`` is refused ("Unauthorized Access"), as a call without a session is.

    Evidence, all of it pointing the same way, none of it a 2.6.0.4 capture:

    * The header arrived with AMP 2.6.2.8: k8thekat/AMPAPI_Python's later ``base.py`` (API.md source
      S3b) switches to it with the comment "Ver. 2.6.2.8 Authorization header key change".
    * cc-ampapi 4.6.0 (that library's release) sends the header alone first and, on "Unauthorized
      Access", falls back to the body field -- a fallback written for AMP that does not read the
      header. Against this profile its first call after each login fails and the fallback retries;
      that the retry then goes out with the session id reset to "0" is cc-ampapi's own bug.
    * ``ampapi`` 2620.5.0, generated from AMP 2.6.2.0's spec, sends only the body field, and its
      maintainer declined a change to the header in p0t4t0sandwich/ampapi#22 (November 2025): the
      body field stays until AMP removes it.
    * CubeCoders' own clients (ampapi-node, the WHMCS module) send only the body field.

    API.md's advice that a simulator "should accept either" is a convenience, not evidence; the
    ``bearer_auth`` knob gives it where a test wants it. From 2.6.2.8 on both forms are taken.
    """
    amp = Amp(sim)
    session = amp.login()["sessionID"]
    header_only = amp.raw("Core/GetRoleIds", headers={"Authorization": "Bearer " + session}).json()
    assert header_only["Title"] == UNAUTHORIZED and sim.requests[-1].note == "no session id"
    assert "Title" not in amp.post("Core/GetRoleIds", SESSIONID=session)
    both = amp.raw("Core/GetRoleIds", headers={"Authorization": "Bearer " + session}, SESSIONID=session).json()
    assert "Title" not in both  # the collection's client sends both, so it works on every version
    # a wrong header does not spoil a good body field (2.6.0.4 does not look at the header at all)
    assert "Title" not in amp.raw("Core/GetRoleIds", headers={"Authorization": "Bearer nonsense"},
                                  SESSIONID=session).json()
    sim.bearer_auth = True  # the knob: take either form on 2.6.0.4 too
    assert "Title" not in amp.raw("Core/GetRoleIds", headers={"Authorization": "Bearer " + session}).json()


def test_from_2628_the_bearer_header_alone_is_enough():
    with AMPSimulator(version="2.6.2.8") as sim:
        amp = Amp(sim)
        session = amp.login()["sessionID"]
        assert "Title" not in amp.raw("Core/GetRoleIds", headers={"Authorization": "Bearer " + session}).json()
        assert "Title" not in amp.post("Core/GetRoleIds", SESSIONID=session)  # the body field still works


def test_cc_ampapis_first_call_after_login_fails_on_2604(sim):
    """cc-ampapi 4.6.0's sequence, replayed by hand: Login, then the call with the header only."""
    http = requests.Session()
    login = http.post(sim.url + "/API/Core/Login", headers={"Accept": "text/javascript"}, timeout=5,
                      data=json.dumps({"username": DEFAULT_ADMIN_USERNAME, "password": DEFAULT_ADMIN_PASSWORD,
                                       "token": "", "rememberMe": False})).json()
    first = http.post(sim.url + "/API/Core/GetStatus", data="{}", timeout=5, headers={
        "Accept": "text/javascript", "Authorization": "Bearer " + login["sessionID"]}).json()
    assert first["Title"] == UNAUTHORIZED
    retry = http.post(sim.url + "/API/Core/GetStatus", data=json.dumps({"SESSIONID": login["sessionID"]}),
                      headers={"Accept": "text/javascript"}, timeout=5).json()
    assert "Title" not in retry  # its fallback would work, were the session id not reset first


# ---------------------------------------------------------------------------------------------- 3. parameter case

def test_parameter_names_are_case_sensitive_by_choice(sim):
    """A choice, not a fact: API.md quirk 1 says whether AMP ignores the case of parameter names is not
    established (AMPAPI_Python sends ``TriggerId`` where the spec says ``triggerId``; no report either
    way). The simulator is strict so that a client that spells a name differently from APISpec is
    caught here, before a real AMP that may be strict; ``strict_parameter_names = False`` matches names
    case-insensitively instead."""
    amp = Amp(sim)
    instance = sim.add_instance("Mc01")
    chat = [t for t in amp.call("Core/GetScheduleData", instance.id)["AvailableTriggers"]
            if t["Description"] == "A player sends a chat message"][0]["Id"]
    refused = amp.call("Core/AddEventTrigger", instance.id, TriggerId=chat)
    assert refused["Title"] == "Unknown parameter TriggerId"
    assert "triggerId" in refused["Message"] and "case-sensitive" in refused["Message"]
    sim.strict_parameter_names = False
    assert amp.call("Core/AddEventTrigger", instance.id, TriggerId=chat)["Status"] is True
    assert [t["Id"] for t in amp.call("Core/GetScheduleData", instance.id)["PopulatedTriggers"]] == [chat]
