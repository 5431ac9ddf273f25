# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A check-mode plan fails where the real run will, and a task that wrote nothing reports changed=false.

apply's document declares every object it creates, so a reference to a role, a user or an instance that is
neither on the panel nor in the document cannot come into being before the real run: check mode fails on it as
the real run does, with the same message and path, and writes nothing. (A single module's check mode still plans
such a reference with a warning: an earlier task of the play may create the object.) A write a redirect turned
away reached no panel: the failed task is not changed.
"""

from __future__ import annotations

import pytest

from tests.integration.harness import run_playbook
from tests.simulators.common import serve

AMP_USER_WITH_UNKNOWN_ROLE = """
- name: apply
  gameops.panels.apply:
    document:
      roles:
        - {name: Moderators}
      users:
        - {username: carol, password: Carol-Pass-1, roles: [Moderators, Admins]}
  ignore_errors: true
"""

AMP_ROLE_WITH_UNKNOWN_INSTANCE = """
- name: apply
  gameops.panels.apply:
    document:
      servers:
        - {name: Minecraft01}
      roles:
        - name: Moderators
          instance_permissions:
            Creative01: {Core.AppManagement.StartApplication: allow}
  ignore_errors: true
"""

PTERODACTYL_SERVER_WITH_UNKNOWN_OWNER = """
- name: apply
  gameops.panels.apply:
    document:
      users:
        - {username: alice, email: alice@example.test, first_name: Alice, last_name: Liddell}
      servers:
        - name: survival
          external_id: community-42
          owner: bob
          egg: Paper
          nest: Minecraft
          limits: {memory: 1024, disk: 2048}
          deployment: {locations: [eu-west]}
  ignore_errors: true
"""

AMP_MODULE_WITH_UNKNOWN_ROLE = """
- name: user
  gameops.panels.user:
    username: carol
    password: Carol-Pass-1
    roles: [Admins]
  ignore_errors: true
"""


def plan_then_run(sim, tmp_path, tasks, writes):
    """The check-mode run and the real run of ``tasks``; the check-mode run wrote nothing."""
    check = run_playbook(sim, tmp_path, tasks, check=True)
    assert check.data is not None, check
    assert writes() == []
    real = run_playbook(sim, tmp_path, tasks)
    return check.task("apply" if "apply" in tasks else "user"), real.task("apply" if "apply" in tasks else "user")


def amp_writes(sim):
    return lambda: [r.call for r in sim.writes() if r.call != "Core/Login"]


def problems(result):
    """``[(path, message)]`` of a plan that found problems before any write, and that it wrote nothing."""
    assert result["failed"] and result["changed"] is False, result
    assert "as the panel stands (nothing was written)" in result["msg"], result["msg"]
    return [(error["path"], error["message"]) for error in result["errors"]]


def test_amp_check_mode_fails_on_a_role_neither_panel_nor_document_has(amp_sim, tmp_path):
    planned, real = plan_then_run(amp_sim, tmp_path, AMP_USER_WITH_UNKNOWN_ROLE, amp_writes(amp_sim))
    expected = [("users[0].roles", "no AMP role 'Admins' on the panel, nor in the document; did you mean "
                                   "'Super Admins'? (known: Default, Moderators, Super Admins)")]
    assert problems(planned) == expected
    assert problems(real) == expected
    assert amp_writes(amp_sim)() == []
    assert amp_sim.state.user_by_name("carol") is None


def test_amp_check_mode_fails_on_an_instance_neither_panel_nor_document_has(amp_sim, tmp_path):
    amp_sim.add_instance("Minecraft01")
    planned, real = plan_then_run(amp_sim, tmp_path, AMP_ROLE_WITH_UNKNOWN_INSTANCE, amp_writes(amp_sim))
    [(path, message)] = problems(planned)
    assert path == "roles[0].instance_permissions"
    assert message.startswith("no AMP instance 'Creative01' on the panel"), message
    assert problems(real) == [(path, message)]
    assert amp_writes(amp_sim)() == []


def test_pterodactyl_check_mode_fails_on_an_owner_neither_panel_nor_document_has(ptero_sim, tmp_path):
    planned, real = plan_then_run(ptero_sim, tmp_path, PTERODACTYL_SERVER_WITH_UNKNOWN_OWNER, ptero_sim.writes)
    expected = [("servers[0].owner", "no user with username 'bob' on the panel, nor in the document")]
    assert problems(planned) == expected
    assert problems(real) == expected
    assert ptero_sim.writes() == []
    assert [s for s in ptero_sim.state.servers.values() if s["external_id"] == "community-42"] == []


CRAFTY_ROLE_WITH_UNKNOWN_SERVER = """
- name: apply
  gameops.panels.apply:
    document:
      roles:
        - {name: helpers, servers: [{server: lobby, permissions: [logs]}]}
        - {name: builders, servers: [{server: lobby, permissions: [logs]}, {server: lobbby, permissions: [logs]}]}
      users:
        - {username: carol, password: Carol-Pass-1, roles: [helpers, admins]}
  ignore_errors: true
