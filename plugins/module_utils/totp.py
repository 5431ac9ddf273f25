# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TOTP codes (RFC 6238) for secrets a panel handed out, via pyotp."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import stat
import tempfile
import time

# pyotp is imported when a code is computed: most module runs compute none, and every one would pay its import
HAS_PYOTP = importlib.util.find_spec("pyotp") is not None


@functools.lru_cache(maxsize=None)
def _totp_class():
    import pyotp  # pylint: disable=import-outside-toplevel

    class _PanelTOTP(pyotp.TOTP):
        # pyotp >= 2.10 refuses secrets under 112 bits, but Pterodactyl issues
        # 16-character (80-bit) secrets by default. We only compute codes for
        # secrets the panel already chose, so accept what it issues.
        min_secret_length_bits = 0

    return _PanelTOTP


class InvalidSecret(ValueError):
    """The secret is not base32; the message never contains the secret."""


def current_code(secret, digits=6, interval=30, for_time=None):
    """The code an authenticator app shows now (or at ``for_time``) for ``secret``."""
    normalized = str(secret).replace(" ", "").upper()
    try:
        totp = _totp_class()(normalized, digits=digits, interval=interval)
        return totp.at(for_time) if for_time is not None else totp.now()
    except (TypeError, ValueError) as exc:  # binascii.Error is a ValueError
        raise InvalidSecret("the secret is not valid base32 (%s)" % type(exc).__name__)


def claim_code(secret, scope, interval=30, clock=time.time, sleep=time.sleep, directory=None):
    """A code for a time step that no earlier call on this machine has claimed for ``scope``.

    Panels that accept each code only once (Crafty) refuse a second login
    within one time step, and every module run logs in anew, so two tasks
    inside the same 30 seconds would collide. Each step is claimed by
    creating a file atomically (no secret in it, and its name is a hash);
    when the current step is taken, this waits for the next one.
    """
    folder = directory or os.path.join(tempfile.gettempdir(), "gameops-panels-totp-%s" % _user_tag())
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not _private(folder):
        # someone else's directory in a shared /tmp: do not trust it, claim nothing
        return current_code(secret, interval=interval)
    tag = hashlib.sha256(("%s\0%s" % (scope, secret)).encode("utf-8")).hexdigest()[:32]
    while True:
        now = clock()
        step = int(now // interval)
        try:
            os.close(os.open(os.path.join(folder, "%s.%d" % (tag, step)), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            sleep((step + 1) * interval - now + 0.05)
            continue
        _forget_old_claims(folder, tag, step)
        return current_code(secret, interval=interval, for_time=step * interval)


def _private(folder):
    info = os.lstat(folder)
    return stat.S_ISDIR(info.st_mode) and (not hasattr(os, "getuid") or info.st_uid == os.getuid())


def _user_tag():
    try:
        return str(os.getuid())
    except AttributeError:  # pragma: no cover - not on POSIX
        return "user"


def _forget_old_claims(folder, tag, step):
    for name in os.listdir(folder):
        stem, _dot, claimed = name.rpartition(".")
        if stem == tag and claimed.isdigit() and int(claimed) < step - 2:
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass
