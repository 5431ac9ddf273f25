# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Version profiles: which routes, fields, schemas and quirks a Crafty version has.

A profile is derived from the version number, so any ``X.Y.Z`` works; the
named profiles (``4.0.8``, ``4.3``, ``4.4``, ``4.4.8``) map to the code
snapshots the reference was written from (API.md section 0).
"""
from __future__ import annotations

import dataclasses
import re

#: Short profile names and the version each one reports from ``GET /api/v2``.
PROFILE_ALIASES = {
    "4.0": "4.0.8",
    "4.3": "4.3.0",
    "4.4": "4.4.7",   # 4.4.1-4.4.7: many backup configs, API keys with full_access, no TOTP
    "4.4.8+": "4.4.8",
}

SUPPORTED_PROFILES = ("4.0.8", "4.3", "4.4", "4.4.8")


@dataclasses.dataclass(frozen=True)
class Profile:
    """Everything version-dependent, as booleans named after what they gate."""

    version: str
    numbers: tuple

    @classmethod
    def for_version(cls, version: str) -> "Profile":
        version = PROFILE_ALIASES.get(str(version), str(version))
        match = re.match(r"^(\d+)\.(\d+)\.(\d+)", version)
        if not match or int(match.group(1)) != 4:
            raise ValueError("unsupported Crafty version %r (expected 4.x.y, e.g. %s)" % (version, ", ".join(SUPPORTED_PROFILES)))
        return cls(version, tuple(int(part) for part in match.groups()))

    def at_least(self, *numbers) -> bool:
        return self.numbers >= tuple(numbers)

    # -- reporting
    @property
    def version_string(self) -> str:
        """What ``GET /api/v2`` answers: 4.0.8 appends ``-<meta>`` (``?`` when absent)."""
        if not self.at_least(4, 1, 0):
            return self.version + "-?"
        return self.version

    # -- identifiers and envelopes
    @property
    def uuid_server_ids(self) -> bool:
        """4.3+: server ids are UUID strings (4.0.8: auto-increment ints plus a separate server_uuid)."""
        return self.at_least(4, 3, 0)

    @property
    def error_data_key(self) -> str:
        """4.0.8 puts the auth failure text under ``info``, newer under ``error_data``."""
        return "error_data" if self.at_least(4, 1, 0) else "info"

    @property
    def translated_schema_errors(self) -> bool:
        """Newer handlers build INVALID_JSON_SCHEMA text from Crafty's hints; 4.0.8 sends jsonschema's message."""
        return self.at_least(4, 1, 0)

    # -- auth
    @property
    def totp(self) -> bool:
        return self.at_least(4, 4, 8)

    @property
    def login_lockout(self) -> bool:
        return self.at_least(4, 4, 8)

    @property
    def api_keys(self) -> bool:
        return self.at_least(4, 1, 0)

    @property
    def key_full_access_field(self) -> str:
        """The API-key column that grants superuser power: ``superuser`` before 4.4.0, then ``full_access``."""
        return "full_access" if self.at_least(4, 4, 0) else "superuser"

    # -- users and roles
    @property
    def managers(self) -> bool:
        """Users and roles have a ``manager`` (4.3+)."""
        return self.at_least(4, 1, 0)

    @property
    def role_rename(self) -> bool:
        """4.0.8 reads a ``role_name`` key the schema forbids, so a rename is silently ignored."""
        return self.at_least(4, 1, 0)

    @property
    def role_mfa(self) -> bool:
        return self.at_least(4, 4, 8)

    @property
    def roles_config_perm(self) -> bool:
        """4.3+: ROLES_CONFIG opens the /roles routes; 4.0.8 keeps them superuser-only."""
        return self.at_least(4, 1, 0)

    # -- servers
    @property
    def server_created_by(self) -> bool:
        return self.at_least(4, 1, 0)

    # -- tasks
    @property
    def task_create(self) -> bool:
        """POST /servers/{id}/tasks is a broken stub (500) in 4.0.8."""
        return self.at_least(4, 1, 0)

    @property
    def task_read_delete(self) -> bool:
        """GET/DELETE /tasks/{id} are empty-200 stubs in 4.0.8."""
        return self.at_least(4, 1, 0)

    @property
    def task_action_id(self) -> bool:
        return self.at_least(4, 4, 0)

    # -- webhooks and backups
    @property
    def webhooks(self) -> bool:
        return self.at_least(4, 2, 0)

    @property
    def backup_api(self) -> bool:
        return self.at_least(4, 1, 0)

    @property
    def multi_backup(self) -> bool:
        """Many backup configs per server (4.4.1+); before that one config via PATCH /servers/{id}/backups."""
        return self.at_least(4, 4, 1)

    @property
    def backup_type(self) -> bool:
        return self.at_least(4, 4, 8)

    @property
    def restore_in_place(self) -> bool:
        return self.at_least(4, 4, 8)

    # -- crafty-level
    @property
    def crafty_routes(self) -> bool:
        return self.at_least(4, 1, 0)

    @property
    def crafty_check(self) -> bool:
        return self.at_least(4, 4, 8)

    @property
    def hides_anti_lockout(self) -> bool:
        return self.at_least(4, 1, 0)
