#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: apply
short_description: Keep a whole panel in the state a document declares
version_added: 0.2.0
description:
  - Reconciles one desired-state document (users, roles, locations and nodes with their allocations, servers with
    their settings, and in each server its subusers, databases, backups, schedules, webhooks, files and the keys
    of its configuration files) with one panel, in
    one task, through the same handlers and engine as the single-object modules. Only the fields the document sets are compared. Pterodactyl, Crafty Controller
    and CubeCoders AMP.
  - Objects are handled in dependency order (what an object refers to comes first, that is on Pterodactyl users,
    locations and nodes before the servers owned by them or placed on them, so one document can build a panel from
    nothing; servers, then the roles that grant them, then the users holding those roles on Crafty and AMP; a
    server before what it holds) and deleted in the reverse order, after everything else. An object may
    refer to another the same document creates (a server owned by a new user, a role granting a new AMP
    instance); check mode resolves such references in its plan too.
  - Each collection is read once and indexed; what a server holds is read only for servers the document names,
    and not at all for a server the run creates. A run that changes nothing sends only those list requests, plus,
    on AMP, the reads its API has no list for (a schedule's timing, a role's permissions in an instance, the
    settings the document names).
  - The document is checked before any request. A bad value fails the task with its path
    (C(servers[3].limits.memory)), and so does a section, a field or a value the panel does not support
    (C(roles) on Pterodactyl).
  - Objects the panel has but the document lacks are left alone unless their section is named in O(purge).
  - "The result is a plan entry per object that changes, a count per document section of the objects left as they
    are (O(report_unchanged) lists them too) and a summary in the words of C(terraform plan)
    (C(Plan: 3 to add, 2 to change, 0 to destroy.)); with C(--diff), every change field by field. Secrets are
    masked."
  - M(gameops.panels.export) writes the document of an existing panel.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.document
attributes:
  check_mode:
    support: full
    description:
      - Reads the panel and returns the whole plan, including what would be created inside servers and for users
        the run would create, without sending any write request.
  diff_mode:
    support: full
    description: Shows every object that changes, before and after, secrets masked.
options:
  purge:
    description:
      - Sections whose objects the panel has but the document lacks are deleted, for example V(subusers) or
        V(schedules). Children (V(subusers), V(schedules), V(webhooks)) are purged in every server the document
        names, so a server declared without C(schedules) loses all of them.
      - Purging V(users) deletes every user the document does not declare, admins included.
      - Purging V(databases) deletes every database of a named server the document does not declare, and its data.
    type: list
    elements: str
    choices: [roles, users, locations, nodes, servers, subusers, databases, schedules, webhooks]
    default: []
  report_unchanged:
    description:
      - V(true) lists every object of the document in RV(plan), those left as they are included (V(unchanged));
        by default RV(plan) holds the objects that change and RV(unchanged) counts the others per section, so the
        result of a run that changes little stays small however large the document is.
    type: bool
    default: false
  update_password:
    description:
      - V(on_create) sets a user's password only when the user is created; V(always) sets it on every run (so the
        run always reports a change for users with a password).
    type: str
    choices: [on_create, always]
    default: on_create
notes:
  - On Pterodactyl, users, locations, nodes and servers need O(api_key); what servers hold (subusers, databases,
    backups, schedules) needs O(client_api_key) of a root admin, whose client API reaches every server.
  - A server's C(deployment) or C(allocation) may name a location or node of the same document; the server's
    placement is worked out once they are written (in check mode the plan shows the server to create).
  - A database's password is never part of the document (export does not write it); read it with
    M(gameops.panels.database_info).
  - A server's C(files) and C(configs) are read in the plan and written only when their text differs (the plan
    and C(--diff) show a unified diff, the values of secret-looking keys such as C(rcon.password) masked, and kept
    out of all output at C(-vvv) too); the files of a server the same document creates are planned as new files.
    They are never purged and never exported (the panel does not say which files or keys a document manages), and
    a document does not restart a server (restart it after a run whose plan changed its files, with
    M(gameops.panels.server) C(power_state=restarted)).
  - Servers are matched on C(external_id) when every server of the document has one, otherwise on C(name).
    Users are matched on C(username).
  - "A document may hold a secret the panel never returns (a user's C(password)). M(gameops.panels.export) writes
    C(<secret: not exported>) in its place; apply leaves a field holding that text unset, and warns."
  - "A large document built by one expression, such as an C(ansible.builtin.file) lookup of a JSON file piped
    through C(from_json), is taken as the expression returns it when none of its values is a template still to render
    (ansible-core 2.19 and later), instead of being templated again value by value; a document holding templates
    (a variable whose values name other variables) is templated as usual. The JSON text of the file (the same lookup
    without C(from_json)) is about as cheap; C(from_yaml) costs its parsing, several times that of JSON."
