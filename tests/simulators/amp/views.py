# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""State objects -> AMP's JSON shapes, with the exact key casing of each TypeSpec type (§13 quirk 2)."""
from __future__ import annotations

import hashlib
import json

from . import catalog
from .state import ADS_INSTANCE_ID, APP_STATE


def gravatar(email: str) -> str:
    return hashlib.md5((email or "").strip().lower().encode("utf-8")).hexdigest()  # nosec - an avatar key


def user_info(sim, user) -> dict:
    """UserInfo: ``ID``/``Name`` and role GUIDs in ``Roles``."""
    state = sim.state
    return {
        "ID": user.id, "Name": user.name, "EmailAddress": user.email or None, "Disabled": user.disabled,
        "PasswordExpires": user.password_expires, "CannotChangePassword": user.cannot_change_password,
        "MustChangePassword": user.must_change_password, "IsTwoFactorEnabled": user.two_factor_enabled,
        "IsLDAPUser": user.is_ldap, "IsSuperUser": state.is_super_user(user), "LastLogin": user.last_login,
        "GravatarHash": gravatar(user.email), "AvatarBase64": None,
        "Permissions": state.session_permissions(user, state.ads)[:-1],
        "Roles": [r for r in user.roles if r in state.roles],
    }


def user_summary(user) -> dict:
    """UserInfoSummary: the name is ``Username`` here (``Name`` in UserInfo). An unset e-mail
    address and avatar are null, as in a real 2.6 login reply."""
    return {"ID": user.id, "Username": user.name, "IsTwoFactorEnabled": user.two_factor_enabled,
            "Disabled": user.disabled, "GravatarHash": gravatar(user.email), "IsLDAPUser": user.is_ldap,
            "LastLogin": user.last_login, "EmailAddress": user.email or None, "AvatarBase64": None}


def role_summary(state, role, process) -> dict:
    """AuthRoleSummary with this process's permission list (``-Node`` = denied). §13 quirk 17:
    ``Members`` follows TypeSpec (``[{ID, Name}]``), and nothing can set ``Description``."""
    members = [{"ID": u.id, "Name": u.name} for u in state.users.values() if role.id in u.roles]
    return {
        "ID": role.id, "Name": role.name, "Description": role.description, "IsDefault": role.is_default,
        "Hidden": role.hidden, "DisableEdits": role.disable_edits, "IsInstanceSpecific": role.is_instance_specific,
        "IsCommonRole": role.is_common, "Permissions": permission_list(process.role_permissions.get(role.id, {})),
        "Members": members,
    }


def permission_list(nodes: dict) -> list:
    return [node if allowed else "-" + node for node, allowed in nodes.items()]


def _metrics(instance) -> dict:
    if not instance.running:
        return {}
    active = instance.app_state == APP_STATE["Ready"]
    return {
        "CPU Usage": {"RawValue": 1 if active else 0, "MaxValue": 100, "Percent": 1 if active else 0, "Units": "%",
                      "Color": "#239B2D", "Color2": "#239B2D", "Color3": "#FFF"},
        "Memory Usage": {"RawValue": 512 if active else 0, "MaxValue": 1024, "Percent": 50 if active else 0,
                         "Units": "MB", "Color": "#246BA0", "Color3": "#FFF"},
        "Active Users": {"RawValue": 0, "MaxValue": 20, "Percent": 0, "Units": "", "Color": "#7B249E",
                         "Color3": "#FFF"},
    }


def deployment_args(instance) -> dict:
    """Provisioning nodes with their current values (strings; booleans as "True"/"False")."""
    args = dict(instance.deployment_args)
    for setting in catalog.settings_for(instance.kind):
        if setting.provision:
            args[setting.node] = instance.settings.get(setting.node, setting.default)
    return args


