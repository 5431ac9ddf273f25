#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: export
short_description: Write the desired-state document of an existing panel
version_added: 0.2.0
description:
  - Reads a live panel and returns (and optionally writes to a file) the document M(gameops.panels.apply) takes,
    so a team can put an existing panel into git.
  - Applying the export to the same panel changes nothing. Applying it to an empty panel of the same type creates
    the same objects (servers on the same node, at the same address), secrets aside.
  - "Secrets the panel never returns (users' passwords) are written as the placeholder C(<secret: not exported>),
    which apply leaves unset; replace it with a vaulted value where you want apply to set one."
  - On Pterodactyl, locations, nodes with their allocations (as IPs with port ranges) and each server's databases
    (name and remote) are exported too; a database's password never is (it is no part of the document).
  - A server's C(files) and C(configs) are never exported, and are no choice of O(sections). A panel does not
    say which of a server's files, or which of their keys, a document manages, so those entries live only in the
    document, and apply reads and compares exactly those.
  - Backups are data, not configuration, and are not exported; Crafty's backup configurations (how and where a
    server is backed up) are configuration and are. Sections the panel, or its version, does not have are skipped,
    and RV(not_exported) says why (for example schedules on Crafty 4.0.8, which cannot list them).
  - On Crafty, each user and each role is read whole (one request each, since the lists lack e-mail, roles, manager
    and the servers a role grants), and a server's jar and memory are read back from its settings, so the export
    creates the same servers on an empty panel. Settings naming a server's own folder are left out, with a note.
  - On CubeCoders AMP, what a stopped instance holds cannot be read (the instance's own API answers only while its
    AMP process runs) and is listed in RV(not_exported); instance settings are not exported (AMP cannot tell the
    few a user manages from the hundreds every instance has).
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Reads the panel and returns the document; O(dest) is not written.
  diff_mode:
    support: none
    description: The document is the result; with O(dest), the file is rewritten whole.
