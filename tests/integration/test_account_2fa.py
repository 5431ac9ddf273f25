# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.account_2fa, through ansible-playbook, against the simulator.

The password comes from the environment, as it would from a vault, so the
playbook text never holds it. The simulator checks codes with its own
stdlib RFC 6238 implementation, not pyotp.
"""

from __future__ import annotations

import json
import os
import stat

from tests.integration.harness import run_playbook, writes
from tests.simulators.pterodactyl import DEFAULT_ADMIN_PASSWORD
from tests.simulators.pterodactyl.client_account import verify_totp
from tests.simulators.pterodactyl.state import check_password, hash_password

ENABLE = "/api/client/account/two-factor"
DISABLE = "/api/client/account/two-factor/disable"
ENV = {"PANEL_PASSWORD": DEFAULT_ADMIN_PASSWORD}


def task(name="2fa", **options):
    options.setdefault("password", "{{ lookup('env', 'PANEL_PASSWORD') }}")
    lines = "".join("    %s: %s\n" % (key, json.dumps(value)) for key, value in options.items())
    return "- name: %s\n  gameops.panels.account_2fa:\n%s" % (name, lines)


def admin(sim):
    return sim.state.users[1]


def test_enable_writes_a_private_secret_file_the_panel_accepts(ptero_sim, tmp_path):
    secret_file = tmp_path / "totp.json"
    run = run_playbook(ptero_sim, tmp_path, task(secret_file=str(secret_file)), extra_env=ENV)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("POST", ENABLE)]
    assert admin(ptero_sim)["use_totp"] is True

    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".totp.json")] == []  # no temporary left
    content = json.loads(secret_file.read_text())
    assert sorted(content) == ["otpauth_uri", "recovery_tokens", "secret"]
    secret = content["secret"]
    assert secret == admin(ptero_sim)["totp_secret"] and len(secret) == 32
    assert "secret=%s" % secret in content["otpauth_uri"]
    tokens = content["recovery_tokens"]
    assert len(tokens) == 10
    assert all(any(check_password(t, h) for h in admin(ptero_sim)["recovery_tokens"]) for t in tokens)

    result = run.task("2fa")
    assert result["two_factor"] == "enabled" and result["secret_file"] == str(secret_file)
    assert "secret" not in result and "recovery_tokens" not in result

    # a code computed from the saved secret (through the collection's totp lookup) is one the panel accepts
    code_run = run_playbook(ptero_sim, tmp_path, """
    - name: code
      ansible.builtin.set_fact:
        code: "{{ lookup('gameops.panels.totp', (lookup('file', '%s') | from_json).secret) }}"
    """ % secret_file)
    assert code_run.rc == 0, code_run
    assert verify_totp(admin(ptero_sim)["totp_secret"], code_run.task("code")["ansible_facts"]["code"], window=1)


def test_enabling_twice_changes_nothing(ptero_sim, tmp_path):
    secret_file = tmp_path / "totp.json"
    assert run_playbook(ptero_sim, tmp_path, task(secret_file=str(secret_file)), extra_env=ENV).rc == 0
    saved = secret_file.read_text()
    stored = admin(ptero_sim)["totp_secret"]
    ptero_sim.clear_log()

    run = run_playbook(ptero_sim, tmp_path, task(secret_file=str(secret_file)), extra_env=ENV, diff=True)
    assert run.rc == 0, run
    assert run.changed == 0
    assert writes(ptero_sim) == []
    assert [(r.method, r.path, r.status) for r in ptero_sim.requests] == [("GET", ENABLE, 400)]
    assert secret_file.read_text() == saved and admin(ptero_sim)["totp_secret"] == stored
    assert "secret_file" not in run.task("2fa")


def test_disable_with_the_password(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, task(secret_file=str(tmp_path / "s.json")), extra_env=ENV).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, task(state="disabled"), extra_env=ENV, diff=True)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("POST", DISABLE)]
    assert admin(ptero_sim)["use_totp"] is False
    assert run.task("2fa")["diff"] == {"before": {"two_factor": "enabled"}, "after": {"two_factor": "disabled"}}

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, task(state="disabled"), extra_env=ENV)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


def test_check_mode_reports_and_writes_nothing(ptero_sim, tmp_path):
    secret_file = tmp_path / "totp.json"
    run = run_playbook(ptero_sim, tmp_path, task(secret_file=str(secret_file)), extra_env=ENV, check=True, diff=True)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == []
    assert admin(ptero_sim)["use_totp"] is False
    assert not secret_file.exists()
    assert run.task("2fa")["diff"] == {"before": {"two_factor": "disabled"}, "after": {"two_factor": "enabled"}}


def test_wrong_password_names_the_option(ptero_sim, tmp_path):
    secret_file = tmp_path / "totp.json"
    tasks = task("enable", secret_file=str(secret_file)) + "  ignore_errors: true\n"
    run = run_playbook(ptero_sim, tmp_path, tasks, extra_env={"PANEL_PASSWORD": "not-the-password"})
    assert run.rc == 0, run
    result = run.task("enable")
    assert result["failed"] and result["option"] == "password"
    assert result["msg"] == ("password: the panel refused the password of the client_api_key's account "
                             "(The password provided was not valid.)")
    assert admin(ptero_sim)["use_totp"] is False
    assert not secret_file.exists()

    assert run_playbook(ptero_sim, tmp_path, task(secret_file=str(secret_file)), extra_env=ENV).rc == 0
    ptero_sim.clear_log()
    tasks = task("disable", state="disabled") + "  ignore_errors: true\n"
    run = run_playbook(ptero_sim, tmp_path, tasks, extra_env={"PANEL_PASSWORD": "not-the-password"})
    result = run.task("disable")
    assert result["failed"] and result["option"] == "password", run
    assert admin(ptero_sim)["use_totp"] is True


def test_enabling_without_a_place_for_the_secret_fails_before_any_request(ptero_sim, tmp_path):
    tasks = (task("nowhere") + "  ignore_errors: true\n"
             + task("no dir", secret_file=str(tmp_path / "missing" / "totp.json")) + "  ignore_errors: true\n")
    run = run_playbook(ptero_sim, tmp_path, tasks, extra_env=ENV)
    assert run.rc == 0, run
    nowhere = run.task("nowhere")
    assert nowhere["failed"] and nowhere["option"] == "secret_file"
    assert nowhere["msg"] == ("enabling two-factor authentication needs secret_file or return_secret: true, "
                              "otherwise the new secret would be lost")
    no_dir = run.task("no dir")
    assert no_dir["failed"] and no_dir["option"] == "secret_file"
    assert no_dir["msg"] == "secret_file: directory %s does not exist" % (tmp_path / "missing")
    assert ptero_sim.requests == []
    assert admin(ptero_sim)["use_totp"] is False


def test_no_secret_in_the_output_at_vvv(ptero_sim, tmp_path):
    secret_file = tmp_path / "totp.json"
    password = "Vvv-Hidden-Passw0rd"
    wrong = "wrong-" + password[::-1]
    ptero_sim.state.update(admin(ptero_sim), {"password": hash_password(password)})
    tasks = (task("check", secret_file=str(secret_file)) + "  check_mode: true\n"
             + task("enable", secret_file=str(secret_file))
             + task("again", secret_file=str(secret_file))
             + task("bad", state="disabled", password=wrong) + "  ignore_errors: true\n")
    run = run_playbook(ptero_sim, tmp_path, tasks, verbosity=3, diff=True, extra_env={"PANEL_PASSWORD": password})
    assert run.rc == 0, run
    # the results really are printed at -vvv (so the checks below can fail)
    assert "ignored=1" in run.output and '"secret_file": "%s"' % secret_file in run.output
    assert admin(ptero_sim)["use_totp"] is True
    assert run.task("bad")["option"] == "password"
    content = json.loads(secret_file.read_text())
    # every secret the panel handed out in this run: the pending one of the check run and the enabled one
    handed_out = [r.response["data"]["secret"] for r in ptero_sim.requests
                  if (r.method, r.path, r.status) == ("GET", ENABLE, 200)]
    assert len(handed_out) == 2 and handed_out[1] == content["secret"]
    for value in handed_out + [password, wrong] + content["recovery_tokens"]:
        assert value not in run.output


def test_return_secret_only_in_the_registered_result(ptero_sim, tmp_path):
    tasks = task("enable", return_secret=True) + "  register: totp\n  no_log: true\n" + """
