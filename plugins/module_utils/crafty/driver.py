# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty Controller 4 as the module layer sees it: connection, handler per kind, and what each supports."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils import files
from ansible_collections.gameops.panels.plugins.module_utils.crafty import backups, checks, schedules, webhooks
from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import CraftyClient, answers_like
from ansible_collections.gameops.panels.plugins.module_utils.crafty.files import CraftyServerFiles
from ansible_collections.gameops.panels.plugins.module_utils.crafty.inventory import current_state, inventory_description
from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import References, resolve_server
from ansible_collections.gameops.panels.plugins.module_utils.crafty.roles import RoleAdapter
from ansible_collections.gameops.panels.plugins.module_utils.crafty.servers import (
    SETTINGS, ServerAdapter, exported_server)
from ansible_collections.gameops.panels.plugins.module_utils.crafty.users import UserAdapter
from ansible_collections.gameops.panels.plugins.module_utils.connection import transport_options
from ansible_collections.gameops.panels.plugins.module_utils.driver import Handler, PanelDriver
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.kinds.backup import BACKUP
from ansible_collections.gameops.panels.plugins.module_utils.kinds.role import ROLE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.schedule import SCHEDULE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server import SERVER
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_config import SERVER_CONFIG
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_file import SERVER_FILE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.user import USER
from ansible_collections.gameops.panels.plugins.module_utils.kinds.webhook import WEBHOOK


def references(client):
    """The run's name/id lookups, one per client."""
    if getattr(client, "refs", None) is None:
        client.refs = References(client)
    return client.refs


class CraftyHandler(Handler):
    """A Crafty kind."""

    @staticmethod
    def references(ctx):
        """The run's name/id lookups, told of the objects apply has read or planned (``ctx.objects``)."""
        refs = references(ctx.client)
        refs.know(ctx.objects)
        return refs


class UserHandler(CraftyHandler, UserAdapter):
    options = USER.supported("username", "email", "password", "update_password", "admin", "enabled", "language",
                             "roles", "manager", "state")
    info_options = USER.supported_info("username")
    grants = {"roles": []}

    check = staticmethod(checks.user)

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, cls.references(ctx), update_password=ctx.params.get("update_password") or "on_create")

    def know(self, objects):
        self.refs.know(objects)

    def export_objects(self):
        """Each user read whole: the list lacks e-mail, roles and manager (one request per user)."""
        return [(user, user) for user in (self._detailed(listed) for listed in self.list())]


class RoleHandler(CraftyHandler, RoleAdapter):
    options = ROLE.supported("name", "id", "servers", "manager", "mfa_required", "state")
    info_options = ROLE.supported_info("name")
    grants = {"servers": []}

    check = staticmethod(checks.role)

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, cls.references(ctx), match_on="id" if ctx.params.get("id") is not None else "name")

    def know(self, objects):
        self.refs.know(objects)

    def export_objects(self):
        """Each role with the servers it grants (one request per role)."""
        return [(role, role) for role in self.info()]


class ServerHandler(CraftyHandler, ServerAdapter):
    options = SERVER.supported("name", "match_on", "server_type", "jar", "memory", "accept_eula", "power_state",
                               "delete_files", "state", *SETTINGS)
    info_options = SERVER.supported_info("name", "resources")
    # Crafty has no reinstall action
    choices = {"state": ("present", "absent")}
    not_exported = {
        "accept_eula": "an answer given when a server is created; Crafty keeps no record of it",
        "power_state": "the server's live state, not configuration: export reads no stats (declare it where you "
                       "want it kept)",
    }

    check = staticmethod(checks.server)

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, references(ctx.client), delete_files=bool(ctx.params.get("delete_files")))

    def export(self, obj):
        """With the jar and memory it was created from, read back from its settings, so apply can create it on
        another panel; settings that name this server's own folder are left out (see export_notes)."""
        exported, notes = exported_server(obj)
        self.export_notes = list(getattr(self, "export_notes", [])) + notes
        return exported

    def info(self, resources=False, **filters):  # pylint: disable=arguments-differ
        """``resources`` adds each server's stats row under ``resources``, with ``current_state`` in the
        collection's power state words, and ``power_state`` in the server module's."""
        found = ServerAdapter.info(self, **filters)
        if resources:
            for server in found:
                stats = dict(self._stats(server))
                stats.pop("server_id", None)  # the whole server object again
                server["resources"] = dict(stats, current_state=current_state(stats))
                server["power_state"] = "started" if stats.get("running") else "stopped"
        return found


class ScheduleHandler(CraftyHandler, schedules.ScheduleAdapter):
    options = SCHEDULE.supported("name", "cron", "interval", "interval_unit", "start_time", "enabled", "one_time",
                                 "tasks", "scan_gap", "state")
    info_options = SCHEDULE.supported_info("name", "scan_gap")

    @classmethod
    def check_params(cls, params, info=False):
        if params.get("scan_gap") is not None and params["scan_gap"] < 1:
            raise ReconcileError("must be at least 1", option="scan_gap")
        if not info and params.get("state", "present") == "present":
            checks.schedule(params)

    @classmethod
    def build(cls, ctx):
        ctx.client.version.require("task_routes", option="name")
        return cls(ctx.client, ctx.server, gap=ctx.params.get("scan_gap") or schedules.SCAN_GAP)


