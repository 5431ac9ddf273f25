# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP logins, sessions and refusals, through real playbooks.

Two-factor login with panel_totp_secret (right, wrong, missing); a session that ends mid-run is
renewed once; a refusal that outlives a fresh login is reported as a possible missing permission;
a method the instance type lacks and an instance that is not running fail before any write. The
-vvv output of these runs never holds a password, a session id, a remember-me token or the TOTP secret.
"""

from __future__ import annotations

import re

import pyotp

from tests.integration.amp_helpers import write_calls
from tests.integration.harness import run_playbook

ALICE_PASSWORD = "Alice-Secret-Passw0rd"
WRONG_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

TASKS = """
- name: a user with a password, as the admin who logs in with a TOTP code
  gameops.panels.user:
    username: alice
    password: "{{ lookup('env', 'ALICE_PASSWORD') }}"
    email: alice@example.com
- name: an instance's scheduler, through its own TOTP login
  gameops.panels.schedule_info:
    server: Minecraft01
- name: a wrong TOTP secret
  gameops.panels.user_info:
    panel_totp_secret: "{{ lookup('env', 'WRONG_SECRET') }}"
  ignore_errors: true
- name: no TOTP secret
  gameops.panels.user_info:
    panel_totp_secret: ""
  ignore_errors: true
- name: backups of the ADS itself
  gameops.panels.backup_info:
    server: ADS01
  ignore_errors: true
- name: a schedule on a stopped instance
  gameops.panels.schedule:
    server: Stopped01
    name: Nightly
    timing: {hours: [4], minutes: [0]}
  ignore_errors: true
- name: a wrong password
  gameops.panels.role_info:
    panel_password: "{{ lookup('env', 'ALICE_PASSWORD') }}"
  ignore_errors: true
"""

RENEWAL = """
- name: users, the ADS session ending just before the read
  gameops.panels.user_info:
- name: the scheduler, the instance's session ending just before the read
  gameops.panels.schedule_info:
    server: Minecraft01
- name: refused twice
  gameops.panels.role_info:
  ignore_errors: true
- name: a write AMP refuses after one it carried out
  gameops.panels.role:
    name: Helpers
    permissions: {Core.AuditLog.ViewAuditLog: allow}
  ignore_errors: true
