# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No API key or password in the output of a playbook run at -vvv, even when tasks fail.

The secrets come from the environment, as they would from a vault: ansible-core
quotes playbook source lines around a failing task, which is not module output.
"""

from __future__ import annotations

from tests.integration.harness import run_playbook

PASSWORD = "Sup3r-Secret-Passw0rd"

TASKS = """
- name: with the key from the environment
  gameops.panels.user:
    username: alice
    email: alice@example.test
    first_name: Alice
    last_name: Liddell
    password: "{{ lookup('env', 'TEST_USER_PASSWORD') }}"
    update_password: always
- name: with the key as an option
  gameops.panels.user_info:
    api_key: "{{ lookup('env', 'GAMEOPS_API_KEY') }}"
- name: a failing request
  gameops.panels.user:
    username: bad
    email: bad@example.test
    first_name: Bad
    last_name: Name
    language: xx
    password: "{{ lookup('env', 'TEST_USER_PASSWORD') }}"
  ignore_errors: true
- name: a document with passwords, one user the panel refuses
  gameops.panels.apply:
    document:
      users:
        - {username: bob, email: bob@example.test, first_name: Bob, last_name: Builder,
           password: "{{ lookup('env', 'TEST_USER_PASSWORD') }}"}
        - {username: bad2, email: bad2@example.test, first_name: Bad, last_name: Document, language: xx,
           password: "{{ lookup('env', 'TEST_USER_PASSWORD') }}"}
    update_password: always
  ignore_errors: true
- name: a wrong key
  gameops.panels.user_info:
    api_key: "ptla_WrongWrongWrongWrongWrongWrongWrongWrongWron"
  ignore_errors: true
"""


def test_secrets_never_appear_at_vvv(ptero_sim, tmp_path):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    # a real run (the bad language and the document's bad user reach the panel and fail), then a check-mode run
    for check, ignored in ((False, 3), (True, 1)):
        run = run_playbook(ptero_sim, tmp_path, TASKS, verbosity=3, diff=True, check=check,
                           extra_env={"TEST_USER_PASSWORD": PASSWORD})
        assert "PLAY RECAP" in run.output, run
        assert "failed=0" in run.output and "ignored=%d" % ignored in run.output, run
        for secret in (DEFAULT_APP_KEY, DEFAULT_APP_KEY[16:], PASSWORD, "ptla_WrongWrongWrongWrongWrongWrongWrongWrongWron"):
            assert secret not in run.output
        # the secrets were really used: the user exists with the password, and the wrong key was refused
        assert "HTTP 401" in run.output
        if check:
            assert '"after": "********"' in run.output  # apply's plan shows the password masked
        else:
            assert "create user 'bad2' (users[1]): the panel rejected the request (HTTP 422)" in run.output
