# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backups of a server: Pterodactyl and AMP backups, Crafty backup configurations (modules backup and backup_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind, of_type

BACKUP = Kind(
    "backup",
    options=dict(
        name=dict(type="str"),
        description=dict(type="str"),
        ignored=dict(type="list", elements="str"),
        state=dict(type="str", choices=["present", "absent", "locked", "unlocked", "restored", "taken"],
                   default="present"),
        truncate=dict(type="bool", default=False),
        force=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
        keep_last=dict(type="int"),
        keep_last_match=dict(type="str"),
        # a Crafty backup configuration: where, how many, how, and the commands around it
        location=dict(type="str"),
        max_backups=dict(type="int"),
        **of_type("bool", "compress", "shutdown"),
        **of_type("str", "before", "after"),
        backup_type=dict(type="str", choices=["zip_vault", "snapshot"]),
        archive=dict(type="str"),
        in_place=dict(type="bool"),
    ),
    # restoring and waiting are what one task does; a document entry declares the backup (or its retention)
    task_options=("state", "truncate", "wait", "wait_timeout", "archive", "in_place"),
    info_options=dict(
        name=dict(type="str"),
        download_url=dict(type="bool", default=False),
    ),
    server_scope=True,
)
