# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulated Crafty database: tables keyed by id with Crafty's column names, and the permission rules.

Rows are plain dicts. Rows whose order matters to Crafty (``role_servers``,
``user_roles``: the first matching row decides a user's server mask) are lists
in insertion (database) order.
"""
from __future__ import annotations

import copy
import datetime
import json
import threading
import time
import uuid

from .files import MANAGED_TEXT, ServerFiles

DEFAULT_ADMIN_USERNAME = "admin"
DEFAULT_ADMIN_PASSWORD = "Crafty-Admin-2026"  # 8..20 characters: valid on every version
SYSTEM_USERNAME = "system"
ANTI_LOCKOUT_USERNAME = "anti-lockout-user"

SERVER_PERMISSIONS = ("COMMANDS", "TERMINAL", "LOGS", "SCHEDULE", "BACKUP", "FILES", "CONFIG", "PLAYERS")
CRAFTY_PERMISSIONS = ("SERVER_CREATION", "USER_CONFIG", "ROLES_CONFIG")
FULL_SERVER_MASK = "1" * len(SERVER_PERMISSIONS)
NO_SERVER_MASK = "0" * len(SERVER_PERMISSIONS)

SERVERS_ROOT = "/crafty/servers"
BACKUPS_ROOT = "/crafty/backups"

#: Versions the simulated catalogue lists for each Minecraft server type (the real list changes with every
#: refresh of the catalogue; these are a few real ones, newest first).
MINECRAFT_VERSIONS = ["1.21.4", "1.21.1", "1.20.6", "1.20.4", "1.20.1", "1.19.4"]
#: The big bucket catalogue's categories and their server types (app/config/bigbucket.json of 4.10.7), with
#: the versions the simulator lists (GET /crafty/JarCache) and takes on create; ``None`` for a type's
#: versions takes any version (and lists none).
BIG_BUCKET = {
    "mc_java_servers": dict((jar, list(MINECRAFT_VERSIONS)) for jar in (
        "vanilla", "fabric", "forge-installer", "neoforge-installer", "purpur", "paper", "folia")),
    "mc_java_proxies": {"velocity": ["3.4.0", "3.4.0-SNAPSHOT", "3.3.0-SNAPSHOT"], "bungee-cord": ["latest"]},
}
#: what the catalogue calls each category
BIG_BUCKET_NAMES = {"mc_java_servers": "Minecraft Servers", "mc_java_proxies": "Minecraft Proxies"}
#: types whose catalogue entries name the mod loader's version too
LOADER_TYPES = ("fabric", "forge-installer", "neoforge-installer")
BIG_BUCKET_URL = "https://jars.arcadiatech.org"
#: Types whose download is an installer: no update URL is looked up, the jar keeps its version.
MODDED_TYPES = ("forge-installer", "neoforge-installer")

#: config.json defaults the API can change (PATCH /crafty/config); read by the login lock-out and TOTP.
DEFAULT_CONFIG = {
    "https_port": 8443, "language": "en_EN", "cookie_expire": 30, "show_errors": True, "history_max_age": 7,
    "stats_update_frequency_seconds": 30, "delete_default_json": False, "show_contribute_link": True,
    "virtual_terminal_lines": 70, "max_log_lines": 700, "max_audit_entries": 300, "disabled_language_files": [],
    "stream_size_GB": 1, "keywords": ["help", "chunk"], "allow_nsfw_profile_pictures": False,
    "enable_user_self_delete": False, "reset_secrets_on_next_boot": False, "monitored_mounts": [],
    "dir_size_poll_freq_minutes": 5, "crafty_logs_delete_after_days": 0,
    "big_bucket_repo": "https://jars.arcadiatech.org", "enable_otp_skew": True, "max_login_attempts": 3,
    "superMFA": False,
}


def crafty_time(moment: datetime.datetime = None) -> str:
    """Crafty's own formatter (``Helpers.get_time_as_string``): ``MM/DD/YYYY, HH:MM:SS``."""
    return (moment or datetime.datetime.now()).strftime("%m/%d/%Y, %H:%M:%S")


def iso_time(moment: datetime.datetime = None) -> str:
    """A database default timestamp as peewee serialises it (ISO-8601, no zone)."""
    return (moment or datetime.datetime.now()).isoformat()


def gb_to_mb_text(profile, gigabytes) -> str:
    """The memory of a java command: 4.0.8 ``str(int(gb * 1024))``; newer Crafty's ``float_to_string``
    (``gb * 1000`` with trailing zeros and the dot stripped)."""
    if profile.create_memory_factor == 1024:
        return str(int(gigabytes * 1024))
    return str(float(gigabytes) * 1000).rstrip("0").rstrip(".")


def java_command(profile, mem_min, mem_max, jar, installer=False) -> str:
    """``java -Xms..M -Xmx..M -jar <jar> nogui`` relative to the server folder (``--installServer`` for
    a modded installer)."""
    heap = (gb_to_mb_text(profile, mem_min), gb_to_mb_text(profile, mem_max))
    return "java -Xms%sM -Xmx%sM -jar %s %s" % (heap + (jar, "--installServer" if installer else "nogui"))


def mask_and(first: str, second: str) -> str:
    """Bitwise AND of two equally long ``0``/``1`` strings (API-key restrictions, permissions.md 2.2)."""
    return "".join("1" if a == "1" and b == "1" else "0" for a, b in zip(first, second))


def mask_from_names(names, universe) -> str:
    """``"10000010"`` from ``["COMMANDS", "CONFIG"]`` (names are case-insensitive)."""
    wanted = {str(name).upper() for name in names}
    unknown = wanted - set(universe)
    if unknown:
        raise ValueError("unknown permission(s) %s; known: %s" % (", ".join(sorted(unknown)), ", ".join(universe)))
    return "".join("1" if name in wanted else "0" for name in universe)


def normalise_server_mask(value) -> str:
    """A role's server permissions from a mask string, or a list/comma string of readable names."""
    if isinstance(value, str) and len(value) == len(SERVER_PERMISSIONS) and set(value) <= {"0", "1"}:
        return value
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    return mask_from_names(value, SERVER_PERMISSIONS)


class State:
    """All tables of one simulated panel. Callers hold ``lock`` while they read or write."""

    def __init__(self, profile, seed=True):
        self.profile = profile
        self.lock = threading.RLock()
        self.reset(seed)

    # ------------------------------------------------------------------ lifecycle

    def reset(self, seed=True) -> None:
        self.users = {}
        self._user_ids = {}           # username -> user_id, as the database's unique index (see user_by_name)
        self.user_roles = []          # [{"user_id", "role_id"}] in database order
        self.user_crafty = {}         # user_id -> crafty permission row
        self.roles = {}
        self.role_servers = []        # [{"role_id", "server_id", "permissions"}] in database order
        self.api_keys = {}            # token_id -> key row
        self.servers = {}             # server_id -> server row
        self.server_status = {}       # server_id -> simulated process state (running, eula, ...)
        self.console = {}             # server_id -> commands typed into the console
        self.files = {}               # server_id -> files.ServerFiles: the server's folder
        self.schedules = {}
        self.webhooks = {}
        self.backups = {}             # 4.4.1+: backup_id -> backup configuration row
        self.backup_single = {}       # 4.1-4.4.0: server_id -> the one backup configuration
        self.archives = {}            # backup_id (or server_id before 4.4.1) -> [archive file names]
        self.totp = {}                # totp_id -> {"id", "user_id", "name", "totp_secret"}
        self.pending_totp = {}        # totp_id -> enrolment not yet verified
        self.recovery_codes = {}      # user_id -> [backup codes, lower-case without dashes]
        self.used_totp = {}           # (user_id, code) -> time used (single use for 60 s)
        self.login_failures = {}      # ip -> [epoch seconds]
        self.cooldowns = {}           # ip -> epoch second the lock-out ends
        self.issued_tokens = {}       # token string -> user_id (lets the test helper revoke precisely)
        self.revoked_tokens = set()
        self.webhook_deliveries = []  # test fires and event deliveries
        self.config = copy.deepcopy(DEFAULT_CONFIG)
        #: the big bucket catalogue server create checks (4.4+): {category: {type: [versions] or None}}
        self.big_bucket = copy.deepcopy(BIG_BUCKET)
        self.host_stats_id = 0
        self.jwt_secret = uuid.uuid4().hex + uuid.uuid4().hex
        self._next = {"user": 1, "role": 1, "server": 1, "webhook": 1, "api_key": 1, "stats": 1}
        if seed:
            self.seed()

    def seed(self) -> None:
        self.add_user(DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, superuser=True)
        # Crafty's add_system_user: neither superuser nor enabled (4.0.8 and 4.10.7 alike)
        self.add_user(SYSTEM_USERNAME, None, superuser=False, enabled=False)

    def next_id(self, kind: str) -> int:
        value = self._next[kind]
        self._next[kind] = value + 1
        return value

    # ------------------------------------------------------------------ users

    def add_user(self, username, password, superuser=False, enabled=True, email="default@example.com",
                 lang="en_EN", manager=None, theme="default", hints=True, valid_tokens_from=0.0,
                 user_id=None, max_ram_gb=4.0, via_api=False) -> dict:
        """Insert a user row. Seeded users get ``valid_tokens_from`` 0 so they can log in at once.

        ``via_api``: Crafty's ``add_user`` writes ``last_update`` with its own formatter (``MM/DD/YYYY,
        HH:MM:SS``); users made at install time keep the database default (ISO)."""
        username = str(username).lower()
        if self.user_by_name(username) is not None:
            raise ValueError("user %r exists" % username)
        user_id = user_id if user_id is not None else self.next_id("user")
        self._next["user"] = max(self._next["user"], user_id + 1)
        now = datetime.datetime.now()
        row = {
            "user_id": user_id,
            "created": crafty_time(now),
            "last_login": iso_time(now),
            "last_update": crafty_time(now) if via_api else iso_time(now),
            "last_ip": "",
            "username": username,
            "password": password,
            "email": email,
            "enabled": bool(enabled),
            "superuser": bool(superuser),
            "lang": lang,
        }
        if self.profile.user_support_logs:
            row["support_logs"] = ""
        row.update({
            "valid_tokens_from": float(valid_tokens_from),
            "server_order": "",
            "preparing": False,
            "hints": bool(hints),
        })
        if self.profile.managers:
            row["manager"] = manager
            row["pfp"] = "/static/assets/images/faces-clipart/pic-3.png"
            row["theme"] = theme
            row["cleared_notifs"] = "default"  # the column default (4.4.8 and 4.10.7 models)
        if self.profile.user_password_auth_flag:
            row["disable_password_auth"] = False
        if self.profile.user_dashboard_columns:
            row["dashboard_columns"] = "server,actions,cpuUsage,memUsage,size,players,status"
        if self.profile.user_ram_limit:
            row["max_ram_gb"] = float(max_ram_gb)
        self.users[user_id] = row
        self._user_ids[username] = user_id
        return row

    def user_by_name(self, username):
        """The user row named ``username`` (exactly), found by an index as the database's unique index finds it;
        a deleted or renamed user's stale entry is told apart by the row itself."""
        row = self.users.get(self._user_ids.get(str(username)))
        return row if row is not None and row["username"] == str(username) else None

    def rename_user(self, row, username):
        """Set a user's name (its index entry follows)."""
        row["username"] = username
        self._user_ids[username] = row["user_id"]

    def crafty_row(self, user_id) -> dict:
        """The user's ``user_crafty`` row, created lazily with mask 000 and zero limits."""
        row = self.user_crafty.get(user_id)
        if row is None:
            row = {"user_id": user_id, "permissions": "000", "limit_server_creation": 0, "limit_user_creation": 0,
                   "limit_role_creation": 0, "created_server": 0, "created_user": 0, "created_role": 0}
            self.user_crafty[user_id] = row
        return row

    def set_crafty_permissions(self, user_id, mask: str, limits=None) -> None:
        limits = limits or {}
        row = self.crafty_row(user_id)
        row["permissions"] = mask
        row["limit_server_creation"] = limits.get("SERVER_CREATION", 0)
        row["limit_user_creation"] = limits.get("USER_CONFIG", 0)
        row["limit_role_creation"] = limits.get("ROLES_CONFIG", 0)

    def user_role_ids(self, user_id) -> list:
        return [row["role_id"] for row in self.user_roles if row["user_id"] == user_id and row["role_id"] in self.roles]

    def add_user_role(self, user_id, role_id) -> None:
        if not any(r["user_id"] == user_id and r["role_id"] == role_id for r in self.user_roles):
            self.user_roles.append({"user_id": user_id, "role_id": role_id})

    def remove_user_roles(self, user_id, role_ids) -> None:
        role_ids = set(role_ids)
        self.user_roles = [r for r in self.user_roles if not (r["user_id"] == user_id and r["role_id"] in role_ids)]

    def delete_user(self, user_id) -> None:
        """Crafty's ``remove_user``: managed users/roles lose their manager; roles and API keys go."""
        for row in self.users.values():
            if row.get("manager") == user_id:
                row["manager"] = None
        for row in self.roles.values():
            if row.get("manager") == user_id:
                row["manager"] = None
        self.user_roles = [r for r in self.user_roles if r["user_id"] != user_id]
        self.users.pop(user_id, None)
        self.user_crafty.pop(user_id, None)
        for key_id in [k for k, row in self.api_keys.items() if row["user_id"] == user_id]:
            del self.api_keys[key_id]

    # ------------------------------------------------------------------ roles

    def add_role(self, name, servers=None, manager=None, mfa_required=False, lower=True) -> dict:
        role_name = str(name).lower() if lower else str(name)
        if any(r["role_name"] == role_name for r in self.roles.values()):
            raise ValueError("role %r exists" % role_name)
        role_id = self.next_id("role")
        now = datetime.datetime.now()
        row = {"role_id": role_id, "created": crafty_time(now), "last_update": iso_time(now), "role_name": role_name}
        if self.profile.managers:
            row["manager"] = manager
        if self.profile.role_mfa:
            row["mfa_required"] = bool(mfa_required)
        self.roles[role_id] = row
        for server_id, mask in (servers or {}).items():
            self.set_role_server(role_id, server_id, normalise_server_mask(mask))
        return row

    def role_by_name(self, name):
        for row in self.roles.values():
            if row["role_name"] == name:
                return row
        return None

    def set_role_server(self, role_id, server_id, mask) -> None:
        for row in self.role_servers:
            if row["role_id"] == role_id and row["server_id"] == server_id:
                row["permissions"] = mask
                return
        self.role_servers.append({"role_id": role_id, "server_id": server_id, "permissions": mask})

    def role_server_rows(self, role_id) -> list:
        return [row for row in self.role_servers if row["role_id"] == role_id]

    def delete_role(self, role_id) -> None:
        self.role_servers = [r for r in self.role_servers if r["role_id"] != role_id]
        self.user_roles = [r for r in self.user_roles if r["role_id"] != role_id]
        self.roles.pop(role_id, None)

    # ------------------------------------------------------------------ permissions

    def crafty_mask(self, user, api_key=None) -> str:
        """Effective crafty permission mask: superuser (and a full-access key) -> 111, else user AND key."""
        if user["superuser"] and (api_key is None or api_key["full_access"]):
            return "1" * len(CRAFTY_PERMISSIONS)
        mask = "1" * len(CRAFTY_PERMISSIONS) if user["superuser"] else self.crafty_row(user["user_id"])["permissions"][:3]
        if api_key is not None:
            mask = mask_and(mask, api_key["crafty_permissions"][:3])
        return mask

    def crafty_permissions(self, user, api_key=None) -> set:
        mask = self.crafty_mask(user, api_key)
        return {name for name, bit in zip(CRAFTY_PERMISSIONS, mask) if bit == "1"}

    def is_superuser(self, user, api_key=None) -> bool:
        return bool(user["superuser"]) and (api_key is None or bool(api_key["full_access"]))

    def authorized_servers(self, user, api_key=None) -> list:
        """``GET /servers``: all for a superuser, else walked role by role (duplicates possible, quirk 22)."""
        if self.is_superuser(user, api_key):
            return list(self.servers.values())
        result = []
        for role_id in self.user_role_ids(user["user_id"]):
            for row in self.role_server_rows(role_id):
                server = self.servers.get(row["server_id"])
                if server is not None:
                    result.append(server)
        return result

    def has_access(self, user, server_id, api_key=None) -> bool:
        return any(str(s["server_id"]) == str(server_id) for s in self.authorized_servers(user, api_key))

    def user_server_mask(self, user, server_id) -> str:
        """First matching role row wins; masks of several roles are not OR-ed (permissions.md 2.1)."""
        if user["superuser"]:
            return FULL_SERVER_MASK
        roles = set(self.user_role_ids(user["user_id"]))
        for row in self.role_servers:
            if row["role_id"] in roles and str(row["server_id"]) == str(server_id):
                return row["permissions"]
        return NO_SERVER_MASK

    def server_mask(self, user, server_id, api_key=None) -> str:
        mask = self.user_server_mask(user, server_id)
        if api_key is not None and self.profile.at_least(4, 1, 0):
            key_mask = FULL_SERVER_MASK if api_key["full_access"] else api_key["server_permissions"]
            mask = mask_and(mask, key_mask)
        return mask

    def server_permissions(self, user, server_id, api_key=None) -> set:
        mask = self.server_mask(user, server_id, api_key)
        return {name for name, bit in zip(SERVER_PERMISSIONS, mask) if bit == "1"}

    # ------------------------------------------------------------------ servers

    def new_server_id(self):
        if self.profile.uuid_server_ids:
            return str(uuid.uuid4())
        return self.next_id("server")

    def find_server(self, server_id):
        """Look a path id up the way the route regex hands it over (a string)."""
        for key, row in self.servers.items():
            if str(key) == str(server_id):
                return row
        return None

    def add_server(self, name, server_type="minecraft-java", executable="paper-1.20.4.jar", port=25565,
                   ip="127.0.0.1", mem_min=1, mem_max=2, created_by=-100, stop_command="stop",
                   log_path=None, execution_command=None, server_id=None, **fields) -> dict:
        server_id = server_id if server_id is not None else self.new_server_id()
        directory = server_id if self.profile.uuid_server_ids else str(uuid.uuid4())
        path = "%s/%s" % (SERVERS_ROOT, directory)
        if execution_command is None:
            if server_type == "minecraft-bedrock":
                execution_command = "./%s" % executable
            else:
                execution_command = java_command(self.profile, mem_min, mem_max, executable)
        if log_path is None:
            log_path = "./logs/latest.log"
        row = {"server_id": server_id, "created": iso_time()}
        if not self.profile.uuid_server_ids:
            row["server_uuid"] = directory
        row.update({"server_name": name, "path": path})
        if not self.profile.multi_backup:
            row["backup_path"] = "%s/%s" % (BACKUPS_ROOT, directory)
        row.update({
            "executable": executable,
            "log_path": log_path,
            "execution_command": execution_command,
            "auto_start": False,
            "auto_start_delay": 10,
            "crash_detection": False,
            "stop_command": stop_command or "stop",
            "executable_update_url": "",
            "server_ip": ip,
            "server_port": int(port),
            "logs_delete_after": 0,
            "type": server_type,
        })
        row["show_status"] = True
        if self.profile.server_created_by:
            row.update({"created_by": created_by, "shutdown_timeout": 60, "ignored_exits": "0"})
            if self.profile.server_app_fields:
                row["app_id"] = None
            row["count_players"] = True
            if self.profile.server_app_fields:
                row["update_watcher"] = False
        unknown = set(fields) - set(row)
        if unknown:
            raise ValueError("unknown server field(s) for Crafty %s: %s" % (self.profile.version, ", ".join(sorted(unknown))))
        row.update(fields)
        self.servers[server_id] = row
        self.server_status[server_id] = {"running": False, "started": "", "eula": True, "crashed": False,
                                         "updating": False, "importing": False, "waiting_start": False,
                                         "update_available": False, "backing_up": False, "last_backup_failed": False}
        self.console[server_id] = []
        # create_api_server ends by placing crafty_managed.txt in the new folder
        self.files[server_id] = ServerFiles(path)
        self.files[server_id].put("crafty_managed.txt", MANAGED_TEXT)
        if self.profile.multi_backup:
            self.add_backup_config(server_id, "Default Backup")
        return row

    def delete_server(self, server_id) -> None:
        """Crafty's ``remove_server``: role links, schedules, webhooks and backup configs go with it."""
        key = self.find_server(server_id)["server_id"]
        self.role_servers = [r for r in self.role_servers if str(r["server_id"]) != str(key)]
        for table in (self.schedules, self.webhooks):
            for row_id in [i for i, row in table.items() if str(row["server_id"]) == str(key)]:
                del table[row_id]
        for backup_id in [i for i, row in self.backups.items() if str(row["server_id"]) == str(key)]:
            del self.backups[backup_id]
        self.backup_single.pop(key, None)
        for table in (self.servers, self.server_status, self.console, self.files):
            table.pop(key, None)

    # ------------------------------------------------------------------ backups

    def add_backup_config(self, server_id, name="New Backup", **fields) -> dict:
        """A backup configuration; ``backup_location`` defaults to ``<backups root>/<server_id>`` (the
        default configuration made with a server; the API's create passes its own, possibly "")."""
        backup_id = str(uuid.uuid4())
        first = not any(str(b["server_id"]) == str(server_id) for b in self.backups.values())
        row = {
            "backup_id": backup_id,
            "backup_name": name,
            "backup_location": "%s/%s" % (BACKUPS_ROOT, server_id),
            "excluded_dirs": "",
            "max_backups": 0,
            "server_id": server_id,
            "compress": False,
            "shutdown": False,
            "before": "",
            "after": "",
            "default": first,
            "status": json.dumps({"status": "Standby", "message": ""}),
            "enabled": True,
        }
        if self.profile.backup_type:
            row["backup_type"] = "zip_vault"
        row.update(fields)
        self.backups[backup_id] = row
        self.archives.setdefault(backup_id, [])
        return row

    def single_backup_config(self, server_id) -> dict:
        """4.1-4.4.0: the one config of a server, or the defaults when it has none."""
        row = self.backup_single.get(server_id)
        if row is None:
            return {"backup_path": None, "excluded_dirs": "", "max_backups": 0, "server_id": server_id,
                    "compress": False, "shutdown": False, "before": "", "after": ""}
        return row

    # ------------------------------------------------------------------ dump

    def dump(self) -> dict:
        """Everything, JSON-ready (for ``GET /__sim/state``); secrets are left out."""
        def strip(row, *secret):
            return {k: v for k, v in row.items() if k not in secret}
        return {
            "version": self.profile.version,
            "users": [strip(u, "password") for u in self.users.values()],
            "user_roles": list(self.user_roles),
            "user_crafty": list(self.user_crafty.values()),
            "roles": list(self.roles.values()),
            "role_servers": list(self.role_servers),
            "api_keys": list(self.api_keys.values()),
            "servers": list(self.servers.values()),
            "server_status": {str(k): v for k, v in self.server_status.items()},
            "console": {str(k): v for k, v in self.console.items()},
            "files": {str(k): {path: ("<dir>" if e.directory else e.content.decode("utf-8", "replace"))
                               for path, e in sorted(v.entries.items()) if path}
                      for k, v in self.files.items()},
            "schedules": list(self.schedules.values()),
            "webhooks": list(self.webhooks.values()),
            "backups": list(self.backups.values()),
            "backup_single": list(self.backup_single.values()),
            "archives": dict(self.archives),
            "totp": [strip(t, "totp_secret") for t in self.totp.values()],
            "config": dict(self.config),
        }

    def now(self) -> float:
        return time.time()
