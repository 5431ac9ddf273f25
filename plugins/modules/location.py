#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: location
short_description: Manage the locations of a Pterodactyl panel
version_added: 0.3.0
description:
  - Create, update or delete a location, the group of nodes servers are deployed to (Pterodactyl's application
    API). A location is known by its short name, which the panel keeps unique.
  - Reads the locations first (one request per page) and writes only what differs.
  - Supported on Pterodactyl. Crafty Controller and AMP have no locations; the task fails there before any request.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Reports the plan and sends no write request.
  diff_mode:
    support: full
    description: Shows the location before and after.
options:
  short:
    description:
      - The location's short name (1 to 60 characters), unique on the panel; what
        M(gameops.panels.server)'s O(gameops.panels.server#module:deployment.locations) and
        M(gameops.panels.node)'s O(gameops.panels.node#module:location) name.
    type: str
    required: true
    aliases: [name]
  long:
    description:
      - The location's description (1 to 191 characters). Left as it is when unset.
    type: str
  state:
    description:
      - V(present) creates the location or updates its description; V(absent) deletes it.
      - The panel refuses to delete a location that still has nodes (delete them first, with
        M(gameops.panels.node)); the task then fails with the panel's message.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Needs an application API key (O(api_key)) with read and write access to locations.
seealso:
  - module: gameops.panels.location_info
  - module: gameops.panels.node
"""

EXAMPLES = r"""
- name: A location for the European nodes
  gameops.panels.location:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    short: eu-west
    long: Europe West

- name: A location that is no longer used (the panel refuses while it has nodes)
  gameops.panels.location:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    short: staging
    state: absent
"""

RETURN = r"""
location:
  description: The location as the panel holds it after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The panel's id of the location (null when a check-mode run only plans it).
      type: int
    short:
      description: Short name.
      type: str
    long:
      description: Description, or null.
      type: str
  sample:
    id: 1
    short: eu-west
    long: Europe West
plan:
  description: What the task changes (or would change in check mode), per field.
  returned: always
  type: dict
  sample:
    kind: location
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: eu-west
        fields:
          long: {before: Europe, after: Europe West}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 1, PATCH: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.location import LOCATION
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=LOCATION)
    params = module.params

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params["short"]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired()])
        result["location"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
