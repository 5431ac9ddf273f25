# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`python3 tests/simulators PANEL_TYPE`: every simulator is found by looking, and says how to reach it."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.simulators.launcher import AMP_ACCOUNT, discover, exports, launch, pip_command
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY, PterodactylSimulator


def test_discovers_every_simulator_package():
    found, broken = discover()
    assert found["pterodactyl"] is PterodactylSimulator
    assert "common" not in found and "common" not in broken
    # every simulator that landed is usable: a class with start/stop/connection_env, or a reason it is not
    assert broken == {}, broken


def test_pterodactyl_connection_env_points_at_the_running_simulator(ptero_sim):
    env = ptero_sim.connection_env()
    assert env == {"GAMEOPS_PANEL_TYPE": "pterodactyl", "GAMEOPS_PANEL_URL": ptero_sim.url,
                   "GAMEOPS_API_KEY": DEFAULT_APP_KEY, "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY}


def test_exports_are_shell_quoted():
    assert exports({"GAMEOPS_B": "it's", "GAMEOPS_A": "plain"}) == [
        "export GAMEOPS_A=plain", "export GAMEOPS_B='it'\"'\"'s'"]


# -- a Python without a simulator's libraries ---------------------------------------------------------

LAUNCHER = Path(__file__).resolve().parents[2] / "simulators"


def _launcher_without(libraries, *argv):
    """``python3 tests/simulators ARGV`` in a Python where ``libraries`` cannot be imported."""
    code = ("import runpy, sys\nfor name in %r:\n    sys.modules[name] = None\n"
            "sys.argv = ['tests/simulators'] + %r\nrunpy.run_path(%r, run_name='__main__')\n"
            % (tuple(libraries), list(argv), str(LAUNCHER)))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False,
                          cwd=str(LAUNCHER.parents[1]))


def test_a_simulator_whose_library_is_missing_is_named_with_the_pip_command():
    crafty = _launcher_without(["jsonschema"], "crafty")
    assert crafty.returncode == 2 and crafty.stdout == ""
    assert "invalid choice" not in crafty.stderr
    assert "the crafty simulator needs the Python library jsonschema" in crafty.stderr
    assert crafty.stderr.rstrip().endswith("-m pip install jsonschema")
    # every library it lacks, in one command
    both = _launcher_without(["jsonschema", "pyotp"], "crafty")
    assert both.stderr.rstrip().endswith("-m pip install jsonschema pyotp"), both.stderr
    assert "libraries jsonschema and pyotp" in both.stderr
    amp = _launcher_without(["pyotp"], "amp")
    assert amp.returncode == 2 and amp.stderr.rstrip().endswith("-m pip install pyotp"), amp.stderr


def test_the_list_says_which_simulators_lack_a_library_and_which_run():
    listed = _launcher_without(["pyotp"], "--list")
    assert listed.returncode == 0
    lines = dict(line.split(": ", 1) for line in listed.stdout.splitlines())
    assert lines["pterodactyl"].startswith("A stateful fake")  # needs nothing but Python
    assert lines["amp"].startswith("unavailable, needs the Python library pyotp")
    assert lines["crafty"].endswith("-m pip install pyotp")


def test_the_pip_command_names_the_running_python():
    command = pip_command(["jsonschema"])
    assert command.endswith(" -m pip install jsonschema")
    assert command.split(" ")[0] in ("python3", sys.executable)


def test_readme_names_each_simulators_libraries_not_a_file_an_installed_copy_lacks():
    readme = (LAUNCHER.parents[1] / "README.md").read_text()
    section = readme[readme.index("## A panel to practise on"):readme.index("## Modules")]
    assert "requirements-dev.txt" not in section
    for panel in ("crafty", "amp"):
        folder = LAUNCHER / panel
        libraries = _imported(folder)
        assert libraries, panel
        command = "python3 -m pip install %s" % " ".join(libraries)
        assert command in section, "README should show %r for the %s simulator" % (command, panel)


def _imported(folder):
    """The third-party libraries a simulator package imports (what a Python lacking all of them would miss)."""
    from tests.simulators.launcher import PIP_NAMES, _imported_modules

    return [PIP_NAMES.get(name, name) for name in _imported_modules(str(folder))
            if name not in sys.stdlib_module_names]


# -- what the launcher prints -------------------------------------------------------------------------

@pytest.mark.parametrize("panel_type", ["pterodactyl", "crafty", "amp"])
def test_the_launcher_prints_every_login_the_examples_use(panel_type):
    found, dummy = discover()
    launched = launch(panel_type, found[panel_type])
    try:
        printed = "\n".join(launched.lines())
        env = launched.sim.connection_env()
        for line in exports(env):
            assert line in printed
        for name, value in launched.example_variables().items():
            assert "-e %s=%s" % (name, shlex.quote(str(value))) in printed
        for account, credential, secret, dummy_what in launched.practice.logins:
            assert "# login: %s, %s %s (" % (account, credential, secret) in printed
        assert printed.splitlines()[-1].startswith("# Ctrl-C")
    finally:
        launched.stop()


def test_the_amp_account_the_examples_use_logs_in_with_the_printed_password():
    from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient

    found, dummy = discover()
    launched = launch("amp", found["amp"])
    try:
        username, password = AMP_ACCOUNT
        assert launched.example_variables()["vault_amp_password"] == password
        client = AMPClient(launched.url, username, password)
        assert client.list_instances() is not None
    finally:
        launched.stop()


def test_the_crafty_token_the_examples_use_is_accepted():
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import CraftyClient

    found, dummy = discover()
    launched = launch("crafty", found["crafty"])
    try:
        client = CraftyClient(launched.url, api_token=launched.example_variables()["vault_crafty_api_token"])
        assert client.me()["username"] == "admin"
    finally:
        launched.stop()


@pytest.mark.parametrize("panel_type", ["pterodactyl", "crafty", "amp"])
def test_the_launcher_prints_the_accounts_the_demo_creates_and_their_password(panel_type):
    import yaml

    from tests.simulators.launcher import DEMO_PLAYBOOK

    [play] = yaml.safe_load(Path(DEMO_PLAYBOOK).read_text())
    password = play["vars"]["demo_password"]
    usernames = [account["username"] for account in play["vars"]["staff"]]
    found, dummy = discover()
    launched = launch(panel_type, found[panel_type])
    try:
        printed = launched.lines()
    finally:
        launched.stop()
    [line] = [line for line in printed if line.startswith("# The demo ")]
    assert line == ("# The demo (ansible-playbook gameops.panels.demo) logs in with the exports above and creates "
                    "%s, each with password %s (-e demo_password=... for another)" % (" and ".join(usernames), password))
    # the demo logs in with what the exports say, and nothing else: no other credential in the play
    text = Path(DEMO_PLAYBOOK).read_text()
    for option in ("api_key", "client_api_key", "panel_username", "panel_password", "api_token", "panel_totp_secret"):
        assert "%s:" % option not in text
