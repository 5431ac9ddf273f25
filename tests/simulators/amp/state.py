# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulated panel's state: users, roles, targets, processes (the ADS and each instance) with
their sessions, role permissions, settings, scheduler, backups and running tasks.

Plain dataclasses that tests can inspect (``sim.state.users``, ``sim.state.instances``, ...);
the API handlers change them, never the HTTP layer.
"""
from __future__ import annotations

import dataclasses
import datetime
import threading
import time
import uuid
from typing import Callable, Optional

from . import catalog
from .files import seed_instance_files

DEFAULT_ADMIN_USERNAME = "admin"
DEFAULT_ADMIN_PASSWORD = "AmpAdminPassw0rd!"
SUPER_ADMINS_ROLE = "Super Admins"
DEFAULT_ROLE = "Default"

#: Fixed ids for the seed, so failures are easy to read and tests may refer to them.
ADS_INSTANCE_ID = "b4da967e-6329-41e9-b3e0-bcb7b18eba9d"  # the id of the real sample's ADS01
SUPER_ADMINS_ROLE_ID = "00000000-0000-0000-0000-000000000001"
DEFAULT_ROLE_ID = "00000000-0000-0000-0000-000000000002"

# AMP enums as integers (API.md §2, §4.1, §9.1; TypeSpec lists names only).
APP_STATE = {"Undefined": -1, "Stopped": 0, "PreStart": 5, "Configuring": 7, "Starting": 10, "Ready": 20,
             "Restarting": 30, "Stopping": 40, "Sleeping": 50, "Installing": 70, "Updating": 75, "Failed": 100,
             "Suspended": 200, "Indeterminate": 999}
# TaskState of TypeSpec.json
TASK_STATE = {"Running": 0, "Waiting": 1, "Queued": 2, "Failed": 3, "Finished": 4, "Cancelled": 6}


def new_guid() -> str:
    return str(uuid.uuid4())


@dataclasses.dataclass
class User:
    id: str
    name: str
    password: Optional[str] = None  # None: no password set yet (CreateUser only takes a name)
    email: str = ""
    disabled: bool = False
    password_expires: bool = False
    cannot_change_password: bool = False
    must_change_password: bool = False
    totp_secret: Optional[str] = None  # confirmed secret: 2FA is on
    pending_totp_secret: Optional[str] = None  # EnableTwoFactor issued it, ConfirmTwoFactorSetup not yet
    roles: list = dataclasses.field(default_factory=list)  # role ids, in the order they were granted
    last_login: str = ""
    is_ldap: bool = False

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None


@dataclasses.dataclass
class Role:
    id: str
    name: str
    description: str = ""
    is_default: bool = False
    hidden: bool = False
    disable_edits: bool = False
    is_common: bool = False
    is_instance_specific: bool = False


@dataclasses.dataclass
class Session:
    id: str
    user_id: str
    process_id: str
    started: float
    last_activity: float
    source_ip: str = ""
    session_type: str = "API"
    console_seen: int = 0  # how many console lines Core/GetUpdates has given this session


@dataclasses.dataclass
class Task:
    id: str
    method_id: str
    mapping: dict
    created_by: str
    enabled_state: int = 1
    locked: bool = False
    wait_for_complete: bool = False
    error_behaviour: int = 0


@dataclasses.dataclass
class Trigger:
    id: str
    kind: str  # "interval" or "event"
    description: str
    enabled_state: int
    emits: tuple = ()
    months: list = dataclasses.field(default_factory=list)
    days: list = dataclasses.field(default_factory=list)
    hours: list = dataclasses.field(default_factory=list)
    minutes: list = dataclasses.field(default_factory=list)
    days_of_month: list = dataclasses.field(default_factory=list)
    tasks: list = dataclasses.field(default_factory=list)  # ordered; a task's Order is its index
    last_executed: Optional[float] = None

    def task(self, task_id):
        for task in self.tasks:
            if task.id.lower() == str(task_id).lower():
                return task
        return None


@dataclasses.dataclass
class Backup:
    id: str
    name: str
    description: str
    sticky: bool
    taken_by: str
    timestamp: float
    module_name: str
    created_automatically: bool = False
    size_bytes: int = 0


@dataclasses.dataclass
class RunningTask:
    id: str
    name: str
    description: str
    origin: str
    started: float
    state: int = TASK_STATE["Running"]
    ended: Optional[float] = None
    progress: int = 0
    remote_instance_id: Optional[str] = None


@dataclasses.dataclass
class Process:
    """One AMP process: the ADS or an instance. Each has its own sessions, role permissions
    (role id -> {node: True/False}; absent = inherit), settings, scheduler and tasks."""

    id: str
    kind: str  # "ADS", "Minecraft", "GenericModule", ...
    instance_name: str
    friendly_name: str
    settings: dict = dataclasses.field(default_factory=dict)
    role_permissions: dict = dataclasses.field(default_factory=dict)
    sessions: dict = dataclasses.field(default_factory=dict)
    triggers: list = dataclasses.field(default_factory=list)
    event_ids: dict = dataclasses.field(default_factory=dict)  # description -> trigger id (unique per process)
    backups: list = dataclasses.field(default_factory=list)
    tasks: list = dataclasses.field(default_factory=list)  # RunningTask
    task_runs: list = dataclasses.field(default_factory=list)  # scheduler tasks "executed" (RunEventTriggerImmediately)
    app_state: int = APP_STATE["Stopped"]
    app_started: Optional[float] = None
    restores: list = dataclasses.field(default_factory=list)
    manage_tokens: dict = dataclasses.field(default_factory=dict)  # one-off ManageInstance tokens -> user id
    #: console lines (time, source, type, contents) for Core/GetUpdates; ``sim.add_console_line`` adds them
    console: list = dataclasses.field(default_factory=list)
    #: FileManagerPlugin: the process's folder (``files.ProcessFiles``, made on first use)
    files: object = None

    @property
    def is_ads(self) -> bool:
        return self.kind == "ADS"

    def trigger(self, trigger_id):
        for trigger in self.triggers:
            if trigger.id.lower() == str(trigger_id).lower():
                return trigger
        return None

    def backup(self, backup_id):
        for backup in self.backups:
            if backup.id.lower() == str(backup_id).lower():
                return backup
        return None


@dataclasses.dataclass
class Instance(Process):
    """A managed instance (InstanceSummary fields) with its own process state."""

    target_id: str = ADS_INSTANCE_ID
    description: Optional[str] = None  # None: never set, so the key is left out (§13 quirk 21)
    ip: str = "127.0.0.1"
    port: int = 8081
    running: bool = True
    suspended: bool = False
    daemon_autostart: bool = True
    exclude_from_firewall: bool = False
    is_container: bool = False
    container_memory_mb: int = 0
    container_swap_mb: int = 0
    container_memory_policy: int = 0
    container_cpus: float = 0.0
    docker_image: str = ""
    welcome_message: str = ""
    release_stream: int = 10
    tags: list = dataclasses.field(default_factory=list)
    display_image: str = ""
    deployment_args: dict = dataclasses.field(default_factory=dict)
    use_host_mode_network: bool = False
    #: players in the game (Core/GetUserList: id -> name); the simulator runs no game, tests put them here
    players: dict = dataclasses.field(default_factory=dict)
    created: float = 0.0
    visible: bool = True  # False while an asynchronous CreateInstance is still running


@dataclasses.dataclass
class Target:
    id: int
    instance_id: str
    friendly_name: str
    description: str = ""
    is_remote: bool = False
    url: str = ""
    tags: list = dataclasses.field(default_factory=list)
    available_ips: list = dataclasses.field(default_factory=lambda: ["0.0.0.0", "127.0.0.1", "::1"])
    datastores: list = dataclasses.field(default_factory=lambda: [{"Id": 1, "FriendlyName": "Default Datastore"}])
    last_updated: float = 0.0
    state: int = 20  # RemoteInstanceState: Online 20; Offline 10, Unavailable 15, ... (a target the ADS cannot reach)


class State:
    """Everything the simulated panel holds. ``lock`` serialises requests."""

    def __init__(self, seed: bool = True):
        self.lock = threading.RLock()
        self.clock_offset = 0.0
        self.reset(seed)

    # ------------------------------------------------------------------ time

    def now(self) -> float:
        """Seconds since the epoch on the simulator's clock (``advance()`` moves it forward)."""
        return time.time() + self.clock_offset

    def advance(self, seconds: float) -> None:
        self.clock_offset += float(seconds)

    # ------------------------------------------------------------------ lifecycle

    def reset(self, seed: bool = True) -> None:
        self.users = {}  # id -> User
        self._user_ids = {}  # lower-case name -> id (a user's name never changes; a deleted user's entry is stale)
        self.roles = {}  # id -> Role
        self.targets = []  # Target
        self.instances = {}  # id -> Instance
        self.pending = []  # (due time, callable) for asynchronous operations
        self.remember_tokens = {}  # token -> user id
        self.used_totp_codes = set()  # (user id, code) when replay protection is on
        self.ads = Process(id=ADS_INSTANCE_ID, kind="ADS", instance_name="ADS01", friendly_name="ADS")
        self.next_target_id = 1
        self.next_port = 8081
        self.ads.settings = {s.node: s.default for s in catalog.settings_for("ADS")}
        self._seed_events(self.ads)
        self.targets.append(Target(id=self._target_id(), instance_id=ADS_INSTANCE_ID, friendly_name="ADS01",
                                   url="http://127.0.0.1:8080", last_updated=self.now()))
        self.add_role(SUPER_ADMINS_ROLE, role_id=SUPER_ADMINS_ROLE_ID, disable_edits=True,
                      permissions={"*": True})
        self.add_role(DEFAULT_ROLE, role_id=DEFAULT_ROLE_ID, is_default=True, disable_edits=False)
        if seed:
            self.add_user(DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, roles=(SUPER_ADMINS_ROLE,),
                          email="admin@example.com")

    def _target_id(self) -> int:
        value = self.next_target_id
        self.next_target_id += 1
        return value

    def settle(self) -> None:
        """Finish the asynchronous operations that are due (called before each request)."""
        now = self.now()
        due = [entry for entry in self.pending if entry[0] <= now]
        if not due:
            return
        self.pending = [entry for entry in self.pending if entry[0] > now]
        for entry in sorted(due, key=lambda entry: entry[0]):
            entry[1]()

    def schedule(self, delay: float, action: Callable) -> None:
        self.pending.append((self.now() + max(float(delay), 0.0), action))

    # ------------------------------------------------------------------ processes

    def processes(self):
        return [self.ads] + list(self.instances.values())

    def process(self, process_id):
        if str(process_id).lower() == self.ads.id:
            return self.ads
        return self.instances.get(str(process_id).lower())

    def find_instance(self, ref, visible_only=True) -> Optional[Instance]:
        """By InstanceID or InstanceName (AMP's InstanceName parameters accept either, quirk 12)."""
        if ref is None:
            return None
        ref = str(ref)
        found = self.instances.get(ref.lower())
        if found is None:
            for instance in self.instances.values():
                if instance.instance_name == ref:
                    found = instance
                    break
        if found is not None and visible_only and not found.visible:
            return None
        return found

    def target(self, target_id) -> Optional[Target]:
        for target in self.targets:
            if target.instance_id.lower() == str(target_id).lower():
                return target
        return None

    def _seed_events(self, process: Process) -> None:
        """Event trigger ids are unique per process (§13 quirk 15), so each gets fresh GUIDs."""
        process.event_ids = {event[0]: new_guid() for event in catalog.events_for(process.kind)}

    def event_emits(self, process: Process, description: str) -> tuple:
        for name, emits in catalog.events_for(process.kind):
            if name == description:
                return emits
        return ()

    def add_target(self, friendly_name: str, instance_id: Optional[str] = None, url: str = "", tags=(),
                   is_remote: bool = True, state: int = 20) -> Target:
        target = Target(id=self._target_id(), instance_id=(instance_id or new_guid()).lower(),
                        friendly_name=friendly_name, is_remote=is_remote, url=url or "http://127.0.0.1:%d" % 8080,
                        tags=list(tags), last_updated=self.now(), state=state)
        self.targets.append(target)
        return target

    def add_instance(self, name: str, module: str = "Minecraft", running: bool = True, friendly_name: Optional[str] = None,
                     instance_id: Optional[str] = None, target_id: Optional[str] = None, app_state=None,
                     settings=None, port: Optional[int] = None, **fields) -> Instance:
        if module not in catalog.MODULE_NAMES or module == "ADS":
            raise ValueError("unknown instance module %r" % module)
        if self.find_instance(name, visible_only=False) is not None:
            raise ValueError("an instance named %r exists" % name)
        if port is None:
            port = self.next_port
        self.next_port = max(self.next_port, port) + 1
        instance = Instance(id=(instance_id or new_guid()).lower(), kind=module, instance_name=name,
                            friendly_name=friendly_name or name, target_id=(target_id or ADS_INSTANCE_ID).lower(),
                            port=port, running=running, created=self.now(),
                            display_image=fields.pop("display_image", catalog.DISPLAY_IMAGES.get(module, "")),
                            **fields)
        instance.settings = {s.node: s.default for s in catalog.settings_for(module)}
        instance.settings.update({k: str(v) for k, v in (settings or {}).items()})
        if app_state is None:
            app_state = APP_STATE["Stopped"]
        instance.app_state = APP_STATE["Suspended"] if instance.suspended else app_state
        if instance.app_state == APP_STATE["Ready"]:
            instance.app_started = self.now()
        for role_id in self.roles:
            instance.role_permissions[role_id] = {}
        instance.role_permissions[SUPER_ADMINS_ROLE_ID] = {"*": True}
        self._seed_events(instance)
        seed_instance_files(instance, self)
        self.instances[instance.id] = instance
        return instance

    # ------------------------------------------------------------------ users and roles

    def user_by_name(self, name) -> Optional[User]:
        # AMP user names are case-insensitive [INFERRED]; found by an index, as a database finds them
        key = str(name).lower()
        user = self.users.get(self._user_ids.get(key))
        return user if user is not None and user.name.lower() == key else None

    def role_by_name(self, name) -> Optional[Role]:
        for role in self.roles.values():
            if role.name == name:
                return role
        return None

    def role(self, ref) -> Optional[Role]:
        return self.roles.get(str(ref).lower()) or self.role_by_name(ref)

    def add_user(self, username: str, password: Optional[str] = None, roles=(), email: str = "", **flags) -> User:
        if self.user_by_name(username) is not None:
            raise ValueError("a user named %r exists" % username)
        user = User(id=new_guid(), name=username, password=password, email=email, **flags)
        for ref in roles:
            role = self.role(ref)
            if role is None:
                raise ValueError("no role %r" % (ref,))
            user.roles.append(role.id)
        self.users[user.id] = user
        self._user_ids[username.lower()] = user.id
        return user

    def add_role(self, name: str, permissions=None, role_id: Optional[str] = None, instance_permissions=None,
                 **flags) -> Role:
        """``permissions``: ADS nodes {node: True/False}; ``instance_permissions``: {instance: {node: bool}}."""
        if self.role_by_name(name) is not None:
            raise ValueError("a role named %r exists" % name)
        role = Role(id=(role_id or new_guid()).lower(), name=name, **flags)
        self.roles[role.id] = role
        for process in self.processes():
            process.role_permissions[role.id] = {}
        self.ads.role_permissions[role.id] = dict(permissions or {})
        for ref, nodes in (instance_permissions or {}).items():
            instance = self.find_instance(ref, visible_only=False)
            if instance is None:
                raise ValueError("no instance %r" % (ref,))
            instance.role_permissions[role.id] = dict(nodes)
        return role

    def delete_role(self, role: Role) -> None:
        del self.roles[role.id]
        for process in self.processes():
            process.role_permissions.pop(role.id, None)
        for user in self.users.values():
            if role.id in user.roles:
                user.roles.remove(role.id)

    def role_nodes(self, role_ref, instance=None) -> dict:
        """{node: True/False} of a role (name or id) on the ADS, or on ``instance`` (name or id)."""
        role = self.role(role_ref)
        if role is None:
            raise KeyError("no role %r" % (role_ref,))
        process = self.ads if instance is None else self.find_instance(instance, visible_only=False)
        if process is None:
            raise KeyError("no instance %r" % (instance,))
        return dict(process.role_permissions.get(role.id, {}))

    def is_super_user(self, user: User) -> bool:
        return SUPER_ADMINS_ROLE_ID in user.roles

    def user_role_ids(self, user: User) -> list:
        """The roles that apply to ``user``: its own plus every common role."""
        ids = list(user.roles)
        ids.extend(role.id for role in self.roles.values() if role.is_common and role.id not in ids)
        return ids

    def session_permissions(self, user: User, process: Process) -> list:
        """Login's ``permissions``: the user's role entries on this process (``-node`` for a deny)."""
        entries = []
        for role_id in self.user_role_ids(user):
            for node, allowed in process.role_permissions.get(role_id, {}).items():
                entry = node if allowed else "-" + node
                if entry not in entries:
                    entries.append(entry)
        entries.append("UserIdentity." + user.id)
        return entries

    def has_permission(self, user: User, process: Process, node: str) -> bool:
        """Tri-state evaluation [INFERRED, API.md §6]: the most specific matching entry over all the
        user's roles decides (exact node, then longer wildcard prefixes, then ``*``); at equal
        specificity a deny beats a grant; no entry at all means denied."""
        best_rank = -1
        best = None
        for role_id in self.user_role_ids(user):
            for pattern, allowed in process.role_permissions.get(role_id, {}).items():
                rank = _match_rank(pattern, node)
                if rank < 0:
                    continue
                if rank > best_rank:
                    best_rank, best = rank, allowed
                elif rank == best_rank and not allowed:
                    best = False
        return bool(best)

    def may_manage_suspended(self, user: User) -> bool:
        return self.has_permission(user, self.ads, "ADS.InstanceManagement.ManageSuspendedInstances")

    def can_access_instance(self, user: User, instance: Instance) -> bool:
        return self.has_permission(user, self.ads, "Instances.%s.Manage" % instance.id)

    # ------------------------------------------------------------------ export

    def dump(self) -> dict:
        """A JSON-able snapshot for ``GET /__sim/state`` (passwords and secrets left out)."""
        def process_view(process):
            return {
                "id": process.id, "kind": process.kind, "instance_name": process.instance_name,
                "settings": dict(process.settings),
                "role_permissions": {self.roles[r].name if r in self.roles else r: dict(nodes)
                                     for r, nodes in process.role_permissions.items()},
                "sessions": len(process.sessions),
                "triggers": [dataclasses.asdict(t) for t in process.triggers],
                "backups": [dataclasses.asdict(b) for b in process.backups],
                "app_state": process.app_state,
                "files": {path: ("<dir>" if entry.directory else entry.content.decode("utf-8", "replace"))
                          for path, entry in sorted(process.files.entries.items()) if path} if process.files else {},
            }
        instances = []
        for instance in self.instances.values():
            view = process_view(instance)
            view.update({"friendly_name": instance.friendly_name, "running": instance.running,
                         "suspended": instance.suspended, "visible": instance.visible, "port": instance.port,
                         "target_id": instance.target_id, "description": instance.description})
            instances.append(view)
        return {
            "users": [{"id": u.id, "name": u.name, "email": u.email, "disabled": u.disabled,
                       "must_change_password": u.must_change_password, "password_expires": u.password_expires,
                       "cannot_change_password": u.cannot_change_password, "two_factor": u.two_factor_enabled,
                       "has_password": u.password is not None,
                       "roles": [self.roles[r].name for r in u.roles if r in self.roles]} for u in self.users.values()],
            "roles": [dataclasses.asdict(r) for r in self.roles.values()],
            "targets": [dataclasses.asdict(t) for t in self.targets],
            "ads": process_view(self.ads),
            "instances": instances,
        }


