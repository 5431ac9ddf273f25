# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty versions and what each can do (API.md section 0 and the route index of section 6).

The version is read once per run from ``GET /api/v2``; everything below
decides before any write whether the panel can do what a task asks.
No Ansible imports.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils.errors import Unsupported

#: feature -> (first version that has it, what it is, for messages)
FEATURES = {
    # 4.3 replaced the 4.0.8 API in many places (UUID server ids, manager, working task routes)
    "task_routes": ((4, 3, 0), "schedules (the task routes of 4.0.8 are stubs)"),
    "role_rename": ((4, 3, 0), "renaming a role"),
    "manager": ((4, 3, 0), "managers of users and roles"),
    "password_change": ((4, 3, 0), "changing a password (4.0.8 refuses every password update)"),
    "server_settings": ((4, 3, 0), "the server settings shutdown_timeout, ignored_exits, show_status and count_players"),
    "bedrock_download": ((4, 3, 0), "creating a Bedrock server from a download"),
    "webhooks": ((4, 2, 0), "webhooks"),
    # 4.1-4.3 keep a single backup configuration behind another API (API.md 12.6), 4.0.8 none
    "backup_configs": ((4, 4, 1), "backup configurations"),
    "totp_login": ((4, 4, 8), "two-factor login"),
    "role_mfa": ((4, 4, 8), "mfa_required on roles"),
    "backup_type": ((4, 4, 8), "backup_type"),
    "restore_in_place": ((4, 4, 8), "restoring a backup in place"),
    # 4.3-4.9 have an older file API of host paths, which nobody recorded: the collection uses 4.10's only
    "server_files": ((4, 10, 0), "server files (the file routes of Crafty 4.10)"),
}


def _short(parts):
    """(4, 3, 0) -> "4.3", (4, 4, 8) -> "4.4.8"."""
    text = ".".join(str(p) for p in parts)
    return text[:-2] if text.endswith(".0") else text


class Version:
    """A Crafty version as ``GET /api/v2`` reports it (``4.4.8``, ``4.0.8-?``, ``4.5.0-dev``)."""

    def __init__(self, text):
        match = re.match(r"\s*v?(\d+)\.(\d+)(?:\.(\d+))?", str(text or ""))
        if not match:
            raise ValueError("not a Crafty version: %r" % (text,))
        self.text = str(text)
        self.parts = tuple(int(p or 0) for p in match.groups())

    def __ge__(self, other):
        return self.parts >= tuple(other)

    def __lt__(self, other):
        return self.parts < tuple(other)

    def __str__(self):
        return ".".join(str(p) for p in self.parts)

    def __repr__(self):
        return "Version(%r)" % self.text

    def has(self, feature):
        return self >= FEATURES[feature][0]

    def require(self, feature, option=None):
        """Fail (before any write) when this version lacks ``feature``, naming the version."""
        first, what = FEATURES[feature]
        if not self.has(feature):
            raise Unsupported("%s: not available on Crafty %s, the version of this panel (needs Crafty %s or later)"
                              % (what, self, _short(first)), option=option)

    @property
    def uuid_server_ids(self):
        """4.3 and later name servers by UUID strings; 4.0.8 by integers."""
        return self >= (4, 3, 0)
