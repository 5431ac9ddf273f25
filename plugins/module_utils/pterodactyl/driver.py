# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl as the module layer sees it: connection, handler per kind, and what each supports.

Each handler below is the panel's adapter (or task) for one kind, plus the
declarations the module layer checks before any request: the options of
the kind's module and of its ``_info`` module that Pterodactyl supports,
which API keys it needs, and how it is built from a module run's options.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils import commands, files
from ansible_collections.gameops.panels.plugins.module_utils.commands import START_HINT
from ansible_collections.gameops.panels.plugins.module_utils.connection import transport_options
from ansible_collections.gameops.panels.plugins.module_utils.driver import Handler, PanelDriver
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential, PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.kinds.database import DATABASE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.location import LOCATION
from ansible_collections.gameops.panels.plugins.module_utils.kinds.node import NODE
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl import backups, checks
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.two_factor import TwoFactorAccount
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.catalog import Catalog
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient, answers_like
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.databases import DatabaseAdapter
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.files import PterodactylServerFiles
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.locations import LocationAdapter
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.nodes import NodeAdapter
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.inventory import ServerInventory, live_resources
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import References, resolve_server
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.servers import LIVE_POWER, ClientServerAdapter, ServerAdapter
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.schedules import (
    ScheduleAdapter, canonical as canonical_schedule, prepare_schedule)
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.subusers import SubuserAdapter
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.users import UserAdapter
from ansible_collections.gameops.panels.plugins.module_utils.kinds.account_2fa import ACCOUNT_2FA
from ansible_collections.gameops.panels.plugins.module_utils.kinds.backup import BACKUP
from ansible_collections.gameops.panels.plugins.module_utils.kinds.catalog import CATALOG, SUBSETS
from ansible_collections.gameops.panels.plugins.module_utils.kinds.schedule import SCHEDULE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server import SERVER
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_config import SERVER_CONFIG
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_file import SERVER_FILE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.subuser import SUBUSER
from ansible_collections.gameops.panels.plugins.module_utils.kinds.user import USER

# API -> (option holding its key, key prefix, environment variable)
API_KEYS = {
    "application": ("api_key", "ptla_", "GAMEOPS_API_KEY"),
    "client": ("client_api_key", "ptlc_", "GAMEOPS_CLIENT_API_KEY"),
}


def require_api(params, api, reason=None):
    """Fail before any request when the key ``api`` (application/client) needs is missing."""
    option, prefix, env = API_KEYS[api]
    if not params.get(option):
        why = " for %s" % reason if reason else ""
        article = "an" if api[0] in "aeiou" else "a"
        raise MissingCredential("%s is required%s: %s %s API key (%s...), or set %s" % (option, why, article, api, prefix, env),
                                option=option)


def check_key_prefixes(params):
    """Fail before any request when a key lacks its API's prefix (a key pasted into the wrong option, or cut short).

    The message names the option and the prefixes only, never the key.
    """
    for api, (option, prefix, dummy) in sorted(API_KEYS.items()):
        key = params.get(option)
        if not key or key.startswith(prefix):
            continue
        hint = "; copy the whole key from the panel"
        for other_api, (other_option, other_prefix, dummy) in sorted(API_KEYS.items()):
            if other_api != api and key.startswith(other_prefix):
                hint = "; it starts with %s, so it is %s key: pass it as %s" % (
                    other_prefix, "an application" if other_api == "application" else "a client", other_option)
        raise ReconcileError("is not a Pterodactyl %s API key: those start with %s%s" % (api, prefix, hint),
                             option=option)


class PterodactylHandler(Handler):
    #: the APIs whose keys every run of the module needs
    apis = ("client",)
    #: the APIs whose keys every run of the _info module needs
    info_apis = ("client",)

    @classmethod
    def check_params(cls, params, info=False):
        for api in cls.info_apis if info else cls.apis:
            require_api(params, api)
        super().check_params(params, info)


