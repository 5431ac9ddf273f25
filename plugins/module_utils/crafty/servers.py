# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty servers (API.md 9): create from a download, patchable settings, power, delete."""

from __future__ import annotations

import re
import time

from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import columns
from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter
from ansible_collections.gameops.panels.plugins.module_utils.suggest import closest

# canonical field -> Crafty field (the server object and PATCH /servers/{id} use the same names)
FIELD_NAMES = {"name": "server_name", "port": "server_port"}
SETTINGS = ("server_ip", "port", "auto_start", "auto_start_delay", "crash_detection", "stop_command",
            "execution_command", "executable", "log_path", "executable_update_url", "logs_delete_after",
            "shutdown_timeout", "ignored_exits", "show_status", "count_players")
# fields only the superuser schema of PATCH accepts (9.4, quirk 10)
SUPERUSER_FIELDS = frozenset(["server_ip", "port", "execution_command", "log_path", "executable_update_url",
                              "show_status"])
# fields 4.0.8 does not have
NEWER_FIELDS = frozenset(["shutdown_timeout", "ignored_exits", "show_status", "count_players"])
# options used only when the server is created; Crafty does not report them back
CREATE_ONLY = ("server_type", "jar", "memory", "accept_eula")

POWER_ACTIONS = {"started": "start_server", "stopped": "stop_server", "killed": "kill_server",
                 "restarted": "restart_server"}
DEFAULT_PORTS = {"minecraft_java": 25565, "minecraft_bedrock": 19132}
POLL_SECONDS = 1
#: the category of a new Java server's jar where the panel answers no catalogue to look it up in
DEFAULT_CATEGORY = "mc_java_servers"
# jars Crafty downloads as installers: it leaves their executable_update_url empty (main_controller.MODDED_TYPES)
INSTALLER_TYPES = frozenset(["forge-installer", "neoforge-installer"])


