# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP instances as the ``server`` kind, and how per-server modules find their instance.

An instance is matched by its InstanceName (unique on the panel). Its
metadata lives on the ADS (ADSModule calls); its settings and its
application (the game) are reached through the instance's own API, which
answers only while the instance's AMP process runs. Two running states are
kept apart: ``instance_running`` (the AMP process, ADSModule/StartInstance)
and ``power_state`` (the game inside it, Core/Start).
"""

from __future__ import annotations

import functools
import secrets

from ansible_collections.gameops.panels.plugins.module_utils.amp import checks
from ansible_collections.gameops.panels.plugins.module_utils.amp.client import (
    app_state_name, busy_task_naming, instance_info, new_instance_id)
from ansible_collections.gameops.panels.plugins.module_utils.amp.session import PROCESS_MODULES
from ansible_collections.gameops.panels.plugins.module_utils.errors import (
    AMPError, InstanceNotRunning, MissingReference, ReconcileError, WaitTimeout)
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter
from ansible_collections.gameops.panels.plugins.module_utils.suggest import closest, unknown

# ApplicationState values that count as the game being up (or on its way up)
STARTED_STATES = frozenset([5, 7, 10, 20, 30])
FIRST_INSTANCE_PORT = 8081
INFO_FIELDS = {"friendly_name": "FriendlyName", "description": "Description", "auto_start": "StartOnBoot"}
POWER_CALLS = {"started": "start_application", "stopped": "stop_application", "restarted": "restart_application",
               "killed": "kill_application"}
START_HINT = "start it first, for example with gameops.panels.server and instance_running: true"
CARRIES_ON = "AMP carries on, and the next run finishes the job"
#: PostCreate (CreateInstance): UpdateOnce installs the game; UpdateAndStartOnce installs and then starts it
POST_CREATE_UPDATE_ONCE, POST_CREATE_UPDATE_AND_START_ONCE = 1, 3


def not_running_error(exc, option="server"):
    """A ReconcileError for an instance whose AMP process is down, with how to fix it."""
    return ReconcileError("%s; %s" % (exc.message, START_HINT), option=option)


class Instances:
    """Every instance of the panel, listed once per run, found by name (or by friendly name)."""

    def __init__(self, client):
        self.client = client

    def all(self, refresh=False):
        """``[(target, InstanceSummary)]`` of every target (listed once per run unless ``refresh``)."""
        return self.client.list_instances(refresh=refresh)

    def targets(self):
        return self.client.list_targets()

    def by_name(self, name):
        """``(target, summary)`` of the instance named ``name``, or None."""
        for target, summary in self.all():
            if summary.get("InstanceName") == name:
                return target, summary
        return None

    def resolve(self, ref, option="server"):
        """The instance a per-server module names: its InstanceName, or a friendly name no other instance has."""
        found = self.by_name(ref)
        if found is not None:
            return found
        friendly = [(t, s) for t, s in self.all() if s.get("FriendlyName") == ref]
        if len(friendly) == 1:
            return friendly[0]
        if friendly:
            raise ReconcileError("%d AMP instances have the friendly name %r (%s); name the instance by its instance "
                                 "name" % (len(friendly), ref, ", ".join(s["InstanceName"] for _t, s in friendly)),
                                 option=option)
        names = [s.get("InstanceName") for _t, s in self.all() if s.get("Module") != "ADS"]
        raise MissingReference(unknown("AMP instance", ref, names), option=option, kind="instance", ref=ref)

    def api(self, target, summary, option="server"):
        """The instance's own API (see :meth:`AMPClient.instance`); a stopped instance fails naming ``option``,
        now or when it stops later in the run."""
        try:
            api = self.client.instance(summary, target)
        except InstanceNotRunning as exc:
            raise not_running_error(exc, option) from exc
        api.process.unavailable = lambda exc: not_running_error(exc, option)
        return api


def server_scope(target, summary):
    """What per-server modules report as their server."""
    return {
        "id": summary["InstanceID"],
        "name": summary.get("InstanceName"),
        "friendly_name": summary.get("FriendlyName"),
        "module": summary.get("Module"),
        "target": target.get("FriendlyName"),
        "instance_running": bool(summary.get("Running")),
    }


def power_state(summary):
    if not summary.get("Running"):
        return "stopped"
    return "started" if summary.get("AppState") in STARTED_STATES else "stopped"


def canonical(target, summary):
    """An InstanceSummary -> the form the server module takes (ports and settings are added when declared)."""
    return {
        "id": summary["InstanceID"],
        "name": summary.get("InstanceName"),
        "friendly_name": summary.get("FriendlyName") or "",
        "description": summary.get("Description") or "",
        "module": summary.get("Module"),
        "module_display_name": summary.get("ModuleDisplayName") or summary.get("Module"),
        "target": target.get("FriendlyName"),
        "suspended": bool(summary.get("Suspended")),
        "instance_running": bool(summary.get("Running")),
        "power_state": power_state(summary),
        "app_state": app_state_name(summary.get("AppState")),
        "auto_start": bool(summary.get("DaemonAutostart")),
        "port": summary.get("Port"),
        "endpoints": [e.get("Endpoint") for e in summary.get("ApplicationEndpoints") or []],
    }


def settings_strings(settings):
    """Setting values compared as AMP stores them: strings, booleans as True/False (quirk 9)."""
    out = {}
    for node, value in (settings or {}).items():
        if isinstance(value, bool):
            value = "True" if value else "False"
        out[str(node)] = "" if value is None else str(value)
    return out


def same_setting(want, have):
    if have is None:
        return False
    if want.lower() in ("true", "false"):
        return want.lower() == str(have).lower()
    return want == str(have)


def check_nodes(declared, known, option, what):
    """Refuse, before any write, declared node names ``known`` lacks, naming ``option``, the closest and the known ones."""
    for node in sorted(declared):
        if node not in known:
            near = closest(node, known)
            raise ReconcileError("%s %r%s; known: %s" % (what, node, "; did you mean %r?" % near if near else "",
                                                         ", ".join(sorted(known)) or "none"), option=option)


class ServerAdapter(Adapter):
    """AMP instances (the ADS's ADSModule API), keyed on InstanceName."""

    kind = "server"
    key = "name"

    def __init__(self, client, admin_username, wait_timeout=600, force_delete=False, check_mode=False):
        self.client = client
        self.instances = Instances(client)
        self.admin_username = admin_username
        #: install_timeout; 0 sends the change and does not wait for AMP to finish it
        self.wait_timeout = wait_timeout
        self.force_delete = force_delete
        self.check_mode = check_mode
        self._raw = {}
        self._provision = {}

    def refresh(self):
        # the engine reads back after a write whose answer was lost: the next list asks GetInstances again
        self.client.forget_targets()

    def list(self):
        servers = []
        for target, summary in self.instances.all():
            if summary.get("Module") == "ADS":
                continue  # the controller itself is not a game instance
            self._raw[summary["InstanceID"]] = (target, summary)
            servers.append(canonical(target, summary))
        return servers

    # -- reading what the user declared -------------------------------------------

    def prepare(self, desired):
        if "settings" in desired:
            desired["settings"] = settings_strings(desired["settings"])
        if "ports" in desired:
            desired["ports"] = dict((str(k), int(v)) for k, v in desired["ports"].items())
        wanted = desired.get("power_state")
        if wanted in ("started", "restarted") and desired.get("instance_running") is False:
            raise ReconcileError("the game cannot be %s while instance_running is false" % wanted,
                                 option="power_state")
        if wanted in ("started", "restarted") and desired.get("suspended"):
            raise ReconcileError("a suspended instance cannot be %s" % wanted, option="power_state")
        if desired.get("instance_running") and desired.get("suspended"):
            raise ReconcileError("a suspended instance cannot run", option="instance_running")
        return desired

    def complete(self, current, desired):
        target, summary = self._raw[current["id"]]
        current = dict(current)
        if "ports" in desired:
            current["ports"] = self._ports(summary)
            check_nodes(desired["ports"], current["ports"], "ports", "AMP instance %r has no port" % current["name"])
        if "settings" in desired:
            if not summary.get("Running") and self._will_run(desired):
                if self.check_mode:
                    # read only through the running instance: planned as all to be written once it has started
                    self.client.transport.warn("the settings of AMP instance %r are read through its own API, which "
                                               "answers once its AMP process runs; they are planned as changing"
                                               % current["name"])
                    current["settings"] = {}
                    return current
                # the settings are read (and written) through the instance: start its AMP process first; the plan
                # still shows instance_running changing, since this run started it
                self._refuse_without_wait(summary)
                self._start_process(summary)
                target, summary = self._raw[current["id"]]
            current["settings"] = self._settings(target, summary, desired["settings"])
        if desired.get("power_state") == "killed":
            # killed ends stopped, so an instance whose game is stopped is already there
            current["power_state"] = "killed" if current["power_state"] == "stopped" else current["power_state"]
        return current

    def _ports(self, summary):
        return dict((p["ProvisionNodeName"], p["PortNumber"])
                    for p in self.client.get_instance_network_info(summary["InstanceName"]) if p.get("ProvisionNodeName"))

    @staticmethod
    def _will_run(desired):
        return bool(desired.get("instance_running")) or desired.get("power_state") in ("started", "restarted")

    def _settings(self, target, summary, wanted):
        """The declared nodes' current values, read through the instance (one request)."""
        if not summary.get("Running"):
            raise ReconcileError("the settings of AMP instance %r are read through its own API, so its AMP process "
                                 "must run: set instance_running: true in this task (or an earlier one)"
                                 % summary["InstanceName"], option="settings")
        specs = self.instances.api(target, summary, option="settings").get_configs(sorted(wanted))
        values = dict((s.get("Node"), s.get("CurrentValue")) for s in specs or [])
        unknown = sorted(node for node in wanted if node not in values)
        if unknown:
            raise ReconcileError("AMP instance %r (%s) has no setting %s" % (
                summary["InstanceName"], summary.get("Module"), ", ".join(unknown)), option="settings")
        for spec in specs or []:
            if spec.get("Node") in wanted and not same_setting(wanted[spec["Node"]], values[spec["Node"]]):
                # every value before the first write: AMP refuses a bad one only when it comes to it
                checks.setting("settings.%s" % spec["Node"], wanted[spec["Node"]], spec)
        # compare as strings; a boolean matches whatever case AMP stores it in
        return dict((node, wanted[node] if same_setting(wanted[node], values[node]) else settings_strings(
            {node: values[node]})[node]) for node in wanted)

    def defaults(self, desired):
        return dict(dict(friendly_name=desired["name"]), **desired)

    def validate(self, desired, current):
        if current is not None:
            if "module" in desired and desired["module"] != current["module"]:
                raise ReconcileError("AMP instance %r runs module %s; the module of an existing instance cannot be "
                                     "changed (delete and create it again)" % (current["name"], current["module"]),
                                     option="module")
            target, _summary = self._raw[current["id"]]
            if "target" in desired and desired["target"] not in (target.get("FriendlyName"), target.get("InstanceId")):
                raise ReconcileError("AMP instance %r is on target %s; moving an instance is not supported"
                                     % (current["name"], current["target"]), option="target")
            return
        if not desired.get("module"):
            raise ReconcileError("is required to create AMP instance %r (for example Minecraft or GenericModule)"
                                 % desired["name"], option="module")
        self._target(desired.get("target"))
        provision = self._provision_nodes(desired["module"])
        if "ports" in desired:
            check_nodes(desired["ports"], provision, "ports",
                        "AMP module %s has no provision setting" % desired["module"])

    def _provision_nodes(self, module):
        """The ProvisionSettings nodes the ADS offers for ``module`` (GetProvisionArguments); none: no such module."""
        if module not in self._provision:
            self._provision[module] = dict((a.get("Node"), a) for a in self.client.get_provision_arguments(module)
                                           if a.get("Node"))
        if not self._provision[module]:
            known = sorted(set([s.get("Module") for _t, s in self.instances.all() if s.get("Module") != "ADS"]
                               + [m for m in PROCESS_MODULES if m != "ADS"]))
            near = closest(module, known)
            raise ReconcileError("AMP offers no module %r (ADSModule/GetProvisionArguments knows nothing of it)%s; "
                                 "modules AMP ships include %s" % (module, "; did you mean %r?" % near if near else "",
                                                                   ", ".join(known)), option="module")
        return self._provision[module]

    def _target(self, ref):
        targets = self.instances.targets()
        if ref is None:
            if len(targets) != 1:
                raise ReconcileError("is required when the panel has several targets (%s)"
                                     % ", ".join(t.get("FriendlyName") for t in targets), option="target")
            return targets[0]
        for target in targets:
            if ref in (target.get("FriendlyName"), target.get("InstanceId")):
                return target
        raise ReconcileError("no AMP target %r (targets: %s)" % (ref, ", ".join(t.get("FriendlyName") for t in targets)),
                             option="target")

    # -- writes ---------------------------------------------------------------------

    def _free_port(self, target):
        used = set(s.get("Port") for t, s in self.instances.all() if t.get("InstanceId") == target.get("InstanceId"))
        port = FIRST_INSTANCE_PORT
        while port in used:
            port += 1
        return port

    def create(self, desired):
        name = desired["name"]
        # killed: stopped, restarted: started
        power = {"killed": "stopped", "restarted": "started"}.get(desired.get("power_state"), desired.get("power_state"))
        post_create = instance_id = None
        if self._busy_task(name) is not None:
            # an earlier run's CreateInstance that AMP is still carrying out: wait for it, never create twice
            created = functools.partial(self._find_named, name)
        else:
            target = self._target(desired.get("target"))
            instance_id = new_instance_id()
            # the instance's own administrator login is never used (the ADS logs users in); keep it secret anyway
            admin_password = secrets.token_urlsafe(24)
            self.client.transport.add_secret(admin_password)
            provision = dict(desired.get("settings") or {})
            provision.update((node, str(port)) for node, port in (desired.get("ports") or {}).items())
            # AMP installs the game once (and starts it when power_state asks for it) rather than leaving it empty
            post_create = POST_CREATE_UPDATE_AND_START_ONCE if power == "started" else POST_CREATE_UPDATE_ONCE
            try:
                self.client.create_instance(
                    target["InstanceId"], instance_id, desired["module"], name, desired["friendly_name"],
                    "0.0.0.0", self._free_port(target), self.admin_username, admin_password, provision,
                    post_create=post_create, auto_start=desired.get("auto_start", False))
            except AMPError as exc:
                if not exc.taken or not self.wait_timeout:
                    raise
                # another run creates an instance of this name: once AMP lists it, the engine reads it back and
                # carries on as if this run had found it
                self._wait(functools.partial(self._find_named, name), "AMP instance %r, which another run creates"
                           % name)
                raise
            created = functools.partial(self._find, instance_id)
        if not self.wait_timeout:
            self.client.transport.warn("AMP is creating instance %r; with install_timeout: 0 the task does not wait, "
                                       "and the next run sets what the creation did not" % name)
            return dict(desired, id=instance_id, instance_running=False)
        target, summary = self._wait(created, "creating AMP instance %r" % name)
        if desired.get("description"):
            self.client.update_instance_info(instance_info(summary, Description=desired["description"]))
        # PostCreate UpdateAndStartOnce starts the game once installed; otherwise it is set as declared
        started_by_amp = post_create == POST_CREATE_UPDATE_AND_START_ONCE
        self._converge_running(target, summary, running=desired.get("instance_running"),
                               power=None if started_by_amp or power == power_state(summary) else power)
        if desired.get("suspended"):
            self.client.set_instance_suspended(summary["InstanceName"], True)
        return self._result(summary["InstanceID"], desired)

    def _wait(self, check, what):
        """Wait up to install_timeout for ``check()``; a timeout names the option and says AMP carries on."""
        try:
            return self.client.wait_until(check, self.wait_timeout, what)
        except WaitTimeout as exc:
            raise ReconcileError("%s; %s" % (exc.message, CARRIES_ON), option="install_timeout") from exc

    def _busy_task(self, name):
        """The ADS's busy RunningTask (creating or deleting) that names instance ``name``, or None."""
        return busy_task_naming(self.client.get_tasks(), name)

    def _find_named(self, name):
        found = self.instances.all(refresh=True)
        for target, summary in found:
            if summary.get("InstanceName") == name:
                self._raw[summary["InstanceID"]] = (target, summary)
                return target, summary
        return None

    def _find(self, instance_id):
        for target, summary in self.instances.all(refresh=True):
            if summary["InstanceID"] == instance_id:
                self._raw[instance_id] = (target, summary)
                return target, summary
        return None

    def update(self, current, desired, changed):
        target, summary = self._raw[current["id"]]
        name = summary["InstanceName"]
        changed = set(changed)
        info = dict((INFO_FIELDS[field], desired[field]) for field in INFO_FIELDS if field in changed)
        if info:
            # a full replacement: every other field is sent as the instance holds it
            self.client.update_instance_info(instance_info(summary, **info))
        if "suspended" in changed and not desired["suspended"]:
            self.client.set_instance_suspended(name, False)
        if "ports" in changed:
            ports = dict(current.get("ports") or {}, **desired["ports"])
            self.client.set_instance_network_info(summary["InstanceID"], ports)
        settings = {}
        if "settings" in changed:
            settings = dict((node, value) for node, value in desired["settings"].items()
                            if current["settings"].get(node) != value)
        self._converge_running(target, summary, power=desired["power_state"] if "power_state" in changed else None,
                               running=desired["instance_running"] if "instance_running" in changed else None,
                               settings=settings)
        if "suspended" in changed and desired["suspended"]:
            self.client.set_instance_suspended(name, True)
        return self._result(current["id"], desired)

    def _converge_running(self, target, summary, power=None, running=None, settings=None):
        """Start the AMP process when needed, write settings through it, set the game's state, stop the process.

        ``power`` and ``running`` are the declared states that differ from the instance's (None: leave alone).
        """
        name = summary["InstanceName"]
        needs_process = bool(settings) or power in ("started", "restarted")
        if (running or needs_process) and not summary.get("Running"):
            if needs_process:
                self._refuse_without_wait(summary)
            target, summary = self._start_process(summary)
        if settings or (power and summary.get("Running")):
            api = self.instances.api(target, summary)
            for node, value in sorted((settings or {}).items()):
                api.set_config(node, value)
            if power:
                getattr(api, POWER_CALLS[power])()
        if running is False and summary.get("Running"):
            self.client.stop_instance(name)

    def _refuse_without_wait(self, summary):
        if not self.wait_timeout:
            raise ReconcileError("AMP instance %r must be started, and waited for, before its settings or its game can "
                                 "be set, and install_timeout: 0 does not wait; give it some seconds"
                                 % summary["InstanceName"], option="install_timeout")

    def _start_process(self, summary):
        """StartInstance, then (unless install_timeout is 0) ``(target, summary)`` once AMP lists it running."""
        self.client.start_instance(summary["InstanceName"])
        if not self.wait_timeout:
            return self._raw[summary["InstanceID"]]
        return self._wait(lambda: self._running(summary["InstanceID"]), "starting AMP instance %r"
                          % summary["InstanceName"])

    def _running(self, instance_id):
        found = self._find(instance_id)
        return found if found is not None and found[1].get("Running") else None

    def _result(self, instance_id, desired):
        target, summary = self._find(instance_id) or self._raw[instance_id]
        result = canonical(target, summary)
        for field in ("ports", "settings"):
            if field in desired:
                result[field] = desired[field]
        if "power_state" in desired:
            # AMP reports the game's new state once it has changed; report what was asked for
            result["power_state"] = "stopped" if desired["power_state"] == "killed" else (
                "started" if desired["power_state"] == "restarted" else desired["power_state"])
        return result

    def delete(self, current):
        _target, summary = self._raw[current["id"]]
        name = summary["InstanceName"]
        if self._busy_task(name) is None:  # else an earlier run's DeleteInstance is still under way
            self.client.delete_instance(name)
        if self.wait_timeout:
            self._wait(lambda: True if self._find(current["id"]) is None else None, "deleting AMP instance %r" % name)