def endpoints(instance) -> list:
    settings = instance.settings
    binding_node = {"Minecraft": "MinecraftModule.Minecraft.ServerIPBinding",
                    "GenericModule": "GenericModule.App.ApplicationIPBinding",
                    "Rust": "RustModule.Rust.ServerIPBinding"}.get(instance.kind)
    port = settings.get(catalog.PRIMARY_PORT_NODE.get(instance.kind, ""), "")
    address = "%s:%s" % (settings.get(binding_node, "0.0.0.0"), port)
    sftp = "%s:%s" % (settings.get("FileManagerPlugin.SFTP.SFTPIPBinding", "0.0.0.0"),
                      settings.get("FileManagerPlugin.SFTP.SFTPPortNumber", "2223"))
    game_uri = "steam://connect/%s" % address if instance.kind != "Minecraft" else ""
    return [{"DisplayName": catalog.ENDPOINT_NAMES.get(instance.kind, "Application Address"), "Endpoint": address,
             "Uri": game_uri},
            {"DisplayName": "SFTP Server", "Endpoint": sftp, "Uri": "sftp://" + sftp}]


def instance_summary(sim, instance) -> dict:
    """InstanceSummary (key order and optional-key omission as in the real GetInstances sample)."""
    summary = {
        "InstanceID": instance.id, "TargetID": instance.target_id, "InstanceName": instance.instance_name,
        "FriendlyName": instance.friendly_name,
    }
    # §13 quirk 21: optional strings are left out when unset, not null.
    if instance.description is not None:
        summary["Description"] = instance.description
    summary["Module"] = instance.kind
    if instance.kind != "Minecraft":
        summary["ModuleDisplayName"] = instance.settings.get("GenericModule.Meta.DisplayName") \
            or catalog.MODULE_DISPLAY_NAMES.get(instance.kind, instance.kind)
    summary.update({
        "AMPVersion": sim.amp_version(), "IsHTTPS": False, "IP": instance.ip, "Port": instance.port,
        "Daemon": False, "DaemonAutostart": instance.daemon_autostart,
        "ExcludeFromFirewall": instance.exclude_from_firewall, "Running": instance.running,
        "AppState": instance.app_state if instance.running or instance.suspended else APP_STATE["Stopped"],
        "Tags": list(instance.tags), "DiskUsageMB": 0, "ReleaseStream": instance.release_stream,
        "ManagementMode": 10, "Suspended": instance.suspended, "IsContainerInstance": instance.is_container,
        "ContainerMemoryMB": instance.container_memory_mb, "ContainerSwapMB": instance.container_swap_mb,
        "ContainerMemoryPolicy": instance.container_memory_policy, "ContainerCPUs": float(instance.container_cpus),
    })
    if instance.is_container or instance.docker_image:
        summary["SpecificDockerImage"] = instance.docker_image
    summary.update({"Metrics": _metrics(instance), "ApplicationEndpoints": endpoints(instance),
                    "DeploymentArgs": deployment_args(instance)})
    if instance.display_image:
        summary["DisplayImageSource"] = instance.display_image
    if instance.welcome_message:
        summary["WelcomeMessage"] = instance.welcome_message
    if sim.version_tuple >= FIELDS_OF_26_SINCE:
        summary["UseHostModeNetwork"] = instance.use_host_mode_network
    return summary


#: InstanceSummary fields that 2.6.0.4's TypeSpec.json has and no instance of the real 2.5.1 GetInstances
#: capture (tests/amp_spec/captures) carries: sent from 2.6 on.
FIELDS_OF_26_SINCE = (2, 6, 0, 0)


