#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: database_info
short_description: Read the databases of a Pterodactyl server
version_added: 0.3.0
description:
  - Lists a server's databases (Pterodactyl's client API, one request), or the one named.
  - Passwords only with O(return_password=true).
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
    description: Reads only; runs the same in check mode.
options:
  name:
    description:
      - Only the database of this name (without the panel's C(s<server id>_) prefix; a name with it is read
        without it).
    type: str
  return_password:
    description:
      - Read each database's password with the list and return it in RV(databases[].password).
      - A module cannot hide its own return values, so set C(no_log=true) on the task.
    type: bool
    default: false
notes:
  - Needs O(client_api_key) of the server's owner, an admin, or a subuser with the database permissions.
seealso:
  - module: gameops.panels.database
"""

EXAMPLES = r"""
- name: The server's databases
  gameops.panels.database_info:
    panel_url: "{{ panel_url }}"
    client_api_key: "{{ vault_ptlc_key }}"
    server_external_id: community-42-survival
  register: databases

- name: One database's connection details, password included, for the next task only
  gameops.panels.database_info:
    server_external_id: community-42-survival
    name: plugins
    return_password: true
  register: plugins_db
  no_log: true
"""

RETURN = r"""
databases:
  description: The server's databases (or the one named), in the panel's order.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The panel's id of the database.
      type: str
    name:
      description: The name without the panel's prefix.
      type: str
    database:
      description: The name on the database host (with the prefix).
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
      description: The password.
      type: str
      returned: when O(return_password=true)
  sample:
    - id: 1Ab2cD3e
      name: plugins
      database: s5_plugins
      username: u5_Xk2Lm9Qp1Z
      host: 10.0.0.20
      port: 3306
      remote: "%"
      max_connections: 0
server:
  description: The server the databases belong to.
  returned: always
  type: dict
  sample: {identifier: 1a2b3c4d, uuid: 1a2b3c4d-0000-4000-8000-000000000000, name: survival}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.database import DATABASE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=DATABASE, info=True)
    params = module.params

    def work():
        handler = module.handler()
        databases = handler.info(name=params["name"])
        if params["return_password"]:
            databases = [dict(d, password=handler.password(d)) for d in databases]
        return {"changed": False, "databases": databases, "server": module.server}

    module.run(work)


if __name__ == "__main__":
    main()
