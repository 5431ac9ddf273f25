# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty logins, tokens, refusals and secrets, through ansible-playbook."""

from __future__ import annotations

import pyotp

from tests.integration.crafty_support import LOGIN, logins, panel_writes
from tests.integration.harness import run_playbook
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD

HELPER_PASSWORD = "Helper-Pass-2026"


def test_a_limited_account_is_told_which_crafty_permission_it_lacks(crafty_sim, tmp_path):
    sid = crafty_sim.add_server("survival")["server_id"]
    crafty_sim.add_user("helper", HELPER_PASSWORD)
    crafty_sim.add_role("viewers", servers={sid: ["logs"]}, users=["helper"])
    crafty_sim.clear_log()
    run = run_playbook(crafty_sim, tmp_path, """
        - name: schedule
          gameops.panels.schedule:
            server: survival
            name: nightly
            cron: "0 4 * * *"
            tasks: [{action: command, payload: save-all}]
          ignore_errors: true
        - name: webhook
          gameops.panels.webhook:
            server: survival
            name: alerts
            type: Slack
            url: https://hooks.slack.example/T1
            triggers: [crash_detected]
          ignore_errors: true
        - name: user
          gameops.panels.user:
            username: newcomer
            password: Newcomer-Pass-1
          ignore_errors: true
        - name: role
          gameops.panels.role:
            name: helpers
          ignore_errors: true
        """, extra_env={"GAMEOPS_PANEL_USERNAME": "helper", "GAMEOPS_PANEL_PASSWORD": HELPER_PASSWORD})
    assert run.rc == 0 and run.stats["ignored"] == 4, run
    assert run.task("schedule")["msg"].startswith(
        "panel request failed - GET %s/api/v2/servers/%s/tasks/1 HTTP 400 NOT_AUTHORIZED: Crafty refused: the account "
        "'helper' lacks the server permission SCHEDULE (schedule) on server 'survival'" % (crafty_sim.url, sid))
    assert "lacks the server permission CONFIG (config) on server 'survival'" in run.task("webhook")["msg"]
    assert run.task("user")["msg"] == ("username: Crafty lets the account 'helper' see only itself: it lacks the "
                                       "Crafty permission USER_CONFIG, which managing other users needs")
    assert "the account 'helper' lacks the Crafty permission ROLES_CONFIG" in run.task("role")["msg"]
    assert panel_writes(crafty_sim) == []


def test_an_invalidated_token_is_renewed_once_and_the_run_succeeds(crafty_sim, tmp_path):
    token = crafty_sim.login()
    crafty_sim.invalidate_tokens("admin")
    crafty_sim.clear_log()
    run = run_playbook(crafty_sim, tmp_path, """
        - name: role
          gameops.panels.role:
            name: helpers
        """, extra_env={"GAMEOPS_API_TOKEN": token})
    assert run.rc == 0 and run.changed == 1, run
    assert [(r.method, r.path, r.status) for r in crafty_sim.requests] == [
        ("GET", "/api/v2", 200),
        ("GET", "/api/v2/roles", 403),  # the invalidated token
        LOGIN + (200,),                 # one fresh login
        ("GET", "/api/v2/roles", 200),  # the retry
        ("POST", "/api/v2/roles", 200),
        ("GET", "/api/v2/roles/%d" % crafty_sim.state.role_by_name("helpers")["role_id"], 200),  # the new role alone
    ]

    # without credentials to log in again, a refused token fails the task, saying so
    crafty_sim.clear_log()
    refused = run_playbook(crafty_sim, tmp_path, """
        - name: roles
          gameops.panels.role_info:
        """, extra_env={"GAMEOPS_API_TOKEN": token, "GAMEOPS_PANEL_USERNAME": None, "GAMEOPS_PANEL_PASSWORD": None})
    assert refused.rc != 0, refused
    result = refused.task("roles")
    assert result["option"] == "api_token"
    assert "Crafty refused api_token (HTTP 403 ACCESS_DENIED): it was invalidated" in result["msg"]
    assert logins(crafty_sim) == []


def test_two_factor_login_with_the_totp_secret_and_a_wrong_secret(crafty_sim, tmp_path):
    secret = crafty_sim.enable_totp("admin")
    crafty_sim.clear_log()
    run = run_playbook(crafty_sim, tmp_path, """
        - name: with the secret
          gameops.panels.role:
            name: helpers
            panel_totp_secret: "{{ lookup('env', 'TEST_TOTP_SECRET') }}"
        - name: with a wrong secret
          gameops.panels.role_info:
            panel_totp_secret: "{{ lookup('env', 'TEST_WRONG_SECRET') }}"
          ignore_errors: true
        - name: without a secret
          gameops.panels.role_info:
          ignore_errors: true
        """, extra_env={"TEST_TOTP_SECRET": secret, "TEST_WRONG_SECRET": pyotp.random_base32()})
    assert run.rc == 0 and run.changed == 1 and run.stats["ignored"] == 2, run
    assert crafty_sim.state.role_by_name("helpers") is not None
    sent = [r.body for r in logins(crafty_sim)]
    assert [sorted(b) for b in sent] == [["password", "totp", "username"]] * 2 + [["password", "username"]]
    assert pyotp.TOTP(secret).verify(sent[0]["totp"], valid_window=1)
    wrong = run.task("with a wrong secret")
    assert wrong["option"] == "panel_totp_secret"
    assert wrong["msg"].startswith("panel request failed - POST %s/api/v2/auth/login HTTP 401 INCORRECT_CREDENTIALS: "
                                   "Crafty refused the login of 'admin': wrong password, or panel_totp_secret does "
                                   "not belong to this account" % crafty_sim.url)
    assert "set panel_totp_secret" in run.task("without a secret")["msg"]


