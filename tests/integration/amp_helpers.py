# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the AMP playbook tests read from the simulator's request log."""

from __future__ import annotations


def write_calls(sim, module=None):
    """``(Module/Method, instance name or None for the ADS)`` of every write the simulator received (of ``module``)."""
    return [(r.call, r.instance_name) for r in sim.writes() if module is None or r.module == module]


def bodies(sim, call, instance=None):
    """The bodies (SESSIONID left out) of every ``call`` the simulator received, in order."""
    return [dict((k, v) for k, v in r.body.items() if k != "SESSIONID") for r in sim.requests
            if r.call == call and (instance is None or r.instance_name == instance)]