"""


def test_crafty_check_mode_fails_on_a_server_and_a_role_neither_panel_nor_document_has(crafty_sim_factory, tmp_path):
    """Both problems at once, each with its path; nothing written, in check mode or for real."""
    sim = crafty_sim_factory("4.10.7")
    sim.add_server("lobby")

    def crafty_writes():
        return [(r.method, r.path) for r in sim.writes() if r.path != "/api/v2/auth/login"]

    planned, real = plan_then_run(sim, tmp_path, CRAFTY_ROLE_WITH_UNKNOWN_SERVER, crafty_writes)
    expected = [
        ("roles[1].servers.server", "no server named 'lobbby' on the panel, nor in the document (or none the account may "
                                    "see); did you mean 'lobby'?"),
        ("users[0].roles", "no role 'admins' on the panel, nor in the document (known: helpers)")]
    assert problems(planned) == expected
    assert problems(real) == expected
    assert crafty_writes() == []


def test_a_single_module_still_plans_what_an_earlier_task_may_create(amp_sim, tmp_path):
    """Outside a document an earlier task of the play may create the role: planned, with a warning."""
    run = run_playbook(amp_sim, tmp_path, AMP_MODULE_WITH_UNKNOWN_ROLE, check=True)
    user = run.task("user")
    assert not user.get("failed") and user["changed"], user
    assert any("no AMP role 'Admins' on the panel" in w and "planned anyway" in w for w in user["warnings"])
    assert amp_writes(amp_sim)() == []


class WritesRedirected:
    """The panel for reads (and Crafty's login); every other write answered with a redirect."""

    def __init__(self, sim):
        self.sim, self.requests = sim, []

    def handle(self, method, target, headers, body, client_ip):
        from tests.simulators.pterodactyl.framework import Response

        self.requests.append((method, target.split("?")[0]))
        if method != "GET" and not target.startswith("/api/v2/auth/login"):
            return Response(307, b"", None, [("Location", "https://elsewhere.example" + target)])
        return self.sim.handle(method, target, headers, body, client_ip)


@pytest.mark.parametrize("panel", ["pterodactyl", "crafty"])
def test_a_write_a_redirect_turned_away_is_not_changed(panel, ptero_sim, crafty_sim_factory, tmp_path):
    """The reads (and the login) reach the panel, the create is redirected: failed, not changed."""
    sim = ptero_sim if panel == "pterodactyl" else crafty_sim_factory("4.10.7")
    user = {"pterodactyl": "{username: carol, email: carol@example.test, first_name: C, last_name: L",
            "crafty": "{username: carol, password: Carol-Pass-1"}[panel]
    proxy = WritesRedirected(sim)
    httpd, _thread, url = serve(proxy)
    try:
        run = run_playbook(sim, tmp_path, """
- name: user
  gameops.panels.user: %s, panel_url: "%s"}
  ignore_errors: true
""" % (user, url))
    finally:
        httpd.shutdown()
        httpd.server_close()
    result = run.task("user")
    assert result["failed"] and result["option"] == "panel_url" and "redirect (HTTP 307)" in result["msg"], result
    assert result["changed"] is False
    path = "/api/application/users" if panel == "pterodactyl" else "/api/v2/users"
    assert ("POST", path) in proxy.requests
