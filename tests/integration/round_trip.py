# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Panel states for the export round-trip property (test_round_trip.py), and apply/export run in-process.

``generate(panel_type, seed)`` draws a document of every kind the panel's
apply knows, in many shapes (users with and without roles, roles granting
several servers, servers with settings and ports, schedules of chained tasks,
backup configurations, webhooks, subusers); the same seed draws the same
document. The runs call the engine directly (``DocumentRun``,
``export_document``) with the connection a module run would have, so a
round trip costs a few seconds, not a few ansible-playbook runs.
"""

from __future__ import annotations

import copy
import random

from ansible_collections.gameops.panels.plugins.module_utils import document as doc
from ansible_collections.gameops.panels.plugins.module_utils.document_sync import DocumentRun, export_document
from ansible_collections.gameops.panels.plugins.module_utils.driver import Context
from ansible_collections.gameops.panels.plugins.module_utils.module_base import CONNECTION_ARGS
from ansible_collections.gameops.panels.plugins.module_utils.panels import get_driver

from tests.integration.harness import panel_env

#: what every user the round trip applies to an empty panel gets in place of export's placeholder
PASSWORD = "Round-Trip-Passw0rd!"
LOGIN = ("POST", "/api/v2/auth/login")


# -- apply and export without ansible-playbook -----------------------------------------------------

def connection(sim):
    """The module options a task run against ``sim`` would have (its GAMEOPS_* variables, the defaults)."""
    params = dict((name, spec.get("default")) for name, spec in CONNECTION_ARGS.items())
    env = panel_env(sim)
    for name, spec in CONNECTION_ARGS.items():
        value = env.get(spec["fallback"][1][0])
        if value is not None:
            params[name] = value
    params["validate_certs"] = False  # the Crafty simulator's certificate is self-signed
    params["timeout"] = 10
    return params


def context(sim, check_mode=False):
    params = connection(sim)
    secrets = [params[name] for name, spec in CONNECTION_ARGS.items() if spec.get("no_log") and params.get(name)]
    return Context(get_driver(params["panel_type"]), params, check_mode=check_mode, secrets=secrets), params


def apply(sim, document, check_mode=False, purge=()):
    """gameops.panels.apply's result for ``document`` on ``sim`` (DocumentError: the plan's problems)."""
    validated, validator = doc.validate(document)
    ctx, params = context(sim, check_mode)
    run = DocumentRun(ctx, validated, params, purge=purge, placeholders=validator.placeholders)
    run.check()
    return run.run()


def export(sim):
    """gameops.panels.export's ``(document, not_exported)`` of ``sim``."""
    ctx, params = context(sim)
    return export_document(ctx, params, set(s.key for s in doc.SECTIONS))


def writes(sim):
    """What ``sim`` was asked to change since its log was cleared (a Crafty login changes nothing managed)."""
    return [w for w in ((getattr(r, "method", None), getattr(r, "path", None), getattr(r, "call", None))
                        for r in sim.writes()) if w[:2] != LOGIN]


def with_passwords(document):
    """What a user does with an export before applying it to an empty panel: fill in the passwords."""
    out = copy.deepcopy(document)
    for user in out.get("users", []):
        if user.get("password") == doc.SECRET_PLACEHOLDER:
            user["password"] = PASSWORD
    return out


def without(document, fields):
    """``document`` less the fields ``fields`` names per section (``{"servers": {"settings"}}``; ``"*"``: the
    whole section), in every entry and every server's children."""
    out = {}
    for key, entries in document.items():
        drop = fields.get(key, ())
        if "*" in drop:
            continue
        out[key] = []
        for entry in entries:
            kept = dict((k, v) for k, v in entry.items() if k not in drop)
            for child in doc.children(doc.SECTION_BY_KEY[key]):
                if child.key in kept:
                    child_drop = fields.get(child.key, ())
                    if "*" in child_drop:
                        del kept[child.key]
                    else:
                        kept[child.key] = [dict((k, v) for k, v in item.items() if k not in child_drop)
                                           for item in kept[child.key]]
            out[key].append(kept)
    return out


