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
        raise KeyError("no task named %r on %s; tasks: %s" % (name, host, [
            t["task"]["name"] for p in self.data["plays"] for t in p["tasks"]]))

    def results(self, name_part):
        """host -> result of the first task whose name contains ``name_part`` (role tasks carry a prefix)."""
        for play in self.data["plays"]:
            for task in play["tasks"]:
                if name_part in task["task"]["name"] and task["hosts"]:
                    return task["hosts"]
        raise KeyError("no task named like %r; tasks: %s" % (name_part, [
            t["task"]["name"] for p in self.data["plays"] for t in p["tasks"]]))

    def __repr__(self):
        return "PlaybookRun(rc=%s)\n%s" % (self.rc, self.output[-4000:])


def playbook(tasks, module_defaults=True):
    """A one-play playbook on localhost around ``tasks`` (a YAML string).

    ``module_defaults``: True for the usual ``timeout: 10``, a dict for other connection defaults, False for none.
    """
    defaults = ""
    if module_defaults:
        settings = module_defaults if isinstance(module_defaults, dict) else {"timeout": 10}
        defaults = "  module_defaults:\n    group/gameops.panels.panels:\n%s" % "".join(
            "      %s: %s\n" % (name, json.dumps(value)) for name, value in settings.items())
    return "- hosts: localhost\n  gather_facts: false\n%s  tasks:\n%s" % (
        defaults, textwrap.indent(textwrap.dedent(tasks).strip("\n"), "    ") + "\n")


def run_playbook(sim, tmp_path, tasks, check=False, diff=False, verbosity=0,
                 extra_env=None, name="play.yml", api_key=None, client_api_key=None, module_defaults=True,
                 timeout=600):
    """Run ``tasks`` against ``sim`` with connection settings from the environment.

    The default stdout callback prints as a user would see it; the test-only
    ``result_file`` callback records every task result as JSON. A simulator
    with ``connection_env()`` (a panel that logs in) supplies its own
    ``GAMEOPS_*`` variables; otherwise the Pterodactyl keys are used.
    """
    path = Path(tmp_path) / name
    path.write_text(playbook(tasks, module_defaults))
    return run_ansible_playbook(sim, tmp_path, str(path), check=check, diff=diff, verbosity=verbosity,
                                extra_env=extra_env, api_key=api_key, client_api_key=client_api_key, timeout=timeout)


def run_ansible_playbook(sim, tmp_path, playbook_ref, check=False, diff=False, verbosity=0, extra_env=None,
                         api_key=None, client_api_key=None, extra_args=(), timeout=600):
    """``ansible-playbook playbook_ref`` (a path or a collection playbook's FQCN) against ``sim``."""
    env = panel_env(sim)
    # explicit keys win
    if api_key:
        env["GAMEOPS_API_KEY"] = api_key
    if client_api_key:
        env["GAMEOPS_CLIENT_API_KEY"] = client_api_key
    env.update(extra_env or {})
    args = ["-i", "localhost,", "-c", "local", playbook_ref] + list(extra_args)
    return run_ansible("ansible-playbook", args, tmp_path, extra_env=env, check=check, diff=diff, verbosity=verbosity,
                       timeout=timeout)


def panel_env(sim):
    """The ``GAMEOPS_*`` variables that connect the modules to ``sim`` (its panel type, URL and credentials)."""
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    env = {"GAMEOPS_PANEL_URL": sim.url}
    env.update(sim.connection_env() if hasattr(sim, "connection_env") else {
        "GAMEOPS_API_KEY": DEFAULT_APP_KEY, "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY})
    return env


def run_ansible(command, args, tmp_path, extra_env=None, cwd=None, check=False, diff=False, verbosity=0, timeout=600):
    """Run ``command`` (ansible-playbook, ansible, ...) with the test environment, in ``cwd`` (default
    ``tmp_path``); for ansible-playbook the results are recorded as JSON."""
    result_file = Path(tmp_path) / "results.json"
    if result_file.exists():
        result_file.unlink()
    from tests.conftest import COLLECTIONS_ROOT

    env = dict(os.environ)
    env.update(ansible_env(tmp_path, result_file))
    env["ANSIBLE_COLLECTIONS_PATH"] = str(COLLECTIONS_ROOT)
    env.update(extra_env or {})
    for name_, value in list(env.items()):
        if value is None:  # extra_env may unset a variable with None
            del env[name_]
    cmd = [str(BIN / command)] + list(args)
    if check:
        cmd.append("--check")
    if diff:
        cmd.append("--diff")
    if verbosity:
        cmd.append("-" + "v" * verbosity)
    process = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=str(cwd or tmp_path),
                             check=False)
    return PlaybookRun(process, result_file)


def run_command(tool, args, tmp_path, env=None):
    """Run an Ansible command line tool (``ansible-playbook`` with an inventory of its own, ``ansible-inventory``)
    the way the tests run ansible-playbook. No GAMEOPS_* variable comes from the caller's environment; ``env``
    adds variables (a None value removes one)."""
    from tests.conftest import COLLECTIONS_ROOT

    result_file = Path(tmp_path) / "results.json"
    if result_file.exists():
        result_file.unlink()
    full_env = dict((k, v) for k, v in os.environ.items() if not k.startswith("GAMEOPS_"))
    full_env.update(ansible_env(tmp_path, result_file))
    full_env["ANSIBLE_COLLECTIONS_PATH"] = str(COLLECTIONS_ROOT)
    full_env.update(env or {})
    full_env = dict((k, v) for k, v in full_env.items() if v is not None)
    process = subprocess.run([str(BIN / tool)] + [str(a) for a in args], env=full_env, capture_output=True, text=True,
                             timeout=300, cwd=str(tmp_path), check=False)
    return PlaybookRun(process, result_file)


def ansible_env(tmp_path, result_file):
    """Environment of a test run of ansible-playbook: plain output, results recorded as JSON in ``result_file``."""
    return {
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
    }


def writes(sim):
    """(method, path) of every write the simulator received since its log was cleared."""
    return [(r.method, r.path) for r in sim.requests if r.method not in READS]


def reads(sim, path=None):
    return [r for r in sim.requests if r.method in READS and (path is None or r.path == path)]
