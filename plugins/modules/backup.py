#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: backup
short_description: Manage backups of a game server
version_added: 0.1.0
description:
  - On Pterodactyl, start, lock, unlock, delete and restore backups of one server through the client API, and keep
    only the newest ones (O(keep_last)).
  - On Crafty Controller (4.4.1 and later), keep a named backup configuration of one server (where archives go, how
    many are kept, compression, excluded paths, commands around the backup), and take a backup with it or restore
    one of its archives. See the Crafty paragraphs below.
  - On CubeCoders AMP (O(panel_type=amp)), keep the local backups of an instance (C(LocalFileBackupPlugin)), each
    found by its name; V(locked) means sticky (AMP never removes a sticky backup to make room for new ones).
    Taking a backup is waited for until AMP lists it, and V(restored) restores it with C(RestoreBackup) and waits
    until the instance has finished.
  - Each option says which panels support it; an option the chosen O(panel_type) lacks fails before any request.
  - A backup is identified by its O(name) within the server. Pterodactyl does not keep names unique; when two
    backups that have not failed carry the same name, the task fails and asks you to rename or delete one.
  - A failed backup (the panel finished it without success) does not count as existing. With O(state=present),
    O(state=locked), O(state=unlocked) or O(state=absent), failed backups of that name are deleted; with the first
    three, a new backup is started when no other backup of that name exists. The plan lists both.
  - Starting a backup checks the server's backup limit first. When the limit is reached and O(keep_last) cannot
    free room, the task fails before sending any write.
  - The panel throttles backup creation (by default 2 backups per server every 10 minutes). A throttled request is
    retried after the time the panel names, so a task can wait up to that long.
  - "On Crafty, O(name) names a backup configuration, matched within the server (Crafty does not keep the names
    unique; the task fails if several carry the name). Only the options you set are compared, and an update is one
    PATCH. Crafty answers a create without an id, so the module reads the server's configurations to report it."
  - "On Crafty, O(state=taken) makes sure the configuration is as declared, then starts a backup with it (Crafty
    queues it; the archive appears when it is done). Like O(state=restored), it is an action and reports a change on
    every run."
  - "Every Crafty server has one default configuration (C(Default Backup) on a new server), which Crafty does not
    delete: O(state=absent) for it fails before any write."
  - Waiting for a backup polls the panel with a growing interval (from a quarter of a second up to 15 seconds),
    never past O(wait_timeout), and the task warns how long it waited. For backups that take long, run the task
    with C(async) and C(poll) (see the examples) so the play does not hold one connection open for the whole wait.
  - A task that started a backup and then failed (the backup failed, or did not finish within O(wait_timeout))
    reports C(changed=true) with the failure.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description:
      - Reads the panel and reports the full plan (including retention deletes) without sending any write.
        A backup that would be created has null for everything the panel assigns. Nothing is restored and
        nothing is waited for.
  diff_mode:
    support: full
    description: Shows each backup that is created, changed or deleted, before and after.
