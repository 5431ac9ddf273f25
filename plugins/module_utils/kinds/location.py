# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Locations, the groups of nodes servers are deployed to (Pterodactyl) (modules location and location_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

LOCATION = Kind(
    "location",
    options=dict(
        short=dict(type="str", required=True, aliases=["name"]),
        long=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ),
    task_options=("state",),
    # the filter of location_info
    info_options=dict(
        short=dict(type="str", aliases=["name"]),
    ),
)
