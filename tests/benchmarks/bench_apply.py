# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.apply against a loop of single-object tasks, on the Pterodactyl simulator.

    python tests/benchmarks/bench_apply.py            (part of ``make bench``)
    BENCH_LOOP=0 python tests/benchmarks/bench_apply.py   (skip the loop: about 10 minutes of it)

The state: 500 users, 200 servers with limits and environment, 20 of them
with 2 schedules of 3 tasks. For a no-op run and a run that changes 10% of
the users and servers it prints wall time and requests (reads, writes) of
one ``apply`` task, of the same state written as looped ``user``, ``server``
and ``schedule`` tasks (real ansible-playbook runs both), and the floor: one
read per list page the state needs plus one write per changed field group.
Then apply's cost from 100 to 10,000 users. Not a test: it prints what it
measured and checks it against the targets (apply's requests equal the
floor, apply >= 20x faster than the loop, cost linear in the users).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "build" / "collections"), str(REPO)]

# pylint: disable=wrong-import-position
from tests.integration.harness import READS, run_playbook  # noqa: E402
# the reference panel (users, servers, schedules), its request floor and a simulator with room for it
from tests.benchmarks.reference import (  # noqa: E402
    SCHEDULED, SERVERS, USERS, document, floor, roomy_simulator, users)
from tests.simulators.pterodactyl import PterodactylSimulator  # noqa: E402

APPLY = """
- name: apply
  gameops.panels.apply:
    document: "{{ lookup('ansible.builtin.file', 'document.json') | from_json }}"
"""

LOOP = """
- name: users
  gameops.panels.user:
    username: "{{ item.username }}"
    email: "{{ item.email }}"
    first_name: "{{ item.first_name }}"
    last_name: "{{ item.last_name }}"
  loop: "{{ lookup('ansible.builtin.file', 'users.json') | from_json }}"
  loop_control: {label: "{{ item.username }}"}
- name: servers
  gameops.panels.server:
    name: "{{ item.name }}"
    external_id: "{{ item.external_id }}"
    owner: "{{ item.owner }}"
    nest: "{{ item.nest }}"
    egg: "{{ item.egg }}"
    environment: "{{ item.environment }}"
    limits: "{{ item.limits }}"
    feature_limits: "{{ item.feature_limits | default(omit) }}"
    deployment: "{{ item.deployment }}"
  loop: "{{ lookup('ansible.builtin.file', 'servers.json') | from_json }}"
  loop_control: {label: "{{ item.external_id }}"}
- name: schedules
  gameops.panels.schedule:
    server_external_id: "{{ item.server }}"
    name: "{{ item.name }}"
    cron: "{{ item.cron }}"
    tasks: "{{ item.tasks }}"
  loop: "{{ lookup('ansible.builtin.file', 'schedules.json') | from_json }}"
  loop_control: {label: "{{ item.server }} {{ item.name }}"}
"""


class Bench:
    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-apply-"))
        self.rows = []
        self.panel_seconds = 0.0
        self.cpu_seconds = 0.0

    def run(self, sim, label, tasks, doc):
        declared = doc.get("servers", [])
        (self.tmp / "document.json").write_text(json.dumps(doc))
        (self.tmp / "users.json").write_text(json.dumps(doc["users"]))
        (self.tmp / "servers.json").write_text(json.dumps([dict((k, v) for k, v in s.items() if k != "schedules")
                                                           for s in declared]))
        (self.tmp / "schedules.json").write_text(json.dumps([dict(sc, server=s["external_id"]) for s in declared
                                                             for sc in s.get("schedules", [])]))
        sim.clear_log()
        busy = serving_time(sim)
        cpu = children_cpu()
        started = time.monotonic()
        run = run_playbook(sim, self.tmp, tasks, timeout=7200)
        elapsed = time.monotonic() - started
        if run.rc != 0:
            raise SystemExit("%s failed:\n%s" % (label, run.output[-3000:]))
        reads = sum(1 for r in sim.requests if r.method in READS)
        self.panel_seconds = busy()
        # CPU of ansible-playbook and the modules it ran (the simulator is a thread of this process):
        # what the collection costs, whatever else the machine is doing
        self.cpu_seconds = children_cpu() - cpu
        return elapsed, reads, len(sim.requests) - reads, run

    def row(self, scenario, method, elapsed, reads, writes, tasks, floor_=None):
        self.rows.append((scenario, method, elapsed, reads, writes, tasks, floor_))
        timing = ("%.1f" % elapsed, "%.1f" % self.cpu_seconds) if elapsed is not None else ("-", "-")
        cells = "%-26s %-30s %9s %8s %7d %7d %9d" % ((scenario, method) + timing + (reads, writes, reads + writes))
        if floor_ is not None:
            cells += "   %s" % ("= floor" if (reads, writes) == floor_ else "floor is %d + %d" % floor_)
        print(cells, flush=True)


def fastest(bench, sim, documents):
    """The apply run over ``documents`` that used the least CPU: ``(measurement, panel seconds, CPU seconds)``."""
    best = None
    for doc in documents:
        measured = bench.run(sim, "apply", APPLY, doc)
        if best is None or bench.cpu_seconds < best[2]:
            best = (measured, bench.panel_seconds, bench.cpu_seconds)
    return best


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def serving_time(sim):
    """Start counting the seconds ``sim`` spends answering; returns a function that reads the count.

    The simulator checks unique columns with a linear scan (the panel's MySQL index does not), so at
    10,000 users its own time per write grows with the users; the collection's time is the rest.
    """
    original = sim.__dict__.get("handle") or type(sim).handle.__get__(sim)
    spent = [0.0]

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    sim.handle = timed
    return lambda: spent[0]


