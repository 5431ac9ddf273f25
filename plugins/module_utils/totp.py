# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TOTP codes (RFC 6238) for secrets a panel handed out, via pyotp."""

from __future__ import annotations

try:
    import pyotp
    HAS_PYOTP = True

    class _PanelTOTP(pyotp.TOTP):
        # pyotp >= 2.10 refuses secrets under 112 bits, but Pterodactyl issues
        # 16-character (80-bit) secrets by default. We only compute codes for
        # secrets the panel already chose, so accept what it issues.
        min_secret_length_bits = 0

except ImportError:
    HAS_PYOTP = False


class InvalidSecret(ValueError):
    """The secret is not base32; the message never contains the secret."""


def current_code(secret, digits=6, interval=30, for_time=None):
    """The code an authenticator app shows now (or at ``for_time``) for ``secret``."""
    normalized = str(secret).replace(" ", "").upper()
    try:
        totp = _PanelTOTP(normalized, digits=digits, interval=interval)
        return totp.at(for_time) if for_time is not None else totp.now()
    except (TypeError, ValueError) as exc:  # binascii.Error is a ValueError
        raise InvalidSecret("the secret is not valid base32 (%s)" % type(exc).__name__)
