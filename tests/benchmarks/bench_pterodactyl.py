# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Requests and wall time of converging users and servers against the simulator.

Run with ``make bench`` (or ``python tests/benchmarks/bench_pterodactyl.py [N]``).
It drives the engine and the adapters directly, so it measures the
collection's own cost without Ansible's per-task overhead. Not a test: it
prints numbers and asserts nothing about time.
"""

from __future__ import annotations

import http.client
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "build" / "collections"), str(REPO)]

# pylint: disable=wrong-import-position
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import References  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.servers import ServerAdapter  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.users import UserAdapter  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.schedules import ScheduleAdapter  # noqa: E402
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY, PterodactylSimulator  # noqa: E402


def users(count, suffix=""):
    return [{"username": "player-%05d" % i, "email": "player-%05d@example.test" % i,
             "first_name": "Player", "last_name": "%d%s" % (i, suffix)} for i in range(count)]


def measure(label, sim, work):
    sim.clear_log()
    started = time.monotonic()
    plan = work()
    elapsed = time.monotonic() - started
    reads = sum(1 for r in sim.requests if r.method == "GET")
    writes = len(sim.requests) - reads
    print("%-46s %6d reads %6d writes %8.2f s   %s" % (label, reads, writes, elapsed, plan.summary()))


def simulator_latency(sim, samples=100, path="/api/application/locations"):
    """Median ms of one request on a kept-alive connection and on a fresh connection each."""
    host = sim.url.split("://", 1)[1]
    headers = {"Authorization": "Bearer %s" % DEFAULT_APP_KEY, "Accept": "application/json"}

    def timed(connection):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        return (time.perf_counter() - started) * 1000

    kept = http.client.HTTPConnection(host)
    timed(kept)  # open the connection outside the sample
    kept_alive = [timed(kept) for sample in range(samples)]
    kept.close()
    fresh = []
    for sample in range(samples):
        connection = http.client.HTTPConnection(host)
        fresh.append(timed(connection))
        connection.close()
    sim.clear_log()
    return statistics.median(kept_alive), statistics.median(fresh)


def main(count):
    sim = PterodactylSimulator()
    sim.start()
    try:
        client = PterodactylClient(sim.url, DEFAULT_APP_KEY)
        kept_alive, fresh = simulator_latency(sim)
        print("Simulator latency, median of 100 GETs: %.2f ms on one kept-alive connection, %.2f ms on fresh "
              "connections" % (kept_alive, fresh))

        def converge(objects, adapter_factory):
            def work():
                engine = Reconciler(adapter_factory())
                return engine.apply(engine.plan(desired=objects))
            return work

        print("Pterodactyl simulator, %d users" % count)
        measure("create %d users" % count, sim, converge(users(count), lambda: UserAdapter(client)))
        measure("converge %d users again (no-op)" % count, sim, converge(users(count), lambda: UserAdapter(client)))
        measure("change 10%% of %d users" % count, sim,
                converge(users(count // 10, "-renamed") + users(count)[count // 10:], lambda: UserAdapter(client)))
        measure("one user among %d (single lookup)" % count, sim, converge(users(1), lambda: UserAdapter(client)))

        servers = [{"name": "srv-%03d" % i, "owner": "player-%05d" % i, "egg": "Paper",
                    "limits": {"memory": 512, "disk": 1024}, "deployment": {"locations": ["eu-west"]}}
                   for i in range(15)]

        def servers_adapter():
            return ServerAdapter(client, References(client))
        measure("create 15 servers", sim, converge([dict(s) for s in servers], servers_adapter))
        measure("converge 15 servers again (no-op)", sim, converge([dict(s) for s in servers], servers_adapter))

        # schedules of one server, through the client API
        both = PterodactylClient(sim.url, DEFAULT_APP_KEY, client_api_key=DEFAULT_CLIENT_KEY)
        server = both.find_servers(name="srv-000")[0]

        def schedules(order=1):
            tasks = [{"action": "command", "payload": "say %d" % i, "time_offset": 5} for i in range(5)][::order]
            return [{"name": "job-%02d" % i, "cron": "%d 4 * * *" % i, "enabled": True, "tasks": [dict(t) for t in tasks]}
                    for i in range(20)]

        def schedule_adapter():
            return ScheduleAdapter(both, server)
        measure("create 20 schedules x 5 tasks", sim, converge(schedules(), schedule_adapter))
        measure("converge 20 schedules again (no-op)", sim, converge(schedules(), schedule_adapter))
        measure("reverse the tasks of 20 schedules", sim, converge(schedules(-1), schedule_adapter))
    finally:
        sim.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
