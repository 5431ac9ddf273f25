# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the collection costs on top of Ansible and on top of the panel, measured side by side (``make bench``).

    python tests/benchmarks/bench_cost.py            (the full run: about 15 minutes on 2 cores)
    python tests/benchmarks/bench_cost.py --smoke    (tiny sizes, one run each: that every part still runs)

1. On one Pterodactyl simulator process holding the reference state (tests/benchmarks/reference.py: 500 users, 200 servers
   with limits and environment, 20 of them with 2 schedules of 3 tasks): an empty playbook (one ``debug``
   task), ``apply`` no-op and 10% change, a plain ``requests`` script doing the same converge
   (plain_converge.py, no Ansible) and the collection's engine called directly (engine_converge.py, no
   Ansible), each with CPU and wall seconds (medians) and its requests. CPU is that of the processes each run
   starts (ansible-playbook and its modules, or the script); the simulator is a thread of this process and is
   not counted.
2. Per-task overhead: 100 tasks each of ``debug``, ``ping`` and ``user_info``; the collection's own cost per
   task is ``user_info`` minus ``ping``.
3. apply's requests against the floor for each panel type, on a reference document for that panel: a no-op
   run (its requests by route), and the run that creates the document (does it read anything twice?).
4. apply and the engine at 100, 1,000 and 10,000 users (no-op and 10% change), and the CPU each further object
   costs between 1,000 and 10,000.

Not a test: it prints what it measured, the machine's load, and each target of issue 20 met or missed.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO / "build" / "collections"), str(REPO), str(HERE)]

# pylint: disable=wrong-import-position
import bench_crafty  # noqa: E402
import reference  # noqa: E402
from tests.integration.harness import READS, panel_env, run_playbook  # noqa: E402
from tests.simulators.pterodactyl import PterodactylSimulator  # noqa: E402

APPLY = """
- name: apply
  gameops.panels.apply:
    document: "{{ lookup('ansible.builtin.file', 'document.json') | from_json }}"
"""
# the same document as the file's text: Ansible templates one string instead of every value of the document
APPLY_TEXT = APPLY.replace(" | from_json", "")
EMPTY = "- name: nothing\n  ansible.builtin.debug:\n    msg: hello\n"
TASKS = {
    "debug": "- name: t%d\n  ansible.builtin.debug:\n    msg: hello\n",
    "ping": "- name: t%d\n  ansible.builtin.ping:\n",
    "user_info": "- name: t%d\n  gameops.panels.user_info:\n    username: player-00001\n",
}

# what the targets of issue 20 ask (checked on the output, never in a test)
TARGET_ABOVE_EMPTY = 1.3  # apply's CPU above an empty playbook, as a multiple of the plain script's CPU
TARGET_PER_TASK = 0.15  # CPU seconds of the collection's own per task (user_info minus ping)
TARGET_PER_OBJECT = 1.5  # apply's CPU per further object at 10,000 users, as a multiple of the engine's

FULL = {"users": 500, "servers": 200, "scheduled": 20, "runs": 9, "tasks": 100, "crafty": 20, "amp": 6,
        "scale": (100, 1000, 10000), "scale_runs": 2}
SMOKE = {"users": 20, "servers": 10, "scheduled": 2, "runs": 1, "tasks": 2, "crafty": 2, "amp": 2,
         "scale": (10, 30), "scale_runs": 1}


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Measured:
    """CPU and wall seconds of runs of one method (medians printed), and the requests of its last run."""

    def __init__(self):
        self.cpu, self.wall = [], []
        self.reads = self.writes = 0
        self.size = None

    def add(self, cpu, wall, reads, writes):
        self.cpu.append(cpu)
        self.wall.append(wall)
        self.reads, self.writes = reads, writes

    @property
    def median_cpu(self):
        return statistics.median(self.cpu)

    @property
    def median_wall(self):
        return statistics.median(self.wall)


