# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AMP simulator's protocol: spec exposure, unknown methods, parameters, login/2FA/sessions,
errors inside HTTP 200, version profiles, request log, faults and control endpoints."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pyotp
import pytest
import requests

from tests.simulators.amp import AMPSimulator, is_read_only
from tests.simulators.amp import spec as amp_spec
from tests.unit.simulators.amp_helpers import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, REPO_ROOT, Amp

UNAUTHORIZED = {"Title": "Unauthorized Access",
                "Message": "You do not have permission to perform this action, or your session has expired.",
                "StackTrace": ""}


@pytest.fixture(name="sim", scope="module")
def fixture_sim():
    simulator = AMPSimulator()
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture(name="amp")
def fixture_amp(sim):
    sim.reset()
    sim.session_timeout = 240
    sim.version = amp_spec.default_version()
    sim.unauthorized_status = 200
    sim.unknown_method_answer = "unauthorized"
    sim.strict_parameter_names = True
    sim.reject_unknown_parameters = True
    sim.totp_replay_protection = False
    sim.async_delay = 0.0
    return Amp(sim)


# ---------------------------------------------------------------------------------------------- spec exposure

def test_spec_files_are_in_the_checkout_with_their_licence():
    for name in ("APISpec.json", "TypeSpec.json", "TypedAPISpec.json", "ModuleInheritance.json", "AMPVersion.txt",
                 "LICENSE-ampapi-spec.md"):
        assert (amp_spec.SPEC_DIR / name).is_file(), name
    assert amp_spec.SPEC_DIR == REPO_ROOT / "tests" / "amp_spec"
    assert "MIT License" in (amp_spec.SPEC_DIR / "LICENSE-ampapi-spec.md").read_text(encoding="utf-8")
    assert amp_spec.default_version() == "2.6.0.4"


@pytest.mark.parametrize("module", ["Minecraft", "GenericModule"])
def test_each_process_exposes_exactly_its_modules(amp, module):
    instance = amp.sim.add_instance("Probe01", module=module)
    inheritance = amp_spec.module_inheritance()
    for place, kind in ((None, "ADS"), (instance.id, module)):
        exposed = amp.post("Core/GetAPISpec", place)
        assert set(exposed) == set(inheritance[kind])
        assert exposed["CommonCorePlugin"] == {}  # loaded, but without API methods
        assert exposed["Core"]["Login"]["Parameters"][0]["Name"] == "username"


def test_every_spec_method_is_answered_by_exactly_the_processes_that_load_its_module(amp):
    """Walks all of APISpec.json on the ADS, a Minecraft and a Generic instance: a module the process
    type does not load is refused as an unknown method; every other method is known (it may then ask
    for parameters, answer, or say the simulator does not implement it)."""
    minecraft = amp.sim.add_instance("Mc01")
    generic = amp.sim.add_instance("Gen01", module="GenericModule")
    inheritance = amp_spec.module_inheritance()
    methods = sorted(amp_spec.methods_for_version(amp.sim.version), key=lambda key: key == ("Core", "Logout"))
    for place, kind in ((None, "ADS"), (minecraft.id, "Minecraft"), (generic.id, "GenericModule")):
        session = amp.session(place)
        amp.sim.clear_log()
        for (module, name) in methods:
            amp.raw("%s/%s" % (module, name), place, SESSIONID=session)
        assert len(amp.sim.requests) == len(methods)
        for entry in amp.sim.requests:
            unknown = entry.note.startswith("unknown method")
            assert unknown == (entry.module not in inheritance[kind]), (kind, entry.call, entry.response)
            if unknown:
                assert entry.response == UNAUTHORIZED and entry.status == 200
            else:
                assert entry.response != UNAUTHORIZED, (kind, entry.call)


