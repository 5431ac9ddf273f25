# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two-factor authentication of the client API key's own account (reference section 8.2).

The client API has no plain "is 2FA on?" read: ``GET /account/two-factor``
answers 400 when it is on, and otherwise hands out a fresh pending secret
(replacing the previous pending one, which is harmless). Every secret seen
here (pending secret, otpauth URI, recovery tokens) is added to the
transport's redaction list the moment it is read, so no error message built
afterwards can carry it.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.totp import InvalidSecret, current_code

ENABLED = "enabled"
DISABLED = "disabled"


class TwoFactorAccount:
    """Read, enable and disable TOTP for the account behind ``client``'s client key."""

    def __init__(self, client):
        self.client = client
        self.pending = None

    def hide(self, *values):
        """Never let ``values`` appear in a panel error message."""
        self.client.transport.add_secret(*values)

    def status(self):
        """``enabled`` or ``disabled``; when disabled, keeps the pending secret for :meth:`enable`."""
        setup = self.client.two_factor_setup()
        if setup is None:
            return ENABLED
        secret = setup.get("secret")
        uri = setup.get("image_url_data")
        self.hide(secret, uri)
        if not secret:
            raise PanelError("the panel's two-factor setup answer holds no secret",
                             method="GET", url="/api/client/account/two-factor")
        self.pending = {"secret": secret, "otpauth_uri": uri}
        return DISABLED

    def enable(self, password):
        """Confirm the pending secret with its current code; returns the recovery tokens."""
        try:
            code = current_code(self.pending["secret"])
        except InvalidSecret as exc:
            raise PanelError("the panel handed out a TOTP secret that cannot be used: %s" % exc)
        try:
            tokens = self.client.enable_two_factor(code, password)
        except PanelError as exc:
            raise _explain(exc) from exc
        self.hide(*tokens)
        return tokens

    def disable(self, password):
        try:
            self.client.disable_two_factor(password)
        except PanelError as exc:
            raise _explain(exc) from exc


def _explain(exc):
    """Name the option at fault for the panel's two refusals the user can fix."""
    message = exc.message or ""
    if exc.status == 400 and "password provided" in message:
        return ReconcileError("the panel refused the password of the client_api_key's account (%s)" % message,
                              option="password")
    if exc.code == "TwoFactorAuthenticationTokenInvalid":
        return ReconcileError("the panel refused the TOTP code computed from its own secret (%s); check that this "
                              "host's clock agrees with the panel's" % message)
    return exc
