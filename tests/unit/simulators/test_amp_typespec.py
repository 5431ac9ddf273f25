# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every answer the AMP simulator gives to the methods the collection calls, held to AMP's own
TypeSpec.json (through the return types of TypedAPISpec.json / APISpec.json).

The methods are read from the collection's source (every ``x.call("Module", "Method", ...)`` under
plugins/module_utils/amp), so a new call the scenario below does not make fails the test. The
scenario makes each call at least once with success, and some of them fail on purpose: a failed
ActionResult must still be an ActionResult, an error an ErrorResponse.

Where a real answer differs from TypeSpec, the real answer wins, and the evidence is named here:
``OMITTABLE`` (fields real answers leave out although TypeSpec does not mark them optional) and
``EXTRA`` (keys real answers carry that TypeSpec lacks).
"""
from __future__ import annotations

import base64

import pyotp
import pytest

from tests.simulators.amp import AMPSimulator
from tests.unit.simulators.amp_helpers import Amp, interval, update_info_from
from tests.unit.simulators.amp_shapes import SPEC_DIR, TypeSpecChecker, collection_calls, load_json, return_types

TYPES = load_json(SPEC_DIR / "TypeSpec.json")
GETINSTANCES = "the real GetInstances (tests/amp_spec/captures/ADSModule.GetInstances.json)"
OMITTABLE = {
    "InstanceSummary": {
        "Description": GETINSTANCES + ": the ADS01 entry has no Description",
        "ModuleDisplayName": GETINSTANCES + ": Minecraft and ADS entries have none",
        "SpecificDockerImage": GETINSTANCES + ": the ADS01 entry has none",
        "DisplayImageSource": GETINSTANCES + ": the ADS01 entry has none",
        "WelcomeMessage": GETINSTANCES + ": no entry has one (unset optional strings are left out, API.md quirk 21)",
    },
}
OMITTABLE["MetricInfo"] = {
    "ShortName": GETINSTANCES + ": no metric has a ShortName",
    "Color2": GETINSTANCES + ": only 'CPU Usage' has a Color2",
}
EXTRA = {
    "TimeIntervalTrigger": {
        "Tasks": "the real GetTimeIntervalTrigger (tests/amp_spec/captures) carries Tasks, keyed by task id",
    },
}
#: a failed Core/Login has only these keys in the real capture (fragments.json, "Core/Login failure")
FAILED_LOGIN_KEYS = {"success", "result", "resultReason"}


@pytest.fixture(name="amp")
def fixture_amp():
    sim = AMPSimulator()
    sim.start()
    yield Amp(sim)
    sim.stop()


def run_scenario(amp):
    """Every method the collection calls, with success, plus a few refusals."""
    sim = amp.sim
    call = amp.call
    minecraft = sim.add_instance("Survival01", app_state=20)
    ads_id = sim.state.ads.id
    # ADS: instances
    call("ADSModule/GetInstances")
    call("ADSModule/GetProvisionArguments", ModuleName="Minecraft")
    call("ADSModule/CreateInstance", TargetADSInstance=ads_id, NewInstanceId="5a3d1c0e-2b4f-4e6a-8c9d-0e1f2a3b4c5d",
         Module="Minecraft", InstanceName="Creative01", FriendlyName="Creative", IPBinding="0.0.0.0",
         PortNumber=8095, AdminUsername="admin", AdminPassword="x", ProvisionSettings={})
    call("ADSModule/CreateInstance", TargetADSInstance=ads_id, NewInstanceId="5a3d1c0e-2b4f-4e6a-8c9d-0e1f2a3b4c5e",
         Module="Minecraft", InstanceName="Creative01", FriendlyName="Again", IPBinding="0.0.0.0",
         PortNumber=8096, AdminUsername="admin", AdminPassword="x", ProvisionSettings={})  # taken name: refused
    summary = [i for i in call("ADSModule/GetInstances")[0]["AvailableInstances"] if i["InstanceName"] == "Survival01"][0]
    call("ADSModule/UpdateInstanceInfo", **update_info_from(summary, FriendlyName="Survival World"))
    call("ADSModule/GetInstanceNetworkInfo", InstanceName="Survival01")
    call("ADSModule/SetInstanceNetworkInfo", InstanceId=minecraft.id,
         PortMappings={"MinecraftModule.Minecraft.PortNumber": 25600})
    call("ADSModule/SetInstanceSuspended", InstanceName="Creative01", Suspended=True)
    call("ADSModule/SetInstanceSuspended", InstanceName="Creative01", Suspended=False)
    call("ADSModule/StopInstance", InstanceName="Creative01")
    call("ADSModule/StartInstance", InstanceName="Creative01")
    call("ADSModule/DeleteInstance", InstanceName="Creative01")
    # ADS: users, 2FA, roles, permissions, settings
    call("Core/CreateUser", Username="alice")
    call("Core/CreateUser", Username="alice")  # exists: refused
    call("Core/ResetUserPassword", Username="alice", NewPassword="alice-password-1")
    call("Core/UpdateUserInfo", Username="alice", Disabled=False, PasswordExpires=False, CannotChangePassword=False,
         MustChangePassword=False, EmailAddress="alice@example.test")
    setup = call("Core/EnableTwoFactor", Username="alice", Password="alice-password-1")["Result"]
    code = pyotp.TOTP(setup["ManualKey"]).now()
    call("Core/ConfirmTwoFactorSetup", Username="alice", TwoFactorCode=code)
    alice = amp.login(username="alice", password="alice-password-1", token=code)
    amp.login(username="alice", password="wrong")  # refused login
    amp.post("Core/DisableTwoFactor", SESSIONID=alice["sessionID"], Password="alice-password-1", TwoFactorCode=code)
    call("Core/GetAllAMPUserInfo")
    call("Core/GetAMPUserInfo", Username="alice")
    role_id = call("Core/CreateRole", Name="Moderators")["Result"]
    call("Core/GetRole", RoleId=role_id)
    call("Core/GetRoleData")
    call("Core/GetRoleIds")
    call("Core/GetPermissionsSpec")
    call("Core/SetAMPRolePermission", RoleId=role_id, PermissionNode="Core.RoleManagement.ViewRoles", Enabled=True)
    call("Core/SetAMPRolePermission", RoleId=role_id, PermissionNode="No.Such.Node", Enabled=True)  # refused
    call("Core/GetAMPRolePermissions", RoleId=role_id)
    call("Core/SetAMPUserRoleMembership", UserId=sim.state.user_by_name("alice").id, RoleId=role_id, IsMember=True)
    call("Core/GetConfigs", nodes=["Core.Privacy.SessionTimeout"])
    call("Core/SetConfig", node="Core.Privacy.SessionTimeout", value="600")
    call("Core/GetTasks")
    # the instance: application, scheduler, backups, settings
    place = minecraft.id
    call("Core/GetStatus", place)
    call("Core/Start", place)
    call("Core/SendConsoleMessage", place, message="say hello")
    call("Core/Restart", place)
    call("Core/Stop", place)
    call("Core/Kill", place)
    call("Core/SetConfig", place, node="MinecraftModule.Game.MaxPlayers", value="30")
    call("Core/GetConfigs", place, nodes=["MinecraftModule.Game.MaxPlayers"])
    call("Core/AddIntervalTrigger", place, **interval(description="nightly"))
    schedule = call("Core/GetScheduleData", place)
    trigger_id = schedule["PopulatedTriggers"][0]["Id"]
    call("Core/EditIntervalTrigger", place, Id=trigger_id, **interval(hours=(4,), description="nightly"))
    call("Core/SetTriggerEnabled", place, Id=trigger_id, Enabled=False)
    for seconds in ("10", "20"):
        call("Core/AddTask", place, TriggerID=trigger_id, MethodID="Event.CommonCorePlugin.Wait",
             ParameterMapping={"Seconds": seconds})
    tasks = [t for t in call("Core/GetScheduleData", place)["PopulatedTriggers"] if t["Id"] == trigger_id][0]["Tasks"]
    call("Core/EditTask", place, TriggerID=trigger_id, TaskID=tasks[0]["Id"], ParameterMapping={"Seconds": "30"})
    call("Core/ChangeTaskOrder", place, TriggerID=trigger_id, TaskID=tasks[1]["Id"], NewOrder=0)
    call("Core/GetTimeIntervalTrigger", place, Id=trigger_id)
    call("Core/DeleteTask", place, TriggerID=trigger_id, TaskID=tasks[0]["Id"])
    chat = [t for t in schedule["AvailableTriggers"] if t["Description"] == "A player sends a chat message"][0]
    call("Core/AddEventTrigger", place, triggerId=chat["Id"])
    call("Core/GetScheduleData", place)  # with tasks on a trigger
    call("Core/DeleteTrigger", place, TriggerID=trigger_id)
    call("Core/DeleteTrigger", place, TriggerID=trigger_id)  # gone: refused
    call("LocalFileBackupPlugin/TakeBackup", place, Title="nightly", Description="", Sticky=False)
    backup = call("LocalFileBackupPlugin/GetBackups", place)[0]
    call("LocalFileBackupPlugin/SetBackupSticky", place, BackupId=backup["Id"], Sticky=True)
    call("LocalFileBackupPlugin/RestoreBackup", place, BackupId=backup["Id"], DeleteExistingData=False)
    call("LocalFileBackupPlugin/DeleteLocalBackup", place, BackupId=backup["Id"])
    call("LocalFileBackupPlugin/DeleteLocalBackup", place, BackupId=backup["Id"])  # gone: an ErrorResponse
    # the instance's files (server_file, server_config)
    call("FileManagerPlugin/CreateDirectory", place, NewPath="config")
    call("FileManagerPlugin/WriteFileChunk", place, Filename="config/motd.txt",
         Data=base64.b64encode(b"hello\n").decode("ascii"), Offset=0, FinalChunk=True)
    call("FileManagerPlugin/GetDirectoryListing", place, Dir="config")
    call("FileManagerPlugin/ReadFileChunk", place, Filename="config/motd.txt", Offset=0, ChunkSize=1024)
    call("FileManagerPlugin/TrashFile", place, Filename="config/motd.txt")
    call("Core/GetRoleData", place)  # role permissions on the instance
    call("Core/SetAMPRolePermission", place, RoleId=role_id, PermissionNode="Core.AppManagement.StartApplication",
         Enabled=None)
    call("Core/DeleteRole", RoleId=role_id)
    call("Core/DeleteUser", Username="alice")
    amp.post("Core/GetRoleData", SESSIONID="00000000-0000-0000-0000-000000000000")  # Unauthorized Access


def test_every_answer_to_the_collections_calls_has_its_typespec_type(amp, record_property):
    run_scenario(amp)
    wanted = collection_calls()
    assert len(wanted) >= 50  # the whole AMP package, not an empty scan
    returns = return_types()
    checker = TypeSpecChecker(TYPES, omittable=OMITTABLE, extra=EXTRA)
    checked, succeeded, refused = 0, set(), set()
    problems = []
    for entry in amp.sim.requests:
        if (entry.module, entry.api_method) not in wanted:
            continue
        assert entry.status == 200, (entry.call, entry.status)
        answer = entry.response
        key = (entry.module, entry.api_method)
        if isinstance(answer, dict) and "StackTrace" in answer:
            type_names, outcome = ["ErrorResponse"], "error"
        elif key == ("Core", "Login") and isinstance(answer, dict) and answer.get("success") is False:
            assert set(answer) == FAILED_LOGIN_KEYS, answer
            type_names, outcome = [], "refused"
        else:
            type_names = returns[key]
            failed = isinstance(answer, dict) and answer.get("Status") is False
            outcome = "refused" if failed else "success"
        found = [checker.check(t, answer, entry.call) for t in type_names]
        if type_names and [] not in found:
            problems.append("%s (%s): %s" % (entry.call, " or ".join(type_names), found[0]))
        checked += 1
        (succeeded if outcome == "success" else refused).add(entry.call)
    assert problems == [], '\n'.join(problems)
    missing = sorted("%s/%s" % k for k in wanted - set(tuple(c.split("/")) for c in succeeded))
    assert missing == [], "calls of the collection the scenario does not make with success: %s" % missing
    assert len(refused) >= 6
    record_property("evidence", (
        "TypeSpec.json: %d answers to the %d methods the collection calls (%d with success, %d methods also refused "
        "or failed), %d TypeSpec types and %d fields seen; real-answer exceptions used: %s" % (
            checked, len(wanted), len(succeeded), len(refused), len(checker.types_seen), len(checker.fields_seen),
            sorted("%s.%s" % (t, f) for t, f, _e in checker.used_evidence))))


def test_the_checker_finds_what_typespec_forbids():
    """The checker is not a rubber stamp: wrong kinds, missing fields, unknown keys, bad enum values."""
    checker = TypeSpecChecker(TYPES)
    good = {"Status": True, "Reason": "", "SupportTitle": None, "SupportURL": None, "Result": "0b5c7ea5-2d59-4c1e-8f3a-3e9a3b7c1d20"}
    assert checker.check("ActionResult<Guid>", good) == []
    assert checker.check("ActionResult<Guid>", dict(good, Result="not-a-guid")) != []
    assert checker.check("ActionResult", dict(good, Extra=1)) != []
    assert checker.check("ActionResult", {"Status": True}) != []
    assert checker.check("List<String>", ["a", 1]) != []
    assert checker.check("ScheduleEnabledState", 3) != [] and checker.check("ScheduleEnabledState", 4) == []
    assert checker.check("Float", 0) != [] and checker.check("Float", 0.0) == []
    assert checker.check("Guid", None) != [] and checker.check("String", None) == []
    assert checker.check("Dictionary<Guid, String>", {"x": "y"}) != []
    assert checker.check("DateTime", "/Date(1711435525392)/") != []
    assert checker.check("Void", None) == [] and checker.check("Void", {}) != []


def test_a_void_method_answers_json_null_which_the_checker_takes_as_void(amp):
    instance = amp.sim.add_instance("Mc01", app_state=20)
    response = amp.raw("Core/SendConsoleMessage", instance.id, message="say hi", SESSIONID=amp.session(instance.id))
    assert (response.status_code, response.content, response.headers["Content-Type"].split(";")[0]) == (
        200, b"null", "application/json")
    assert TypeSpecChecker(TYPES).check(return_types()[("Core", "SendConsoleMessage")][0], response.json()) == []