# -- users --------------------------------------------------------------------------------------

class UserHandler(PterodactylHandler, UserAdapter):
    options = USER.supported("username", "email", "first_name", "last_name", "password", "update_password", "admin",
                             "language", "external_id", "match_on", "state")
    info_options = USER.supported_info("username", "email", "external_id")
    apis = info_apis = ("application",)

    @classmethod
    def check_params(cls, params, info=False):
        super().check_params(params, info)
        if not info and params.get("state") == "present":
            checks.user(params)

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, match_on=ctx.params.get("match_on") or "username")

    def info(self, **filters):
        """Users matching every filter (the panel's filters are substring matches; compared exactly here)."""
        users = self.client.list_users(filters=filters or None)
        return [self.canonical(u) for u in users
                if all(str(u.get(k) or "").lower() == str(v).lower() for k, v in filters.items())]


# -- locations and nodes -----------------------------------------------------------------------

class LocationHandler(PterodactylHandler, LocationAdapter):
    options = LOCATION.supported("short", "long", "state")
    info_options = LOCATION.supported_info("short")
    apis = info_apis = ("application",)

    check = staticmethod(checks.location)

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client)

    def info(self, short=None):
        return [loc for loc in self.list() if short is None or loc["short"] == short]


class NodeHandler(PterodactylHandler, NodeAdapter):
    options = NODE.supported(*NODE.names)
    info_options = NODE.supported_info("name", "location")
    apis = info_apis = ("application",)

    @classmethod
    def check_params(cls, params, info=False):
        super().check_params(params, info)
        if not info and params.get("state") == "present":
            checks.node(params)

    @classmethod
    def build(cls, ctx):
        handler = cls(ctx.client)
        if "location" in ctx.objects:
            # apply has read every location (and planned new ones): no other read
            handler.know_locations(ctx.objects["location"])
        return handler

    def know(self, objects):
        if "location" in objects:
            self.know_locations(objects["location"])  # with the ids of those apply has just written
        return False  # a plan holds location names, never ids

    def export(self, obj):
        """The listed node with its allocations (one list request per node), in the form the module declares."""
        return self.describe(obj)

    def info(self, name=None, location=None):
        return [self.describe(node) for node in self.list()
                if (name is None or node["name"] == name) and (location is None or node["location"] == location)]


# -- servers ------------------------------------------------------------------------------------

