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
  - Create, update and delete user accounts of a game-server panel (Pterodactyl, Crafty Controller, CubeCoders AMP).
  - Only the options you set are compared with the panel, so a second run changes nothing.
  - The user is matched by O(match_on) (username by default; Crafty matches by username only).
  - Each option says which panels support it; an option the chosen O(panel_type) lacks fails before any request.
  - On CubeCoders AMP (O(panel_type=amp)) the module keeps an AMP user of the ADS, with its password, O(enabled), the
    password flags, its e-mail address and its roles by name. AMP replaces the flags and the e-mail address in one
    call (C(UpdateUserInfo)), so an update sends them all with their current values and only the ones you set
    changed; role membership changes with one call per role joined or left.
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
      - Login name, stored lower-cased by Pterodactyl and Crafty; AMP keeps its case and matches it without regard
        to case.
      - Pterodactyl takes 3 to 191 characters, letters, digits, C(_), C(-) and C(.), starting and ending with a letter
        or digit. Crafty takes 4 to 20 lower-case letters, digits and C(_) (3 to 20 from Crafty 4.5).
      - Required when O(match_on=username) and when creating a user. Pterodactyl, Crafty and AMP.
    type: str
  email:
    description:
      - E-mail address. Required when creating a user or when O(match_on=email) on Pterodactyl; optional on Crafty,
        which stores C(default@example.com) when it is left out, and on AMP. Pterodactyl, Crafty and AMP.
    type: str
  first_name:
    description:
      - First name. Required when creating a user. Pterodactyl only.
    type: str
  last_name:
    description:
      - Last name. Required when creating a user. Pterodactyl only.
    type: str
  password:
    description:
      - Password. Write-only, so it cannot be compared with the panel; see O(update_password). Pterodactyl, Crafty
        and AMP.
      - When omitted on create, Pterodactyl sets a random password and e-mails the user a reset link. Crafty needs it
        on create, at least 8 characters (4 to 20 on Crafty 4.0.8). AMP sets it with C(ResetUserPassword); a user
        created without one cannot log in until it is set.
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is created.
      - V(always) sends it on every run, which then always reports a change. Crafty 4.0.8 refuses every password
        change, so V(always) fails there before any write, naming the version.
      - Pterodactyl, Crafty and AMP.
    type: str
    choices: [on_create, always]
    default: on_create
  admin:
    description:
      - Whether the user is an administrator of the whole panel (a root admin on Pterodactyl, a superuser on Crafty).
        Pterodactyl and Crafty.
    type: bool
    aliases: [superuser]
  enabled:
    description:
      - Whether the account may log in (a new user is enabled unless this says otherwise). Crafty and AMP (the
        opposite of AMP's C(Disabled) flag).
    type: bool
  must_change_password:
    description:
      - The user must choose a new password at the next login. AMP only.
    type: bool
  password_expires:
    description:
      - The user's password expires. AMP only.
    type: bool
  cannot_change_password:
    description:
      - The user may not change their own password. AMP only.
    type: bool
  language:
    description:
      - Interface language code, for example V(en) on Pterodactyl or V(en_EN) on Crafty. Pterodactyl and Crafty.
    type: str
  roles:
    description:
      - The roles the user holds, by name; the user ends with exactly these (order does not matter). An empty list
        removes every role. Names are compared without case on Crafty, exactly on AMP. Crafty and AMP.
      - An unknown role fails the task before any write. See M(gameops.panels.role).
    type: list
    elements: str
  manager:
    description:
      - The user who manages this one, by username (a manager may change the user's password). An empty string
        clears it. Crafty 4.3 and later only.
    type: str
  external_id:
    description:
      - An identifier of your own (for example from a billing system). Unique on the panel. Pterodactyl only.
    type: str
  match_on:
    description:
      - Which field identifies the user on the panel. Crafty supports V(username) only.
    type: str
    choices: [username, email, external_id]
    default: username
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it. Pterodactyl, Crafty and AMP.
      - Pterodactyl refuses to delete a user who still owns servers.
    type: str
    choices: [present, absent]
    default: present
notes:
  - On Crafty the account of O(panel_username) (or of O(api_token)) needs the Crafty permission C(USER_CONFIG), and
    O(roles) needs C(ROLES_CONFIG) to read the roles; only a superuser may set O(admin). A refusal names the missing
    permission.
  - On AMP the account of O(panel_username) needs the C(Core.UserManagement.*) permissions.
seealso:
  - module: gameops.panels.user_info
  - module: gameops.panels.role
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

- name: A Crafty moderator with a role, managed by the admin account
  gameops.panels.user:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    username: moderator
    password: "{{ vault_moderator_password }}"
    email: moderator@example.com
    enabled: true
    language: en_EN
    roles: [survival-mods]
    manager: admin

- name: Make the Crafty moderator a superuser
  gameops.panels.user:
    panel_type: crafty
    username: moderator
    superuser: true

- name: An AMP user with a password, who need not change it at the first login
  gameops.panels.user:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    username: alice
    password: "{{ vault_alice_password }}"
    email: alice@example.com
    must_change_password: false
"""

RETURN = r"""
user:
  description: The user as the panel holds it after the task (predicted in check mode), without the password.
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The panel's id of the user (a GUID string on AMP).
      type: raw
    username:
      description: Login name.
      type: str
    email:
      description: E-mail address (on Crafty, when O(email), O(roles) or O(manager) is set, or after a write).
      type: str
    first_name:
      description: First name (Pterodactyl).
      type: str
    last_name:
      description: Last name (Pterodactyl).
      type: str
    language:
      description: Interface language.
      type: str
    admin:
      description: Whether the user is a root admin (Pterodactyl) or a superuser (Crafty).
      type: bool
    external_id:
      description: Your identifier of the user (Pterodactyl).
      type: str
    enabled:
      description: Whether the account may log in (Crafty, AMP).
      type: bool
    roles:
      description: Names of the user's roles (Crafty, when O(roles), O(email) or O(manager) is set, or after a write;
        AMP).
      type: list
      elements: str
    two_factor:
      description: Whether the user has two-factor authentication on (AMP).
      type: bool
    manager:
      description: Username of the user's manager, or null (Crafty 4.3 and later).
      type: str
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

from ansible_collections.gameops.panels.plugins.module_utils.kinds.user import USER
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=USER)
    params = module.params
    match_on = params["match_on"]
    if not params[match_on]:
        module.fail_json(msg="%s is required to identify the user (match_on=%s)" % (match_on, match_on), option=match_on)

    def work():
        adapter = module.handler()
        if params["state"] == "absent":
            return module.reconcile(adapter, absent=[params[match_on]])[1]
        plan, result = module.reconcile(adapter, desired=[module.desired()],
                                        update_password=params["update_password"])
        result["user"] = plan.changes[0].result
        return result

    module.run(work)


if __name__ == "__main__":
    main()
