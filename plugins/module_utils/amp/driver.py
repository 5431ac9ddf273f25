# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CubeCoders AMP as the module layer sees it: connection, handler per kind, and what each supports.

AMP logs in with a user name and a password (plus a TOTP code when the
account has two-factor authentication), so its connection options are
panel_username, panel_password and panel_totp_secret. Per-server modules
name an instance with ``server``: its instance name, or its friendly name
when no instance has that instance name and exactly one has that friendly
name.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils import commands, files
from ansible_collections.gameops.panels.plugins.module_utils.amp import backups, checks
from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient, answers_like
from ansible_collections.gameops.panels.plugins.module_utils.amp.files import AMPServerFiles
from ansible_collections.gameops.panels.plugins.module_utils.amp.servers import (
    Instances, ServerAdapter, canonical as canonical_server, power_state, server_scope)
from ansible_collections.gameops.panels.plugins.module_utils.amp.roles import RoleAdapter
from ansible_collections.gameops.panels.plugins.module_utils.amp.schedules import (
    ScheduleAdapter, Scheduler, prepare_timing)
from ansible_collections.gameops.panels.plugins.module_utils.amp.inventory import inventory_description, resources as live_resources
from ansible_collections.gameops.panels.plugins.module_utils.amp.two_factor import TwoFactorAccount
from ansible_collections.gameops.panels.plugins.module_utils.amp.users import UserAdapter
from ansible_collections.gameops.panels.plugins.module_utils.amp.webhooks import WebhookAdapter
from ansible_collections.gameops.panels.plugins.module_utils.connection import transport_options
from ansible_collections.gameops.panels.plugins.module_utils.driver import Handler, PanelDriver, UnresolvedServer
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential
from ansible_collections.gameops.panels.plugins.module_utils.kinds.account_2fa import ACCOUNT_2FA
from ansible_collections.gameops.panels.plugins.module_utils.kinds.backup import BACKUP
from ansible_collections.gameops.panels.plugins.module_utils.kinds.role import ROLE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.schedule import SCHEDULE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server import SERVER
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_config import SERVER_CONFIG
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_file import SERVER_FILE
from ansible_collections.gameops.panels.plugins.module_utils.kinds.user import USER
from ansible_collections.gameops.panels.plugins.module_utils.kinds.webhook import WEBHOOK


class AMPHandler(Handler):
    """An AMP kind; a per-instance one works through the instance's own API."""

    @staticmethod
    def instance_api(ctx, option="server"):
        """The API of the instance the per-server module names (its AMP process must run).

        None in check mode when the instance does not exist yet (an earlier task of the play creates it, or apply
        plans it: no id yet): the module then plans as for an instance that holds nothing.
        """
        if isinstance(ctx.server, UnresolvedServer) or ctx.server.get("id") is None:
            return None
        instances = Instances(ctx.client)
        target, summary = instances.resolve(ctx.server["name"], option=option)
        return instances.api(target, summary, option=option)

    @staticmethod
    def shared_scheduler(ctx, api):
        """One instance's scheduler (GetScheduleData read once) for its schedules and its webhooks in one run."""
        if api is None:
            return None
        return ctx.shared(("scheduler", ctx.server["id"]), lambda: Scheduler(api))


# -- users ---------------------------------------------------------------------------------------

class UserHandler(AMPHandler, UserAdapter):
    options = USER.supported("username", "password", "update_password", "email", "enabled", "must_change_password",
                             "password_expires", "cannot_change_password", "roles", "state")
    info_options = USER.supported_info("username", "email")
    grants = {"roles": []}

    check = staticmethod(checks.user)

    @classmethod
    def build(cls, ctx):
        handler = cls(ctx.client)
        handler.know(ctx.objects)  # apply read the roles already, planned ones included
        return handler

    def know(self, objects):
        if "role" in objects:
            self.roles.know(objects["role"])


# -- roles ---------------------------------------------------------------------------------------

