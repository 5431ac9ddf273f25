# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CubeCoders AMP API client: the ADS (the controller) and, through it, each instance.

Every call is ``POST {panel}/API/{Module}/{Method}`` with a JSON body whose
keys are the parameter names of AMP's APISpec.json, spelled exactly as there
(``TriggerID``, ``Id``, ``triggerId``, ``node`` ...). Each call goes through
:meth:`~.session.Process.call` with its module and method as literals and its
parameters as keywords, so the spec-conformance test can read every call
from this file (and the login from session.py) and check it against the spec.

Each AMP process has its own session (session.py): the ADS, and every
instance, which is reached through the ADS at
``/API/ADSModule/Servers/{InstanceID}/API/...`` and logged into there with
the same credentials; AMP's failures inside HTTP 200 become
:class:`~..errors.AMPError` there. No Ansible imports here.
"""

from __future__ import annotations

import base64
import time
import uuid

from ansible_collections.gameops.panels.plugins.module_utils.amp.session import Process
from ansible_collections.gameops.panels.plugins.module_utils.errors import InstanceNotRunning, NotThisPanel, WaitTimeout
from ansible_collections.gameops.panels.plugins.module_utils.transport import Transport
from ansible_collections.gameops.panels.plugins.module_utils.waiting import WaitTimedOut, wait_until, wait_warning

TITLE = "CubeCoders AMP"
#: what the client adds to panel_url itself (a panel_url ending in it would double it)
ADDED_PATHS = ("/API",)
#: ApplicationState values (TypeSpec) by name, for messages and the power state
APP_STATES = {
    -1: "Undefined", 0: "Stopped", 5: "PreStart", 7: "Configuring", 10: "Starting", 20: "Ready", 30: "Restarting",
    40: "Stopping", 45: "PreparingForSleep", 50: "Sleeping", 60: "Waiting", 70: "Installing", 75: "Updating",
    80: "AwaitingUserInput", 100: "Failed", 200: "Suspended", 250: "Maintainence", 999: "Indeterminate",
}
#: ScheduleEnabledState
TRIGGER_DISABLED, TRIGGER_ENABLED = 0, 1
#: TaskState values of a RunningTask whose work is still going: Running, Waiting, Queued
TASK_BUSY = frozenset([0, 1, 2])


def answers_like(transport, url):
    """``"CubeCoders AMP <version>"`` when AMP answers at ``url`` (Core/GetModuleInfo, which it answers without a
    session, as its login page needs it), else None. One request, no credential."""
    found = transport.probe("POST", url.rstrip("/") + "/API/Core/GetModuleInfo", json_body={})
    body = found[2] if found is not None else None
    if isinstance(body, dict) and list(body) == ["result"]:
        body = body["result"]  # AMP up to 2.4
    if isinstance(body, dict) and body.get("AMPVersion") is not None and "ModuleName" in body:
        version = body["AMPVersion"]
        if isinstance(version, dict):  # before 2.6: {Major, Minor, Build, Revision}
            version = ".".join(str(version.get(k, 0)) for k in ("Major", "Minor", "Build", "Revision"))
        return "%s %s" % (TITLE, version)
    return None


def names(task, name):
    """Whether a RunningTask's texts name ``name`` (an instance, a backup title). AMP's wording is not documented:
    its Name or Description being ``name``, ending in it (as "Creating <name>") or quoting it."""
    for text in (task.get("Name") or "", task.get("Description") or ""):
        if text == name or text.endswith(" " + name) or "'%s'" % name in text or '"%s"' % name in text:
            return True
    return False


def busy_task_naming(tasks, name, origin=None):
    """The first of ``tasks`` (Core/GetTasks) still busy that names ``name`` (and comes from ``origin``), or None."""
    for task in tasks or []:
        if task.get("State") in TASK_BUSY and names(task, name) and origin in (None, task.get("Origin")):
            return task
    return None


def action_result(reply):
    """The ``Result`` of a successful ActionResult (None for the non-generic form or a Void reply)."""
    return reply.get("Result") if isinstance(reply, dict) else reply


def app_state_name(value):
    return APP_STATES.get(value, str(value))


def instance_label(summary):
    return "AMP instance %r (%s)" % (summary.get("InstanceName"), summary.get("Module"))


def instance_info(summary, **changes):
    """The full UpdateInstanceInfo parameters: ``summary``'s current values with ``changes`` applied.

    UpdateInstanceInfo replaces every field it is sent (and all but
    WelcomeMessage are required), so an update always starts from what the
    instance holds (API.md 4.3, quirk 10).
    """
    info = {
        "InstanceId": summary["InstanceID"],
        "FriendlyName": summary.get("FriendlyName") or "",
        "Description": summary.get("Description") or "",
        "StartOnBoot": bool(summary.get("DaemonAutostart")),
        "Suspended": bool(summary.get("Suspended")),
        "ExcludeFromFirewall": bool(summary.get("ExcludeFromFirewall")),
        "RunInContainer": bool(summary.get("IsContainerInstance")),
        "ContainerMemory": int(summary.get("ContainerMemoryMB") or 0),
        "ContainerSwap": int(summary.get("ContainerSwapMB") or 0),
        "MemoryPolicy": int(summary.get("ContainerMemoryPolicy") or 0),
        "ContainerMaxCPU": float(summary.get("ContainerCPUs") or 0),
        "ContainerImage": summary.get("SpecificDockerImage") or "",
        "WelcomeMessage": summary.get("WelcomeMessage") or "",
    }
    info.update(changes)
    return info


class CoreAPI:
    """Core methods every AMP process has: scheduler, settings, role permissions, the application."""

    def __init__(self, process):
        self.process = process
        self._permissions_spec = None

    @property
    def label(self):
        return self.process.label

    # -- scheduler (API.md 9) -------------------------------------------------

    def get_schedule_data(self):
        return self.process.call("Core", "GetScheduleData")

    def get_time_interval_trigger(self, trigger_id):
        return self.process.call("Core", "GetTimeIntervalTrigger", Id=trigger_id)

    def add_interval_trigger(self, months, days, hours, minutes, days_of_month, description):
        """Months 0-11 and weekdays 0-6 as AMP counts them; every list explicit (quirk 7)."""
        return self.process.call("Core", "AddIntervalTrigger", months=list(months), days=list(days), hours=list(hours),
                                 minutes=list(minutes), daysOfMonth=list(days_of_month), description=description)

    def edit_interval_trigger(self, trigger_id, months, days, hours, minutes, days_of_month, description):
        return self.process.call("Core", "EditIntervalTrigger", Id=trigger_id, months=list(months), days=list(days),
                                 hours=list(hours), minutes=list(minutes), daysOfMonth=list(days_of_month),
                                 description=description)

    def add_event_trigger(self, trigger_id):
        """Populate the event trigger ``trigger_id`` (an AvailableTriggers Id; it keeps that Id)."""
        return self.process.call("Core", "AddEventTrigger", triggerId=trigger_id)

    def set_trigger_enabled(self, trigger_id, enabled):
        return self.process.call("Core", "SetTriggerEnabled", Id=trigger_id, Enabled=bool(enabled))

    def delete_trigger(self, trigger_id):
        return self.process.call("Core", "DeleteTrigger", TriggerID=trigger_id)

    def add_task(self, trigger_id, method_id, parameters):
        return self.process.call("Core", "AddTask", TriggerID=trigger_id, MethodID=method_id,
                                 ParameterMapping=string_map(parameters))

    def edit_task(self, trigger_id, task_id, parameters):
        return self.process.call("Core", "EditTask", TriggerID=trigger_id, TaskID=task_id,
                                 ParameterMapping=string_map(parameters))

    def delete_task(self, trigger_id, task_id):
        return self.process.call("Core", "DeleteTask", TriggerID=trigger_id, TaskID=task_id)

    def change_task_order(self, trigger_id, task_id, new_order):
        return self.process.call("Core", "ChangeTaskOrder", TriggerID=trigger_id, TaskID=task_id, NewOrder=int(new_order))

    # -- settings (API.md 8) ----------------------------------------------------

    def get_configs(self, nodes):
        return self.process.call("Core", "GetConfigs", nodes=list(nodes))

    def set_config(self, node, value):
        return self.process.call("Core", "SetConfig", node=node, value=str(value))

    # -- role permissions of this process (API.md 6) ------------------------------

    def get_permissions_spec(self):
        """The tree of permission nodes this process knows (IPermissionsTreeNode list), read once per client: the
        client lives for one run and the tree only changes when AMP or the instance's module is updated."""
        if self._permissions_spec is None:
            self._permissions_spec = self.process.call("Core", "GetPermissionsSpec") or []
        return self._permissions_spec

    def get_role_permissions(self, role_id):
        return self.process.call("Core", "GetAMPRolePermissions", RoleId=role_id)

    def set_role_permission(self, role_id, node, enabled):
        """``enabled``: True grants, False denies, None removes the entry (the node inherits)."""
        return self.process.call("Core", "SetAMPRolePermission", RoleId=role_id, PermissionNode=node, Enabled=enabled)

    # -- the application (game) of this process --------------------------------------

    def get_status(self):
        return self.process.call("Core", "GetStatus")

    def start_application(self):
        return self.process.call("Core", "Start")

    def stop_application(self):
        return self.process.call("Core", "Stop")

    def restart_application(self):
        return self.process.call("Core", "Restart")

    def kill_application(self):
        return self.process.call("Core", "Kill")

    def send_console_message(self, message):
        return self.process.call("Core", "SendConsoleMessage", message=message)

    def get_tasks(self):
        """Running tasks of this process (long work such as a backup or a restore)."""
        return self.process.call("Core", "GetTasks")


