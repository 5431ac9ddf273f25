# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AMP client from plain Python, against the AMP simulator; and the schedule timing parser."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.amp import schedules
from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient
from ansible_collections.gameops.panels.plugins.module_utils.errors import (
    AMPError, InstanceNotRunning, LoginFailed, PanelError, ReconcileError, WaitTimeout)


def client_for(sim, **kwargs):
    from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    kwargs.setdefault("retries", 2)
    kwargs.setdefault("timeout", 5)
    return AMPClient(sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, **kwargs)


def test_one_login_per_process_reused_for_the_run(amp_sim):
    amp_sim.add_instance("Minecraft01")
    client = client_for(amp_sim)
    for _i in range(3):
        client.get_role_data()
    target, summary = [(t, s) for t, s in client.list_instances() if s["InstanceName"] == "Minecraft01"][0]
    api = client.instance(summary, target)
    api.get_schedule_data()
    api.get_backups()
    assert [(r.call, r.instance_name) for r in amp_sim.requests if r.call == "Core/Login"] == [
        ("Core/Login", None), ("Core/Login", "Minecraft01")]
    proxied = [r for r in amp_sim.requests if r.instance_name == "Minecraft01"]
    assert all(r.path.startswith("/API/ADSModule/Servers/%s/API/" % summary["InstanceID"]) for r in proxied)
    # the instance's calls carry the instance's own session, never the ADS's
    ads_session = [r.body["SESSIONID"] for r in amp_sim.requests if r.instance_name is None and "SESSIONID" in r.body][0]
    assert all(r.body.get("SESSIONID") not in (None, ads_session) for r in proxied if r.call != "Core/Login")


def test_the_session_goes_as_bearer_header_where_amp_reads_it(amp_sim_factory):
    sim = amp_sim_factory(version="2.6.2.8")
    client = client_for(sim)
    client.get_role_data()
    read = [r for r in sim.requests if r.call == "Core/GetRoleData"][0]
    headers = dict((k.lower(), v) for k, v in read.headers.items())
    assert headers["authorization"] == "Bearer " + read.body["SESSIONID"]
    # 2.6.2.8 takes the header: a body without the session is still served through it
    sim.clear_log()
    client.process._post("Core", "GetRoleData", {})  # pylint: disable=protected-access
    assert sim.requests[-1].status == 200


def test_a_401_counts_as_unauthorized_and_renews_the_session_once(amp_sim):
    amp_sim.unauthorized_status = 401
    client = client_for(amp_sim)
    client.get_role_data()
    amp_sim.expire_sessions()
    client.get_role_data()
    assert [(r.call, r.status) for r in amp_sim.requests] == [
        ("Core/Login", 200), ("Core/GetRoleData", 200), ("Core/GetRoleData", 401), ("Core/Login", 200),
        ("Core/GetRoleData", 200)]


def test_legacy_result_envelope_is_unwrapped(amp_sim_factory):
    sim = amp_sim_factory(version="2.4.6.0")
    client = client_for(sim)
    roles = client.get_role_data()
    assert [r["Name"] for r in roles] == ["Super Admins", "Default"]
    assert isinstance(sim.requests[-1].response, dict) and list(sim.requests[-1].response) == ["result"]
    role_id = client.create_role("Helpers")
    assert role_id in client.get_role_ids()


def test_a_failed_action_result_raises_with_amp_s_reason(amp_sim):
    client = client_for(amp_sim)
    with pytest.raises(AMPError) as err:
        client.create_user("admin")
    assert str(err.value) == ("POST %s/API/Core/CreateUser: AMP's ADS refused Core/CreateUser: A user with that "
                              "name already exists." % amp_sim.url)


def test_reads_are_retried_after_a_5xx_and_writes_are_not(amp_sim):
    client = client_for(amp_sim)
    amp_sim.inject_fault(status=503, count=2, module="Core", method="GetRoleData", retry_after=0)
    assert len(client.get_role_data()) == 2
    assert [r.status for r in amp_sim.requests if r.call == "Core/GetRoleData"] == [503, 503, 200]
    amp_sim.inject_fault(status=502, module="Core", method="CreateRole", after=True)
    with pytest.raises(PanelError) as err:
        client.create_role("Helpers")
    assert err.value.status == 502
    # the write may have happened: it is never sent twice
    assert [r.call for r in amp_sim.requests].count("Core/CreateRole") == 1


def test_login_failures_name_the_option_to_fix(amp_sim):
    from tests.simulators.amp import DEFAULT_ADMIN_USERNAME

    with pytest.raises(LoginFailed) as err:
        AMPClient(amp_sim.url, DEFAULT_ADMIN_USERNAME, "wrong-password").get_role_data()
    assert err.value.code == "Failure" and "check panel_username and panel_password" in err.value.message
    assert "wrong-password" not in str(err.value)
    amp_sim.enable_totp(DEFAULT_ADMIN_USERNAME)
    with pytest.raises(LoginFailed) as err:
        client_for(amp_sim, totp_secret="not base32!").get_role_data()
    assert str(err.value) == "TwoFactorFailed: panel_totp_secret: the secret is not valid base32 (Error)"


