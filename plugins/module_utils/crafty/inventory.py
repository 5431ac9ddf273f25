# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty servers in the words every panel shares: the servers inventory, and server_info's ``resources``
(both from Crafty's stats rows)."""

from __future__ import annotations


def current_state(stats):
    """Crafty's stats row -> the collection's power state words (see driver.POWER_STATES)."""
    if stats.get("updating") or stats.get("importing") or stats.get("downloading"):
        return "installing"
    if stats.get("running"):
        return "running"
    return "starting" if stats.get("waiting_start") else "offline"


def inventory_description(server, owner, stats=None):
    """One server for the inventory; ``stats`` is its stats row (None: not read)."""
    return {
        "id": server["server_id"],
        # 4.0.8 has integer ids and a separate uuid; newer ids are the uuid
        "uuid": server.get("server_uuid") or str(server["server_id"]),
        "external_id": None,
        "name": server["server_name"],
        "description": "",
        "owner": owner,
        "node": None,
        "game": server.get("type"),
        "limits": {},
        "suspended": False,
        "power_state": current_state(stats) if stats is not None else "unknown",
        "port": server.get("server_port"),
        "executable": server.get("executable"),
    }
