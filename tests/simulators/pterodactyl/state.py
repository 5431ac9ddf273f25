# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data model of the Pterodactyl simulator: tables keyed by id, id counters and seed data.

Records are plain dicts that use the panel's database column names (``name_first``,
``owner_id``, ``uuidShort``, ...). Timestamps are timezone-aware UTC ``datetime`` objects with
second precision (the panel's MySQL columns have no fractional part). The only deliberate
naming deviation: node daemon columns are stored as ``daemon_listen`` / ``daemon_sftp`` /
``daemon_base`` (the panel's columns are ``daemonListen`` / ``daemonSFTP`` / ``daemonBase``).
"""
from __future__ import annotations

import copy
import datetime
import hashlib
import json
import secrets
import string
import threading
import uuid

ACL_NONE = 0
ACL_READ = 1
ACL_WRITE = 2
ACL_ALL = ACL_READ | ACL_WRITE

KEY_TYPE_ACCOUNT = 1
KEY_TYPE_APPLICATION = 2

#: Resources that carry an ``r_<resource>`` ACL column on application keys.
ACL_RESOURCES = (
    "servers", "nodes", "allocations", "users", "locations", "nests", "eggs",
    "database_hosts", "server_databases",
)

IDENTIFIER_LENGTH = 16
TOKEN_SECRET_LENGTH = 32

#: 48-character application key (16-char identifier + 32-char secret) of seed user 1, full ACL.
DEFAULT_APP_KEY = "ptla_SimDefault1" + "gameopspanelsSimulatorSecret0001"

#: 48-character client (account) key of seed user 1.
DEFAULT_CLIENT_KEY = "ptlc_SimDefault1" + "gameopspanelsSimulatorClient0001"

#: Known password of seed user 1 (``admin``).
DEFAULT_ADMIN_PASSWORD = "admin-password"

DEFAULT_DAEMON_BASE = "/var/lib/pterodactyl/volumes"

TABLES = (
    "users", "api_keys", "locations", "nodes", "allocations", "nests", "eggs", "egg_variables",
    "servers", "server_variables", "subusers", "database_hosts", "databases",
    "backups", "schedules", "tasks", "user_ssh_keys", "activity_logs",
)

#: Columns never exposed by ``State.dump()``.
SECRET_COLUMNS = {
    "users": ("password", "remember_token", "totp_secret", "recovery_tokens"),
    "api_keys": ("token",),
    "nodes": ("daemon_token",),
    "databases": ("password",),
    "database_hosts": ("password",),
}

_SEED_NAMESPACE = uuid.UUID("6f1c1e0a-9a57-4d55-9b0e-5d3f8f7d2a10")

_ALNUM = string.ascii_letters + string.digits
_HASHID_ALPHABET = "Xk3pQ9mZrT7bWc1LnVy5Hd0Js8Gf2Ra4Ue6KiqBgNtMhOoPlCSuDvEwFxYzAjI"
_HASHID_MOD = 62 ** 8
_HASHID_MUL = 1580030173  # odd and not a multiple of 31, so invertible modulo 62**8


def random_string(length: int) -> str:
    """Random alphanumeric string (Laravel ``Str::random``)."""
    return "".join(secrets.choice(_ALNUM) for _i in range(length))


def hash_password(password: str) -> str:
    """Opaque one-way hash standing in for the panel's bcrypt hash."""
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((salt + password).encode("utf-8")).hexdigest()
    return "$sim-sha256$%s$%s" % (salt, digest)


def check_password(password: str, hashed: str) -> bool:
    """Verify ``password`` against a value produced by :func:`hash_password`."""
    try:
        _scheme, _rounds, salt, digest = hashed.split("$")
    except (AttributeError, ValueError):
        return False
    return hashlib.sha256((salt + password).encode("utf-8")).hexdigest() == digest


def encode_hashid(value: int) -> str:
    """Deterministic reversible 8-character id (stands in for the panel's hashids)."""
    number = (value * _HASHID_MUL) % _HASHID_MOD
    chars = []
    for _i in range(8):
        number, rem = divmod(number, 62)
        chars.append(_HASHID_ALPHABET[rem])
    return "".join(chars)


def decode_hashid(text: str):
    """Inverse of :func:`encode_hashid`; ``None`` when ``text`` is not a valid hashid."""
    if not isinstance(text, str) or len(text) != 8 or any(c not in _HASHID_ALPHABET for c in text):
        return None
    number = 0
    for char in reversed(text):
        number = number * 62 + _HASHID_ALPHABET.index(char)
    value = (number * pow(_HASHID_MUL, -1, _HASHID_MOD)) % _HASHID_MOD
    return value if 0 < value < 2 ** 31 else None


def utcnow() -> datetime.datetime:
    """Current UTC time truncated to whole seconds."""
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


class State:
    """All simulator tables. Mutate only while holding ``lock``."""

    def __init__(self, seed=True):
        self.lock = threading.RLock()
        self.clock = utcnow
        self._next_ids = {}
        self.users = {}
        self.api_keys = {}
        self.locations = {}
        self.nodes = {}
        self.allocations = {}
        self.nests = {}
        self.eggs = {}
        self.egg_variables = {}
        self.servers = {}
        self.server_variables = {}
        self.subusers = {}
        self.database_hosts = {}
        self.databases = {}
        self.backups = {}
        self.schedules = {}
        self.tasks = {}
        #: SSH keys of accounts (soft-deleted rows keep ``deleted_at``).
        self.user_ssh_keys = {}
        #: Activity log rows; ``subjects`` is a list of ``(type, id)`` (the panel's activity_log_subjects).
        self.activity_logs = {}
        #: Client API runtime data not stored in panel tables: server id -> power state / console commands.
        self.power_states = {}
        self.console = {}
        #: The simulated Wings filesystem of each server: server id -> ``wings_files.ServerFiles``.
        self.files = {}
        #: Simulated Wings callbacks: key -> (due unix time, callable).
        self.pending = {}
        #: (table, column) -> the column's unique index (see :meth:`unique_candidates`)
        self._unique = {}
        self.reset(seed=seed)

    # ------------------------------------------------------------------ generic helpers

    def reset(self, seed=True) -> None:
        """Drop every row and, if ``seed``, load the seed data again. ``seed="bare"`` loads only what no API
        can create (the admin account and its keys, the nests and eggs, a database host on no node): a
        panel to build from nothing, with no locations, nodes, allocations or servers."""
        with self.lock:
            for table in TABLES:
                getattr(self, table).clear()
                self._next_ids[table] = 1
            self._unique.clear()
            self.power_states.clear()
            self.console.clear()
            self.files.clear()
            self.pending.clear()
            if seed:
                self._seed(bare=seed == "bare")

    def table(self, name: str) -> dict:
        """The dict (id -> record) of table ``name``."""
        if name not in TABLES:
            raise KeyError(name)
        return getattr(self, name)

    def now(self) -> datetime.datetime:
        return self.clock()

    def insert(self, table: str, record: dict, timestamps: bool = True) -> dict:
        """Insert ``record`` (without id) into ``table``; assigns the next auto-increment id."""
        with self.lock:
            rows = self.table(table)
            new_id = self._next_ids[table]
            self._next_ids[table] = new_id + 1
            row = {"id": new_id}
            row.update(record)
            if timestamps:
                now = self.now()
                row.setdefault("created_at", now)
                row.setdefault("updated_at", now)
            rows[new_id] = row
            self._index(table, row, add=True)
            return row

    def update(self, record: dict, changes: dict) -> bool:
        """Apply ``changes``; bumps ``updated_at`` only when something changed (Eloquent dirty check)."""
        with self.lock:
            indexed = [(table, column) for table, column in self._unique
                       if column in changes and self.table(table).get(record.get("id")) is record]
            for table, column in indexed:
                self._index_value(table, column, record, add=False)
            dirty = False
            for key, value in changes.items():
                if key not in record or record[key] != value or type(record[key]) is not type(value):
                    record[key] = value
                    dirty = True
            if dirty and "updated_at" in record:
                record["updated_at"] = self.now()
            for table, column in indexed:
                self._index_value(table, column, record, add=True)
            return dirty

    def delete(self, table: str, record_id: int) -> None:
        with self.lock:
            row = self.table(table).pop(record_id, None)
            if row is not None:
                self._index(table, row, add=False)

    # ------------------------------------------------------------------ unique indexes

    @staticmethod
    def unique_key(value):
        """A string as a unique index of the panel's MySQL collation finds it: case-blind, trailing spaces ignored."""
        return value.rstrip(" ").casefold()

    def unique_candidates(self, table: str, column: str, key: str) -> list:
        """The rows of ``table`` whose string ``column`` has :meth:`unique_key` ``key``, and every row whose
        ``column`` holds a number (MySQL compares those loosely: the caller decides). An index of the column,
        built on first use and kept by insert, update and delete, as the panel's unique index answers without
        reading the table."""
        with self.lock:
            if (table, column) not in self._unique:
                self._unique[(table, column)] = ({}, set())
                for row in self.table(table).values():
                    self._index_value(table, column, row, add=True)
            by_key, loose = self._unique[(table, column)]
            rows = self.table(table)
            return [rows[i] for i in sorted(by_key.get(key, set()) | loose)]

    def _index(self, table, row, add):
        for indexed_table, column in self._unique:
            if indexed_table == table:
                self._index_value(table, column, row, add)

    def _index_value(self, table, column, row, add):
        by_key, loose = self._unique[(table, column)]
        value = row.get(column)
        if value is None:
            return
        if isinstance(value, str):
            ids = by_key.setdefault(self.unique_key(value), set())
        else:
            ids = loose
        if add:
            ids.add(row["id"])
        else:
            ids.discard(row["id"])

    @staticmethod
    def sorted_rows(rows) -> list:
        return sorted(rows, key=lambda r: r["id"])

    def rows(self, table: str, **where) -> list:
        """Rows of ``table`` (ordered by id) whose columns equal the given values."""
        result = []
        for row in self.table(table).values():
            if all(row.get(k) == v for k, v in where.items()):
                result.append(row)
        return self.sorted_rows(result)

    # ------------------------------------------------------------------ relations

    def egg_variables_of(self, egg_id: int) -> list:
        return self.rows("egg_variables", egg_id=egg_id)

    def server_variable_row(self, server_id: int, variable_id: int):
        for row in self.server_variables.values():
            if row["server_id"] == server_id and row["variable_id"] == variable_id:
                return row
        return None

    def server_environment(self, server_id: int) -> dict:
        """ENV name -> effective value (server value, else the egg default) for a server's egg."""
        server = self.servers[server_id]
        env = {}
        for variable in self.egg_variables_of(server["egg_id"]):
            row = self.server_variable_row(server_id, variable["id"])
            env[variable["env_variable"]] = row["variable_value"] if row is not None else variable["default_value"]
        return env

    def set_server_variable(self, server_id: int, variable_id: int, value: str) -> None:
        with self.lock:
            row = self.server_variable_row(server_id, variable_id)
            if row is None:
                self.insert("server_variables", {"server_id": server_id, "variable_id": variable_id, "variable_value": value})
            else:
                self.update(row, {"variable_value": value})

    # ------------------------------------------------------------------ convenience inserts

    def add_user(self, username: str, email=None, first_name: str = "Seed", last_name: str = "User",
                 root_admin: bool = False, external_id=None, password=None, language: str = "en",
                 use_totp: bool = False, user_uuid=None) -> dict:
        """Insert a user directly (no validation)."""
        username = str(username).lower()
        return self.insert("users", {
            "external_id": external_id,
            "uuid": user_uuid or str(uuid.uuid4()),
            "username": username,
            "email": email if email is not None else "%s@example.test" % username,
            "name_first": first_name,
            "name_last": last_name,
            "password": hash_password(password if password is not None else random_string(30)),
            "remember_token": None,
            "language": language,
            "root_admin": bool(root_admin),
            "use_totp": bool(use_totp),
            "totp_secret": None,
            "totp_authenticated_at": None,
            "gravatar": True,
        })

    def add_api_key(self, token: str, user_id: int, acl=None, key_type=None, allowed_ips=None,
                    expires_at=None, memo: str = "") -> dict:
        """Register an API token (``ptla_``: application key with ACL, ``ptlc_``: account key).

        ``acl`` maps resource -> 0/1/3; resources not listed get 0. ``acl=None`` on an application
        key means full access. The token's first 16 characters are its identifier.
        """
        if key_type is None:
            key_type = KEY_TYPE_ACCOUNT if token.startswith("ptlc_") else KEY_TYPE_APPLICATION
        record = {
            "user_id": user_id,
            "key_type": key_type,
            "identifier": token[:IDENTIFIER_LENGTH],
            "token": token[IDENTIFIER_LENGTH:],
            "allowed_ips": list(allowed_ips or []),
            "memo": memo,
            "last_used_at": None,
            "expires_at": expires_at,
        }
        for resource in ACL_RESOURCES:
            if key_type != KEY_TYPE_APPLICATION:
                level = ACL_NONE
            elif acl is None:
                level = ACL_ALL
            else:
                level = int(acl.get(resource, ACL_NONE))
            record["r_" + resource] = level
        with self.lock:
            for existing in list(self.api_keys.values()):
                if existing["identifier"] == record["identifier"]:
                    del self.api_keys[existing["id"]]
            return self.insert("api_keys", record)

    def add_database_host(self, name: str, host: str = "127.0.0.1", port: int = 3306, username: str = "pterodactyl",
                          password: str = "secret", max_databases=None, node_id=None) -> dict:
        """A ``database_hosts`` row (admin area only; no API route creates one)."""
        if node_id is not None and node_id not in self.nodes:
            raise TypeError("no node %r" % (node_id,))
        return self.insert("database_hosts", {
            "name": name, "host": host, "port": int(port), "username": username, "password": password,
            "max_databases": max_databases, "node_id": node_id,
        })

    def add_allocation(self, node_id: int, ip: str, port: int, ip_alias=None, server_id=None, notes=None) -> dict:
        return self.insert("allocations", {
            "node_id": node_id, "ip": ip, "ip_alias": ip_alias, "port": int(port),
            "server_id": server_id, "notes": notes,
        })

    def add_node(self, name: str, location_id: int, fqdn: str, memory: int, disk: int, **extra) -> dict:
        record = {
            "uuid": str(uuid.uuid4()),
            "public": True,
            "name": name,
            "description": None,
            "location_id": location_id,
            "fqdn": fqdn,
            "scheme": "https",
            "behind_proxy": False,
            "maintenance_mode": False,
            "memory": memory,
            "memory_overallocate": 0,
            "disk": disk,
            "disk_overallocate": 0,
            "upload_size": 100,
            "daemon_token_id": random_string(16),
            "daemon_token": random_string(64),
            "daemon_listen": 8080,
            "daemon_sftp": 2022,
            "daemon_base": DEFAULT_DAEMON_BASE,
        }
        record.update(extra)
        return self.insert("nodes", record)

    # ------------------------------------------------------------------ dump

    def dump(self) -> dict:
        """JSON-serialisable copy of every table with secrets removed."""
        with self.lock:
            out = {}
            for table in TABLES:
                rows = []
                for row in self.sorted_rows(self.table(table).values()):
                    clean = {k: v for k, v in row.items() if k not in SECRET_COLUMNS.get(table, ())}
                    rows.append(copy.deepcopy(clean))
                out[table] = rows
            return json.loads(json.dumps(out, default=_json_default))

    # ------------------------------------------------------------------ seed

    def _seed_uuid(self, name: str) -> str:
        return str(uuid.uuid5(_SEED_NAMESPACE, name))

    def _seed(self, bare: bool = False) -> None:
        self.add_user("admin", email="admin@example.test", first_name="Panel", last_name="Admin",
                      root_admin=True, user_uuid=self._seed_uuid("user-1"), password=DEFAULT_ADMIN_PASSWORD)
        self.add_api_key(DEFAULT_APP_KEY, 1, acl=None, memo="gameops.panels simulator default key")
        self.add_api_key(DEFAULT_CLIENT_KEY, 1, memo="gameops.panels simulator default client key")
        if not bare:
            self._seed_infrastructure()
        self._seed_nests()
        self.add_database_host("mysql-eu-1", password="sim-database-host-password", node_id=None if bare else 1)

    def _seed_infrastructure(self) -> None:
        self.insert("locations", {"short": "eu-west", "long": "Europe West"})
        self.insert("locations", {"short": "us-east", "long": "US East"})

        self.add_node("node-eu-1", 1, "node-eu-1.example.test", 16384, 204800, uuid=self._seed_uuid("node-1"))
        self.add_node("node-us-1", 2, "node-us-1.example.test", 8192, 102400, uuid=self._seed_uuid("node-2"))
        for port in range(25565, 25585):
            self.add_allocation(1, "127.0.0.1", port)
        for port in range(25565, 25575):
            self.add_allocation(2, "127.0.0.2", port)

    def _seed_nests(self) -> None:
        author = "support@pterodactyl.io"
        self.insert("nests", {
            "uuid": self._seed_uuid("nest-1"), "author": author, "name": "Minecraft",
            "description": "Minecraft - the classic game from Mojang. With support for Vanilla MC, Spigot, and many others!",
        })
        self.insert("nests", {
            "uuid": self._seed_uuid("nest-2"), "author": author, "name": "Source Engine",
            "description": "Includes support for most Source Dedicated Server games.",
        })

        minecraft_files = json.dumps({"server.properties": {"parser": "properties", "find": {
            "server-ip": "0.0.0.0", "server-port": "{{server.build.default.port}}",
            "query.port": "{{server.build.default.port}}"}}})
        self._seed_egg(1, "Paper", "High performance Spigot fork that aims to fix gameplay and mechanics inconsistencies.",
                       {"Java 21": "ghcr.io/pterodactyl/yolks:java_21", "Java 17": "ghcr.io/pterodactyl/yolks:java_17"},
                       "java -Xms128M -Xmx{{SERVER_MEMORY}}M -Dterminal.jline=false -jar {{SERVER_JARFILE}}",
                       minecraft_files, json.dumps({"done": ")! For help, type "}), "stop",
                       ["eula", "java_version", "pid_limit"], "ghcr.io/pterodactyl/installers:alpine", "ash", [
                           ("Minecraft Version", "The version of minecraft to download.", "MINECRAFT_VERSION", "latest",
                            "nullable|string|max:20"),
                           ("Server Jar File", "The name of the server jarfile to run the server with.", "SERVER_JARFILE",
                            "server.jar", r"required|regex:/^([\w\d._-]+)(\.jar)$/"),
                           ("Build Number", "The build number for the paper release.", "BUILD_NUMBER", "latest",
                            "required|string|max:20"),
                       ])
        self._seed_egg(1, "Vanilla Minecraft", "Minecraft is a game about placing blocks and going on adventures.",
                       {"Java 21": "ghcr.io/pterodactyl/yolks:java_21"},
                       "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
                       minecraft_files, json.dumps({"done": ")! For help, type "}), "stop",
                       ["eula", "java_version", "pid_limit"], "ghcr.io/pterodactyl/installers:alpine", "ash", [
                           ("Server Jar File", "The name of the server jarfile to run the server with.", "SERVER_JARFILE",
                            "server.jar", r"required|regex:/^([\w\d._-]+)(\.jar)$/"),
                           ("Server Version", "The version of Minecraft Vanilla to install.", "VANILLA_VERSION", "latest",
                            "required|string|between:3,15"),
                       ])
        self._seed_egg(2, "Garrys Mod", "Garrys Mod is a sandbox physics game.",
                       {"Source": "ghcr.io/parkervcp/games:source"},
                       "./srcds_run -game garrysmod +map {{SRCDS_MAP}} +maxplayers {{MAX_PLAYERS}}",
                       "{}", json.dumps({"done": "gameserver Steam ID"}), "quit",
                       ["gsl_token", "steam_disk_space"], "ghcr.io/parkervcp/installers:debian", "bash", [
                           ("Default Map", "The default map for the server.", "SRCDS_MAP", "gm_flatgrass",
                            "required|string|alpha_dash"),
                           ("Max Players", "The maximum amount of players allowed on the server.", "MAX_PLAYERS", "32",
                            "required|integer|between:1,128"),
                           ("Steam Account Token", "The Steam Account Token required for the server to be displayed publicly.",
                            "STEAM_ACC", "", "nullable|string|alpha_num|size:32"),
                       ])

    def _seed_egg(self, nest_id, name, description, docker_images, startup, config_files, config_startup,
                  config_stop, features, script_container, script_entry, variables) -> None:
        egg_id = self._next_ids["eggs"]
        self.insert("eggs", {
            "uuid": self._seed_uuid("egg-%d" % egg_id),
            "nest_id": nest_id,
            "author": "support@pterodactyl.io",
            "name": name,
            "description": description,
            "features": features,
            "docker_images": dict(docker_images),
            "file_denylist": [],
            "update_url": None,
            "config_files": config_files,
            "config_startup": config_startup,
            "config_logs": "{}",
            "config_stop": config_stop,
            "config_from": None,
            "startup": startup,
            "script_container": script_container,
            "copy_script_from": None,
            "script_entry": script_entry,
            "script_is_privileged": True,
            "script_install": "#!/bin/%s\n# Simulated install script for %s\necho \"done\"\n" % (script_entry, name),
            "force_outgoing_ip": False,
        })
        for var_name, var_description, env, default, rules in variables:
            self.insert("egg_variables", {
                "egg_id": egg_id,
                "name": var_name,
                "description": var_description,
                "env_variable": env,
                "default_value": default,
                "user_viewable": True,
                "user_editable": True,
                "rules": rules,
            })


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)
