# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole file of a server, or none (module server_file)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

SERVER_FILE = Kind(
    "server_file",
    options=dict(
        path=dict(type="str", required=True),
        content=dict(type="str"),
        src=dict(type="path"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        restart=dict(type="bool", default=False),
    ),
    task_options=("src", "state", "restart"),
    server_scope=True,
)
