# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's EXAMPLES run as written against a simulator of the panel they target.

An example that breaks (a renamed option, a name no other example creates,
a wrong order) fails here. The variables the examples use stand for what a
user keeps in their inventory or vault; :data:`EXAMPLE_VARS` gives them,
per panel type.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import COLLECTIONS_ROOT
from tests.integration.examples import example_tasks, literal_panel_urls, playbook
from tests.integration.harness import BIN, PlaybookRun, ansible_env
from tests.simulators.launcher import discover

EXAMPLES = example_tasks()
SIMULATORS, BROKEN = discover()


def pterodactyl_vars(sim, tmp_path):
    from tests.simulators.pterodactyl import DEFAULT_ADMIN_PASSWORD, DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    # the panel's default throttle (2 backups per server in 10 minutes) would hold the third example backup
    # for ten minutes: the throttle has tests of its own
    sim.backup_throttle = None
    return {
        "vault_ptla_key": DEFAULT_APP_KEY,
        "vault_ptlc_key": DEFAULT_CLIENT_KEY,
        # the client key belongs to the seeded admin account
        "vault_panel_password": DEFAULT_ADMIN_PASSWORD,
        "vault_alice_password": "correct-horse-battery-staple",
        "customers": [{"id": 1001, "login": "bob", "email": "bob@example.com", "first": "Bob", "last": "Builder"}],
        "secrets_dir": str(tmp_path / "secrets"),
    }


def crafty_vars(sim, tmp_path):  # pylint: disable=unused-argument
    from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD

    return {
        "vault_crafty_password": DEFAULT_ADMIN_PASSWORD,
        "vault_crafty_api_token": sim.add_api_key("admin"),
        "vault_moderator_password": "correct-horse-battery-staple",
        "vault_discord_webhook_url": "https://discord.example/api/webhooks/1/token",
    }


def amp_vars(sim, tmp_path):
    """AMP's examples log in as ``ansible``, an account with the Super Admins role, as a user would set one up."""
    password = "ansible-Passw0rd"
    sim.add_user("ansible", password=password, roles=["Super Admins"], email="ansible@example.com")
    secrets = tmp_path / "secrets"
    secrets.mkdir(mode=0o700)
    return {
        "vault_amp_password": password,
        "vault_alice_password": "correct-horse-battery-staple",
        "vault_discord_webhook_url": "https://discord.example.com/api/webhooks/1/abc",
        "secrets_dir": str(secrets),
    }


#: panel_type -> function(simulator, tmp_path) returning the variables its examples use
EXAMPLE_VARS = {"pterodactyl": pterodactyl_vars, "crafty": crafty_vars, "amp": amp_vars}


def test_every_module_has_examples_and_none_names_a_panel_host():
    modules = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "plugins" / "modules").glob("*.py"))
    named = set(task["name"].split(":", 1)[0] for tasks in EXAMPLES.values() for task in tasks)
    assert named == set(modules)
    assert [url for tasks in EXAMPLES.values() for url in literal_panel_urls(tasks)] == []


@pytest.mark.parametrize("panel_type", sorted(EXAMPLES))
def test_examples_run_against_the_simulator(panel_type, tmp_path):
    if panel_type not in SIMULATORS:
        why = BROKEN.get(panel_type, "there is no simulator under tests/simulators/%s yet" % panel_type)
        pytest.skip("EXAMPLES for panel_type=%s not run: %s" % (panel_type, why))
    sim = SIMULATORS[panel_type]()
    sim.start()
    try:
        variables = dict(EXAMPLE_VARS.get(panel_type, lambda s, t: {})(sim, tmp_path))
        variables["panel_url"] = sim.connection_env()["GAMEOPS_PANEL_URL"]
        tasks = EXAMPLES[panel_type]
        path = tmp_path / "examples.yml"
        path.write_text(yaml.safe_dump(playbook(tasks, variables), sort_keys=False))
        result_file = tmp_path / "results.json"
        env = dict(os.environ, **ansible_env(tmp_path, result_file))
        env.update(sim.connection_env())
        env["ANSIBLE_COLLECTIONS_PATH"] = str(COLLECTIONS_ROOT)
        process = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)],
                                 env=env, capture_output=True, text=True, timeout=600, cwd=str(tmp_path), check=False)
        run = PlaybookRun(process, result_file)
    finally:
        sim.stop()
    ran = list(run.data["plays"][0]["tasks"]) if run.data else []
    failed = [t["task"]["name"] for t in ran if t["hosts"].get("localhost", {}).get("failed")]
    assert run.rc == 0 and not failed, "example(s) failed: %s\n%s" % (failed, run)
    # (an example's own ``when`` may skip it: its condition was still evaluated)
    assert [t["task"]["name"] for t in ran] == [t["name"] for t in tasks], "not every example ran"