def ads_summary(sim, target) -> dict:
    """The target's own ADS as it lists itself: Module "ADS", ManagementMode 0, AppState -1."""
    state = sim.state
    process = state.ads if target.instance_id == ADS_INSTANCE_ID else None
    settings = process.settings if process else {}
    sftp_port = settings.get("FileManagerPlugin.SFTP.SFTPPortNumber", "2223")
    summary = {
        "InstanceID": target.instance_id, "TargetID": target.instance_id,
        "InstanceName": process.instance_name if process else target.friendly_name,
        "FriendlyName": process.friendly_name if process else target.friendly_name, "Module": "ADS",
        "AMPVersion": sim.amp_version(), "IsHTTPS": False, "IP": "0.0.0.0",
        "Port": int((sim.url or "http://127.0.0.1:8080").rsplit(":", 1)[1].split("/")[0]) if process else 8080,
        "Daemon": False, "DaemonAutostart": True, "ExcludeFromFirewall": False, "Running": True,
        "AppState": APP_STATE["Undefined"], "Tags": [], "DiskUsageMB": 0, "ReleaseStream": 10, "ManagementMode": 0,
        "Suspended": False, "IsContainerInstance": False, "ContainerMemoryMB": 0, "ContainerSwapMB": 0,
        "ContainerMemoryPolicy": 0, "ContainerCPUs": 0.0, "Metrics": {},
        "ApplicationEndpoints": [{"DisplayName": "SFTP Server", "Endpoint": "0.0.0.0:%s" % sftp_port,
                                  "Uri": "sftp://0.0.0.0:%s" % sftp_port}],
        "DeploymentArgs": {"FileManagerPlugin.SFTP.SFTPIPBinding": "0.0.0.0",
                           "FileManagerPlugin.SFTP.SFTPPortNumber": sftp_port},
    }
    if sim.version_tuple >= FIELDS_OF_26_SINCE:
        summary["UseHostModeNetwork"] = False
    return summary


PLATFORM = {
    "CPUInfo": {"Sockets": 1, "Cores": 2, "Threads": 4, "Vendor": "GenuineIntel", "ModelName": "Simulated CPU",
                "TotalCores": 2, "TotalThreads": 4},
    "InstalledRAMMB": 8192, "OS": 2, "PlatformName": "Debian GNU/Linux 12", "SystemType": 1, "Virtualization": 0,
    "DockerNetworkIsHostMode": False,
}


def target_view(sim, target, instances) -> dict:
    """IADSInstance: a target with its instances nested in ``AvailableInstances``. §13 quirk 3: the
    target ``Id`` is an int, its ``InstanceId`` a GUID string (lower-case, hyphenated)."""
    return {
        "Id": target.id, "InstanceId": target.instance_id, "FriendlyName": target.friendly_name,
        "Description": target.description, "Disabled": False, "IsRemote": target.is_remote, "Platform": PLATFORM,
        "Datastores": list(target.datastores), "CreatesInContainers": False, "State": target.state, "StateReason": "",
        "CanCreate": True, "LastUpdated": sim.timestamp(target.last_updated),
        "AvailableInstances": [ads_summary(sim, target)] + [instance_summary(sim, i) for i in instances],
        "AvailableIPs": list(target.available_ips), "Tags": list(target.tags), "TagsList": json.dumps(target.tags),
        "URL": target.url,
    }


def setting_spec(setting, value) -> dict:
    """SettingSpec. ``CurrentValue`` is typed (number / boolean / string) [INFERRED]; the stored
    form is always a string (§13 quirk 9)."""
    spec = {
        "Node": setting.node, "Name": setting.name, "Description": setting.description,
        "Category": setting.category, "Subcategory": setting.subcategory, "CurrentValue": typed_value(setting, value),
        "ValType": {"Int32": "System.Int32", "Boolean": "System.Boolean", "Enum": "System.String"}.get(
            setting.val_type, "System.String"),
        "InputType": setting.input_type, "ReadOnly": setting.read_only, "RequiresRestart": setting.requires_restart,
        "IsProvisionSpec": setting.provision, "ReadOnlyProvision": False, "Required": False, "AlwaysAllowRead": False,
        "EnumValuesAreDeferred": False, "Keywords": "", "MaxLength": 0, "Meta": "", "Order": 0, "Placeholder": "",
        "Suffix": "", "Tag": "", "Actions": [], "Attributes": {},
    }
    if setting.enum_values is not None:
        spec["EnumValues"] = dict(setting.enum_values)
    if setting.min_value is not None:
        spec["MinValue"] = float(setting.min_value)
    if setting.max_value is not None:
        spec["MaxValue"] = float(setting.max_value)
    return spec


