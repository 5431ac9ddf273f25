# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the simulator as a process: ``python -m tests.simulators.pterodactyl [options]``."""
from __future__ import annotations

import argparse
import signal
import sys
import threading

from .server import BIND_HOST, PterodactylSimulator


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.simulators.pterodactyl",
                                     description="Stateful Pterodactyl 1.11 panel API simulator (127.0.0.1 only).")
    parser.add_argument("--host", default=BIND_HOST, help="must be 127.0.0.1 (the simulator never binds elsewhere)")
    parser.add_argument("--port", type=int, default=0, help="TCP port, 0 = any free port (default)")
    parser.add_argument("--port-file", help="write the base URL to this file once listening")
    parser.add_argument("--api-key", action="append", default=[],
                        help="extra full-access application key (48 characters, ptla_...); repeatable")
    parser.add_argument("--rate-limit", type=int, default=None, help="requests per minute per user (default: unlimited)")
    parser.add_argument("--max-page-size", type=int, default=None, help="cap on per_page (default: none, like the panel)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.host != BIND_HOST:
        sys.stderr.write("refusing to bind %s: the simulator only listens on %s\n" % (args.host, BIND_HOST))
        return 2
    keys = {}
    for token in args.api_key:
        if len(token) != 48:
            sys.stderr.write("--api-key must be 48 characters long\n")
            return 2
        keys[token] = {"user_id": 1}
    sim = PterodactylSimulator(app_keys=keys, rate_limit_per_minute=args.rate_limit, max_page_size=args.max_page_size)
    url = sim.start(port=args.port)
    stop = threading.Event()

    def _shutdown(signum, frame):  # pylint: disable=unused-argument
        stop.set()

    signal.signal(signal.SIGTERM, _shutdown)
    signal.signal(signal.SIGINT, _shutdown)
    if args.port_file:
        with open(args.port_file, "w", encoding="utf-8") as handle:
            handle.write(url + "\n")
    print("Pterodactyl simulator listening on %s" % url, flush=True)
    while not stop.wait(0.5):
        pass
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
