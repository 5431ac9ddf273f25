#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: panel_info
short_description: List what game servers can be built from on a panel
version_added: 0.1.0
description:
  - Read the panel's catalog, so a server task can be written without looking into the panel's database or admin
    pages. On Pterodactyl, the nests with their eggs (images, startup command, and every variable with its default,
    validation rules and whether users may see or edit it), the locations, and the nodes with their free
    allocations.
  - The names returned are the ones the O(gameops.panels.server#module:nest), O(gameops.panels.server#module:egg),
    O(gameops.panels.server#module:environment), O(gameops.panels.server#module:deployment) and
    O(gameops.panels.server#module:allocation) options of the server module take.
  - One request per list, plus one per nest (its eggs) and one per node (its free allocations); O(gather) limits
    the reads to the parts you need.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  gather:
    description:
      - The parts to read.
    type: list
    elements: str
    choices: [nests, locations, nodes]
    default: [nests, locations, nodes]
  free_allocations:
    description:
      - How many free allocations to list per node (lowest address and port first). RV(nodes[].free_allocation_count)
        always counts all of them.
    type: int
    default: 25
notes:
  - Pterodactyl only; needs O(api_key) (an application key with read access to nests, eggs, locations, nodes and
    allocations).
seealso:
  - module: gameops.panels.server
"""

EXAMPLES = r"""
- name: What the panel offers
  gameops.panels.panel_info:
  register: catalog

- name: The eggs, by nest
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.eggs | map(attribute='name') | join(', ') }}"
  loop: "{{ catalog.nests }}"
  loop_control:
    label: "{{ item.name }}"

- name: The variables a Paper server takes, with their defaults
  ansible.builtin.debug:
    msg: "{{ catalog.nests | map(attribute='eggs') | flatten | selectattr('name', 'equalto', 'Paper')
             | map(attribute='variables') | first | items2dict(key_name='env_variable', value_name='default_value') }}"

- name: Only the nodes, with a few free ports each
  gameops.panels.panel_info:
    gather: [nodes]
    free_allocations: 3
  register: placement

- name: Where a new server could go
  ansible.builtin.debug:
    msg: "{{ item.name }} in {{ item.location }}: {{ item.free_allocation_count }} free allocations"
  loop: "{{ placement.nodes }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
nests:
  description: The nests, each with its eggs.
  returned: when O(gather) contains V(nests)
  type: list
  elements: dict
  sample:
    - id: 1
      name: Minecraft
      description: Minecraft - the classic game from Mojang.
      eggs:
        - id: 1
          name: Paper
          description: High performance Spigot fork.
          docker_images: {"Java 21": "ghcr.io/pterodactyl/yolks:java_21"}
          startup: java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}
          variables:
            - env_variable: MINECRAFT_VERSION
              name: Minecraft Version
              description: The version of minecraft to download.
              default_value: latest
              rules: nullable|string|max:20
              user_viewable: true
              user_editable: true
locations:
  description: The locations, by the short code O(gameops.panels.server#module:deployment.locations) takes.
  returned: when O(gather) contains V(locations)
  type: list
  elements: dict
  sample:
    - {id: 1, short: eu-west, long: Europe West}
nodes:
  description: The nodes, with their location's short code and their free allocations.
  returned: when O(gather) contains V(nodes)
  type: list
  elements: dict
  contains:
    id:
      description: The node's id.
      type: int
    name:
      description: The node's name, as O(gameops.panels.server#module:deployment.node) takes it.
      type: str
    location:
      description: Short code of the node's location.
      type: str
    fqdn:
      description: The node's host name.
      type: str
    public:
      description: Whether the panel deploys to this node automatically.
      type: bool
    maintenance_mode:
      description: Whether the node is in maintenance mode.
      type: bool
    memory:
      description: Memory of the node in MiB.
      type: int
    disk:
      description: Disk space of the node in MiB.
      type: int
    free_allocation_count:
      description: How many allocations of the node no server uses.
      type: int
    free_allocations:
      description: The first O(free_allocations) of them, as O(gameops.panels.server#module:allocation) takes them.
      type: list
      elements: dict
  sample:
    - id: 1
      name: node-eu-1
      location: eu-west
      fqdn: node-eu-1.example.com
      public: true
      maintenance_mode: false
      memory: 16384
      disk: 512000
      free_allocation_count: 20
      free_allocations:
        - {ip: 10.0.0.5, port: 25565, alias: null}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 7}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.catalog import CATALOG
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=CATALOG, info=True)
    params = module.params

    def work():
        return dict(module.handler().read(gather=params["gather"], free_allocations=params["free_allocations"]),
                    changed=False)

    module.run(work)


if __name__ == "__main__":
    main()
