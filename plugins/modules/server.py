#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: server
short_description: Manage game servers on a panel
version_added: 0.1.0
description:
  - Create, update, suspend and delete game servers.
  - Only the options you set are compared with the panel. An update sends only the writes its changes need
    (on Pterodactyl, one of the details, build and startup endpoints each, with a complete body built from the
    server's current state, since each of them replaces the fields it is not sent).
  - On create the module fills in what the panel leaves empty. The docker image, startup command and every
    variable's default come from the egg unless you set them.
  - O(environment) is checked against the egg's variables and their validation rules before anything is written.
  - With O(api_key) (an application key) the module manages every option. With only O(client_api_key), for
    example as a server's owner without admin rights, it works through the client API on an existing server and
    keeps O(name), O(description), O(docker_image) (one of the egg's images), O(environment) (the startup variables
    the egg lets users edit; one request per changed variable) and O(power_state); any other option fails the task
    before a request is sent.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Resolves every reference, validates, reports the plan, and sends no write request.
  diff_mode:
    support: full
    description: Shows the server before and after.
options:
  name:
    description:
      - Server name. Identifies the server when O(match_on=name); names are not unique on Pterodactyl, so the
        task fails if several servers carry the name.
    type: str
  external_id:
    description:
      - An identifier of your own, unique on the panel. The most robust identity for a server, see O(match_on).
    type: str
  match_on:
    description:
      - Which field identifies the server. Defaults to V(external_id) when O(external_id) is set, else V(name).
    type: str
    choices: [name, external_id]
  description:
    description:
      - Free-text description.
    type: str
  owner:
    description:
      - The owning user, by username or e-mail address.
      - Required to create a server.
    type: str
  egg:
    description:
      - The egg (game template), by name or id. Required to create a server.
    type: str
  nest:
    description:
      - The nest the egg belongs to, by name or id. Needed only when several nests have an egg of that name.
    type: str
  docker_image:
    description:
      - Container image. Defaults to the egg's first image on create.
    type: str
  startup:
    description:
      - Startup command template. Defaults to the egg's on create.
    type: str
  environment:
    description:
      - Values of the egg's variables, by environment variable name. Variables you leave out keep their current
        value (their egg default on create).
      - Unknown names and values that break the egg's rules fail the task before any write.
    type: dict
  limits:
    description:
      - Resource limits. Only the keys you set are compared.
    type: dict
    suboptions:
      memory:
        description: Memory in MiB, V(0) for unlimited. Required on create.
        type: int
      swap:
        description: Swap in MiB, V(-1) for unlimited, V(0) for none. Default V(0) on create.
        type: int
      disk:
        description: Disk in MiB, V(0) for unlimited. Required on create.
        type: int
      io:
        description: Block IO weight, 10 to 1000. Default V(500) on create.
        type: int
      cpu:
        description: CPU limit in percent of one thread, V(0) for unlimited. Default V(0) on create.
        type: int
      threads:
        description: CPU pinning, for example V(0-1,3).
        type: str
      oom_disabled:
        description: Disable the out-of-memory killer. Default V(true) on create.
        type: bool
  feature_limits:
    description:
      - How many databases, extra allocations and backups the server's users may create. Default V(0) each on create.
    type: dict
    suboptions:
      databases:
        description: Database limit.
        type: int
      allocations:
        description: Allocation limit.
        type: int
      backups:
        description: Backup limit.
        type: int
  deployment:
    description:
      - Where to place a new server, used only on create. Give O(deployment.locations) to let the panel pick a node
        and a free port, or O(deployment.node) to take a free allocation of that node. See also O(allocation).
    type: dict
    suboptions:
      locations:
        description: Location short codes or ids the panel may deploy to.
        type: list
        elements: str
      node:
        description: A node, by name or id; the first free allocation on it is used.
        type: str
      dedicated_ip:
        description: Only pick an IP address no other server uses.
        type: bool
        default: false
      port_range:
        description: Ports or ranges the panel may pick from, for example V(25565-25600).
        type: list
        elements: str
  allocation:
    description:
      - An explicit primary allocation for a new server, used only on create.
    type: dict
    suboptions:
      node:
        description: Node name or id. Required when the panel has more than one node.
        type: str
      ip:
        description: IP address of the allocation.
        type: str
      port:
        description: Port of the allocation.
        type: int
      additional:
        description: Extra allocations on the same node.
        type: list
        elements: dict
        suboptions:
          ip:
            description: IP address.
            type: str
          port:
            description: Port.
            type: int
  suspended:
    description:
      - Whether the server is suspended.
    type: bool
  power_state:
    description:
      - The power state of the server, read live from the node (Wings) through the client API, so this option
        needs O(client_api_key) (a key of the owner, a subuser with the control permissions, or a root admin).
      - V(started) sends C(start) unless the server is running or starting; V(stopped) sends C(stop) and
        V(killed) sends C(kill) unless it is offline or stopping. V(restarted) sends C(restart) on every run, so
        it always reports a change; use it from a handler.
      - A new server is started once its installation has finished, waiting up to O(install_timeout).
      - A node that cannot be reached fails the task with a message saying so.
    type: str
    choices: [started, stopped, restarted, killed]
  install_timeout:
    description:
      - Seconds to wait for a new server's installation before starting it, with O(power_state=started) or
        O(power_state=restarted). The panel is polled with a growing interval (from a quarter of a second up to
        15 seconds), never past this limit, and the task warns how long it waited.
      - When the installation has not finished in time, or failed, the task fails with C(changed=true) (the server
        was created); the next run starts it once it has installed. V(0) does not wait.
      - Keep it below the C(async) limit of the task, when it has one.
    type: int
    default: 600
  force:
    description:
      - With O(state=absent), delete even when the node cannot be reached.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the server, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: gameops.panels.server_info
  - module: gameops.panels.user
"""

EXAMPLES = r"""
- name: A Paper server for a community, placed by the panel
  gameops.panels.server:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    name: survival
    external_id: community-42-survival
    owner: alice
    egg: Paper
    nest: Minecraft
    environment:
      MINECRAFT_VERSION: "1.21.1"
    limits:
      memory: 4096
      disk: 20480
      cpu: 200
    feature_limits:
      backups: 5
    deployment:
      locations: [eu-west]

- name: Raise its memory (one build request)
  gameops.panels.server:
    external_id: community-42-survival
    limits:
      memory: 6144

- name: Suspend it
  gameops.panels.server:
    external_id: community-42-survival
    suspended: true

- name: Lift the suspension
  gameops.panels.server:
    external_id: community-42-survival
    suspended: false

- name: Make sure it runs (needs a client API key)
  gameops.panels.server:
    external_id: community-42-survival
    client_api_key: "{{ vault_ptlc_key }}"
    power_state: started

- name: Delete it, even if its node is down
  gameops.panels.server:
    external_id: community-42-survival
    state: absent
    force: true
"""

RETURN = r"""
server:
  description: The server after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  sample:
    id: 12
    uuid: 3f9a1c2e-5b7d-4e0a-9c1f-2a3b4c5d6e7f
    identifier: 3f9a1c2e
    name: survival
    external_id: community-42-survival
    description: ""
    owner: alice
    nest: Minecraft
    egg: Paper
    docker_image: ghcr.io/pterodactyl/yolks:java_21
    startup: java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}
    environment: {MINECRAFT_VERSION: "1.21.1", SERVER_JARFILE: server.jar, BUILD_NUMBER: latest}
    limits: {memory: 4096, swap: 0, disk: 20480, io: 500, cpu: 200, threads: null, oom_disabled: true}
    feature_limits: {databases: 0, allocations: 0, backups: 5}
    node: node-eu-1
    allocation: "127.0.0.1:25565"
    suspended: false
    status: null
    power_state: started