def fields_of(document):
    """``{section: set of fields}`` an export (or a generated document) sets, children summed over servers."""
    found = {}
    for key, entries in document.items():
        nested = set(child.key for child in doc.children(doc.SECTION_BY_KEY[key]))
        for entry in entries:
            found.setdefault(key, set()).update(k for k in entry if k not in nested)
            for child in doc.children(doc.SECTION_BY_KEY[key]):
                for item in entry.get(child.key) or []:
                    found.setdefault(child.key, set()).update(item)
    return found


# -- panel states ---------------------------------------------------------------------------------

def generate(panel_type, seed):
    """A document of every kind ``panel_type``'s apply knows, drawn with ``seed``."""
    rng = random.Random("%s-%d" % (panel_type, seed))
    return GENERATORS[panel_type](rng, seed)


def _name(rng, prefix, used, alphabet="abcdefghijklmnopqrstuvwxyz"):
    while True:
        name = prefix + "".join(rng.choice(alphabet) for _i in range(5))
        if name not in used:
            used.add(name)
            return name


def _some(rng, items, low=0, high=None):
    items = list(items)
    count = rng.randint(low, len(items) if high is None else min(high, len(items)))
    return sorted(rng.sample(items, count))


# Pterodactyl: users, a location and a node with allocations, servers (eggs of two nests, pinned or deployed, on
# the seed's location or the document's, suspended ones holding nothing), their subusers, databases and schedules;
# backups are data, so only retention policies

PTERODACTYL_EGGS = {
    "Paper": ("Minecraft", ["ghcr.io/pterodactyl/yolks:java_21", "ghcr.io/pterodactyl/yolks:java_17"],
              lambda rng: {"MINECRAFT_VERSION": rng.choice(["1.21.1", "1.20.4", "latest"]),
                           "BUILD_NUMBER": rng.choice(["latest", "120", "196"])}),
    "Vanilla Minecraft": ("Minecraft", ["ghcr.io/pterodactyl/yolks:java_21"],
                          lambda rng: {"VANILLA_VERSION": rng.choice(["1.21.1", "1.20.6", "latest"])}),
    "Garrys Mod": ("Source Engine", ["ghcr.io/parkervcp/games:source"],
                   lambda rng: {"SRCDS_MAP": rng.choice(["gm_flatgrass", "gm_construct"]),
                                "MAX_PLAYERS": str(rng.randint(2, 64))}),
}
SUBUSER_KEYS = ["control.console", "control.start", "control.stop", "control.restart", "file.read", "file.update",
                "backup.read", "backup.create", "schedule.read", "user.read"]


