# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a panel lacks fails before any request, naming the option and the panel."""

from __future__ import annotations

from tests.integration.harness import run_playbook

TASKS = """
- name: login options on an API-key panel
  gameops.panels.user:
    username: alice
    panel_username: admin
    panel_password: not-for-pterodactyl
  ignore_errors: true

- name: login options from the environment are left alone
  gameops.panels.user_info:
    username: nobody
"""


def test_an_option_the_panel_does_not_use_fails_before_any_request(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, TASKS, extra_env={"GAMEOPS_API_TOKEN": "token-for-another-panel"})
    assert run.rc == 0, run
    refused = run.task("login options on an API-key panel")
    assert refused["failed"]
    assert refused["msg"] == (
        "panel_username is not used by Pterodactyl (panel_type=pterodactyl) (it uses: api_key, client_api_key); "
        "panel_password is not used by Pterodactyl (panel_type=pterodactyl) (it uses: api_key, client_api_key)")
    assert refused["option"] == "panel_username"
    assert "not-for-pterodactyl" not in run.output
    assert "api_requests" not in refused
    # only the second task reached the panel
    assert [r.path for r in ptero_sim.requests] == ["/api/application/users"]
    assert run.task("login options from the environment are left alone")["users"] == []
