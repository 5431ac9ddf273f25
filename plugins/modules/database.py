#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: database
short_description: Manage the databases of a Pterodactyl server
version_added: 0.3.0
description:
  - Create or delete a database of a server, or rotate its password (Pterodactyl's client API). The panel
    places a new database on a database host of the server's node (else, when the panel allows it, on any host)
    and names it C(s<server id>_<name>); the task names it without that prefix.
  - Reads the server's databases first (one request) and writes only what differs.
  - The password is never in the plan, the diff or the result unless O(return_password=true).
  - Supported on Pterodactyl. Crafty Controller and AMP have no server databases; the task fails there before
    any request.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Reports the plan and sends no write request (a rotation is reported, not done).
  diff_mode:
    support: full
    description: Shows the database before and after (never its password).
options:
  name:
    description:
      - The database's name as the user chose it (3 to 48 letters, digits, dashes or underscores), without the
        C(s<server id>_) prefix the panel adds; a name written with the prefix is read without it.
    type: str
    required: true
  remote:
    description:
      - Where the database accepts connections from (C(%) for anywhere, an address, or a pattern such as
        C(10.0.%)).
      - The panel cannot change it after the database is made; a different value for an existing database fails
        before any write, naming this option.
    type: str
    default: "%"
  rotate_password:
    description:
      - V(true) gives an existing database a new password (the panel picks it) on every run, so the task always
        reports a change. A database the task creates gets a new password anyway and is not rotated again.
    type: bool
    default: false
  return_password:
    description:
      - Return the database's password in RV(database.password) (read with the list, or from the create or
        rotate answer).
      - A module cannot hide its own return values, so set C(no_log=true) on the task; the password is then only
        in the registered variable and not printed, not even with C(-vvv).
    type: bool
    default: false
  state:
    description:
      - V(present) creates the database when it is missing; V(absent) deletes it (with its data).
    type: str
    choices: [present, absent]
    default: present
notes:
  - Needs O(client_api_key) of the server's owner, an admin, or a subuser with the database permissions
    (C(database.view_password) to read a password).
  - The panel needs a database host (made in its admin area; no API creates one).
seealso:
  - module: gameops.panels.database_info
  - module: gameops.panels.server
"""

EXAMPLES = r"""
- name: A database for the server's plugins, reachable from anywhere
  gameops.panels.database:
    panel_url: "{{ panel_url }}"
    client_api_key: "{{ vault_ptlc_key }}"
    server_external_id: community-42-survival
    name: plugins

- name: A new password for it, handed to the next task only
  gameops.panels.database:
    server_external_id: community-42-survival
    name: plugins
    rotate_password: true
    return_password: true
  register: plugins_db
  no_log: true

- name: A database no longer used (its data is lost)
  gameops.panels.database:
    server_external_id: community-42-survival
    name: plugins
    state: absent
"""

RETURN = r"""
database:
  description: The database as the panel holds it after the task (predicted in check mode).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The panel's id of the database (null when a check-mode run only plans it).
      type: str
    name:
      description: The name without the panel's prefix.
      type: str
    database:
      description: The name on the database host (with the C(s<server id>_) prefix).
      type: str
    username:
      description: The database user.
      type: str
    host:
      description: The database host's address.
      type: str
    port:
      description: The database host's port.
      type: int
    remote:
      description: Where the database accepts connections from.
      type: str
    max_connections:
      description: The panel's connection limit (0 for none).
      type: int
    password:
      description: The password; only with O(return_password=true), and not in check mode.
      type: str
      returned: when O(return_password=true)
  sample:
    id: 1Ab2cD3e
    name: plugins
    database: s5_plugins
    username: u5_Xk2Lm9Qp1Z
    host: 10.0.0.20
    port: 3306
    remote: "%"
    max_connections: 0
password_rotated:
  description: Whether the task gave the database a new password (in check mode, whether it would).
  returned: when O(state=present)
  type: bool
  sample: false
plan:
  description: What the task changes (or would change in check mode), per field; never the password.
  returned: always
  type: dict
  sample:
    kind: database
    summary: {create: 1, update: 0, delete: 0, unchanged: 0}
    changes:
      - action: create
        key: plugins
        fields:
          name: {before: null, after: plugins}
          remote: {before: null, after: "%"}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2, POST: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.database import DATABASE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import UNCHANGED


def main():
    module = PanelModule(kind=DATABASE)
    params = module.params

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params["name"]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired()])
        change = plan.changes[0]
        database = dict(change.result or change.desired)
        rotated = False
        if params["rotate_password"] and change.action == UNCHANGED:
            rotated = True
            if not module.check_mode:
                database = adapter.rotate_password(change.current)
            result["changed"] = True
        if params["return_password"] and not module.check_mode:
            database["password"] = adapter.password(database)
        result["database"] = database
        result["password_rotated"] = rotated
        return result

    module.run(work)


if __name__ == "__main__":
    main()