class InstanceClient(CoreAPI):
    """The API of one instance (through the ADS proxy), or of the ADS itself when it is the server named."""

    def __init__(self, process, summary):
        super().__init__(process)
        self.summary = summary

    # -- local backups (API.md 7) ---------------------------------------------------

    def get_backups(self):
        return self.process.call("LocalFileBackupPlugin", "GetBackups")

    def take_backup(self, title, description, sticky):
        return self.process.call("LocalFileBackupPlugin", "TakeBackup", Title=title, Description=description,
                                 Sticky=bool(sticky))

    def delete_backup(self, backup_id):
        return self.process.call("LocalFileBackupPlugin", "DeleteLocalBackup", BackupId=backup_id)

    def set_backup_sticky(self, backup_id, sticky):
        return self.process.call("LocalFileBackupPlugin", "SetBackupSticky", BackupId=backup_id, Sticky=bool(sticky))

    def restore_backup(self, backup_id, delete_existing_data=False):
        return self.process.call("LocalFileBackupPlugin", "RestoreBackup", BackupId=backup_id,
                                 DeleteExistingData=bool(delete_existing_data))

    # -- files (FileManagerPlugin; paths relative to the instance's folder) --------------------------

    def get_directory_listing(self, folder):
        """TypeSpec DirectoryListing entries of ``folder`` (``Filename``, ``IsDirectory``, ``SizeBytes``, ...)."""
        return self.process.call("FileManagerPlugin", "GetDirectoryListing", Dir=folder) or []

    def read_file_chunk(self, filename, offset, size):
        """Up to ``size`` bytes of a file from ``offset`` (AMP sends them as base64 in the ActionResult)."""
        return base64.b64decode(action_result(self.process.call(
            "FileManagerPlugin", "ReadFileChunk", Filename=filename, Offset=int(offset), ChunkSize=int(size))) or "")

    def write_file_chunk(self, filename, data, offset, final):
        """``data`` (bytes) written at ``offset``: offset 0 starts the file afresh, ``final`` ends it after them."""
        return self.process.call("FileManagerPlugin", "WriteFileChunk", Filename=filename,
                                 Data=base64.b64encode(data).decode("ascii"), Offset=int(offset), FinalChunk=bool(final))

    def create_directory(self, path):
        """One folder; its parent must exist."""
        return self.process.call("FileManagerPlugin", "CreateDirectory", NewPath=path)

    def trash_file(self, filename):
        """AMP's delete: the file moves into the instance's ``Trashed Files``."""
        return self.process.call("FileManagerPlugin", "TrashFile", Filename=filename)