def test_unknown_method_answer(amp):
    """AMP "plays dumb": a method it does not have answers exactly like a missing permission or
    session (CubeCoders/AMP#403), so a client cannot tell them apart from the answer."""
    instance = amp.sim.add_instance("Mc01")
    amp.sim.add_user("nobody", "pw")
    calls = ((instance.id, "GenericModule/ImportConfig"), (instance.id, "steamcmdplugin/SteamGuardCode"),
             (None, "LocalFileBackupPlugin/GetBackups"), (None, "Core/NoSuchMethod"), (None, "NoSuchModule/Whatever"))
    for place, call in calls:
        assert amp.call(call, place) == UNAUTHORIZED
        assert amp.sim.requests[-1].note.startswith("unknown method " + call)
    assert amp.post("Core/GetRoleData", SESSIONID="expired") == UNAUTHORIZED
    assert amp.call_as("nobody", "pw", "Core/GetRoleData") == UNAUTHORIZED
    assert amp.sim.requests[-1].note == "missing permission Core.RoleManagement.ViewRoles"
    # API.md §1.4's convention, as a switch.
    amp.sim.unknown_method_answer = "unknown"
    assert amp.call("GenericModule/ImportConfig", instance.id, filename="x") == {
        "Title": "Unknown API method", "Message": "No such API method: GenericModule/ImportConfig", "StackTrace": ""}


def test_paths_outside_the_api_and_get_requests(amp):
    assert requests.post(amp.sim.url + "/api/core/login", json={}, timeout=5).status_code == 404
    assert requests.get(amp.sim.url + "/API/Core/GetModuleInfo", timeout=5).status_code == 405


# ---------------------------------------------------------------------------------------------- parameters

def test_parameter_names_are_exact_and_checked(amp):
    # §13 quirk 1: lower-case TriggerID / username etc. are different names.
    answer = amp.call("Core/CreateUser", username="bob")
    assert answer["Title"] == "Unknown parameter username"
    assert "Username" in answer["Message"]
    assert amp.call("Core/CreateUser")["Title"] == "Missing parameter Username"
    assert amp.call("Core/CreateUser", Username="bob", Extra=1)["Title"] == "Unknown parameter Extra"
    assert amp.sim.state.user_by_name("bob") is None
    assert amp.call("ADSModule/GetInstances", ForceIncludeSelf=None)[0]["Id"] == 1
    amp.sim.strict_parameter_names = False
    assert amp.call("Core/CreateUser", username="bob")["Status"] is True


@pytest.mark.parametrize("call,params,bad", [
    ("Core/SetAMPUserRoleMembership", {"UserId": "not-a-guid", "RoleId": "00000000-0000-0000-0000-000000000002",
                                       "IsMember": True}, "UserId"),
    ("Core/SetAMPUserRoleMembership", {"UserId": "00000000-0000-0000-0000-000000000002",
                                       "RoleId": "00000000-0000-0000-0000-000000000002", "IsMember": "true"}, "IsMember"),
    ("Core/AddIntervalTrigger", {"months": ["1"], "days": [0], "hours": [0], "minutes": [0], "daysOfMonth": [1],
                                 "description": "x"}, "months"),
    ("Core/SetConfig", {"node": "Core.Webserver.APIRateLimit", "value": 5}, "value"),
    ("Core/SetConfigs", {"data": {"Core.Webserver.APIRateLimit": 5}}, "data"),
    ("LocalFileBackupPlugin/TakeBackup", {"Title": "t", "Description": "", "Sticky": 1}, "Sticky"),
])
def test_parameter_types_follow_the_spec(amp, call, params, bad):
    instance = amp.sim.add_instance("Mc01")
    place = instance.id if call.startswith("LocalFileBackupPlugin") else None
    answer = amp.call(call, place, **params)
    assert answer["Title"] == "Invalid parameter %s" % bad
    assert amp.sim.writes()  # the call was made (and logged as a write) but changed nothing
    assert not instance.backups and not amp.sim.state.ads.triggers


def test_enum_parameters_take_the_values_of_this_version(amp):
    # §13 quirk 19: PostCreate is 0-5 in 2.6.0.4; WHMCS's 10 is refused.
    params = create_params(amp.sim, "Mc02", PostCreate=10)
    assert amp.call("ADSModule/CreateInstance", **params)["Title"] == "Invalid parameter PostCreate"


