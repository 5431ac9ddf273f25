# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the simulator as a process: ``python -m tests.simulators.crafty [--version 4.4.8] [--port N] [--port-file F]``."""
from __future__ import annotations

import argparse
import signal
import sys
import threading

from ..common import BIND_HOST
from .profiles import SUPPORTED_PROFILES
from .server import CraftySimulator
from .state import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.simulators.crafty",
                                     description="Stateful Crafty Controller 4 API v2 simulator (127.0.0.1 only).")
    parser.add_argument("--version", default="4.4.8",
                        help="Crafty version profile: %s or any 4.x.y (default 4.4.8)" % ", ".join(SUPPORTED_PROFILES))
    parser.add_argument("--host", default=BIND_HOST, help="must be 127.0.0.1 (the simulator never binds elsewhere)")
    parser.add_argument("--port", type=int, default=0, help="TCP port, 0 = any free port (default)")
    parser.add_argument("--port-file", help="write the base URL to this file once listening")
    parser.add_argument("--no-seed", action="store_true", help="start without the admin and system users")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.host != BIND_HOST:
        sys.stderr.write("refusing to bind %s: the simulator only listens on %s\n" % (args.host, BIND_HOST))
        return 2
    try:
        sim = CraftySimulator(version=args.version, seed=not args.no_seed)
    except ValueError as exc:
        sys.stderr.write("%s\n" % exc)
        return 2
    url = sim.start(port=args.port)
    stop = threading.Event()

    def _shutdown(signum, frame):  # pylint: disable=unused-argument
        stop.set()

    signal.signal(signal.SIGTERM, _shutdown)
    signal.signal(signal.SIGINT, _shutdown)
    if args.port_file:
        with open(args.port_file, "w", encoding="utf-8") as handle:
            handle.write(url + "\n")
    print("Crafty %s simulator listening on %s (admin user %r, password %r)"
          % (sim.version, url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD), flush=True)
    while not stop.wait(0.5):
        pass
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
