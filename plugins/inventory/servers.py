# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: servers
short_description: Game servers of one or more panels as inventory hosts
version_added: 0.2.0
description:
  - Lists every game server of the panels named in the configuration and makes each one an inventory host, so a
    play can work through a fleet with C(serial), C(--limit) and groups.
  - "Host names are unique across panels: C(<panel>-<server name>), lower-cased, where C(<panel>) is the
    O(panels[].name) of its panel (lower-case letters, digits and underscores only, so the first C(-) always ends it)
    and every run of characters other than letters, digits, C(_), C(.) and C(-) in the server name becomes C(_). Servers of one panel that would get
    the same name get C(-<id>) (their panel id) appended, all of them; a name that still clashes fails the inventory."
  - "Every host gets these groups: C(panel_<panel>), C(node_<panel>_<node>) (servers of one node or machine; nodes
    belong to one panel; Crafty has none; on AMP the target, the ADS the instance runs on), C(game_<game>) (the egg
    on Pterodactyl, the server type on Crafty, and on AMP the instance's module, or for a generic instance the game
    it was set up for; one group across panels, for example C(game_paper), C(game_minecraft_java),
    C(game_minecraft) or C(game_valheim)),
    and C(state_<power state>), with C(<power state>) one of V(running), V(starting), V(stopping), V(offline),
    V(installing), V(unreachable) (its node does not answer; on AMP, its target) and V(unknown) (not read:
    O(live_state=false); on AMP also a state AMP gives no plain meaning, such as AwaitingUserInput)."
  - Group name parts are lower-cased and every character other than a letter, digit or C(_) becomes C(_).
  - "Host variables: C(gameops_panel) (the panel's O(panels[].name)), C(gameops_panel_type), C(gameops_panel_url),
    C(gameops_connection) (the panel's connection settings without any credential: C(panel_type), C(panel_url),
    C(validate_certs), C(timeout), C(max_retry_wait), and C(ca_path) and C(max_requests_per_minute) when set), and
    C(gameops_server): C(id), C(uuid),
    C(external_id), C(name), C(description), C(owner), C(node), C(game), C(limits), C(suspended) and C(power_state),
    plus what the panel adds (Pterodactyl: C(identifier), C(nest), C(docker_image), C(feature_limits), C(status);
    Crafty: C(port), C(executable); AMP: C(friendly_name), C(module), C(instance_running), C(app_state),
    C(endpoints)). A key the panel has no notion of is null (Crafty: C(node), C(external_id); AMP: C(owner),
    C(external_id)), empty (Crafty: C(limits)) or false (Crafty: C(suspended)). On Crafty the owner is the user who
    created the server, when the account may list users."
  - "On CubeCoders AMP every instance of every target is a host, the ADS itself left out: C(id) and C(uuid) are its
    InstanceID, C(name) its instance name (unique on the panel, and what the per-server modules' O(gameops.panels.backup#module:server)
    option takes), C(description) its description, C(friendly_name) its display name, C(node) the target's name,
    C(game) its module (V(Minecraft), V(Rust), ...) or, for a generic instance, the game it was set up for (AMP's
    module display name, for example V(Valheim)), C(module) the module itself (V(GenericModule)), C(owner) null (AMP
    gives access through roles). C(limits) are those of a container instance in Pterodactyl's units (C(memory) and
    C(swap) in MB, C(cpu) in percent of one core; 0 is no limit), empty for an instance outside a container.
    C(instance_running) says whether the instance's AMP process runs (the per-server modules need it),
    C(app_state) is AMP's name of its game's state (V(Ready), V(Stopped), ...), and C(power_state) is V(offline)
    when the AMP process is stopped, else the game's state. With O(live_state=false), C(instance_running) and
    C(app_state) are null and C(power_state) is V(unknown).
    C(endpoints) lists the addresses AMP shows (game, SFTP)."
  - Credentials never become host variables and are never cached; startup variables are left out too, since they
    often hold passwords and tokens. Server data from the panel is marked unsafe, so a server named like a Jinja
    template is never evaluated.
  - Per-server modules run against these hosts with C(delegate_to=localhost) (or C(connection=local)). They take the
    server from C(gameops_server) and the connection from C(gameops_connection) through C(module_defaults), with the
    credentials from the C(GAMEOPS_*) environment variables or a vaulted variable per panel group; see the examples.
  - The configuration file name must end with C(gameops_servers.yml) or C(gameops_servers.yaml).
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
requirements:
  - requests >= 2.28
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [gameops.panels.servers]
  panels:
    description:
      - The panels to list, each with its connection settings. An option an entry leaves out takes the top-level
        option of the same name, which in turn falls back to its C(GAMEOPS_*) environment variable.
      - Without O(panels), one panel is listed from the top-level options alone.
      - Values may be Jinja2 templates (for example C("{{ lookup('ansible.builtin.env', 'EU_PANEL_KEY') }}")) or
        vault-encrypted strings (C(!vault)).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - The panel's name in host names, groups and C(gameops_panel). Lower-case letters, digits and underscores;
            unique.
          - Defaults to O(panels[].panel_type), so it must be set when two panels have the same type.
        type: str
      panel_type:
        description: Which panel software O(panels[].panel_url) runs, as the modules' O(gameops.panels.server#module:panel_type).
        type: str
      panel_url:
        description: Base URL of the panel.
        type: str
      api_key:
        description: Pterodactyl application API key (V(ptla_...)). Never shown.
        type: str
      client_api_key:
        description: Pterodactyl client API key (V(ptlc_...)) of an admin, for O(live_state). Never shown.
        type: str
      panel_username:
        description: Login name, for panels that log in with a user and a password.
        type: str
      panel_password:
        description: Password of O(panels[].panel_username). Never shown.
        type: str
      panel_totp_secret:
        description: Base32 TOTP secret of O(panels[].panel_username) when it uses two-factor authentication. Never shown.
        type: str
      api_token:
        description: An API token, for panels that issue them. Never shown.
        type: str
      validate_certs:
        description: Verify the panel's TLS certificate.
        type: bool
      ca_path:
        description: A PEM file of CA certificates to verify the panel's certificate against (a private CA).
        type: path
      timeout:
        description: Seconds to wait for each HTTP response.
        type: int
      max_requests_per_minute:
        description: Space requests to stay under the panel's rate limit.
        type: int
      max_retry_wait:
        description: The longest single wait, in seconds, before retrying a request.
        type: int
  panel_type:
    description:
      - Default O(panels[].panel_type). One of the panel types the collection supports (V(pterodactyl), ...); an
        unknown type fails and lists the known ones.
    type: str
    default: pterodactyl
    env:
      - name: GAMEOPS_PANEL_TYPE
  panel_url:
    description: Default O(panels[].panel_url).
    type: str
    env:
      - name: GAMEOPS_PANEL_URL
  api_key:
    description:
      - Default O(panels[].api_key). Pterodactyl lists servers through the application API, so it needs this key.
    type: str
    env:
      - name: GAMEOPS_API_KEY
  client_api_key:
    description:
      - Default O(panels[].client_api_key). Pterodactyl reads the power state of a server through the client API,
        so O(live_state) needs the client key of an admin.
    type: str
    env:
      - name: GAMEOPS_CLIENT_API_KEY
  panel_username:
    description: Default O(panels[].panel_username).
    type: str
    env:
      - name: GAMEOPS_PANEL_USERNAME
  panel_password:
    description: Default O(panels[].panel_password).
    type: str
    env:
      - name: GAMEOPS_PANEL_PASSWORD
  panel_totp_secret:
    description: Default O(panels[].panel_totp_secret).
    type: str
    env:
      - name: GAMEOPS_PANEL_TOTP_SECRET
  api_token:
    description: Default O(panels[].api_token).
    type: str
    env:
      - name: GAMEOPS_API_TOKEN
  validate_certs:
    description: Default O(panels[].validate_certs).
    type: bool
    default: true
    env:
      - name: GAMEOPS_VALIDATE_CERTS
  ca_path:
    description: Default O(panels[].ca_path).
    type: path
    env:
      - name: GAMEOPS_CA_PATH
  timeout:
    description: Default O(panels[].timeout).
    type: int
    default: 30
    env:
      - name: GAMEOPS_TIMEOUT
  max_requests_per_minute:
    description: Default O(panels[].max_requests_per_minute).
    type: int
    env:
      - name: GAMEOPS_MAX_REQUESTS_PER_MINUTE
  max_retry_wait:
    description: Default O(panels[].max_retry_wait).
    type: int
    default: 60
    env:
      - name: GAMEOPS_MAX_RETRY_WAIT
  live_state:
    description:
      - Read each server's power state for C(gameops_server.power_state) and the C(state_*) groups. On Pterodactyl this
        is one client API request per server (none for suspended or installing ones, and one per node that does not
        answer), and needs O(client_api_key). On Crafty it is one stats request per server. On AMP it costs no request,
        since the ADS's instance list (one C(ADSModule/GetInstances) after the login, whatever the number of instances and
        targets) already carries each instance's running and application state; no instance is logged in to. That
        state is the ADS's view, which can trail the instance by a few seconds; M(gameops.panels.server_info) with
        O(gameops.panels.server_info#module:resources=true) asks the instance itself.
      - With V(false) the power state is V(unknown) and listing costs one request per page of servers.
      - With O(cache), the power state is as old as the cache; a play that acts on it should read the live state
        itself (C(playbooks/fleet_update.yml) does).
    type: bool
    default: true
notes:
  - With O(cache=true) the listing (server data, never credentials) is kept by the inventory cache plugin and reused
    until O(cache_timeout) passes, without any request to the panels; C(--flush-cache) reads the panels again. A change
    of the configured panels (names, types or URLs) reads them again too.
  - A panel that cannot be listed fails the whole inventory, naming the panel, rather than leaving its hosts out.
seealso:
  - module: gameops.panels.server
  - module: gameops.panels.server_info
  - plugin: ansible.builtin.constructed
    plugin_type: inventory
"""

EXAMPLES = r"""
# fleet.gameops_servers.yml -- one Pterodactyl panel, connection from the environment
# (GAMEOPS_PANEL_URL, GAMEOPS_API_KEY, GAMEOPS_CLIENT_API_KEY):
plugin: gameops.panels.servers

---
# fleet.gameops_servers.yml -- a Pterodactyl and a Crafty panel, credentials from the environment and the vault,
# extra groups, and the listing cached for five minutes:
plugin: gameops.panels.servers
panels:
  - name: eu
    panel_url: https://panel.eu.example.com
    api_key: "{{ lookup('ansible.builtin.env', 'EU_PTLA_KEY') }}"
    client_api_key: "{{ lookup('ansible.builtin.env', 'EU_PTLC_KEY') }}"
  - name: us
    panel_type: crafty
    panel_url: https://crafty.us.example.com:8443
    panel_username: inventory
    panel_password: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      ...
keyed_groups:
  - key: gameops_server.owner
    prefix: owner
  - key: gameops_panel_type
    prefix: type
groups:
  big: gameops_server.limits.memory >= 8192
compose:
  memory_gb: gameops_server.limits.memory // 1024
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/gameops_inventory
cache_timeout: 300

# Then, for example:
#   ansible-inventory -i fleet.gameops_servers.yml --graph
#   ansible-playbook -i fleet.gameops_servers.yml gameops.panels.fleet_update -e fleet_hosts=game_paper

---
# fleet.gameops_servers.yml -- a CubeCoders AMP panel: every instance of every target (the ADS itself left out).
# Host ap-survival01, for example, gets
#   gameops_server: {id: <InstanceID>, uuid: <InstanceID>, external_id: null, name: Survival01,
#                    description: "", owner: null, node: ADS01, game: Minecraft,
#                    limits: {memory: 8192, swap: 0, cpu: 200}, suspended: false, power_state: running,
#                    friendly_name: Survival, module: Minecraft, instance_running: true, app_state: Ready,
#                    endpoints: ["0.0.0.0:25565", "0.0.0.0:2223"]}
# and the groups panel_ap, node_ap_ads01, game_minecraft and state_running; a generic instance set up
# for Valheim is in game_valheim.
plugin: gameops.panels.servers
panels:
  - name: ap
    panel_type: amp
    panel_url: https://amp.example.com
    panel_username: inventory
    panel_password: "{{ lookup('ansible.builtin.env', 'AMP_PASSWORD') }}"

---
# A play over these hosts: modules run on the controller and name the server from the host's variables
# (the external id where the server has one, its name otherwise: the instance name on AMP).
# group_vars/panel_eu.yml and group_vars/panel_ap.yml hold each panel's credentials for the modules, vaulted:
#   gameops_credentials:                        gameops_credentials:
#     api_key: !vault ...                         panel_username: inventory
#     client_api_key: !vault ...                  panel_password: !vault ...
- name: Tell every running Minecraft server that a restart is coming
  hosts: game_paper:game_minecraft:&state_running  # server_command: Pterodactyl and AMP
  gather_facts: false
  module_defaults:
    group/gameops.panels.panels: "{{ gameops_connection | combine(gameops_credentials | default({})) }}"
  tasks:
    - name: Announce
      gameops.panels.server_command:
        server: "{{ omit if gameops_server.external_id else gameops_server.name }}"
        server_external_id: "{{ gameops_server.external_id or omit }}"
        commands:
          - say Restart in 5 minutes
      delegate_to: localhost
"""

import re
from collections.abc import Mapping

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.gameops.panels.plugins.module_utils.connection import (
    COMMON_CONNECTION_OPTIONS, CONNECTION_ARGS, SECRET_CONNECTION_ARGS, TRANSPORT_OPTIONS, connection_problem)
from ansible_collections.gameops.panels.plugins.module_utils.driver import Context
from ansible_collections.gameops.panels.plugins.module_utils.panels import get_driver
from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, PanelError, ReconcileError

CONFIG_SUFFIXES = ("gameops_servers.yml", "gameops_servers.yaml")
#: the options of each panels[] entry (also top-level options, which are their defaults)
ENTRY_SPEC = dict([(name, dict((k, v) for k, v in spec.items() if k in ("type", "no_log")))
                   for name, spec in CONNECTION_ARGS.items()] + [("name", dict(type="str"))])
#: connection settings that may go into host variables (never a credential)
PUBLIC_CONNECTION_OPTIONS = ("panel_type", "panel_url") + TRANSPORT_OPTIONS
PANEL_NAME = re.compile(r"^[a-z0-9_]+$")


def group_part(value):
    """A value as part of a group name: lower-cased, anything but letters, digits and ``_`` made ``_``."""
    return re.sub(r"[^a-z0-9_]", "_", str(value).lower())


def host_part(value):
    return re.sub(r"[^a-z0-9_.-]+", "_", str(value).lower())


def host_names(panel, servers):
    """The host name of each server of ``panel`` (see DOCUMENTATION for the rule)."""
    base = ["%s-%s" % (panel, host_part(server["name"])) for server in servers]
    names = [name if base.count(name) == 1 else "%s-%s" % (name, host_part(server["id"]))
             for name, server in zip(base, servers)]
    clashes = sorted(set(name for name in names if names.count(name) > 1))
    if clashes:
        raise AnsibleParserError("gameops.panels.servers: several servers of panel %r get the host name %s; rename one"
                                 % (panel, ", ".join(clashes)))
    return names


class Panel:
    """One configured panel: its validated settings, driver and credentials."""

    def __init__(self, name, driver, params):
        self.name = name
        self.driver = driver
        self.params = params
        self.secrets = [params[option] for option in SECRET_CONNECTION_ARGS if params.get(option)]

    @property
    def identity(self):
        return {"panel": self.name, "panel_type": self.driver.name, "panel_url": self.params["panel_url"]}

    @property
    def connection(self):
        return dict((option, self.params[option]) for option in PUBLIC_CONNECTION_OPTIONS
                    if self.params.get(option) is not None)

    def redact(self, text):
        text = to_native(text)
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "gameops.panels.servers"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(CONFIG_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        panels = self._panels()
        key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        listing = None
        if use_cache:
            try:
                listing = self._cache[key]
            except KeyError:
                update_cache = True
            # the cache belongs to another set of panels when the configuration changed
            if listing is not None and [entry["identity"] for entry in listing] != [p.identity for p in panels]:
                listing, update_cache = None, True
        if listing is None:
            listing = [{"identity": panel.identity, "servers": self._fetch(panel)} for panel in panels]
        if update_cache:
            self._cache[key] = listing
        for panel, entry in zip(panels, listing):
            self._populate(panel, entry["servers"])

    # -- configuration ------------------------------------------------------------------------

    def _panels(self):
        """Every configured panel, checked before any request."""
        defaults = self.templar.template(dict((name, self.get_option(name)) for name in CONNECTION_ARGS))
        entries = self.get_option("panels")
        # without panels: one panel from the top-level options, whose messages name them plainly
        panels = [self._panel(entry, defaults, "panels[%d]" % index) for index, entry in enumerate(entries)] \
            if entries else [self._panel({}, defaults, None)]
        names = [panel.name for panel in panels]
        duplicates = sorted(set(n for n in names if names.count(n) > 1))
        if duplicates:
            raise AnsibleParserError("%d panels are named %r; give each entry of panels a name of its own"
                                     % (names.count(duplicates[0]), duplicates[0]))
        return panels

    def _panel(self, entry, defaults, where):
        """One panel's settings: the entry's options over the top-level ones; ``where`` names the entry."""
        def option(name):
            return "%s.%s" % (where, name) if where else name

        if not isinstance(entry, Mapping):
            raise AnsibleParserError("%s: must be a mapping of connection options, got %r" % (where, entry))
        unknown = sorted(set(entry) - set(ENTRY_SPEC))
        if unknown:
            raise AnsibleParserError("%s: unknown option %s (known: %s)"
                                     % (where, ", ".join(unknown), ", ".join(sorted(ENTRY_SPEC))))
        entry = dict((k, v) for k, v in self.templar.template(dict(entry)).items() if v is not None)
        params = dict(defaults, **entry)
        # vaulted and templated values become plain strings here
        params = dict((k, str(v) if ENTRY_SPEC[k]["type"] in ("str", "path") and v is not None else v) for k, v in params.items())
        result = ArgumentSpecValidator(ENTRY_SPEC).validate(params)
        if result.error_messages:
            raise AnsibleParserError("%s: %s" % (where or self.NAME, result.error_messages[0]))
        params = result.validated_parameters
        try:
            driver = get_driver(params["panel_type"])
        except ReconcileError as exc:
            raise AnsibleParserError("%s: %s" % (option("panel_type"), exc.message))
        name = params.pop("name") or driver.name
        if not PANEL_NAME.match(name):
            raise AnsibleParserError("%s: %r may only hold lower-case letters, digits and underscores"
                                     % (option("name"), name))
        if not params.get("panel_url"):
            raise AnsibleParserError("%s is required (or set GAMEOPS_PANEL_URL)" % option("panel_url"))
        # the modules' own checks of the values (URL, timeout, CA file, ...)
        problem = connection_problem(params)
        if problem:
            name, message = problem
            # the message starts with the option's bare name: give its place in the file instead
            raise AnsibleParserError(option(name) + message[len(name):] if message.startswith(name)
                                     else "%s: %s" % (option(name), message))
        known = COMMON_CONNECTION_OPTIONS | driver.connection_options
        foreign = sorted(set(entry) - known - {"name"})
        if foreign:
            raise AnsibleParserError("%s is not used by %s (it uses: %s)" % (
                option(foreign[0]), driver.label(), ", ".join(sorted(driver.connection_options)) or "no credentials"))
        params = dict((k, v) for k, v in params.items() if k in known)
        try:
            driver.check_inventory(params, live_state=self.get_option("live_state"))
        except ReconcileError as exc:
            # the message begins with the option's name
            raise AnsibleParserError("%s.%s" % (where, exc.message) if where else exc.message)
        return Panel(name, driver, params)

    # -- reading the panels -------------------------------------------------------------------

    def _fetch(self, panel):
        ctx = Context(panel.driver, panel.params, secrets=panel.secrets)
        try:
            servers = panel.driver.inventory_servers(ctx, live_state=self.get_option("live_state"))
        except (PanelError, ReconcileError) as exc:
            hint = ""
            # Pterodactyl's client already names the key's option; other clients leave the hint to us
            if getattr(exc, "status", None) in (401, 403) and not getattr(exc, "option", None):
                hint = "; check the panel's credentials (%s)" % ", ".join(sorted(panel.driver.connection_options))
            raise AnsibleParserError("panel %r (%s at %s): %s%s" % (
                panel.name, panel.driver.title, panel.params["panel_url"], panel.redact(exc), hint))
        self.display.vvv("gameops.panels.servers: %d servers from panel %r with %s requests"
                         % (len(servers), panel.name, ctx.request_counts))
        return servers

    # -- hosts and groups ---------------------------------------------------------------------

    def _populate(self, panel, servers):
        strict = self.get_option("strict")
        panel_group = self.inventory.add_group("panel_%s" % group_part(panel.name))
        for host, server in zip(host_names(panel.name, servers), servers):
            self.inventory.add_host(host, group=panel_group)
            for group in self._groups(panel, server):
                self.inventory.add_child(self.inventory.add_group(group), host)
            variables = {
                "gameops_panel": panel.name,
                "gameops_panel_type": panel.driver.name,
                "gameops_panel_url": panel.params["panel_url"],
                "gameops_connection": panel.connection,
                "gameops_server": server,
            }
            for name, value in variables.items():
                self.inventory.set_variable(host, name, wrap_var(value))
            hostvars = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option("compose"), hostvars, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, host, strict=strict)

    @staticmethod
    def _groups(panel, server):
        groups = ["state_%s" % group_part(server["power_state"])]
        if server.get("node") is not None:
            groups.append("node_%s_%s" % (group_part(panel.name), group_part(server["node"])))
        if server.get("game") is not None:
            groups.append("game_%s" % group_part(server["game"]))
        return groups
