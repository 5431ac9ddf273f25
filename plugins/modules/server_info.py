#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: server_info
short_description: List game servers on a panel
version_added: 0.1.0
description:
  - Read game servers, all of them or those matching the given fields exactly, in the same form the
    M(gameops.panels.server) module uses, from Pterodactyl, Crafty Controller or CubeCoders AMP.
  - Owners, eggs, nests, nodes and allocations come with the list, so a panel of any size costs one request per page.
  - Crafty lists the servers the account may see (every server for a superuser), with their settings.
  - On CubeCoders AMP (O(panel_type=amp)), every instance of every target (the ADS itself left out), from one
    request, filtered by O(name) (the instance name).
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
    description: Only servers with this exact name (on AMP, the instance name).
    type: str
  external_id:
    description: Only the server with this external id. Pterodactyl only.
    type: str
  owner:
    description: Only servers owned by this username. Pterodactyl only.
    type: str
  resources:
    description:
      - Also read each matching server's live state and resource usage (one request per server), returned under
        C(resources) of each server. C(resources.current_state) uses the same words on every panel (V(running),
        V(starting), V(stopping), V(offline), and on Crafty also V(installing) while it updates or imports).
      - On Pterodactyl the state comes from the server's node through the client API, so this needs
        O(client_api_key) of a root admin, or of a user who can see every matching server; C(resources.uptime) is in
        milliseconds. A server whose node cannot be reached gets C(resources.current_state=unreachable), the panel's
        message in C(resources.error) and C(power_state=null) rather than failing the task.
      - On Crafty, C(resources) is the server's latest stats row (C(running), C(started), C(cpu), C(mem), C(players),
        ...) plus C(current_state).
      - On CubeCoders AMP, the game's state comes from the instance itself (C(Core/GetStatus) after a login to the
        instance, so two requests per instance whose AMP process runs), since the ADS's list can trail it after a
        restart. C(resources) holds C(current_state) (V(offline) while the AMP process is stopped, V(unreachable) for
        an instance on a target the ADS does not reach or that does not answer, with AMP's message in
        C(resources.error)), C(app_state) (AMP's name of the game's state), C(instance_running), C(uptime) (the
        game's, in milliseconds; null when not read) and C(metrics) (name to C(value), C(max), C(percent), C(unit)).
        A suspended instance or one whose AMP process is stopped is not asked.
      - Each server also gets C(power_state), V(started) or V(stopped) as the O(gameops.panels.server#module:power_state)
        option of the server module takes it (a starting server counts as started, a stopping one as stopped), so a
        result can be fed back to that module.
    type: bool
    default: false
seealso:
  - module: gameops.panels.server
"""

EXAMPLES = r"""
- name: Every server
  gameops.panels.server_info:
  register: servers

- name: Suspended servers
  ansible.builtin.debug:
    msg: "{{ servers.servers | selectattr('suspended') | map(attribute='name') | list }}"

- name: One server by external id
  gameops.panels.server_info:
    external_id: community-42-survival
  register: survival

- name: Which servers are running, and how much memory they use
  gameops.panels.server_info:
    client_api_key: "{{ vault_ptlc_key }}"
    resources: true
  register: live

- name: Report
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.power_state }}, {{ item.resources.memory_bytes }} bytes"
  loop: "{{ live.servers }}"
  loop_control:
    label: "{{ item.name }}"

- name: One Crafty server
  gameops.panels.server_info:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    api_token: "{{ vault_crafty_api_token }}"
    name: survival
  register: crafty_survival
- name: AMP - every instance, with whether its AMP process and its game run
  gameops.panels.server_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
  register: instances

- name: AMP - the game's live state and uptime, asked of one instance
  gameops.panels.server_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    name: Survival01
    resources: true
  register: survival01
"""

RETURN = r"""
servers:
  description: The matching servers.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 12
      uuid: 3f9a1c2e-5b7d-4e0a-9c1f-2a3b4c5d6e7f
      identifier: 3f9a1c2e
      name: survival
      external_id: community-42-survival
      description: ""
      owner: alice
      nest: Minecraft
      egg: Paper
      docker_image: ghcr.io/pterodactyl/yolks:java_21
      startup: java -jar {{SERVER_JARFILE}}
      environment: {SERVER_JARFILE: server.jar}
      limits: {memory: 4096, swap: 0, disk: 20480, io: 500, cpu: 200, threads: null, oom_disabled: true}
      feature_limits: {databases: 0, allocations: 0, backups: 5}
      node: node-eu-1
      allocation: "127.0.0.1:25565"
      suspended: false
      status: null
      power_state: started
      resources:
        current_state: running
        is_suspended: false
        memory_bytes: 1073741824
        cpu_absolute: 12.5
        disk_bytes: 52428800
        network_rx_bytes: 20480
        network_tx_bytes: 10240
        uptime: 360000
    - id: 0f6d2c1e-8a4b-4c2d-9e1f-3a5b7c9d1e2f
      name: survival
      type: minecraft-java
      created: "2026-01-15T03:00:02"
      port: 25566
      server_ip: 127.0.0.1
      auto_start: true
      auto_start_delay: 10
      crash_detection: true
      stop_command: stop
      execution_command: java -Xms1000M -Xmx4000M -jar paper-1.21.1.jar nogui
      executable: paper-1.21.1.jar
      log_path: ./logs/latest.log
      executable_update_url: ""
      logs_delete_after: 0
      shutdown_timeout: 60
      ignored_exits: "0"
      show_status: true
      count_players: true
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.server import SERVER
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule

# the options of server_info that filter (resources adds live state)
FILTERS = ("name", "external_id", "owner")


def main():
    module = PanelModule(kind=SERVER, info=True)
    wanted = dict((name, module.params[name]) for name in FILTERS if module.params[name] is not None)

    def work():
        return {"changed": False, "servers": module.handler().info(resources=module.params["resources"], **wanted)}

    module.run(work)


if __name__ == "__main__":
    main()
