# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ADSModule: targets and instances (list, create, update, suspend, start/stop, delete, settings,
network) and the one-off instance login token."""
from __future__ import annotations

import re

from . import catalog, core, views
from .framework import ActionFailed, action_result, api
from .state import ADS_INSTANCE_ID, APP_STATE, TASK_STATE, RunningTask, new_guid

MANAGE = "ADS.InstanceManagement."
INSTANCE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: PostCreateAppActions that leave the application running (API.md §4.2).
STARTS_APPLICATION = (3, 4, 5)


def _visible_instances(ctx, target=None):
    for instance in ctx.state.instances.values():
        if not instance.visible:
            continue
        if target is not None and instance.target_id != target.instance_id:
            continue
        if ctx.user is not None and not ctx.state.can_access_instance(ctx.user, instance):
            continue  # GetInstances lists what the user may access (AMPAPI_Python docs)
        yield instance


def instance_or_fail(ctx, ref):
    """§13 quirk 12: InstanceName parameters take the name or, as CubeCoders' WHMCS module sends, the id."""
    instance = ctx.state.find_instance(ref)
    if instance is None:
        raise ActionFailed("The specified instance does not exist.")
    return instance


def _require_instance_permission(ctx, instance, action, global_node):
    """Either the ADS-wide node or the per-instance node ``Instances.<id>.<action>`` will do."""
    state = ctx.state
    if state.has_permission(ctx.user, state.ads, MANAGE + global_node):
        return
    ctx.require_permission("Instances.%s.%s" % (instance.id, action))


def _start_running_task(ctx, name, description, instance_id=None):
    task = RunningTask(id=new_guid(), name=name, description=description, origin="ADSModule",
                       started=ctx.state.now(), remote_instance_id=instance_id)
    ctx.state.ads.tasks.append(task)
    return task


def _finish(state, task):
    task.state = TASK_STATE["Finished"]
    task.progress = 100
    task.ended = state.now()


@api("ADSModule", "GetInstances", where=("ADS",))
def get_instances(ctx):
    """IADSInstance[]: every target with its instances; the target's own ADS is listed first (REAL sample)."""
    return [views.target_view(ctx.sim, target, list(_visible_instances(ctx, target))) for target in ctx.state.targets]


@api("ADSModule", "GetInstance", where=("ADS",))
def get_instance(ctx):
    wanted = ctx.get("InstanceId").lower()
    for target in ctx.state.targets:
        if target.instance_id == wanted:
            return views.ads_summary(ctx.sim, target)
    instance = ctx.state.instances.get(wanted)
    if instance is None or not instance.visible or not ctx.state.can_access_instance(ctx.user, instance):
        return None
    return views.instance_summary(ctx.sim, instance)


@api("ADSModule", "GetLocalInstances", where=("ADS",))
def get_local_instances(ctx):
    local = ctx.state.targets[0]
    instances = [views.instance_summary(ctx.sim, i) for i in _visible_instances(ctx, local)]
    return [views.ads_summary(ctx.sim, local)] + instances


@api("ADSModule", "GetInstanceStatuses", where=("ADS",))
def get_instance_statuses(ctx):
    return [{"InstanceID": i.id, "Running": i.running} for i in _visible_instances(ctx)]


@api("ADSModule", "GetTargetInfo", where=("ADS",))
def get_target_info(ctx):
    target = ctx.state.targets[0]
    return {"Datastores": list(target.datastores), "DeploysInContainers": False,
            "IPAddressList": list(target.available_ips), "PlatformInfo": views.PLATFORM}


@api("ADSModule", "GetDatastores", where=("ADS",))
def get_datastores(ctx):
    return [{"Active": True, "CurrentUsageMB": 0, "Description": "", "Directory": "/home/amp/.ampdata/instances",
             "FriendlyName": d["FriendlyName"], "Id": d["Id"], "InstanceLimit": 0, "IsInternal": True,
             "Priority": 0, "SanitisedName": d["FriendlyName"].replace(" ", ""), "SoftLimitMB": 0, "Tags": []}
            for d in ctx.state.targets[0].datastores]