def test_version_drift_parameters(amp_sim_factory):
    # §13 quirk 22: TakeBackup.Local exists from 2.6.2.0; 2.6.0.4 does not know it.
    with pytest.raises(TypeError, match="unknown AMPSimulator option 'nope'"):
        amp_sim_factory(nope=1)
    for version, accepted in (("2.6.0.4", False), ("2.6.2.8", True)):
        sim = amp_sim_factory(version=version, async_delay=0)
        instance = sim.add_instance("Mc01")
        answer = Amp(sim).call("LocalFileBackupPlugin/TakeBackup", instance.id, Title="t", Description="",
                               Sticky=False, Local=True)
        assert (answer.get("Status") is True) == accepted, answer


def create_params(sim, name, **changes):
    params = {"TargetADSInstance": sim.state.ads.id, "NewInstanceId": "5f3c7a8e-1d2b-4c6d-8e9f-0a1b2c3d4e5f",
              "Module": "Minecraft", "InstanceName": name, "FriendlyName": name, "IPBinding": "0.0.0.0",
              "PortNumber": 8090, "AdminUsername": "admin", "AdminPassword": "x", "ProvisionSettings": {}}
    params.update(changes)
    return params


# ---------------------------------------------------------------------------------------------- login

def test_login_reply_is_camel_case_with_a_session(amp):
    reply = amp.login()
    # §13 quirk 2: the one camelCase reply; sessionID with capital ID.
    assert set(reply) == {"success", "result", "resultReason", "sessionID", "rememberMeToken", "permissions",
                          "userInfo"}
    assert reply["success"] is True and reply["result"] == 10 and reply["resultReason"] == ""
    assert amp_spec.GUID_PATTERN.match(reply["sessionID"])
    assert reply["rememberMeToken"] == ""
    user = amp.sim.state.user_by_name(DEFAULT_ADMIN_USERNAME)
    assert reply["permissions"] == ["*", "UserIdentity." + user.id]
    assert reply["userInfo"]["Username"] == DEFAULT_ADMIN_USERNAME and reply["userInfo"]["ID"] == user.id


def test_module_names_differ_by_place(amp):
    # §13 quirk 2: ModuleInfo says "ADSModule" where InstanceSummary says "ADS".
    instance = amp.sim.add_instance("Mc01")
    assert amp.post("Core/GetModuleInfo")["ModuleName"] == "ADSModule"
    assert amp.post("Core/GetModuleInfo", instance.id)["ModuleName"] == "MinecraftModule"
    listed = amp.call("ADSModule/GetInstances")[0]["AvailableInstances"]
    assert [i["Module"] for i in listed] == ["ADS", "Minecraft"]


@pytest.mark.parametrize("username,password", [("nobody", "x"), (DEFAULT_ADMIN_USERNAME, "wrong"),
                                               ("nopass", "")])
def test_bad_credentials(amp, username, password):
    amp.sim.add_user("nopass")  # created by CreateUser: no password yet
    reply = amp.login(username=username, password=password)
    assert reply == {"success": False, "result": 0, "resultReason": "Internal Auth - No reason given"}


def test_two_factor_login(amp):
    secret = amp.sim.enable_totp(DEFAULT_ADMIN_USERNAME)
    totp = pyotp.TOTP(secret)
    assert amp.login() == {"success": False, "result": 40, "resultReason": "Two-Factor Login Required"}
    wrong = pyotp.TOTP(pyotp.random_base32()).now()
    assert amp.login(token=wrong) == {"success": False, "result": 50, "resultReason": "Two factor failure"}
    assert amp.login(token=totp.now())["success"] is True
    # ±1 step of 30 s is accepted, two steps are not.
    assert amp.login(token=totp.at(time.time() - 30))["success"] is True
    assert amp.login(token=totp.at(time.time() + 30))["success"] is True
    assert amp.login(token=totp.at(time.time() - 90))["result"] == 50
    # The same code logs into an instance (no replay protection by default) ...
    instance = amp.sim.add_instance("Mc01")
    code = totp.now()
    assert amp.login(token=code)["success"] and amp.login(instance.id, token=code)["success"]
    # ... unless it is switched on.
    amp.sim.totp_replay_protection = True
    code = totp.at(time.time() + 30)
    assert amp.login(token=code)["success"] is True
    assert amp.login(instance.id, token=code)["result"] == 50


