# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files that hold a secret the panel hands out once (TOTP secrets, recovery tokens)."""

from __future__ import annotations

import json
import os
import secrets as _random

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError


def check_secret_file(path):
    """Fail before any request when ``path`` cannot be written (the secret would be lost)."""
    path = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(path)
    if os.path.isdir(path):
        raise ReconcileError("%s is a directory; give a file path" % path, option="secret_file")
    if not os.path.isdir(directory):
        raise ReconcileError("directory %s does not exist" % directory, option="secret_file")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ReconcileError("directory %s is not writable" % directory, option="secret_file")
    return path


def write_secret_file(path, content):
    """Write ``content`` (a dict) as JSON to ``path``, atomically, readable by the owner only.

    The temporary file is created with mode 0600 by ``os.open``, so the
    secret is never on disk with wider permissions, not even briefly.
    """
    directory, name = os.path.split(path)
    temporary = os.path.join(directory, ".%s.%s.tmp" % (name, _random.token_hex(6)))
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(json.dumps(content, indent=2) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