@api("ADSModule", "GetProvisionArguments", where=("ADS",))
def get_provision_arguments(ctx):
    module = ctx.get("ModuleName")
    return [{"Node": s.node, "Description": s.name, "Type": s.val_type, "DefaultValue": views.typed_value(s, s.default),
             "CustomFieldType": "", "EndpointFormat": "", "EndpointName": "", "RelatedSetting": "", "ValueRange": 0}
            for s in catalog.settings_for(module) if s.provision] if module in catalog.MODULE_NAMES else []


@api("ADSModule", "GetDeploymentTemplates", where=("ADS",))
def get_deployment_templates(ctx):
    return []


# ---------------------------------------------------------------------------------------------- create

def _check_port_free(ctx, target_id, port, exclude=None):
    for instance in ctx.state.instances.values():
        if instance is exclude or instance.target_id != target_id:
            continue
        if instance.port == port:
            raise ActionFailed("Port %d is already in use by instance %s." % (port, instance.instance_name))


@api("ADSModule", "CreateInstance", permission=MANAGE + "CreateInstance", where=("ADS",))
def create_instance(ctx):
    """Asynchronous (§13 quirk 11): answers at once; the instance shows up in GetInstances once the
    creation task finishes (``sim.async_delay``; 0 = before the next call is handled)."""
    state = ctx.state
    target = state.target(ctx.get("TargetADSInstance"))
    if target is None:
        raise ActionFailed("The specified target does not exist.")
    module = ctx.get("Module")
    if module not in catalog.MODULE_NAMES or module == "ADS":
        raise ActionFailed("Unknown module: %s" % module)
    auto = bool(ctx.get("AutoConfigure"))
    name = ctx.get("InstanceName")
    port = ctx.get("PortNumber")
    if auto:  # AMP generates everything except Module, target and FriendlyName (APISpec description)
        index = 1
        while state.find_instance("%s%02d" % (module, index), visible_only=False) is not None:
            index += 1
        name = "%s%02d" % (module, index)
        port = max([i.port for i in state.instances.values()] + [8080]) + 1
    if not INSTANCE_NAME.match(name or ""):
        raise ActionFailed("Instance names may only contain letters, numbers, dashes and underscores.")
    if state.find_instance(name, visible_only=False) is not None:
        raise ActionFailed("An instance with the name %s already exists." % name)
    new_id = ctx.get("NewInstanceId").lower()
    if new_id in state.instances or new_id == ADS_INSTANCE_ID:
        raise ActionFailed("An instance with that ID already exists.")
    if not 1 <= port <= 65535:
        raise ActionFailed("The port number must be between 1 and 65535.")
    _check_port_free(ctx, target.instance_id, port)
    ip = ctx.get("IPBinding")
    if not auto and ip not in target.available_ips:
        raise ActionFailed("%s is not an IP address available on this target." % ip)
    datastore = ctx.get("TargetDatastore")
    if datastore is not None and datastore not in [d["Id"] for d in target.datastores]:
        raise ActionFailed("The specified datastore does not exist.")
    table = {s.node: s for s in catalog.settings_for(module)}
    provision = {}
    for node, value in (ctx.get("ProvisionSettings") or {}).items():
        if node not in table:
            raise ActionFailed("Unknown provision setting for %s: %s" % (module, node))
        setting = table[node]
        if setting.read_only:
            provision[node] = value  # template metadata such as GenericModule.Meta.DisplayName
        else:
            provision[node] = core.normalise_setting(setting, value)
    post_create = ctx.get("PostCreate") or 0
    instance = state.add_instance(
        name, module=module, running=False, friendly_name=ctx.get("FriendlyName") or name, instance_id=new_id,
        target_id=target.instance_id, port=port, settings=provision,
        ip="127.0.0.1" if ip in ("0.0.0.0", None) else ip,
        daemon_autostart=bool(ctx.get("StartOnBoot")) if ctx.get("StartOnBoot") is not None else False,
        display_image=ctx.get("DisplayImageSource") or catalog.DISPLAY_IMAGES.get(module, ""))
    instance.visible = False
    task = _start_running_task(ctx, "Creating instance", "Creating %s" % name, instance.id)

    def finish():
        instance.visible = True
        instance.running = True
        if post_create in STARTS_APPLICATION:
            instance.app_state = APP_STATE["Ready"]
            instance.app_started = state.now()
        _finish(state, task)
    state.schedule(ctx.sim.async_delay, finish)
    return action_result()