def test_remember_me_token_logs_in_without_password_or_code(amp):
    amp.sim.enable_totp(DEFAULT_ADMIN_USERNAME)
    first = amp.login(token=amp.sim.totp_code(DEFAULT_ADMIN_USERNAME), remember=True)
    token = first["rememberMeToken"]
    assert len(token) >= 32
    again = amp.login(password="", token=token)
    assert again["success"] is True and again["sessionID"] != first["sessionID"]
    assert amp.login(password="", token="forged")["result"] == 1


def test_disabled_and_password_change_users(amp):
    amp.sim.add_user("dis", "pw", disabled=True)
    amp.sim.add_user("chg", "pw", must_change_password=True)
    assert amp.login(username="dis", password="pw")["result"] == 25
    assert amp.login(username="chg", password="pw")["result"] == 20
    amp.call("Core/SetConfig", node="Core.Security.TwoFactorMode", value="1")
    assert amp.login(username=DEFAULT_ADMIN_USERNAME)["result"] == 45


# ---------------------------------------------------------------------------------------------- sessions

def test_session_in_body_and_bearer_by_version(amp):
    for version, bearer in (("2.6.0.4", False), ("2.6.2.8", True)):
        amp.sim.version = version
        session = amp.login()["sessionID"]
        assert isinstance(amp.post("Core/GetRoleIds", SESSIONID=session), dict)
        answer = amp.raw("Core/GetRoleIds", headers={"Authorization": "Bearer " + session}).json()
        assert isinstance(answer, dict) and (("Title" not in answer) == bearer), (version, answer)


def test_idle_session_expires(amp):
    amp.sim.session_timeout = 1
    session = amp.login()["sessionID"]
    amp.sim.advance_clock(0.8)
    assert "Title" not in amp.post("Core/GetRoleIds", SESSIONID=session)  # each call resets the timer
    amp.sim.advance_clock(0.8)
    assert "Title" not in amp.post("Core/GetRoleIds", SESSIONID=session)
    amp.sim.advance_clock(1.5)
    expired = amp.post("Core/GetRoleIds", SESSIONID=session)
    assert expired == UNAUTHORIZED and amp.sim.requests[-1].note.startswith("session expired after")
    amp.sim.advance_clock(-1.5)  # it stays forgotten
    assert amp.post("Core/GetRoleIds", SESSIONID=session)["Title"] == "Unauthorized Access"


def test_default_timeout_is_240_seconds_and_expire_sessions(amp):
    assert AMPSimulator().session_timeout == 240
    instance = amp.sim.add_instance("Mc01")
    ads, inst = amp.session(), amp.session(instance.id)
    amp.sim.advance_clock(239)
    assert "Title" not in amp.post("Core/GetRoleIds", SESSIONID=ads)
    assert amp.sim.expire_sessions("ADS") == 1
    assert amp.post("Core/GetRoleIds", SESSIONID=ads)["Title"] == "Unauthorized Access"
    assert "Title" not in amp.post("Core/GetRoleIds", instance.id, SESSIONID=inst)
    amp.sim.expire_sessions()
    assert amp.post("Core/GetRoleIds", instance.id, SESSIONID=inst)["Title"] == "Unauthorized Access"


def test_sessions_are_per_process(amp):
    instance = amp.sim.add_instance("Mc01")
    ads = amp.session()
    assert amp.post("Core/GetRoleIds", instance.id, SESSIONID=ads)["Title"] == "Unauthorized Access"
    inst = amp.session(instance.id)
    assert amp.post("Core/GetRoleIds", SESSIONID=inst)["Title"] == "Unauthorized Access"
    amp.post("Core/Logout", instance.id, SESSIONID=inst)
    assert amp.post("Core/GetRoleIds", instance.id, SESSIONID=inst)["Title"] == "Unauthorized Access"


