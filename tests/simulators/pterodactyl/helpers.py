# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Constants and helpers shared by the application API route modules."""
from __future__ import annotations

import re

from .framework import display_error, server_error
from .rules import CustomRule, php_str, to_db_int
from .transformers import mysql_equals

PREFIX = "/api/application"

IMAGE_RULES = ["required", "string", "max:191", r"regex:/^~?[\w\.\/\-:@ ]*$/"]
THREADS_RULES = r"nullable|regex:/^[0-9-,]+$/"

USER_ATTRIBUTES = {
    "external_id": "Third Party Identifier",
    "root_admin": "Root Administrator Status",
}
NODE_ATTRIBUTES = {
    "daemon_base": "Daemon Base Path",
    "upload_size": "File Upload Size Limit",
    "location_id": "Location",
    "public": "Node Visibility",
}
LOCATION_ATTRIBUTES = {
    "long": "Location Description",
    "short": "Location Identifier",
}
DATABASE_ATTRIBUTES = {
    "host": "Database Host Server ID",
    "remote": "Remote Connections",
    "database": "Database Name",
}

USERNAME_MESSAGE = ("The :attribute must start and end with alpha-numeric characters and\n"
                    "                contain only letters, numbers, dashes, underscores, and periods.")
USERNAME_REGEX = re.compile(r"^[a-z0-9]([\w.-]+)[a-z0-9]$", re.ASCII)

PORT_RANGE_REGEX = re.compile(r"^(\d{4,5})-(\d{4,5})$", re.ASCII)
PORT_FLOOR = 1024
PORT_CEIL = 65535
PORT_RANGE_LIMIT = 1000
CIDR_MAX_BITS = 25
CIDR_MIN_BITS = 32

MSG_USER_HAS_SERVERS = ("Cannot delete a user with active servers attached to their account. "
                        "Please delete their servers before continuing.")
MSG_NODE_HAS_SERVERS = "A node must have no servers linked to it in order to be deleted."
MSG_LOCATION_HAS_NODES = "Cannot delete a location that has active nodes attached to it."
MSG_ALLOCATION_IN_USE = ("A server is currently assigned to this allocation. An allocation can only be deleted "
                         "if no server is currently assigned.")
MSG_CIDR = "CIDR notation only allows masks between /25 and /32."
MSG_PORT_RANGE = "Ports in an allocation must be greater than 1024 and less than or equal to 65535."
MSG_TOO_MANY_PORTS = "Adding more than 1000 ports in a single range at once is not supported."
MSG_INVALID_MAPPING = "The mapping provided for %s was invalid and could not be processed."
MSG_NO_VIABLE_NODES = "No nodes satisfying the requirements specified for automatic deployment could be found."
MSG_NO_VIABLE_ALLOCATIONS = "No allocations satisfying the requirements for automatic deployment were found."
MSG_DEFAULT_NOT_ASSIGNED = "The requested default allocation is not currently assigned to this server."
MSG_NO_FALLBACK = ("You are attempting to delete the default allocation for this server but there is no "
                   "fallback allocation to use.")
MSG_TOO_MANY_DATABASES = "Operation aborted: creating a new database would put this server over the defined limit."
MSG_DUPLICATE_DATABASE = "A database with that name already exists for this server."
MSG_WINGS_UNREACHABLE = "Could not establish a connection to the machine running this server. Please try again."
MSG_CONFIG_NOT_PERSISTED = (
    "The daemon configuration <strong>has been updated</strong>, however there was an error encountered while "
    "attempting to automatically update the configuration file on the Daemon. You will need to manually update "
    "the configuration file (config.yml) for the daemon to apply these changes.")


# ---------------------------------------------------------------------- helpers

def php_truthy(value) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, str):
        return value not in ("", "0")
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


def php_bool(value) -> bool:
    """Value of a ``boolean``-validated input as stored in a tinyint column."""
    return php_truthy(value)


def unique_rule(state, table: str, column: str, ignore_id=None, extra=None) -> CustomRule:
    def passes(attribute, value):
        if isinstance(value, (list, dict)):
            return False
        if value is None:
            return True
        # mysql_equals against the rows an index of the column holds under the value (as the panel's unique
        # index answers without reading the table): a string column compares case-blind without trailing spaces
        for row in state.unique_candidates(table, column, state.unique_key(php_str(value))):
            if ignore_id is not None and row["id"] == ignore_id:
                continue
            if extra is not None and not extra(row):
                continue
            if mysql_equals(row.get(column), value):
                return False
        return True
    return CustomRule("unique", passes, "The :attribute has already been taken.")


def exists_rule(state, table: str, column: str = "id", where=None) -> CustomRule:
    def passes(attribute, value):
        values = value if isinstance(value, list) else [value]
        if isinstance(value, dict):
            return False
        for candidate in values:
            found = False
            for row in state.table(table).values():
                if where is not None and not where(row):
                    continue
                if mysql_equals(row.get(column), candidate):
                    found = True
                    break
            if not found:
                return False
        return True
    return CustomRule("exists", passes, "The selected :attribute is invalid.")


def username_rule() -> CustomRule:
    def passes(attribute, value):
        if isinstance(value, (list, dict)):
            raise server_error("TypeError")
        return USERNAME_REGEX.search(php_str(value).lower()) is not None
    return CustomRule("p_username", passes, USERNAME_MESSAGE)


def wings_unreachable():
    """``DaemonConnectionException`` raised when the simulated Wings daemon is offline."""
    return display_error(MSG_WINGS_UNREACHABLE, "DaemonConnectionException", status=504)


def find_record(table: dict, value):
    """``where id = ?`` with MySQL's string-to-number conversion."""
    if isinstance(value, int):
        return table.get(value)
    for row_id in sorted(table):
        if mysql_equals(row_id, value):
            return table[row_id]
    return None


def created(ctx, kind: str, record, resource_path=None):
    meta = {"resource": ctx.url(resource_path)} if resource_path else None
    return ctx.item(kind, record, status=201, meta=meta)


def storable_string(value):
    return None if value is None else php_str(value)


def viable_nodes(state, memory: int, disk: int, locations) -> list:
    """``FindViableNodesService``: public nodes with room for ``memory``/``disk`` (overallocation aware)."""
    wanted = None
    if locations:
        wanted = set(to_db_int(v) for v in locations)
    result = []
    for node in state.sorted_rows(state.nodes.values()):
        if not node["public"]:
            continue
        if wanted is not None and node["location_id"] not in wanted:
            continue
        servers = state.rows("servers", node_id=node["id"])
        used_memory = sum(s["memory"] or 0 for s in servers)
        used_disk = sum(s["disk"] or 0 for s in servers)
        if used_memory + memory > node["memory"] * (1 + node["memory_overallocate"] / 100.0):
            continue
        if used_disk + disk > node["disk"] * (1 + node["disk_overallocate"] / 100.0):
            continue
        result.append(node)
    return result


def as_list(value) -> list:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return value
    return []


def php_identical(left, right) -> bool:
    return type(left) is type(right) and left == right
