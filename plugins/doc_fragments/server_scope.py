# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """How modules that manage objects inside one server name that server."""

    DOCUMENTATION = r"""
options:
  server:
    description:
      - The server, by name, as in the O(gameops.panels.server#module:name) option of M(gameops.panels.server).
      - The module resolves it to the panel's id for the server with one read. Names are not unique on Pterodactyl or
        Crafty; the task fails if several servers carry the name.
      - On AMP, the instance's instance name (for example V(Minecraft01)), or its friendly name when no instance
        has that instance name and exactly one has that friendly name. The instance's AMP process must be running,
        since the module works through the instance's own API; a stopped instance fails the task before any write.
      - Exactly one of O(server) and O(server_external_id) is required. Crafty and AMP servers are named only by
        O(server).
    type: str
  server_external_id:
    description:
      - The server, by its external_id, as in the O(gameops.panels.server#module:external_id) option of
        M(gameops.panels.server). The most robust way to name a server. Pterodactyl only.
      - Matched exactly when O(api_key) is given. With only a client key the panel's search is used, so the
        external_id must not be a part of another server's external_id or name.
      - Not on AMP, whose instances have no external id.
    type: str
"""
