# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A panel to practise on: start any simulator under tests/simulators and say how to reach it.

Every simulator package offers a class with ``start()``, ``stop()`` and
``connection_env()`` (the ``GAMEOPS_*`` variables that point the modules at
it: panel type, URL and credentials). The launcher finds them by looking,
so a new panel's simulator is listed as soon as it lands.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import shlex
import signal
import sys
import threading

PACKAGE = "tests.simulators"
#: packages under tests/simulators that are not simulators
NOT_SIMULATORS = frozenset(["common"])


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
            broken[info.name] = "cannot be imported: %s" % exc
            continue
        classes = [getattr(module, name) for name in getattr(module, "__all__", dir(module))]
        classes = [c for c in classes if isinstance(c, type) and all(
            callable(getattr(c, method, None)) for method in ("start", "stop", "connection_env"))]
        if classes:
            found[getattr(classes[0], "panel_type", info.name)] = classes[0]
        else:
            broken[info.name] = "has no simulator class with start(), stop() and connection_env()"
    return found, broken


def exports(env):
    """``export NAME=value`` lines, shell-quoted, in a stable order."""
    return ["export %s=%s" % (name, shlex.quote(str(value))) for name, value in sorted(env.items())]


def parse_args(argv, panel_types):
    parser = argparse.ArgumentParser(
        prog="python3 tests/simulators",
        description="Start a panel simulator on 127.0.0.1 in the foreground and print the export lines that "
                    "point gameops.panels at it. Ctrl-C stops it; its state lives in memory only.")
    parser.add_argument("panel_type", nargs="?", choices=panel_types or None,
                        help="which panel to simulate (available: %s)" % (", ".join(panel_types) or "none"))
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1, 0 = any free port (default)")
    parser.add_argument("--list", action="store_true", help="list the simulators and exit")
    return parser.parse_args(argv)


def main(argv=None):
    found, broken = discover()
    args = parse_args(sys.argv[1:] if argv is None else argv, sorted(found))
    if args.list or not args.panel_type:
        for name in sorted(found):
            print("%s: %s" % (name, (found[name].__doc__ or "").strip().splitlines()[0]))
        for name in sorted(broken):
            print("%s: unavailable, %s" % (name, broken[name]))
        if not args.list:
            print("usage: python3 tests/simulators PANEL_TYPE (one of the above)", file=sys.stderr)
        return 0 if args.list else 2
    sim = found[args.panel_type]()
    sim.start(port=args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    print("# %s simulator on %s. Paste these lines into another shell, then run your playbooks there:"
          % (args.panel_type, sim.url))
    for line in exports(sim.connection_env()):
        print(line)
    print("# Ctrl-C stops the simulator (its state is in memory only).", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sim.stop()
    return 0
