# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make bench``'s bench_cost.py in its smoke mode (tiny sizes, one run each): every part runs and prints, and what
does not depend on time holds: apply's requests equal the floor, no list is read twice by a create run, and the
no-op result is small. Times are printed, never asserted (the benchmark reports them against the targets)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.integration.harness import REPO


def test_the_benchmark_runs_every_part_in_smoke_mode():
    env = dict(os.environ)
    env.pop("GAMEOPS_PANEL_URL", None)
    done = subprocess.run([sys.executable, str(REPO / "tests" / "benchmarks" / "bench_cost.py"), "--smoke"],
                          capture_output=True, text=True, env=env, timeout=1200, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    for heading in ("1. One Pterodactyl simulator", "2. Per task", "3. apply's requests against the floor",
                    "4. apply and the engine as the users grow", "Targets (issue 20), load average"):
        assert heading in output, output
    for row in ("empty playbook (1 debug task)", "no-op, apply: 1 task", "no-op, plain requests script",
                "no-op, engine directly", "change 10%, apply: 1 task", "change 10%, plain requests script",
                "change 10%, engine directly", "no-op, apply, the document as JSON text"):
        assert row in output, output
    # requests and sizes do not depend on the machine's load
    assert "NOTE:" not in output, output  # every method sent the floor of requests, in both scenarios
    for line in ("met: apply's no-op result", "met: pterodactyl no-op apply", "met: amp no-op apply",
                 "met: pterodactyl: the run that creates the document reads no list",
                 "met: crafty: the run that creates the document reads no list",
                 "met: amp: the run that creates the document reads no list"):
        assert line in output, output
    # each time target is reported, met or missed
    assert output.count("the collection's own cost per task") == 1 and output.count("CPU per further user") == 4