class ServerHandler(PterodactylHandler, ServerAdapter):
    options = SERVER.supported("name", "external_id", "match_on", "description", "owner", "egg", "nest", "docker_image",
                               "startup", "environment", "limits", "feature_limits", "deployment", "allocation",
                               "suspended", "power_state", "install_timeout", "force", "state")
    info_options = SERVER.supported_info("name", "external_id", "owner", "resources")
    not_exported = {
        "deployment": "only places a new server (never compared); export pins the server's allocation instead",
        "power_state": "the node's live state, not configuration: export reads no node (declare it where you "
                       "want it kept)",
    }
    apis = ()
    info_apis = ("application",)

    @classmethod
    def check_params(cls, params, info=False):
        if info:
            require_api(params, "application")
            if params.get("resources"):
                require_api(params, "client", reason="resources")
            return
        state = params.get("state")
        # with only a client key, an existing server is managed through the client API
        if not params.get("client_api_key") or state in ("absent", "reinstalled"):
            require_api(params, "application", reason="state=%s" % state if state in ("absent", "reinstalled") else None)
        if params.get("power_state") and state == "reinstalled":
            # the server installs after a reinstall: waiting for it to start belongs to a later task
            raise ReconcileError("is not used with state=reinstalled (the server is installing afterwards); set it "
                                 "in a later task", option="power_state")
        if params.get("power_state") and state == "present":
            require_api(params, "client", reason="power_state")
        if (params.get("install_timeout") or 0) < 0:
            raise ReconcileError("must be 0 or more seconds, got %d" % params["install_timeout"], option="install_timeout")
        if state in ("present", "reinstalled"):
            checks.server(params)

    @classmethod
    def build(cls, ctx):
        client = ctx.client
        if not client.has_application_key:
            # only a client key: the server kind as the client API sees an existing server
            return ClientServerHandler.build(ctx)
        refs = References(client)
        if "user" in ctx.objects:
            # apply has read every user (and planned new ones): owners resolve without another read
            refs.add_users(ctx.objects["user"], certain=True)
        # likewise the locations and nodes a server is placed on
        refs.add_places(ctx.objects.get("location"), ctx.objects.get("node"))
        return cls(client, refs, match_on=ctx.params.get("match_on") or "name", force_delete=bool(ctx.params.get("force")),
                   install_timeout=ctx.params.get("install_timeout", 600))

    def know(self, objects):
        if "user" in objects:
            self.refs.add_users(objects["user"])  # the owners apply has just written, with their ids
        self.refs.add_places(objects.get("location"), objects.get("node"))
        # a placement on a location or node the document creates waited for its id: planned again now
        deferred, self.placement_deferred = self.placement_deferred, False
        return deferred

    def export(self, obj):
        """The listed server as declared: its primary allocation pinned, so an export re-creates it there."""
        declared = dict(obj)
        address = declared.pop("allocation", None)
        if address:
            ip, port = address.rsplit(":", 1)
            declared["allocation"] = {"node": obj["node"], "ip": ip, "port": int(port)}
        return declared

    def info(self, resources=False, **filters):
        """Servers matching every filter, in the form the server module takes; ``resources`` adds live state."""
        panel_filters = dict((k, v) for k, v in filters.items() if k in ("name", "external_id"))
        servers = [self.canonical(s) for s in self.client.list_servers(filters=panel_filters or None)]
        found = [s for s in servers if all(s.get(k) == v for k, v in filters.items())]
        if resources:
            for server in found:
                server["resources"] = live_resources(self.client, server)
                # the form the server module's power_state takes
                server["power_state"] = LIVE_POWER.get(server["resources"]["current_state"])
        return found


class ClientServerHandler(ServerHandler, ClientServerAdapter):
    """The server kind with only a client key (see :class:`ClientServerAdapter`): what :meth:`ServerHandler.build`
    gives a run whose credentials are a client key alone."""

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, match_on=ctx.params.get("match_on") or "name")

    def know(self, objects):
        """The client API names no owner: nothing to refresh."""


class CommandHandler(PterodactylHandler, commands.CommandHandler):
    """Console commands through the client API; Wings tells whether the server runs."""

    def not_running(self, server):
        state = self.ctx.client.get_resources(server["identifier"])["current_state"]
        return None if state == "running" else "server %r is %s" % (server["name"], state)

    def send_one(self, console, command, sent, commands):
        try:
            self.ctx.client.send_command(console["identifier"], command)
        except PanelError as exc:
            if exc.status == 502:
                raise ReconcileError("server %r is offline, %d of %d commands sent (panel: %s); %s"
                                     % (console["name"], len(sent), len(commands), exc.message, START_HINT),
                                     option="commands") from exc
            raise


# -- per-server objects -------------------------------------------------------------------------

class ScheduleHandler(PterodactylHandler, ScheduleAdapter):
    options = SCHEDULE.supported("name", "cron", "enabled", "only_when_online", "tasks", "state")
    info_options = SCHEDULE.supported_info("name")

    @classmethod
    def check_params(cls, params, info=False):
        super().check_params(params, info)
        for index, task in enumerate(params.get("tasks") or []):
            amp_fields = [k for k in ("method", "parameters") if (task or {}).get(k) is not None]
            if amp_fields:
                raise ReconcileError("task %d: AMP's task fields (%s) are not used on Pterodactyl; give action and "
                                     "payload" % (index + 1, ", ".join(amp_fields)), option="tasks")
        if not info and params.get("state", "present") == "present":
            # the whole declaration is checked before the server is resolved, so bad input costs no request
            prepare_schedule(dict((k, params.get(k)) for k in ("name", "cron", "enabled", "only_when_online", "tasks")
                                  if params.get(k) is not None))

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, ctx.server)

    def info(self, name=None):
        if self.identifier is None:  # check mode, the server does not exist yet
            return []
        schedules = self.client.list_schedules(self.identifier)
        return [canonical_schedule(s) for s in schedules if name is None or s["name"] == name]


