# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: totp
author:
  - gameops.panels contributors (@gameops)
version_added: 0.1.0
short_description: The current time-based one-time password for a secret
description:
  - Returns the current TOTP code (RFC 6238) for each base32 secret given, as the authenticator app
    of a panel account would show it.
  - Useful to log in to a panel account that has two-factor authentication enabled.
options:
  _terms:
    description: Base32 TOTP secrets, as the panel hands them out when two-factor authentication is set up.
    required: true
    type: list
    elements: str
  digits:
    description: Number of digits of the code.
    type: int
    default: 6
  interval:
    description: Seconds each code is valid for.
    type: int
    default: 30
requirements:
  - pyotp >= 2.8
notes:
  - Keep the secret in a vault; the lookup never logs it, but a task that prints the secret itself would.
"""

EXAMPLES = r"""
- name: Current code for the panel admin's second factor
  ansible.builtin.debug:
    msg: "{{ lookup('gameops.panels.totp', vault_admin_totp_secret) }}"
"""

RETURN = r"""
_raw:
  description: The current code for each secret, as a string of digits (leading zeros kept).
  type: list
  elements: str
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.gameops.panels.plugins.module_utils.totp import HAS_PYOTP, InvalidSecret, current_code


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if not HAS_PYOTP:
            raise AnsibleLookupError("the totp lookup needs the Python library pyotp (pip install pyotp)")
        self.set_options(var_options=variables, direct=kwargs)
        codes = []
        for secret in terms:
            try:
                codes.append(current_code(secret, digits=self.get_option("digits"), interval=self.get_option("interval")))
            except InvalidSecret as exc:
                raise AnsibleLookupError("totp: %s" % exc)
        return codes
