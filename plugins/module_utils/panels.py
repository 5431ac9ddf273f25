# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The panel registry: ``panel_type`` -> its driver (client factory and handler per kind).

A new panel is a package under module_utils (client, adapters, a driver)
and one line here. Imports are static on purpose: Ansible ships a module
with exactly the module_utils its imports name, so every driver is listed.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.amp.driver import AMPDriver
from ansible_collections.gameops.panels.plugins.module_utils.crafty.driver import CraftyDriver
from ansible_collections.gameops.panels.plugins.module_utils.driver import Unsupported
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.driver import PterodactylDriver

DRIVERS = dict((driver.name, driver) for driver in (
    PterodactylDriver(),
    CraftyDriver(),
    AMPDriver(),
))

#: every panel_type value, in the order the docs list them
PANEL_TYPES = tuple(DRIVERS)


def get_driver(panel_type):
    try:
        return DRIVERS[panel_type]
    except KeyError:
        raise Unsupported("unknown panel type %r (known: %s)" % (panel_type, ", ".join(PANEL_TYPES)), option="panel_type")
