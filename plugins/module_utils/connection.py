# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module, the inventory and every driver share, and their checks.

One spec (:data:`CONNECTION_ARGS`, documented by the ``connection`` doc
fragment), the checks of its values before any request
(:func:`connection_problem`), and the part of it each panel's transport
takes (:func:`transport_options`). Which credentials a panel type uses is
its driver's ``connection_options``. No AnsibleModule here, so the
inventory plugin takes the same spec and checks without a module.
"""

from __future__ import annotations

import os

from ansible.module_utils.common.parameters import env_fallback

from ansible_collections.gameops.panels.plugins.module_utils.panels import PANEL_TYPES


def _env(name, **spec):
    return dict(spec, fallback=(env_fallback, [name]))


CONNECTION_ARGS = dict(
    panel_type=_env("GAMEOPS_PANEL_TYPE", type="str", default="pterodactyl", choices=list(PANEL_TYPES)),
    panel_url=_env("GAMEOPS_PANEL_URL", type="str"),
    api_key=_env("GAMEOPS_API_KEY", type="str", no_log=True),
    client_api_key=_env("GAMEOPS_CLIENT_API_KEY", type="str", no_log=True),
    panel_username=_env("GAMEOPS_PANEL_USERNAME", type="str"),
    panel_password=_env("GAMEOPS_PANEL_PASSWORD", type="str", no_log=True),
    panel_totp_secret=_env("GAMEOPS_PANEL_TOTP_SECRET", type="str", no_log=True),
    api_token=_env("GAMEOPS_API_TOKEN", type="str", no_log=True),
    validate_certs=_env("GAMEOPS_VALIDATE_CERTS", type="bool", default=True),
    ca_path=_env("GAMEOPS_CA_PATH", type="path"),
    timeout=_env("GAMEOPS_TIMEOUT", type="int", default=30),
    max_requests_per_minute=_env("GAMEOPS_MAX_REQUESTS_PER_MINUTE", type="int"),
    max_retry_wait=_env("GAMEOPS_MAX_RETRY_WAIT", type="int", default=60),
)

#: connection options whose values are secrets (redacted from every message)
SECRET_CONNECTION_ARGS = tuple(name for name, spec in CONNECTION_ARGS.items() if spec.get("no_log"))

#: the options every panel's Transport takes (see :func:`transport_options`)
TRANSPORT_OPTIONS = ("validate_certs", "ca_path", "timeout", "max_requests_per_minute", "max_retry_wait")

#: connection options every panel type understands; the credentials are each driver's ``connection_options``
COMMON_CONNECTION_OPTIONS = frozenset(("panel_type", "panel_url") + TRANSPORT_OPTIONS)

#: options of modules that manage objects inside one server (doc fragment server_scope)
SERVER_SCOPE_ARGS = dict(
    server=dict(type="str"),
    server_external_id=dict(type="str"),
)


def transport_options(params):
    """The module options every panel's Transport takes, as keyword arguments (unset ones left out)."""
    return dict((name, params[name]) for name in TRANSPORT_OPTIONS if params.get(name) is not None)


def connection_problem(params):
    """``(option, message)`` for the first connection option whose value cannot work, else None."""
    url = params["panel_url"]
    if not url.startswith(("http://", "https://")) or not url.split("://", 1)[1].strip("/"):
        return "panel_url", "panel_url must be an http:// or https:// URL such as https://panel.example.com, got %r" % url
    for option in ("timeout", "max_requests_per_minute"):
        value = params.get(option)
        if value is not None and value <= 0:
            return option, "%s must be greater than 0, got %d" % (option, value)
    if params.get("max_retry_wait", 0) < 0:
        return "max_retry_wait", "max_retry_wait must be 0 or more seconds, got %d" % params["max_retry_wait"]
    ca_path = params.get("ca_path")
    if ca_path and not os.path.isfile(ca_path):
        return "ca_path", "ca_path %r is not a file (it must be a PEM bundle of CA certificates)" % ca_path
    return None
