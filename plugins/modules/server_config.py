#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: server_config
short_description: Keep some keys of a game server's configuration file
version_added: 0.3.0
description:
  - Hold the named keys of a structured file in a game server's folder (C(server.properties), a mod's YAML, a
    JSON or INI file) at the given values, or remove them, and leave the rest of the file as it is, through the
    panel's file routes (as C(community.general.ini_file) does for a file on a managed host).
  - Reads the file first and writes it only when a key differs; a second run sends no write. A file that does
    not exist is created with the keys.
  - C(properties) and C(ini) files keep every other line byte for byte (comments, blank lines, order); a changed
    key keeps its place, a new key is added at the end (of its section).
  - In C(json) and C(yaml) files, a key that holds a single value and gets another one is changed where it stands,
    and the rest of the file (comments, layout, quoting) is kept. Adding or removing a key, or changing a list or
    a mapping, writes the file again from its parsed content, keys in their order (a YAML file then loses its
    comments; JSON is written with the file's indentation, each list item and member on its own line).
  - An unchanged file is never written.
  - Check mode and diff mode show a unified diff of the file. Values of secret-looking keys (C(rcon.password),
    anything with C(password), C(secret), C(token) or C(key) in its name) are masked in the diff, the plan and
    the result, and the values O(settings) gives them are kept out of all output, at C(-vvv) too.
  - Supported on Pterodactyl (the client API's file routes, which Wings serves). Pterodactyl reads and writes files
    of at most 4 MiB through its API; a file that would grow over that fails before any write.
  - On Crafty Controller 4.10 or later (its server file routes; earlier versions fail before any request, naming
    the version). Crafty saves only existing files, so a new file is created empty first, and missing folders
    above it one by one. Its limit is the web server's request size (100 MiB).
  - On AMP through the instance's FileManagerPlugin (the instance's AMP process must run). Files travel as base64
    in chunks of 1 MiB; missing folders are created; V(absent) moves the file into the instance's
    C(Trashed Files), which is AMP's delete. AMP states no limit, so the collection reads and writes files of up
    to 16 MiB there.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Reads the file and reports the plan and the diff; sends no write and no restart.
  diff_mode:
    support: full
    description: Shows a unified diff of the file, with the values of secret-looking keys masked.
options:
  path:
    description:
      - The file, relative to the server's folder (C(server.properties), C(plugins/Essentials/config.yml)).
    type: str
    required: true
  format:
    description:
      - How the file is written. Left out, it follows from the file name (C(.properties), C(.json), C(.yml) or
        C(.yaml), C(.ini)); another name needs it.
      - V(properties) is Java's properties format, as Minecraft's C(server.properties) (values compared and
        written with its escapes, so C(minecraft:normal) matches C(minecraft\:normal)).
      - An existing file that does not parse in the format fails the task, naming this option, before any write.
    type: str
    choices: [properties, json, yaml, ini]
  settings:
    description:
      - The keys to hold (O(state=present)) or remove (O(state=absent)), with their values. The other keys of the
        file are left as they are.
      - V(properties) takes one level of keys with single values; a boolean is written V(true) or V(false).
      - V(ini) takes sections, each a dict of keys with single values; a single value at the top level is a key
        before the first section.
      - V(json) and V(yaml) take nested dicts. A dict value changes the keys it names inside that key; any other
        value (a list, a scalar) replaces the key's value whole.
      - With O(state=absent) the values are ignored, except that a dict names keys inside that key (a key C(a)
        whose value is a dict with the key C(b) removes C(b) from C(a)).
    type: dict
    required: true
  state:
    description:
      - V(present) holds the keys at the values of O(settings); V(absent) removes the keys it names.
    type: str
    choices: [present, absent]
    default: present
  restart:
    description:
      - Restart the server once after the file changed, when it is running (most games read their configuration
        at start). A stopped server is left stopped; an unchanged file restarts nothing.
    type: bool
    default: false
notes:
  - Needs O(client_api_key), of the owner, a subuser with the C(file.read-content) and C(file.create) permissions
    (C(control.restart) with O(restart=true)), or a root admin.
  - On Crafty, the account needs the server permission C(FILES) on the server (C(COMMANDS) with O(restart=true)),
    through one of its roles, or is a superuser.
  - On AMP, the account needs the instance's C(FileManager.FileManager.*) permission nodes C(BrowseFiles),
    C(DownloadFiles), C(UploadFiles) and C(CreateDirectory) (C(Core.AppManagement.RestartApplication) with O(restart=true)).
seealso:
  - module: gameops.panels.server_file
"""

EXAMPLES = r"""
- name: Hold some keys of server.properties and restart the server when one changed
  gameops.panels.server_config:
    server_external_id: community-42-survival
    client_api_key: "{{ vault_ptlc_key }}"
    path: server.properties
    settings:
      motd: Welcome to survival
      max-players: 40
      white-list: true
      enable-rcon: true
      rcon.password: "{{ vault_rcon_password }}"
    restart: true

- name: Keys of a plugin's YAML configuration
  gameops.panels.server_config:
    server: survival
    path: plugins/Essentials/config.yml
    settings:
      teleport-cooldown: 5
      chat:
        radius: 0

- name: A section of an INI file
  gameops.panels.server_config:
    server: survival
    path: config/backup.ini
    settings:
      schedule:
        interval: 6h
        keep: 4

- name: Remove a key
  gameops.panels.server_config:
    server: survival
    path: server.properties
    settings:
      resource-pack-prompt:
    state: absent

- name: Crafty - hold some keys of a server's server.properties (Crafty 4.10 or later)
  gameops.panels.server_config:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
    path: server.properties
    settings:
      motd: Welcome to survival
      max-players: 40
      enable-rcon: true
      rcon.password: "{{ vault_rcon_password }}"
    restart: true

- name: AMP - hold some keys of an instance's server.properties and restart the game when one changed
  gameops.panels.server_config:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
    path: server.properties
    settings:
      motd: Welcome to survival
      max-players: 40
    restart: true

- name: AMP - keys of a plugin's YAML configuration
  gameops.panels.server_config:
    panel_type: amp
    server: Survival01
    path: plugins/Essentials/config.yml
    settings:
      teleport-cooldown: 5
"""

RETURN = r"""
server:
  description: The server the file belongs to.
  returned: always
  type: dict
  sample: {identifier: 3f9a1c2e, uuid: 3f9a1c2e-5b7d-4e0a-9c1f-2a3b4c5d6e7f, name: survival, external_id: community-42-survival}
path:
  description: The file, relative to the server's folder.
  returned: always
  type: str
  sample: server.properties
exists:
  description: Whether the file exists after the task (in check mode, would exist).
  returned: always
  type: bool
  sample: true
restarted:
  description: Whether the server was restarted (in check mode, would be) because the file changed.
  returned: always
  type: bool
  sample: true
plan:
  description:
    - What the task did (in check mode, would do) to the file. The C(fields) of its change are the keys that
      changed, each with its value before and after (a dotted path for nested and INI keys); its C(diff) is the
      unified diff. Values of secret-looking keys are masked in both.
  returned: always
  type: dict
  sample:
    kind: server_config
    path: server.properties
    format: properties
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: server.properties
        fields:
          max-players: {before: "20", after: "40"}
          rcon.password: {before: "********", after: "********"}
    restart: true
    diff: "--- a/server.properties\n+++ b/server.properties\n@@ -1,2 +1,2 @@\n-max-players=20\n+max-players=40\n"
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 3, POST: 2}
"""

from ansible_collections.gameops.panels.plugins.module_utils.files import secret_settings
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_config import SERVER_CONFIG
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def _secrets(params):
    return secret_settings(params.get("settings"))


def main():
    module = PanelModule(kind=SERVER_CONFIG, hidden=_secrets)
    params = module.params

    def work():
        run = module.handler().run(path=params["path"], settings=params["settings"], format=params["format"],
                                   state=params["state"], restart=params["restart"])
        return module.task_result(run, server=dict(module.server))

    module.run(work)


if __name__ == "__main__":
    main()