def test_unauthorized_access_can_be_a_401(amp):
    amp.sim.unauthorized_status = 401
    response = amp.raw("Core/GetRoleIds", SESSIONID="nope")
    assert response.status_code == 401 and response.json()["Title"] == "Unauthorized Access"


# ---------------------------------------------------------------------------------------------- proxy

def test_instance_not_running_is_unavailable(amp):
    stopped = amp.sim.add_instance("Mc01", running=False)
    for instance in (stopped.id, stopped.instance_name, "3f0c8a5e-0000-4000-8000-000000000000"):
        answer = amp.login(instance)
        assert answer["Title"] == "Instance Unavailable", instance
    amp.call("ADSModule/StartInstance", InstanceName="Mc01")
    assert amp.login(stopped.id)["success"] is True


def test_instance_login_needs_instance_access(amp):
    instance = amp.sim.add_instance("Mc01")
    amp.sim.add_user("op", "pw")
    assert amp.login(username="op", password="pw")["success"] is True
    denied = amp.login(instance.id, username="op", password="pw")
    assert denied == {"success": False, "result": 5, "resultReason": "You do not have access to this instance"}
    amp.sim.add_role("Operators", permissions={"Instances.%s.Manage" % instance.id: True})
    amp.call("Core/SetAMPUserRoleMembership", UserId=amp.sim.state.user_by_name("op").id,
             RoleId=amp.sim.state.role_by_name("Operators").id, IsMember=True)
    assert amp.login(instance.id, username="op", password="pw")["success"] is True


def test_manage_instance_token_logs_into_the_instance(amp):
    instance = amp.sim.add_instance("Mc01")
    token = amp.call("ADSModule/ManageInstance", InstanceId=instance.id)["Result"]
    reply = amp.login(instance.id, password="", token=token)
    assert reply["success"] is True
    assert amp.login(instance.id, password="", token=token)["result"] == 1  # one-off


# ---------------------------------------------------------------------------------------------- versions

def test_legacy_profiles(amp):
    amp.sim.version = "2.4.6.10"
    reply = amp.login()
    assert reply["success"] is True and "result" in reply  # Login is never wrapped
    # §13 quirk 6: everything else carries the {"result": ...} envelope before 2.5.
    session = reply["sessionID"]
    assert set(amp.post("Core/GetRoleIds", SESSIONID=session)) == {"result"}
    assert amp.post("Core/CreateUser", SESSIONID=session, Username="bob")["result"]["Status"] is True
    amp.sim.version = "2.5.1.2"
    instance = amp.sim.add_instance("Mc01")
    targets = amp.post("ADSModule/GetInstances", SESSIONID=session)
    summary = targets[0]["AvailableInstances"][1]
    # §13 quirk 20: before 2.6 versions are objects and dates /Date(ms)/.
    assert summary["InstanceID"] == instance.id and summary["AMPVersion"]["Major"] == 2
    assert targets[0]["LastUpdated"].startswith("/Date(")
    amp.sim.version = "2.6.0.4"
    targets = amp.post("ADSModule/GetInstances", SESSIONID=session)
    assert targets[0]["LastUpdated"].endswith("Z") and targets[0]["AvailableInstances"][1]["AMPVersion"] == "2.6.0.4"


# ---------------------------------------------------------------------------------------------- log and writes

def test_read_only_table_names_real_methods():
    methods = amp_spec.methods_for_version(amp_spec.default_version())
    for call in amp_spec.READ_ONLY_EXTRA:
        module, name = call.split("/")
        assert (module, name) in methods, call
    assert is_read_only("Core", "GetScheduleData") and is_read_only("Core", "Login")
    for call in ("Core/SetConfig", "Core/AddTask", "ADSModule/CreateInstance", "LocalFileBackupPlugin/TakeBackup",
                 "Core/SetAMPRolePermission", "MinecraftModule/BukGetInstallUpdatePlugin", "Core/Start"):
        assert not is_read_only(*call.split("/")), call