options:
  name:
    description:
      - Name of the backup, at most 191 characters. Leading and trailing spaces are dropped, as the panel does.
      - Required unless only O(keep_last) is used (pure retention, with O(state=present)).
      - On Crafty, the name of the backup configuration, at least 3 characters. Required.
      - On AMP, the backup's name (TakeBackup's title). Required.
    type: str
  description:
    description:
      - The description a new backup is taken with. Used only when the backup is created. AMP only.
    type: str
  ignored:
    description:
      - Paths and patterns (one per item, as in a C(.pteroignore) file) to leave out of the backup.
      - On Pterodactyl, used only when the backup is created. A backup's exclusions cannot be changed afterwards, so
        they are never compared with an existing backup; to change them, delete the backup and create it again.
      - On Crafty, the paths (relative to the server directory) the configuration leaves out, compared as a set.
      - Pterodactyl and Crafty.
    type: list
    elements: str
  state:
    description:
      - V(present) makes sure a backup with this name exists, creating it when missing; its lock is left alone.
      - V(locked) and V(unlocked) also set the lock (a missing backup is created locked or unlocked). Locked
        backups cannot be deleted on the panel and are never removed by O(keep_last).
      - V(absent) deletes the backup. The panel refuses to delete a locked backup, so a locked one is only
        unlocked and deleted when O(force=true); otherwise the task fails before any write.
      - V(restored) restores the backup into the server. Restoring is an action, not something the panel
        records, so it happens on every run and always reports a change (check mode only reports it). The backup
        must have completed successfully (with O(wait=true) a running one is waited for first), and the server
        must not be installing, suspended or already restoring. While Wings restores the files, the panel
        answers further client requests for the server with HTTP 409.
      - Pterodactyl and AMP support V(present), V(absent), V(locked), V(unlocked) and V(restored). On AMP a locked
        (sticky) backup is likewise only deleted with O(force=true).
      - Crafty supports V(present) and V(absent) (the configuration), V(taken) (the configuration, then a backup
        now) and V(restored) (the archive O(archive) of an existing configuration; without O(in_place) Crafty
        imports it as a new server that replaces this one, with a new id).
    type: str
    choices: [present, absent, locked, unlocked, restored, taken]
    default: present
  truncate:
    description:
      - With O(state=restored), delete every file on the server before restoring the backup. Pterodactyl and AMP
        (C(DeleteExistingData)).
    type: bool
    default: false
  force:
    description:
      - With O(state=absent), unlock a locked backup so that it can be deleted (on AMP, delete a sticky backup).
        Pterodactyl and AMP.
    type: bool
    default: false
  wait:
    description:
      - Wait until a backup this task created (or the named backup, when it is still running) has finished.
        A backup that finishes unsuccessfully fails the task.
      - With V(false), a new backup is reported with RV(backup.status=in_progress).
      - Pterodactyl and AMP (on AMP it also waits for a restore).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true). On timeout the task fails; the backup keeps running on the panel and
        the next run waits for it rather than starting another. Pterodactyl and AMP.
    type: int
    default: 600
  keep_last:
    description:
      - Keep at most this many unlocked backups whose names match O(keep_last_match), deleting the oldest (by
        creation time). Backups of other names (made by hand, or by another schedule) are never counted nor
        deleted; nor are locked backups. Backups still running count; failed ones are left alone.
      - The backup named by O(name) is always kept and counts as one of them when it is unlocked.
      - Deletes happen after the new backup has finished, so a failed backup never costs you an old one; only when
        the server's backup limit leaves no room for the new backup are just enough of the oldest deleted first.
      - May be used without O(name) to apply retention only; O(keep_last_match) is then required.
      - Pterodactyl only (on Crafty, see O(max_backups)).
    type: int
  keep_last_match:
    description:
      - The names O(keep_last) manages, as a shell-style pattern (C(*) any characters, C(?) one, C([...]) a set),
        matched case-sensitively against the whole name; for example V(nightly-*).
      - Defaults to O(name) up to its first digit followed by C(*), so V(nightly-2026-01-15) rotates V(nightly-*)
        and nothing else. When O(name) is not set, or has no such leading part (no digit, or a digit first), the
        option is required. V(*) rotates every unlocked backup of the server.
      - The pattern used is returned as RV(keep_last_match).
      - Pterodactyl only.
    type: str
  location:
    description:
      - Directory the configuration's archives go to (each configuration keeps them in its own subdirectory).
        Crafty only; only a superuser may set it (Crafty picks the location for other accounts).
      - When left out, a new configuration goes to the server's own backup folder, where its default configuration
        keeps its archives (Crafty itself would store no location for a superuser, and write the archives into its
        working directory).
    type: str
  max_backups:
    description:
      - How many archives the configuration keeps, V(0) for all. Crafty only.
    type: int
  compress:
    description:
      - Compress the archives. Crafty only.
    type: bool
  shutdown:
    description:
      - Stop the server while the backup runs (and start it again afterwards). Crafty only.
    type: bool
  before:
    description:
      - Console command to run before the backup. Crafty only.
    type: str
  after:
    description:
      - Console command to run after the backup. Crafty only.
    type: str
  backup_type:
    description:
      - How Crafty stores the backup. Crafty 4.4.8 and later only.
    type: str
    choices: [zip_vault, snapshot]
  archive:
    description:
      - With O(state=restored), the file name of the configuration's archive to restore. Crafty only.
    type: str
  in_place:
    description:
      - With O(state=restored), restore into the existing server (V(true)) rather than as a new server that replaces
        it (V(false), Crafty's default). Crafty 4.4.8 and later only.
    type: bool
notes:
  - On Pterodactyl, needs a client API key (O(client_api_key)) of a user who may manage the server's backups.
  - On Crafty, needs the server permission C(backup) (and C(commands) for O(state=taken)); Crafty 4.0.8 has no
    backup API, and 4.1 to 4.4.0 keep a single configuration through another API that this module does not manage,
    so the module fails there before any write, naming the version.
  - On AMP, the instance's AMP process must run (backups are reached through the instance's own API).
  - The panel only applies a requested lock for users with the C(backup.delete) permission; the module then
    locks the new backup with a second request, which fails clearly for a user without that permission.
seealso:
  - module: gameops.panels.backup_info
  - module: gameops.panels.server
