# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one base class behind every gameops.panels module.

It owns the connection options, building the panel client, turning errors
into ``fail_json`` with the option or panel field at fault, check mode, and
the shape of the result (``changed``, ``diff``, ``plan``, the object(s),
``api_requests``). A module is its documentation, an argument spec, and a
few lines that build desired objects for the engine.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, PanelError

SUPPORTED_PANELS = ("pterodactyl",)

CONNECTION_ARGS = dict(
    panel_type=dict(type="str", default="pterodactyl", choices=list(SUPPORTED_PANELS),
                    fallback=(env_fallback, ["GAMEOPS_PANEL_TYPE"])),
    panel_url=dict(type="str", fallback=(env_fallback, ["GAMEOPS_PANEL_URL"])),
    api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["GAMEOPS_API_KEY"])),
    client_api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["GAMEOPS_CLIENT_API_KEY"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["GAMEOPS_VALIDATE_CERTS"])),
    timeout=dict(type="int", default=30, fallback=(env_fallback, ["GAMEOPS_TIMEOUT"])),
    max_requests_per_minute=dict(type="int", fallback=(env_fallback, ["GAMEOPS_MAX_REQUESTS_PER_MINUTE"])),
)


# Options of modules that manage objects inside one server (doc fragment server_scope).
SERVER_SCOPE_ARGS = dict(
    server=dict(type="str"),
    server_external_id=dict(type="str"),
)

# API -> (option holding its key, key prefix, environment variable)
API_KEYS = {
    "application": ("api_key", "ptla_", "GAMEOPS_API_KEY"),
    "client": ("client_api_key", "ptlc_", "GAMEOPS_CLIENT_API_KEY"),
}


class PanelModule(AnsibleModule):
    """AnsibleModule with the panel connection and the reconcile workflow."""

    def __init__(self, argument_spec, panels=SUPPORTED_PANELS, secrets=(), apis=("application",), server_scope=False,
                 **kwargs):
        spec = dict(CONNECTION_ARGS)
        if server_scope:
            spec.update(SERVER_SCOPE_ARGS)
            pair = ("server", "server_external_id")
            kwargs["mutually_exclusive"] = list(kwargs.get("mutually_exclusive") or []) + [pair]
            kwargs["required_one_of"] = list(kwargs.get("required_one_of") or []) + [pair]
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        if not self.params["panel_url"]:
            self.fail_json(msg="panel_url is required (or set GAMEOPS_PANEL_URL)")
        if not self.params["panel_url"].startswith(("http://", "https://")):
            self.fail_json(msg="panel_url must start with http:// or https://, got %r" % self.params["panel_url"])
        for api in apis:
            self.require_api(api)
        if self.params["panel_type"] not in panels:
            self.fail_json(msg="panel_type %r is not supported by this module (supported: %s)"
                           % (self.params["panel_type"], ", ".join(panels)))
        self._secrets = [self.params[name] for name in secrets if self.params.get(name)]
        self._client = None
        self._server = None

    def require_api(self, api, reason=None):
        """Fail before any request when the key ``api`` (application/client) needs is missing."""
        option, prefix, env = API_KEYS[api]
        if not self.params[option]:
            why = " for %s" % reason if reason else ""
            self.fail_json(msg="%s is required%s: a %s API key (%s...), or set %s" % (option, why, api, prefix, env),
                           option=option)

    @property
    def client(self):
        if self._client is None:
            from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
            params = self.params
            self._client = PterodactylClient(
                params["panel_url"],
                params["api_key"],
                client_api_key=params["client_api_key"],
                validate_certs=params["validate_certs"],
                timeout=params["timeout"],
                max_requests_per_minute=params["max_requests_per_minute"],
                secrets=self._secrets,
            )
        return self._client

    @property
    def server(self):
        """The server named by O(server)/O(server_external_id): ``{identifier, uuid, name, external_id}``.

        Resolved once, with one read, to the identifier the client API uses.
        """
        if self._server is None:
            from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.resources import resolve_server
            self._server = resolve_server(self.client, self.params.get("server"), self.params.get("server_external_id"))
        return self._server

    def run(self, work):
        """Run ``work()`` (which returns the result dict); map errors to fail_json."""
        try:
            result = work()
        except ReconcileError as exc:
            self.fail_json(msg=str(exc), option=exc.option, **self._request_info())
        except PanelError as exc:
            extra = {"option": exc.option} if getattr(exc, "option", None) else {}
            self.fail_json(msg=self._panel_message(exc), error=exc.to_dict(), **dict(extra, **self._request_info()))
        result.update(self._request_info())
        self.exit_json(**result)

    def reconcile(self, adapter, desired=(), absent=(), purge=False, update_password="on_create"):
        """Plan and apply; return (plan, result dict without the objects)."""
        engine = Reconciler(adapter, check_mode=self.check_mode, update_password=update_password)
        plan = engine.apply(engine.plan(desired=desired, absent=absent, purge=purge))
        result = {"changed": plan.changed, "plan": plan.to_dict()}
        if self._diff:
            result["diff"] = plan.diff()
        return plan, result

    def _request_info(self):
        if self._client is None:
            return {}
        return {"api_requests": self._client.request_counts}

    @staticmethod
    def _panel_message(exc):
        if exc.field_errors:
            fields = "; ".join("%s: %s" % (field, message) for field, message in exc.field_errors)
            return "the panel rejected the request (HTTP %s) - %s" % (exc.status, fields)
        return "panel request failed - %s" % exc