def test_a_stopped_instance_is_refused_before_any_request_to_it(amp_sim):
    amp_sim.add_instance("Stopped01", running=False)
    client = client_for(amp_sim)
    target, summary = [(t, s) for t, s in client.list_instances() if s["InstanceName"] == "Stopped01"][0]
    with pytest.raises(InstanceNotRunning) as err:
        client.instance(summary, target)
    assert err.value.message == ("AMP instance 'Stopped01' (Minecraft) is not running (its AMP process is stopped), so "
                                 "its API cannot be reached")
    assert not [r for r in amp_sim.requests if r.instance_name == "Stopped01"]


def test_an_instance_that_stops_during_the_run_is_reported_as_not_running(amp_sim):
    amp_sim.add_instance("Minecraft01")
    client = client_for(amp_sim)
    target, summary = [(t, s) for t, s in client.list_instances() if s["InstanceName"] == "Minecraft01"][0]
    api = client.instance(summary, target)
    api.get_backups()
    client.stop_instance("Minecraft01")
    with pytest.raises(InstanceNotRunning) as err:
        api.get_backups()
    assert err.value.message.startswith("AMP instance 'Minecraft01' (Minecraft) is not running, so its API cannot be "
                                        "reached (AMP: Instance Unavailable")


def test_waiting_polls_and_gives_up_with_the_work_named(amp_sim):
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    client = client_for(amp_sim, sleep=sleep, clock=lambda: now[0])
    answers = iter([None, None, "done"])
    assert client.wait_until(lambda: next(answers), 10, "a backup") == "done"
    assert slept == [0.25, 0.5]
    # under a second of ten: nothing worth a warning
    assert client.transport.warnings == []
    answers = iter([None] * 5 + ["done"])
    assert client.wait_until(lambda: next(answers), 10, "a backup") == "done"
    assert client.transport.warnings == ["waited 7.8 s for a backup (the limit was 10 s)"]
    slept.clear()
    with pytest.raises(WaitTimeout) as err:
        client.wait_until(lambda: None, 3, "creating AMP instance 'X'")
    assert err.value.message == "creating AMP instance 'X' did not finish within 3 s"


@pytest.mark.parametrize("field, values, expected", [
    ("months", [1, "June", "dec"], [1, 6, 12]),
    ("months", ["Jun-Aug"], [6, 7, 8]),
    ("months", ["*/3"], [1, 4, 7, 10]),
    ("weekdays", ["Mon-Fri"], ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
    ("weekdays", ["sun", "Saturday"], ["Saturday", "Sunday"]),
    ("minutes", ["*/15"], [0, 15, 30, 45]),
    ("hours", ["9-17/4", 23], [9, 13, 17, 23]),
    ("days_of_month", ["1", 15], [1, 15]),
])
def test_timing_is_read_in_readable_form(field, values, expected):
    assert schedules.prepare_timing({field: values}) == {field: expected}


@pytest.mark.parametrize("field, values, message", [
    ("months", [0], "0 is outside 1-12"),
    ("months", [13], "13 is outside 1-12"),
    ("months", ["Jun-Mar"], "Jun-Mar is outside 1-12"),
    ("weekdays", [1], "weekdays are written as names (Monday ... Sunday), got '1'"),
    ("hours", ["noon"], "'noon' is not a number"),
    ("minutes", [], "must not be empty (leave it out to mean every minute)"),
    ("minutes", [True], "True is not a valid value"),
])
def test_bad_timing_fails_naming_the_field(field, values, message):
    with pytest.raises(ReconcileError) as err:
        schedules.prepare_timing({field: values})
    assert (err.value.option, err.value.message) == ("timing." + field, message)


def test_months_one_to_twelve_are_amp_s_zero_to_eleven_and_back():
    timing = schedules.prepare_timing({"months": [1, "December"], "weekdays": ["Sunday"], "hours": [4],
                                       "minutes": [0]})
    lists = schedules.to_amp(dict((f, timing.get(f) or schedules.every(f)) for f in schedules.FIELDS))
    assert (lists["months"], lists["days"], lists["hours"], lists["minutes"]) == ([0, 11], [6], [4], [0])
    assert lists["days_of_month"] == list(range(1, 32))
    back = schedules.from_amp({"MatchMonths": [11, 0], "MatchDays": [6], "MatchHours": [4], "MatchMinutes": [0],
                               "MatchDaysOfMonth": list(range(1, 32))})
    assert back["months"] == [1, 12] and back["weekdays"] == ["Sunday"]


def test_a_login_answered_with_unauthorized_access_is_a_login_failure(amp_sim):
    amp_sim.inject_fault(title="Unauthorized Access", count=2, module="Core", method="Login")
    with pytest.raises(LoginFailed) as err:
        client_for(amp_sim).get_role_data()
    assert err.value.message == ("AMP's ADS refused the login of 'admin': Unauthorized Access; check panel_username "
                                 "and panel_password")
    assert [r.call for r in amp_sim.requests] == ["Core/Login"]
