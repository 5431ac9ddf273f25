# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One AMP process's session: the ADS, or an instance reached through the ADS proxy.

Every call is ``POST {panel}{prefix}/{Module}/{Method}``; :meth:`Process.call`
logs in on first use, renews the session once when AMP answers
"Unauthorized Access", refuses a method the process's kind lacks before
sending it, and turns each failure form AMP answers with HTTP 200
(``Status: false`` with a ``Reason``, an error object with a ``Title``, a
failed login, the legacy ``{"result": ...}`` envelope) into an
:class:`~..errors.AMPError`. With two-factor authentication only the first
login of a run spends a TOTP code: it asks for a remember-me token, which
every later login (instances, renewals) uses instead, since a code may be
accepted only once (API.md 2). The calls themselves are the client's
(client.py). No Ansible imports here.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import (
    AMPError, InstanceNotRunning, LoginFailed, MethodNotAvailable, NotThisPanel, PanelError)
from ansible_collections.gameops.panels.plugins.module_utils.totp import InvalidSecret, current_code
from ansible_collections.gameops.panels.plugins.module_utils.transport import seen

LOGIN = ("Core", "Login")
#: AuthenticationResult values (TypeSpec) that the messages name
AUTH_RESULTS = {
    0: "Failure", 1: "TokenRejected", 2: "FullLoginRequired", 5: "NoInstanceAccess", 6: "InstanceSuspended",
    10: "Success", 20: "PasswordChangeRequired", 25: "AccountDisabled", 30: "Ignored", 40: "TwoFactorChallenge",
    45: "TwoFactorSetupRequired", 50: "TwoFactorFailed", 100: "PassthruDisabled", 110: "PassthruRejected",
    500: "LoginServerUnavailable",
}
#: The API modules each kind of AMP process exposes (AMP's ModuleInheritance.json for 2.6.0.4). AMP answers a
#: method its process lacks exactly as it answers a missing permission, so a call is checked against this first.
PROCESS_MODULES = {
    "ADS": ("ADSModule", "CommonCorePlugin", "Core", "EmailSenderPlugin", "FileManagerPlugin"),
    "GenericModule": ("AnalyticsPlugin", "CommonCorePlugin", "Core", "EmailSenderPlugin", "FileManagerPlugin",
                      "GenericModule", "LocalFileBackupPlugin", "RCONPlugin", "steamcmdplugin"),
    "Minecraft": ("AnalyticsPlugin", "CommonCorePlugin", "Core", "EmailSenderPlugin", "FileManagerPlugin",
                  "LocalFileBackupPlugin", "MinecraftModule"),
    "Rust": ("AnalyticsPlugin", "CommonCorePlugin", "Core", "EmailSenderPlugin", "FileManagerPlugin",
             "LocalFileBackupPlugin", "RCONPlugin", "RustModule", "steamcmdplugin"),
}
UNAUTHORIZED = "Unauthorized Access"
INSTANCE_UNAVAILABLE = "Instance Unavailable"


class _Unauthorized(Exception):
    """AMP answered "Unauthorized Access" (or HTTP 401): an expired session or a missing permission."""


#: reads whose names do not start with Get
READS = frozenset(["Login", "CurrentSessionHasPermission", "ReadFileChunk", "CalculateFileMD5Sum"])


def is_read(method):
    """Reads are safe to repeat after a 5xx although they are POSTs."""
    return method.startswith("Get") or method in READS