def test_kinds_a_panel_lacks_fail_before_any_request_naming_the_panel(ptero_sim, crafty_sim, tmp_path):
    ptero = run_playbook(ptero_sim, tmp_path, """
        - name: role
          gameops.panels.role:
            name: mods
          ignore_errors: true
        - name: webhook
          gameops.panels.webhook:
            server: survival
            name: alerts
          ignore_errors: true
        """)
    assert ptero.rc == 0 and ptero.stats["ignored"] == 2, ptero
    assert ptero.task("role")["msg"] == (
        "panel_type: role is not supported on Pterodactyl (panel_type=pterodactyl); Pterodactyl 1.x has no roles "
        "(give per-server permissions with gameops.panels.subuser)")
    assert ptero.task("webhook")["msg"] == ("panel_type: webhook is not supported on Pterodactyl "
                                            "(panel_type=pterodactyl); Pterodactyl 1.x has no webhooks")
    assert ptero_sim.requests == []

    crafty = run_playbook(crafty_sim, tmp_path, """
        - name: subuser
          gameops.panels.subuser:
            server: survival
            email: friend@example.com
            permissions: [control.console]
          ignore_errors: true
        - name: an option Crafty lacks
          gameops.panels.user:
            username: alice
            first_name: Alice
          ignore_errors: true
        """)
    assert crafty.rc == 0 and crafty.stats["ignored"] == 2, crafty
    assert crafty.task("subuser")["msg"] == (
        "panel_type: subuser is not supported on Crafty Controller (panel_type=crafty); Crafty grants access to a "
        "server through roles; use gameops.panels.role with servers[].permissions")
    assert crafty.task("an option Crafty lacks")["msg"].startswith(
        "first_name is not supported on Crafty Controller (panel_type=crafty); supported there: admin, email")
    assert crafty_sim.requests == []


def test_no_password_token_or_totp_secret_in_the_output_at_vvv(crafty_sim, tmp_path):
    """Secrets are given as options (from a vault, here the environment) or as GAMEOPS_* variables of the controller.

    (A task's ``environment:`` keyword is not a place for them: ansible-core
    prints it on the command line it logs at -vvv.)
    """
    secret = crafty_sim.enable_totp("admin")
    token = crafty_sim.add_api_key("admin")
    user_password = "Moderator-Secret-77"
    crafty_sim.clear_log()
    run = run_playbook(crafty_sim, tmp_path, """
        - name: a user with a password, logged in with two factors
          gameops.panels.user:
            username: moderator
            password: "{{ lookup('env', 'TEST_USER_PASSWORD') }}"
            panel_totp_secret: "{{ lookup('env', 'TEST_TOTP_SECRET') }}"
        - name: its password again, in check mode, with an API token
          gameops.panels.user:
            username: moderator
            password: "{{ lookup('env', 'TEST_USER_PASSWORD') }}"
            update_password: always
            api_token: "{{ lookup('env', 'TEST_API_TOKEN') }}"
          check_mode: true
        - name: a request the panel refuses (password too short)
          gameops.panels.user:
            username: shorty
            password: "{{ lookup('env', 'TEST_SHORT_PASSWORD') }}"
            api_token: "{{ lookup('env', 'TEST_API_TOKEN') }}"
          ignore_errors: true
        - name: a refused login
          gameops.panels.user_info:
            panel_password: "{{ lookup('env', 'TEST_USER_PASSWORD') }}"
          ignore_errors: true
        """, verbosity=3, diff=True, extra_env={"TEST_USER_PASSWORD": user_password, "TEST_TOTP_SECRET": secret,
                                                "TEST_API_TOKEN": token, "TEST_SHORT_PASSWORD": "Short7"})
    assert "PLAY RECAP" in run.output and "failed=0" in run.output and "ignored=2" in run.output, run
    # the secrets were really used: a two-factor login, a user with that password, the token's requests
    assert "totp" in logins(crafty_sim)[0].body
    assert crafty_sim.state.user_by_name("moderator")["password"] == user_password
    assert any(r.headers.get("Authorization") == "Bearer %s" % token for r in crafty_sim.requests)
    sessions = [t for t in crafty_sim.state.issued_tokens if t != token]
    assert sessions
    for value in [DEFAULT_ADMIN_PASSWORD, user_password, "Short7", secret, token] + sessions:
        assert value not in run.output
