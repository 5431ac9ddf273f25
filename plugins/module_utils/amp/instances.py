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

import secrets

from ansible_collections.gameops.panels.plugins.module_utils.amp.client import (
    InstanceNotRunning, app_state_name, instance_info, new_instance_id)
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, MissingReference, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.suggest import unknown

# ApplicationState values that count as the game being up (or on its way up)
STARTED_STATES = frozenset([5, 7, 10, 20, 30])
FIRST_INSTANCE_PORT = 8081
INFO_FIELDS = {"friendly_name": "FriendlyName", "description": "Description", "auto_start": "StartOnBoot"}
POWER_CALLS = {"started": "start_application", "stopped": "stop_application", "restarted": "restart_application",
               "killed": "kill_application"}
START_HINT = "start it first, for example with gameops.panels.server and instance_running: true"


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
        """The instance's own API (see :meth:`AMPClient.instance`); a stopped instance fails naming ``option``."""
        try:
            return self.client.instance(summary, target)
        except InstanceNotRunning as exc:
            raise not_running_error(exc, option) from exc


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


class ServerAdapter(Adapter):
    """AMP instances (the ADS's ADSModule API), keyed on InstanceName."""

    kind = "server"
    key = "name"

    def __init__(self, client, admin_username, wait_timeout=600, force_delete=False):
        self.client = client
        self.instances = Instances(client)
        self.admin_username = admin_username
        self.wait_timeout = wait_timeout
        self.force_delete = force_delete
        self._raw = {}

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
        if "settings" in desired:
            current["settings"] = self._settings(target, summary, desired["settings"])
        if desired.get("power_state") == "killed":
            # killed ends stopped, so an instance whose game is stopped is already there
            current["power_state"] = "killed" if current["power_state"] == "stopped" else current["power_state"]
        return current

    def _ports(self, summary):
        return dict((p["ProvisionNodeName"], p["PortNumber"])
                    for p in self.client.get_instance_network_info(summary["InstanceName"]) if p.get("ProvisionNodeName"))

    def _settings(self, target, summary, wanted):
        """The declared nodes' current values, read through the instance (one request)."""
        if not summary.get("Running"):
            raise ReconcileError("the settings of AMP instance %r are read through its own API, so its AMP process "
                                 "must run; %s in an earlier task" % (summary["InstanceName"], START_HINT[9:]),
                                 option="settings")
        specs = self.instances.api(target, summary, option="settings").get_configs(sorted(wanted))
        values = dict((s.get("Node"), s.get("CurrentValue")) for s in specs or [])
        unknown = sorted(node for node in wanted if node not in values)
        if unknown:
            raise ReconcileError("AMP instance %r (%s) has no setting %s" % (
                summary["InstanceName"], summary.get("Module"), ", ".join(unknown)), option="settings")
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
        target = self._target(desired.get("target"))
        instance_id = new_instance_id()
        # the instance's own administrator login is never used (the ADS logs users in); keep it secret anyway
        admin_password = secrets.token_urlsafe(24)
        self.client.transport.add_secret(admin_password)
        provision = dict(desired.get("settings") or {})
        provision.update((node, str(port)) for node, port in (desired.get("ports") or {}).items())
        self.client.create_instance(
            target["InstanceId"], instance_id, desired["module"], desired["name"], desired["friendly_name"],
            "0.0.0.0", self._free_port(target), self.admin_username, admin_password, provision,
            auto_start=desired.get("auto_start", False))
        target, summary = self.client.wait_until(lambda: self._find(instance_id), self.wait_timeout,
                                                 "creating AMP instance %r" % desired["name"])
        if desired.get("description"):
            self.client.update_instance_info(instance_info(summary, Description=desired["description"]))
        # a new instance's game is started or stopped as declared (killed: stopped, restarted: started)
        power = {"killed": "stopped", "restarted": "started"}.get(desired.get("power_state"), desired.get("power_state"))
        self._converge_running(target, summary, running=desired.get("instance_running"),
                               power=power if power != power_state(summary) else None)
        if desired.get("suspended"):
            self.client.set_instance_suspended(summary["InstanceName"], True)
        return self._result(instance_id, desired)

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
            self.client.start_instance(name)
            target, summary = self.client.wait_until(lambda: self._running(summary["InstanceID"]), self.wait_timeout,
                                                     "starting AMP instance %r" % name)
        if settings or (power and summary.get("Running")):
            api = self.instances.api(target, summary)
            for node, value in sorted((settings or {}).items()):
                api.set_config(node, value)
            if power:
                getattr(api, POWER_CALLS[power])()
        if running is False and summary.get("Running"):
            self.client.stop_instance(name)

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
        self.client.delete_instance(name)
        self.client.wait_until(lambda: True if self._find(current["id"]) is None else None, self.wait_timeout,
                               "deleting AMP instance %r" % name)