def _pterodactyl(rng, seed):
    used = set()
    location, node = _pterodactyl_place(rng, used, seed)
    users = []
    for index in range(rng.randint(2, 4)):
        name = _name(rng, "u%d" % seed, used)
        user = {"username": name, "email": "%s@example.test" % name, "first_name": name.capitalize(),
                "last_name": rng.choice(["Liddell", "Builder", "Danvers", "Scully"]), "password": PASSWORD}
        if rng.random() < 0.4:
            user["admin"] = True
        if rng.random() < 0.5:
            user["external_id"] = "crm-%d-%d" % (seed, index)
        if rng.random() < 0.5:
            user["language"] = "en"
        users.append(user)
    with_external = seed % 2 == 0  # matched on external_id (every server has one), or on name
    ports = list(range(25565, 25585))
    rng.shuffle(ports)
    servers = []
    count = rng.randint(2, 3)
    for index in range(count):
        egg = rng.choice(sorted(PTERODACTYL_EGGS))
        nest, images, environment = PTERODACTYL_EGGS[egg]
        owner = rng.choice(users)
        server = {"name": _name(rng, "srv-", used), "owner": owner["username"], "nest": nest, "egg": egg,
                  "description": rng.choice(["", "the %s world" % egg]),
                  "docker_image": rng.choice(images), "environment": environment(rng),
                  "limits": {"memory": rng.choice([512, 1024, 2048]), "disk": rng.choice([2048, 10240]),
                             "cpu": rng.choice([0, 100, 200]), "swap": rng.choice([0, 256]), "io": rng.choice([500, 800])},
                  "feature_limits": {"backups": rng.randint(0, 3), "databases": rng.randint(0, 2),
                                     "allocations": rng.randint(0, 1)}}
        if with_external:
            server["external_id"] = "ext-%d-%d" % (seed, index)
        if rng.random() < 0.3:
            server["startup"] = "./start.sh --seed %d" % seed
        if index == 0 and seed % 2 == 0:
            # placed on the document's own location, whose node the same run creates
            server["deployment"] = {"locations": [location["short"]]}
        elif rng.random() < 0.5:
            server["allocation"] = {"node": "node-eu-1", "ip": "127.0.0.1", "port": ports.pop()}
        else:
            server["deployment"] = {"locations": ["eu-west"]}
        if index == count - 1 and seed % 4 == 1:
            server["suspended"] = True  # Pterodactyl refuses what such a server holds: it holds nothing
        else:
            others = [u for u in users if u is not owner]
            server["subusers"] = [{"email": u["email"], "permissions": _some(rng, SUBUSER_KEYS, 1, 4)}
                                  for u in _some_objects(rng, others)]
            server["schedules"] = [_pterodactyl_schedule(rng, used, server) for _i in range(rng.randint(0, 2))]
            if rng.random() < 0.3:
                server["backups"] = [{"keep_last": rng.randint(1, 3), "keep_last_match": "nightly-*"}]
            server["databases"] = [_pterodactyl_database(rng, used)
                                   for _i in range(rng.randint(0, server["feature_limits"]["databases"]))]
        servers.append(server)
    if not any(s.get("subusers") for s in servers) or not any(s.get("schedules") for s in servers):
        # every kind in every document: the first unsuspended server gets what the draw left out
        target = next((s for s in servers if not s.get("suspended")), None)
        if target is None:
            target = servers[0]
            target.pop("suspended")
        others = [u for u in users if u["username"] != target["owner"]]
        target.setdefault("subusers", [])
        if not target["subusers"]:
            target["subusers"].append({"email": others[0]["email"], "permissions": ["control.console"]})
        if not target.get("schedules"):
            target["schedules"] = [_pterodactyl_schedule(rng, used, target)]
    if not any(s.get("backups") for s in servers):
        next(s for s in servers if not s.get("suspended"))["backups"] = [{"keep_last": 2, "keep_last_match": "*"}]
    if not any(s.get("databases") for s in servers):
        target = next(s for s in servers if not s.get("suspended"))
        target["feature_limits"]["databases"] = max(1, target["feature_limits"]["databases"])
        target["databases"] = [_pterodactyl_database(rng, used)]
    target = next(s for s in servers if not s.get("suspended"))
    target["files"], target["configs"] = _files_and_configs(seed)
    return {"users": users, "locations": [location], "nodes": [node], "servers": servers}


def _pterodactyl_place(rng, used, seed):
    """A location and a node in it with a block of allocations, both new (the seed's panel has eu-west and us-east
    with a node each)."""
    location = {"short": _name(rng, "lab-", used)}
    if rng.random() < 0.7:
        location["long"] = "Lab %d" % seed
    node = {"name": _name(rng, "node-", used), "location": location["short"], "memory": 8192, "disk": 51200}
    node["fqdn"] = "%s.example.test" % node["name"]
    low = rng.choice([26000, 27000])
    ports = ["%d-%d" % (low, low + rng.randint(3, 8))] + ([27015] if rng.random() < 0.5 else [])
    node["allocations"] = [{"ip": "10.1.%d.1" % (seed % 250), "ports": ports}]
    if rng.random() < 0.5:
        node["allocations"].append({"ip": "10.1.%d.2" % (seed % 250), "ports": [str(low + 100)]})
    for field, draw in (("memory_overallocate", lambda: rng.choice([0, 20])),
                        ("disk_overallocate", lambda: rng.choice([0, 50])),
                        ("upload_size", lambda: rng.choice([100, 250])),
                        ("behind_proxy", lambda: rng.random() < 0.3),
                        ("daemon_listen", lambda: rng.choice([8080, 8443])),
                        ("daemon_sftp", lambda: rng.choice([2022, 2222])),
                        ("daemon_base", lambda: rng.choice(["/var/lib/pterodactyl/volumes", "/srv/daemon-data"]))):
        if rng.random() < 0.5:
            node[field] = draw()
    return location, node


def _pterodactyl_database(rng, used):
    return {"name": _name(rng, "db", used), "remote": rng.choice(["%", "%", "10.1.%"])}


