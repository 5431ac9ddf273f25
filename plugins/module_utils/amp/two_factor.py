# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two-factor authentication of the AMP account a task logs in as (account_2fa): AMP confirms a new secret and
turning it off with a current code, and issues no recovery tokens."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import AMPError, MissingCredential, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.totp import current_code


class TwoFactorAccount:
    """TOTP two-factor authentication of the account the task logs in as (panel_username)."""

    def __init__(self, client, totp_secret=None):
        self.client = client
        #: the account's current secret (panel_totp_secret): turning 2FA off is confirmed with a current code
        self.totp_secret = totp_secret
        self.pending = None

    def status(self):
        user = self._me()
        return "enabled" if user.get("IsTwoFactorEnabled") else "disabled"

    def _me(self):
        for user in self.client.get_all_users():
            if user["Name"].lower() == self.client.username.lower():
                return user
        raise ReconcileError("AMP does not list the account %r this task logs in as" % self.client.username)

    def enable(self, password):
        setup = self.client.enable_two_factor(self.client.username, password) or {}
        secret = setup.get("ManualKey")
        self.client.transport.add_secret(secret, setup.get("Url"))
        if not secret:
            raise AMPError("AMP's EnableTwoFactor answer holds no secret")
        self.pending = {"secret": secret, "otpauth_uri": setup.get("Url")}
        self.client.confirm_two_factor_setup(self.client.username, current_code(secret))
        return []  # AMP issues no recovery tokens

    def disable(self, password):
        secret = self.totp_secret
        if not secret:
            raise MissingCredential("panel_totp_secret is required to turn two-factor authentication off on AMP (the "
                                    "current code confirms it), or set GAMEOPS_PANEL_TOTP_SECRET",
                                    option="panel_totp_secret")
        self.client.disable_two_factor(password, current_code(secret))
