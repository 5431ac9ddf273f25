# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Panel user accounts (modules user and user_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

USER = Kind(
    "user",
    options=dict(
        username=dict(type="str"),
        email=dict(type="str"),
        first_name=dict(type="str"),
        last_name=dict(type="str"),
        password=dict(type="str", no_log=True),
        update_password=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
        admin=dict(type="bool", aliases=["superuser"]),
        enabled=dict(type="bool"),
        must_change_password=dict(type="bool", no_log=False),
        password_expires=dict(type="bool", no_log=False),
        cannot_change_password=dict(type="bool", no_log=False),
        language=dict(type="str"),
        roles=dict(type="list", elements="str"),
        manager=dict(type="str"),
        external_id=dict(type="str"),
        match_on=dict(type="str", choices=["username", "email", "external_id"], default="username"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ),
    task_options=("update_password", "match_on", "state"),
    # the filters of user_info
    info_options=dict(
        username=dict(type="str"),
        email=dict(type="str"),
        external_id=dict(type="str"),
    ),
)
