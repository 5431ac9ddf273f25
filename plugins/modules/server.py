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
  - Create, update, suspend and delete game servers on Pterodactyl, Crafty Controller or CubeCoders AMP.
  - Only the options you set are compared with the panel. An update sends only the writes its changes need
    (on Pterodactyl, one of the details, build and startup endpoints each, with a complete body built from the
    server's current state, since each of them replaces the fields it is not sent; on Crafty, one PATCH).
  - Each option says which panels support it; an option the chosen O(panel_type) lacks fails before any request.
  - On create the module fills in what the panel leaves empty. The docker image, startup command and every
    variable's default come from the egg unless you set them.
  - O(environment) is checked against the egg's variables and their validation rules before anything is written.
  - With O(api_key) (an application key) the module manages every option. With only O(client_api_key), for
    example as a server's owner without admin rights, it works through the client API on an existing server and
    keeps O(name), O(description), O(docker_image) (one of the egg's images), O(environment) (the startup variables
    the egg lets users edit; one request per changed variable) and O(power_state); any other option fails the task
    before a request is sent.
  - On Crafty a server is created from a downloaded server jar (Minecraft Java, O(jar) and O(memory)) or as a
    downloaded Bedrock server. Crafty ignores the autostart and crash-detection settings of its create request,
    so the module writes every declared setting the new server lacks with one follow-up PATCH; a run that stops in
    between leaves a server the next run finishes. Crafty does not keep server names unique; the module does (a name
    that several servers carry fails the task).
  - On CubeCoders AMP (O(panel_type=amp)) a server is an AMP instance, matched by its instance name (O(name)). The
    module keeps its friendly name, description, start on boot (O(auto_start)) and suspension (one
    C(UpdateInstanceInfo) built from the instance's current values, so nothing you did not name is reset), its ports
    (O(ports)), its settings (O(settings)), whether its AMP process runs (O(instance_running)) and whether its game
    runs (O(power_state)). A new instance is created on a target (O(target)) with an AMP module (O(module)), and the
    task waits until AMP lists it (O(install_timeout)).
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
      - Server name. Identifies the server when O(match_on=name); names are not unique on Pterodactyl or Crafty, so
        the task fails if several servers carry the name. Pterodactyl and Crafty (2 characters or more, without C(/),
        C(\\) or C(#)).
      - On AMP, the instance name (unique; letters, digits, C(-) and C(_), for example V(Survival01)), which always
        identifies the instance.
    type: str
  friendly_name:
    description:
      - The name AMP shows for the instance. Defaults to O(name) when the instance is created. AMP only.
    type: str
  module:
    description:
      - The AMP module (application type) of a new instance, for example V(Minecraft) or V(GenericModule). Required
        to create an instance; the module of an existing instance cannot be changed. Checked before any write against
        the modules the ADS offers (C(GetProvisionArguments)). A new instance installs its game once
        (C(PostCreate) UpdateOnce), or installs and starts it (UpdateAndStartOnce) with O(power_state=started).
        AMP only.
    type: str
  target:
    description:
      - The target (an ADS node) a new instance is created on, by its friendly name or its id. Needed only when the
        panel has several targets. Moving an existing instance is not supported. AMP only.
    type: str
  ports:
    description:
      - Port numbers by port setting (the C(ProvisionNodeName) AMP lists for the instance), for example
        C(MinecraftModule.Minecraft.PortNumber). Only the ports you name are compared; a change is written with one
        C(SetInstanceNetworkInfo). A node the instance (or, for a new instance, its module) does not have fails the
        task before any write, listing the known ones. AMP only.
    type: dict
  settings:
    description:
      - Instance settings by setting node, for example C(MinecraftModule.Game.MOTD). Values are compared as the
        strings AMP stores (booleans as V(True)/V(False), compared without regard to case); only the nodes you name
        are compared, and each changed node is written with one C(SetConfig) on the instance. AMP only.
      - On an existing instance they are read and written through the instance's own API, so its AMP process must
        run. With O(instance_running=true) (or O(power_state=started)) the task starts it first; otherwise it fails
        clearly. In check mode a stopped instance's settings cannot be read and are planned as changing. A new
        instance gets them with its creation (AMP refuses a node its module lacks before creating anything).
    type: dict
  instance_running:
    description:
      - Whether the instance's AMP process runs (C(StartInstance)/C(StopInstance) on the ADS). The game inside it is
        O(power_state). AMP only.
    type: bool
  external_id:
    description:
      - An identifier of your own, unique on the panel. The most robust identity for a server, see O(match_on).
        Pterodactyl only.
    type: str
  match_on:
    description:
      - Which field identifies the server. Defaults to V(external_id) when O(external_id) is set, else V(name).
        Crafty matches by V(name) only.
    type: str
    choices: [name, external_id]
  description:
    description:
      - Free-text description. Pterodactyl and AMP.
    type: str
  owner:
    description:
      - The owning user, by username or e-mail address.
      - Required to create a server. Pterodactyl only (Crafty gives access through roles, see M(gameops.panels.role)).
    type: str
  egg:
    description:
      - The egg (game template), by name or id. Required to create a server. Pterodactyl only.
    type: str
  nest:
    description:
      - The nest the egg belongs to, by name or id. Needed only when several nests have an egg of that name.
        Pterodactyl only.
    type: str
  docker_image:
    description:
      - Container image. Defaults to the egg's first image on create. Pterodactyl only.
    type: str
  startup:
    description:
      - Startup command template. Defaults to the egg's on create. Pterodactyl only (see O(execution_command) for
        Crafty).
    type: str
  environment:
    description:
      - Values of the egg's variables, by environment variable name. Variables you leave out keep their current
        value (their egg default on create).
      - Unknown names and values that break the egg's rules fail the task before any write.
      - Pterodactyl only.
    type: dict
  limits:
    description:
      - Resource limits. Only the keys you set are compared. Pterodactyl only (see O(memory) for Crafty).
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
        Pterodactyl only.
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
        Pterodactyl only.
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
      - An explicit primary allocation for a new server, used only on create. Pterodactyl only.
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
      - Whether the server is suspended. Pterodactyl and AMP.
    type: bool
  power_state:
    description:
      - The power state of the server. Pterodactyl, Crafty and AMP.
      - On Pterodactyl it is read live from the node (Wings) through the client API, so this option needs
        O(client_api_key) (a key of the owner, a subuser with the control permissions, or a root admin).
        V(started) sends C(start) unless the server is running or starting; V(stopped) sends C(stop) and
        V(killed) sends C(kill) unless it is offline or stopping. A new server is started once its installation has
        finished, waiting up to O(install_timeout). A node that cannot be reached fails the task with a message
        saying so.
      - On Crafty it is read from the server's stats. V(started), V(stopped), V(killed) and V(restarted) queue the
        C(start_server), C(stop_server), C(kill_server) and C(restart_server) actions when the state differs, and
        the task waits (up to 2 minutes) until the stats show the server there. A new server is started once Crafty
        has downloaded its files. The account needs the server permission C(commands).
      - On AMP, the state of the game (C(Core/Start), C(Stop), C(Restart), C(Kill) on the instance, read from the
        instance's application state). Starting the game starts the instance's AMP process first when it is stopped.
      - V(restarted) restarts on every run, so it always reports a change; use it from a handler.
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
      - On AMP, how long to wait for AMP to finish creating, starting or deleting the instance. On timeout the task
        fails naming this option; AMP carries on, and the next run waits for that work instead of sending it again.
        V(0) sends the creation, start or deletion without waiting (settings and O(power_state) then need a later
        run once the instance is up).
      - Pterodactyl and AMP.
    type: int
    default: 600
  force:
    description:
      - With O(state=absent), delete even when the node cannot be reached. Pterodactyl only.
    type: bool
    default: false
  server_type:
    description:
      - What Crafty creates, used only on create. V(minecraft_java) downloads the server jar named by O(jar);
        V(minecraft_bedrock) downloads the Bedrock server (Crafty 4.3 and later; needs O(accept_eula=true)).
      - Crafty only. Defaults to V(minecraft_java).
    type: str
    choices: [minecraft_java, minecraft_bedrock]
  jar:
    description:
      - The server jar Crafty downloads for a new Minecraft Java server, used only on create. Crafty only.
    type: dict
    suboptions:
      type:
        description: The jar's type in Crafty's catalogue, for example V(paper) or V(vanilla). Required on create.
        type: str
      version:
        description: The Minecraft version, for example V(1.21.1). Required on create.
        type: str
      category:
        description:
          - The catalogue category (Crafty 4.3 and later), for example V(mc_java_proxies) for a Velocity proxy.
          - By default the category of Crafty's own catalogue (C(GET /crafty/JarCache)) that lists O(jar.type); where
            the panel answers no catalogue, V(mc_java_servers).
          - On a panel with a catalogue, O(jar.category), O(jar.type) and O(jar.version) are checked against it before
            any request that writes, since Crafty adds a server whose jar it cannot find and then fails half-way.
        type: str
  memory:
    description:
      - Java heap of a new Minecraft Java server, in gigabytes (fractions allowed), used only on create. Crafty writes
        it into the server's O(execution_command); change that afterwards. Crafty only.
    type: dict
    suboptions:
      min:
        description: Initial heap (C(-Xms)). Required on create.
        type: float
      max:
        description: Maximum heap (C(-Xmx)). Required on create.
        type: float
  accept_eula:
    description:
      - Accept the Minecraft EULA when the server is created (the server does not start otherwise). Used only on
        create; a new server does not accept it unless this is V(true). Crafty only.
    type: bool
  port:
    description:
      - The port the game listens on. On create it also sets the monitoring port. Crafty only (superuser).
      - Default V(25565) for Java and V(19132) for Bedrock on create.
    type: int
  server_ip:
    description:
      - The address Crafty pings to monitor the server. Crafty only (superuser).
    type: str
  auto_start:
    description:
      - Start the server when Crafty starts (Crafty), or the instance when its machine boots (AMP's C(StartOnBoot)).
        Crafty and AMP.
    type: bool
  auto_start_delay:
    description:
      - Seconds to wait before an automatic start. Crafty only.
    type: int
  crash_detection:
    description:
      - Restart the server when it crashes. Crafty only.
    type: bool
  stop_command:
    description:
      - Console command that stops the server. Crafty only.
    type: str
  execution_command:
    description:
      - The full command line that starts the server. Crafty only (superuser).
    type: str
  executable:
    description:
      - The server's jar or executable file. Crafty only.
    type: str
  log_path:
    description:
      - Path of the server's log file. Crafty only (superuser).
    type: str
  executable_update_url:
    description:
      - Where Crafty downloads a new executable from when asked to update it. Crafty only (superuser).
    type: str
  logs_delete_after:
    description:
      - Days after which Crafty deletes old logs, V(0) never. Crafty only.
    type: int
  shutdown_timeout:
    description:
      - Seconds Crafty waits for a stop before it kills the server. Crafty 4.3 and later only.
    type: int
  ignored_exits:
    description:
      - Comma-separated exit codes that do not count as crashes, for example V(0,1). Crafty 4.3 and later only.
    type: str
  show_status:
    description:
      - Show the server on Crafty's public status page. Crafty 4.3 and later only (superuser).
    type: bool
  count_players:
    description:
      - Count the server's players in Crafty's totals. Crafty 4.3 and later only.
    type: bool
  delete_files:
    description:
      - With O(state=absent), also delete the server's directory. Crafty only.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the server, V(absent) deletes it.
      - V(reinstalled) runs the egg's install script again on an existing server (Pterodactyl's reinstall, with an
        application key). The options you set are kept first, as with V(present), then the reinstall is sent. The
        server must exist; a missing one fails the task before any write. A reinstall is an action, not a state, so
        it reports a change on every run (use it from a handler or a one-off play); in check mode it is planned
        and nothing is sent. The server is installing afterwards, so O(power_state) is refused with it.
      - V(reinstalled) is Pterodactyl only; Crafty and AMP have no reinstall, and the task fails there before any
        request.
    type: str
    choices: [present, absent, reinstalled]
    default: present
notes:
  - On Crafty, creating a server needs the Crafty permission C(SERVER_CREATION), changing one the server permission
    C(config); the options marked (superuser) are accepted from a superuser only, and fail the task before any write
    for another account.
seealso:
  - module: gameops.panels.server_info
  - module: gameops.panels.user
  - module: gameops.panels.role
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
      databases: 2
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

- name: Reinstall it (the egg's install script runs again; reports a change on every run)
  gameops.panels.server:
    external_id: community-42-survival
    state: reinstalled

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

- name: A Paper server on Crafty, started, restarted by Crafty when it crashes
  gameops.panels.server:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    name: survival
    jar:
      type: paper
      version: "1.21.1"
    memory:
      min: 1
      max: 4
    port: 25566
    accept_eula: true
    auto_start: true
    crash_detection: true
    power_state: started

- name: Remove the Crafty server and its files
  gameops.panels.server:
    panel_type: crafty
    name: survival
    state: absent
    delete_files: true

- name: An AMP Minecraft instance, running, with its port and message of the day
  gameops.panels.server:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    name: Survival01
    friendly_name: Survival
    module: Minecraft
    ports:
      MinecraftModule.Minecraft.PortNumber: 25565
    settings:
      MinecraftModule.Game.MOTD: Welcome to the survival world
    instance_running: true
    power_state: started
"""

RETURN = r"""
server:
  description: The server after the task (predicted in check mode).
  returned: when O(state=present) or O(state=reinstalled)
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
  contains:
    friendly_name:
      description: AMP only. The name AMP shows.
      type: str
    module:
      description: AMP only. The instance's AMP module.
      type: str
    target:
      description: AMP only. The friendly name of the instance's target.
      type: str
    instance_running:
      description: AMP only. Whether the instance's AMP process runs.
      type: bool
    app_state:
      description: AMP only. The state of the game, as AMP names it (V(Ready), V(Stopped), ...).
      type: str
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
reinstalled:
  description: Whether the reinstall was sent (V(false) in check mode, which only plans it).
  returned: when O(state=reinstalled)
  type: bool
  sample: true
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2, PATCH: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server import SERVER
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=SERVER, mutually_exclusive=[("deployment", "allocation")])
    params = module.params
    match_on = params["match_on"] or ("external_id" if params["external_id"] else "name")
    if not params[match_on]:
        module.fail_json(msg="%s is required to identify the server (match_on=%s)" % (match_on, match_on), option=match_on)
    params["match_on"] = match_on

    def missing(key):
        return ReconcileError("server %r does not exist; state=reinstalled reinstalls an existing server (create it with "
                              "state=present first)" % (key,), option=match_on)

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params[match_on]])[1]
        reinstall = params["state"] == "reinstalled"
        plan, result = module.reconcile(adapter, desired=[module.desired()], missing=missing if reinstall else None)
        change = plan.changes[0]
        result["server"] = change.result
        if reinstall:
            # an action: planned and reported on every run, sent only outside check mode
            if not module.check_mode:
                result["server"] = adapter.reinstall(change.result)
            result["changed"] = True
            result["reinstalled"] = not module.check_mode
            result["plan"]["summary"]["reinstall"] = 1
            result["plan"]["changes"].append({"action": "reinstall", "key": plan.show_key(change.key), "fields": {}})
        return result

    module.run(work)


if __name__ == "__main__":
    main()
