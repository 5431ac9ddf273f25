# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The converge of bench_cost.py's Pterodactyl document as a plain ``requests`` script (no Ansible, no collection).

    GAMEOPS_PANEL_URL=... GAMEOPS_API_KEY=... GAMEOPS_CLIENT_API_KEY=... python plain_converge.py document.json

What someone would write by hand for that document: list the users, the servers (with their owner, nest and
egg) and the nests with their eggs, and each scheduled server's schedules, one request per page; compare
the fields the document sets; write what differs: a user's PATCH, a server's details, build or startup
PATCH. It handles what the benchmark changes (existing users and servers); a difference it has no write for
(a missing object, a schedule) is an error, so a run that ends well did the same converge as apply. Prints
``{"reads": n, "writes": n}``. The yardstick for the collection's own cost; not part of it.
"""

from __future__ import annotations

import json
import os
import sys

import requests

PAGE = 10000


class Panel:
    def __init__(self, url, app_key, client_key):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
        self.app = {"Authorization": "Bearer %s" % app_key}
        self.client = {"Authorization": "Bearer %s" % client_key}
        self.reads = self.writes = 0

    def call(self, method, path, headers, body=None, params=None):
        response = self.session.request(method, self.url + path, headers=headers, json=body, params=params, timeout=30)
        response.raise_for_status()
        if method == "GET":
            self.reads += 1
        else:
            self.writes += 1
        return response.json() if response.content else None

    def list(self, path, headers, **params):
        out, page = [], 1
        while True:
            answer = self.call("GET", path, headers, params=dict(params, per_page=PAGE, page=page))
            out.extend(item["attributes"] for item in answer["data"])
            pagination = answer.get("meta", {}).get("pagination")  # the client API's schedules come in one
            if not pagination or pagination["current_page"] >= pagination["total_pages"]:
                return out
            page += 1


def differs(want, have):
    if isinstance(want, dict):
        return not isinstance(have, dict) or any(differs(v, have.get(k)) for k, v in want.items())
    if isinstance(want, list):
        return not isinstance(have, list) or len(want) != len(have) or any(differs(w, h) for w, h in zip(want, have))
    return want != have


def converge_users(panel, declared):
    users = dict((u["username"].lower(), u) for u in panel.list("/api/application/users", panel.app))
    for user in declared:
        have = users.get(user["username"].lower())
        if have is None:
            raise SystemExit("user %s is missing: this script only updates" % user["username"])
        if differs(user, have):
            body = dict((k, have[k]) for k in ("username", "email", "first_name", "last_name"))
            body.update(user)
            panel.call("PATCH", "/api/application/users/%d" % have["id"], panel.app, body)
    return users


def converge_servers(panel, declared, users):
    listed = panel.list("/api/application/servers", panel.app, include="user,nest,egg,node,allocations")
    servers = dict((s["external_id"], s) for s in listed)
    nests = panel.list("/api/application/nests", panel.app, include="eggs.variables")
    eggs = dict(((nest["name"], egg["attributes"]["name"]), egg["attributes"]) for nest in nests
                for egg in nest["relationships"]["eggs"]["data"])
    for server in declared:
        have = servers.get(server["external_id"])
        if have is None:
            raise SystemExit("server %s is missing: this script only updates" % server["external_id"])
        owner = users[server["owner"].lower()]
        egg = eggs[(server["nest"], server["egg"])]
        if server["name"] != have["name"] or owner["id"] != have["user"]:
            panel.call("PATCH", "/api/application/servers/%d/details" % have["id"], panel.app,
                       {"name": server["name"], "user": owner["id"], "external_id": server["external_id"],
                        "description": have["description"]})
        if differs(server["limits"], have["limits"]) or differs(server.get("feature_limits", {}), have["feature_limits"]):
            limits = dict(have["limits"], **server["limits"])
            panel.call("PATCH", "/api/application/servers/%d/build" % have["id"], panel.app, {
                "allocation": have["allocation"], "limits": limits, "oom_disabled": limits.pop("oom_disabled"),
                "feature_limits": dict(have["feature_limits"], **server.get("feature_limits", {}))})
        if egg["id"] != have["egg"] or differs(server["environment"], have["container"]["environment"]):
            panel.call("PATCH", "/api/application/servers/%d/startup" % have["id"], panel.app, {
                "startup": have["container"]["startup_command"], "egg": egg["id"], "image": have["container"]["image"],
                "environment": dict(have["container"]["environment"], **server["environment"]), "skip_scripts": False})
        if server.get("schedules"):
            listed = panel.list("/api/client/servers/%s/schedules" % have["identifier"], panel.client)
            schedules = dict((s["name"], s) for s in listed)
            for schedule in server["schedules"]:
                found = schedules.get(schedule["name"])
                minute, hour, day, month, weekday = schedule["cron"].split()
                cron = {"minute": minute, "hour": hour, "day_of_month": day, "month": month, "day_of_week": weekday}
                tasks = [t["attributes"] for t in (found or {}).get("relationships", {}).get("tasks", {}).get("data", [])]
                wanted = [{"action": t["action"], "payload": t.get("payload", ""), "time_offset": t.get("time_offset", 0)}
                          for t in schedule["tasks"]]
                if found is None or differs(cron, found["cron"]) or differs(wanted, sorted(tasks, key=lambda t: t["sequence_id"])):
                    raise SystemExit("schedule %s of %s differs: this script does not write schedules"
                                     % (schedule["name"], server["external_id"]))


def main(path):
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    panel = Panel(os.environ["GAMEOPS_PANEL_URL"], os.environ["GAMEOPS_API_KEY"], os.environ["GAMEOPS_CLIENT_API_KEY"])
    users = converge_users(panel, document.get("users", []))
    converge_servers(panel, document.get("servers", []), users)
    print(json.dumps({"reads": panel.reads, "writes": panel.writes}))


if __name__ == "__main__":
    main(sys.argv[1])
