# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP instances in the words every panel shares: the servers inventory, and server_info's ``resources``.

The ADS's instance list (ADSModule/GetInstances) already says, per
instance, whether its AMP process runs (``Running``) and what its game is
doing (``AppState``), and per target whether the ADS reaches it. So the
inventory's power states cost no request beyond the list. server_info's
``resources`` asks the instance itself (Core/GetStatus: its state and the
game's uptime), which a rolling restart needs to tell a game that is back
from one that has not gone down yet.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils.amp.client import app_state_name
from ansible_collections.gameops.panels.plugins.module_utils.errors import InstanceNotRunning

#: ApplicationState (TypeSpec) -> the inventory's power state (driver.POWER_STATES); other states are "unknown"
#: (Undefined, AwaitingUserInput, Maintainence, Indeterminate).
POWER_STATES = {
    0: "offline",  # Stopped
    5: "starting",  # PreStart
    7: "starting",  # Configuring
    10: "starting",  # Starting
    20: "running",  # Ready
    30: "starting",  # Restarting: stopping, then starting again by itself
    40: "stopping",  # Stopping
    45: "stopping",  # PreparingForSleep
    50: "offline",  # Sleeping: not running, resumed on demand
    60: "starting",  # Waiting for an external service before it can run
    70: "installing",  # Installing
    75: "installing",  # Updating
    100: "offline",  # Failed
    200: "offline",  # Suspended
}
#: RemoteInstanceState Online: the ADS reaches the target (other states: pending, connecting, offline, ...)
TARGET_ONLINE = 20
#: .NET TimeSpan text, as AMP sends Uptime: [d.]hh:mm:ss[.fffffff]
TIMESPAN = re.compile(r"^(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$")


def target_reachable(target):
    """False for a remote target the ADS does not reach (its instances' states are the last it knew)."""
    return not target.get("IsRemote") or (target.get("State") == TARGET_ONLINE and not target.get("Disabled"))


def current_state(target, summary, app_state=None):
    """The instance's state in the inventory's words; ``app_state``: the game's state read from the instance itself."""
    if not target_reachable(target):
        return "unreachable"
    if not summary.get("Running"):
        return "offline"  # its AMP process is stopped, so is the game
    return POWER_STATES.get(summary.get("AppState") if app_state is None else app_state, "unknown")


def container_limits(summary):
    """The limits of a container instance in Pterodactyl's units (MB; cpu in percent of one core); 0 = no limit.

    An instance that does not run in a container has no limits AMP enforces: ``{}``.
    """
    if not summary.get("IsContainerInstance"):
        return {}
    return {
        "memory": int(summary.get("ContainerMemoryMB") or 0),
        "swap": int(summary.get("ContainerSwapMB") or 0),
        "cpu": int(round(float(summary.get("ContainerCPUs") or 0) * 100)),
    }


def game(summary):
    """What the instance runs: the game a generic instance was set up for (ModuleDisplayName, e.g. Valheim), else
    its module (Minecraft, Rust, ...)."""
    return summary.get("ModuleDisplayName") or summary.get("Module")


def inventory_description(target, summary, live_state=True):
    """One instance for the ``gameops.panels.servers`` inventory (see PanelDriver.inventory_servers)."""
    return {
        "id": summary["InstanceID"],
        "uuid": summary["InstanceID"],
        "external_id": None,
        "name": summary.get("InstanceName"),
        "description": summary.get("Description") or "",
        "owner": None,  # AMP instances have no owner: users reach them through roles
        "node": target.get("FriendlyName"),
        "game": game(summary),
        "limits": container_limits(summary),
        "suspended": bool(summary.get("Suspended")),
        "power_state": current_state(target, summary) if live_state else "unknown",
        "friendly_name": summary.get("FriendlyName") or "",
        "module": summary.get("Module"),
        "instance_running": bool(summary.get("Running")) if live_state else None,
        "app_state": app_state_name(summary.get("AppState")) if live_state else None,
        "endpoints": [e.get("Endpoint") for e in summary.get("ApplicationEndpoints") or []],
    }


def uptime_ms(text):
    """AMP's Uptime text -> milliseconds (None when AMP sends something else)."""
    match = TIMESPAN.match(str(text or "").strip())
    if not match:
        return None
    days, hours, minutes, seconds, fraction = match.groups()
    total = ((int(days or 0) * 24 + int(hours)) * 60 + int(minutes)) * 60 + int(seconds)
    return total * 1000 + int(round(float("0." + fraction) * 1000) if fraction else 0)


def metrics(values):
    """Metrics (name -> MetricInfo) without their display colours."""
    return dict((name, {"value": info.get("RawValue"), "max": info.get("MaxValue"), "percent": info.get("Percent"),
                        "unit": info.get("Units")})
                for name, info in (values or {}).items() if isinstance(info, dict))


def resources(client, target, summary):
    """server_info's ``resources`` of one instance: the game's state read from the instance (a login and
    Core/GetStatus, while its AMP process runs), with its uptime in milliseconds.

    ``client`` is the panel's :class:`~.client.AMPClient`. An instance whose process the ADS lists as running but
    that does not answer is ``unreachable``, with AMP's message under ``error``.
    """
    found = {"current_state": current_state(target, summary), "app_state": app_state_name(summary.get("AppState")),
             "instance_running": bool(summary.get("Running")), "uptime": None,
             "metrics": metrics(summary.get("Metrics"))}
    if not target_reachable(target) or not summary.get("Running") or summary.get("Suspended"):
        return found  # nothing to ask: the ADS does not reach it, its AMP process is down, or it is suspended
    try:
        status = client.instance(summary, target).get_status() or {}
    except InstanceNotRunning as exc:
        return dict(found, current_state="unreachable", error=exc.message)
    state = status.get("State")
    found.update(current_state=current_state(target, summary, app_state=state), app_state=app_state_name(state),
                 uptime=uptime_ms(status.get("Uptime")))
    if status.get("Metrics"):
        found["metrics"] = metrics(status["Metrics"])
    return found
