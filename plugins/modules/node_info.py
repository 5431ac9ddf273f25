#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: node_info
short_description: List the nodes of a Pterodactyl panel with their allocations
version_added: 0.3.0
description:
  - Read the panel's nodes, all of them or those with a given name or location, in the form
    M(gameops.panels.node) takes, each with its allocations (one request per page of nodes, one per page of each
    node's allocations).
  - Supported on Pterodactyl. Crafty Controller and AMP have no nodes managed through their API; the task fails
    there before any request.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  name:
    description: Only the nodes with exactly this name.
    type: str
  location:
    description: Only the nodes of the location with exactly this short name.
    type: str
notes:
  - Needs an application API key (O(api_key)) with read access to nodes, allocations and locations.
seealso:
  - module: gameops.panels.node
  - module: gameops.panels.panel_info
"""

EXAMPLES = r"""
- name: The nodes of eu-west
  gameops.panels.node_info:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    location: eu-west
  register: found

- name: Their names and the allocations their servers use
  ansible.builtin.debug:
    msg: "{{ found.nodes | items2dict(key_name='name', value_name='allocations_in_use') }}"
"""

RETURN = r"""
nodes:
  description: The matching nodes, by id, in the form M(gameops.panels.node) takes.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The panel's id of the node.
      type: int
    name:
      description: Name.
      type: str
    location:
      description: Short name of its location.
      type: str
    allocations:
      description: Every allocation, as IPs with sorted ports and port ranges.
      type: list
      elements: dict
    allocations_in_use:
      description: The allocations (C(ip:port)) a server uses.
      type: list
      elements: str
  sample:
    - id: 1
      name: node-eu-1
      location: eu-west
      fqdn: node-eu-1.example.test
      scheme: https
      behind_proxy: false
      public: true
      maintenance_mode: false
      memory: 16384
      memory_overallocate: 0
      disk: 204800
      disk_overallocate: 0
      upload_size: 100
      daemon_listen: 8080
      daemon_sftp: 2022
      daemon_base: /var/lib/pterodactyl/volumes
      allocations:
        - ip: 10.0.0.10
          ports: ["25565-25574"]
      allocations_in_use: ["10.0.0.10:25565"]
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 3}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.node import NODE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=NODE, info=True)
    filters = dict((name, module.params[name]) for name in ("name", "location"))

    def work():
        return {"changed": False, "nodes": module.handler().info(**filters)}

    module.run(work)


if __name__ == "__main__":
    main()