class RoleHandler(AMPHandler, RoleAdapter):
    options = ROLE.supported("name", "permissions", "instance_permissions", "state")
    info_options = ROLE.supported_info("name")
    #: in a document a role's nodes are complete: a node it does not declare is inherit (see RoleAdapter.complete)
    grants = {"permissions": {}, "instance_permissions": {}}

    check = staticmethod(checks.role)

    @classmethod
    def build(cls, ctx):
        # instances a check-mode apply only plans (no id yet) hold no permissions to read
        handler = cls(ctx.client)
        handler.know(ctx.objects)
        return handler

    def know(self, objects):
        # instances apply only plans (no id yet) hold no permissions to read
        before = self.planned_instances
        self.planned_instances = frozenset(s["name"] for s in objects.get("server", ()) if s.get("id") is None)
        # apply knows every instance the run leaves: one neither listed nor planned is missing in check mode too
        self.instances_certain = "server" in objects
        # permissions planned in an instance that exists now are read and planned again
        return bool(before - self.planned_instances)

    def export(self, obj):
        return self.exported(obj)


# -- servers (instances) -----------------------------------------------------------------------------

class ServerHandler(AMPHandler, ServerAdapter):
    options = SERVER.supported("name", "match_on", "friendly_name", "description", "module", "target", "ports",
                               "settings", "suspended", "instance_running", "power_state", "auto_start",
                               "install_timeout", "state")
    info_options = SERVER.supported_info("name", "resources")
    # AMP has no reinstall action for an instance
    choices = {"state": ("present", "absent")}

    check = staticmethod(checks.server)

    not_exported = {
        "settings": "an instance has hundreds of settings and AMP does not tell the few a user manages from the "
                    "defaults; declare the ones you manage",
    }

    def export(self, obj):
        """The listed instance with its ports (one GetInstanceNetworkInfo, which answers for a stopped instance)."""
        _target, summary = self._raw[obj["id"]]
        return dict(obj, ports=self._ports(summary))

    @classmethod
    def build(cls, ctx):
        install_timeout = ctx.params.get("install_timeout")
        return cls(ctx.client, admin_username=ctx.params.get("panel_username"),
                   wait_timeout=600 if install_timeout is None else install_timeout, check_mode=ctx.check_mode)

    def info(self, resources=False, **filters):
        """``resources`` adds each instance's live state under ``resources`` (see amp/inventory.py), read from the
        instance itself while its AMP process runs, and ``power_state`` from it."""
        found = []
        for target, summary in self.instances.all():
            if summary.get("Module") == "ADS":
                continue
            server = canonical_server(target, summary)
            if not all(server.get(k) == v for k, v in filters.items()):
                continue
            if resources:
                server["resources"] = live_resources(self.client, target, summary)
                server["power_state"] = "started" if server["resources"]["current_state"] in (
                    "running", "starting") else "stopped"
            found.append(server)
        return found


class CommandHandler(AMPHandler, commands.CommandHandler):
    """Console commands to an instance's running application, through the instance's own API."""

    def not_running(self, server):
        _target, summary = self._instance(server)
        if power_state(summary) != "started":
            return "the application of AMP instance %r is not running" % summary["InstanceName"]
        return None

    def console(self, server):
        target, summary = self._instance(server)
        return Instances(self.ctx.client).api(target, summary)

    def _instance(self, server):
        return Instances(self.ctx.client).resolve(server["name"])

    def send_one(self, console, command, sent, commands):
        console.send_console_message(command)


# -- per-instance objects -------------------------------------------------------------------------------

class ScheduleHandler(AMPHandler, ScheduleAdapter):
    options = SCHEDULE.supported("name", "timing", "enabled", "tasks", "state")
    info_options = SCHEDULE.supported_info("name")

    @classmethod
    def check_params(cls, params, info=False):
        if info or params.get("state") == "absent":
            return
        prepare_timing(params.get("timing"))
        checks.schedule(params)

    @classmethod
    def build(cls, ctx):
        api = cls.instance_api(ctx)
        return cls(api, scheduler=cls.shared_scheduler(ctx, api))

    def export(self, obj):
        return self.exported(obj)


class WebhookHandler(AMPHandler, WebhookAdapter):
    options = WEBHOOK.supported("triggers", "url", "type", "body", "bot_name", "content_type", "enabled", "state")
    info_options = WEBHOOK.supported_info("url")

    check = staticmethod(checks.webhook)

    @classmethod
    def build(cls, ctx):
        api = cls.instance_api(ctx)
        return cls(api, scheduler=cls.shared_scheduler(ctx, api))


