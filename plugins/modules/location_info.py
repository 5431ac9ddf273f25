#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: location_info
short_description: List the locations of a Pterodactyl panel
version_added: 0.3.0
description:
  - Read the panel's locations, all of them or the one with a given short name, in the form
    M(gameops.panels.location) takes (one request per page).
  - Supported on Pterodactyl. Crafty Controller and AMP have no locations; the task fails there before any request.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  short:
    description: Only the location with exactly this short name.
    type: str
    aliases: [name]
notes:
  - Needs an application API key (O(api_key)) with read access to locations.
seealso:
  - module: gameops.panels.location
  - module: gameops.panels.panel_info
"""

EXAMPLES = r"""
- name: Every location
  gameops.panels.location_info:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
  register: found

- name: Their short names
  ansible.builtin.debug:
    msg: "{{ found.locations | map(attribute='short') | list }}"
"""

RETURN = r"""
locations:
  description: The matching locations, by id.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The panel's id of the location.
      type: int
    short:
      description: Short name.
      type: str
    long:
      description: Description, or null.
      type: str
  sample:
    - id: 1
      short: eu-west
      long: Europe West
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.location import LOCATION
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=LOCATION, info=True)
    short = module.params["short"]

    def work():
        return {"changed": False, "locations": module.handler().info(short=short)}

    module.run(work)


if __name__ == "__main__":
    main()
