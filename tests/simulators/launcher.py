# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A panel to practise on: start any simulator under tests/simulators and say how to reach it.

Every simulator package offers a class with ``start()``, ``stop()`` and
``connection_env()`` (the ``GAMEOPS_*`` variables that point the modules at
it: panel type, URL and credentials). The launcher finds them by looking,
so a new panel's simulator is listed as soon as it lands.

Besides the ``export`` lines, the launcher prints every login the modules'
examples (``ansible-doc gameops.panels.<module>``) use on that panel, as the
variables the examples read them from, so the examples run as written against
the simulator it started; :data:`PRACTICE` says, per panel, what it sets up
for them. It also prints the accounts the demo (``playbooks/demo.yml``)
creates and their password, read from the playbook itself. A simulator whose Python libraries are missing is named with the
``pip`` command that installs them.
"""
from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import os
import pkgutil
import re
import shlex
import shutil
import signal
import sys
import threading

PACKAGE = "tests.simulators"
#: packages under tests/simulators that are not simulators
NOT_SIMULATORS = frozenset(["common"])
#: import name -> the name pip installs it under, where they differ
PIP_NAMES = {"yaml": "pyyaml"}


# -- finding the simulators ----------------------------------------------------------------------

def _imported_modules(folder):
    """Top-level names of the absolute imports in the .py files under ``folder`` (tests.* left out)."""
    names = set()
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if not name.endswith(".py"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as handle:
                tree = ast.parse(handle.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return sorted(n for n in names if n not in ("tests", "__future__"))


def missing_libraries(folder):
    """The pip names of the libraries the simulator package in ``folder`` imports and this Python lacks."""
    return [PIP_NAMES.get(name, name) for name in _imported_modules(folder) if importlib.util.find_spec(name) is None]


def pip_command(libraries):
    """The command that installs ``libraries`` into the Python running this (``python3`` when that is the one on PATH)."""
    on_path = shutil.which("python3")
    python = "python3" if on_path and os.path.abspath(on_path) == os.path.abspath(sys.executable) else sys.executable
    return "%s -m pip install %s" % (shlex.quote(python), " ".join(libraries))


def _why_not(folder, exc):
    missing = missing_libraries(folder)
    if not missing:
        return "cannot be imported: %s" % exc
    return "needs the Python %s %s, which %s lacks; install with: %s" % (
        "library" if len(missing) == 1 else "libraries", " and ".join(missing), sys.executable, pip_command(missing))


def discover():
    """``(simulators, broken)``: panel_type -> simulator class, and panel_type -> why it could not load."""
    package = importlib.import_module(PACKAGE)
    found, broken = {}, {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name in NOT_SIMULATORS:
            continue
        try:
            module = importlib.import_module("%s.%s" % (PACKAGE, info.name))
        except ImportError as exc:
            broken[info.name] = _why_not(os.path.join(package.__path__[0], info.name), exc)
            continue
        classes = [getattr(module, name) for name in getattr(module, "__all__", dir(module))]
        classes = [c for c in classes if isinstance(c, type) and all(
            callable(getattr(c, method, None)) for method in ("start", "stop", "connection_env"))]
        if classes:
            found[getattr(classes[0], "panel_type", info.name)] = classes[0]
        else:
            broken[info.name] = "has no simulator class with start(), stop() and connection_env()"
    return found, broken


# -- what the examples log in with -----------------------------------------------------------------

class Practice:
    """What the launcher set up on a simulator for the modules' examples, and says about it.

    ``logins``: ``[(account, credential, secret, what it is)]`` (credential: ``password``, ``API token``); ``variables``: the examples' variable -> value
    (the secrets they read from a vault); ``notes``: how the simulator differs from the panel's defaults.
    """

    def __init__(self, logins=(), variables=None, notes=()):
        self.logins = list(logins)
        self.variables = dict(variables or {})
        self.notes = list(notes)


def _pterodactyl(sim):
    from tests.simulators.pterodactyl import DEFAULT_ADMIN_PASSWORD, DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    # the examples take three backups of one server; the panel's default throttle (2 per server in 10 minutes)
    # would hold the third for ten minutes (it is a panel setting, BACKUP_THROTTLE_LIMIT / _PERIOD)
    sim.backup_throttle = None
    return Practice(
        logins=[("admin", "password", DEFAULT_ADMIN_PASSWORD, "root admin; the client key above is its key")],
        variables={"vault_ptla_key": DEFAULT_APP_KEY, "vault_ptlc_key": DEFAULT_CLIENT_KEY,
                   "vault_panel_password": DEFAULT_ADMIN_PASSWORD},
        notes=["backups are not throttled (the panel's default: 2 per server in 10 minutes)"])


def _crafty(sim):
    from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    token = sim.add_api_key(DEFAULT_ADMIN_USERNAME, name="ansible")
    return Practice(
        logins=[(DEFAULT_ADMIN_USERNAME, "password", DEFAULT_ADMIN_PASSWORD, "superuser; the exports above log in with it"),
                (DEFAULT_ADMIN_USERNAME, "API token", token, "its API key 'ansible', for api_token")],
        variables={"vault_crafty_password": DEFAULT_ADMIN_PASSWORD, "vault_crafty_api_token": token})


#: the account AMP's examples log in as: an automation account of its own, as the README advises
AMP_ACCOUNT = ("ansible", "ansible-Passw0rd")


def _amp(sim):
    from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    username, password = AMP_ACCOUNT
    sim.add_user(username, password=password, roles=["Super Admins"], email="%s@example.com" % username)
    return Practice(
        logins=[(DEFAULT_ADMIN_USERNAME, "password", DEFAULT_ADMIN_PASSWORD, "the exports above log in with it"),
                (username, "password", password, "Super Admins; the examples log in with it")],
        variables={"vault_amp_password": password})


#: panel_type -> function(started simulator) -> :class:`Practice`; a panel without a line gets nothing extra
PRACTICE = {"pterodactyl": _pterodactyl, "crafty": _crafty, "amp": _amp}

#: the demo playbook, beside tests/ in a clone and in an installed collection
DEMO_PLAYBOOK = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "playbooks", "demo.yml")


def demo_logins(path=DEMO_PLAYBOOK):
    """``(usernames, password)`` of the accounts the demo creates, as its play declares them (no YAML library
    needed: the Pterodactyl simulator runs on Python alone); ``None`` when the playbook is not there."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return None
    password = re.search(r"^ +demo_password: *(\S+) *$", text, re.M)
    usernames = re.findall(r"^ +- \{username: *([\w.-]+),", text, re.M)
    if not password or not usernames:
        return None
    return usernames, password.group(1).strip("'\"")