- name: use it
  ansible.builtin.copy:
    dest: "%s"
    content: "{{ totp.secret }} {{ totp.recovery_tokens | join(',') }}"
    mode: "0600"
  no_log: true
""" % (tmp_path / "used.txt")
    run = run_playbook(ptero_sim, tmp_path, tasks, verbosity=3, extra_env=ENV)
    assert run.rc == 0, run
    secret = admin(ptero_sim)["totp_secret"]
    assert admin(ptero_sim)["use_totp"] is True
    used_secret, used_tokens = (tmp_path / "used.txt").read_text().split(" ")
    assert used_secret == secret
    assert len(used_tokens.split(",")) == 10
    assert all(any(check_password(t, h) for h in admin(ptero_sim)["recovery_tokens"]) for t in used_tokens.split(","))
    assert secret not in run.output
    assert not any(t in run.output for t in used_tokens.split(","))

    # without no_log the user asked for it: the registered result holds it, and no file was written
    ptero_sim.state.update(admin(ptero_sim), {"use_totp": False})
    run = run_playbook(ptero_sim, tmp_path, task("plain", return_secret=True), extra_env=ENV)
    assert run.rc == 0, run
    result = run.task("plain")
    assert result["secret"] == admin(ptero_sim)["totp_secret"] and "secret_file" not in result
    assert len(result["recovery_tokens"]) == 10
    assert result["secret"] not in run.output  # not printed at the default verbosity


def test_enabling_satisfies_the_panels_two_factor_requirement(ptero_sim, tmp_path, game_server):
    ptero_sim.two_factor_required = 2
    listing = """
- name: list
  gameops.panels.subuser_info:
    server: survival
  ignore_errors: true
"""
    before = run_playbook(ptero_sim, tmp_path, listing)
    assert "TwoFactorAuthRequiredException" in before.task("list")["msg"], before
    run = run_playbook(ptero_sim, tmp_path, task(secret_file=str(tmp_path / "t.json")) + listing, extra_env=ENV)
    assert run.rc == 0, run
    assert run.task("2fa")["changed"] is True
    assert not run.task("list").get("failed")
    assert run.task("list")["subusers"] == []