# ---------------------------------------------------------------------------------------------- update

@api("ADSModule", "UpdateInstanceInfo", where=("ADS",))
def update_instance_info(ctx):
    """§13 quirk 10: every field is replaced; WelcomeMessage (optional) is cleared when left out [INFERRED]."""
    instance = ctx.state.find_instance(ctx.get("InstanceId"))
    if instance is None:
        raise ActionFailed("The specified instance does not exist.")
    _require_instance_permission(ctx, instance, "Manage", "Reconfigure")
    suspended = ctx.get("Suspended")
    if suspended != instance.suspended:
        ctx.require_permission(MANAGE + "SuspendInstances")
    if ctx.get("ContainerMemory") < 0 or ctx.get("ContainerSwap") < 0 or ctx.get("ContainerMaxCPU") < 0:
        raise ActionFailed("Container limits cannot be negative.")
    instance.friendly_name = ctx.get("FriendlyName")
    instance.description = ctx.get("Description")
    instance.daemon_autostart = ctx.get("StartOnBoot")
    instance.exclude_from_firewall = ctx.get("ExcludeFromFirewall")
    instance.is_container = ctx.get("RunInContainer")
    instance.container_memory_mb = ctx.get("ContainerMemory")
    instance.container_swap_mb = ctx.get("ContainerSwap")
    instance.container_memory_policy = ctx.get("MemoryPolicy")
    instance.container_cpus = float(ctx.get("ContainerMaxCPU"))
    instance.docker_image = ctx.get("ContainerImage")
    instance.welcome_message = ctx.get("WelcomeMessage") or ""
    _apply_suspension(ctx, instance, suspended)
    return action_result()


def _stop_process(instance):
    instance.running = False
    instance.app_state = APP_STATE["Suspended"] if instance.suspended else APP_STATE["Stopped"]
    instance.app_started = None
    instance.sessions.clear()


def _apply_suspension(ctx, instance, suspended):
    """Suspension leaves the instance's AMP process as it is (a suspended instance still shows as
    Running, CubeCoders/AMP#763) but stops its application (AppState Suspended) and its scheduler
    (#1196); only admins with ADS.InstanceManagement.ManageSuspendedInstances may log into it (#763).
    Resuming leaves the application stopped."""
    suspended = bool(suspended)
    if suspended == instance.suspended:
        return
    instance.suspended = suspended
    instance.app_state = APP_STATE["Suspended"] if suspended else APP_STATE["Stopped"]
    instance.app_started = None
    if suspended:
        user_ids = {u.id for u in ctx.state.users.values() if not ctx.state.may_manage_suspended(u)}
        for session_id in [s.id for s in instance.sessions.values() if s.user_id in user_ids]:
            del instance.sessions[session_id]


@api("ADSModule", "SetInstanceSuspended", permission=MANAGE + "SuspendInstances", where=("ADS",))
def set_instance_suspended(ctx):
    instance = instance_or_fail(ctx, ctx.get("InstanceName"))
    _apply_suspension(ctx, instance, ctx.get("Suspended"))
    return action_result()


@api("ADSModule", "SetInstanceConfig", where=("ADS",))
def set_instance_config(ctx):
    """Set an instance's setting node from the ADS; works while the instance is stopped."""
    instance = instance_or_fail(ctx, ctx.get("InstanceName"))
    _require_instance_permission(ctx, instance, "Manage", "Reconfigure")
    core.apply_setting(ctx, instance, ctx.get("SettingNode"), ctx.get("Value"), check_permission=False)
    return action_result()


def _port_settings(instance):
    return [s for s in catalog.settings_for(instance.kind) if s.provision and s.val_type == "Int32"]


