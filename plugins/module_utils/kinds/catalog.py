# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What servers are built from: Pterodactyl's nests and eggs, locations and nodes (module panel_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

#: the parts of the catalog panel_info can gather
SUBSETS = ("nests", "locations", "nodes")

CATALOG = Kind(
    "catalog",
    info_options=dict(
        gather=dict(type="list", elements="str", choices=list(SUBSETS), default=list(SUBSETS)),
        free_allocations=dict(type="int", default=25),
    ),
    info_module="panel_info",
)
