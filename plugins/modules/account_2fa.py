#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: account_2fa
short_description: Enable or disable two-factor authentication of a panel account
version_added: 0.1.0
description:
  - Turn TOTP two-factor authentication on or off for the account that owns O(client_api_key).
  - To enable it, the module asks the panel for a new secret, computes the current code from it and confirms
    it with the account's password. The secret and the ten recovery tokens the panel returns are written to
    O(secret_file) and/or returned when O(return_secret=true); one of the two is required, since the panel
    never shows the secret again.
  - When two-factor authentication is already in the requested state, nothing is written. The secret of an
    account that already has it on cannot be read back, so O(secret_file) is only written when this task
    enables it.
  - On Pterodactyl, the routes used are exempt from the panel's two-factor requirement (C(2fa_required)),
    so this module is the way to satisfy it for an automation account whose other API calls are refused with
    C(TwoFactorAuthRequiredException).
  - On CubeCoders AMP (O(panel_type=amp)), the account is O(panel_username). It is enabled with
    C(EnableTwoFactor) and C(ConfirmTwoFactorSetup) (AMP issues no recovery tokens, so RV(recovery_tokens) is
    empty), and disabled with C(DisableTwoFactor), which needs the current code, so O(panel_totp_secret) is
    required then. Once it is on, every later task logs in with O(panel_totp_secret).
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description:
      - Reads whether two-factor authentication is on and reports the change; sends no write request and writes
        no file.
  diff_mode:
    support: full
    description: Shows the two-factor state before and after; never the secret.
options:
  state:
    description:
      - V(enabled) turns two-factor authentication on, V(disabled) turns it off.
    type: str
    choices: [enabled, disabled]
    default: enabled
  password:
    description:
      - The current password of the account; the panel requires it both to enable and to disable.
      - Never logged or returned.
    type: str
    required: true
  secret_file:
    description:
      - Where to save the new TOTP secret when the task enables two-factor authentication, as JSON (also valid
        YAML) with the keys C(secret), C(otpauth_uri) and C(recovery_tokens).
      - The file is replaced atomically and created with mode C(0600); it is never readable by others, not even
        while it is written. Its directory must exist; this is checked before any request.
      - Read the secret back with C(lookup('file', path) | from_json) and get a login code with the
        P(gameops.panels.totp#lookup) lookup.
    type: path
  return_secret:
    description:
      - Return RV(secret) and RV(recovery_tokens) in the result when the task enables two-factor authentication.
      - A module cannot hide its own return values, so set C(no_log=true) on the task; they are then only in the
        registered variable and not printed with C(-v).
    type: bool
    default: false
notes:
  - Needs O(client_api_key); the account acted on is the key's user.
  - Needs the Python library pyotp to compute the confirmation code.
requirements:
  - pyotp >= 2.8
seealso:
  - plugin: gameops.panels.totp
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: A private folder for the secret, on the controller
  ansible.builtin.file:
    path: "{{ secrets_dir }}"
    state: directory
    mode: "0700"

- name: Turn on 2FA for the automation account and keep the secret on the controller
  gameops.panels.account_2fa:
    panel_url: "{{ panel_url }}"
    client_api_key: "{{ vault_ptlc_key }}"
    password: "{{ vault_panel_password }}"
    secret_file: "{{ secrets_dir }}/panel-totp.json"

- name: Turn it on and hand the secret to the next task only
  gameops.panels.account_2fa:
    password: "{{ vault_panel_password }}"
    return_secret: true
  register: totp
  no_log: true

- name: Turn it off
  gameops.panels.account_2fa:
    password: "{{ vault_panel_password }}"
    state: disabled

- name: AMP - turn on 2FA for the account the tasks log in as, keeping the secret on the controller
  gameops.panels.account_2fa:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    password: "{{ vault_amp_password }}"
    secret_file: "{{ secrets_dir }}/amp-totp.json"

- name: AMP - from now on that account logs in with a code; turn 2FA off again
  gameops.panels.account_2fa:
    panel_type: amp
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    panel_totp_secret: "{{ (lookup('ansible.builtin.file', secrets_dir ~ '/amp-totp.json') | from_json).secret }}"
    password: "{{ vault_amp_password }}"
    state: disabled
"""

RETURN = r"""
two_factor:
  description: The two-factor state of the account after the task (predicted in check mode).
  returned: always
  type: str
  sample: enabled
secret_file:
  description: The file the secret was written to.
  returned: when this task enabled two-factor authentication and O(secret_file) was given
  type: str
  sample: /home/ops/secrets/panel-totp.json
secret:
  description: The base32 TOTP secret. Only returned because O(return_secret=true) asked for it.
  returned: when this task enabled two-factor authentication and O(return_secret=true)
  type: str
  sample: JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
recovery_tokens:
  description: The ten single-use recovery tokens. Only returned because O(return_secret=true) asked for them.
  returned: when this task enabled two-factor authentication and O(return_secret=true)
  type: list
  elements: str
  sample: [k3j5h2g8f1, q9w8e7r6t5]
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 1, POST: 1}
"""

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.gameops.panels.plugins.module_utils.kinds.account_2fa import ACCOUNT_2FA, DISABLED, ENABLED
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule
from ansible_collections.gameops.panels.plugins.module_utils.secret_file import check_secret_file, write_secret_file
from ansible_collections.gameops.panels.plugins.module_utils.totp import HAS_PYOTP


def main():
    module = PanelModule(kind=ACCOUNT_2FA)
    params = module.params
    wanted = params["state"]
    secret_file = None
    # everything that would lose the secret is checked before the first request
    if wanted == ENABLED:
        if not params["secret_file"] and not params["return_secret"]:
            module.fail_json(msg="enabling two-factor authentication needs secret_file or return_secret: true, "
                             "otherwise the new secret would be lost", option="secret_file")
        if not HAS_PYOTP:
            module.fail_json(msg=missing_required_lib("pyotp"))
        if params["secret_file"]:
            try:
                secret_file = check_secret_file(params["secret_file"])
            except ReconcileError as exc:
                module.fail_json(msg=str(exc), option=exc.option)

    def work():
        account = module.handler()
        before = account.status()
        result = {"changed": before != wanted, "two_factor": wanted}
        if module._diff:
            result["diff"] = {"before": {"two_factor": before}, "after": {"two_factor": wanted}}
        if before == wanted or module.check_mode:
            return result
        if wanted == DISABLED:
            account.disable(params["password"])
            return result
        tokens = account.enable(params["password"])
        if secret_file:
            content = dict(account.pending, recovery_tokens=tokens)
            try:
                write_secret_file(secret_file, content)
            except OSError as exc:
                # without the secret the account would be locked to its recovery tokens: undo
                account.disable(params["password"])
                raise ReconcileError("cannot write %s (%s); two-factor authentication was turned off again"
                                     % (secret_file, exc.strerror or type(exc).__name__), option="secret_file")
            result["secret_file"] = secret_file
        if params["return_secret"]:
            result["secret"] = account.pending["secret"]
            result["recovery_tokens"] = tokens
        return result

    module.run(work)


if __name__ == "__main__":
    main()