plan:
  description:
    - What the task changes (or would change in check mode), per field.
    - In check mode, a change whose owner does not exist yet (an earlier task of the play creates it) carries
      C(unresolved), the option and why it could not be resolved; the task also warns. The real run fails before
      any write if it still does not exist.
  returned: always
  type: dict
  sample:
    kind: server
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: community-42-survival
        fields:
          limits: {before: {memory: 4096}, after: {memory: 6144}}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2, PATCH: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule

SERVER_FIELDS = ("name", "external_id", "description", "owner", "egg", "nest", "docker_image", "startup",
                 "environment", "limits", "feature_limits", "deployment", "allocation", "suspended", "power_state")


def main():
    module = PanelModule(
        kind="server",
        argument_spec=dict(
            name=dict(type="str"),
            external_id=dict(type="str"),
            match_on=dict(type="str", choices=["name", "external_id"]),
            description=dict(type="str"),
            owner=dict(type="str"),
            egg=dict(type="str"),
            nest=dict(type="str"),
            docker_image=dict(type="str"),
            startup=dict(type="str"),
            environment=dict(type="dict"),
            limits=dict(type="dict", options=dict(
                memory=dict(type="int"),
                swap=dict(type="int"),
                disk=dict(type="int"),
                io=dict(type="int"),
                cpu=dict(type="int"),
                threads=dict(type="str"),
                oom_disabled=dict(type="bool"),
            )),
            feature_limits=dict(type="dict", options=dict(
                databases=dict(type="int"),
                allocations=dict(type="int"),
                backups=dict(type="int"),
            )),
            deployment=dict(type="dict", options=dict(
                locations=dict(type="list", elements="str"),
                node=dict(type="str"),
                dedicated_ip=dict(type="bool", default=False),
                port_range=dict(type="list", elements="str"),
            )),
            allocation=dict(type="dict", options=dict(
                node=dict(type="str"),
                ip=dict(type="str"),
                port=dict(type="int"),
                additional=dict(type="list", elements="dict", options=dict(
                    ip=dict(type="str"),
                    port=dict(type="int"),
                )),
            )),
            suspended=dict(type="bool"),
            power_state=dict(type="str", choices=["started", "stopped", "restarted", "killed"]),
            install_timeout=dict(type="int", default=600),
            force=dict(type="bool", default=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        mutually_exclusive=[("deployment", "allocation")],
    )
    params = module.params
    match_on = params["match_on"] or ("external_id" if params["external_id"] else "name")
    if not params[match_on]:
        module.fail_json(msg="%s is required to identify the server (match_on=%s)" % (match_on, match_on), option=match_on)
    params["match_on"] = match_on

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params[match_on]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired(SERVER_FIELDS)])
        result["server"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