class Launched:
    """A started simulator with what the launcher prints about it."""

    def __init__(self, panel_type, sim, practice):
        self.panel_type = panel_type
        self.sim = sim
        self.practice = practice

    @property
    def url(self):
        return self.sim.connection_env()["GAMEOPS_PANEL_URL"]

    def example_variables(self):
        """What the examples read: the panel's URL and the logins' variables."""
        return dict(self.practice.variables, panel_url=self.url)

    def lines(self):
        """Everything the launcher prints, up to the Ctrl-C line."""
        out = ["# %s simulator on %s. Paste these lines into another shell, then run your playbooks there:"
               % (self.panel_type, self.url)]
        out += exports(self.sim.connection_env())
        for account, credential, secret, what in self.practice.logins:
            out.append("# login: %s, %s %s (%s)" % (account, credential, secret, what))
        for note in self.practice.notes:
            out.append("# note: %s" % note)
        out.append("# The examples of ansible-doc gameops.panels.<module> log in with these variables (add them with -e; "
                   "the others they use, such as a new user's password, are yours to choose):")
        out.append("#   " + " ".join("-e %s=%s" % (name, shlex.quote(str(value)))
                                     for name, value in sorted(self.example_variables().items())))
        demo = demo_logins()
        if demo:
            usernames, password = demo
            out.append("# The demo (ansible-playbook gameops.panels.demo) logs in with the exports above and creates %s, "
                       "each with password %s (-e demo_password=... for another)" % (" and ".join(usernames), password))
        out.append("# Ctrl-C stops the simulator (its state is in memory only).")
        return out

    def stop(self):
        self.sim.stop()


#: panel_type -> the simulator's options as the launcher starts it: Crafty answers like the newest real panel
#: recorded (4.10.7), which has the server file routes server_file and server_config use
LAUNCH_OPTIONS = {"crafty": {"version": "4.10.7"}}


def launch(panel_type, simulator_class, port=0):
    """Start the simulator as ``python3 tests/simulators PANEL_TYPE`` does, with its practice set-up."""
    sim = simulator_class(**LAUNCH_OPTIONS.get(panel_type, {}))
    sim.start(port=port)
    practice = PRACTICE.get(panel_type, lambda started: Practice())(sim)
    return Launched(panel_type, sim, practice)


def exports(env):
    """``export NAME=value`` lines, shell-quoted, in a stable order."""
    return ["export %s=%s" % (name, shlex.quote(str(value))) for name, value in sorted(env.items())]


def parse_args(argv, panel_types):
    parser = argparse.ArgumentParser(
        prog="python3 tests/simulators",
        description="Start a panel simulator on 127.0.0.1 in the foreground and print the export lines that "
                    "point gameops.panels at it, and the logins the modules' examples use. Ctrl-C stops it; its "
                    "state lives in memory only.")
    parser.add_argument("panel_type", nargs="?", choices=panel_types or None,
                        help="which panel to simulate (available: %s)" % (", ".join(panel_types) or "none"))
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1, 0 = any free port (default)")
    parser.add_argument("--list", action="store_true", help="list the simulators and exit")
    return parser.parse_args(argv)


def main(argv=None):
    found, broken = discover()
    # a simulator that cannot load is still a valid choice: choosing it says what it lacks
    args = parse_args(sys.argv[1:] if argv is None else argv, sorted(set(found) | set(broken)))
    if args.list or not args.panel_type:
        for name in sorted(found):
            print("%s: %s" % (name, (found[name].__doc__ or "").strip().splitlines()[0]))
        for name in sorted(broken):
            print("%s: unavailable, %s" % (name, broken[name]))
        if not args.list:
            print("usage: python3 tests/simulators PANEL_TYPE (one of the above)", file=sys.stderr)
        return 0 if args.list else 2
    if args.panel_type not in found:
        print("the %s simulator %s" % (args.panel_type, broken[args.panel_type]), file=sys.stderr)
        return 2
    launched = launch(args.panel_type, found[args.panel_type], port=args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    print("\n".join(launched.lines()), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        launched.stop()
    return 0
