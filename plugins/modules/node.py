#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: node
short_description: Manage the nodes of a Pterodactyl panel and their allocations
version_added: 0.3.0
description:
  - Create, update or delete a node, a machine running Wings, and keep its allocations (the IP and port pairs
    servers are given) as declared (Pterodactyl's application API). A node is known by its name.
  - Reads the nodes first (one request per page; with O(allocations), one more per page of the node's allocations)
    and writes only what differs. A change of the node's settings is one request, which carries the fields the
    panel requires on every update besides the changed ones.
  - Allocations are created and removed by difference, one request per IP to create and one per allocation to
    remove. An allocation a server uses is never removed; the plan lists it under C(allocations_kept) and the task
    warns.
  - Supported on Pterodactyl. Crafty Controller and AMP have no nodes managed through their API; the task fails
    there before any request.
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
    description: Shows the node before and after, its allocations as IPs with port ranges.
options:
  name:
    description: The node's name (1 to 100 letters, digits, spaces, C(_), C(-) and C(.)).
    type: str
    required: true
  location:
    description:
      - Short name of the node's location (see M(gameops.panels.location)). Required to create a node.
    type: str
  fqdn:
    description: The address the panel and browsers reach Wings at (a domain name, or an IP address with O(scheme=http)).
      Required to create a node.
    type: str
  scheme:
    description: How Wings is reached. A new node gets V(https) when unset.
    type: str
    choices: [https, http]
  behind_proxy:
    description: Whether Wings sits behind a proxy that ends TLS.
    type: bool
  public:
    description: Whether automatic deployment may place servers on the node.
    type: bool
  maintenance_mode:
    description: Whether the node is in maintenance (its servers cannot be reached by their users).
    type: bool
  memory:
    description: Memory for servers, in MiB (at least 1). Required to create a node.
    type: int
  memory_overallocate:
    description: How far the memory may be overallocated, in percent (C(-1) turns the check off). A new node gets
      C(0) when unset.
    type: int
  disk:
    description: Disk space for servers, in MiB (at least 1). Required to create a node.
    type: int
  disk_overallocate:
    description: How far the disk may be overallocated, in percent (C(-1) turns the check off). A new node gets
      C(0) when unset.
    type: int
  upload_size:
    description: Largest file upload through the panel, in MiB (1 to 1024).
    type: int
  daemon_listen:
    description: Wings' API port. A new node gets C(8080) when unset.
    type: int
  daemon_sftp:
    description: Wings' SFTP port. A new node gets C(2022) when unset.
    type: int
  daemon_base:
    description: The folder on the node that holds the servers' files (an absolute path).
    type: str
  allocations:
    description:
      - Every allocation the node has, as IPs with ports and port ranges. Left as they are when unset.
      - Allocations not listed are removed, except those a server uses (kept, and listed in the plan).
    type: list
    elements: dict
    suboptions:
      ip:
        description: An IP address, or a CIDR block of /25 to /32 (every address in it).
        type: str
        required: true
      ports:
        description:
          - Ports (C(25580)) and ranges (V(25565-25575)) between 1025 and 65535, a range at most 1000 ports.
        type: list
        elements: raw
        required: true
  state:
    description:
      - V(present) creates or updates the node; V(absent) deletes it with its allocations.
      - The panel refuses to delete a node that has servers; the task then fails with the panel's message.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Needs an application API key (O(api_key)) with read and write access to nodes, allocations and locations.
  - Wings itself is set up on the machine separately; this module keeps the panel's record of it.
seealso:
  - module: gameops.panels.node_info
  - module: gameops.panels.location
"""

EXAMPLES = r"""
- name: A node in eu-west with a block of game ports
  gameops.panels.node:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    name: node-eu-2
    location: eu-west
    fqdn: node-eu-2.example.com
    memory: 32768
    disk: 512000
    allocations:
      - ip: 10.0.0.12
        ports: ["25565-25575", 27015]

- name: Put the node in maintenance
  gameops.panels.node:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    name: node-eu-2
    maintenance_mode: true

- name: Retire the node
  gameops.panels.node:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    name: node-eu-2
    state: absent
"""

RETURN = r"""
node:
  description: The node as the panel holds it after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The panel's id of the node (null when a check-mode run only plans it).
      type: int
    name:
      description: Name.
      type: str
    location:
      description: Short name of its location.
      type: str
    fqdn:
      description: Wings' address.
      type: str
    scheme:
      description: V(https) or V(http).
      type: str
    memory:
      description: Memory for servers, in MiB.
      type: int
    disk:
      description: Disk space for servers, in MiB.
      type: int
    allocations:
      description: Its allocations, when O(allocations) is set.
      type: list
      elements: dict
  sample:
    id: 3
    name: node-eu-2
    location: eu-west
    fqdn: node-eu-2.example.com
    scheme: https
    behind_proxy: false
    public: true
    maintenance_mode: false
    memory: 32768
    memory_overallocate: 0
    disk: 512000
    disk_overallocate: 0
    upload_size: 100
    daemon_listen: 8080
    daemon_sftp: 2022
    daemon_base: /var/lib/pterodactyl/volumes
    allocations:
      - ip: 10.0.0.12
        ports: ["25565-25575", "27015"]
plan:
  description:
    - What the task changes (or would change in check mode), per field.
    - C(allocations_kept) maps a node's name to the allocations (C(ip:port)) a server uses that O(allocations) does
      not list, kept.
  returned: always
  type: dict
  sample:
    kind: node
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: node-eu-2
        fields:
          maintenance_mode: {before: false, after: true}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2, PATCH: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.node import NODE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=NODE)
    params = module.params

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params["name"]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired()])
        result["node"] = plan.changes[0].result
        if adapter.kept:
            result["plan"]["allocations_kept"] = adapter.kept
            for name, kept in sorted(adapter.kept.items()):
                module.warn("node %s: allocations a server uses are kept although not declared: %s"
                            % (name, ", ".join(kept)))
        return result

    module.run(work)


if __name__ == "__main__":
    main()