@api("ADSModule", "GetInstanceNetworkInfo", where=("ADS",))
def get_instance_network_info(ctx):
    """PortUsage[]: one entry per port-type provision node."""
    instance = instance_or_fail(ctx, ctx.get("InstanceName"))
    return [{"Description": s.name, "IsUserDefined": False, "PortNumber": int(instance.settings[s.node]),
             "Protocol": 2 if s.node.startswith(("MinecraftModule", "RustModule", "GenericModule")) else 0,
             "ProvisionNodeName": s.node, "Range": 1, "Verified": True} for s in _port_settings(instance)]


@api("ADSModule", "SetInstanceNetworkInfo", where=("ADS",))
def set_instance_network_info(ctx):
    """PortMappings: {ProvisionNodeName: port}."""
    instance = instance_or_fail(ctx, ctx.get("InstanceId"))
    _require_instance_permission(ctx, instance, "Manage", "Reconfigure")
    known = {s.node: s for s in _port_settings(instance)}
    staged = {}
    for node, port in ctx.get("PortMappings").items():
        if node not in known:
            raise ActionFailed("Unknown port mapping: %s" % node)
        staged[node] = core.normalise_setting(known[node], str(port))
    instance.settings.update(staged)
    return action_result()


# ---------------------------------------------------------------------------------------------- lifecycle

@api("ADSModule", "StartInstance", where=("ADS",))
def start_instance(ctx):
    """§13 quirk 13: starts the instance's AMP process; its application follows Core.AMP.AppStartupMode."""
    instance = instance_or_fail(ctx, ctx.get("InstanceName"))
    _require_instance_permission(ctx, instance, "Start", "StartInstances")
    if not instance.running:
        instance.running = True
        if instance.suspended:
            instance.app_state = APP_STATE["Suspended"]
        elif instance.settings.get("Core.AMP.AppStartupMode") in ("2", "3"):
            instance.app_state = APP_STATE["Ready"]
            instance.app_started = ctx.state.now()
    return action_result()


@api("ADSModule", "StopInstance", where=("ADS",))
def stop_instance(ctx):
    instance = instance_or_fail(ctx, ctx.get("InstanceName"))
    _require_instance_permission(ctx, instance, "Stop", "StopInstances")
    _stop_process(instance)
    return action_result()


@api("ADSModule", "RestartInstance", where=("ADS",))
def restart_instance(ctx):
    instance = instance_or_fail(ctx, ctx.get("InstanceName"))
    _require_instance_permission(ctx, instance, "Restart", "RestartInstances")
    _stop_process(instance)
    return start_instance(ctx)


@api("ADSModule", "UpgradeInstance", where=("ADS",))
def upgrade_instance(ctx):
    instance = instance_or_fail(ctx, ctx.get("InstanceName"))
    _require_instance_permission(ctx, instance, "Update", "UpgradeInstances")
    return action_result()


@api("ADSModule", "DeleteInstance", permission=MANAGE + "DeleteInstances", where=("ADS",))
def delete_instance(ctx):
    """Returns a RunningTask; the instance goes away when the task finishes (§13 quirk 11)."""
    state = ctx.state
    instance = state.find_instance(ctx.get("InstanceName"))
    if instance is None:
        raise ActionFailed("The specified instance does not exist.")
    task = _start_running_task(ctx, "Deleting instance", "Deleting %s" % instance.instance_name, instance.id)
    _stop_process(instance)

    def finish():
        state.instances.pop(instance.id, None)
        prefix = "Instances.%s." % instance.id
        for nodes in state.ads.role_permissions.values():
            for node in [n for n in nodes if n.startswith(prefix)]:
                del nodes[node]
        _finish(state, task)
    state.schedule(ctx.sim.async_delay, finish)
    return views.running_task(ctx.sim, task)


@api("ADSModule", "ManageInstance", where=("ADS",))
def manage_instance(ctx):
    """ActionResult<String>: a one-off token to log into the instance with an empty password (API.md §3.2)."""
    instance = ctx.state.find_instance(ctx.get("InstanceId"))
    if instance is None:
        raise ActionFailed("The specified instance does not exist.")
    ctx.require_permission("Instances.%s.Manage" % instance.id)
    token = new_guid()
    instance.manage_tokens[token] = ctx.user.id
    return action_result(token)