def _some_objects(rng, items, high=2):
    return rng.sample(items, rng.randint(0, min(high, len(items))))


def _files_and_configs(seed):
    """A server's ``files`` and ``configs`` (apply writes them; export writes none, as the handlers' not_exported
    says: the panel does not tell which files a document manages), drawn apart so the other draws stay as they are."""
    rng = random.Random("files-%d" % seed)
    files = [{"path": rng.choice(["motd.txt", "plugins/greeter/welcome.txt"]),
              "content": "Welcome (seed %d)\n" % seed}]
    configs = [{"path": "server.properties", "settings": {"motd": "Seed %d" % seed,
                                                          "max-players": rng.randint(5, 50)}}]
    if rng.random() < 0.5:
        configs.append({"path": "config/app.yml", "settings": {"greeting": {"text": "hi %d" % seed}}})
    return files, configs


def lacking(panel_type, seed):
    """The sections apply knows on ``panel_type`` that the seed's panel version lacks (server files before Crafty
    4.10): the seed's document cannot hold them."""
    return {"files", "configs"} if panel_type == "crafty" and crafty_version(seed) != "4.10.7" else set()


def _pterodactyl_schedule(rng, used, server):
    actions = ["command", "power"] + (["backup"] if server["feature_limits"]["backups"] else [])
    tasks = []
    for position in range(rng.randint(1, 3)):
        action = rng.choice(actions)
        task = {"action": action, "time_offset": 0 if position == 0 else rng.choice([0, 30, 60]),
                "continue_on_failure": rng.random() < 0.3}
        if action == "command":
            task["payload"] = rng.choice(["say hello", "save-all", "whitelist reload"])
        elif action == "power":
            task["payload"] = rng.choice(["start", "stop", "restart", "kill"])
        tasks.append(task)
    return {"name": _name(rng, "sched ", used), "cron": "%d %d * * %s" % (rng.randint(0, 59), rng.randint(0, 23),
                                                                          rng.choice(["*", "1", "0,6"])),
            "enabled": rng.random() < 0.8, "only_when_online": rng.random() < 0.5, "tasks": tasks}


# Crafty: servers (jar, memory, port and the settings Crafty patches), backup configurations, schedules of
# chained tasks, webhooks; roles granting several servers; users with and without roles

CRAFTY_JARS = ("paper", "vanilla", "purpur")
CRAFTY_VERSIONS = ("1.21.4", "1.21.1", "1.20.6")
CRAFTY_TRIGGERS = ("start_server", "stop_server", "crash_detected", "backup_server", "jar_update", "send_command",
                   "kill")
CRAFTY_PERMISSIONS = ("commands", "terminal", "logs", "schedule", "backup", "files", "config", "players")


def crafty_version(seed):
    """The Crafty version a seed's panels run: the newest the simulator knows, every other seed 4.4.8."""
    return "4.10.7" if seed % 2 else "4.4.8"


