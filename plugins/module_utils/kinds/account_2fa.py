# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two-factor authentication of the account a task logs in as (module account_2fa)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

ENABLED = "enabled"
DISABLED = "disabled"

ACCOUNT_2FA = Kind(
    "account_2fa",
    options=dict(
        state=dict(type="str", choices=[ENABLED, DISABLED], default=ENABLED),
        password=dict(type="str", required=True, no_log=True),
        secret_file=dict(type="path"),
        return_secret=dict(type="bool", default=False, no_log=False),
    ),
    task_options=("state", "password", "secret_file", "return_secret"),
)
