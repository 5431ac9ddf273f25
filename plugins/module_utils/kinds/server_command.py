# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Console commands to a running server (module server_command)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

SERVER_COMMAND = Kind(
    "server_command",
    options=dict(
        commands=dict(type="list", elements="str", required=True),
        require_running=dict(type="bool", default=True),
    ),
    task_options=("commands", "require_running"),
    server_scope=True,
)
