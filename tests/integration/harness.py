# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run real ansible-playbook against a simulator and read what happened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
READS = ("GET", "HEAD")


class PlaybookRun:
    """The outcome of one ansible-playbook run."""

    def __init__(self, process, result_file):
        self.rc = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr
        self.output = process.stdout + process.stderr
        self.data = json.loads(result_file.read_text()) if result_file.exists() else None

    @property
    def stats(self):
        return self.data["stats"]["localhost"]

    def host_stats(self, host):
        return self.data["stats"][host]

    @property
    def changed(self):
        return self.stats["changed"]

    @property
    def failed(self):
        return self.stats["failures"]

    def task(self, name, host="localhost"):
        """The result of the task called ``name`` on ``host`` (its last run, when a serial play ran it again)."""
        for play in self.data["plays"]:
            for task in reversed(play["tasks"]):
                if task["task"]["name"] == name and host in task["hosts"]:
                    return task["hosts"][host]
        raise KeyError("no task named %r; tasks: %s" % (name, [
            t["task"]["name"] for p in self.data["plays"] for t in p["tasks"]]))

    def __repr__(self):
        return "PlaybookRun(rc=%s)\n%s" % (self.rc, self.output[-4000:])


def playbook(tasks, module_defaults=True):
    """A one-play playbook on localhost around ``tasks`` (a YAML string)."""
    defaults = ""
    if module_defaults:
        defaults = "  module_defaults:\n    group/gameops.panels.panels:\n      timeout: 10\n"
    return "- hosts: localhost\n  gather_facts: false\n%s  tasks:\n%s" % (
        defaults, textwrap.indent(textwrap.dedent(tasks).strip("\n"), "    ") + "\n")


def run_playbook(sim, tmp_path, tasks, check=False, diff=False, verbosity=0,
                 extra_env=None, name="play.yml", api_key=None, client_api_key=None):
    """Run ``tasks`` against ``sim`` with connection settings from the environment.

    The default stdout callback prints as a user would see it; the test-only
    ``result_file`` callback records every task result as JSON.
    """
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    path = Path(tmp_path) / name
    path.write_text(playbook(tasks))
    result_file = Path(tmp_path) / "results.json"
    env = ansible_env(tmp_path, result_file)
    env.update({
        "GAMEOPS_PANEL_URL": sim.url,
        "GAMEOPS_API_KEY": api_key or DEFAULT_APP_KEY,
        "GAMEOPS_CLIENT_API_KEY": client_api_key or DEFAULT_CLIENT_KEY,
    })
    env.update(extra_env or {})
    cmd = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)]
    if check:
        cmd.append("--check")
    if diff:
        cmd.append("--diff")
    if verbosity:
        cmd.append("-" + "v" * verbosity)
    return _run(cmd, env, tmp_path, result_file)


def run_command(tool, args, tmp_path, env=None):
    """Run an Ansible command line tool (``ansible-playbook``, ``ansible-inventory``) the way the tests run
    ansible-playbook; ``env`` adds to (or, with None values, removes from) its environment."""
    result_file = Path(tmp_path) / "results.json"
    full_env = ansible_env(tmp_path, result_file)
    full_env.update(env or {})
    return _run([str(BIN / tool)] + [str(a) for a in args], full_env, tmp_path, result_file)


def ansible_env(tmp_path, result_file):
    """The environment of every Ansible run of the tests: this collection, plain output, results recorded."""
    if result_file.exists():
        result_file.unlink()
    from tests.conftest import COLLECTIONS_ROOT

    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS_ROOT),
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_CALLBACK_PLUGINS": str(Path(__file__).resolve().parent / "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "result_file",
        "GAMEOPS_TEST_RESULT_FILE": str(result_file),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_LOCAL_TEMP": str(Path(tmp_path) / "ansible-tmp"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_DEPRECATION_WARNINGS": "0",
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
    })
    # the caller's own connection settings never leak into a test
    for name_ in list(env):
        if name_.startswith("GAMEOPS_") and name_ != "GAMEOPS_TEST_RESULT_FILE":
            del env[name_]
    return env


def _run(cmd, env, tmp_path, result_file):
    for name_, value in list(env.items()):
        if value is None:  # extra_env may unset a variable with None
            del env[name_]
    process = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, cwd=str(tmp_path), check=False)
    return PlaybookRun(process, result_file)


def writes(sim):
    """(method, path) of every write the simulator received since its log was cleared."""
    return [(r.method, r.path) for r in sim.requests if r.method not in READS]


def reads(sim, path=None):
    return [r for r in sim.requests if r.method in READS and (path is None or r.path == path)]