def compare(bench, sim):
    print("Pterodactyl simulator: %d users, %d servers with limits and environment, %d of them with 2 schedules "
          "of 3 tasks" % (USERS, SERVERS, SCHEDULED))
    print("%-26s %-30s %9s %8s %7s %7s %9s" % ("run", "method", "wall s", "CPU s", "reads", "writes", "requests"))
    tasks = USERS + SERVERS + 2 * SCHEDULED
    base, changed = document(), document(USERS // 10, SERVERS // 10)
    elapsed, reads, writes, _run = bench.run(sim, "create", APPLY, base)
    bench.row("create (setup)", "apply: 1 task", elapsed, reads, writes, 1)

    results = {}
    for scenario, doc, nchanged in (("no-op", base, (0, 0)), ("change 10% users+servers", changed, (50, 20))):
        want = floor(doc, *nchanged)
        elapsed, reads, writes, run = bench.run(sim, scenario, APPLY, doc)
        assert run.task("apply")["summary"]["change"] == sum(nchanged), run.task("apply")["summary"]
        bench.row(scenario, "apply: 1 task", elapsed, reads, writes, 1, want)
        results[scenario] = {"apply": (elapsed, reads, writes, bench.cpu_seconds), "floor": want}
        bench.row(scenario, "floor", None, want[0], want[1], 0)

    if os.environ.get("BENCH_LOOP", "1") != "0":
        # the panel now holds the changed state: the loop's no-op declares it, its change run reverts 10%
        for scenario, doc in (("no-op", changed), ("change 10% users+servers", base)):
            elapsed, reads, writes, _run = bench.run(sim, scenario, LOOP, doc)
            bench.row(scenario, "loop: %d single-object tasks" % tasks, elapsed, reads, writes, tasks)
            results[scenario]["loop"] = (elapsed, reads, writes, bench.cpu_seconds)
    return results


def scaling(bench):
    print()
    print("apply's cost with the number of users (users seeded directly; apply lists and compares them all, and "
          "changes 10%). CPU: ansible-playbook and its modules; panel: the simulator answering")
    header = ("users", "wall s", "CPU s", "panel s", "reads", "wall s", "CPU s", "panel s", "reads", "writes")
    print("%8s | %-30s | %-38s" % ("", "no-op", "change 10%"))
    print("%8s | %7s %7s %7s %6s | %7s %7s %7s %6s %7s" % header)
    points = []
    for count in (100, 1000, 10000):
        sim = PterodactylSimulator()
        for user in users(count):
            sim.state.add_user(user["username"], email=user["email"], first_name=user["first_name"],
                               last_name=user["last_name"])
        sim.start()
        try:
            # the fastest of a few runs: Ansible's start-up varies by a second on a busy machine
            noop, noop_panel, noop_cpu = fastest(bench, sim, [{"users": users(count)}] * 3)
            # each run changes 10% of the users: renames them, then names them back
            change, change_panel, change_cpu = fastest(bench, sim, [{"users": users(count, count // 10)},
                                                                    {"users": users(count)}])
        finally:
            sim.stop()
        points.append((count, noop_cpu, change_cpu))
        row = (count, noop[0], noop_cpu, noop_panel, noop[1], change[0], change_cpu, change_panel, change[1], change[2])
        print("%8d | %7.2f %7.2f %7.2f %6d | %7.2f %7.2f %7.2f %6d %7d" % row, flush=True)
    # the collection's marginal CPU per user between sizes (Ansible's fixed start-up cancels out)
    (n1, a1, c1), (n2, a2, c2), (n3, a3, c3) = points
    return [("no-op", (a2 - a1) / (n2 - n1), (a3 - a2) / (n3 - n2)),
            ("change 10%", (c2 - c1) / (n2 - n1), (c3 - c2) / (n3 - n2))]


def main():
    bench = Bench()
    sim = roomy_simulator()
    try:
        results = compare(bench, sim)
    finally:
        sim.stop()
    marginal = scaling(bench)
    print()
    for scenario, measured in results.items():
        apply_ = measured["apply"]
        line = "%s: apply sent %d requests, the floor is %d (%s)" % (
            scenario, apply_[1] + apply_[2], sum(measured["floor"]),
            "target met" if apply_[1:3] == measured["floor"] else "ABOVE THE FLOOR")
        if "loop" in measured:
            speedup = measured["loop"][0] / apply_[0]
            line += "; the loop took %.0fx as long, %.0fx the CPU (%s)" % (
                speedup, measured["loop"][3] / measured["apply"][3], "target met" if speedup >= 20 else "BELOW 20x")
        print(line)
    for label, low, high in marginal:
        print("%s: the collection's CPU grows by %.2f ms per user from 100 to 1,000 users and by %.2f ms per user "
              "from 1,000 to 10,000 (%s)" % (label, 1000 * low, 1000 * high,
                                             "linear" if high <= 2 * max(low, 0.0001) else "FASTER THAN LINEAR"))


if __name__ == "__main__":
    main()
