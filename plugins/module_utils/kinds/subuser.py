# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl's per-server users and their permission keys (modules subuser and subuser_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

SUBUSER = Kind(
    "subuser",
    options=dict(
        email=dict(type="str", required=True),
        permissions=dict(type="list", elements="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ),
    task_options=("state",),
    info_options=dict(
        email=dict(type="str"),
        permission_keys=dict(type="bool", default=False, no_log=False),
    ),
    server_scope=True,
)
