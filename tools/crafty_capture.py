# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record what a real Crafty Controller answers to the conformance scenario.

    python tools/crafty_capture.py --url https://127.0.0.1:8443 --username admin --password-file pw.txt

The panel must be fresh (no servers, roles or users but the admin): the
scenario creates what it asks about and deletes it again. The recording goes
to tests/conformance/crafty/recordings/<version>.json, normalised (no ids,
times, paths or secrets of this panel), and `make test` replays it against
the simulator (tests/conformance/test_crafty_conformance.py). Run Crafty on
its default configuration (show_errors: true), as its users do.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# pylint: disable=wrong-import-position
from tests.conformance.crafty import scenario  # noqa: E402
from tests.conformance.crafty.exchange import Runner, ScenarioError  # noqa: E402
from tests.conformance.crafty.recording import RECORDINGS, write_recording  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--url", required=True, help="the panel's root, e.g. https://127.0.0.1:8443")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password-file", help="a file holding the password (default: $CRAFTY_PASSWORD)")
    parser.add_argument("--ca-path", help="CA bundle for the panel's certificate (default: not verified)")
    parser.add_argument("--note", default="default configuration (show_errors: true)",
                        help="how the panel was run, kept in the recording")
    parser.add_argument("--out", type=Path, default=RECORDINGS, help="folder of the recordings")
    args = parser.parse_args(argv)
    password = Path(args.password_file).read_text().strip() if args.password_file else os.environ.get("CRAFTY_PASSWORD")
    if not password:
        parser.error("give --password-file or set CRAFTY_PASSWORD")
    host = args.url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        parser.error("capture only from a panel on this machine (127.0.0.1), got %s" % host)
    runner = Runner(args.url, verify=args.ca_path or False)
    try:
        scenario.run(runner, args.username, password)
    except ScenarioError as exc:
        print("capture stopped: %s" % exc, file=sys.stderr)
        return 1
    path = write_recording(args.out, runner, note=args.note, recorded=datetime.date.today().isoformat())
    print("%d exchanges of Crafty %s -> %s" % (len(runner.exchanges), ".".join(map(str, runner.version)), path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