class Process:
    """One AMP process (the ADS, or an instance through the ADS proxy) with its own session."""

    def __init__(self, transport, prefix, credentials, label, kind=None, tally=None, remembered=None):
        self.transport = transport
        #: shared by every process of one client: {"accepted_writes": n}
        self.tally = tally if tally is not None else {"accepted_writes": 0}
        #: shared by every process of one client: {"token": the remember-me token of the first 2FA login, or None}
        self.remembered = remembered if remembered is not None else {"token": None}
        self.prefix = prefix
        self.credentials = credentials
        #: how messages name this process, e.g. "AMP instance 'survival' (Minecraft)"
        self.label = label
        #: the process's AMP module (ADS, Minecraft, ...): which API modules it has
        self.kind = kind
        self.session_id = None
        #: ``exc -> exception`` raised instead of :class:`InstanceNotRunning` when the instance stops mid-run
        self.unavailable = None

    def login(self):
        username, password, totp_secret = self.credentials
        self.session_id = None
        if self.remembered["token"]:
            # a later login of this run: the remember-me token (empty password), no second use of a TOTP code
            reply = self._login(username, "", self.remembered["token"], False)
            if reply.get("success"):
                return self._started(reply)
            if AUTH_RESULTS.get(reply.get("result")) != "TokenRejected":
                raise self._login_error(reply, bool(totp_secret))
            self.remembered["token"] = None  # AMP forgot it: one full login, which asks for a new one
        token = ""
        if totp_secret:
            try:
                token = current_code(totp_secret)
            except InvalidSecret as exc:
                raise LoginFailed("panel_totp_secret: %s" % exc, code="TwoFactorFailed")
        reply = self._login(username, password, token, bool(totp_secret))
        if not reply.get("success"):
            raise self._login_error(reply, bool(totp_secret))
        if totp_secret and reply.get("rememberMeToken"):
            self.remembered["token"] = reply["rememberMeToken"]
        return self._started(reply)

    def _login(self, username, password, token, remember):
        try:
            reply = self.call("Core", "Login", username=username, password=password, token=token, rememberMe=remember)
        except _Unauthorized:
            # AMP refuses the login call itself (for example an address it does not accept logins from)
            reply = {"result": 0, "resultReason": UNAUTHORIZED}
        if not isinstance(reply, dict) or not ("success" in reply or "result" in reply):
            # JSON, but not AMP's LoginResponse
            raise NotThisPanel("%s does not answer like CubeCoders AMP (POST %s/Core/Login answered %s); check "
                               "panel_url" % (self.transport.base_url, self.prefix, str(reply)[:80]),
                               method="POST", url=self.transport.redact(self._url("Core", "Login")))
        return reply

    def _started(self, reply):
        self.session_id = reply["sessionID"]
        self.transport.add_secret(self.session_id, reply.get("rememberMeToken"))
        return reply

    def _login_error(self, reply, has_secret):
        result = AUTH_RESULTS.get(reply.get("result"), str(reply.get("result")))
        reason = reply.get("resultReason") or result
        hint = ""
        if result == "TwoFactorChallenge" and not has_secret:
            hint = "; the account has two-factor authentication on: set panel_totp_secret"
        elif result in ("TwoFactorFailed", "TwoFactorChallenge"):
            hint = "; check panel_totp_secret (and this machine's clock)"
        elif result == "Failure":
            hint = "; check panel_username and panel_password"
        elif result in ("PasswordChangeRequired", "TwoFactorSetupRequired"):
            hint = "; log in once in AMP's web interface to finish the account's set-up"
        return LoginFailed("%s refused the login of %r: %s%s" % (self.label, self.credentials[0], reason, hint),
                           code=result, method="POST", url=self.transport.redact(self._url("Core", "Login")))

    def _check_exposed(self, module, method):
        """Fail before sending a call the process's kind lacks (AMP would answer it as 'Unauthorized Access')."""
        exposed = PROCESS_MODULES.get(self.kind)
        if exposed is not None and module not in exposed:
            raise MethodNotAvailable(
                "%s has no API method %s/%s: an AMP process of type %s offers only %s"
                % (self.label, module, method, self.kind, ", ".join(exposed)))

    def _url(self, module, method):
        return "%s%s/%s/%s" % (self.transport.base_url, self.prefix, module, method)

    def call(self, module, method, **params):
        """Call ``module/method`` with ``params``; return the reply (ActionResult's Result unwrapped by callers)."""
        try:
            return self._call(module, method, params)
        except InstanceNotRunning as exc:
            if self.unavailable is None:
                raise
            raise self.unavailable(exc) from exc

    def _call(self, module, method, params):
        self._check_exposed(module, method)
        if (module, method) == LOGIN:
            return self._post(module, method, params)
        try:
            return self._call_in_session(module, method, params)
        except _Unauthorized:
            # an expired session (AMP ends idle sessions) or a missing permission: log in once more, retry once
            self.session_id = None
        try:
            return self._call_in_session(module, method, params)
        except _Unauthorized:
            raise AMPError(
                "%s answered %r to %s/%s again after a fresh login; the account %r may lack the permission for it%s"
                % (self.label, UNAUTHORIZED, module, method, self.credentials[0],
                   "" if self.kind in PROCESS_MODULES else ", or this kind of AMP process may not have that method"),
                code=UNAUTHORIZED, method="POST", url=self.transport.redact(self._url(module, method)))

    def _call_in_session(self, module, method, params):
        if self.session_id is None:
            self.login()
        return self._post(module, method, params)

    def _post(self, module, method, params):
        path = "%s/%s/%s" % (self.prefix, module, method)
        body = dict(params)
        headers = None
        if self.session_id:
            # the body field for AMP before 2.6.2.8, the header from 2.6.2.8 on; both are sent
            body["SESSIONID"] = self.session_id
            headers = {"Authorization": "Bearer " + self.session_id}
        try:
            reply = self.transport.request("POST", path, json_body=body, headers=headers, idempotent=is_read(method))
        except PanelError as exc:
            if exc.status == 401 and (module, method) != LOGIN:
                raise _Unauthorized()
            if exc.status in (404, 405) and exc.code is None and self.prefix == "/API" and not isinstance(
                    exc, NotThisPanel):
                # AMP answers every API call with 200 (its refusals inside); an unknown path is not an AMP at all
                raise NotThisPanel("%s does not answer like CubeCoders AMP (POST %s: %s); check panel_url"
                                   % (self.transport.base_url, path, seen(exc.status, exc.content_type,
                                                                          exc.text or exc.message)),
                                   status=exc.status, method="POST", url=exc.url) from None
            exc.message = "%s: %s" % (self.label, exc.message)
            raise
        # AMP up to 2.4 wrapped replies as {"result": ...}; unwrap only that exact shape
        if isinstance(reply, dict) and list(reply) == ["result"]:
            reply = reply["result"]
        self._raise_for_error(module, method, reply)
        if not is_read(method):
            self.tally["accepted_writes"] += 1
        return reply

    def _raise_for_error(self, module, method, reply):
        if not isinstance(reply, dict):
            return
        url = self.transport.redact(self._url(module, method))
        title = reply.get("Title")
        if title is not None and ("Message" in reply or "StackTrace" in reply):
            if title == UNAUTHORIZED:
                raise _Unauthorized()
            message = reply.get("Message") or ""
            if title == INSTANCE_UNAVAILABLE:
                raise InstanceNotRunning("%s is not running, so its API cannot be reached (AMP: %s%s)"
                                         % (self.label, title, ": " + message if message else ""),
                                         code=title, method="POST", url=url)
            raise AMPError(self.transport.redact("%s answered %s/%s with %r%s" % (
                self.label, module, method, title, ": " + message if message else "")),
                code=title, method="POST", url=url)
        if reply.get("Status") is False:
            reason = reply.get("Reason") or "no reason given"
            error = AMPError(self.transport.redact("%s refused %s/%s: %s" % (self.label, module, method, reason)),
                             method="POST", url=url)
            # AMP's answer to a create whose unique name is taken ("A user with that name already exists.")
            error.taken = "already exists" in reason.lower()
            raise error