class ServerAdapter(Adapter):
    kind = "server"
    key = "name"

    def __init__(self, client, refs, delete_files=False, power_timeout=120, sleep=time.sleep):
        self.client = client
        self.refs = refs
        self.delete_files = delete_files
        self.power_timeout = power_timeout
        self._sleep = sleep
        self._create = {}
        self._power = {}

    # -- reading ------------------------------------------------------------------

    @staticmethod
    def canonical(server):
        # quirk 26: timestamps come in two formats; "created" is reported, never compared
        out = {"id": server["server_id"], "name": server["server_name"], "type": server.get("type"),
               "created": server.get("created")}
        out.update(columns(server, SETTINGS, FIELD_NAMES))
        return out

    def refresh(self):
        self.refs.forget_servers()

    def list(self):
        return [self.canonical(s) for s in self.refs.servers()]

    def complete(self, current, desired):
        if "power_state" not in desired:
            return current
        return dict(current, power_state=self._live_power(current))

    def _stats(self, server):
        return self.client.server_stats(server["id"], label=repr(server["name"])) or {}

    def _live_power(self, server):
        return "started" if self._stats(server).get("running") else "stopped"

    # -- checks before any write ----------------------------------------------------

    def prepare(self, desired):
        name = desired.get("name")
        self._create[name] = dict((field, desired.pop(field)) for field in CREATE_ONLY if field in desired)
        if "power_state" in desired:
            wanted = desired["power_state"]
            self._power[name] = POWER_ACTIONS[wanted]
            # killed ends stopped; restarted never matches the live state, so it always restarts
            desired["power_state"] = "stopped" if wanted == "killed" else wanted
        return desired

    def validate(self, desired, current):
        version = self.client.version
        name = desired.get("name")
        changing = [f for f in SETTINGS if f in desired and (current is None or desired[f] != current.get(f))]
        for field in changing:
            if field in NEWER_FIELDS:
                version.require("server_settings", option=field)
        superuser_only = [f for f in changing if f in SUPERUSER_FIELDS]
        if superuser_only and version.has("manager") and not self.client.me().get("superuser"):
            raise ReconcileError("Crafty lets only a superuser change %s (the account %r is not one)"
                                 % (", ".join(superuser_only), self.client.me().get("username")),
                                 option=superuser_only[0])
        if current is None:
            self._validate_create(name, desired)
        else:
            self._refuse_half_made(current)

    def _refuse_half_made(self, current):
        """A server a failed create left behind (B3 of the real-panel issue): say so instead of reporting it ok."""
        jar = (self._create.get(current["name"]) or {}).get("jar") or {}
        if not jar or jar.get("type") in INSTALLER_TYPES or current.get("executable_update_url") != "":
            return
        if self.refs.jar_catalogue() is None:
            return  # versions without the catalogue (4.0.8) never set executable_update_url on create
        raise ReconcileError(
            "server %r on the panel is half-made: %s. A create Crafty failed part-way leaves it so; delete it "
            "(state: absent, delete_files: true) and run again" % (current["name"], half_made(current)), option="jar")

    def _validate_create(self, name, desired):
        create = self._create.get(name) or {}
        server_type = create.get("server_type") or "minecraft_java"
        if server_type == "minecraft_java":
            jar = create.get("jar") or {}
            for field in ("type", "version"):
                if not jar.get(field):
                    raise ReconcileError("is required to create a Minecraft Java server", option="jar.%s" % field)
            if self.client.version.uuid_server_ids:
                create["jar"] = dict(jar, category=jar_category(self.refs.jar_catalogue(), jar))
            memory = create.get("memory") or {}
            for field in ("min", "max"):
                if memory.get(field) is None:
                    raise ReconcileError("is required to create a Minecraft Java server", option="memory.%s" % field)
        else:
            self.client.version.require("bedrock_download", option="server_type")
            for field in ("jar", "memory"):
                if field in create:
                    raise ReconcileError("is only used for Minecraft Java servers", option=field)
            if not create.get("accept_eula"):
                raise ReconcileError("must be true to create a Bedrock server (Crafty downloads it only then)",
                                     option="accept_eula")

    # -- writing ----------------------------------------------------------------------

    def _create_body(self, desired):
        create = self._create.get(desired["name"]) or {}
        version = self.client.version
        server_type = create.get("server_type") or "minecraft_java"
        port = desired.get("port", DEFAULT_PORTS[server_type])
        body = {
            "name": desired["name"],
            "monitoring_type": server_type,
            "%s_monitoring_data" % server_type: {"host": desired.get("server_ip") or "127.0.0.1", "port": port},
            "create_type": server_type,
        }
        if server_type == "minecraft_java":
            jar, memory = create["jar"], create["memory"]
            data = {"type": jar["type"], "version": jar["version"], "mem_min": memory["min"], "mem_max": memory["max"],
                    "server_properties_port": port, "agree_to_eula": bool(create.get("accept_eula"))}
            if version.uuid_server_ids:
                # required since 4.3 (outside the schema's properties, so never type-checked); checked against
                # the catalogue in validate
                data["category"] = jar.get("category") or DEFAULT_CATEGORY
            body["minecraft_java_create_data"] = {"create_type": "download_jar", "download_jar_create_data": data}
        else:
            body["minecraft_bedrock_create_data"] = {"create_type": "download_exe",
                                                     "download_exe_create_data": {"agree_to_eula": True}}
        # quirk 16: the create body names these differently from the server object
        if "stop_command" in desired:
            body["stop_command"] = desired["stop_command"]
        if "log_path" in desired:
            body["log_location"] = desired["log_path"]
        return body

    def create(self, desired):
        try:
            server_id = self.client.create_server(self._create_body(desired))
        except PanelError as exc:
            raise self._failed_create(desired["name"], exc)
        if not self.client.version.uuid_server_ids:
            server_id = int(server_id)  # quirk 7: 4.0.8 answers its integer id as a string
        current = self.canonical(self.client.get_server(server_id, label=repr(desired["name"])))
        # quirk 16: the create handler ignores autostart, crashdetection and autostart_delay (and takes no
        # other settings); a follow-up PATCH writes every declared setting the new server lacks
        changed = [f for f in SETTINGS if f in desired and desired[f] != current.get(f)]
        if changed:
            self.client.update_server(server_id, self._patch_body(changed, desired), label=repr(desired["name"]))
            current = self.canonical(self.client.get_server(server_id, label=repr(desired["name"])))
        self.refs.forget_servers()
        if "power_state" in desired:
            current["power_state"] = "stopped"
            current = self._apply_power(current, desired, new=True)
        return current

    def _failed_create(self, name, exc):
        """The create's error, or, when Crafty added the server before it failed (HTTP 503 after the insert),
        a failure that says the panel changed and what the server lacks."""
        if exc.status not in (500, 503) or (exc.ambiguous and not exc.answered):
            return exc  # a lost answer is read back by the engine
        self.refs.forget_servers()
        found = [s for s in self.refs.servers() if s["server_name"] == name]
        if not found:
            return exc
        server = self.canonical(found[0])
        return ReconcileError(
            "Crafty added server %r (id %s) but failed to finish creating it (%s): %s. Delete it (state: absent, "
            "delete_files: true) and run again once the cause is fixed" % (name, server["id"], exc, half_made(server)),
            option="jar", changed=True)

    @staticmethod
    def _patch_body(fields, desired):
        return dict((FIELD_NAMES.get(f, f), desired[f]) for f in fields)

    def update(self, current, desired, changed):
        settings = [f for f in changed if f in SETTINGS or f == "name"]
        result = dict(current)
        if settings:
            self.client.update_server(current["id"], self._patch_body(settings, desired), label=repr(current["name"]))
            result = dict(self.canonical(self.client.get_server(current["id"], label=repr(desired["name"]))),
                          power_state=current.get("power_state"))
        if "power_state" in changed:
            result = self._apply_power(result, desired)
        return result

    def _apply_power(self, server, desired, new=False):
        action = self._power[desired["name"]]
        label = repr(server["name"])
        if new and action in ("start_server", "restart_server"):
            self._wait(server, lambda stats: not stats.get("importing") and not stats.get("downloading"),
                       "finished downloading its files")
            action = "start_server"
        self.client.server_action(server["id"], action, label=label)
        running = action in ("start_server", "restart_server")
        # quirk 17: an action is only queued; wait until the server is where it was sent
        if running:
            self._wait_started(server, label)
        else:
            self._wait(server, lambda stats: not stats.get("running"), "stopped")
        return dict(server, power_state="started" if running else "stopped")

    def _wait_started(self, server, label):
        """Wait until the server runs. Crafty drops a start while the server imports its files (``can_server_start``:
        only a websocket message says so), and marks a server it just created as importing only a moment later, so
        a start sent in between is lost: a start seen to wait on an import is sent again once the import is over
        (real Crafty 4.10.7: a start right after creating the server, in the next task)."""
        deadline = time.monotonic() + self.power_timeout
        importing = False
        while True:
            stats = self._stats(server)
            if stats.get("running"):
                return
            if stats.get("importing") or stats.get("downloading"):
                importing = True
            elif importing:
                importing = False
                self.client.server_action(server["id"], "start_server", label=label)
            if time.monotonic() > deadline:
                why = " (Crafty still imports or downloads its files, and starts it only after)" if importing else ""
                raise ReconcileError("server %r is not running after %d s%s"
                                     % (server["name"], self.power_timeout, why), option="power_state")
            self._sleep(POLL_SECONDS)

    def _wait(self, server, done, what):
        deadline = time.monotonic() + self.power_timeout
        while not done(self._stats(server)):
            if time.monotonic() > deadline:
                raise ReconcileError("server %r is not %s after %d s" % (server["name"], what, self.power_timeout),
                                     option="power_state")
            self._sleep(POLL_SECONDS)

    def delete(self, current):
        self.client.delete_server(current["id"], files=self.delete_files, label=repr(current["name"]))

    def info(self, **filters):
        servers = [self.canonical(s) for s in self.refs.servers()]
        return [s for s in servers if all(s.get(k) == v for k, v in filters.items())]


