# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reference Pterodactyl panel of the benchmarks (and of the test that holds apply's no-op result to 10 KB).

500 users, 200 servers with limits and environment, 20 of them with 2 schedules of 3 tasks: the state
``make bench`` measures ``apply`` on, next to a plain script and the engine doing the same converge.
"""

from __future__ import annotations

import math

from tests.simulators.pterodactyl import PterodactylSimulator

USERS, SERVERS, SCHEDULED = 500, 200, 20
# the application API has no per_page cap; the collection asks for this many
APPLICATION_PAGE = 10000


def users(count, changed=0):
    return [{"username": "player-%05d" % i, "email": "player-%05d@example.test" % i, "first_name": "Player",
             "last_name": "%d%s" % (i, "-renamed" if i < changed else "")} for i in range(count)]


def servers(changed=0, count=SERVERS, scheduled=SCHEDULED):
    out = []
    for i in range(count):
        server = {"name": "srv-%03d" % i, "external_id": "bench-%03d" % i, "owner": "player-%05d" % i,
                  "nest": "Minecraft", "egg": "Paper", "environment": {"MINECRAFT_VERSION": "1.21.%d" % (i % 4)},
                  "limits": {"memory": 64 + (8 if i < changed else 0), "disk": 512, "cpu": 50},
                  "deployment": {"locations": ["eu-west"]}}
        if i < scheduled:
            server["feature_limits"] = {"backups": 1}
            server["schedules"] = [
                {"name": "nightly", "cron": "0 4 * * *", "tasks": [
                    {"action": "command", "payload": "say backup"}, {"action": "backup", "time_offset": 10},
                    {"action": "power", "payload": "restart", "time_offset": 60}]},
                {"name": "hourly", "cron": "0 * * * *", "tasks": [
                    {"action": "command", "payload": "save-all"}, {"action": "command", "payload": "say saved"},
                    {"action": "command", "payload": "list", "time_offset": 5}]}]
        out.append(server)
    return out


def document(changed_users=0, changed_servers=0, user_count=USERS, server_count=SERVERS, scheduled=SCHEDULED):
    return {"users": users(user_count, changed_users), "servers": servers(changed_servers, server_count, scheduled)}


def floor(doc, changed_users=0, changed_servers=0):
    """(reads, writes) of a converge of ``doc``: one read per list page it needs, one write per changed field group."""
    def pages(count):
        return max(1, math.ceil(count / APPLICATION_PAGE))
    reads = pages(len(doc["users"]) + 1)  # the seed admin is listed too
    reads += pages(len(doc["servers"])) + 1  # servers; the nests with their eggs (one request)
    reads += sum(1 for s in doc["servers"] if s.get("schedules"))  # each scheduled server's schedules
    # a changed user is one PATCH; a changed memory limit is one build PATCH
    return reads, changed_users + changed_servers


def roomy_simulator(servers_=SERVERS):
    """A started Pterodactyl simulator with a free allocation for every server of the reference panel."""
    sim = PterodactylSimulator()
    for port in range(30000, 30000 + servers_ + 10):
        sim.state.add_allocation(1, "127.0.0.1", port)
    sim.start()
    return sim
