# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bare HTTP caller for the AMP simulator's own tests (plain requests, no collection code)."""
from __future__ import annotations

import sys
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# pylint: disable=wrong-import-position
from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME  # noqa: E402


class Amp:
    """Calls ``Module/Method`` on the ADS or, with ``instance=``, through the ADS proxy path."""

    def __init__(self, sim):
        self.sim = sim
        self.http = requests.Session()
        self.sessions = {}

    def path(self, call, instance=None):
        if instance is None:
            return "/API/" + call
        return "/API/ADSModule/Servers/%s/API/%s" % (instance, call)

    def raw(self, call, instance=None, headers=None, **params):
        return self.http.post(self.sim.url + self.path(call, instance), json=params, headers=headers or {}, timeout=10)

    def post(self, call, instance=None, **params):
        response = self.raw(call, instance, **params)
        assert response.status_code == 200, response.text
        return response.json() if response.content else None

    def login(self, instance=None, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD, token="",
              remember=False):
        return self.post("Core/Login", instance, username=username, password=password, token=token,
                         rememberMe=remember)

    def session(self, instance=None, **login):
        key = (instance, login.get("username", DEFAULT_ADMIN_USERNAME))
        if key not in self.sessions:
            reply = self.login(instance, **login)
            assert reply["success"], reply
            self.sessions[key] = reply["sessionID"]
        return self.sessions[key]

    def call(self, call, instance=None, session=None, **params):
        """An authenticated call as the default admin (or ``session``)."""
        params["SESSIONID"] = session or self.session(instance)
        return self.post(call, instance, **params)

    def call_as(self, username, password, call, instance=None, **params):
        params["SESSIONID"] = self.session(instance, username=username, password=password)
        return self.post(call, instance, **params)


def interval(months=None, days=None, hours=(3,), minutes=(0,), days_of_month=None, description="nightly"):
    return {"months": list(range(12)) if months is None else list(months),
            "days": list(range(7)) if days is None else list(days), "hours": list(hours), "minutes": list(minutes),
            "daysOfMonth": list(range(1, 32)) if days_of_month is None else list(days_of_month),
            "description": description}


UPDATE_FIELDS = ("FriendlyName", "Description", "StartOnBoot", "Suspended", "ExcludeFromFirewall", "RunInContainer",
                 "ContainerMemory", "ContainerSwap", "MemoryPolicy", "ContainerMaxCPU", "ContainerImage")


def update_info_from(summary, **changes):
    """UpdateInstanceInfo parameters read-modify-write from an InstanceSummary (API.md §4.3)."""
    params = {"InstanceId": summary["InstanceID"], "FriendlyName": summary["FriendlyName"],
              "Description": summary.get("Description", ""), "StartOnBoot": summary["DaemonAutostart"],
              "Suspended": summary["Suspended"], "ExcludeFromFirewall": summary["ExcludeFromFirewall"],
              "RunInContainer": summary["IsContainerInstance"], "ContainerMemory": summary["ContainerMemoryMB"],
              "ContainerSwap": summary["ContainerSwapMB"], "MemoryPolicy": summary["ContainerMemoryPolicy"],
              "ContainerMaxCPU": summary["ContainerCPUs"], "ContainerImage": summary.get("SpecificDockerImage", "")}
    if "WelcomeMessage" in summary:
        params["WelcomeMessage"] = summary["WelcomeMessage"]
    params.update(changes)
    return params


__all__ = ["Amp", "interval", "update_info_from", "DEFAULT_ADMIN_USERNAME", "DEFAULT_ADMIN_PASSWORD", "REPO_ROOT"]
