#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: user
short_description: Manage panel user accounts
version_added: 0.1.0
description:
  - Create, update and delete user accounts of a game-server panel.
  - Only the options you set are compared with the panel, so a second run changes nothing.
  - The user is matched by O(match_on) (username by default).
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
attributes:
  check_mode:
    support: full
    description: Reports the plan and sends no write request.
  diff_mode:
    support: full
    description: Shows the user before and after, with the password masked.
options:
  username:
    description:
      - Login name. Pterodactyl stores it lower-cased; 3 to 191 characters, letters, digits, C(_), C(-) and C(.),
        starting and ending with a letter or digit.
      - Required when O(match_on=username) and when creating a user.
    type: str
  email:
    description:
      - E-mail address. Required when creating a user or when O(match_on=email).
    type: str
  first_name:
    description:
      - First name. Required when creating a user.
    type: str
  last_name:
    description:
      - Last name. Required when creating a user.
    type: str
  password:
    description:
      - Password. Write-only, so it cannot be compared with the panel; see O(update_password).
      - When omitted on create, Pterodactyl sets a random password and e-mails the user a reset link.
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is created.
      - V(always) sends it on every run, which then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  admin:
    description:
      - Whether the user is a root administrator of the panel.
    type: bool
  language:
    description:
      - Interface language code, for example V(en).
    type: str
  external_id:
    description:
      - An identifier of your own (for example from a billing system). Unique on the panel.
    type: str
  match_on:
    description:
      - Which field identifies the user on the panel.
    type: str
    choices: [username, email, external_id]
    default: username
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it.
      - Pterodactyl refuses to delete a user who still owns servers.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: gameops.panels.user_info
"""

EXAMPLES = r"""
- name: Ensure a moderator account exists
  gameops.panels.user:
    panel_url: "{{ panel_url }}"
    api_key: "{{ vault_ptla_key }}"
    username: alice
    email: alice@example.com
    first_name: Alice
    last_name: Liddell
    password: "{{ vault_alice_password }}"

- name: Keep users in step with a billing system, matching on its ids
  gameops.panels.user:
    match_on: external_id
    external_id: "cust-{{ item.id }}"
    username: "{{ item.login }}"
    email: "{{ item.email }}"
    first_name: "{{ item.first }}"
    last_name: "{{ item.last }}"
  loop: "{{ customers }}"

- name: Remove a user
  gameops.panels.user:
    username: bob
    state: absent
"""

RETURN = r"""
user:
  description: The user as the panel holds it after the task (predicted in check mode), without the password.
  returned: when O(state=present)
  type: dict
  sample:
    id: 7
    username: alice
    email: alice@example.com
    first_name: Alice
    last_name: Liddell
    language: en
    admin: false
    external_id: null
plan:
  description: What the task changes (or would change in check mode), per field, secrets masked.
  returned: always
  type: dict
  sample:
    kind: user
    summary: {create: 0, update: 1, delete: 0, unchanged: 0}
    changes:
      - action: update
        key: alice
        fields:
          email: {before: alice@old.example.com, after: alice@example.com}
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 1, PATCH: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule

USER_FIELDS = ("username", "email", "first_name", "last_name", "password", "admin", "language", "external_id")


def main():
    module = PanelModule(
        kind="user",
        argument_spec=dict(
            username=dict(type="str"),
            email=dict(type="str"),
            first_name=dict(type="str"),
            last_name=dict(type="str"),
            password=dict(type="str", no_log=True),
            update_password=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
            admin=dict(type="bool"),
            language=dict(type="str"),
            external_id=dict(type="str"),
            match_on=dict(type="str", choices=["username", "email", "external_id"], default="username"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        secrets=("password",),
    )
    params = module.params
    match_on = params["match_on"]
    if not params[match_on]:
        module.fail_json(msg="%s is required to identify the user (match_on=%s)" % (match_on, match_on), option=match_on)

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params[match_on]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired(USER_FIELDS)],
                                        update_password=params["update_password"])
        result["user"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