class Bench:
    def __init__(self, sizes):
        self.sizes = sizes
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-cost-"))
        self.targets = []
        # as on a usual machine, Python keeps the bytecode it compiles (here in a directory of the bench's own, not
        # in the tree), and so do the modules (compiled.py; PYTHONDONTWRITEBYTECODE turns both off)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(self.tmp / "pycache")
        os.environ["XDG_CACHE_HOME"] = str(self.tmp / "cache")

    # -- one run of each method ---------------------------------------------------------------------

    def timed(self, sim, work):
        """``work()`` with the simulator's log cleared: (result, CPU of the processes it started, wall, reads, writes)."""
        sim.clear_log()
        cpu, started = children_cpu(), time.monotonic()
        result = work()
        wall, cpu = time.monotonic() - started, children_cpu() - cpu
        reads = sum(1 for r in sim.requests if r.method in READS)
        return result, cpu, wall, reads, len(sim.requests) - reads

    def playbook(self, sim, tasks, measured=None, document=None, task="apply", env=None):
        if document is not None:
            (self.tmp / "document.json").write_text(json.dumps(document))
        run, cpu, wall, reads, writes = self.timed(sim, lambda: run_playbook(sim, self.tmp, tasks, timeout=7200,
                                                                             extra_env=env))
        if run.rc != 0:
            raise SystemExit("ansible-playbook failed:\n%s" % run.output[-3000:])
        if measured is not None:
            measured.add(cpu, wall, reads, writes)
            if document is not None:
                measured.size = len(json.dumps(run.task(task)))
        return run

    def script(self, sim, name, document, measured, panel_type=None):
        path = self.tmp / "document.json"
        path.write_text(json.dumps(document))
        env = dict(os.environ, **panel_env(sim))
        if panel_type:
            env["GAMEOPS_PANEL_TYPE"] = panel_type

        def work():
            return subprocess.run([sys.executable, str(HERE / name), str(path)], env=env, capture_output=True,
                                  text=True, check=False, timeout=7200)
        done, cpu, wall, reads, writes = self.timed(sim, work)
        if done.returncode != 0:
            raise SystemExit("%s failed:\n%s" % (name, (done.stdout + done.stderr)[-3000:]))
        measured.add(cpu, wall, reads, writes)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def target(self, met, text):
        self.targets.append("%s: %s" % ("met" if met else "MISSED", text))

    # -- 1. the same converge four ways -------------------------------------------------------------

    def compare(self):
        sizes = self.sizes
        users, servers = sizes["users"], sizes["servers"]
        changed = (users // 10, servers // 10)
        shape = dict(user_count=users, server_count=servers, scheduled=sizes["scheduled"])
        base, other = reference.document(**shape), reference.document(*changed, **shape)
        sim = reference.roomy_simulator(servers)
        print("1. One Pterodactyl simulator: %d users, %d servers with limits and environment, %d of them with 2 "
              "schedules of 3 tasks; 10%% change: %d users renamed, %d servers' memory" % (
                  users, servers, sizes["scheduled"], changed[0], changed[1]))
        try:
            created = Measured()
            run = self.playbook(sim, APPLY, created, base)
            self.created_reads = repeated_reads("pterodactyl", sim.requests, pterodactyl_read)
            assert run.task("apply")["summary"]["add"] == users + servers + 2 * sizes["scheduled"], run.task("apply")
            rows = collections.OrderedDict()
            rows["empty playbook (1 debug task)"] = empty = Measured()
            noop = dict((name, Measured()) for name in ("apply", "plain", "engine"))
            change = dict((name, Measured()) for name in ("apply", "plain", "engine"))
            uncached, text = Measured(), Measured()
            # every row is measured once per round, in turns, so that a change of the machine's load during the
            # benchmark weighs on all of them alike (the targets are ratios of rows)
            state = base
            for _run in range(sizes["runs"]):
                self.playbook(sim, EMPTY, empty)
                self.playbook(sim, APPLY, noop["apply"], state)
                self.playbook(sim, APPLY, uncached, state, env={"GAMEOPS_BYTECODE_CACHE": "off"})
                self.playbook(sim, APPLY_TEXT, text, state)
                self.script(sim, "plain_converge.py", state, noop["plain"])
                self.script(sim, "engine_converge.py", state, noop["engine"])
                # each change run changes 10%: the documents alternate, each method starting where the last left off
                for method in ("apply", "plain", "engine"):
                    state = other if state is base else base
                    if method == "apply":
                        self.playbook(sim, APPLY, change["apply"], state)
                    else:
                        self.script(sim, "%s_converge.py" % method, state, change[method])
            names = {"apply": "apply: 1 task", "plain": "plain requests script", "engine": "engine directly"}
            for scenario, group in (("no-op", noop), ("change 10%", change)):
                for method, measured in group.items():
                    rows["%s, %s" % (scenario, names[method])] = measured
                    if scenario == "no-op" and method == "apply":
                        rows["no-op, apply, GAMEOPS_BYTECODE_CACHE=off"] = uncached
                        rows["no-op, apply, the document as JSON text"] = text
            floor = reference.floor(base)
            print("%-44s %8s %8s %7s %7s %9s" % ("run", "CPU s", "wall s", "reads", "writes", "result KB"))
            for label, measured in rows.items():
                size = "%.1f" % (measured.size / 1024.0) if measured.size is not None else "-"
                print("%-44s %8.2f %8.2f %7d %7d %9s"
                      % (label, measured.median_cpu, measured.median_wall, measured.reads, measured.writes, size))
            print("request floor: %d reads (one per list page: users, servers, nests with their eggs, each scheduled "
                  "server's schedules) + one write per changed object (%d for the change)" % (floor[0], sum(changed)))
            print()
            for scenario, group in (("no-op", noop), ("10% change", change)):
                above = group["apply"].median_cpu - empty.median_cpu
                ratio = above / group["plain"].median_cpu
                self.target(ratio <= TARGET_ABOVE_EMPTY, "apply %s: %.2f CPU s above the empty playbook = %.2fx the plain "
                            "script's %.2f s (target: at most %.1fx); the engine directly: %.2f s" % (
                                scenario, above, ratio, group["plain"].median_cpu, TARGET_ABOVE_EMPTY,
                                group["engine"].median_cpu))
            above = text.median_cpu - empty.median_cpu
            ratio = above / noop["plain"].median_cpu
            self.target(ratio <= TARGET_ABOVE_EMPTY, "apply no-op, the document as JSON text: %.2f CPU s above the "
                        "empty playbook = %.2fx the plain script's (target: at most %.1fx)" % (
                            above, ratio, TARGET_ABOVE_EMPTY))
            self.target(noop["apply"].size <= 10 * 1024, "apply's no-op result: %.1f KB (target: at most 10 KB)"
                        % (noop["apply"].size / 1024.0))
            self.floors = [("pterodactyl", noop["apply"].reads + noop["apply"].writes, sum(floor), self.created_reads)]
            for scenario, group, writes in (("no-op", noop, 0), ("10% change", change, sum(changed))):
                for method in ("apply", "plain", "engine"):
                    got = (group[method].reads, group[method].writes)
                    if got != (floor[0], writes):
                        print("NOTE: %s %s sent %d reads + %d writes, the floor is %d + %d" % (
                            scenario, method, got[0], got[1], floor[0], writes))
            self.empty = empty
            return sim
        except BaseException:
            sim.stop()
            raise

    # -- 2. per task ----------------------------------------------------------------------------------

    def per_task(self, sim):
        count = self.sizes["tasks"]
        print()
        print("2. Per task: %d tasks of each in one playbook (the same simulator)" % count)
        print("%-12s %8s %8s %12s" % ("task", "CPU s", "wall s", "CPU s/task"))
        per = {}
        for name, body in TASKS.items():
            measured = Measured()
            self.playbook(sim, "".join(body % n for n in range(count)), measured)
            per[name] = measured.median_cpu / count
            print("%-12s %8.2f %8.2f %12.3f" % (name, measured.median_cpu, measured.median_wall, per[name]))
        own = per["user_info"] - per["ping"]
        self.target(own <= TARGET_PER_TASK, "the collection's own cost per task (user_info minus ping): %.3f CPU s "
                    "(target: at most %.2f)" % (own, TARGET_PER_TASK))

    # -- 3. requests against the floor, per panel type ------------------------------------------------

    def floors_per_panel(self):
        print()
        print("3. apply's requests against the floor, per panel type (no-op run; the create run's repeated reads)")
        self.crafty_floor(self.sizes["crafty"])
        self.amp_floor(self.sizes["amp"])
        print("%-12s %10s %8s   %s" % ("panel", "requests", "floor", "create run: list reads repeated, other reads repeated"))
        for panel, got, least, (lists, others) in self.floors:
            print("%-12s %10d %8d   %d, %d" % (panel, got, least, lists, others))
            self.target(got <= least, "%s no-op apply: %d requests, the floor is %d" % (panel, got, least))
            self.target(lists == 0, "%s: the run that creates the document reads no list (users, roles, servers) twice "
                        "(%d repeated; %d other reads repeated: polls and read-backs)" % (panel, lists, others))

    def crafty_floor(self, count):
        from tests.simulators.crafty import CraftySimulator

        document = bench_crafty.document(count)
        sim = CraftySimulator(version="4.10.7")
        sim.start()
        try:
            sim.state.users[1]["max_ram_gb"] = 1000.0
            self.playbook(sim, APPLY, None, document)
            repeated = repeated_reads("crafty", sim.requests, crafty_read)
            measured = Measured()
            self.playbook(sim, APPLY, measured, document)
            by_route = collections.Counter("%s %s" % (r.method, bench_crafty.route(r.path)) for r in sim.requests)
        finally:
            sim.stop()
        floor = bench_crafty.floor(document)
        print("Crafty 4.10.7, %d servers (schedule, webhook, backup configuration each), %d roles, %d users: no-op by "
              "route: %s" % (count, len(document["roles"]), len(document["users"]), ", ".join(
                  "%s %d" % item for item in sorted(by_route.items(), key=lambda item: -item[1]))))
        listed = sum(bench_crafty.reads_if_listed(document).values())
        print("  floor: %s (Crafty has no schedule list: a row is read by its id, and only ids past the highest tell "
              "where they end; %d with a list route)" % (", ".join("%s %d" % item for item in floor.items()), listed))
        self.floors.append(("crafty", measured.reads + measured.writes, sum(floor.values()), repeated))

    def amp_floor(self, count):
        from tests.simulators.amp import AMPSimulator

        document = amp_document(count)
        sim = AMPSimulator()
        sim.start()
        try:
            self.playbook(sim, APPLY, None, document)
            repeated = repeated_reads("amp", sim.requests, amp_read)
            sim.clear_log()
            run = run_playbook(sim, self.tmp, APPLY, timeout=7200)
            assert run.rc == 0 and run.changed == 0, run
            calls = collections.Counter(r.call for r in sim.requests)
            writes = [r.call for r in sim.requests if r.is_write]
            assert not writes, writes
        finally:
            sim.stop()
        floor = amp_floor(document)
        print("AMP, %d instances (settings, a schedule, a webhook, a backup each), %d roles granting 2 instances each, "
              "%d users: no-op by call: %s" % (count, len(document["roles"]), len(document["users"]), ", ".join(
                  "%s %d" % item for item in sorted(calls.items(), key=lambda item: -item[1]))))
        print("  floor: %s" % ", ".join("%s %d" % item for item in floor.items()))
        self.floors.append(("amp", sum(calls.values()), sum(floor.values()), repeated))

    # -- 4. scale ---------------------------------------------------------------------------------------

    def scale(self):
        print()
        print("4. apply and the engine as the users grow (users seeded directly; each change run renames 10%)")
        methods = (("apply", "apply"), ("text", "apply, text"), ("engine", "engine"))
        heads = [""] + ["%s %s" % (label, scenario) for scenario in ("no-op", "change") for _method, label in methods]
        print(("%8s" + " | %-23s" * 6) % tuple(heads))
        print("%8s | %s" % ("users", " | ".join(["%7s %7s %7s" % ("CPU s", "wall s", "reqs")] * 6)))
        points = []
        for count in self.sizes["scale"]:
            sim = PterodactylSimulator()
            for user in reference.users(count):
                sim.state.add_user(user["username"], email=user["email"], first_name=user["first_name"],
                                   last_name=user["last_name"])
            sim.start()
            try:
                base, other = {"users": reference.users(count)}, {"users": reference.users(count, count // 10)}
                cells, row, state = [], {}, base
                for scenario in ("no-op", "change"):
                    for method, _label in methods:
                        measured = Measured()
                        for _run in range(self.sizes["scale_runs"]):
                            if scenario == "change":  # the documents alternate: each run renames 10%
                                state = other if state is base else base
                            if method == "engine":
                                self.script(sim, "engine_converge.py", state, measured)
                            else:
                                self.playbook(sim, APPLY if method == "apply" else APPLY_TEXT, measured, state)
                        cpu = min(measured.cpu)
                        row[(scenario, method)] = cpu
                        cells.append("%7.2f %7.2f %7d" % (cpu, min(measured.wall), measured.reads + measured.writes))
                print("%8d | %s" % (count, " | ".join(cells)), flush=True)
                points.append((count, row))
            finally:
                sim.stop()
        (low, first), (high, last) = points[-2], points[-1]
        for scenario in ("no-op", "change"):
            engine = (last[(scenario, "engine")] - first[(scenario, "engine")]) / (high - low)
            for method, label in methods[:2]:
                per = (last[(scenario, method)] - first[(scenario, method)]) / (high - low)
                ratio = per / engine if engine > 0 else float("inf")
                self.target(ratio <= TARGET_PER_OBJECT, "%s at %d users: %s %.3f ms CPU per further user, the engine "
                            "%.3f ms: %.2fx (target: at most %.1fx)"
                            % (scenario, high, label, 1000 * per, 1000 * engine, ratio, TARGET_PER_OBJECT))


# -- reads that repeat, per panel ------------------------------------------------------------------------

#: the panel-wide lists (users, roles, servers) a create run must read once: a repeat is the list read again after a
#: write. Other reads may repeat: polls of an asynchronous create (an AMP instance, a Crafty server being made) and
#: AMP's schedule data after a trigger is added (AMP does not return the new trigger's id); they are counted apart.
LISTS = {
    "pterodactyl": re.compile(r"^GET /api/application/(users|servers|nests)\?"),
    "crafty": re.compile(r"^GET /api/v2/(users|roles|servers)\?"),
    "amp": re.compile(r"^None Core/(GetAllAMPUserInfo|GetRoleData|GetRoleIds) "),
}


def pterodactyl_read(request):
    return request.method in READS and ("GET %s?%s" % (request.path, sorted((request.query or {}).items())))


crafty_read = pterodactyl_read


def amp_read(request):
    if request.is_write or request.call == "Core/Login":
        return None
    body = dict((k, v) for k, v in (request.body or {}).items() if k != "SESSIONID") if isinstance(request.body, dict) else None
    return "%s %s %s" % (request.instance, request.call, json.dumps(body, sort_keys=True))


def repeated_reads(panel, requests, identity):
    """``(lists, others)``: how many reads of a panel-wide list, and of anything else, asked for what an earlier read
    of the run already got (the same path and query, the same call and parameters)."""
    counted = collections.Counter(key for key in (identity(r) for r in requests) if key)
    lists = sum(n - 1 for key, n in counted.items() if LISTS[panel].match(key))
    return lists, sum(n - 1 for n in counted.values()) - lists


# -- AMP's reference document --------------------------------------------------------------------------

def amp_document(count):
    servers, roles, users = [], [], []
    for n in range(count):
        servers.append({
            "name": "World%02d" % n, "module": "Minecraft", "friendly_name": "World %d" % n,
            "settings": {"MinecraftModule.Game.MOTD": "Welcome to world %d" % n},
            "schedules": [{"name": "Nightly restart", "timing": {"hours": [4], "minutes": [0]}, "tasks": [
                {"method": "Event.CommonCorePlugin.Wait", "parameters": {"Seconds": 60}},
                {"method": "Event.MinecraftModule.Restart"}]}],
            "webhooks": [{"triggers": ["A player joins the server"], "type": "Discord",
                          "url": "https://discord.example.com/api/webhooks/%d/abc" % n, "body": "{@User} joined"}],
            "backups": [{"name": "first", "state": "locked"}],
        })
    for r in range(max(1, count // 2)):
        roles.append({"name": "Staff %02d" % r, "permissions": {"Core.UserManagement.ViewUserInfo": "allow"},
                      "instance_permissions": dict(("World%02d" % n, {"Core.AppManagement.StartApplication": "allow"})
                                                   for n in (2 * r, 2 * r + 1) if n < count)})
    for n in range(5 * count):
        users.append({"username": "player%03d" % n, "password": "Player-Passw0rd-%03d" % n,
                      "email": "player%03d@example.test" % n, "roles": ["Staff %02d" % (n % len(roles))]})
    return {"servers": servers, "roles": roles, "users": users}


def amp_floor(document):
    """What a no-op must read on AMP: the ADS's lists, and in each instance what AMP has no list for.

    A document's role is complete (issue 18): a grant it does not declare, in an instance it does not name, is
    drift. So each role's permissions are read in every running instance (every instance of this document runs),
    one ``GetAMPRolePermissions`` each: AMP's API reads one role's nodes in one process at a time.
    """
    floor = collections.OrderedDict()
    floor["ADS login, instances, roles, users"] = 4
    roles = document["roles"]
    inside = [s for s in document["servers"] if roles or any(
        s.get(k) for k in ("schedules", "webhooks", "settings", "backups"))]
    floor["a login per instance read"] = len(inside)
    floor["each instance's schedule data"] = sum(1 for s in inside if s.get("schedules") or s.get("webhooks"))
    floor["each schedule's timing"] = sum(len(s.get("schedules") or ()) for s in inside)
    floor["each instance's settings"] = sum(1 for s in inside if s.get("settings"))
    floor["each instance's backups"] = sum(1 for s in inside if s.get("backups"))
    floor["each role's permissions in each running instance"] = len(roles) * len(document["servers"])
    return floor


def load():
    return "load average %s on %d CPUs" % (" ".join("%.2f" % x for x in os.getloadavg()), os.cpu_count() or 0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each")
    parser.add_argument("--skip", action="append", default=[], choices=["compare", "tasks", "floors", "scale"],
                        help="leave a part out (repeatable); per-task and floors need compare's simulator")
    args = parser.parse_args(argv)
    bench = Bench(SMOKE if args.smoke else FULL)
    print("bench_cost%s: %s, Python %s" % (" (smoke)" if args.smoke else "", load(), sys.version.split()[0]))
    started = time.monotonic()
    bench.floors = []
    sim = None
    if "compare" not in args.skip:
        sim = bench.compare()
    try:
        if sim is not None and "tasks" not in args.skip:
            bench.per_task(sim)
    finally:
        if sim is not None:
            sim.stop()
    if "floors" not in args.skip and "compare" not in args.skip:
        bench.floors_per_panel()
    if "scale" not in args.skip:
        bench.scale()
    print()
    print("Targets (issue 20), %s, %.0f s in all:" % (load(), time.monotonic() - started))
    for line in bench.targets:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
