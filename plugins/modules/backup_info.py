#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: backup_info
short_description: List the backups of a game server
version_added: 0.1.0
description:
  - On Pterodactyl, read the backups of one server through the client API, newest first, with the server's backup
    limit and how much of it is used, and optionally fetch a download URL for one named backup.
  - On Crafty Controller (4.4.1 and later), read the backup configurations of one server, in the form
    M(gameops.panels.backup) takes.
  - On CubeCoders AMP (O(panel_type=amp)), the local backups of an instance, newest first; V(locked) is AMP's sticky
    flag.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  name:
    description:
      - Only backups with this exact name (failed ones included); on Crafty, only the configuration of this name.
      - Required with O(download_url=true). Pterodactyl and Crafty.
    type: str
  download_url:
    description:
      - Also return RV(download_url) for the backup named O(name), which must be the only backup of that name that
        has not failed, and must have completed successfully.
      - The URL carries a signed token that lets anyone holding it download the archive (for 15 minutes from
        Wings, 5 minutes from S3). It is returned as it is, because using it is the point; set C(no_log) on the
        task and do not print the registered result if your logs are kept.
      - Fetch the archive with M(ansible.builtin.get_url) (C(url) set to the registered RV(download_url), and
        C(no_log) on that task too).
      - Pterodactyl only.
    type: bool
    default: false
notes:
  - On Pterodactyl, needs a client API key (O(client_api_key)) of a user who may read the server's backups (and
    download them, for O(download_url)).
  - On Crafty, needs the server permission C(backup).
seealso:
  - module: gameops.panels.backup
"""

EXAMPLES = r"""
- name: Backups of the survival server
  gameops.panels.backup_info:
    server: survival
  register: survival_backups

- name: Warn when the backup limit is nearly used up
  ansible.builtin.debug:
    msg: "{{ survival_backups.backup_count }} of {{ survival_backups.backup_limit }} backups used"
  when: survival_backups.backup_count >= survival_backups.backup_limit - 1

- name: Get a download link for one backup
  gameops.panels.backup_info:
    server_external_id: community-42-survival
    name: before-1.21-update
    download_url: true
  register: archive
  no_log: true

- name: Backup configurations of a Crafty server
  gameops.panels.backup_info:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
  register: crafty_backups
- name: AMP - the sticky backups of an instance
  gameops.panels.backup_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
  register: amp_backups

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ amp_backups.backups | selectattr('locked') | map(attribute='name') | list }}"
"""

RETURN = r"""
backups:
  description:
    - The server's backups (only those named O(name) when it is set), newest first, failed ones included.
    - On Crafty, the server's backup configurations, with C(id), C(name), C(location), C(max_backups), C(compress),
      C(shutdown), C(before), C(after), C(ignored), C(default) and (4.4.8 and later) C(backup_type).
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: The panel's id of the backup.
      type: str
    name:
      description: Name of the backup.
      type: str
    locked:
      description: Whether the backup is locked (protected from deletion).
      type: bool
    successful:
      description: Whether the backup completed successfully.
      type: bool
    status:
      description: V(in_progress), V(completed) or V(failed).
      type: str
    ignored_files:
      description: Paths left out of the backup.
      type: list
      elements: str
    checksum:
      description: Checksum of the archive, as C(<algorithm>:<hex>), once completed.
      type: str
    bytes:
      description: Size of the archive in bytes.
      type: int
    created_at:
      description: When the backup was started (ISO 8601).
      type: str
    completed_at:
      description: When it finished (ISO 8601), or null while it runs.
      type: str
  sample:
    - uuid: 9f1c2d4e-7a1b-4c55-9d0e-3b2a1f6e8c71
      name: before-1.21-update
      locked: true
      successful: true
      status: completed
      ignored_files: [logs/]
      checksum: "sha1:3f786850e387550fdab836ed7e6dc881de23001b"
      bytes: 52428800
      created_at: "2026-01-15T03:00:02+00:00"
      completed_at: "2026-01-15T03:01:47+00:00"
backup_count:
  description: Backups of the whole server that count against its limit (running or successful, not failed); on AMP,
    the instance's local backups.
  returned: on Pterodactyl and AMP
  type: int
  sample: 2
backup_limit:
  description: How many backups the server may hold (0 means backups are disabled).
  returned: on Pterodactyl
  type: int
  sample: 3
download_url:
  description: Signed download URL of the backup named O(name); a short-lived credential, see O(download_url).
  returned: when O(download_url=true)
  type: str
  sample: "https://node-eu-1.example.com:8080/download/backup?token=eyJ0eXAiOiJKV1Qi..."
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 3}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.backup import BACKUP
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=BACKUP, info=True, required_if=[("download_url", True, ("name",))])

    def work():
        handler = module.handler()
        filters = dict(name=module.params["name"], download_url=module.params["download_url"])
        backups = handler.info(**filters)
        return dict(handler.info_summary(backups, **filters), changed=False, backups=backups)

    module.run(work)


if __name__ == "__main__":
    main()