class AMPClient(CoreAPI):
    """The ADS of one AMP panel, logged in as ``username``; ``instance()`` reaches an instance's own API."""

    def __init__(self, url, username, password, totp_secret=None, secrets=(), sleep=None, clock=None,
                 **transport_options):
        """``transport_options`` go to :class:`Transport` (validate_certs, ca_path, timeout, retries, ...)."""
        for path in ADDED_PATHS:
            if url.rstrip("/").lower().endswith(path.lower()):
                raise NotThisPanel("panel_url %s ends in %s, which the collection adds itself: set panel_url to the "
                                   "panel's address, %s" % (url, path, url.rstrip("/")[:-len(path)]
                                                            or "its scheme and host"))
        self.transport = Transport(
            url,
            headers={"Accept": "application/json, text/javascript", "Content-Type": "application/json"},
            secrets=[s for s in (password, totp_secret) if s] + list(secrets),
            **transport_options
        )
        self.username = username
        self._credentials = (username, password, totp_secret)
        self._tally = {"accepted_writes": 0}
        self._remembered = {"token": None}
        super().__init__(Process(self.transport, "/API", self._credentials, "AMP's ADS", kind="ADS", tally=self._tally,
                                 remembered=self._remembered))
        self._instances = {}
        self._targets = None
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic

    @property
    def request_counts(self):
        return dict(self.transport.counts)

    @property
    def accepted_writes(self):
        """Calls that change something which AMP carried out (its reads are POSTs too, and it refuses with HTTP 200)."""
        return self._tally["accepted_writes"]

    # -- instances (API.md 4) ------------------------------------------------------

    def get_instances(self):
        """Every target (IADSInstance) with its AvailableInstances."""
        return self.process.call("ADSModule", "GetInstances") or []

    def forget_targets(self):
        """List the targets again on next use."""
        self._targets = None

    def list_targets(self, refresh=False):
        """Every target, listed once per run unless ``refresh``."""
        if self._targets is None or refresh:
            self._targets = self.get_instances()
        return self._targets

    def list_instances(self, refresh=False):
        """Every instance of every target, each as ``(target, InstanceSummary)``; a target that is offline may list none."""
        return [(target, summary) for target in self.list_targets(refresh)
                for summary in target.get("AvailableInstances") or []]

    def create_instance(self, target_id, instance_id, module, instance_name, friendly_name, ip_binding, port,
                        admin_username, admin_password, provision_settings, post_create=0, auto_start=False):
        return self.process.call(
            "ADSModule", "CreateInstance", TargetADSInstance=target_id, NewInstanceId=instance_id, Module=module,
            InstanceName=instance_name, FriendlyName=friendly_name, IPBinding=ip_binding, PortNumber=int(port),
            AdminUsername=admin_username, AdminPassword=admin_password,
            ProvisionSettings=string_map(provision_settings), AutoConfigure=False, PostCreate=int(post_create),
            StartOnBoot=bool(auto_start))

    def update_instance_info(self, info):
        """``info`` as built by :func:`instance_info` (every parameter, from the current state)."""
        return self.process.call(
            "ADSModule", "UpdateInstanceInfo", InstanceId=info["InstanceId"], FriendlyName=info["FriendlyName"],
            Description=info["Description"], StartOnBoot=info["StartOnBoot"], Suspended=info["Suspended"],
            ExcludeFromFirewall=info["ExcludeFromFirewall"], RunInContainer=info["RunInContainer"],
            ContainerMemory=info["ContainerMemory"], ContainerSwap=info["ContainerSwap"],
            MemoryPolicy=info["MemoryPolicy"], ContainerMaxCPU=info["ContainerMaxCPU"],
            ContainerImage=info["ContainerImage"], WelcomeMessage=info["WelcomeMessage"])

    def set_instance_suspended(self, instance_name, suspended):
        return self.process.call("ADSModule", "SetInstanceSuspended", InstanceName=instance_name,
                                 Suspended=bool(suspended))

    def start_instance(self, instance_name):
        return self.process.call("ADSModule", "StartInstance", InstanceName=instance_name)

    def stop_instance(self, instance_name):
        return self.process.call("ADSModule", "StopInstance", InstanceName=instance_name)

    def delete_instance(self, instance_name):
        return self.process.call("ADSModule", "DeleteInstance", InstanceName=instance_name)

    def get_provision_arguments(self, module):
        """The ProvisionSettingInfo list of ``module`` (the nodes CreateInstance's ProvisionSettings take)."""
        return self.process.call("ADSModule", "GetProvisionArguments", ModuleName=module) or []

    def get_instance_network_info(self, instance_name):
        return self.process.call("ADSModule", "GetInstanceNetworkInfo", InstanceName=instance_name) or []

    def set_instance_network_info(self, instance_id, port_mappings):
        mappings = dict((str(node), int(port)) for node, port in port_mappings.items())
        return self.process.call("ADSModule", "SetInstanceNetworkInfo", InstanceId=instance_id, PortMappings=mappings)

    def instance(self, summary, target=None):
        """The API of the instance ``summary`` (an InstanceSummary), logged in on first use.

        The ADS's own entry is this process; any other instance is reached
        through the ADS proxy with a session of its own. An instance whose
        AMP process is not running cannot answer, which fails here, before
        any request to it.
        """
        instance_id = summary["InstanceID"]
        if instance_id in self._instances:
            return self._instances[instance_id]
        label = instance_label(summary)
        if summary.get("Module") == "ADS" and not (target or {}).get("IsRemote"):
            # the ADS's own entry: this process, named as the instance the user gave
            process = Process(self.transport, "/API", self._credentials, label, kind="ADS", tally=self._tally,
                              remembered=self._remembered)
            process.session_id = self.process.session_id
        else:
            if not summary.get("Running"):
                raise InstanceNotRunning("%s is not running (its AMP process is stopped), so its API cannot be reached"
                                         % label, code="NotRunning")
            process = Process(self.transport, "/API/ADSModule/Servers/%s/API" % instance_id, self._credentials, label,
                              kind=summary.get("Module"), tally=self._tally, remembered=self._remembered)
        self._instances[instance_id] = InstanceClient(process, summary)
        return self._instances[instance_id]

    # -- users (API.md 5) -------------------------------------------------------------

    def get_all_users(self):
        return self.process.call("Core", "GetAllAMPUserInfo") or []

    def get_user_info(self, username):
        """One user's UserInfo (None when AMP has no such user)."""
        return self.process.call("Core", "GetAMPUserInfo", Username=username)

    def create_user(self, username):
        """The new user's id."""
        return action_result(self.process.call("Core", "CreateUser", Username=username))

    def update_user_info(self, username, disabled, password_expires, cannot_change_password, must_change_password,
                         email):
        """A full replacement: every flag is sent (API.md quirk 10)."""
        return self.process.call("Core", "UpdateUserInfo", Username=username, Disabled=bool(disabled),
                                 PasswordExpires=bool(password_expires),
                                 CannotChangePassword=bool(cannot_change_password),
                                 MustChangePassword=bool(must_change_password), EmailAddress=email or "")

    def reset_user_password(self, username, password):
        return self.process.call("Core", "ResetUserPassword", Username=username, NewPassword=password)

    def delete_user(self, username):
        return self.process.call("Core", "DeleteUser", Username=username)

    def set_user_role_membership(self, user_id, role_id, is_member):
        return self.process.call("Core", "SetAMPUserRoleMembership", UserId=user_id, RoleId=role_id,
                                 IsMember=bool(is_member))

    # -- the account this client logs in as -----------------------------------------------

    def enable_two_factor(self, username, password):
        """``{ManualKey, Url}``: the new secret, active once confirmed."""
        return action_result(self.process.call("Core", "EnableTwoFactor", Username=username, Password=password))

    def confirm_two_factor_setup(self, username, code):
        return self.process.call("Core", "ConfirmTwoFactorSetup", Username=username, TwoFactorCode=code)

    def disable_two_factor(self, password, code):
        return self.process.call("Core", "DisableTwoFactor", Password=password, TwoFactorCode=code)

    # -- roles (API.md 6) ------------------------------------------------------------------

    def get_role_data(self):
        return self.process.call("Core", "GetRoleData") or []

    def get_role(self, role_id):
        """One role's AuthRoleSummary (None when AMP has no such role)."""
        return self.process.call("Core", "GetRole", RoleId=role_id)

    def get_role_ids(self):
        """``{role id: role name}``."""
        return self.process.call("Core", "GetRoleIds") or {}

    def create_role(self, name):
        """The new role's id."""
        return action_result(self.process.call("Core", "CreateRole", Name=name, AsCommonRole=False))

    def delete_role(self, role_id):
        return self.process.call("Core", "DeleteRole", RoleId=role_id)

    # -- asynchronous work (quirk 11) -------------------------------------------------------

    def wait_until(self, check, timeout, what):
        """Poll ``check()`` until it returns something other than None; return that.

        Polls back off as everywhere in the collection (module_utils/waiting);
        a wait long enough to be worth it (:func:`waiting.worth_warning`) leaves a warning saying how long it took. Raises
        :class:`WaitTimeout` naming ``what`` after ``timeout`` seconds.
        """
        try:
            found, waited = wait_until(check(), check, lambda value: value is not None, timeout, sleep=self._sleep,
                                       clock=self._clock)
        except WaitTimedOut:
            raise WaitTimeout("%s did not finish within %d s" % (what, timeout), code="Timeout")
        warning = wait_warning(what, waited, timeout)
        if warning:
            self.transport.warn(warning)
        return found


def string_map(values):
    """AMP's Dictionary<String, String> parameters carry every value as a string (quirk 9)."""
    return dict((str(key), _string(value)) for key, value in (values or {}).items())


def _string(value):
    if isinstance(value, bool):
        return "True" if value else "False"
    return "" if value is None else str(value)


def new_instance_id():
    """The id a new instance gets; AMP lets the caller choose it (CreateInstance NewInstanceId)."""
    return str(uuid.uuid4())
