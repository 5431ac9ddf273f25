# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the simulator as a process: ``python -m tests.simulators.amp [--port N] [--port-file F]``."""
from __future__ import annotations

import argparse
import signal
import sys
import threading

from ..common import BIND_HOST
from .server import AMPSimulator


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.simulators.amp",
                                     description="Stateful CubeCoders AMP API simulator (127.0.0.1 only).")
    parser.add_argument("--port", type=int, default=0, help="TCP port, 0 = any free port (default)")
    parser.add_argument("--port-file", help="write the base URL to this file once listening")
    parser.add_argument("--version", dest="amp_version", default=None,
                        help="AMP version profile (default: tests/amp_spec/AMPVersion.txt)")
    parser.add_argument("--session-timeout", type=float, default=240, help="idle session timeout in seconds")
    parser.add_argument("--instance", action="append", default=[], metavar="NAME[:MODULE]",
                        help="seed a running instance (module Minecraft unless given); repeatable")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    sim = AMPSimulator(version=args.amp_version, session_timeout=args.session_timeout)
    for spec in args.instance:
        parts = spec.split(":", 1)
        sim.add_instance(parts[0], module=parts[1] if len(parts) > 1 else "Minecraft")
    url = sim.start(port=args.port)
    stop = threading.Event()

    def _shutdown(signum, frame):  # pylint: disable=unused-argument
        stop.set()

    signal.signal(signal.SIGTERM, _shutdown)
    signal.signal(signal.SIGINT, _shutdown)
    if args.port_file:
        with open(args.port_file, "w", encoding="utf-8") as handle:
            handle.write(url + "\n")
    print("AMP simulator (AMP %s) listening on %s (bound to %s only)" % (sim.version, url, BIND_HOST), flush=True)
    while not stop.wait(0.5):
        pass
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