"""


def session_ids(sim):
    """Every session id the simulator handed out or received in this test."""
    found = set()
    for request in sim.requests:
        if isinstance(request.response, dict) and request.response.get("sessionID"):
            found.add(request.response["sessionID"])
        if isinstance(request.body, dict) and request.body.get("SESSIONID"):
            found.add(request.body["SESSIONID"])
    return found


def test_two_factor_login_refusals_before_writes_and_no_secret_at_vvv(amp_sim, tmp_path):
    sim = amp_sim
    secret = sim.enable_totp("admin")
    sim.add_instance("Minecraft01")
    sim.add_instance("Stopped01", running=False)
    run = run_playbook(sim, tmp_path, TASKS, verbosity=3, diff=True,
                       extra_env={"ALICE_PASSWORD": ALICE_PASSWORD, "WRONG_SECRET": WRONG_SECRET})
    assert run.rc == 0, run

    # the right secret: each task logged into the ADS with a current TOTP code, asking for a remember-me token;
    # the instance's reader logged into the instance with that token (an empty password), not with the code again
    logins = [r for r in sim.requests if r.call == "Core/Login"]
    good = [r for r in logins if r.response.get("success")]
    assert [r.instance_name for r in good] == [None, None, "Minecraft01", None, None]
    for login in good[:2] + good[3:]:
        assert re.match(r"^[0-9]{6}$", login.body["token"]) and login.body["rememberMe"] is True
        assert pyotp.TOTP(secret).verify(login.body["token"], valid_window=1)
    assert (good[2].body["password"], good[2].body["token"]) == ("", good[1].response["rememberMeToken"])
    assert run.task("a user with a password, as the admin who logs in with a TOTP code")["changed"]
    assert sim.state.user_by_name("alice") is not None
    assert run.task("an instance's scheduler, through its own TOTP login")["schedules"] == []

    # AMP's reason, and what to do about it
    assert run.task("a wrong TOTP secret")["msg"] == (
        "panel request failed - POST %s/API/Core/Login TwoFactorFailed: AMP's ADS refused the login of 'admin': "
        "Two factor failure; check panel_totp_secret (and this machine's clock)" % sim.url)
    assert run.task("no TOTP secret")["msg"].endswith(
        "TwoFactorChallenge: AMP's ADS refused the login of 'admin': Two-Factor Login Required; the account has "
        "two-factor authentication on: set panel_totp_secret")
    assert run.task("a wrong password")["msg"].endswith(
        "Failure: AMP's ADS refused the login of 'admin': Internal Auth - No reason given; check panel_username and "
        "panel_password")

    # a method the instance type lacks: named with the type, and never sent
    assert run.task("backups of the ADS itself")["msg"] == (
        "panel request failed - AMP instance 'ADS01' (ADS) has no API method LocalFileBackupPlugin/GetBackups: an "
        "AMP process of type ADS offers only ADSModule, CommonCorePlugin, Core, EmailSenderPlugin, FileManagerPlugin")
    assert not [r for r in sim.requests if r.module == "LocalFileBackupPlugin"]

    # a stopped instance fails before any request to it
    assert run.task("a schedule on a stopped instance")["msg"] == (
        "server: AMP instance 'Stopped01' (Minecraft) is not running (its AMP process is stopped), so its API cannot "
        "be reached; start it first, for example with gameops.panels.server and instance_running: true")
    assert not [r for r in sim.requests if r.instance_name == "Stopped01"]
    assert write_calls(sim) == [("Core/CreateUser", None), ("Core/ResetUserPassword", None),
                                ("Core/UpdateUserInfo", None)]

    # nothing secret in the -vvv output
    sessions = session_ids(sim)
    assert len(sessions) >= 2
    tokens = [r.response.get("rememberMeToken") for r in logins if r.response.get("rememberMeToken")]
    assert len(tokens) == 4  # one per task that logged in
    for value in [secret, WRONG_SECRET, ALICE_PASSWORD, sim.connection_env()["GAMEOPS_PANEL_PASSWORD"]] + sorted(
            sessions) + tokens:
        assert value not in run.output
    # the module arguments were printed (at -vvv), with the secrets masked
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.output and '"username": "alice"' in run.output


def test_a_session_ended_mid_run_is_renewed_once_and_a_lasting_refusal_is_explained(amp_sim, tmp_path):
    sim = amp_sim
    sim.add_instance("Minecraft01")
    sim.inject_fault(expire=True, module="Core", method="GetAllAMPUserInfo", instance="ADS")
    sim.inject_fault(expire=True, module="Core", method="GetScheduleData", instance="Minecraft01")
    sim.inject_fault(title="Unauthorized Access", count=2, module="Core", method="GetRoleData", instance="ADS")
    sim.inject_fault(reason="Simulated refusal", module="Core", method="SetAMPRolePermission", instance="ADS")
    run = run_playbook(sim, tmp_path, RENEWAL)
    assert run.rc == 0, run
    assert [u["username"] for u in run.task("users, the ADS session ending just before the read")["users"]] == ["admin"]
    assert run.task("the scheduler, the instance's session ending just before the read")["schedules"] == []
    calls = [(r.call, r.instance_name, r.injected) for r in sim.requests]
    # the read that met the ended session, one fresh login, the same read again
    users = calls.index(("Core/GetAllAMPUserInfo", None, True))
    assert calls[users:users + 3] == [("Core/GetAllAMPUserInfo", None, True), ("Core/Login", None, False),
                                      ("Core/GetAllAMPUserInfo", None, False)]
    schedule = calls.index(("Core/GetScheduleData", "Minecraft01", True))
    assert calls[schedule:schedule + 3] == [("Core/GetScheduleData", "Minecraft01", True),
                                            ("Core/Login", "Minecraft01", False),
                                            ("Core/GetScheduleData", "Minecraft01", False)]
    assert run.task("refused twice")["msg"] == (
        "panel request failed - POST %s/API/Core/GetRoleData Unauthorized Access: AMP's ADS answered "
        "'Unauthorized Access' to Core/GetRoleData again after a fresh login; the account 'admin' may lack the "
        "permission for it" % sim.url)
    roles = [c for c in calls if c[0] in ("Core/GetRoleData", "Core/Login")][:-2][-3:]
    assert roles == [("Core/GetRoleData", None, True), ("Core/Login", None, False), ("Core/GetRoleData", None, True)]
    # reads (POSTs too) that ended in a failure changed nothing; a refused write after an accepted one did
    assert not run.task("refused twice")["changed"]
    refused = run.task("a write AMP refuses after one it carried out")
    assert refused["failed"] and refused["changed"] and refused["msg"].endswith(
        "AMP's ADS refused Core/SetAMPRolePermission: Simulated refusal")
    assert write_calls(sim) == [("Core/CreateRole", None), ("Core/SetAMPRolePermission", None)]


REPLAY_PROTECTED = """
- name: an instance's scheduler; both sessions end mid-run
  gameops.panels.schedule_info:
    server: Survival01