options:
  sections:
    description:
      - Which sections to read. What a server holds is read per server, so leaving out V(subusers),
        V(databases) and V(schedules) saves three requests per server; a node's allocations are read per node.
      - On Pterodactyl, V(subusers), V(databases) and V(schedules) need O(client_api_key) (a root admin's).
    type: list
    elements: str
    choices: [roles, users, locations, nodes, servers, subusers, databases, backups, schedules, webhooks]
    default: [roles, users, locations, nodes, servers, subusers, databases, backups, schedules, webhooks]
  dest:
    description:
      - Write the document to this file, as YAML. The task reports a change when the file's content changes.
    type: path
  var_name:
    description:
      - With O(dest), write the document under this variable name (for example V(panel_config_document)), so the
        file can be dropped into C(host_vars/) for the C(gameops.panels.panel_config) role.
    type: str
seealso:
  - module: gameops.panels.apply
"""

EXAMPLES = r"""
- name: Put the live panel into a GitOps repository (a host_vars file of the panel_config role)
  gameops.panels.export:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    client_api_key: "{{ vault_ptlc_key }}"
    dest: "{{ playbook_dir }}/panel-eu.yml"
    var_name: panel_config_document

- name: Users and servers only
  gameops.panels.export:
    sections: [users, servers]
  register: exported

- name: Apply it back (changes nothing)
  gameops.panels.apply:
    document: "{{ exported.document }}"
"""

RETURN = r"""
document:
  description: The panel as a document M(gameops.panels.apply) takes.
  returned: always
  type: dict
  sample:
    users:
      - {username: alice, email: alice@example.com, first_name: Alice, last_name: Liddell, admin: true,
         language: en, password: "<secret: not exported>"}
    locations:
      - {short: eu-west, long: Europe West}
    nodes:
      - {name: node-eu-1, location: eu-west, fqdn: node-eu-1.example.com, scheme: https, memory: 16384,
         memory_overallocate: 0, disk: 204800, disk_overallocate: 0, daemon_listen: 8080, daemon_sftp: 2022,
         allocations: [{ip: 127.0.0.1, ports: ["25565-25584"]}]}
    servers:
      - name: survival
        external_id: community-42-survival
        owner: alice
        nest: Minecraft
        egg: Paper
        limits: {memory: 4096, swap: 0, disk: 20480, io: 500, cpu: 200, oom_disabled: true}
        allocation: {node: node-eu-1, ip: 127.0.0.1, port: 25565}
        databases:
          - {name: plugins, remote: "%"}
        schedules:
          - {name: nightly, cron: "0 4 * * *", enabled: true, only_when_online: false,
             tasks: [{action: backup, payload: "", time_offset: 0, continue_on_failure: false}]}
not_exported:
  description: Sections (or, per server, what it holds) that were asked for but not exported, and why.
  returned: always
  type: list
  elements: str
  sample: ["roles (Pterodactyl has none)", "webhooks (Pterodactyl has none)"]
counts:
  description: How many objects of each section were exported (children summed over servers).
  returned: always
  type: dict
  sample: {users: 12, locations: 1, nodes: 1, servers: 3, subusers: 2, databases: 1, schedules: 5}
dest:
  description: The file written, when O(dest) is set.
  returned: when O(dest) is set
  type: str
  sample: /srv/gitops/host_vars/panel-eu/state.yml
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 9}
"""

import os

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.gameops.panels.plugins.module_utils import document as doc
from ansible_collections.gameops.panels.plugins.module_utils.connection import CONNECTION_ARGS
from ansible_collections.gameops.panels.plugins.module_utils.document_sync import export_document
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule

try:
    import yaml
    HAS_YAML = True
    YAML_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - PyYAML ships with ansible-core
    HAS_YAML = False
    YAML_IMPORT_ERROR = exc

SECTIONS = list(doc.EXPORTABLE)
HEADER = ("# Exported by gameops.panels.export from %s (%s).\n"
          "# Secrets the panel never returns are written as %r; apply leaves them unset.\n"
          "# Values with Jinja delimiters are tagged !unsafe so Ansible keeps them as they are.\n")


def render(document, var_name, panel_url, panel_type):
    data = {var_name: document} if var_name else document
    return HEADER % (panel_url, panel_type, doc.SECRET_PLACEHOLDER) + yaml.dump(
        _tag_templates(data), Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True, width=120)


if HAS_YAML:
    class _Unsafe(str):
        """A string with Jinja delimiters (a startup command's {{SERVER_MEMORY}}), kept literal by Ansible."""

    class _Dumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
        pass

    _Dumper.add_representer(_Unsafe, lambda dumper, value: dumper.represent_scalar("!unsafe", str(value), style="'"))


def _tag_templates(value):
    """Tag strings that Ansible would template when it loads the file as variables."""
    if isinstance(value, dict):
        return dict((k, _tag_templates(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_tag_templates(v) for v in value]
    if isinstance(value, str) and ("{{" in value or "{%" in value or "{#" in value):
        return _Unsafe(value)
    return value


def main():
    module = PanelModule(
        kind=None,
        argument_spec=dict(
            sections=dict(type="list", elements="str", choices=SECTIONS, default=SECTIONS),
            dest=dict(type="path"),
            var_name=dict(type="str"),
        ),
        required_by={"var_name": "dest"},
    )
    params = module.params
    if params["dest"] and not HAS_YAML:
        module.fail_json(msg=missing_required_lib("PyYAML"), exception=str(YAML_IMPORT_ERROR))

    def work():
        connection = dict((name, params.get(name)) for name in CONNECTION_ARGS)
        document, skipped = export_document(module.ctx, connection, set(params["sections"]))
        counts = {}
        for key, entries in document.items():
            counts[key] = len(entries)
            for entry in entries:
                for child, items in entry.items():
                    if child in doc.SECTION_BY_KEY and isinstance(items, list):
                        counts[child] = counts.get(child, 0) + len(items)
        result = {"changed": False, "document": document, "not_exported": skipped, "counts": counts}
        if params["dest"]:
            text = render(document, params["var_name"], params["panel_url"], params["panel_type"])
            dest = params["dest"]
            old = None
            if os.path.exists(dest):
                with open(dest, encoding="utf-8") as handle:
                    old = handle.read()
            result["dest"] = dest
            if old != text:
                result["changed"] = True
                if not module.check_mode:
                    directory = os.path.dirname(os.path.abspath(dest))
                    if not os.path.isdir(directory):
                        module.fail_json(msg="the directory of dest does not exist: %s" % directory, option="dest")
                    module.atomic_move(_write_temp(module, text), dest)
        return result

    module.run(work)


def _write_temp(module, text):
    path = module.tmpdir and os.path.join(module.tmpdir, "export.yml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


if __name__ == "__main__":
    main()
