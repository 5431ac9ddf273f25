# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Requests of a no-op Crafty ``apply`` against the floor, as the panel grows (part of ``make bench``).

    python tests/benchmarks/bench_crafty.py [servers ...]     (default: 5 10 20 40)

For each size the simulator (Crafty 4.10.7) holds N servers, each with a
schedule of 3 chained tasks, a webhook and a backup configuration; N/5 roles
granting 5 servers each; N users with an e-mail and a role. One ``apply`` of
that document writes it; the next changes nothing, and its requests are
counted by route against the floor: what any client must read to compare,
given Crafty's API - the version and a login, one list each of users, roles
and servers, each role's servers and each user's detail (the lists lack
them), each server's webhooks and backup configurations, one read per
schedule row (there is no list route: a row is read by its id), and the ids
past the highest row that end the one id scan. Those last are ``scan_gap``
(25 unless a task says otherwise) missing ids in a row: Crafty 4.0.8 and
4.10.7 answer ``GET /servers/{id}/tasks`` with a 500, so no client learns
where the ids end but by reading past them, and a block of deleted ids below
a live row (a deleted server's schedules) looks like the end until a live id
follows it. ``reads_if_listed`` is the floor a list route would allow.
Not a test: it prints what it measured and checks the targets (at most 1.2x
the floor from 20 servers on, linear in the servers).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "build" / "collections"), str(REPO)]

# pylint: disable=wrong-import-position
from tests.integration.harness import run_playbook  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.crafty.schedules import SCAN_GAP  # noqa: E402
from tests.simulators.crafty import CraftySimulator  # noqa: E402

SIZES = (5, 10, 20, 40)
TARGET = 1.2


def document(count):
    servers, roles, users = [], [], []
    for n in range(count):
        servers.append({
            "name": "srv-%03d" % n, "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 1},
            "port": 26000 + n, "crash_detection": True,
            "backups": [{"name": "nightly", "max_backups": 3, "compress": True}],
            "schedules": [{"name": "restart", "cron": "0 4 * * *", "tasks": [
                {"action": "command", "payload": "say restarting"},
                {"action": "backup", "payload": "nightly", "time_offset": 30},
                {"action": "power", "payload": "restart", "time_offset": 30}]}],
            "webhooks": [{"name": "alerts", "type": "Discord", "url": "https://discord.example/api/webhooks/%d" % n,
                          "triggers": ["stop_server", "crash_detected"]}],
        })
    for r in range(max(1, count // 5)):
        roles.append({"name": "staff-%02d" % r, "servers": [
            {"server": "srv-%03d" % n, "permissions": ["commands", "logs"]} for n in range(r * 5, min(count, r * 5 + 5))]})
    for n in range(count):
        users.append({"username": "player_%03d" % n, "password": "Player-Pass-%03d" % n,
                      "email": "player-%03d@example.test" % n, "roles": ["staff-%02d" % (n // 5 % len(roles))]})
    return {"servers": servers, "roles": roles, "users": users}


def route(path):
    """``/api/v2/servers/<uuid>/tasks/7`` -> ``/servers/{}/tasks/{}``."""
    path = path[len("/api/v2"):] or "/"
    return re.sub(r"/([0-9a-f-]{36}|[0-9]+)(?=/|$)", "/{}", path)


def reads_if_listed(doc):
    """What a client must read to compare, were there a schedule list: one read per row it holds."""
    servers, roles, users = len(doc["servers"]), len(doc["roles"]), len(doc["users"])
    rows = sum(len(s["tasks"]) for server in doc["servers"] for s in server["schedules"])
    return {"version and login": 2, "lists of users, roles, servers": 3, "each role's servers": roles,
            "each user's detail": users, "each server's webhooks and backups": 2 * servers,
            "each schedule row": rows}


def floor(doc):
    """What a client must read to compare given Crafty's API: the reads above, and the missing ids past the highest
    row that tell the scan it has found every row."""
    return dict(reads_if_listed(doc), **{"missing ids that end the id scan (scan_gap)": SCAN_GAP})


def measure(count, tmp):
    doc = document(count)
    sim = CraftySimulator(version="4.10.7")
    sim.start()
    try:
        sim.state.users[1]["max_ram_gb"] = 1000.0  # room for the servers under upstream's RAM limit
        task = "- name: apply\n  gameops.panels.apply:\n    document: %s\n" % json.dumps(doc)
        first = run_playbook(sim, tmp, task)
        assert first.rc == 0, first
        sim.clear_log()
        started = time.monotonic()
        again = run_playbook(sim, tmp, task)
        wall = time.monotonic() - started
        assert again.rc == 0 and again.changed == 0, again
        by_route = Counter("%s %s" % (r.method, route(r.path)) for r in sim.requests)
        writes = [r for r in sim.requests if r.method not in ("GET", "HEAD") and not r.path.endswith("/auth/login")]
        assert writes == [], writes
        return doc, by_route, wall
    finally:
        sim.stop()


def main(sizes):
    tmp = Path(tempfile.mkdtemp(prefix="bench-crafty-"))
    print("Crafty 4.10.7 simulator: requests of a no-op apply against the floor")
    print("%8s %10s %8s %8s %7s %8s" % ("servers", "requests", "floor", "ratio", "wall s", "per srv"))
    results = []
    for count in sizes:
        doc, by_route, wall = measure(count, tmp)
        total, least = sum(by_route.values()), sum(floor(doc).values())
        results.append((count, total, least))
        print("%8d %10d %8d %7.2fx %7.1f %8.1f" % (count, total, least, total / least, wall, total / count))
    print("\nby route, %d servers:" % sizes[-1])
    for name, number in sorted(by_route.items(), key=lambda item: -item[1]):
        print("  %5d  %s" % (number, name))
    print("floor, %d servers: %s" % (sizes[-1], ", ".join("%s %d" % item for item in floor(doc).items())))
    ok = True
    for count, total, least in results:
        if count >= 20 and total > TARGET * least:
            print("TARGET MISSED: %d servers: %d requests, more than %.1fx the floor (%d)" % (count, total, TARGET, least))
            ok = False
    # linear: the requests each further server costs stay the same as the panel grows
    steps = [(b[1] - a[1]) / float(b[0] - a[0]) for a, b in zip(results, results[1:])]
    if max(steps) > 1.05 * min(steps):
        print("TARGET MISSED: requests per further server grow: %s" % ", ".join("%.1f" % s for s in steps))
        ok = False
    print("targets: %s (at most %.1fx the floor from 20 servers on; %s requests per further server)"
          % ("met" if ok else "MISSED", TARGET, ", ".join("%.1f" % s for s in steps)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(tuple(int(a) for a in sys.argv[1:]) or SIZES))