def typed_value(setting, value):
    if setting.val_type == "Int32":
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    if setting.val_type == "Boolean":
        return str(value).lower() == "true"
    return value


def task_view(sim, task, order) -> dict:
    """ScheduleEntryDefinition (fields of the real 2.5 sample plus the 2.6 TypeSpec ones)."""
    return {"Id": task.id, "TaskMethodName": task.method_id, "ParameterMapping": dict(task.mapping),
            "EnabledState": task.enabled_state, "Order": order, "Locked": task.locked, "CreatedBy": task.created_by,
            "WaitForComplete": task.wait_for_complete, "ErrorBehaviour": task.error_behaviour,
            "LastExecuteError": False, "LastErrorReason": ""}


def trigger_info(sim, trigger, include_tasks=True) -> dict:
    """TriggerInfo: ``Tasks`` is a list here (§13 quirk 8)."""
    type_name = "TimeIntervalTrigger" if trigger.kind == "interval" else "EventTrigger"
    return {"Id": trigger.id, "Description": trigger.description, "Type": type_name, "TriggerType": type_name,
            "EnabledState": trigger.enabled_state, "Emits": list(trigger.emits),
            "Tasks": [task_view(sim, t, i) for i, t in enumerate(trigger.tasks)] if include_tasks else []}


def interval_trigger(sim, trigger, order) -> dict:
    """TimeIntervalTrigger as the real sample: months 0-11 (§13 quirk 7) and ``Tasks`` as an object
    keyed by task id (§13 quirk 8)."""
    payload = {"Description": trigger.description, "EnabledState": trigger.enabled_state, "Id": trigger.id,
               "MatchDays": list(trigger.days), "MatchDaysOfMonth": list(trigger.days_of_month),
               "MatchHours": list(trigger.hours), "MatchMinutes": list(trigger.minutes),
               "MatchMonths": list(trigger.months), "Name": "Interval Trigger", "Order": order,
               "Tasks": {t.id: task_view(sim, t, i) for i, t in enumerate(trigger.tasks)}}
    if trigger.last_executed is not None:
        payload["LastExecuted"] = sim.timestamp(trigger.last_executed)
    return payload


def backup_manifest(sim, backup) -> dict:
    return {"CreatedAutomatically": backup.created_automatically, "Description": backup.description,
            "Id": backup.id, "ModuleName": backup.module_name, "Name": backup.name, "SourceOS": 2,
            "Sticky": backup.sticky, "StoredLocally": True, "StoredRemotely": False, "TakenBy": backup.taken_by,
            "TotalSizeBytes": backup.size_bytes, "Timestamp": sim.timestamp(backup.timestamp),
            "HashSHA1": hashlib.sha1(backup.id.encode("ascii")).hexdigest(),  # nosec - a fake content hash
            "META": "", "RemoteStoreId": ""}


def running_task(sim, task) -> dict:
    payload = {"Id": task.id, "Name": task.name, "Description": task.description, "Origin": task.origin,
               "State": task.state, "StateMessage": "", "ProgressPercent": task.progress,
               "IsIndeterminate": False, "IsCancellable": False, "IsPrimaryTask": False, "HideFromUI": False,
               "FastDismiss": False, "DontPropagate": False, "Speed": "",
               "StartTime": sim.timestamp(task.started), "LastUpdatePushed": sim.timestamp(task.ended or task.started)}
    if task.ended is not None:
        payload["EndTime"] = sim.timestamp(task.ended)
    if task.remote_instance_id:
        payload["RemoteInstanceId"] = task.remote_instance_id
    return payload


def console_entry(sim, line) -> dict:
    """ConsoleEntry: the keys of the real (old) capture plus TypeSpec's ``SourceId``."""
    when, source, entry_type, contents = line
    return {"Contents": contents, "Source": source, "SourceId": "", "Timestamp": sim.timestamp(when),
            "Type": entry_type}
