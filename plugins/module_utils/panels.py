# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The panel registry: ``panel_type`` -> its driver (client factory and handler per kind).

A new panel is a package under module_utils (client, adapters, a driver)
and one entry here: its name in :data:`PANEL_TYPES` and its import in
:func:`_load`. A run loads only its panel's driver (every module task
imports the registry, so the two other panels' packages would cost each
task their import). The imports are still written out, one per panel,
on purpose: Ansible ships a module with exactly the module_utils its
import statements name, wherever they stand, so every driver is shipped.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.gameops.panels.plugins.module_utils.errors import Unsupported

#: every panel_type value, in the order the docs list them
PANEL_TYPES = ("pterodactyl", "crafty", "amp")


def _load(panel_type):
    """A new driver of ``panel_type`` (one of PANEL_TYPES), its package imported now."""
    # pylint: disable=import-outside-toplevel
    if panel_type == "pterodactyl":
        from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.driver import PterodactylDriver
        return PterodactylDriver()
    if panel_type == "crafty":
        from ansible_collections.gameops.panels.plugins.module_utils.crafty.driver import CraftyDriver
        return CraftyDriver()
    from ansible_collections.gameops.panels.plugins.module_utils.amp.driver import AMPDriver
    return AMPDriver()


class _Drivers(Mapping):
    """``panel_type`` -> driver, each loaded on first use (see the module's notes)."""

    def __init__(self):
        self._loaded = {}

    def __getitem__(self, panel_type):
        if panel_type not in PANEL_TYPES:
            raise KeyError(panel_type)
        if panel_type not in self._loaded:
            self._loaded[panel_type] = _load(panel_type)
        return self._loaded[panel_type]

    def __iter__(self):
        return iter(PANEL_TYPES)

    def __len__(self):
        return len(PANEL_TYPES)


DRIVERS = _Drivers()


def get_driver(panel_type):
    try:
        return DRIVERS[panel_type]
    except KeyError:
        raise Unsupported("unknown panel type %r (known: %s)" % (panel_type, ", ".join(PANEL_TYPES)), option="panel_type")