# a jar Crafty downloaded from its catalogue: <repository>/<type>/<version>/<file> (4.9 and later), or named
# <type>-<version>.jar (4.0.8)
JAR_URL = re.compile(r"^https?://[^/]+/(?P<type>[^/]+)/(?P<version>[^/]+)/[^/]+$")
JAR_FILE = re.compile(r"^(?P<type>[a-z][a-z-]*?)-(?P<version>\d[\w.-]*)\.jar$")
HEAP = re.compile(r"-Xm(?P<which>[sx])(?P<size>\d+)(?P<unit>[MmGg])\b")


def exported_server(server):
    """A listed server in the module's form, and notes on what could not be exported portably.

    Crafty keeps no record of the jar and memory a server was created with, but its settings tell them:
    the jar's catalogue URL (or file name) and the heap flags of ``execution_command``. A setting naming
    the server's own folder (an absolute path with its id) would point another panel's server at this one's
    files: it is left out, with a note.
    """
    out = dict((k, v) for k, v in server.items() if k not in ("id", "created", "type"))
    if server.get("type") in ("minecraft-java", "minecraft-bedrock"):
        out["server_type"] = server["type"].replace("-", "_")
    notes = []
    jar = JAR_URL.match(server.get("executable_update_url") or "") or JAR_FILE.match(server.get("executable") or "")
    if jar:
        out["jar"] = {"type": jar.group("type"), "version": jar.group("version")}
    heap = dict((m.group("which"), _gigabytes(m.group("size"), m.group("unit")))
                for m in HEAP.finditer(server.get("execution_command") or ""))
    if "s" in heap and "x" in heap:
        out["memory"] = {"min": heap["s"], "max": heap["x"]}
    for field in SETTINGS:
        value = out.get(field)
        if isinstance(value, str) and _names_folder_of(server, value):
            del out[field]
            notes.append("%s of server %r (%s) names the server's own folder; left out" % (field, server["name"], value))
    if "jar" not in out and server.get("type") == "minecraft-java":
        notes.append("jar of server %r: not readable from its settings; add it before applying to an empty panel"
                     % server["name"])
    return out, notes