class SubuserHandler(PterodactylHandler, SubuserAdapter):
    options = SUBUSER.supported("email", "permissions", "state")
    info_options = SUBUSER.supported_info("email", "permission_keys")
    grants = {"permissions": []}

    check = staticmethod(checks.subuser)

    @classmethod
    def build(cls, ctx):
        client = ctx.client
        # the panel's permission keys are the same for every server: read once per run
        return cls(client, ctx.server, permission_keys=lambda: ctx.shared("subuser_permission_keys",
                                                                          client.list_permission_keys))

    def info(self, email=None):
        subusers = self.list() if self.server["identifier"] is not None else []
        if email is not None:
            wanted = self.normalize_key(email)
            subusers = [s for s in subusers if self.normalize_key(s["email"]) == wanted]
        return subusers


class DatabaseHandler(PterodactylHandler, DatabaseAdapter):
    options = DATABASE.supported("name", "remote", "rotate_password", "return_password", "state")
    info_options = DATABASE.supported_info("name", "return_password")

    check = staticmethod(checks.database)

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, ctx.server, with_password=bool(ctx.params.get("return_password")))

    def info(self, name=None, return_password=False):  # pylint: disable=unused-argument
        wanted = None if name is None else self.normalize_key(name)
        return [d for d in self.list() if wanted is None or self.normalize_key(d["name"]) == wanted]


class FileHandler(PterodactylHandler, files.ServerFileTask):
    """A whole file through the client API's file routes (Wings)."""

    options = SERVER_FILE.supported("path", "content", "src", "state", "restart")
    files_class = PterodactylServerFiles


class ConfigHandler(PterodactylHandler, files.ServerConfigTask):
    """The named keys of a file through the client API's file routes (Wings)."""

    options = SERVER_CONFIG.supported("path", "format", "settings", "state", "restart")
    files_class = PterodactylServerFiles


class BackupHandler(PterodactylHandler, backups.BackupTask):
    options = BACKUP.supported("name", "ignored", "state", "truncate", "force", "wait", "wait_timeout", "keep_last",
                               "keep_last_match")
    info_options = BACKUP.supported_info("name", "download_url")
    not_exported = {"*": "backups are data (the archives a server made), not configuration; a retention policy "
                         "lives only in the document"}
    #: the states the backup module offers on Pterodactyl
    states = backups.STATES

    @classmethod
    def check_params(cls, params, info=False):
        super().check_params(params, info)
        if not info and params.get("state", "present") not in cls.states:
            raise ReconcileError("state=%s is not supported on Pterodactyl (supported there: %s)"
                                 % (params["state"], ", ".join(cls.states)), option="state")
        if not info:
            cls.check_options(params.get("name"), params.get("state"), params.get("ignored"), params.get("keep_last"),
                              params.get("wait_timeout"), params.get("keep_last_match"))

    @classmethod
    def build(cls, ctx):
        params = ctx.params
        return cls(ctx.client, ctx.server, check_mode=ctx.check_mode, wait=params.get("wait", True),
                   wait_timeout=params.get("wait_timeout", 600))

    def run(self, name=None, state="present", ignored=None, keep_last=None, truncate=False, force=False,
            keep_last_match=None, **_other):  # pylint: disable=arguments-differ
        # the module passes every option; the ones Pterodactyl lacks were refused before any request
        return super().run(name=name, state=state, ignored=ignored, keep_last=keep_last, truncate=truncate, force=force,
                           keep_last_match=keep_last_match)

    def info(self, name=None, download_url=False):  # pylint: disable=unused-argument
        return backups.info(self._backups(), name)

    def info_summary(self, listed, name=None, download_url=False):  # pylint: disable=unused-argument
        # the live count is of every backup, not only those named
        return backups.info_summary(self.client, self.server, self._backups(), name, download_url)


