#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: server_file
short_description: Keep a file of a game server with the given content, or absent
version_added: 0.3.0
description:
  - Keep one file in a game server's folder with exactly the given text (O(content) or the file O(src)), or
    make sure there is no such file, through the panel's file routes.
  - Reads the file first and writes it only when its text differs; a second run with the same content sends no
    write. Check mode and diff mode show a unified diff of the file; the values of secret-looking keys
    (such as C(rcon.password), C(api-key) or anything named like a password, secret or token) are masked in the
    diff, the plan and the result, and kept out of the output, at C(-vvv) too.
  - >-
    To template the file, render it on the controller with Ansible's template lookup and pass the text as
    O(content), for example C(content: "{{ lookup('ansible.builtin.template', 'server.properties.j2') }}").
  - Text files only (UTF-8). To change some keys of a structured file and keep the rest as it is, use
    M(gameops.panels.server_config).
  - Supported on Pterodactyl (the client API's file routes, which Wings serves; Wings creates missing folders
    above the file). Pterodactyl reads and writes files of at most 4 MiB through its API; larger content fails
    before any write, naming the path and the limit.
  - On Crafty Controller 4.10 or later (its server file routes; earlier versions fail before any request, naming
    the version). Crafty saves only existing files, so a new file is created empty first, and missing folders
    above it one by one. Crafty reads files with universal newlines, so content with a carriage return
    (C(\r)) is refused. Its limit is the web server's request size (100 MiB).
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
    description: Reads the file and reports the plan and the diff; sends no write, no delete and no restart.
  diff_mode:
    support: full
    description: Shows a unified diff of the file, with the values of secret-looking keys masked.
options:
  path:
    description:
      - The file, relative to the server's folder (C(server.properties), C(plugins/Essentials/config.yml)). A
        leading C(/) is the server's folder too; C(..) is refused.
    type: str
    required: true
  content:
    description:
      - The whole text of the file. Exactly what is written, trailing newline included.
      - Mutually exclusive with O(src). With O(state=present), one of them is required.
    type: str
  src:
    description:
      - A file whose text is the content, read on the host the task runs on. The collection's tasks run on
        C(localhost), so this is usually a path on the controller (relative paths are relative to the
        directory C(ansible-playbook) runs in, not the role's C(files/)); for a role's file, or a template,
        pass O(content) with the C(ansible.builtin.file) or C(ansible.builtin.template) lookup instead.
      - Mutually exclusive with O(content).
    type: path
  state:
    description:
      - V(present) keeps the file with the content; V(absent) deletes it when it exists.
    type: str
    choices: [present, absent]
    default: present
  restart:
    description:
      - Restart the server once after the file changed, when it is running (most games read their files at
        start). A stopped server is left stopped; an unchanged file restarts nothing.
    type: bool
    default: false
notes:
  - Needs O(client_api_key), of the owner, a subuser with the C(file.read-content), C(file.create) and
    C(file.delete) permissions (C(control.restart) with O(restart=true)), or a root admin.
  - On Crafty, the account needs the server permission C(FILES) on the server (C(COMMANDS) with O(restart=true)),
    through one of its roles, or is a superuser.
  - On AMP, the account needs the instance's C(FileManager.FileManager.*) permission nodes C(BrowseFiles),
    C(DownloadFiles), C(UploadFiles), C(CreateDirectory) and C(TrashFiles) (C(Core.AppManagement.RestartApplication) with O(restart=true)).
seealso:
  - module: gameops.panels.server_config
  - module: gameops.panels.server_command
"""

EXAMPLES = r"""
- name: Keep the operators list
  gameops.panels.server_file:
    server_external_id: community-42-survival
    client_api_key: "{{ vault_ptlc_key }}"
    path: ops.json
    content: |
      [
        {"uuid": "8667ba71-b85a-4004-af54-457a9734eed7", "name": "alice", "level": 4, "bypassesPlayerLimit": false}
      ]

- name: Keep a plugin's configuration and restart the server when it changed
  gameops.panels.server_file:
    server: survival
    path: plugins/Greeter/config.yml
    content: |
      greeting: Welcome to survival!
      max-players-message: The server is full.
    restart: true

- name: Remove a file
  gameops.panels.server_file:
    server: survival
    path: plugins/Greeter/config.yml
    state: absent

- name: Crafty - keep the operators list of a server (Crafty 4.10 or later)
  gameops.panels.server_file:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
    path: ops.json
    content: |
      [
        {"uuid": "8667ba71-b85a-4004-af54-457a9734eed7", "name": "alice", "level": 4, "bypassesPlayerLimit": false}
      ]

- name: Crafty - a plugin's configuration in a folder that does not exist yet, restarting the server if it runs
  gameops.panels.server_file:
    panel_type: crafty
    server: survival
    path: plugins/Greeter/config.yml
    content: |
      greeting: Welcome to survival!
    restart: true

- name: Crafty - remove it
  gameops.panels.server_file:
    panel_type: crafty
    server: survival
    path: plugins/Greeter/config.yml
    state: absent

- name: AMP - keep the operators list of an instance
  gameops.panels.server_file:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
    path: ops.json
    content: |
      [
        {"uuid": "8667ba71-b85a-4004-af54-457a9734eed7", "name": "alice", "level": 4, "bypassesPlayerLimit": false}
      ]
    restart: true

- name: AMP - move a file into the instance's trash
  gameops.panels.server_file:
    panel_type: amp
    server: Survival01
    path: ops.json
    state: absent
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
  sample: ops.json
exists:
  description: Whether the file exists after the task (in check mode, would exist).
  returned: always
  type: bool
  sample: true
restarted:
  description: Whether the server was restarted (in check mode, would be) because the file changed.
  returned: always
  type: bool
  sample: false
plan:
  description:
    - What the task did (in check mode, would do) to the file (the size in bytes before and after); its C(diff)
      is the unified diff, with the values of secret-looking keys masked.
  returned: always
  type: dict
  sample:
    kind: server_file
    path: server.properties
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: server.properties
        fields:
          bytes: {before: 1203, after: 1204}
    restart: false
    diff: "--- a/server.properties\n+++ b/server.properties\n@@ -1,2 +1,2 @@\n-motd=Hello\n+motd=Welcome\n rcon.password=********\n"
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 3, POST: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.files import secret_values_in
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_file import SERVER_FILE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def _secrets(params):
    return secret_values_in(params.get("content") or "")


def main():
    module = PanelModule(kind=SERVER_FILE, hidden=_secrets, mutually_exclusive=[("content", "src")])
    params = module.params
    content = params["content"]
    if params["src"] is not None and params["state"] == "present":
        try:
            with open(params["src"], "rb") as handle:
                content = handle.read().decode("utf-8")
        except OSError as exc:
            module.fail_json(msg="src: cannot read %s: %s" % (params["src"], exc.strerror or exc), option="src")
        except UnicodeDecodeError:
            module.fail_json(msg="src: %s is not UTF-8 text" % params["src"], option="src")
        # the text of src: kept out of the output and the panel's error messages, and held to the panel's rules
        # before any request, as content is
        module.no_log_values.update(secret_values_in(content))
        module.ctx.secrets.extend(secret_values_in(content))
        try:
            module.handler_class.check_params(dict(params, content=content, src=None))
        except ReconcileError as exc:
            module.fail_json(msg="src: the text of %s: %s" % (params["src"], exc.message), option="src")

    def work():
        run = module.handler().run(path=params["path"], content=content, state=params["state"],
                                   restart=params["restart"])
        return module.task_result(run, server=dict(module.server))

    module.run(work)


if __name__ == "__main__":
    main()