def _names_folder_of(server, value):
    """Whether a setting is a path into the server's own folder (named by its UUID: the id since 4.3)."""
    own = str(server.get("id") or "")
    return len(own) >= 8 and own in value and ("/" in value or "\\" in value)


def _gigabytes(size, unit):
    """-Xmx2000M / -Xmx2048M / -Xmx2G -> 2 (Crafty writes GB x 1000 since 4.3, x 1024 before)."""
    size = int(size)
    if unit in "Gg":
        return float(size)
    for factor in (1000, 1024):
        if size % factor == 0:
            return float(size // factor)
    return round(size / 1000.0, 3)


def half_made(server):
    """What a server a failed create left behind lacks, in words."""
    if server.get("executable_update_url") == "":
        return ("it has no executable_update_url, so Crafty never downloads its jar (%s) and the server cannot start"
                % (server.get("executable") or "none"))
    return "Crafty did not finish setting it up"


def jar_category(catalogue, jar):
    """The catalogue category to create ``jar`` ({type, version, category}) from, checked against Crafty's
    catalogue (``GET /crafty/JarCache``, ``{category: {types: {type: {versions: {...}}}}}``).

    Crafty adds the server row before it looks the jar up, and fails half-way (HTTP 503) when the catalogue
    lacks it: so every part is checked here, before any write. Without a catalogue in that shape, the declared
    category, else :data:`DEFAULT_CATEGORY`.
    """
    categories = dict((name, entry["types"]) for name, entry in (catalogue or {}).items()
                      if isinstance(entry, dict) and isinstance(entry.get("types"), dict))
    if not categories:
        return jar.get("category") or DEFAULT_CATEGORY
    wanted = jar.get("category")
    if wanted is not None:
        match = [name for name in categories if name.lower() == wanted.lower()]
        if not match:
            raise ReconcileError("%r is not a category of Crafty's jar catalogue%s; it has %s"
                                 % (wanted, _did_you_mean(wanted, categories), ", ".join(sorted(categories))),
                                 option="jar.category")
        candidates = match
    else:
        candidates = sorted(categories)
    listing = [name for name in candidates if jar["type"] in categories[name]]
    if not listing:
        known = sorted(set(t for name in candidates for t in categories[name]))
        where = "category %s of Crafty's jar catalogue" % candidates[0] if wanted else "Crafty's jar catalogue"
        raise ReconcileError("%r is not a type in %s%s; it lists %s"
                             % (jar["type"], where, _did_you_mean(jar["type"], known), ", ".join(known)),
                             option="jar.type")
    category = listing[0]
    versions = (categories[category][jar["type"]] or {}).get("versions")
    if isinstance(versions, dict) and versions and str(jar["version"]) not in versions:
        newest = list(versions)[:8]
        raise ReconcileError("%r is not a version of %s in Crafty's jar catalogue%s; the newest it lists: %s"
                             % (jar["version"], jar["type"], _did_you_mean(str(jar["version"]), versions),
                                ", ".join(newest)), option="jar.version")
    return category


def _did_you_mean(word, candidates):
    guess = closest(word, candidates)
    return " (did you mean %r?)" % guess if guess else ""