def test_request_log_records_calls_as_sent(amp):
    instance = amp.sim.add_instance("Mc01")
    amp.sim.clear_log()
    session = amp.login(instance.id)["sessionID"]
    amp.call("Core/GetScheduleData", instance.id, session=session)
    amp.call("Core/CreateUser", Username="bob")
    login, schedule, ads_login, create = amp.sim.requests
    assert login.method == "POST" and login.path == "/API/ADSModule/Servers/%s/API/Core/Login" % instance.id
    assert (login.module, login.api_method, login.instance, login.instance_name) == (
        "Core", "Login", instance.id, "Mc01")
    assert login.body["password"] == DEFAULT_ADMIN_PASSWORD  # secrets as sent
    assert schedule.call == "Core/GetScheduleData" and schedule.status == 200 and not schedule.injected
    assert ads_login.instance is None and create.call == "Core/CreateUser"
    assert [r.call for r in amp.sim.writes()] == ["Core/CreateUser"]
    assert [r.call for r in amp.sim.calls("Core/Login", instance="ADS")] == ["Core/Login"]
    assert len(amp.sim.calls(instance="Mc01")) == 2


# ---------------------------------------------------------------------------------------------- faults

def test_fault_http_status_with_count_and_filter(amp):
    instance = amp.sim.add_instance("Mc01")
    amp.sim.inject_fault(status=503, count=2, module="Core", method="GetScheduleData", instance="Mc01",
                         retry_after=1)
    assert amp.raw("Core/GetScheduleData", SESSIONID=amp.session()).status_code == 200  # ADS: no match
    session = amp.session(instance.id)
    statuses = [amp.raw("Core/GetScheduleData", instance.id, SESSIONID=session) for attempt in range(3)]
    assert [r.status_code for r in statuses] == [503, 503, 200]
    assert statuses[0].headers["Retry-After"] == "1"
    assert [r.injected for r in amp.sim.calls("Core/GetScheduleData", instance="Mc01")] == [True, True, False]


def test_fault_amp_errors_inside_200(amp):
    amp.sim.inject_fault(title="Unauthorized Access", method="CreateUser")
    assert amp.call("Core/CreateUser", Username="bob")["Title"] == "Unauthorized Access"
    assert amp.sim.state.user_by_name("bob") is None  # not executed
    amp.sim.inject_fault(reason="Simulated failure", method="CreateUser")
    failed = {"Status": False, "Reason": "Simulated failure", "SupportTitle": None, "SupportURL": None, "Result": None}
    assert amp.call("Core/CreateUser", Username="bob") == failed
    assert amp.sim.state.user_by_name("bob") is None


def test_fault_expire_ends_the_session_mid_run(amp):
    instance = amp.sim.add_instance("Mc01")
    session = amp.session(instance.id)
    amp.sim.inject_fault(expire=True, method="GetBackups", instance="Mc01")
    assert amp.post("LocalFileBackupPlugin/GetBackups", instance.id, SESSIONID=session) == UNAUTHORIZED
    assert amp.post("LocalFileBackupPlugin/GetBackups", instance.id, SESSIONID=session) == UNAUTHORIZED
    fresh = amp.login(instance.id)["sessionID"]
    assert amp.post("LocalFileBackupPlugin/GetBackups", instance.id, SESSIONID=fresh) == []
    assert "Title" not in amp.call("Core/GetRoleIds")  # the ADS session was not touched


def test_fault_after_the_call_and_dropped_connection(amp):
    amp.sim.inject_fault(status=502, method="CreateUser", after=True)
    assert amp.raw("Core/CreateUser", SESSIONID=amp.session(), Username="bob").status_code == 502
    assert amp.sim.state.user_by_name("bob") is not None  # the write happened: an ambiguous failure
    amp.sim.inject_fault(drop=True, method="GetRoleIds")
    with pytest.raises(requests.ConnectionError):
        amp.raw("Core/GetRoleIds", SESSIONID=amp.session())
    assert "Title" not in amp.call("Core/GetRoleIds")


