# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Nodes, the machines running Wings, with their allocations (Pterodactyl) (modules node and node_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind, of_type

_OPTIONS = dict(
    name=dict(type="str", required=True),
    location=dict(type="str"),
    fqdn=dict(type="str"),
    scheme=dict(type="str", choices=["https", "http"]),
)
_OPTIONS.update(of_type("bool", "behind_proxy", "public", "maintenance_mode"))
_OPTIONS.update(of_type("int", "memory", "memory_overallocate", "disk", "disk_overallocate", "upload_size",
                        "daemon_listen", "daemon_sftp"))
_OPTIONS.update(
    daemon_base=dict(type="str"),
    allocations=dict(type="list", elements="dict", options=dict(
        ip=dict(type="str", required=True),
        ports=dict(type="list", elements="raw", required=True),
    )),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)

NODE = Kind(
    "node",
    options=_OPTIONS,
    task_options=("state",),
    # the filters of node_info
    info_options=dict(
        name=dict(type="str"),
        location=dict(type="str"),
    ),
)