class CatalogHandler(PterodactylHandler, Catalog):
    """What servers are built from (panel_info): nests, eggs, locations, nodes, free allocations."""

    info_options = CATALOG.supported_info("gather", "free_allocations")
    info_apis = ("application",)

    @classmethod
    def check_params(cls, params, info=False):
        super().check_params(params, info)
        unknown = sorted(set(params.get("gather") or ()) - set(SUBSETS))
        if unknown:
            raise ReconcileError("unknown part(s) %s; choose from %s" % (", ".join(unknown), ", ".join(SUBSETS)),
                                 option="gather")
        if (params.get("free_allocations") or 0) < 0:
            raise ReconcileError("must be 0 or more, got %d" % params["free_allocations"], option="free_allocations")

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client)


class TwoFactorHandler(PterodactylHandler, TwoFactorAccount):
    options = ACCOUNT_2FA.supported("state", "password", "secret_file", "return_secret")

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client)


# -- the driver ---------------------------------------------------------------------------------

class PterodactylDriver(PanelDriver):
    name = "pterodactyl"
    title = "Pterodactyl"
    connection_options = frozenset(["api_key", "client_api_key"])
    server_scope_options = frozenset(["server", "server_external_id"])
    handlers = {
        "location": LocationHandler,
        "database": DatabaseHandler,
        "node": NodeHandler,
        "user": UserHandler,
        "server": ServerHandler,
        "server_command": CommandHandler,
        "server_file": FileHandler,
        "server_config": ConfigHandler,
        "schedule": ScheduleHandler,
        "subuser": SubuserHandler,
        "backup": BackupHandler,
        "account_2fa": TwoFactorHandler,
        "catalog": CatalogHandler,
    }
    unsupported = {
        "role": "Pterodactyl 1.x has no roles (give per-server permissions with gameops.panels.subuser)",
        "webhook": "Pterodactyl 1.x has no webhooks",
    }

    def check_connection(self, params, handler_class, info=False):
        check_key_prefixes(params)

    def connect(self, params, secrets=()):
        return PterodactylClient(
            params["panel_url"],
            params.get("api_key"),
            client_api_key=params.get("client_api_key"),
            secrets=secrets,
            **transport_options(params)
        )

    def document_children_unreadable(self, server):
        if server.get("suspended"):
            return ("server %r is suspended, and Pterodactyl refuses the client API of a suspended server, through "
                    "which what it holds is read and written" % server.get("name"))
        return None

    def document_unread_server(self, server):
        return dict(server, id=None, identifier=None, uuid=None)

    def recognize(self, transport, url):
        return answers_like(transport, url)

    def resolve_server(self, ctx):
        """``{identifier, uuid, name, external_id}``, resolved with one read to the client identifier."""
        return resolve_server(ctx.client, ctx.params.get("server"), ctx.params.get("server_external_id"))

    def check_inventory(self, params, live_state=True):
        require_api(params, "application", reason="the server inventory")
        if live_state:
            require_api(params, "client", reason="live_state (each server's power state comes from the client API)")

    def inventory_servers(self, ctx, live_state=True):
        """The application list (one request per page) plus, with ``live_state``, one resources read per server.

        Besides the common keys: ``identifier`` (the client API's id), ``nest``, ``docker_image``,
        ``feature_limits`` and ``status`` (the panel's: installing, suspended, ...).
        """
        inventory = ServerInventory(ctx.client)
        return [inventory.describe(server, live_state) for server in ctx.handler("server").info()]
