# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AMP simulator's resources: instances, users, roles and tri-state permissions, settings,
the scheduler (interval/event triggers, tasks, webhooks) and backups, checked against the
shapes of the real samples in the reference."""
from __future__ import annotations

import pytest

from tests.simulators.amp import AMPSimulator
from tests.unit.simulators.amp_helpers import Amp, interval, update_info_from

NEW_ID = "5f3c7a8e-1d2b-4c6d-8e9f-0a1b2c3d4e5f"


@pytest.fixture(name="sim", scope="module")
def fixture_sim():
    simulator = AMPSimulator()
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture(name="amp")
def fixture_amp(sim):
    sim.reset()
    sim.async_delay = 0.0
    sim.new_event_trigger_enabled = False
    return Amp(sim)


def summary_of(amp, name):
    for target in amp.call("ADSModule/GetInstances"):
        for instance in target["AvailableInstances"]:
            if instance["InstanceName"] == name:
                return instance
    return None


def create(amp, name="Mc02", **changes):
    params = {"TargetADSInstance": amp.sim.state.ads.id, "NewInstanceId": NEW_ID, "Module": "Minecraft",
              "InstanceName": name, "FriendlyName": "Friendly " + name, "IPBinding": "0.0.0.0", "PortNumber": 8090,
              "AdminUsername": "admin", "AdminPassword": "x", "ProvisionSettings": {}}
    params.update(changes)
    return amp.call("ADSModule/CreateInstance", **params)


# Keys of the real samples in the reference (examples/*.json), in their order.
REAL_TARGET_KEYS = ["Id", "InstanceId", "FriendlyName", "Description", "Disabled", "IsRemote", "Platform", "Datastores",
                    "CreatesInContainers", "State", "StateReason", "CanCreate", "LastUpdated", "AvailableInstances",
                    "AvailableIPs", "Tags", "TagsList", "URL"]
REAL_ADS_KEYS = ["InstanceID", "TargetID", "InstanceName", "FriendlyName", "Module", "AMPVersion", "IsHTTPS", "IP",
                 "Port", "Daemon", "DaemonAutostart", "ExcludeFromFirewall", "Running", "AppState", "Tags",
                 "DiskUsageMB", "ReleaseStream", "ManagementMode", "Suspended", "IsContainerInstance",
                 "ContainerMemoryMB", "ContainerSwapMB", "ContainerMemoryPolicy", "ContainerCPUs", "Metrics",
                 "ApplicationEndpoints", "DeploymentArgs"]
REAL_MINECRAFT_KEYS = REAL_ADS_KEYS[:24] + ["SpecificDockerImage"] + REAL_ADS_KEYS[24:] + ["DisplayImageSource"]
REAL_INTERVAL_KEYS = ["Description", "EnabledState", "Id", "MatchDays", "MatchDaysOfMonth", "MatchHours",
                      "MatchMinutes", "MatchMonths", "Name", "Order", "Tasks"]
REAL_TASK_KEYS = ["CreatedBy", "EnabledState", "Id", "Locked", "Order", "ParameterMapping", "TaskMethodName"]
REAL_BACKUP_KEYS = ["CreatedAutomatically", "Description", "Id", "ModuleName", "Name", "SourceOS", "Sticky",
                    "StoredLocally", "StoredRemotely", "TakenBy", "TotalSizeBytes", "Timestamp"]


def in_order(keys, payload):
    """The sample's keys are all there, in the sample's order (extra keys allowed in between)."""
    ours = [k for k in payload if k in keys]
    assert ours == keys, (keys, list(payload))


# ---------------------------------------------------------------------------------------------- instances

def test_get_instances_has_the_shape_of_the_real_sample(amp):
    amp.sim.add_instance("Mc01", is_container=True)
    amp.sim.add_instance("Gen01", module="GenericModule")
    targets = amp.call("ADSModule/GetInstances")
    assert len(targets) == 1
    target = targets[0]
    in_order(REAL_TARGET_KEYS, target)
    ads, minecraft, generic = target["AvailableInstances"]
    in_order(REAL_ADS_KEYS, ads)
    in_order(REAL_MINECRAFT_KEYS, minecraft)
    assert "ModuleDisplayName" in generic and "SpecificDockerImage" not in generic
    assert isinstance(minecraft["ContainerCPUs"], float) and isinstance(minecraft["Port"], int)
    assert (ads["Module"], ads["ManagementMode"], ads["AppState"], ads["InstanceID"]) == (
        "ADS", 0, -1, target["InstanceId"])
    assert minecraft["ManagementMode"] == 10 and minecraft["TargetID"] == target["InstanceId"]
    assert isinstance(target["Id"], int) and isinstance(target["InstanceId"], str)  # §13 quirk 3
    assert "Description" not in minecraft  # §13 quirk 21: unset optional keys are omitted
    assert generic["ModuleDisplayName"] == "Generic Application"
    assert minecraft["DeploymentArgs"]["MinecraftModule.Minecraft.PortNumber"] == "25565"


def test_instances_across_targets_and_access_filter(amp):
    remote = amp.sim.add_target("AMP02")
    amp.sim.add_instance("Mc01")
    amp.sim.add_instance("Mc02", target_id=remote.instance_id)
    targets = amp.call("ADSModule/GetInstances")
    names = [[i["InstanceName"] for i in t["AvailableInstances"]] for t in targets]
    assert names == [["ADS01", "Mc01"], ["AMP02", "Mc02"]]
    assert targets[1]["IsRemote"] is True
    mc02 = amp.sim.state.find_instance("Mc02")
    amp.sim.add_role("Mc02 users", permissions={"Instances.%s.Manage" % mc02.id: True})
    amp.sim.add_user("op", "pw", roles=["Mc02 users"])
    visible = amp.call_as("op", "pw", "ADSModule/GetInstances")
    assert [[i["InstanceName"] for i in t["AvailableInstances"]] for t in visible] == [["ADS01"], ["AMP02", "Mc02"]]


def test_create_instance_is_asynchronous(amp):
    amp.sim.async_delay = 30
    answer = create(amp, PostCreate=3, ProvisionSettings={"MinecraftModule.Minecraft.PortNumber": "25570"})
    assert answer == {"Status": True, "Reason": "", "SupportTitle": None, "SupportURL": None}
    assert summary_of(amp, "Mc02") is None  # §13 quirk 11: not there yet
    tasks = amp.call("Core/GetTasks")
    assert tasks[0]["Name"] == "Creating instance" and tasks[0]["State"] == 0
    amp.sim.advance_clock(31)
    summary = summary_of(amp, "Mc02")
    assert summary["InstanceID"] == NEW_ID and summary["FriendlyName"] == "Friendly Mc02"
    assert summary["Running"] is True and summary["AppState"] == 20  # PostCreate 3 starts the application
    assert summary["Port"] == 8090 and summary["DeploymentArgs"]["MinecraftModule.Minecraft.PortNumber"] == "25570"
    assert amp.call("Core/GetTasks")[0]["State"] == 4  # TaskState Finished (TypeSpec)
    assert amp.call("ADSModule/GetInstance", InstanceId=NEW_ID)["InstanceName"] == "Mc02"


@pytest.mark.parametrize("changes,reason", [
    ({"InstanceName": "Mc01"}, "An instance with the name Mc01 already exists."),
    ({"InstanceName": "bad name"}, "Instance names may only contain letters, numbers, dashes and underscores."),
    ({"Module": "Factorio"}, "Unknown module: Factorio"),
    ({"TargetADSInstance": "0f0f0f0f-0000-4000-8000-000000000000"}, "The specified target does not exist."),
    ({"PortNumber": 8081}, "Port 8081 is already in use by instance Mc01."),
    ({"IPBinding": "10.9.9.9"}, "10.9.9.9 is not an IP address available on this target."),
    ({"ProvisionSettings": {"MinecraftModule.Minecraft.PortNumber": "high"}},
     "MinecraftModule.Minecraft.PortNumber expects a whole number, not 'high'."),
])
def test_create_instance_refusals(amp, changes, reason):
    amp.sim.add_instance("Mc01", port=8081)
    answer = create(amp, **changes)
    assert answer == {"Status": False, "Reason": reason, "SupportTitle": None, "SupportURL": None, "Result": None}
    assert len(amp.sim.state.instances) == 1


def test_update_instance_info_is_a_full_replace(amp):
    amp.sim.add_instance("Mc01", description="keep me", welcome_message="hello")
    summary = summary_of(amp, "Mc01")
    assert amp.call("ADSModule/UpdateInstanceInfo", **update_info_from(summary, FriendlyName="Renamed"))["Status"]
    after = summary_of(amp, "Mc01")
    assert after["FriendlyName"] == "Renamed" and after["Description"] == "keep me"
    assert after["WelcomeMessage"] == "hello"
    # §13 quirk 10: a field left out is reset - WelcomeMessage is the optional one.
    params = update_info_from(after)
    del params["WelcomeMessage"]
    amp.call("ADSModule/UpdateInstanceInfo", **params)
    assert "WelcomeMessage" not in summary_of(amp, "Mc01")
    params = update_info_from(after)
    del params["ContainerSwap"]
    assert amp.call("ADSModule/UpdateInstanceInfo", **params)["Title"] == "Missing parameter ContainerSwap"


def test_start_stop_and_two_levels_of_running(amp):
    instance = amp.sim.add_instance("Mc01")
    # §13 quirk 13: the application inside (Core/Start via the proxy) vs the instance process.
    assert amp.call("Core/Start", instance.id)["Status"] is True
    assert summary_of(amp, "Mc01")["AppState"] == 20
    assert amp.call("Core/GetStatus", instance.id)["State"] == 20
    assert amp.call("Core/Stop", instance.id) is None  # Void: the JSON body null
    assert summary_of(amp, "Mc01")["AppState"] == 0
    assert amp.call("ADSModule/StopInstance", InstanceName="Mc01")["Status"] is True
    assert summary_of(amp, "Mc01")["Running"] is False
    # §13 quirk 12: InstanceName also takes the GUID.
    assert amp.call("ADSModule/StartInstance", InstanceName=instance.id)["Status"] is True
    amp.call("Core/Start", instance.id)


def test_suspension(amp):
    """A suspended instance keeps running as an AMP process (CubeCoders/AMP#763) with its application
    Suspended; only admins with ManageSuspendedInstances get in; its triggers do not fire (#1196)."""
    instance = amp.sim.add_instance("Mc01", app_state=20)
    amp.sim.add_role("Mc01 users", permissions={"Instances.%s.Manage" % instance.id: True})
    amp.sim.add_user("player", "pw", roles=["Mc01 users"])
    player_session = amp.session(instance.id, username="player", password="pw")
    assert amp.call("ADSModule/SetInstanceSuspended", InstanceName="Mc01", Suspended=True)["Status"] is True
    summary = summary_of(amp, "Mc01")
    assert (summary["Suspended"], summary["Running"], summary["AppState"]) == (True, True, 200)
    assert amp.login(instance.id, username="player", password="pw")["result"] == 6
    assert amp.post("Core/GetStatus", instance.id, SESSIONID=player_session)["Title"] == "Unauthorized Access"
    assert amp.call("Core/GetStatus", instance.id)["State"] == 200  # the super admin still manages it
    assert amp.call("Core/Start", instance.id)["Status"] is False
    started = [t["Id"] for t in amp.call("Core/GetScheduleData", instance.id)["AvailableTriggers"]
               if t["Description"] == "A backup has started."][0]
    amp.call("Core/AddEventTrigger", instance.id, triggerId=started)
    amp.call("Core/SetTriggerEnabled", instance.id, Id=started, Enabled=True)
    amp.call("Core/AddTask", instance.id, TriggerID=started, MethodID="Event.WebRequestPlugin.MakeGETRequest",
             ParameterMapping={"URI": "https://hooks.example/backup"})
    amp.call("LocalFileBackupPlugin/TakeBackup", instance.id, Title="t", Description="", Sticky=False)
    assert instance.task_runs == []
    amp.call("ADSModule/StopInstance", InstanceName="Mc01")
    amp.call("ADSModule/StartInstance", InstanceName="Mc01")
    assert summary_of(amp, "Mc01")["AppState"] == 200
    amp.call("ADSModule/SetInstanceSuspended", InstanceName="Mc01", Suspended=False)
    summary = summary_of(amp, "Mc01")
    assert (summary["Suspended"], summary["Running"], summary["AppState"]) == (False, True, 0)
    assert amp.login(instance.id, username="player", password="pw")["success"] is True


def test_delete_instance_returns_a_running_task(amp):
    amp.sim.async_delay = 10
    instance = amp.sim.add_instance("Mc01")
    amp.sim.add_role("Mc01 users", permissions={"Instances.%s.Manage" % instance.id: True})
    task = amp.call("ADSModule/DeleteInstance", InstanceName="Mc01")
    assert task["Name"] == "Deleting instance" and task["State"] == 0 and "Id" in task
    assert summary_of(amp, "Mc01") is not None
    amp.sim.advance_clock(11)
    assert summary_of(amp, "Mc01") is None
    role = amp.sim.state.role_by_name("Mc01 users")
    assert amp.call("Core/GetAMPRolePermissions", RoleId=role.id) == []
    assert amp.call("ADSModule/DeleteInstance", InstanceName="Mc01")["Status"] is False


def test_instance_settings_from_the_ads_and_network_info(amp):
    amp.sim.add_instance("Mc01", running=False)
    assert amp.call("ADSModule/SetInstanceConfig", InstanceName="Mc01", SettingNode="MinecraftModule.Game.MaxPlayers",
                    Value="42")["Status"] is True
    assert amp.sim.state.find_instance("Mc01").settings["MinecraftModule.Game.MaxPlayers"] == "42"
    ports = amp.call("ADSModule/GetInstanceNetworkInfo", InstanceName="Mc01")
    nodes = {p["ProvisionNodeName"]: p["PortNumber"] for p in ports}
    assert nodes["MinecraftModule.Minecraft.PortNumber"] == 25565
    instance = amp.sim.state.find_instance("Mc01")
    amp.call("ADSModule/SetInstanceNetworkInfo", InstanceId=instance.id,
             PortMappings={"MinecraftModule.Minecraft.PortNumber": 25600})
    assert summary_of(amp, "Mc01")["ApplicationEndpoints"][0]["Endpoint"] == "0.0.0.0:25600"


# ---------------------------------------------------------------------------------------------- users

def test_user_lifecycle(amp):
    created = amp.call("Core/CreateUser", Username="bob")
    user_id = created["Result"]
    assert created["Status"] is True and amp.sim.state.users[user_id].name == "bob"
    assert amp.call("Core/CreateUser", Username="BOB")["Reason"] == "A user with that name already exists."
    assert amp.login(username="bob", password="")["success"] is False  # no password until one is set
    amp.call("Core/ResetUserPassword", Username="bob", NewPassword="s3cret")
    assert amp.login(username="bob", password="s3cret")["success"] is True
    amp.call("Core/UpdateUserInfo", Username="bob", Disabled=False, PasswordExpires=False, CannotChangePassword=True,
             MustChangePassword=False, EmailAddress="bob@example.com")
    info = amp.call("Core/GetAMPUserInfo", Username="bob")
    assert (info["ID"], info["Name"], info["EmailAddress"], info["CannotChangePassword"]) == (
        user_id, "bob", "bob@example.com", True)
    summary = [u for u in amp.call("Core/GetAMPUsersSummary") if u["ID"] == user_id][0]
    assert summary["Username"] == "bob" and "Name" not in summary
    # §13 quirk 10: EmailAddress left out of the full replace is cleared.
    amp.call("Core/UpdateUserInfo", Username="bob", Disabled=False, PasswordExpires=False, CannotChangePassword=True,
             MustChangePassword=False)
    assert amp.call("Core/GetAMPUserInfo", Username="bob")["EmailAddress"] is None  # unset is null
    assert amp.call("Core/DeleteUser", Username="bob")["Status"] is True
    assert amp.call("Core/GetAMPUserInfo", Username="bob") is None
    assert amp.call("Core/DeleteUser", Username="admin")["Reason"] == "You cannot delete your own account."


def test_role_membership_and_user_writes_only_on_the_ads(amp):
    instance = amp.sim.add_instance("Mc01")
    user = amp.sim.add_user("bob", "pw")
    role = amp.sim.add_role("Mods")
    amp.call("Core/SetAMPUserRoleMembership", UserId=user.id, RoleId=role.id, IsMember=True)
    assert amp.call("Core/GetAMPUserInfo", Username="bob")["Roles"] == [role.id]
    members = [r for r in amp.call("Core/GetRoleData") if r["ID"] == role.id][0]["Members"]
    assert members == [{"ID": user.id, "Name": "bob"}]
    amp.call("Core/SetAMPUserRoleMembership", UserId=user.id, RoleId=role.id, IsMember=False)
    assert amp.call("Core/GetAMPUserInfo", Username="bob")["Roles"] == []
    refused = amp.call("Core/CreateUser", instance.id, Username="carol")
    assert refused["Status"] is False and "authentication server" in refused["Reason"]
    assert [u["Name"] for u in amp.call("Core/GetAllAMPUserInfo", instance.id)] == ["admin", "bob"]


def test_two_factor_setup_through_the_api(amp):
    amp.sim.add_user("bob", "pw")
    assert amp.call("Core/EnableTwoFactor", Username="bob", Password="wrong")["Status"] is False
    setup = amp.call("Core/EnableTwoFactor", Username="bob", Password="pw")["Result"]
    assert setup["Url"].startswith("otpauth://totp/") and len(setup["ManualKey"]) >= 16
    assert amp.login(username="bob", password="pw")["success"] is True  # not active until confirmed
    import pyotp  # pylint: disable=import-outside-toplevel
    code = pyotp.TOTP(setup["ManualKey"]).now()
    assert amp.call("Core/ConfirmTwoFactorSetup", Username="bob", TwoFactorCode=code)["Status"] is True
    assert amp.login(username="bob", password="pw")["result"] == 40
    # §13 quirk 18: DisableTwoFactor acts on the calling session's user.
    session = amp.login(username="bob", password="pw", token=code)["sessionID"]
    amp.post("Core/DisableTwoFactor", SESSIONID=session, Password="pw", TwoFactorCode=code)
    assert amp.sim.state.user_by_name("bob").totp_secret is None
    assert amp.sim.state.user_by_name("admin").totp_secret is None


# ---------------------------------------------------------------------------------------------- roles and permissions

def test_role_lifecycle(amp):
    created = amp.call("Core/CreateRole", Name="Moderators")
    role_id = created["Result"]
    assert created["Status"] is True and amp.call("Core/GetRoleIds")[role_id] == "Moderators"
    assert amp.call("Core/CreateRole", Name="Moderators")["Status"] is False
    assert amp.call("Core/RenameRole", RoleId=role_id, NewName="Mods")["Status"] is True
    role = amp.call("Core/GetRole", RoleId=role_id)
    assert (role["Name"], role["Permissions"], role["Members"], role["IsCommonRole"]) == ("Mods", [], [], False)
    super_admins = amp.sim.state.role_by_name("Super Admins")
    assert amp.call("Core/DeleteRole", RoleId=super_admins.id)["Status"] is False
    assert amp.call("Core/RenameRole", RoleId=super_admins.id, NewName="x")["Status"] is False
    assert amp.call("Core/DeleteRole", RoleId=role_id)["Status"] is True
    assert role_id not in amp.call("Core/GetRoleIds")


def test_tri_state_permissions_per_process(amp):
    instance = amp.sim.add_instance("Mc01")
    role = amp.sim.add_role("Mods")

    def nodes(place=None):
        return amp.call("Core/GetAMPRolePermissions", place, RoleId=role.id)

    def set_node(node, enabled, place=None):
        return amp.call("Core/SetAMPRolePermission", place, RoleId=role.id, PermissionNode=node, Enabled=enabled)

    assert set_node("Core.RoleManagement.*", True)["Status"] is True
    assert set_node("Core.RoleManagement.DeleteRoles", False)["Status"] is True
    assert nodes() == ["Core.RoleManagement.*", "-Core.RoleManagement.DeleteRoles"]
    assert set_node("Core.RoleManagement.DeleteRoles", None)["Status"] is True  # back to inherit
    assert nodes() == ["Core.RoleManagement.*"]
    # Each process keeps its own list for the same role GUID.
    assert nodes(instance.id) == []
    assert set_node("LocalFileBackup.Backups.CreateBackup", True, instance.id)["Status"] is True
    assert nodes(instance.id) == ["LocalFileBackup.Backups.CreateBackup"] and nodes() == ["Core.RoleManagement.*"]
    assert amp.sim.state.role_nodes("Mods", "Mc01") == {"LocalFileBackup.Backups.CreateBackup": True}
    assert amp.sim.state.role_nodes("Mods") == {"Core.RoleManagement.*": True}
    # Nodes must exist on that process.
    assert set_node("LocalFileBackup.Backups.CreateBackup", True)["Reason"] == (
        "Unknown permission node: LocalFileBackup.Backups.CreateBackup")
    assert set_node("-Core.RoleManagement.DeleteRoles", True)["Status"] is False
    assert set_node("Instances.%s.Start" % instance.id, True)["Status"] is True
    assert set_node("Settings.Core.Webserver.APIRateLimit", False)["Status"] is True
    assert set_node("*", True, instance.id)["Status"] is True


def test_permissions_decide_what_a_user_may_call(amp):
    amp.sim.add_role("Viewers", permissions={"Core.UserManagement.*": True, "Core.UserManagement.DeleteUser": False})
    amp.sim.add_role("Deleters", permissions={"Core.UserManagement.DeleteUser": True})
    amp.sim.add_user("op", "pw", roles=["Viewers"])
    amp.sim.add_user("victim", "pw")
    assert isinstance(amp.call_as("op", "pw", "Core/GetAllAMPUserInfo"), list)
    assert amp.call_as("op", "pw", "Core/GetRoleData")["Title"] == "Unauthorized Access"
    assert amp.call_as("op", "pw", "Core/DeleteUser", Username="victim")["Title"] == "Unauthorized Access"
    # At equal specificity a deny wins over another role's grant.
    amp.call("Core/SetAMPUserRoleMembership", UserId=amp.sim.state.user_by_name("op").id,
             RoleId=amp.sim.state.role_by_name("Deleters").id, IsMember=True)
    assert amp.call_as("op", "pw", "Core/DeleteUser", Username="victim")["Title"] == "Unauthorized Access"
    assert amp.call_as("op", "pw", "Core/CurrentSessionHasPermission", PermissionNode="Core.UserManagement.DeleteUser") \
        is False
    assert amp.call_as("op", "pw", "Core/CurrentSessionHasPermission",
                       PermissionNode="Core.UserManagement.CreateNewUser") is True
    viewers = amp.sim.state.role_by_name("Viewers")
    amp.call("Core/SetAMPRolePermission", RoleId=viewers.id, PermissionNode="Core.UserManagement.DeleteUser",
             Enabled=None)
    assert amp.call_as("op", "pw", "Core/DeleteUser", Username="victim")["Status"] is True


def test_permission_tree_lists_instances_and_settings(amp):
    instance = amp.sim.add_instance("Mc01")
    tree = amp.call("Core/GetPermissionsSpec")
    top = {n["Node"]: n for n in tree}
    assert {"ADS", "Core", "FileManager", "Instances", "Settings"} <= set(top)
    assert [c["Node"] for c in top["Instances"]["Children"]] == ["Instances." + instance.id]
    inside = {n["Node"] for n in amp.call("Core/GetPermissionsSpec", instance.id)}
    assert "LocalFileBackup" in inside and "ADS" not in inside and "Instances" not in inside


# ---------------------------------------------------------------------------------------------- settings

def test_settings_spec_get_and_set(amp):
    instance = amp.sim.add_instance("Mc01")
    spec = amp.call("Core/GetSettingsSpec", instance.id)
    nodes = {s["Node"]: s for group in spec.values() for s in group}
    assert nodes["MinecraftModule.Game.PVP"]["CurrentValue"] is True
    assert nodes["MinecraftModule.Minecraft.PortNumber"]["CurrentValue"] == 25565
    assert nodes["MinecraftModule.Game.Difficulty"]["EnumValues"]["Hard"] == "Hard"
    assert "GenericModule.App.ApplicationPort1" not in nodes and "ADSModule.ADS.Mode" not in nodes

    def set_config(node, value):
        return amp.call("Core/SetConfig", instance.id, node=node, value=value)

    assert set_config("MinecraftModule.Game.PVP", "false")["Status"] is True
    assert instance.settings["MinecraftModule.Game.PVP"] == "False"  # §13 quirk 9: stored "True"/"False"
    assert amp.call("Core/GetConfig", instance.id, node="MinecraftModule.Game.PVP")["CurrentValue"] is False
    assert set_config("MinecraftModule.Game.MaxPlayers", "0")["Reason"] == (
        "MinecraftModule.Game.MaxPlayers must be between 1 and 1000.")
    assert set_config("MinecraftModule.Game.Difficulty", "Insane")["Status"] is False
    assert set_config("GenericModule.Meta.DisplayName", "x")["Reason"] == "No such setting node: GenericModule.Meta.DisplayName"
    configs = amp.call("Core/GetConfigs", instance.id, nodes=["MinecraftModule.Game.MaxPlayers", "Nope"])
    assert [c["Node"] for c in configs] == ["MinecraftModule.Game.MaxPlayers"]
    # SetConfigs: a bare boolean, all or nothing.
    mixed = {"MinecraftModule.Game.MaxPlayers": "30", "MinecraftModule.Game.Difficulty": "Insane"}
    assert amp.call("Core/SetConfigs", instance.id, data=mixed) is False
    assert instance.settings["MinecraftModule.Game.MaxPlayers"] == "20"
    assert amp.call("Core/SetConfigs", instance.id, data={"MinecraftModule.Game.MaxPlayers": "30"}) is True
    assert instance.settings["MinecraftModule.Game.MaxPlayers"] == "30"


def test_setting_needs_its_settings_permission(amp):
    amp.sim.add_role("Tuner", permissions={"Settings.Core.Webserver.APIRateLimit": True})
    amp.sim.add_user("op", "pw", roles=["Tuner"])
    assert amp.call_as("op", "pw", "Core/SetConfig", node="Core.Webserver.APIRateLimit", value="5")["Status"] is True
    denied = amp.call_as("op", "pw", "Core/SetConfig", node="Core.Privacy.AllowAnalytics", value="False")
    assert denied["Title"] == "Unauthorized Access"


# ---------------------------------------------------------------------------------------------- scheduler

def test_interval_trigger_months_are_zero_based(amp):
    instance = amp.sim.add_instance("Mc01")
    assert amp.call("Core/AddIntervalTrigger", instance.id, **interval(months=[12]))["Status"] is False
    assert amp.call("Core/AddIntervalTrigger", instance.id, **interval(months=[11, 0, 0], hours=[3]))["Status"]
    data = amp.call("Core/GetScheduleData", instance.id)
    trigger = data["PopulatedTriggers"][0]
    assert (trigger["Description"], trigger["Type"], trigger["EnabledState"], trigger["Tasks"]) == (
        "nightly", "TimeIntervalTrigger", 1, [])
    detail = amp.call("Core/GetTimeIntervalTrigger", instance.id, Id=trigger["Id"])
    assert detail["MatchMonths"] == [0, 11] and detail["MatchHours"] == [3] and detail["Name"] == "Interval Trigger"
    assert detail["MatchDaysOfMonth"] == list(range(1, 32)) and detail["Tasks"] == {}
    amp.call("Core/EditIntervalTrigger", instance.id, Id=trigger["Id"], **interval(months=[5], description="june"))
    detail = amp.call("Core/GetTimeIntervalTrigger", instance.id, Id=trigger["Id"])
    assert detail["MatchMonths"] == [5] and detail["Description"] == "june"


def test_get_time_interval_trigger_has_the_shape_of_the_real_sample(amp):
    instance = amp.sim.add_instance("Mc01")
    every_5_minutes = interval(minutes=range(0, 60, 5), hours=range(24), description="Every 5 minutes")
    amp.call("Core/AddIntervalTrigger", instance.id, **every_5_minutes)
    trigger_id = amp.call("Core/GetScheduleData", instance.id)["PopulatedTriggers"][0]["Id"]
    amp.call("Core/AddTask", instance.id, TriggerID=trigger_id, MethodID="Event.MinecraftModule.SendConsole",
             ParameterMapping={"Input": ""})
    ours = amp.call("Core/GetTimeIntervalTrigger", instance.id, Id=trigger_id)
    in_order(REAL_INTERVAL_KEYS, ours)
    # The real "Every 5 minutes" trigger: explicit full lists, months 0-11 (§13 quirk 7).
    assert ours["MatchMonths"] == list(range(12)) and ours["MatchDays"] == list(range(7))
    assert ours["MatchHours"] == list(range(24)) and ours["MatchMinutes"] == list(range(0, 60, 5))
    # §13 quirk 8: Tasks is an object keyed by task id here, a list in GetScheduleData.
    (task_id, task), = ours["Tasks"].items()
    assert set(REAL_TASK_KEYS) <= set(task)
    assert task["Id"] == task_id and task["Order"] == 0 and task["TaskMethodName"] == "Event.MinecraftModule.SendConsole"
    listed = amp.call("Core/GetScheduleData", instance.id)["PopulatedTriggers"][0]["Tasks"]
    assert isinstance(listed, list) and listed[0]["Id"] == task_id


def test_event_triggers_and_a_webhook(amp):
    instance = amp.sim.add_instance("Mc01")
    other = amp.sim.add_instance("Mc02")
    data = amp.call("Core/GetScheduleData", instance.id)
    available = {t["Description"]: t for t in data["AvailableTriggers"]}
    chat = available["A player sends a chat message"]
    assert chat["Emits"] == ["User", "UserID", "Message"] and "A backup has started." in available
    other_chat = [t for t in amp.call("Core/GetScheduleData", other.id)["AvailableTriggers"]
                  if t["Description"] == "A player sends a chat message"][0]
    assert other_chat["Id"] != chat["Id"]  # §13 quirk 15: ids differ per instance
    assert amp.call("Core/AddEventTrigger", instance.id, triggerId=chat["Id"])["Status"] is True
    data = amp.call("Core/GetScheduleData", instance.id)
    populated = data["PopulatedTriggers"][0]
    assert (populated["Id"], populated["Type"], populated["EnabledState"]) == (chat["Id"], "EventTrigger", 0)
    assert chat["Id"] not in [t["Id"] for t in data["AvailableTriggers"]]
    amp.call("Core/SetTriggerEnabled", instance.id, Id=chat["Id"], Enabled=True)
    mapping = {"URI": "https://hooks.example/chat", "Payload": "{\"who\": \"{@User}\", \"in\": \"{@TriggerName}\"}",
               "ContentType": "application/json"}
    assert amp.call("Core/AddTask", instance.id, TriggerID=chat["Id"], MethodID="Event.WebRequestPlugin.MakePOSTRequest",
                    ParameterMapping=mapping)["Status"] is True
    assert amp.call("Core/RunEventTriggerImmediately", instance.id, triggerId=chat["Id"])["Status"] is True
    run = instance.task_runs[-1]
    assert run["method"] == "Event.WebRequestPlugin.MakePOSTRequest"
    assert run["parameters"]["Payload"] == "{\"who\": \"{@User}\", \"in\": \"A player sends a chat message\"}"
    assert amp.call("Core/DeleteTrigger", instance.id, TriggerID=chat["Id"])["Status"] is True
    assert chat["Id"] in [t["Id"] for t in amp.call("Core/GetScheduleData", instance.id)["AvailableTriggers"]]


def test_tasks_are_checked_ordered_edited_and_deleted(amp):
    instance = amp.sim.add_instance("Mc01")
    amp.call("Core/AddIntervalTrigger", instance.id, **interval())
    trigger_id = amp.call("Core/GetScheduleData", instance.id)["PopulatedTriggers"][0]["Id"]

    def add(method, **mapping):
        return amp.call("Core/AddTask", instance.id, TriggerID=trigger_id, MethodID=method, ParameterMapping=mapping)

    assert add("Event.MinecraftModule.SendConsole", Input="say one")["Status"] is True
    assert add("Event.CommonCorePlugin.Wait", Seconds="30")["Status"] is True
    assert add("Event.MinecraftModule.Restart")["Status"] is True
    assert add("Event.NoSuch.Method")["Reason"] == "Unknown task method: Event.NoSuch.Method"
    assert add("Event.MinecraftModule.SendConsole", Command="x")["Status"] is False
    assert add("Event.EmailSenderPlugin.SendMail", Priority="9")["Status"] is False
    assert add("Event.GenericModule.Start")["Status"] is False  # a Minecraft instance lacks it

    def tasks():
        listed = amp.call("Core/GetScheduleData", instance.id)["PopulatedTriggers"][0]["Tasks"]
        assert [t["Order"] for t in listed] == list(range(len(listed)))
        return listed

    first, second, third = tasks()
    amp.call("Core/ChangeTaskOrder", instance.id, TriggerID=trigger_id, TaskID=third["Id"], NewOrder=0)
    assert [t["Id"] for t in tasks()] == [third["Id"], first["Id"], second["Id"]]
    assert amp.call("Core/ChangeTaskOrder", instance.id, TriggerID=trigger_id, TaskID=third["Id"],
                    NewOrder=3)["Status"] is False
    amp.call("Core/EditTask", instance.id, TriggerID=trigger_id, TaskID=first["Id"],
             ParameterMapping={"Input": "say two"})
    assert tasks()[1]["ParameterMapping"] == {"Input": "say two"}
    amp.call("Core/DeleteTask", instance.id, TriggerID=trigger_id, TaskID=third["Id"])
    assert [t["Id"] for t in tasks()] == [first["Id"], second["Id"]]
    amp.call("Core/SetTriggerEnabled", instance.id, Id=trigger_id, Enabled=False)
    assert amp.call("Core/GetScheduleData", instance.id)["PopulatedTriggers"][0]["EnabledState"] == 0


def test_available_method_names_are_not_unique_on_generic_instances(amp):
    instance = amp.sim.add_instance("Gen01", module="GenericModule")
    methods = amp.call("Core/GetScheduleData", instance.id)["AvailableMethods"]
    updates = [m["Id"] for m in methods if m["Name"] == "CheckForUpdates"]
    assert updates == ["Event.GenericModule.CheckForUpdates", "Event.steamcmdplugin.CheckForUpdates"]
    events = [t["Description"] for t in amp.call("Core/GetScheduleData", instance.id)["AvailableTriggers"]]
    assert "A user sends a chat message" in events and "A player sends a chat message" not in events


# ---------------------------------------------------------------------------------------------- backups

def test_backups_take_sticky_restore_delete(amp):
    amp.sim.async_delay = 5
    instance = amp.sim.add_instance("Mc01")
    assert amp.call("LocalFileBackupPlugin/TakeBackup", instance.id, Title="TestBU", Description="",
                    Sticky=False)["Status"] is True
    assert amp.call("LocalFileBackupPlugin/GetBackups", instance.id) == []  # §13 quirk 11
    assert amp.call("Core/GetTasks", instance.id)[0]["Name"] == "Backup"
    amp.sim.advance_clock(6)
    backup, = amp.call("LocalFileBackupPlugin/GetBackups", instance.id)
    assert set(REAL_BACKUP_KEYS) <= set(backup)
    assert (backup["Name"], backup["TakenBy"], backup["Sticky"], backup["ModuleName"]) == (
        "TestBU", "admin", False, "MinecraftModule")
    assert backup["Timestamp"].endswith("Z")
    assert amp.call("LocalFileBackupPlugin/SetBackupSticky", instance.id, BackupId=backup["Id"],
                    Sticky=True)["Status"] is True
    assert amp.call("LocalFileBackupPlugin/GetBackups", instance.id)[0]["Sticky"] is True
    amp.call("LocalFileBackupPlugin/RestoreBackup", instance.id, BackupId=backup["Id"], DeleteExistingData=True)
    assert instance.restores == []
    amp.sim.advance_clock(6)
    assert instance.restores[0]["backup_id"] == backup["Id"] and instance.restores[0]["delete_existing"] is True
    assert amp.call("LocalFileBackupPlugin/DeleteLocalBackup", instance.id, BackupId=backup["Id"]) is None
    assert amp.call("LocalFileBackupPlugin/GetBackups", instance.id) == []
    missing = amp.call("LocalFileBackupPlugin/DeleteLocalBackup", instance.id, BackupId=backup["Id"])
    assert missing["Title"] == "Backup not found"
    assert amp.call("LocalFileBackupPlugin/RestoreBackup", instance.id, BackupId=backup["Id"])["Status"] is False


def test_backup_retention(amp):
    instance = amp.sim.add_instance("Mc01", settings={"LocalFileBackupPlugin.BackupLimits.MaxBackupCount": "2"})

    def take(title, sticky=False):
        answer = amp.call("LocalFileBackupPlugin/TakeBackup", instance.id, Title=title, Description="", Sticky=sticky)
        amp.sim.advance_clock(1)
        return answer

    take("a", sticky=True)
    take("b")
    take("c")  # replaces the oldest non-sticky one
    assert [b["Name"] for b in amp.call("LocalFileBackupPlugin/GetBackups", instance.id)] == ["a", "c"]
    amp.call("Core/SetConfig", instance.id, node="LocalFileBackupPlugin.BackupLimits.ReplacePolicy", value="0")
    assert take("d")["Reason"] == "The backup limit of 2 has been reached."


def test_backup_events_run_enabled_triggers(amp):
    instance = amp.sim.add_instance("Mc01")
    available = {t["Description"]: t["Id"] for t in amp.call("Core/GetScheduleData", instance.id)["AvailableTriggers"]}
    finished = available["A backup finishes archiving."]
    amp.call("Core/AddEventTrigger", instance.id, triggerId=finished)
    amp.call("Core/AddTask", instance.id, TriggerID=finished, MethodID="Event.WebRequestPlugin.DiscordMessage",
             ParameterMapping={"WebhookURL": "https://discord.example/x", "DisplayUsername": "AMP",
                               "Contents": "backup {@Id} done"})
    amp.call("LocalFileBackupPlugin/TakeBackup", instance.id, Title="t", Description="", Sticky=False)
    amp.call("LocalFileBackupPlugin/GetBackups", instance.id)
    assert instance.task_runs == []  # the trigger starts disabled
    amp.call("Core/SetTriggerEnabled", instance.id, Id=finished, Enabled=True)
    amp.call("LocalFileBackupPlugin/TakeBackup", instance.id, Title="u", Description="", Sticky=False)
    backups = amp.call("LocalFileBackupPlugin/GetBackups", instance.id)
    assert instance.task_runs[-1]["parameters"]["Contents"] == "backup %s done" % backups[-1]["Id"]