def _crafty(rng, seed):
    used = set()
    newest = crafty_version(seed) == "4.10.7"
    ports = list(range(25600, 25640))
    rng.shuffle(ports)
    servers = []
    for _index in range(rng.randint(1, 3) if seed % 2 else rng.randint(2, 3)):
        server = {"name": _name(rng, "gt-", used), "jar": {"type": rng.choice(CRAFTY_JARS),
                                                           "version": rng.choice(CRAFTY_VERSIONS)},
                  "memory": {"min": 1, "max": rng.randint(1, 4)}, "port": ports.pop(), "accept_eula": True}
        for field, draw in (("auto_start", lambda: rng.random() < 0.5),
                            ("auto_start_delay", lambda: rng.randint(0, 60)),
                            ("crash_detection", lambda: rng.random() < 0.5),
                            ("stop_command", lambda: rng.choice(["stop", "end"])),
                            ("log_path", lambda: rng.choice(["./logs/latest.log", "./logs/server.log"])),
                            ("logs_delete_after", lambda: rng.randint(0, 30)),
                            ("shutdown_timeout", lambda: rng.choice([30, 60, 90])),
                            ("ignored_exits", lambda: rng.choice(["0", "0,1"])),
                            ("show_status", lambda: rng.random() < 0.5),
                            ("count_players", lambda: rng.random() < 0.5),
                            ("server_ip", lambda: rng.choice(["127.0.0.1", "0.0.0.0"]))):
            if rng.random() < 0.6:
                server[field] = draw()
        configs = []
        for _i in range(rng.randint(0, 2)):
            config = {"name": _name(rng, "gt-backup-", used), "max_backups": rng.randint(0, 7),
                      "compress": rng.random() < 0.5, "shutdown": rng.random() < 0.3,
                      "before": rng.choice(["", "say backing up"]), "after": rng.choice(["", "say done"]),
                      "ignored": _some(rng, ["cache", "logs", "plugins/dynmap"])}
            if newest and rng.random() < 0.5:
                config["backup_type"] = rng.choice(["zip_vault", "snapshot"])
            configs.append(config)
        server["backups"] = configs
        server["schedules"] = [_crafty_schedule(rng, used, configs) for _i in range(rng.randint(0, 2))]
        server["webhooks"] = [_crafty_webhook(rng, used) for _i in range(rng.randint(0, 2))]
        servers.append(server)
    for kind, make in (("backups", None), ("schedules", _crafty_schedule), ("webhooks", _crafty_webhook)):
        if not any(s[kind] for s in servers):
            if kind == "backups":
                servers[0]["backups"] = [{"name": _name(rng, "gt-backup-", used), "max_backups": 3, "compress": True}]
            elif kind == "schedules":
                servers[0]["schedules"] = [make(rng, used, servers[0]["backups"])]
            else:
                servers[0]["webhooks"] = [make(rng, used)]
    with_both = [s for s in servers if s["backups"] and s["schedules"]]
    if with_both and not any(t["action"] == "backup" and t.get("payload") for s in servers for sc in s["schedules"]
                             for t in sc["tasks"]):
        # a chained task that runs one of the server's backup configurations, in every document that can have one
        with_both[0]["schedules"][0]["tasks"].append({"action": "backup", "time_offset": 30,
                                                      "payload": with_both[0]["backups"][0]["name"]})
    if newest:
        servers[0]["files"], servers[0]["configs"] = _files_and_configs(seed)
    roles = []
    for index in range(rng.randint(1, 2)):
        granted = (servers[:2] if index == 0 else _some_objects(rng, servers, high=3)) or [servers[0]]
        role = {"name": _name(rng, "gt-role-", used),
                "servers": [{"server": s["name"], "permissions": _some(rng, CRAFTY_PERMISSIONS, 1, 5)} for s in granted]}
        if rng.random() < 0.4:
            role["manager"] = "admin"
        if newest and rng.random() < 0.5:
            role["mfa_required"] = rng.random() < 0.5
        roles.append(role)
    users = []
    for index in range(rng.randint(2, 3)):
        name = _name(rng, "gt_", used)
        user = {"username": name, "password": PASSWORD, "email": "%s@example.test" % name,
                "enabled": rng.random() < 0.8, "roles": [r["name"] for r in _some_objects(rng, roles)]}
        if index == 0 and not user["roles"]:
            user["roles"] = [roles[0]["name"]]  # in every document a user holding a role, and one holding none
        if index == 1:
            user["roles"] = []
        if rng.random() < 0.3:
            user["admin"] = True
        if rng.random() < 0.4:
            user["manager"] = "admin"
        if rng.random() < 0.4:
            user["language"] = rng.choice(["en_EN", "de_DE"])
        users.append(user)
    return {"servers": servers, "roles": roles, "users": users}


def _crafty_schedule(rng, used, configs):
    tasks = []
    for position in range(rng.randint(1, 3)):
        action = rng.choice(["command", "power", "backup"])
        task = {"action": action, "time_offset": 0 if position == 0 else rng.choice([0, 30, 60])}
        if action == "command":
            task["payload"] = rng.choice(["say hello", "save-all"])
        elif action == "power":
            task["payload"] = rng.choice(["start", "stop", "restart"])
        elif configs:
            task["payload"] = rng.choice(configs)["name"]
        tasks.append(task)
    schedule = {"name": _name(rng, "gt-sched-", used), "enabled": rng.random() < 0.8, "tasks": tasks}
    if rng.random() < 0.6:
        schedule["cron"] = "%d %d * * *" % (rng.randint(0, 59), rng.randint(0, 23))
    else:
        schedule.update(interval=rng.randint(1, 12), interval_unit=rng.choice(["minutes", "hours", "days"]),
                        start_time=rng.choice(["00:00", "04:30"]))
    return schedule


