# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A server's databases (Pterodactyl) (modules database and database_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

DATABASE = Kind(
    "database",
    options=dict(
        name=dict(type="str", required=True),
        remote=dict(type="str", default="%"),
        rotate_password=dict(type="bool", default=False, no_log=False),
        return_password=dict(type="bool", default=False, no_log=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ),
    task_options=("rotate_password", "return_password", "state"),
    # the filter of database_info
    info_options=dict(
        name=dict(type="str"),
        return_password=dict(type="bool", default=False, no_log=False),
    ),
    server_scope=True,
)