# ---------------------------------------------------------------------------------------------- control endpoints

def test_control_endpoints(amp):
    base = amp.sim.url + "/__sim"
    config = requests.post(base + "/config", json={"session_timeout": 5, "async_delay": 0.25}, timeout=5).json()
    assert config["session_timeout"] == 5 and amp.sim.async_delay == 0.25
    created = requests.post(base + "/users", json={"username": "eve", "password": "pw", "totp": True}, timeout=5)
    assert created.status_code == 201
    secret = created.json()["totp_secret"]
    assert amp.login(username="eve", password="pw", token=pyotp.TOTP(secret).now())["success"] is True
    assert requests.post(base + "/instances", json={"name": "Mc01"}, timeout=5).status_code == 201
    assert requests.post(base + "/roles", json={"name": "Ops", "permissions": {"Core.*": True}}, timeout=5).ok
    requests.post(base + "/faults", json={"status": 500, "method": "GetRoleIds"}, timeout=5)
    assert amp.raw("Core/GetRoleIds", SESSIONID=amp.session()).status_code == 500
    log = requests.get(base + "/requests", timeout=5).json()
    assert log[-1]["api_method"] == "GetRoleIds" and log[-1]["injected"] is True
    state = requests.get(base + "/state", timeout=5).json()
    assert {u["name"] for u in state["users"]} == {"admin", "eve"}
    assert "pw" not in json.dumps(state["users"]) and secret not in json.dumps(state)
    assert state["instances"][0]["instance_name"] == "Mc01"
    assert state["ads"]["role_permissions"]["Ops"] == {"Core.*": True}
    assert requests.post(base + "/expire-sessions", json={}, timeout=5).json()["ended"] >= 1
    assert requests.post(base + "/clear-log", timeout=5).status_code == 204
    assert requests.get(base + "/requests", timeout=5).json() == []
    assert requests.post(base + "/reset", json={}, timeout=5).status_code == 204
    assert amp.sim.state.user_by_name("eve") is None and not amp.sim.state.instances
    assert requests.get(base + "/nope", timeout=5).status_code == 404


def test_connection_env(amp):
    env = amp.sim.connection_env()
    assert env == {"GAMEOPS_PANEL_TYPE": "amp", "GAMEOPS_PANEL_URL": amp.sim.url,
                   "GAMEOPS_PANEL_USERNAME": DEFAULT_ADMIN_USERNAME, "GAMEOPS_PANEL_PASSWORD": DEFAULT_ADMIN_PASSWORD}
    secret = amp.sim.enable_totp(DEFAULT_ADMIN_USERNAME)
    assert amp.sim.connection_env()["GAMEOPS_PANEL_TOTP_SECRET"] == secret


def test_runs_as_a_process(tmp_path):
    port_file = tmp_path / "url"
    process = subprocess.Popen([sys.executable, "-m", "tests.simulators.amp", "--port-file", str(port_file),
                                "--instance", "Mc01"], cwd=str(REPO_ROOT), stdout=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)))
    try:
        deadline = time.time() + 20
        while not (port_file.exists() and port_file.read_text().strip()) and time.time() < deadline:
            time.sleep(0.05)
        url = port_file.read_text().strip()
        assert url.startswith("http://127.0.0.1:")
        reply = requests.post(url + "/API/Core/Login", json={"username": DEFAULT_ADMIN_USERNAME,
                                                             "password": DEFAULT_ADMIN_PASSWORD, "token": "",
                                                             "rememberMe": False}, timeout=5).json()
        targets = requests.post(url + "/API/ADSModule/GetInstances", json={"SESSIONID": reply["sessionID"]},
                                timeout=5).json()
        assert [i["InstanceName"] for i in targets[0]["AvailableInstances"]] == ["ADS01", "Mc01"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