def _crafty_webhook(rng, used):
    hook = {"name": _name(rng, "gt-hook-", used), "type": rng.choice(["Discord", "Mattermost", "Slack", "Teams"]),
            "url": "https://hooks.example.test/%s" % rng.randint(1000, 9999),
            "triggers": _some(rng, CRAFTY_TRIGGERS, 1, 3), "enabled": rng.random() < 0.8}
    if rng.random() < 0.5:
        hook["body"] = "{event} on {server}"
    if rng.random() < 0.5:
        hook["bot_name"] = "gt-bot"
    if rng.random() < 0.5:
        hook["color"] = rng.choice(["#005cd1", "#ff0000"])
    return hook


# AMP: instances (module, names, ports, running state, settings), their schedules and webhooks; roles with
# nodes on the ADS and in instances; users with and without roles. Backups are data

AMP_ADS_NODES = ("Core.UserManagement.ViewUserInfo", "Core.UserManagement.UpdateUserInfo", "Core.AuditLog.ViewAuditLog",
                 "Core.RoleManagement.ViewRoles", "ADS.InstanceManagement.StartInstances")
AMP_INSTANCE_NODES = ("Core.AppManagement.StartApplication", "Core.AppManagement.StopApplication",
                      "Core.AppManagement.ReadConsole", "Core.Scheduler.ViewSchedule",
                      "LocalFileBackup.Backups.ViewBackups", "FileManager.FileManager.BrowseFiles")
AMP_MODULES = {
    "Minecraft": {"ports": ("MinecraftModule.Minecraft.PortNumber", "FileManagerPlugin.SFTP.SFTPPortNumber"),
                  "events": ("A player joins the server", "A player leaves the server",
                             "The Minecraft Server stops unexpectedly", "A backup has started."),
                  "methods": (("Event.MinecraftModule.Restart", {}), ("Event.MinecraftModule.SaveChanges", {}),
                              ("Event.MinecraftModule.SendConsole", {"Input": "say hello"}),
                              ("Event.CommonCorePlugin.Wait", {"Seconds": "30"})),
                  "setting": ("MinecraftModule.Game.MOTD", "Welcome")},
    "GenericModule": {"ports": ("GenericModule.App.ApplicationPort1", "FileManagerPlugin.SFTP.SFTPPortNumber"),
                      "events": ("A user joins the server", "A user leaves the server", "A backup has started."),
                      "methods": (("Event.GenericModule.Restart", {}),
                                  ("Event.GenericModule.SendConsole", {"Input": "status"}),
                                  ("Event.CommonCorePlugin.Wait", {"Seconds": "10"})),
                      "setting": None},
}


