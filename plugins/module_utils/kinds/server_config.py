# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The named keys of a structured file of a server (module server_config)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

SERVER_CONFIG = Kind(
    "server_config",
    options=dict(
        path=dict(type="str", required=True),
        format=dict(type="str", choices=["properties", "json", "yaml", "ini"]),
        settings=dict(type="dict", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        restart=dict(type="bool", default=False),
    ),
    task_options=("state", "restart"),
    server_scope=True,
)
