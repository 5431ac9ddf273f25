# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each kind of AMP process offers beyond the method list: setting nodes, permission nodes,
scheduler task methods and event triggers.

APISpec.json does not carry these, so they are tables here, one per concern, taken from
API.md (§6, §8, §9) and the public AMPAPI_Python node/event lists it cites (AMP 2.6.0.12).
Where a name is our own choice it says so in a comment; README.md lists the choices.
"""
from __future__ import annotations

import dataclasses
import functools
from typing import Optional

MODULE_NAMES = {"ADS": "ADSModule", "Minecraft": "MinecraftModule", "GenericModule": "GenericModule",
                "Rust": "RustModule"}
MODULE_DISPLAY_NAMES = {"Minecraft": "Minecraft", "GenericModule": "Generic Application", "Rust": "Rust"}
DISPLAY_IMAGES = {"Minecraft": "internal:MinecraftJava", "GenericModule": "internal:Generic", "Rust": "steam:252490"}


# ---------------------------------------------------------------------------------------------- settings

@dataclasses.dataclass(frozen=True)
class Setting:
    """One setting node (TypeSpec SettingSpec); ``default`` is the stored string form."""

    node: str
    name: str
    category: str
    val_type: str  # "Int32", "Boolean", "String", "Enum"
    default: str
    description: str = ""
    subcategory: str = ""
    enum_values: Optional[dict] = None  # stored value -> display text
    min_value: Optional[float] = None
    max_value: Optional[float] = None
    read_only: bool = False
    requires_restart: bool = False
    provision: bool = False  # appears in DeploymentArgs / ProvisionSettings
    input_type: str = ""


def _setting(node, name, category, val_type, default, **extra) -> Setting:
    input_type = {"Int32": "number", "Boolean": "checkbox", "Enum": "enum"}.get(val_type, "text")
    return Setting(node=node, name=name, category=category, val_type=val_type, default=default,
                   input_type=extra.pop("input_type", input_type), **extra)


_PORT = {"min_value": 1, "max_value": 65535}

COMMON_SETTINGS = (
    _setting("Core.Security.TwoFactorMode", "Two-factor authentication mode", "Security and Privacy", "Enum", "0",
             enum_values={"0": "Optional", "1": "Required"}),
    _setting("Core.Security.RequireSessionIPStickiness", "Require Session IP Stickiness", "Security and Privacy",
             "Boolean", "False"),
    _setting("Core.Privacy.AllowAnalytics", "Allow Browser Analytics", "Security and Privacy", "Boolean", "True"),
    _setting("Core.Webserver.APIRateLimit", "API rate limit", "Webserver", "Int32", "0", min_value=0, max_value=10000),
    _setting("EmailSenderPlugin.SMTP.Host", "SMTP Server Address", "External Services", "String", ""),
    _setting("EmailSenderPlugin.SMTP.Port", "SMTP Server Port", "External Services", "Int32", "587", **_PORT),
    _setting("EmailSenderPlugin.SMTP.UseSSL", "Use SSL for SMTP", "External Services", "Boolean", "True"),
    _setting("WebRequestPlugin.WebhookLogins.PushbulletAccessToken", "Pushbullet Access Token", "External Services",
             "String", ""),
    _setting("FileManagerPlugin.SFTP.SFTPEnabled", "Enable SFTP", "File Manager", "Boolean", "True"),
    _setting("FileManagerPlugin.SFTP.SFTPIPBinding", "SFTP IP Binding", "File Manager", "String", "0.0.0.0",
             provision=True, requires_restart=True),
    _setting("FileManagerPlugin.SFTP.SFTPPortNumber", "SFTP Port", "File Manager", "Int32", "2223", provision=True,
             requires_restart=True, **_PORT),
)

ADS_SETTINGS = (
    _setting("ADSModule.ADS.Mode", "Mode", "Instance Deployment", "Enum", "100", read_only=True,
             enum_values={"0": "Not Set", "10": "Controller", "20": "Hybrid", "30": "Target", "100": "Standalone"}),
    _setting("ADSModule.Network.AppPortInclusions", "Application Port Ranges", "Instance Deployment", "String",
             "[\"8081:8180\",\"25565:25665\",\"27015:27115\"]"),
    _setting("ADSModule.Network.DefaultIPBinding", "Default AMP IP Binding", "Instance Deployment", "String",
             "0.0.0.0"),
    _setting("ADSModule.Defaults.DefaultPostCreate", "Default post-create action", "Instance Deployment", "Enum", "0",
             enum_values={"0": "Do Nothing", "1": "Update Once", "2": "Update Always", "3": "Update and Start Once",
                          "4": "Update and Start Always", "5": "Start Always"}),
    _setting("ADSModule.Defaults.DefaultReleaseStream", "Default release stream", "Instance Deployment", "Enum", "10",
             enum_values={"5": "LTS", "10": "Mainline", "15": "Preview", "20": "Development"}),
    _setting("ADSModule.Defaults.UseDocker", "Create in Docker Containers", "Instance Deployment", "Boolean", "False"),
    _setting("ADSModule.Limits.InstanceLimit", "Service Limit", "Instance Deployment", "Int32", "100",
             min_value=0, max_value=10000),
)

#: Backup retention. The 2.6 node names are not confirmed (API.md §7, quirk 23): these are the
#: older LocalFileBackupPlugin.BackupLimits.* names, kept in this one table.
BACKUP_SETTINGS = (
    _setting("LocalFileBackupPlugin.BackupLimits.MaxBackupCount", "Backup Count Limit", "Backups", "Int32", "28",
             min_value=0, max_value=1000),
    _setting("LocalFileBackupPlugin.BackupLimits.MaxTotalSizeMB", "Backup Space Limit (MB)", "Backups", "Int32",
             "20280", min_value=0, max_value=10000000),
    _setting("LocalFileBackupPlugin.BackupLimits.ReplacePolicy", "Backup replacement policy", "Backups", "Enum", "1",
             enum_values={"0": "Don't replace", "1": "Delete single oldest non-sticky backup",
                          "2": "Delete multiple oldest non-sticky backups"}),
)

INSTANCE_COMMON_SETTINGS = (
    _setting("Core.AMP.AppStartupMode", "Application startup mode", "AMP", "Enum", "0",
             enum_values={"0": "Do Nothing", "1": "Update", "2": "Start", "3": "Update and Start"}),
) + BACKUP_SETTINGS

MODULE_SETTINGS = {
    "Minecraft": (
        _setting("MinecraftModule.Minecraft.ServerIPBinding", "Server IP Binding", "Minecraft", "String", "0.0.0.0",
                 provision=True, requires_restart=True),
        _setting("MinecraftModule.Minecraft.PortNumber", "Server Port", "Minecraft", "Int32", "25565", provision=True,
                 requires_restart=True, **_PORT),
        _setting("MinecraftModule.Game.MaxPlayers", "Max Players", "Minecraft", "Int32", "20", min_value=1,
                 max_value=1000),
        _setting("MinecraftModule.Game.Difficulty", "Difficulty", "Minecraft", "Enum", "Normal",
                 enum_values={"Peaceful": "Peaceful", "Easy": "Easy", "Normal": "Normal", "Hard": "Hard"}),
        _setting("MinecraftModule.Game.PVP", "Allow PvP", "Minecraft", "Boolean", "True"),
        _setting("MinecraftModule.Game.MOTD", "Message of the day", "Minecraft", "String", "A Minecraft Server"),
        _setting("MinecraftModule.Java.MaxHeapSizeMB", "Memory (MB)", "Minecraft", "Int32", "1024", min_value=256,
                 max_value=65536),
        _setting("MinecraftModule.Minecraft.ServerType", "Server Type", "Minecraft", "Enum", "Vanilla",
                 enum_values={"Vanilla": "Official (Vanilla)", "Paper": "Paper", "Forge": "Forge",
                              "Fabric": "Fabric"}),
    ),
    "GenericModule": (
        _setting("GenericModule.App.ApplicationIPBinding", "Application IP Binding", "Generic", "String", "0.0.0.0",
                 provision=True, requires_restart=True),
        _setting("GenericModule.App.ApplicationPort1", "Application Port", "Generic", "Int32", "27015",
                 provision=True, requires_restart=True, **_PORT),
        _setting("GenericModule.App.ApplicationPort2", "Application Port 2", "Generic", "Int32", "27016",
                 provision=True, requires_restart=True, **_PORT),
        _setting("GenericModule.App.MaxUsers", "Max Users", "Generic", "Int32", "16", min_value=1, max_value=1000),
        _setting("GenericModule.App.CommandLineArgs", "Extra command line arguments", "Generic", "String", ""),
        _setting("GenericModule.Meta.DisplayName", "Application", "Generic", "String", "Generic Application",
                 read_only=True, provision=True),
    ),
    "Rust": (
        _setting("RustModule.Rust.ServerIPBinding", "Server IP Binding", "Rust", "String", "0.0.0.0", provision=True),
        _setting("RustModule.Rust.PortNumber", "Server Port", "Rust", "Int32", "28015", provision=True, **_PORT),
        _setting("RustModule.Rust.MaxPlayers", "Max Players", "Rust", "Int32", "50", min_value=1, max_value=1000),
    ),
}

#: The setting node that holds an instance's main application port, per module.
PRIMARY_PORT_NODE = {"Minecraft": "MinecraftModule.Minecraft.PortNumber",
                     "GenericModule": "GenericModule.App.ApplicationPort1", "Rust": "RustModule.Rust.PortNumber"}
ENDPOINT_NAMES = {"Minecraft": "Minecraft Server Address", "GenericModule": "Application Address",
                  "Rust": "Application Address"}


@functools.lru_cache(maxsize=None)
def settings_for(kind: str) -> tuple:
    if kind == "ADS":
        return COMMON_SETTINGS + ADS_SETTINGS
    return COMMON_SETTINGS + INSTANCE_COMMON_SETTINGS + MODULE_SETTINGS.get(kind, ())


# ---------------------------------------------------------------------------------------------- permissions

_CORE_NODES = {
    "AppManagement": ("ReadConsole", "RestartApplication", "SendConsoleInput", "StartApplication", "StopApplication",
                      "UpdateApplication"),
    "AuditLog": ("ViewAuditLog",),
    "RoleManagement": ("CreateCommonRoles", "CreateRole", "DeleteRoles", "EditRoleInfo", "EditRolePermissions",
                       "ViewRoles"),
    "Scheduler": ("CreateTask", "CreateTrigger", "DeleteTask", "DeleteTrigger", "EditOtherUsersTasks", "EditTask",
                  "EditTrigger", "ViewSchedule"),
    "Special": ("ActivateAMP", "BypassSettingValueLimits", "CancelOtherUsersTasks", "Diagnostics",
                "QueryLicenceInformation", "RestartAMP", "RunSecurityCheck", "UpdateAMPInstance", "UpgradeAMP",
                "UseDevMethods", "ViewOtherUsersTasks"),
    "UserManagement": ("AccessExternalPermissions", "ChangeRoleMembership", "CreateNewUser", "DeleteUser",
                       "EndUserSessions", "ResetUserPassword", "UpdateOwnAccount", "UpdateUserInfo",
                       "ViewActiveSessions", "ViewOtherUsersSessions", "ViewUserInfo"),
}
_ADS_NODES = {
    "DatastoreManagement": ("ManageDatastores",),
    "InstanceManagement": ("AttachRemoteADSInstance", "CreateInstance", "DeleteInstances", "EditRemoteTargets",
                           "ManageSuspendedInstances", "Reconfigure", "RefreshConfiguration",
                           "RefreshRemoteConfigStores", "RegisterToController", "RemoveRemoteADSInstance",
                           "RestartInstances", "StartInstances", "StopInstances", "SuspendInstances",
                           "UpgradeInstances"),
    "TemplateManagement": ("ManageTemplates",),
}
_FILE_MANAGER_NODES = {
    "FileManager": ("BrowseFiles", "ChangeBackupExclusions", "ChangeFileExtension", "ConnectViaSFTP", "CopyFiles",
                    "CreateArchive", "CreateDirectory", "DownloadFiles", "DownloadFromURL", "EmptyTrash",
                    "ExtractArchive", "ModifyAMPConfigFiles", "RenameDirectories", "RenameFiles", "TrashDirectories",
                    "TrashFiles", "UploadFiles"),
}
#: Backup nodes on instances: "LocalFileBackup.*" is what an older client used (API.md §6, S9);
#: the leaf names are our choice.
_BACKUP_NODES = {"Backups": ("CreateBackup", "DeleteBackup", "RestoreBackup", "ViewBackups", "ManageStickyBackups")}
INSTANCE_ACTIONS = ("Manage", "Restart", "Start", "Stop", "Update")


def _group(prefix, groups, description=""):
    children = []
    for group, leaves in sorted(groups.items()):
        children.append(_tree_node(prefix + "." + group, group, [
            _tree_node("%s.%s.%s" % (prefix, group, leaf), leaf, []) for leaf in leaves]))
    return _tree_node(prefix, prefix, children, description)


def _tree_node(node, name, children, description=""):
    return {"Name": name, "Node": node, "DisplayName": name, "Description": description, "Children": children}


def permission_tree(kind: str, instance_ids=(), settings=()) -> list:
    """Core/GetPermissionsSpec for one process: IPermissionsTreeNode list."""
    tree = []
    if kind == "ADS":
        tree.append(_group("ADS", _ADS_NODES))
    tree.append(_group("Core", _CORE_NODES, "Core functionality built into AMP itself"))
    tree.append(_group("FileManager", _FILE_MANAGER_NODES))
    if kind != "ADS":
        tree.append(_group("LocalFileBackup", _BACKUP_NODES))
    if kind == "ADS":
        tree.append(_tree_node("Instances", "Instances", [
            _tree_node("Instances." + iid, iid, [_tree_node("Instances.%s.%s" % (iid, a), a, [])
                                                 for a in INSTANCE_ACTIONS]) for iid in instance_ids]))
    tree.append(_tree_node("Settings", "Settings", [_tree_node("Settings." + s.node, s.name, []) for s in settings],
                           "Which Settings users in this role have permission to change the value of"))
    return tree


def leaf_nodes(tree) -> set:
    found = set()

    def walk(entries):
        for entry in entries:
            if entry["Children"]:
                walk(entry["Children"])
            else:
                found.add(entry["Node"])
    walk(tree)
    return found


def group_nodes(tree) -> set:
    found = set()

    def walk(entries):
        for entry in entries:
            if entry["Children"]:
                found.add(entry["Node"])
                walk(entry["Children"])
    walk(tree)
    return found


# ---------------------------------------------------------------------------------------------- scheduler

def _param(name, display=None, value_type="String", input_type="text", enum_values=None, description=""):
    # SelectionSource (TypeSpec StringSelectionSourceAttribute, a .NET attribute object): null where the
    # parameter offers no list of values to pick from
    entry = {"Name": name, "DisplayName": display or name, "Description": description, "InputType": input_type,
             "ValueType": value_type, "SelectionSource": None}
    if enum_values:
        entry["EnumValues"] = enum_values
    return entry


def _method(method_id, description, consumes=(), display_format=None):
    return {"Id": method_id, "Name": method_id.rsplit(".", 1)[1], "Description": description,
            "DisplayFormat": display_format or description, "Consumes": list(consumes)}


_COMPARISONS = {str(i): name for i, name in enumerate(
    ("Equals", "NotEquals", "Contains", "DoesNotContain", "GreaterThan", "LessThan", "GreaterThanOrEqual",
     "LessThanOrEqual", "RegexMatch"))}

COMMON_TASK_METHODS = (
    _method("Event.WebRequestPlugin.MakePOSTRequest", "Make a POST request to a URL",
            (_param("URI", "URL", input_type="url"), _param("Payload"), _param("ContentType", "Content Type"))),
    _method("Event.WebRequestPlugin.MakeGETRequest", "Make a GET request to a URL",
            (_param("URI", "URL", input_type="url"),)),
    _method("Event.WebRequestPlugin.DiscordMessage", "Send a message via a Discord webhook",
            (_param("WebhookURL", "Webhook URL", input_type="url"), _param("DisplayUsername", "Display Name"),
             _param("Contents", "Message"))),
    _method("Event.WebRequestPlugin.SlackMessage", "Send a message via a Slack webhook",
            (_param("WebhookURL", "Webhook URL", input_type="url"), _param("Contents", "Message"))),
    _method("Event.WebRequestPlugin.PushMessage", "Send a push notification via Pushbullet",
            (_param("title", "Title"), _param("body", "Body"))),
    _method("Event.WebRequestPlugin.PushMessageChannel", "Send a push notification to a Pushbullet channel",
            (_param("title", "Title"), _param("body", "Body"), _param("channel", "Channel"))),
    _method("Event.EmailSenderPlugin.SendMail", "Send an email",
            (_param("To"), _param("Subject"), _param("Message"),
             _param("Priority", value_type="Int32", input_type="enum",
                    enum_values={"0": "Normal", "1": "Low", "2": "High"}))),
    _method("Event.CommonCorePlugin.Wait", "Wait for a number of seconds",
            (_param("Seconds", value_type="Int32", input_type="number"),)),
    _method("Event.CommonCorePlugin.IfCondition", "If a condition is met, continue",
            (_param("ValueToCheck", "Value to check"),
             _param("Operation", value_type="Int32", input_type="enum", enum_values=_COMPARISONS),
             _param("ValueToCompare", "Value to compare"))),
    _method("Event.CommonCorePlugin.SendWakeOnLan", "Send a Wake-on-LAN packet", (_param("MACAddress", "MAC Address"),)),
)

INSTANCE_TASK_METHODS = (
    _method("Event.LocalFileBackupPlugin.TakeBackup", "Take a backup"),
    _method("Event.LocalFileBackupPlugin.TakeStickyBackup", "Take a sticky backup"),
    _method("Event.LocalFileBackupPlugin.TakeBackupWhileDown", "Stop the server, take a backup, then start it",
            (_param("RestartEvenIfNotRunning", "Restart even if not running", "Boolean", "checkbox"),)),
    _method("Event.LocalFileBackupPlugin.RestoreBackup", "Restore a backup", (_param("BackupId", "Backup"),)),
    _method("Event.CommonCorePlugin.UpdateAndRestart", "Update and restart the application"),
    _method("Event.CommonCorePlugin.RestartIfEmpty", "Restart the application if no users are connected"),
    _method("Event.CommonCorePlugin.StopIfEmpty", "Stop the application if no users are connected"),
    _method("Event.CommonCorePlugin.ScheduleEmptyUpdate", "Update the application once it is empty"),
)

MODULE_TASK_METHODS = {
    "Minecraft": (
        _method("Event.MinecraftModule.Start", "Start the Minecraft server"),
        _method("Event.MinecraftModule.Stop", "Stop the Minecraft server"),
        _method("Event.MinecraftModule.Restart", "Restart the Minecraft server"),
        _method("Event.MinecraftModule.Sleep", "Put the Minecraft server to sleep"),
        _method("Event.MinecraftModule.SaveChanges", "Save the world"),
        _method("Event.MinecraftModule.SendConsole", "Send a console command", (_param("Input", "Command"),)),
        _method("Event.MinecraftModule.SendServerMessage", "Broadcast a message", (_param("Message"),)),
    ),
    # §13 quirk 16: AvailableMethods[].Name is not unique - GenericModule and steamcmdplugin both
    # offer "CheckForUpdates"; only the Id tells them apart.
    "GenericModule": (
        _method("Event.GenericModule.Start", "Start the application"),
        _method("Event.GenericModule.Stop", "Stop the application"),
        _method("Event.GenericModule.Restart", "Restart the application"),
        _method("Event.GenericModule.SendConsole", "Send a console command", (_param("Input", "Command"),)),
        _method("Event.GenericModule.CheckForUpdates", "Check the application's update source"),
        _method("Event.steamcmdplugin.CheckForUpdates", "Check SteamCMD for updates"),
    ),
    "Rust": (
        _method("Event.RustModule.Start", "Start the Rust server"),
        _method("Event.RustModule.Stop", "Stop the Rust server"),
        _method("Event.steamcmdplugin.CheckForUpdates", "Check SteamCMD for updates"),
    ),
}


@functools.lru_cache(maxsize=None)
def task_methods_for(kind: str) -> tuple:
    if kind == "ADS":
        return COMMON_TASK_METHODS
    return COMMON_TASK_METHODS + INSTANCE_TASK_METHODS + MODULE_TASK_METHODS.get(kind, ())


_BACKUP_EMITS = ("Reason", "Id", "Filename", "WasCreatedAutomatically")
_PLAYER = ("User", "UserID")

#: Event triggers (Description, Emits); exact texts incl. trailing periods (API.md §9.3, quirk 15).
INSTANCE_EVENTS = (
    ("A backup finishes archiving.", _BACKUP_EMITS),
    ("A backup finishes restoring.", _BACKUP_EMITS),
    ("A backup has failed.", _BACKUP_EMITS),
    ("A backup has started.", _BACKUP_EMITS),
    ("A scheduled backup finishes archiving.", _BACKUP_EMITS),
    ("The application state changes", ("PreviousState", "NextState")),
)
MODULE_EVENTS = {
    "Minecraft": (
        ("A player joins the server", _PLAYER),
        ("A player joins the server for the first time", _PLAYER),
        ("A player joins the server while it was empty", _PLAYER),
        ("A player who has previously visited rejoins the server", _PLAYER),
        ("A player leaves the server", _PLAYER),
        ("The last player leaves the server", _PLAYER),
        ("A player sends a chat message", _PLAYER + ("Message",)),
        ("A player performs an action", _PLAYER + ("Action",)),
        ("A player achieves an advancement", ("User", "Advancement")),
        ("A player is killed by another player", ("Victim", "Attacker", "Method")),
        ("The Minecraft Server stops unexpectedly", ("Time",)),
        ("The Minecraft server is unable to keep up", ("MillisecondsBehind", "TicksSkipped")),
        ("The server enters sleep mode", ()),
        ("The server wakes up from sleep mode due to player connect", ()),
    ),
    # Generic applications name the same events after "users" (API.md §9.3).
    "GenericModule": (
        ("A user joins the server", _PLAYER),
        ("A user leaves the server", _PLAYER),
        ("A user sends a chat message", _PLAYER + ("Message",)),
        ("An update is available via SteamCMD", ()),
        ("An update is NOT available via SteamCMD", ()),
    ),
    "Rust": (
        ("A player joins the server", _PLAYER),
        ("A player leaves the server", _PLAYER),
        ("An update is available via SteamCMD", ()),
    ),
}


@functools.lru_cache(maxsize=None)
def events_for(kind: str) -> tuple:
    if kind == "ADS":
        return ()
    return INSTANCE_EVENTS + MODULE_EVENTS.get(kind, ())


__all__ = ["Setting", "settings_for", "permission_tree", "leaf_nodes", "group_nodes", "task_methods_for",
           "events_for", "PRIMARY_PORT_NODE", "MODULE_NAMES", "MODULE_DISPLAY_NAMES", "DISPLAY_IMAGES",
           "ENDPOINT_NAMES", "INSTANCE_ACTIONS"]