seealso:
  - module: gameops.panels.export
  - module: gameops.panels.user
  - module: gameops.panels.server
  - module: gameops.panels.location
  - module: gameops.panels.node
  - module: gameops.panels.database
  - module: gameops.panels.schedule
  - module: gameops.panels.server_file
  - module: gameops.panels.server_config
"""

EXAMPLES = r"""
- name: One community's panel, as declared
  gameops.panels.apply:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    client_api_key: "{{ vault_ptlc_key }}"
    document:
      users:
        - {username: alice, email: alice@example.com, first_name: Alice, last_name: Liddell, admin: true}
        - {username: bob, email: bob@example.com, first_name: Bob, last_name: Builder}
      locations:
        - {short: eu-west, long: Europe West}
      nodes:
        - name: node-eu-2
          location: eu-west
          fqdn: node-eu-2.example.com
          memory: 32768
          disk: 512000
          allocations:
            - {ip: 10.0.0.12, ports: ["25565-25575", 27015]}
      servers:
        - name: survival
          external_id: community-42-survival
          owner: alice
          egg: Paper
          nest: Minecraft
          environment: {MINECRAFT_VERSION: "1.21.1"}
          limits: {memory: 6144, disk: 20480, cpu: 200}
          feature_limits: {backups: 5}
          deployment: {locations: [eu-west]}
          subusers:
            - {email: bob@example.com, permissions: [control.console, control.start, control.restart]}
          databases:
            - {name: plugins, remote: "%"}
          backups:
            - {keep_last: 4, keep_last_match: "nightly-*"}
          schedules:
            - name: nightly backup
              cron: "0 4 * * *"
              tasks:
                - {action: backup}
                - {action: power, payload: restart, time_offset: 60}
          configs:
            - path: server.properties
              settings: {motd: Survival of community 42, max-players: 40, white-list: true}
          files:
            - path: plugins/Essentials/motd.txt
              content: "Welcome to survival! Be kind.\n"
    purge: [schedules]
  register: panel

- name: Say what changed
  ansible.builtin.debug:
    msg: "{{ [panel.summary_text] + panel.drift }}"

- name: A plan only, as a pull request shows it (check mode, field by field)
  gameops.panels.apply:
    document:
      users:
        - {username: carol, email: carol@example.com, first_name: Carol, last_name: Danvers}
  check_mode: true
  diff: true
  register: plan

- name: The plan in the words of terraform
  ansible.builtin.debug:
    msg: "{{ plan.summary_text }}"

- name: Take a user away
  gameops.panels.apply:
    document:
      users:
        - {username: mallory, state: absent}
"""

RETURN = r"""
summary:
  description: How many objects the run creates, changes, destroys (or would, in check mode) and leaves as they are.
  returned: always
  type: dict
  sample: {add: 3, change: 2, destroy: 0, unchanged: 697}
summary_text:
  description: The summary in the words of C(terraform plan) (check mode) or C(terraform apply).
  returned: always
  type: str
  sample: "Plan: 3 to add, 2 to change, 0 to destroy."
drift:
  description: One line per object that differs, C(+) created, C(~) changed (with its fields), C(-) deleted.
  returned: always
  type: list
  elements: str
  sample: ["+ user carol (users[2])", "~ server community-42-survival (servers[0]): limits",
           "- schedule hourly (in server community-42-survival, not in the document)"]
kinds:
  description: The summary per kind of object.
  returned: always
  type: dict
  sample: {user: {add: 1, change: 0, destroy: 0, unchanged: 499}, server: {add: 2, change: 2, destroy: 0, unchanged: 198}}
unchanged:
  description:
    - How many objects of each document section the run leaves as they are (or would, in check mode), by the
      section's path without positions (C(users), C(servers.schedules)); sections with none are left out.
  returned: always
  type: dict
  sample: {users: 499, servers: 198, servers.schedules: 40}
