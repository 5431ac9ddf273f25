# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Crafty playbook tests share: writes as the simulator logged them, and its rows."""

from __future__ import annotations

LOGIN = ("POST", "/api/v2/auth/login")


def panel_writes(sim, bodies=False):
    """Writes the simulator received since its log was cleared, logins left out.

    A login creates a session (and stamps last_login) but changes nothing a
    module manages; every task logs in once, which the tests count separately.
    """
    out = []
    for request in sim.writes():
        if (request.method, request.path) == LOGIN:
            continue
        out.append((request.method, request.path, request.body) if bodies else (request.method, request.path))
    return out


def logins(sim):
    return [r for r in sim.requests if (r.method, r.path) == LOGIN]


def server_row(sim, name):
    found = [s for s in sim.state.servers.values() if s["server_name"] == name]
    assert len(found) == 1, found
    return found[0]


def role_row(sim, name):
    found = [r for r in sim.state.roles.values() if r["role_name"].lower() == name.lower()]
    assert len(found) == 1, found
    return found[0]


def user_row(sim, username):
    found = [u for u in sim.state.users.values() if u["username"] == username]
    assert len(found) == 1, found
    return found[0]


def schedule_rows(sim, server_id):
    return sorted((r for r in sim.state.schedules.values() if str(r["server_id"]) == str(server_id)),
                  key=lambda r: r["schedule_id"])


def fail_nth(sim, n, method, path_prefix, count=1, **fault):
    """Make the ``n``-th request matching ``method`` and ``path_prefix`` fail, and ``count - 1`` after it.

    The simulator's own faults hit the next matching requests; this lets the
    first ``n - 1`` through, so a run can be stopped between two writes of
    the same kind (a create and the create after it). One dropped connection
    is survived by the engine's read-back; a lasting outage (a large
    ``count``) ends the run there, as a killed run would.
    """
    original = sim.handle
    seen = []

    def handle(method_, target, *args, **kwargs):
        if method_ == method and target.startswith(path_prefix):
            seen.append(target)
            if len(seen) == n:
                sim.inject_fault(method=method, path_prefix=path_prefix, count=count, **fault)
        return original(method_, target, *args, **kwargs)

    sim.handle = handle
    return seen