class BackupHandler(CraftyHandler, backups.BackupTask):
    options = BACKUP.supported("name", "state", "ignored", "location", "max_backups", "compress", "shutdown", "before",
                               "after", "backup_type", "archive", "in_place")
    info_options = BACKUP.supported_info("name")
    not_exported = {"location": "left out when it is the server's own backup folder (where a new server keeps "
                                "its own) or names this server's folder; any other location is exported"}
    states = backups.STATES

    check = staticmethod(checks.backup)

    @classmethod
    def build(cls, ctx):
        ctx.client.version.require("backup_configs", option="name")
        return cls(ctx.client, ctx.server, check_mode=ctx.check_mode)

    def export_objects(self):
        """Backup configurations are configuration (the archives they make are data, and stay out)."""
        configs, self.export_notes = backups.exported_configs(self.adapter.list(), self.server)
        return [(config, config) for config in configs]


class WebhookHandler(CraftyHandler, webhooks.WebhookAdapter):
    options = WEBHOOK.supported("name", "type", "url", "triggers", "body", "bot_name", "color", "enabled", "state")
    info_options = WEBHOOK.supported_info("name")

    check = staticmethod(checks.webhook)

    @classmethod
    def build(cls, ctx):
        ctx.client.version.require("webhooks", option="name")
        return cls(ctx.client, ctx.server)


class FileHandler(CraftyHandler, files.ServerFileTask):
    """A whole file through Crafty 4.10's file routes."""

    options = SERVER_FILE.supported("path", "content", "src", "state", "restart")
    files_class = CraftyServerFiles

    check = staticmethod(checks.server_file)

    @classmethod
    def build(cls, ctx):
        ctx.client.version.require("server_files", option="path")
        return cls(ctx)


class ConfigHandler(CraftyHandler, files.ServerConfigTask):
    """The named keys of a file through Crafty 4.10's file routes."""

    options = SERVER_CONFIG.supported("path", "format", "settings", "state", "restart")
    files_class = CraftyServerFiles

    @classmethod
    def build(cls, ctx):
        ctx.client.version.require("server_files", option="path")
        return cls(ctx)


class CraftyDriver(PanelDriver):
    name = "crafty"
    title = "Crafty Controller"
    connection_options = frozenset(["panel_username", "panel_password", "panel_totp_secret", "api_token"])
    server_scope_options = frozenset(["server"])
    handlers = {
        "user": UserHandler,
        "role": RoleHandler,
        "server": ServerHandler,
        "schedule": ScheduleHandler,
        "backup": BackupHandler,
        "webhook": WebhookHandler,
        "server_file": FileHandler,
        "server_config": ConfigHandler,
    }
    unsupported = {
        "database": "Crafty has no server databases (Pterodactyl's server databases live on a database host)",
        "location": "Crafty has no locations (they group Pterodactyl's nodes)",
        "node": "Crafty has no nodes managed through its API (Pterodactyl's nodes run Wings)",
        "subuser": "Crafty grants access to a server through roles; use gameops.panels.role with servers[].permissions",
        "account_2fa": "enrolling two-factor authentication is not implemented for Crafty",
        "server_command": "console commands are not implemented for Crafty",
    }

    def check_connection(self, params, handler_class, info=False):
        if params.get("api_token"):
            return
        for option in ("panel_username", "panel_password"):
            if not params.get(option):
                raise MissingCredential("%s is required for Crafty (or api_token): set it, or GAMEOPS_%s"
                                        % (option, option.upper()), option=option)

    def check_inventory(self, params, live_state=True):
        self.check_connection(params, ServerHandler, info=True)

    def inventory_servers(self, ctx, live_state=True):
        """The server list (one request), the users once when a server names its creator, one stats read each.

        Crafty has no nodes, limits, suspension or external ids: those keys are None, {} or False. Besides the
        common keys: ``port`` and ``executable``.
        """
        refs = references(ctx.client)
        servers = refs.servers()
        # the creator is the owner; an account without USER_CONFIG sees only itself in the user list (7.1),
        # so the servers of others get no owner rather than a number
        owners = {}
        if set(s.get("created_by") for s in servers) - {None, -100, "-100"}:
            owners = dict((str(u["user_id"]), u["username"]) for u in refs.users())
        described = []
        for server in servers:
            stats = None
            if live_state:
                stats = ctx.client.server_stats(server["server_id"], label=repr(server["server_name"])) or {}
            described.append(inventory_description(server, owners.get(str(server.get("created_by"))), stats))
        return described

    def connect(self, params, secrets=()):
        client = CraftyClient(
            params["panel_url"],
            username=params.get("panel_username"),
            password=params.get("panel_password"),
            totp_secret=params.get("panel_totp_secret"),
            api_token=params.get("api_token"),
            secrets=secrets,
            **transport_options(params)
        )
        references(client)
        return client

    def recognize(self, transport, url):
        return answers_like(transport, url)

    #: roles grant servers and users hold roles, so apply reconciles servers, then roles, then users
    document_order = ("server", "role", "user")

    def document_server(self, server):
        """What per-server handlers take (as :meth:`resolve_server` gives it) from a server as apply has it."""
        return {"id": server.get("id"), "name": server["name"], "label": repr(server["name"])}

    def resolve_server(self, ctx):
        """``{id, name, label}`` of the server named by ``server`` (Crafty servers have no other handle)."""
        return resolve_server(references(ctx.client), ctx.params.get("server"))