plan:
  description:
    - One entry per object that the run creates, changes or deletes (or would, in check mode), in the order they
      are handled; with O(report_unchanged), one per object of the document (and per object O(purge) deletes).
    - C(fields) holds the before and after of every field that differs (secrets masked); unchanged objects have none.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: The kind of object (user, server, schedule, ...).
      type: str
    key:
      description: What identifies it (a username, a server's name or external id, a schedule's name).
      type: str
    path:
      description: Where it is declared in the document; null for an object O(purge) deletes.
      type: str
    server:
      description: The key of the server it belongs to, for what lives in a server.
      type: str
    action:
      description: V(create), V(update), V(delete) or V(unchanged).
      type: str
    fields:
      description: Field -> C(before) and C(after).
      type: dict
  sample:
    - {kind: user, key: carol, path: "users[2]", action: create,
       fields: {username: {before: null, after: carol}, email: {before: null, after: carol@example.com}}}
    - {kind: server, key: community-42-survival, path: "servers[0]", action: update,
       fields: {limits: {before: {memory: 4096}, after: {memory: 6144}}}}
    - {kind: schedule, key: nightly backup, path: "servers[0].schedules[0]", server: community-42-survival,
       action: unchanged}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 24}
"""

from ansible_collections.gameops.panels.plugins.module_utils import document as doc
from ansible_collections.gameops.panels.plugins.module_utils.connection import CONNECTION_ARGS
from ansible_collections.gameops.panels.plugins.module_utils.document_sync import DocumentRun
from ansible_collections.gameops.panels.plugins.module_utils.files import secret_settings, secret_values_in
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def _server_items(servers, key):
    return [item for server in servers or () if isinstance(server, dict)
            for item in (server.get(key) if isinstance(server.get(key), list) else ()) if isinstance(item, dict)]


def document_secrets(params):
    """What the document as given holds that is kept out of every output: the webhook URLs (each carries its
    service's token), and the values of secret-looking keys in the servers' files and configs (rcon.password)."""
    servers = (params.get("document") or {}).get("servers") if isinstance(params.get("document"), dict) else None
    found = [hook.get("url") for hook in _server_items(servers, "webhooks") if isinstance(hook.get("url"), str)]
    found += [value for item in _server_items(servers, "files") if isinstance(item.get("content"), str)
              for value in secret_values_in(item["content"])]
    found += [value for item in _server_items(servers, "configs") for value in secret_settings(item.get("settings"))]
    return found


def outline(document):
    """What the invocation shows of a document: its sections and how many entries each holds."""
    return "(not echoed: %s)" % ", ".join("%s[%d]" % (key, len(value)) if isinstance(value, list) else key
                                          for key, value in sorted(document.items()))


def main():
    module = PanelModule(
        kind=None,
        argument_spec=dict(
            document=dict(type="dict", required=True),
            purge=dict(type="list", elements="str", choices=list(doc.PURGEABLE), default=[]),
            update_password=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
            report_unchanged=dict(type="bool", default=False),
        ),
        hidden=document_secrets,
        logged={"document": outline},
    )
    params = module.params
    validator = doc.Validator()
    try:
        document = validator.document(params["document"])
    except doc.DocumentError as exc:
        module.no_log_values.update(validator.secrets)
        module.fail_json(msg="the document is not valid: %s" % exc.message, path=exc.path,
                         errors=[{"path": path, "message": message} for path, message in exc.problems])
    # secrets of the document: masked in every output, redacted from every request log
    module.no_log_values.update(validator.secrets)
    module.ctx.secrets.extend(validator.secrets)
    if validator.placeholders:
        module.warn("%d secret(s) hold the export placeholder and are left unset: %s"
                    % (len(validator.placeholders), ", ".join(validator.placeholders[:5])
                       + (", ..." if len(validator.placeholders) > 5 else "")))
    connection = dict((name, params.get(name)) for name in CONNECTION_ARGS)
    run = DocumentRun(module.ctx, document, connection, purge=params["purge"],
                      update_password=params["update_password"], report_unchanged=params["report_unchanged"],
                      placeholders=validator.placeholders)
    try:
        run.check()
    except doc.DocumentError as exc:
        module.fail_json(msg="the document does not fit %s: %s" % (module.driver.label(), exc.message), path=exc.path,
                         errors=[{"path": path, "message": message} for path, message in exc.problems])

    def work():
        try:
            result = run.run()
        except doc.DocumentError as exc:
            # every problem the plan found, before anything was written
            module.fail_json(msg="the document cannot be applied to %s as the panel stands (nothing was written): %s"
                             % (module.driver.label(), exc.message), path=exc.path,
                             errors=[{"path": path, "message": message} for path, message in exc.problems],
                             **module._failure_info())
        for warning in run.warnings:
            module.warn(warning)
        if module._diff:
            result["diff"] = run.diffs
        # the options as given, but not the document: echoed whole it would be most of the result (at -vvv and
        # in a registered variable), and the plan says what became of it
        result["invocation"] = {"module_args": dict(params, document=outline(params["document"]))}
        return result

    module.run(work)


if __name__ == "__main__":
    main()