def _match_rank(pattern: str, node: str) -> int:
    """-1 when ``pattern`` does not cover ``node``; otherwise higher = more specific."""
    if pattern == node:
        return 10000
    if pattern == "*":
        return 0
    if pattern.endswith(".*") and node.startswith(pattern[:-1]):
        return len(pattern)
    return -1


def iso_timestamp(seconds: float) -> str:
    """AMP 2.6 DateTime: ISO-8601 UTC with .NET's seven fractional digits (a real 2.6 login reply)."""
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%07d" % (moment.microsecond * 10) + "Z"


def legacy_timestamp(seconds: float) -> str:
    """AMP before 2.6: ``/Date(<ms since epoch>)/`` (§13 quirk 20)."""
    return "/Date(%d)/" % int(seconds * 1000)


__all__ = ["State", "User", "Role", "Session", "Process", "Instance", "Target", "Trigger", "Task", "Backup",
           "RunningTask", "DEFAULT_ADMIN_USERNAME", "DEFAULT_ADMIN_PASSWORD", "ADS_INSTANCE_ID", "APP_STATE",
           "TASK_STATE", "SUPER_ADMINS_ROLE", "SUPER_ADMINS_ROLE_ID", "DEFAULT_ROLE", "DEFAULT_ROLE_ID", "new_guid",
           "iso_timestamp", "legacy_timestamp"]