class BackupHandler(AMPHandler, backups.BackupTask):
    options = BACKUP.supported("name", "description", "state", "force", "truncate", "wait", "wait_timeout")
    info_options = BACKUP.supported_info("name")
    not_exported = {"*": "backups are data (the archives an instance made), not configuration"}
    states = backups.STATES

    @classmethod
    def check_params(cls, params, info=False):
        if not info:
            cls.check_options(params.get("name"), params.get("state"), params.get("wait_timeout"))
            checks.backup(params)

    @classmethod
    def build(cls, ctx):
        params = ctx.params
        return cls(cls.instance_api(ctx), ctx.client, ctx.server, check_mode=ctx.check_mode, wait=params.get("wait", True),
                   wait_timeout=params.get("wait_timeout", 600), description=params.get("description"))


class FileHandler(AMPHandler, files.ServerFileTask):
    """A whole file of an instance through its FileManagerPlugin."""

    options = SERVER_FILE.supported("path", "content", "src", "state", "restart")
    files_class = AMPServerFiles


class ConfigHandler(AMPHandler, files.ServerConfigTask):
    """The named keys of a file of an instance through its FileManagerPlugin."""

    options = SERVER_CONFIG.supported("path", "format", "settings", "state", "restart")
    files_class = AMPServerFiles


class TwoFactorHandler(AMPHandler, TwoFactorAccount):
    options = ACCOUNT_2FA.supported("state", "password", "secret_file", "return_secret")

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client, totp_secret=ctx.params.get("panel_totp_secret"))


# -- the driver ----------------------------------------------------------------------------------------

class AMPDriver(PanelDriver):
    name = "amp"
    title = "CubeCoders AMP"
    connection_options = frozenset(["panel_username", "panel_password", "panel_totp_secret"])
    server_scope_options = frozenset(["server"])
    handlers = {
        "user": UserHandler,
        "role": RoleHandler,
        "server": ServerHandler,
        "server_command": CommandHandler,
        "schedule": ScheduleHandler,
        "webhook": WebhookHandler,
        "backup": BackupHandler,
        "server_file": FileHandler,
        "server_config": ConfigHandler,
        "account_2fa": TwoFactorHandler,
    }
    unsupported = {
        "database": "AMP has no server databases managed through its API (they live on Pterodactyl's database hosts)",
        "location": "AMP has no locations (they group Pterodactyl's nodes)",
        "node": "AMP has no nodes managed through its API (Pterodactyl's nodes run Wings)",
        "subuser": "AMP gives users access to an instance through roles: use gameops.panels.role with the instance's "
                   "permission nodes (instance_permissions) and gameops.panels.user roles",
    }

    def check_connection(self, params, handler_class, info=False):
        for option, env in (("panel_username", "GAMEOPS_PANEL_USERNAME"), ("panel_password", "GAMEOPS_PANEL_PASSWORD")):
            if not params.get(option):
                raise MissingCredential("%s is required for %s (the account the task logs in as), or set %s"
                                        % (option, self.label(), env), option=option)

    def connect(self, params, secrets=()):
        return AMPClient(
            params["panel_url"],
            params["panel_username"],
            params["panel_password"],
            totp_secret=params.get("panel_totp_secret"),
            secrets=secrets,
            **transport_options(params)
        )

    def recognize(self, transport, url):
        return answers_like(transport, url)

    #: roles grant instances and users hold roles, so apply reconciles instances, then roles, then users
    document_order = ("server", "role", "user")

    def document_server(self, server):
        """The instance per-server handlers work on, from an instance as apply has it (a planned one has no id)."""
        return {"id": server.get("id"), "name": server["name"], "instance_running": server.get("instance_running")}

    def document_children_unreadable(self, server):
        if server.get("id") is not None and not server.get("instance_running"):
            return "AMP instance %r is not running, and what it holds is read through its own API" % server["name"]
        return None

    def check_inventory(self, params, live_state=True):
        self.check_connection(params, ServerHandler, info=True)

    def inventory_servers(self, ctx, live_state=True):
        """Every instance of every target (the ADS itself left out) from one GetInstances, after the login.

        The list carries each instance's running state and its game's application state, so ``live_state`` costs
        no request and no instance is logged in to. Besides the common keys: ``friendly_name``, ``module`` (what
        the server module's ``module`` takes), ``instance_running`` (its AMP process), ``app_state`` (AMP's name of
        the game's state) and ``endpoints``.
        """
        return [inventory_description(target, summary, live_state) for target, summary in Instances(ctx.client).all()
                if summary.get("Module") != "ADS"]

    def resolve_server(self, ctx):
        """``{id, name, friendly_name, module, target, instance_running}`` of the instance ``server`` names."""
        target, summary = Instances(ctx.client).resolve(ctx.params.get("server"))
        return server_scope(target, summary)