"""


def test_with_totp_replay_protection_one_code_logs_into_the_ads_and_a_token_does_the_rest(amp_sim_factory, tmp_path):
    """AMP may accept a TOTP code once (API.md 2): the instance login and both renewals use the remember-me token."""
    sim = amp_sim_factory(totp_replay_protection=True)
    secret = sim.enable_totp("admin")
    sim.add_instance("Survival01")
    sim.inject_fault(expire=True, module="ADSModule", method="GetInstances", instance="ADS")
    sim.inject_fault(expire=True, module="Core", method="GetScheduleData", instance="Survival01")
    run = run_playbook(sim, tmp_path, REPLAY_PROTECTED, verbosity=3)
    assert run.rc == 0, run
    assert run.task("an instance's scheduler; both sessions end mid-run")["schedules"] == []
    logins = [r for r in sim.requests if r.call == "Core/Login"]
    assert [(r.instance_name, r.response["success"]) for r in logins] == [
        (None, True), (None, True), ("Survival01", True), ("Survival01", True)]
    token = logins[0].response["rememberMeToken"]
    assert pyotp.TOTP(secret).verify(logins[0].body["token"], valid_window=1) and logins[0].body["rememberMe"]
    assert [(r.body["password"], r.body["token"]) for r in logins[1:]] == [("", token)] * 3
    for value in [token, secret] + sorted(session_ids(sim)):
        assert value not in run.output


TWO_FACTOR = """
- name: check mode
  gameops.panels.account_2fa:
    password: "{{ lookup('env', 'GAMEOPS_PANEL_PASSWORD') }}"
    return_secret: true
  check_mode: true
- name: turn it on
  gameops.panels.account_2fa:
    password: "{{ lookup('env', 'GAMEOPS_PANEL_PASSWORD') }}"
    return_secret: true
  register: enabled
- name: again
  gameops.panels.account_2fa:
    password: "{{ lookup('env', 'GAMEOPS_PANEL_PASSWORD') }}"
    panel_totp_secret: "{{ enabled.secret }}"
    return_secret: true
- name: turn it off, logging in with the new secret
  gameops.panels.account_2fa:
    state: disabled
    password: "{{ lookup('env', 'GAMEOPS_PANEL_PASSWORD') }}"
    panel_totp_secret: "{{ enabled.secret }}"
"""


def test_two_factor_authentication_of_the_login_account(amp_sim, tmp_path):
    sim = amp_sim
    run = run_playbook(sim, tmp_path, TWO_FACTOR)
    assert run.rc == 0, run
    assert [run.task(t)["changed"] for t in ("check mode", "turn it on", "again",
                                             "turn it off, logging in with the new secret")] == [True, True, False, True]
    secret = run.task("turn it on")["secret"]
    assert run.task("turn it on")["recovery_tokens"] == []
    assert write_calls(sim) == [("Core/EnableTwoFactor", None), ("Core/ConfirmTwoFactorSetup", None),
                                ("Core/DisableTwoFactor", None)]
    logins = [r.body["token"] for r in sim.requests if r.call == "Core/Login"]
    assert logins[:2] == ["", ""] and all(pyotp.TOTP(secret).verify(code, valid_window=1) for code in logins[2:])
    assert sim.state.user_by_name("admin").totp_secret is None
