# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Roles (Crafty, AMP): what a role grants (modules role and role_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

ROLE = Kind(
    "role",
    options=dict(
        name=dict(type="str"),
        id=dict(type="int"),
        servers=dict(type="list", elements="dict", options=dict(
            server=dict(type="str", required=True),
            permissions=dict(type="list", elements="str", default=[]),
        )),
        manager=dict(type="str"),
        mfa_required=dict(type="bool"),
        permissions=dict(type="dict"),
        instance_permissions=dict(type="dict"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ),
    # id names the role to match (Crafty), instead of its name; a document names roles by name
    task_options=("id", "state"),
    info_options=dict(name=dict(type="str")),
)