def _amp(rng, seed):
    used = set()
    ports = list(range(26000, 26100))
    rng.shuffle(ports)
    servers = []
    for index in range(2):
        module = "Minecraft" if index == 0 else rng.choice(sorted(AMP_MODULES))
        spec = AMP_MODULES[module]
        name = _name(rng, "Gt", used, alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ") + "01"
        server = {"name": name, "module": module, "friendly_name": rng.choice([name, "%s world" % name]),
                  "description": rng.choice(["", "seeded %d" % seed]), "auto_start": rng.random() < 0.5,
                  "ports": dict((node, ports.pop()) for node in spec["ports"] if rng.random() < 0.8 or index == 0)}
        running = index == 0 or seed % 2 == 0
        server["instance_running"] = running
        if running and rng.random() < 0.4:
            server["power_state"] = "started"
        if spec["setting"] and rng.random() < 0.5:
            server["settings"] = {spec["setting"][0]: "%s %d" % (spec["setting"][1], seed)}
        if running:
            server["schedules"] = [_amp_schedule(rng, used, spec) for _i in range(rng.randint(0 if index else 1, 2))]
            server["webhooks"] = [_amp_webhook(rng, spec, i) for i in range(rng.randint(0 if index else 1, 2))]
            if index == 0:
                server["files"], server["configs"] = _files_and_configs(seed)
                # data, not configuration: taken on A, never exported
                server["backups"] = [{"name": "gt-first", "description": "seed %d" % seed,
                                      "state": rng.choice(["present", "locked"])}]
        servers.append(server)
    roles = []
    for index in range(rng.randint(1, 2)):
        role = {"name": _name(rng, "Gt Role ", used, alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ")}
        if index == 0 or rng.random() < 0.6:
            role["permissions"] = dict((node, rng.choice(["allow", "deny"])) for node in _some(rng, AMP_ADS_NODES, 1, 3))
        running = [s for s in servers if s["instance_running"]]
        granted = _some_objects(rng, running, high=2) if index else running
        if granted:
            role["instance_permissions"] = dict(
                (s["name"], dict((node, rng.choice(["allow", "deny"])) for node in _some(rng, AMP_INSTANCE_NODES, 1, 3)))
                for s in granted)
        roles.append(role)
    users = []
    for index in range(rng.randint(2, 3)):
        name = _name(rng, "gt", used)
        user = {"username": name, "password": PASSWORD, "email": "%s@example.test" % name,
                "roles": [r["name"] for r in _some_objects(rng, roles)]}
        if index == 0 and not user["roles"]:
            user["roles"] = [roles[0]["name"]]
        if index == 1:
            user["roles"] = []
        for flag in ("enabled", "must_change_password", "password_expires", "cannot_change_password"):
            if rng.random() < 0.5:
                user[flag] = rng.random() < (0.8 if flag == "enabled" else 0.3)
        users.append(user)
    return {"servers": servers, "roles": roles, "users": users}


def _amp_schedule(rng, used, spec):
    timing = {"hours": _some(rng, range(24), 1, 2), "minutes": [rng.choice([0, 15, 30, 45])]}
    if rng.random() < 0.4:
        timing["weekdays"] = _some(rng, ["Monday", "Wednesday", "Saturday"], 1, 2)
    if rng.random() < 0.2:
        timing["months"] = _some(rng, range(1, 13), 1, 3)
    tasks = [{"method": method, "parameters": dict(parameters)}
             for method, parameters in (rng.choice(spec["methods"]) for _i in range(rng.randint(1, 3)))]
    return {"name": _name(rng, "Gt schedule ", used), "timing": timing, "enabled": rng.random() < 0.8, "tasks": tasks}


def _amp_webhook(rng, spec, index):
    kind = rng.choice(["Discord", "Slack", "POST", "GET"])
    hook = {"triggers": [spec["events"][index % len(spec["events"])]], "type": kind,
            "url": "https://hooks.example.test/amp/%d" % rng.randint(1000, 9999), "enabled": rng.random() < 0.8}
    if kind != "GET" and rng.random() < 0.6:
        hook["body"] = "{@User} did it"
    if kind == "Discord" and rng.random() < 0.5:
        hook["bot_name"] = "Gt bot"
    if kind == "POST" and rng.random() < 0.5:
        hook["content_type"] = "text/plain"
    return hook


GENERATORS = {"pterodactyl": _pterodactyl, "crafty": _crafty, "amp": _amp}


def _servers(document):
    return document.get("servers") or []


def _children(document, key):
    return [item for server in _servers(document) for item in server.get(key) or []]


#: the shapes the seeds of each panel must draw between them (test_round_trip holds SEEDS to it)
SHAPES = {
    "pterodactyl": {
        "servers matched on external_id": lambda d: all(s.get("external_id") for s in _servers(d)),
        "servers matched on name": lambda d: not any(s.get("external_id") for s in _servers(d)),
        "a suspended server, holding nothing": lambda d: any(s.get("suspended") for s in _servers(d)),
        "a pinned allocation": lambda d: any(s.get("allocation") for s in _servers(d)),
        "a deployed server": lambda d: any(s.get("deployment") for s in _servers(d)),
        "an admin": lambda d: any(u.get("admin") for u in d["users"]),
        "a user with an external id": lambda d: any(u.get("external_id") for u in d["users"]),
        "a schedule of chained tasks": lambda d: any(len(s["tasks"]) > 1 for s in _children(d, "schedules")),
        "a task that carries on after a failure": lambda d: any(
            t.get("continue_on_failure") for s in _children(d, "schedules") for t in s["tasks"]),
        "a subuser": lambda d: bool(_children(d, "subusers")),
        "a custom startup": lambda d: any(s.get("startup") for s in _servers(d)),
        "two nests": lambda d: len(set(s["nest"] for s in _servers(d))) > 1,
        "a location without a description": lambda d: any("long" not in loc for loc in d["locations"]),
        "a node with a port range and a single port": lambda d: any(
            "-" in str(p) for n in d["nodes"] for a in n["allocations"] for p in a["ports"]) and any(
            len(a["ports"]) > 1 or "-" not in str(a["ports"][0]) for n in d["nodes"] for a in n["allocations"]),
        "a node with allocations on two IPs": lambda d: any(len(n["allocations"]) > 1 for n in d["nodes"]),
        "a server deployed to a location of the document": lambda d: any(
            loc in [x["short"] for x in d["locations"]] for s in _servers(d)
            for loc in (s.get("deployment") or {}).get("locations") or []),
        "a database": lambda d: bool(_children(d, "databases")),
        "a database reachable from some hosts only": lambda d: any(
            db["remote"] != "%" for db in _children(d, "databases")),
        "a file and a config of nested keys": lambda d: bool(_children(d, "files")) and any(
            isinstance(v, dict) for c in _children(d, "configs") for v in c["settings"].values()),
    },
    "crafty": {
        "Crafty 4.10.7 and 4.4.8": lambda d: True,  # crafty_version(seed): odd seeds 4.10.7, even ones 4.4.8
        "a user holding roles": lambda d: any(u.get("roles") for u in d["users"]),
        "a user holding none": lambda d: any(not u.get("roles") for u in d["users"]),
        "a role granting several servers": lambda d: any(len(r["servers"]) > 1 for r in d["roles"]),
        "a role with a manager": lambda d: any(r.get("manager") for r in d["roles"]),
        "a user with a manager": lambda d: any(u.get("manager") for u in d["users"]),
        "a cron schedule": lambda d: any(s.get("cron") for s in _children(d, "schedules")),
        "an interval schedule": lambda d: any(s.get("interval") for s in _children(d, "schedules")),
        "a schedule of chained tasks": lambda d: any(len(s["tasks"]) > 1 for s in _children(d, "schedules")),
        "a task running a backup configuration": lambda d: any(
            t["action"] == "backup" and t.get("payload") for s in _children(d, "schedules") for t in s["tasks"]),
        "a backup configuration": lambda d: bool(_children(d, "backups")),
        "a webhook": lambda d: bool(_children(d, "webhooks")),
        "several servers": lambda d: len(_servers(d)) > 1,
        "a file and a config of nested keys": lambda d: bool(_children(d, "files")) and any(
            isinstance(v, dict) for c in _children(d, "configs") for v in c["settings"].values()),
    },
    "amp": {
        "a user holding roles": lambda d: any(u.get("roles") for u in d["users"]),
        "a user holding none": lambda d: any(not u.get("roles") for u in d["users"]),
        "a role granting several instances": lambda d: any(len(r.get("instance_permissions") or {}) > 1
                                                           for r in d["roles"]),
        "a denied node": lambda d: any("deny" in (r.get("permissions") or {}).values() for r in d["roles"]),
        "a stopped instance": lambda d: any(not s["instance_running"] for s in _servers(d)),
        "a running game": lambda d: any(s.get("power_state") == "started" for s in _servers(d)),
        "a generic instance": lambda d: any(s["module"] == "GenericModule" for s in _servers(d)),
        "ports": lambda d: any(s.get("ports") for s in _servers(d)),
        "settings": lambda d: any(s.get("settings") for s in _servers(d)),
        "a schedule of chained tasks": lambda d: any(len(s["tasks"]) > 1 for s in _children(d, "schedules")),
        "two kinds of webhook": lambda d: len(set(h["type"] for h in _children(d, "webhooks"))) > 1,
        "a backup": lambda d: bool(_children(d, "backups")),
        "a file and a config of nested keys": lambda d: bool(_children(d, "files")) and any(
            isinstance(v, dict) for c in _children(d, "configs") for v in c["settings"].values()),
    },
}