"""

EXAMPLES = r"""
- name: Take a backup before the map update, and keep it
  gameops.panels.backup:
    server_external_id: community-42-survival
    name: before-1.21-update
    state: locked
    ignored:
      - logs/
      - "*.tmp"

- name: Nightly backup, keeping the last five nightly ones (backups of other names are left alone)
  gameops.panels.backup:
    server: survival
    name: "nightly-{{ now(utc=true, fmt='%Y-%m-%d') }}"
    keep_last: 5

- name: Only rotate old nightly backups
  gameops.panels.backup:
    server: survival
    keep_last: 3
    keep_last_match: nightly-*

- name: A full backup that may take an hour, without holding the play's connection
  gameops.panels.backup:
    server: survival
    name: "weekly-{{ now(utc=true, fmt='%Y-%m-%d') }}"
    keep_last: 4
    wait_timeout: 3600
  async: 3900
  poll: 5

- name: Roll the server back, wiping current files first
  gameops.panels.backup:
    server: survival
    name: before-1.21-update
    state: restored
    truncate: true

- name: Remove a locked backup
  gameops.panels.backup:
    server: survival
    name: before-1.21-update
    state: absent
    force: true

- name: Crafty - a compressed nightly configuration that keeps a week, without logs
  gameops.panels.backup:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
    name: nightly
    max_backups: 7
    compress: true
    ignored: [logs, cache]
    before: say Backup starting
    after: say Backup done

- name: Crafty - back up now with it, before an update
  gameops.panels.backup:
    panel_type: crafty
    server: survival
    name: nightly
    state: taken

- name: Crafty - restore one of its archives into the server (ansible-playbook -e restore_archive=<file name>)
  gameops.panels.backup:
    panel_type: crafty
    server: survival
    name: nightly
    state: restored
    archive: "{{ restore_archive }}"
    in_place: true
  when: restore_archive is defined

- name: AMP - a sticky backup of an instance before an update
  gameops.panels.backup:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
    name: before-1.21-update
    description: Taken by Ansible before the 1.21 update
    state: locked
"""

RETURN = r"""
backup:
  description:
    - The named backup after the task. In check mode, a backup that would be created has null for the values the
      panel assigns.
    - On Crafty, the backup configuration, with C(id), C(name), C(location), C(max_backups), C(compress),
      C(shutdown), C(before), C(after), C(ignored), C(default) and (4.4.8 and later) C(backup_type).
  returned: when O(name) is set and O(state) is not V(absent)
  type: dict
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
      description: Size of the archive in bytes (0 until completed).
      type: int
    created_at:
      description: When the backup was started (ISO 8601).
      type: str
    completed_at:
      description: When it finished (ISO 8601), or null while it runs.
      type: str
  sample:
    uuid: 9f1c2d4e-7a1b-4c55-9d0e-3b2a1f6e8c71
    name: before-1.21-update
    locked: true
    successful: true
    status: completed
    ignored_files: [logs/, "*.tmp"]
    checksum: "sha1:3f786850e387550fdab836ed7e6dc881de23001b"
    bytes: 52428800
    created_at: "2026-01-15T03:00:02+00:00"
    completed_at: "2026-01-15T03:01:47+00:00"
deleted:
  description: Every backup the task deleted (or would delete, in check mode) - by retention, failed backups of
    the name, or O(state=absent).
  returned: on Pterodactyl
  type: list
  elements: dict
  sample:
    - uuid: 0b6c7f3e-1d2a-4e8f-a9b0-5c4d3e2f1a09
      name: nightly-2026-01-10
plan:
  description:
    - What the task changes (or would change in check mode). Backups that are deleted by uuid are keyed by
      their uuid; a restore is listed with the action V(restore), a backup taken on Crafty with V(backup).
    - In check mode, when the server does not exist yet (an earlier task creates it), C(unresolved) names
      the server option and why it could not be resolved; the task also warns.
  returned: always
  type: dict
  sample:
    kind: backup
    summary: {create: 1, update: 0, delete: 1, unchanged: 0}
    changes:
      - action: delete
        key: 0b6c7f3e-1d2a-4e8f-a9b0-5c4d3e2f1a09
        fields: {name: {before: nightly-2026-01-10, after: null}}
      - action: create
        key: nightly-2026-01-15
        fields: {name: {before: null, after: nightly-2026-01-15}}
keep_last_match:
  description: The name pattern O(keep_last) applied (given, or derived from O(name)).
  returned: when O(keep_last) is set
  type: str
  sample: nightly-*
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 4, POST: 1, DELETE: 1}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.backup import BACKUP
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=BACKUP)
    params = module.params

    def work():
        run = module.handler().run(**dict((option, params[option]) for option in BACKUP.names))
        return module.task_result(run)

    module.run(work)


if __name__ == "__main__":
    main()
