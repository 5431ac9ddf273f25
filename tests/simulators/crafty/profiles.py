# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Version profiles: which routes, fields, schemas and quirks a Crafty version has.

A profile is derived from the version number, so any ``X.Y.Z`` works; the
named profiles (``4.0.8``, ``4.3``, ``4.4``, ``4.4.8``) map to the code
snapshots the reference was written from (API.md section 0), ``4.10`` (4.10.7)
to the real panel recorded under ``tests/conformance/crafty/recordings``.
Versions between 4.4.8 and 4.10.7 were neither read nor recorded: a gate that
differs in 4.10.7 switches at 4.10.0 unless a source dates it (README,
"Versions").
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
    "4.10": "4.10.7",  # the recorded real panel (tests/conformance/crafty/recordings/4.10.7.json)
}

SUPPORTED_PROFILES = ("4.0.8", "4.3", "4.4", "4.4.8", "4.10")

DOCS_LINK = "https://docs.craftycontrol.com/pages/developer-guide/api-reference/v2/"
DOCS_LINK_408 = "https://wiki.craftycontrol.com/en/4/docs/API V2"


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
        """What ``GET /api/v2`` answers: 4.0.8 appends its version.json ``meta`` (recorded: ``4.0.8-beta``)."""
        if not self.at_least(4, 1, 0):
            return self.version + "-beta"
        return self.version

    @property
    def docs_link(self) -> str:
        """The API documentation ``GET /api/v2`` points to (4.0.8: the old wiki page)."""
        return DOCS_LINK if self.at_least(4, 1, 0) else DOCS_LINK_408

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
    def error_details(self) -> bool:
        """4.1+ errors carry ``error_data`` where 4.0.8 sends the code alone (USER_EXISTS, refusals)."""
        return self.at_least(4, 1, 0)

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
    def role_create_reads_mfa(self) -> bool:
        """``POST /roles`` reads ``data["mfa_required"]`` unconditionally: KeyError (500) without it.
        Recorded on 4.10.7; from 4.4.8, where role MFA came in and ``add_role_advanced`` takes the flag
        as a required argument (fork snapshot 0a3eba40)."""
        return self.at_least(4, 4, 8)

    @property
    def role_patch_looks_up(self) -> bool:
        """Newer role PATCH/DELETE fetch the role first (unknown id: RolesDoesNotExist, 500); 4.0.8's PATCH
        does not, so an unknown role answers 200 unless ``servers`` is sent (then 404 ROLE_NOT_FOUND)."""
        return self.at_least(4, 1, 0)

    @property
    def user_support_logs(self) -> bool:
        """The user row's ``support_logs`` column (gone in 4.10.7)."""
        return not self.at_least(4, 10, 0)

    @property
    def user_password_auth_flag(self) -> bool:
        """``disable_password_auth`` on users (passkeys; the reference's 4.5dev snapshot has it)."""
        return self.at_least(4, 5, 0)

    @property
    def user_dashboard_columns(self) -> bool:
        """``dashboard_columns`` on users (4.10.7)."""
        return self.at_least(4, 10, 0)

    @property
    def user_ram_limit(self) -> bool:
        """``max_ram_gb`` on users (default 4.0) and the server-create check against it (4.10.7, G6)."""
        return self.at_least(4, 10, 0)

    @property
    def user_delete_looks_up(self) -> bool:
        """DELETE /users/{id} loads the user (to drop its TOTP rows): an unknown id is UsersDoesNotExist (500).
        Before, the delete was idempotent (200)."""
        return self.at_least(4, 10, 0)

    @property
    def user_modify_managed_only(self) -> bool:
        """4.10.7's ``can_modify_user`` for GET/PATCH/DELETE /users/{id}: the caller itself (the numeric id
        counts too), a superuser, or USER_CONFIG over a user the caller manages; a user may not disable
        itself. Before: USER_CONFIG over anyone, and only ``@me`` means self (quirk 21)."""
        return self.at_least(4, 10, 0)

    @property
    def user_schema_410(self) -> bool:
        """4.10.7's user schema: username from 3 characters, the ``passProp`` hint (translated), new keys."""
        return self.at_least(4, 10, 0)

    @property
    def roles_config_perm(self) -> bool:
        """4.3+: ROLES_CONFIG opens the /roles routes; 4.0.8 keeps them superuser-only."""
        return self.at_least(4, 1, 0)

    # -- servers
    @property
    def server_created_by(self) -> bool:
        return self.at_least(4, 1, 0)

    @property
    def server_app_fields(self) -> bool:
        """``app_id`` and ``update_watcher`` columns on servers (23 keys in 4.10.7)."""
        return self.at_least(4, 10, 0)

    @property
    def server_status_block(self) -> bool:
        """``GET /servers/{id}`` adds ``status`` (update_available, updating, backing_up, last_backup)."""
        return self.at_least(4, 10, 0)

    @property
    def create_memory_factor(self) -> int:
        """MiB per GB in the java command of a downloaded jar: 4.0.8 ``int(gb * 1024)``, newer ``gb * 1000``."""
        return 1000 if self.at_least(4, 1, 0) else 1024

    @property
    def jar_named_by_type(self) -> bool:
        """A downloaded jar is ``<type>.jar`` (modded installers keep ``<type>-<version>.jar``); before,
        always ``<type>-<version>.jar``."""
        return self.at_least(4, 10, 0)

    @property
    def create_port_check(self) -> bool:
        """Server create refuses a monitoring port outside 1..65535 (405); 4.0.8 takes any."""
        return self.at_least(4, 1, 0)

    @property
    def create_v44(self) -> bool:
        """4.4 server create (fork snapshot 3ee0e7e5): refusals and the port 405 carry ``error_data``, a failure
        inside the creation answers 503 ``Could not create server``, and the jar comes from the big bucket
        catalogue (``category`` must be one of its keys)."""
        return self.at_least(4, 4, 0)

    @property
    def server_users_ids(self) -> bool:
        """``GET /servers/{id}/users`` lists user ids; 4.1-4.9 put user objects in the list when a role links
        the server (the JSON encoder refuses them: 500); 4.0.8 always crashes."""
        return self.at_least(4, 10, 0)

    @property
    def action_refusal_detail(self) -> bool:
        """Action refusals carry the translated ``insufficientPerms`` and the COMMANDS check applies an API
        key's mask (4.10.7)."""
        return self.at_least(4, 10, 0)

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

    @property
    def interval_trigger_schedules(self) -> bool:
        """Hours/minutes schedules use APScheduler's interval trigger (next run = now + interval); before,
        a cron trigger (``minute=0, hour=*/N`` / ``minute=*/N``)."""
        return self.at_least(4, 10, 0)

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

    @property
    def restore_in_background(self) -> bool:
        """The restore runs in a thread and the route always answers 200 (an unknown archive included):
        4.10.7 recorded, and the 4.4.8 fork snapshot (``server_restore_threader``)."""
        return self.at_least(4, 4, 8)

    @property
    def backup_refusal_translated(self) -> bool:
        """The backup list/create refuse with ``insufficientPerms`` instead of "Authorization Error"."""
        return self.at_least(4, 10, 0)

    # -- crafty-level
    @property
    def crafty_routes(self) -> bool:
        return self.at_least(4, 1, 0)

    @property
    def crafty_stats(self) -> bool:
        """``GET /crafty/stats`` (host statistics; in the 4.3 route table, 404 in 4.0.8)."""
        return self.at_least(4, 1, 0)

    @property
    def crafty_check(self) -> bool:
        return self.at_least(4, 4, 8)

    @property
    def hides_anti_lockout(self) -> bool:
        return self.at_least(4, 1, 0)

    # -- server files
    @property
    def server_files(self) -> bool:
        """4.10+: ``/servers/{id}/files`` with paths relative to the server's folder (recorded on 4.10.7). 4.0.8
        has no file route (catch-all 404, recorded). 4.3-4.9 have an older file API of absolute host paths (the
        4.3 route table ``06775b79``, the 4.4 handler ``3ee0e7e5``) that the simulator does not serve: those
        profiles answer the catch-all 404 as well (README, "Files")."""
        return self.at_least(4, 10, 0)
