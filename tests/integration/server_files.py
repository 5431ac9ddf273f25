# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Pterodactyl simulator server's files and power, as the server_file, server_config and apply tests see them."""

from __future__ import annotations

import time

from tests.integration.harness import writes
from tests.simulators.pterodactyl.client_files import files_of


def put(sim, server, path, text):
    """``path`` of ``server`` holds ``text``, put there behind the panel's back (the log starts afresh)."""
    files_of(sim.state, server).write("/" + path, text.encode("utf-8"))
    sim.clear_log()


def text_of(sim, server, path):
    """The text of ``path`` (None: no such file)."""
    entry = files_of(sim.state, server).get(path)
    return None if entry is None else entry.content.decode("utf-8")


def file_writes(sim, server):
    """The writes the panel received on ``server``'s files."""
    return [(m, p) for m, p in writes(sim) if p.startswith("/api/client/servers/%s/files/" % server["uuidShort"])]


def power_writes(sim, server):
    """The bodies of the power signals ``server`` received."""
    return [r.body for r in sim.requests if r.method == "POST"
            and r.path == "/api/client/servers/%s/power" % server["uuidShort"]]


def set_power(sim, server, state):
    sim.state.power_states[server["id"]] = {"state": state, "since": time.time()}
