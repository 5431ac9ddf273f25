# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The requests a recording is made of: every route and method the collection's Crafty client calls,
and the answers the modules rely on (unknown ids, refusals, bad tokens, validation errors).

One function, run against a fresh panel (real: ``tools/crafty_capture.py``;
simulated: ``test_crafty_conformance.py``). It creates what it needs, asks,
and deletes what it made, so the panel ends as it began. Steps are named;
a step's name is how a difference is reported.

Bodies depend on the version where the panel's API does (4.0.8 names
servers by integer ids and roles by strings); the steps do not: what a
version lacks is asked all the same, and its answer (a 404, a 500) is
recorded like any other.
"""

from __future__ import annotations

from tests.conformance.crafty.exchange import ScenarioError, shape

LIMITED_PASSWORD = "Limited-Pass-1"
FILES_PASSWORD = "Files-Pass-1"
USER_PASSWORD = "Capture-Pass-1"
MISSING_UUID = "00000000-0000-4000-8000-000000000000"


def java_server(runner, name, category="mc_java_servers", port=25570):
    data = {"type": "paper", "version": "1.21.1", "mem_min": 1, "mem_max": 2, "server_properties_port": port,
            "agree_to_eula": True}
    if runner.at_least(4, 3):
        data["category"] = category
    return {"name": name, "monitoring_type": "minecraft_java",
            "minecraft_java_monitoring_data": {"host": "127.0.0.1", "port": port},
            "create_type": "minecraft_java",
            "minecraft_java_create_data": {"create_type": "download_jar", "download_jar_create_data": data}}


def run(runner, admin_username, admin_password):
    """The whole scenario; ``runner`` is an :class:`~exchange.Runner` on a fresh panel."""
    index = runner.expect(runner.call("index", "GET", "", auth=None), 200)
    runner.version = _version(index.data["version"])
    _auth(runner, admin_username, admin_password)
    _users(runner)
    _servers(runner)
    _roles(runner)
    _tasks(runner)
    _webhooks(runner)
    _backups(runner)
    _files(runner)
    _limited(runner)
    _extra_routes(runner)
    _cleanup(runner)
    return runner.exchanges


def _keep(runner, exchange, kind, name):
    """Remember the id of an object a create made (also one the panel should have refused), to delete it."""
    data = exchange.data if exchange.status in (200, 201) and isinstance(exchange.data, dict) else {}
    key = {"user": "user_id", "role": "role_id", "server": "new_server_id", "webhook": "webhook_id"}[kind]
    if data.get(key) is not None:
        value = data[key]
        runner.set("%s:%s" % (kind, name), int(value) if kind in ("user", "role") else value)


def _version(text):
    parts = str(text).split("-", maxsplit=1)[0].split(".")
    return tuple(int(p) for p in parts[:3])


def _server_ref(runner, name="survival"):
    """A server id as role bodies take it: the UUID string (newer) or the integer (4.0.8)."""
    server_id = runner.get("server:%s" % name)
    return str(server_id) if runner.at_least(4, 3) else int(server_id)


# -- authentication -------------------------------------------------------------------------------

def _auth(runner, username, password):
    runner.call("login, wrong password", "POST", "/auth/login", {"username": username, "password": "wrong-password-1"},
                auth=None)
    runner.call("login, not JSON", "POST", "/auth/login", raw_body="{not json", auth=None)
    login = runner.expect(runner.call("login", "POST", "/auth/login", {"username": username, "password": password},
                                      auth=None), 200)
    runner.tokens["admin"] = login.data["token"]
    runner.set("user:admin", int(login.data["user_id"]))
    runner.call("a bad token", "GET", "/users/@me", auth="bad")
    runner.call("no token", "GET", "/users/@me", auth=None)
    runner.expect(runner.call("who am I", "GET", "/users/@me"), 200)


# -- users ------------------------------------------------------------------------------------------

def _users(runner):
    runner.expect(runner.call("users", "GET", "/users"), 200)
    created = runner.call("create a user", "POST", "/users", {
        "username": "capture_user", "password": USER_PASSWORD, "email": "capture@example.com", "enabled": True,
        "superuser": False, "lang": "en_EN"})
    runner.expect(created, 200, 201)
    runner.set("user:capture_user", int(created.data["user_id"]))
    runner.call("create a user that exists", "POST", "/users", {"username": "capture_user",
                                                                "password": USER_PASSWORD})
    runner.call("create a user, username with a capital and a dash", "POST", "/users",
                {"username": "Capture-Two", "password": USER_PASSWORD})
    runner.call("create a user, username too long", "POST", "/users",
                {"username": "u" * 40, "password": USER_PASSWORD})
    _keep(runner, runner.call("create a user, password too short", "POST", "/users",
                              {"username": "capture_short", "password": "short"}), "user", "capture_short")
    mail = runner.call("create a user, e-mail not an address", "POST", "/users",
                       {"username": "capture_mail", "password": USER_PASSWORD, "email": "not-an-email"})
    _keep(runner, mail, "user", "capture_mail")
    runner.call("create a user, unknown key", "POST", "/users",
                {"username": "capture_key", "password": USER_PASSWORD, "nickname": "x"})
    runner.expect(runner.call("a user", "GET", "/users/{user:capture_user}"), 200)
    runner.call("a user's permissions", "GET", "/users/{user:capture_user}/permissions")
    runner.expect(runner.call("change a user", "PATCH", "/users/{user:capture_user}",
                              {"email": "changed@example.com", "enabled": False}), 200)
    runner.call("change a user's password", "PATCH", "/users/{user:capture_user}", {"password": "Changed-Pass-2"})
    runner.call("change a user, unknown key", "PATCH", "/users/{user:capture_user}", {"nickname": "x"})
    runner.call("the user after the change", "GET", "/users/{user:capture_user}")
    runner.call("a user that does not exist", "GET", "/users/424242")


# -- servers ----------------------------------------------------------------------------------------

def _servers(runner):
    runner.expect(runner.call("servers, none yet", "GET", "/servers"), 200)
    runner.call("the jar catalogue", "GET", "/crafty/JarCache", summary=catalogue_summary)
    created = runner.expect(runner.call("create a server", "POST", "/servers", java_server(runner, "survival")),
                            200, 201)
    runner.set("server:survival", created.data["new_server_id"])
    runner.call("create a server, a category the catalogue lacks", "POST", "/servers",
                java_server(runner, "halfmade", category="Mc_java_servers", port=25571))
    listed = runner.call("servers", "GET", "/servers")
    for server in listed.data or []:
        if server["server_name"] == "halfmade":
            runner.set("server:halfmade", server["server_id"])
    _keep(runner, runner.call("create a server, port out of range", "POST", "/servers",
                              java_server(runner, "badport", port=70000)), "server", "badport")
    runner.expect(runner.call("a server", "GET", "/servers/{server:survival}"), 200)
    runner.expect(runner.call("change a server", "PATCH", "/servers/{server:survival}",
                              {"auto_start": True, "crash_detection": True, "server_name": "survival"}), 200)
    runner.call("change a server, unknown key", "PATCH", "/servers/{server:survival}", {"nickname": "x"})
    runner.call("change a server, port out of range", "PATCH", "/servers/{server:survival}", {"server_port": 70000})
    runner.call("the server after the change", "GET", "/servers/{server:survival}")
    runner.call("a server's stats", "GET", "/servers/{server:survival}/stats", shape_only=True)
    runner.call("stop a stopped server", "POST", "/servers/{server:survival}/action/stop_server")
    runner.call("a server that does not exist", "GET", "/servers/%s" % _missing_server(runner))
    runner.call("change a server that does not exist", "PATCH", "/servers/%s" % _missing_server(runner),
                {"auto_start": True})


def catalogue_summary(data):
    """The catalogue's categories and types, and the shape of one version's entry (the versions change daily)."""
    if not isinstance(data, dict):
        return data
    out = {}
    for category, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("types"), dict):
            out[category] = "<%s>" % type(entry).__name__
            continue
        types = {}
        for name, jar in entry["types"].items():
            versions = (jar or {}).get("versions") or {}
            first = next(iter(versions.values()), None) if isinstance(versions, dict) else None
            types[name] = {"versions": {"<version>": shape(first)}}
        out[category] = dict(entry, types=types)
    return out


def _missing_server(runner):
    return MISSING_UUID if runner.at_least(4, 3) else "424242"


# -- roles ------------------------------------------------------------------------------------------

def _roles(runner):
    runner.expect(runner.call("roles, none yet", "GET", "/roles"), 200)
    servers = [{"server_id": _server_ref(runner), "permissions": "10110000"}]
    _keep(runner, runner.call("create a role without mfa_required", "POST", "/roles",
                              {"name": "capture-plain", "servers": []}), "role", "capture-plain")
    body = {"name": "capture-mods", "servers": servers}
    if runner.at_least(4, 4, 8):
        body["mfa_required"] = False
    created = runner.expect(runner.call("create a role", "POST", "/roles", body), 200)
    runner.set("role:capture-mods", created.data["role_id"])
    runner.call("create a role that exists", "POST", "/roles", body)
    runner.call("create a role without servers", "POST", "/roles", {"name": "capture-noservers"})
    _keep(runner, runner.call("create a role, a comma in its name", "POST", "/roles", dict(body, name="capture,comma")),
          "role", "capture,comma")
    runner.expect(runner.call("roles", "GET", "/roles"), 200)
    runner.call("a role", "GET", "/roles/{role:capture-mods}")
    runner.expect(runner.call("a role's servers", "GET", "/roles/{role:capture-mods}/servers"), 200)
    runner.call("a role's users", "GET", "/roles/{role:capture-mods}/users")
    change = {"name": "capture-mods", "servers": [{"server_id": _server_ref(runner), "permissions": "10111000"}]}
    if runner.at_least(4, 3):
        change["manager"] = runner.get("user:admin")
    if runner.at_least(4, 4, 8):
        change["mfa_required"] = False
    runner.expect(runner.call("change a role", "PATCH", "/roles/{role:capture-mods}", change), 200)
    runner.call("the role's servers after the change", "GET", "/roles/{role:capture-mods}/servers")
    runner.call("a role that does not exist", "GET", "/roles/424242")
    runner.call("change a role that does not exist", "PATCH", "/roles/424242", {"name": "nobody"})
    roles = [runner.get("role:capture-mods")]
    runner.expect(runner.call("give the user the role", "PATCH", "/users/{user:capture_user}",
                              {"roles": roles if runner.at_least(4, 3) else [str(r) for r in roles]}), 200)
    runner.call("the user with its role", "GET", "/users/{user:capture_user}")


# -- schedules --------------------------------------------------------------------------------------

def _task(name, **fields):
    body = {"name": name, "enabled": True, "action": "command", "command": "say hello", "interval": 1,
            "interval_type": "", "cron_string": "0 4 * * *", "one_time": False, "delay": 0, "parent": None,
            "start_time": "00:00"}
    body.update(fields)
    return body


def _tasks(runner):
    runner.call("schedules: the list route", "GET", "/servers/{server:survival}/tasks")
    root = runner.call("create a cron schedule", "POST", "/servers/{server:survival}/tasks", _task("nightly"))
    task_id = (root.data or {}).get("schedule_id") if isinstance(root.data, dict) else None
    if task_id is None:
        # 4.0.8's task routes are stubs: what they answer is the recording; nothing to chain on
        runner.call("a schedule", "GET", "/servers/{server:survival}/tasks/1")
        runner.call("delete a schedule", "DELETE", "/servers/{server:survival}/tasks/1")
        runner.call("change a schedule", "PATCH", "/servers/{server:survival}/tasks/1", {"enabled": False})
        return
    runner.set("task:nightly", task_id)
    # a fresh panel gives ids in order; a create that answers none (quirk 12) took the next one
    chained = _task("nightly #2", action="restart", command="restart_server", interval_type="reaction", cron_string="",
                    delay=30, parent=task_id)
    more = (("create a chained schedule", chained),
            ("create an interval schedule", _task("hourly", interval=2, interval_type="hours", cron_string="",
                                                  start_time="01:30")),
            ("create a daily schedule", _task("daily", interval=1, interval_type="days", cron_string="",
                                              start_time="05:00")),
            ("create a disabled schedule", _task("paused", enabled=False)))
    for offset, (step, body) in enumerate(more, start=1):
        created = runner.call(step, "POST", "/servers/{server:survival}/tasks", body)
        given = (created.data or {}).get("schedule_id") if isinstance(created.data, dict) else None
        runner.set("task:%s" % body["name"], given if given is not None else task_id + offset)
    runner.call("create a schedule, bad cron", "POST", "/servers/{server:survival}/tasks",
                _task("badcron", cron_string="61 4 * * *"))
    runner.call("create a schedule, a key missing", "POST", "/servers/{server:survival}/tasks",
                dict((k, v) for k, v in _task("partial").items() if k != "delay"))
    for name in ("nightly", "nightly #2", "hourly", "daily", "paused"):
        runner.call("a schedule: %s" % name, "GET", "/servers/{server:survival}/tasks/{task:%s}" % name)
    runner.call("a schedule that does not exist", "GET", "/servers/{server:survival}/tasks/424242")
    runner.call("change a schedule", "PATCH", "/servers/{server:survival}/tasks/{task:nightly}", {
        "interval_type": "", "cron_string": "30 4 * * *", "interval": 1, "start_time": "00:00", "action": "command",
        "command": "say hello", "enabled": True})
    runner.call("change a chained schedule", "PATCH", "/servers/{server:survival}/tasks/{task:nightly #2}", {
        "action": "stop", "command": "stop_server", "delay": 45, "interval_type": "reaction",
        "parent": task_id})
    runner.call("the schedule after the change", "GET", "/servers/{server:survival}/tasks/{task:nightly}")
    runner.call("the chained schedule after the change", "GET", "/servers/{server:survival}/tasks/{task:nightly #2}")
    runner.call("delete a schedule's parent", "DELETE", "/servers/{server:survival}/tasks/{task:nightly}")
    runner.call("its child, after", "GET", "/servers/{server:survival}/tasks/{task:nightly #2}")
    for name in ("nightly #2", "hourly", "daily", "paused"):
        runner.call("delete a schedule: %s" % name, "DELETE", "/servers/{server:survival}/tasks/{task:%s}" % name)
    runner.call("delete a schedule that does not exist", "DELETE", "/servers/{server:survival}/tasks/424242")


# -- webhooks ---------------------------------------------------------------------------------------

def _webhooks(runner):
    hook = {"webhook_type": "Discord", "name": "alerts", "url": "https://discord.example/api/webhooks/1/abc",
            "bot_name": "Crafty Controller", "trigger": ["start_server", "stop_server"], "body": "server event",
            "color": "#005cd1", "enabled": True}
    runner.call("webhooks, none yet", "GET", "/servers/{server:survival}/webhook")
    created = runner.call("create a webhook", "POST", "/servers/{server:survival}/webhook", hook)
    if created.status != 200:
        # a version without webhooks: what the other routes answer is recorded all the same
        runner.call("change a webhook", "PATCH", "/servers/{server:survival}/webhook/1", {"enabled": False})
        runner.call("delete a webhook", "DELETE", "/servers/{server:survival}/webhook/1")
        return
    runner.set("webhook:alerts", created.data["webhook_id"])
    runner.call("create a webhook, a URL that is not one", "POST", "/servers/{server:survival}/webhook",
                dict(hook, name="badurl", url="not a url"))
    listed = runner.call("webhooks", "GET", "/servers/{server:survival}/webhook")
    for hook_id, row in (listed.data or {}).items():
        if row.get("name") == "badurl":
            runner.set("webhook:badurl", int(hook_id))
    runner.call("create a webhook, a key missing", "POST", "/servers/{server:survival}/webhook",
                dict((k, v) for k, v in hook.items() if k != "color"))
    runner.call("a webhook", "GET", "/servers/{server:survival}/webhook/{webhook:alerts}")
    runner.call("change a webhook", "PATCH", "/servers/{server:survival}/webhook/{webhook:alerts}",
                {"enabled": False, "trigger": ["crash_detected"]})
    runner.call("webhooks after the change", "GET", "/servers/{server:survival}/webhook")
    runner.call("a webhook that does not exist", "GET", "/servers/{server:survival}/webhook/424242")
    runner.call("delete a webhook", "DELETE", "/servers/{server:survival}/webhook/{webhook:alerts}")
    if "webhook:badurl" in runner.vars:
        runner.call("delete the other webhook", "DELETE", "/servers/{server:survival}/webhook/{webhook:badurl}")
    runner.call("delete a webhook that does not exist", "DELETE", "/servers/{server:survival}/webhook/424242")


# -- backup configurations ----------------------------------------------------------------------------

def _backups(runner):
    listed = runner.call("backup configurations", "GET", "/servers/{server:survival}/backups")
    if listed.status != 200 or not isinstance(listed.data, dict):
        # a version without backup configurations: what their routes answer is recorded all the same
        missing = "/servers/{server:survival}/backups/backup/%s" % MISSING_UUID
        runner.call("create a backup configuration", "POST", "/servers/{server:survival}/backups",
                    {"backup_name": "nightly"})
        runner.call("change a backup configuration", "PATCH", missing, {"max_backups": 5})
        runner.call("restore an archive", "POST", missing, {"filename": "missing.zip"})
        runner.call("delete a backup configuration", "DELETE", missing)
        runner.call("backup now with a configuration", "POST",
                    "/servers/{server:survival}/action/backup_server/%s" % MISSING_UUID)
        return
    for backup_id, row in listed.data.items():
        if row.get("default"):
            runner.set("backup:default", backup_id)
    created = runner.call("create a backup configuration without a location", "POST",
                          "/servers/{server:survival}/backups",
                          {"backup_name": "nightly", "max_backups": 3, "compress": True,
                           "excluded_dirs": ["logs", "cache"]})
    if created.status != 200:
        return
    listed = runner.call("backup configurations after the create", "GET", "/servers/{server:survival}/backups")
    for backup_id, row in listed.data.items():
        if row.get("backup_name") == "nightly":
            runner.set("backup:nightly", backup_id)
    runner.call("create a backup configuration, name too short", "POST", "/servers/{server:survival}/backups",
                {"backup_name": "ab"})
    runner.call("change a backup configuration", "PATCH", "/servers/{server:survival}/backups/backup/{backup:nightly}",
                {"max_backups": 5})
    runner.call("a backup configuration", "GET", "/servers/{server:survival}/backups/backup/{backup:nightly}")
    runner.call("backup now with a configuration", "POST",
                "/servers/{server:survival}/action/backup_server/{backup:default}")
    runner.call("restore an archive that does not exist", "POST",
                "/servers/{server:survival}/backups/backup/{backup:nightly}", {"filename": "missing.zip"})
    runner.call("delete the default backup configuration", "DELETE",
                "/servers/{server:survival}/backups/backup/{backup:default}")
    runner.call("delete a backup configuration", "DELETE", "/servers/{server:survival}/backups/backup/{backup:nightly}")
    runner.call("a backup configuration that does not exist", "GET",
                "/servers/{server:survival}/backups/backup/%s" % MISSING_UUID)


# -- a server's files -------------------------------------------------------------------------------

def _files(runner):
    files = "/servers/{server:survival}/files"
    root = runner.call("files: the server's folder", "POST", files, {"path": ""})
    if root.status != 200:
        # a version without the file routes: what they answer is recorded all the same
        runner.call("files: save a file", "PATCH", files, {"path": "server.properties", "contents": "x"})
        runner.call("files: create a folder", "PUT", files + "/create",
                    {"parent": "", "name": "config", "directory": True})
        runner.call("files: rename a file", "PATCH", files + "/create", {"path": "eula.txt", "new_name": "e.txt"})
        runner.call("files: delete a file", "DELETE", files, {"file_system_objects": [{"filename": "eula.txt"}]})
        return
    runner.call("files: the server's folder as '.'", "POST", files, {"path": "."})
    properties = runner.call("files: a file", "POST", files, {"path": "server.properties"})
    runner.call("files: the EULA", "POST", files, {"path": "eula.txt"})
    epoch = _modified_epoch(properties)
    if epoch is not None:
        runner.call("files: a file, unchanged since", "POST", files, {"path": "server.properties", "modified_epoch": epoch})
    runner.call("files: a file that does not exist", "POST", files, {"path": "nothing/here.txt"})
    runner.call("files: a path outside the server", "POST", files, {"path": "../outside"})
    runner.call("files: an absolute path outside the server", "POST", files, {"path": "/etc/hostname"})
    runner.call("files: a path that is not a string", "POST", files, {"path": 5})
    runner.call("files: an unknown key", "POST", files, {"path": "", "recursive": True})
    runner.call("files: not JSON", "POST", files, raw_body="{not json")
    # create
    runner.call("files: create a folder", "PUT", files + "/create", {"parent": "", "name": "config", "directory": True})
    runner.call("files: create a file", "PUT", files + "/create",
                {"parent": "config", "name": "gameops.yml", "directory": False})
    runner.call("files: create a file that exists", "PUT", files + "/create",
                {"parent": "config", "name": "gameops.yml", "directory": False})
    runner.call("files: create a folder that exists", "PUT", files + "/create",
                {"parent": "", "name": "config", "directory": True})
    runner.call("files: create a file in a folder that does not exist", "PUT", files + "/create",
                {"parent": "nothing", "name": "x.yml", "directory": False})
    runner.call("files: create a folder in a folder that does not exist", "PUT", files + "/create",
                {"parent": "nothing", "name": "deeper", "directory": True})
    runner.call("files: create a file, directory missing", "PUT", files + "/create", {"parent": "config", "name": "y.yml"})
    runner.call("files: create a file, parent missing", "PUT", files + "/create", {"name": "y.yml", "directory": False})
    runner.call("files: create a file outside the server", "PUT", files + "/create",
                {"parent": "..", "name": "escape.yml", "directory": False})
    runner.call("files: create, directory not a boolean", "PUT", files + "/create",
                {"parent": "config", "name": "z.yml", "directory": "no"})
    # save
    runner.call("files: save a file without its modified time", "PATCH", files,
                {"path": "config/gameops.yml", "contents": "motd: hello\n"})
    runner.call("files: save a file, overwrite", "PATCH", files,
                {"path": "config/gameops.yml", "contents": "motd: hello\n", "overwrite": True})
    read = runner.call("files: the saved file", "POST", files, {"path": "config/gameops.yml"})
    epoch = _modified_epoch(read)
    if epoch is not None:
        runner.call("files: save a file with its modified time", "PATCH", files,
                    {"path": "config/gameops.yml", "contents": "motd: again\n", "modified_epoch": epoch})
        runner.call("files: save a file with an older modified time", "PATCH", files,
                    {"path": "config/gameops.yml", "contents": "motd: stale\n", "modified_epoch": epoch - 60})
    runner.call("files: save a file, Windows line ends", "PATCH", files,
                {"path": "config/gameops.yml", "contents": "a: 1\r\nb: 2\r\n", "overwrite": True})
    runner.call("files: the file with Windows line ends", "POST", files, {"path": "config/gameops.yml"})
    runner.call("files: save a file, non-ASCII text", "PATCH", files,
                {"path": "config/gameops.yml", "contents": "caf\u00e9 \u2603\n", "overwrite": True})
    runner.call("files: the file with non-ASCII text", "POST", files, {"path": "config/gameops.yml"})
    runner.call("files: save a file that does not exist", "PATCH", files,
                {"path": "config/new.yml", "contents": "x", "overwrite": True})
    runner.call("files: save a file outside the server", "PATCH", files,
                {"path": "../x.yml", "contents": "x", "overwrite": True})
    runner.call("files: save a folder", "PATCH", files, {"path": "config", "contents": "x", "overwrite": True})
    runner.call("files: save a file, contents missing", "PATCH", files, {"path": "config/gameops.yml"})
    runner.call("files: save a file, an unknown key", "PATCH", files,
                {"path": "config/gameops.yml", "contents": "x", "mode": "0644"})
    runner.call("files: save a file, overwrite not a boolean", "PATCH", files,
                {"path": "config/gameops.yml", "contents": "x", "overwrite": "yes"})
    runner.call("files: a folder", "POST", files, {"path": "config"})
    # rename
    runner.call("files: rename a file", "PATCH", files + "/create", {"path": "config/gameops.yml", "new_name": "renamed.yml"})
    runner.call("files: create another file", "PUT", files + "/create",
                {"parent": "config", "name": "other.yml", "directory": False})
    runner.call("files: rename onto a file that exists", "PATCH", files + "/create",
                {"path": "config/renamed.yml", "new_name": "other.yml"})
    runner.call("files: rename a file that does not exist", "PATCH", files + "/create",
                {"path": "config/ghost.yml", "new_name": "g.yml"})
    runner.call("files: rename into a folder that does not exist", "PATCH", files + "/create",
                {"path": "config/other.yml", "new_name": "nothing/other.yml"})
    runner.call("files: rename out of the server", "PATCH", files + "/create",
                {"path": "config/renamed.yml", "new_name": "../../escape.yml"})
    runner.call("files: rename, new_name missing", "PATCH", files + "/create", {"path": "config/renamed.yml"})
    runner.call("files: the folder after the renames", "POST", files, {"path": "config"})
    # delete
    runner.call("files: delete a file", "DELETE", files, {"file_system_objects": [{"filename": "config/renamed.yml"}]})
    runner.call("files: delete a file that does not exist", "DELETE", files,
                {"file_system_objects": [{"filename": "config/renamed.yml"}]})
    runner.call("files: delete the server's folder", "DELETE", files, {"file_system_objects": [{"filename": ""}]})
    runner.call("files: delete outside the server", "DELETE", files, {"file_system_objects": [{"filename": "../x"}]})
    runner.call("files: delete nothing", "DELETE", files, {"file_system_objects": []})
    runner.call("files: delete, an item without filename", "DELETE", files, {"file_system_objects": [{"name": "x"}]})
    runner.call("files: delete a folder", "DELETE", files, {"file_system_objects": [{"filename": "config"}]})
    runner.call("files: the server's folder after", "POST", files, {"path": ""})
    runner.call("files: a server that does not exist", "POST", "/servers/%s/files" % _missing_server(runner),
                {"path": ""})
    _files_without_permission(runner, files)


def _modified_epoch(exchange):
    data = exchange.data if exchange.status == 200 and isinstance(exchange.data, dict) else {}
    return (data.get("attributes") or {}).get("modified_epoch")


def _files_without_permission(runner, files):
    """A user whose role has the server without FILES (nor BACKUP, which lets the read route through)."""
    body = {"name": "capture-nofiles", "servers": [{"server_id": _server_ref(runner), "permissions": "10100000"}]}
    if runner.at_least(4, 4, 8):
        body["mfa_required"] = False
    role = runner.expect(runner.call("create a role without FILES", "POST", "/roles", body), 200)
    runner.set("role:capture-nofiles", role.data["role_id"])
    created = runner.expect(runner.call("create a user with that role", "POST", "/users", {
        "username": "capture_files", "password": FILES_PASSWORD, "enabled": True}), 200, 201)
    runner.set("user:capture_files", int(created.data["user_id"]))
    runner.expect(runner.call("give the user the role without FILES", "PATCH", "/users/{user:capture_files}",
                              {"roles": [runner.get("role:capture-nofiles")]}), 200)
    runner.pause(1.1)  # a token of a later second than the user's creation (quirk 20)
    login = runner.expect(runner.call("login as the user without FILES", "POST", "/auth/login", {
        "username": "capture_files", "password": FILES_PASSWORD}, auth=None), 200)
    runner.tokens["nofiles"] = login.data["token"]
    runner.call("files: read, as a user without FILES", "POST", files, {"path": ""}, auth="nofiles")
    runner.call("files: save, as a user without FILES", "PATCH", files,
                {"path": "server.properties", "contents": "x", "overwrite": True}, auth="nofiles")
    runner.call("files: create, as a user without FILES", "PUT", files + "/create",
                {"parent": "", "name": "x", "directory": True}, auth="nofiles")
    runner.call("files: rename, as a user without FILES", "PATCH", files + "/create",
                {"path": "eula.txt", "new_name": "e.txt"}, auth="nofiles")
    runner.call("files: delete, as a user without FILES", "DELETE", files,
                {"file_system_objects": [{"filename": "eula.txt"}]}, auth="nofiles")
    runner.call("files: read, without a token", "POST", files, {"path": ""}, auth=None)


# -- a user without permissions ---------------------------------------------------------------------

def _limited(runner):
    created = runner.call("create a user without permissions", "POST", "/users", {
        "username": "capture_limited", "password": LIMITED_PASSWORD, "enabled": True})
    if created.status not in (200, 201):
        raise ScenarioError("could not create the limited user: %r" % created.body)
    runner.set("user:capture_limited", int(created.data["user_id"]))
    # a token is valid only when minted in a later second than the user's valid_tokens_from (quirk 20),
    # which a new user gets at its creation
    runner.pause(1.1)
    login = runner.expect(runner.call("login as the user without permissions", "POST", "/auth/login", {
        "username": "capture_limited", "password": LIMITED_PASSWORD}, auth=None), 200)
    runner.tokens["limited"] = login.data["token"]
    runner.call("users, as a user without USER_CONFIG", "GET", "/users", auth="limited")
    runner.call("a user, as a user without USER_CONFIG", "GET", "/users/{user:capture_user}", auth="limited")
    runner.call("roles, as a user without ROLES_CONFIG", "GET", "/roles", auth="limited")
    runner.call("create a role, as a user without ROLES_CONFIG", "POST", "/roles",
                {"name": "capture-nope", "servers": []}, auth="limited")
    runner.call("servers, as a user with none", "GET", "/servers", auth="limited")
    runner.call("create a server, as a user without SERVER_CREATION", "POST", "/servers",
                java_server(runner, "nope", port=25573), auth="limited")
    runner.call("a server, as a user without access", "GET", "/servers/{server:survival}", auth="limited")
    runner.call("change a server, as a user without access", "PATCH", "/servers/{server:survival}",
                {"auto_start": False}, auth="limited")
    runner.call("a schedule, as a user without SCHEDULE", "GET", "/servers/{server:survival}/tasks/424242",
                auth="limited")
    runner.call("webhooks, as a user without CONFIG", "GET", "/servers/{server:survival}/webhook", auth="limited")
    runner.call("backup configurations, as a user without BACKUP", "GET", "/servers/{server:survival}/backups",
                auth="limited")
    runner.call("a server action, as a user without COMMANDS", "POST",
                "/servers/{server:survival}/action/start_server", auth="limited")


# -- routes outside the modules that other clients use ------------------------------------------------

def _extra_routes(runner):
    runner.call("host stats", "GET", "/crafty/stats", shape_only=True)
    runner.call("a server's users", "GET", "/servers/{server:survival}/users", list_ids="user")
    runner.call("an unknown route", "GET", "/nothing/here")
    runner.call("a method the route lacks", "PUT", "/users", {"username": "x"})
    key = runner.call("create an API key", "PATCH", "/users/{user:capture_user}/key", {
        "name": "capture-key", "server_permissions_mask": "00000000", "crafty_permissions_mask": "000",
        "full_access": False})
    if key.status == 200 and isinstance(key.data, dict) and key.data.get("id") is not None:
        runner.set("key:capture-key", key.data["id"])
        runner.call("API keys", "GET", "/users/{user:capture_user}/key")
        runner.call("a token for an API key", "GET", "/users/{user:capture_user}/key/{key:capture-key}")
        runner.call("delete an API key", "DELETE", "/users/{user:capture_user}/key/{key:capture-key}")


# -- leave the panel as it was --------------------------------------------------------------------------

def _cleanup(runner):
    for name in ("capture-mods", "capture-plain", "capture,comma", "capture-nofiles"):
        if "role:%s" % name in runner.vars:
            runner.call("delete a role: %s" % name, "DELETE", "/roles/{role:%s}" % name)
    runner.call("delete a role that does not exist", "DELETE", "/roles/424242")
    for name in ("capture_user", "capture_limited", "capture_mail", "capture_short", "capture_files"):
        if "user:%s" % name not in runner.vars:
            continue
        runner.call("delete a user: %s" % name, "DELETE", "/users/{user:%s}" % name)
    runner.call("delete a user that does not exist", "DELETE", "/users/424242")
    for name in ("survival", "halfmade", "badport"):
        if "server:%s" % name in runner.vars:
            runner.call("delete a server and its files: %s" % name, "DELETE", "/servers/{server:%s}" % name,
                        params={"files": "true"})
    runner.call("delete a server that does not exist", "DELETE", "/servers/%s" % _missing_server(runner))
    runner.call("servers at the end", "GET", "/servers")
    runner.call("users at the end", "GET", "/users")
