# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's EXAMPLES run as written against a simulator of the panel they target.

An example that breaks (a renamed option, a name no other example creates,
a wrong order) fails here. The simulator is started exactly as
``python3 tests/simulators PANEL_TYPE`` starts it (:func:`launch`), with
nothing set up behind the scenes: the connection comes from the ``export``
lines it prints, and every login the examples use from the variables it
prints. The other variables the examples read are what a user picks
(:data:`USER_CHOSEN`: a new account's password, their own webhook URL, a
folder of theirs), never something the panel must hold.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import COLLECTIONS_ROOT
from tests.integration.examples import REPO, _examples_by_panel, example_tasks, literal_panel_urls, playbook
from tests.integration.harness import BIN, PlaybookRun, ansible_env
from tests.simulators.launcher import discover, launch

EXAMPLES = example_tasks()
SIMULATORS, BROKEN = discover()


def _user_chosen(panel_type, tmp_path):
    """What a user running the examples picks for themselves, per panel type."""
    chosen = {
        "pterodactyl": {
            "vault_alice_password": "correct-horse-battery-staple",
            "vault_rcon_password": "rcon-horse-battery-staple",
            "customers": [{"id": 1001, "login": "bob", "email": "bob@example.com", "first": "Bob", "last": "Builder"}],
            # the examples make this folder themselves (mode 0700)
            "secrets_dir": str(tmp_path / "secrets"),
        },
        "crafty": {
            "vault_moderator_password": "correct-horse-battery-staple",
            "vault_rcon_password": "rcon-horse-battery-staple",
            "vault_discord_webhook_url": "https://discord.example/api/webhooks/1/token",
        },
        "amp": {
            "vault_alice_password": "correct-horse-battery-staple",
            "vault_discord_webhook_url": "https://discord.example.com/api/webhooks/1/abc",
            # a private folder of the user's that exists (pytest makes tmp_path with mode 0700)
            "secrets_dir": str(tmp_path),
        },
    }
    return chosen.get(panel_type, {})


#: variable names a user picks (see :func:`_user_chosen`); any other variable an example reads is a login
USER_CHOSEN = frozenset(["vault_alice_password", "vault_rcon_password", "vault_moderator_password", "vault_discord_webhook_url", "customers",
                         "secrets_dir"])
#: what Ansible gives the examples, and what one example is run with on purpose (-e restore_archive=..., skipped
#: without it)
NOT_INPUTS = frozenset(["item", "ansible_check_mode", "lookup", "omit", "now", "playbook_dir", "restore_archive"])


def _variables_read(tasks):
    """Top-level variable names the examples' Jinja expressions read (minus what they register themselves;
    ``{% raw %}`` blocks are the panel's own placeholders)."""
    text = re.sub(r"{%-?\s*raw\s*-?%}.*?{%-?\s*endraw\s*-?%}", "", yaml.safe_dump(tasks, width=1000), flags=re.S)
    names = set(re.findall(r"{{-?\s*\(?\s*([a-z_][a-z0-9_]*)", text))
    names |= set(re.findall(r"{%-?\s*(?:if|for [a-z_]+ in)\s+([a-z_][a-z0-9_]*)", text))
    registered = set(task["register"] for task in tasks if "register" in task)
    return names - registered - NOT_INPUTS


def test_every_module_has_examples_and_none_names_a_panel_host():
    modules = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "plugins" / "modules").glob("*.py"))
    named = set(task["name"].split(":", 1)[0] for tasks in EXAMPLES.values() for task in tasks)
    assert named == set(modules)
    assert [url for tasks in EXAMPLES.values() for url in literal_panel_urls(tasks)] == []


def test_every_module_has_an_example_for_every_panel_that_supports_it():
    """A panel whose driver serves a module's kind (for an ``_info`` module: with info options) has an example of
    that module naming it."""
    from ansible_collections.gameops.panels.plugins.module_utils import kinds
    from ansible_collections.gameops.panels.plugins.module_utils.panels import PANEL_TYPES, get_driver

    declared = {}
    for found in pkgutil.iter_modules(kinds.__path__):
        for value in vars(importlib.import_module("%s.%s" % (kinds.__name__, found.name))).values():
            if isinstance(value, kinds.Kind):
                declared.update(((value.module, (value, False)),) if value.module else ())
                declared.update(((value.info_module, (value, True)),) if value.info_module else ())
    missing = {}
    for module, (kind, info) in sorted(declared.items()):
        handlers = [get_driver(p).handlers.get(kind.name) for p in PANEL_TYPES]
        serving = set(p for p, h in zip(PANEL_TYPES, handlers) if h is not None and (not info or h.info_options))
        shown = set(panel for panel, _task, _deletes in _examples_by_panel(REPO / "plugins" / "modules", module))
        if serving - shown:
            missing[module] = sorted(serving - shown)
    assert len(declared) >= 20 and "server_config" in declared and "node_info" in declared
    assert missing == {}


@pytest.mark.parametrize("panel_type", sorted(EXAMPLES))
def test_every_login_the_examples_read_is_printed_by_the_launcher(panel_type, tmp_path):
    if panel_type not in SIMULATORS:
        pytest.skip("no simulator for %s: %s" % (panel_type, BROKEN.get(panel_type)))
    launched = launch(panel_type, SIMULATORS[panel_type])
    try:
        printed = "\n".join(launched.lines())
        given = set(launched.example_variables())
    finally:
        launched.stop()
    read = _variables_read(EXAMPLES[panel_type])
    logins = read - USER_CHOSEN
    assert logins <= given, "examples read %s, which the launcher does not print" % sorted(logins - given)
    for name in logins:
        assert "-e %s=" % name in printed
    assert read - given <= set(_user_chosen(panel_type, tmp_path)), "no value for %s" % sorted(read - given)


@pytest.mark.parametrize("panel_type", sorted(EXAMPLES))
def test_examples_run_against_the_simulator(panel_type, tmp_path):
    if panel_type not in SIMULATORS:
        why = BROKEN.get(panel_type, "there is no simulator under tests/simulators/%s yet" % panel_type)
        pytest.skip("EXAMPLES for panel_type=%s not run: %s" % (panel_type, why))
    # as `python3 tests/simulators PANEL_TYPE` starts it; the user pastes its exports and passes its -e variables
    launched = launch(panel_type, SIMULATORS[panel_type])
    try:
        variables = dict(_user_chosen(panel_type, tmp_path), **launched.example_variables())
        tasks = EXAMPLES[panel_type]
        path = tmp_path / "examples.yml"
        path.write_text(yaml.safe_dump(playbook(tasks, variables), sort_keys=False))
        result_file = tmp_path / "results.json"
        env = dict(os.environ, **ansible_env(tmp_path, result_file))
        env.update(launched.sim.connection_env())
        env["ANSIBLE_COLLECTIONS_PATH"] = str(COLLECTIONS_ROOT)
        process = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)],
                                 env=env, capture_output=True, text=True, timeout=600, cwd=str(tmp_path), check=False)
        run = PlaybookRun(process, result_file)
    finally:
        launched.stop()
    ran = list(run.data["plays"][0]["tasks"]) if run.data else []
    failed = [t["task"]["name"] for t in ran if t["hosts"].get("localhost", {}).get("failed")]
    assert run.rc == 0 and not failed, "example(s) failed: %s\n%s" % (failed, run)
    # (an example's own ``when`` may skip it: its condition was still evaluated)
    assert [t["task"]["name"] for t in ran] == [t["name"] for t in tasks], "not every example ran"
