# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.backup and backup_info on CubeCoders AMP: an instance's local backups."""

from __future__ import annotations

from tests.integration.amp_helpers import bodies, write_calls
from tests.integration.harness import run_playbook

CREATE = """
- name: sticky
  gameops.panels.backup:
    server: Minecraft01
    name: before-update
    description: before the 1.21 update
    state: locked
- name: plain
  gameops.panels.backup:
    server: Minecraft01
    name: nightly
- name: to go
  gameops.panels.backup:
    server: Minecraft01
    name: old
- name: list
  gameops.panels.backup_info:
    server: Minecraft01
"""

CHANGES = """
- name: keep nightly
  gameops.panels.backup:
    server: Minecraft01
    name: nightly
    state: locked
- name: roll back
  gameops.panels.backup:
    server: Minecraft01
    name: before-update
    state: restored
    truncate: true
- name: drop old
  gameops.panels.backup:
    server: Minecraft01
    name: old
    state: absent
- name: a sticky backup without force
  gameops.panels.backup:
    server: Minecraft01
    name: before-update
    state: absent
  ignore_errors: true
- name: an option AMP lacks
  gameops.panels.backup:
    server: Minecraft01
    name: nightly
    keep_last: 3
  ignore_errors: true
"""

DELETE = """
- name: delete the sticky one
  gameops.panels.backup:
    server: Minecraft01
    name: before-update
    state: absent
    force: true
- name: list
  gameops.panels.backup_info:
    server: Minecraft01
"""


def names(instance):
    return sorted((b.name, b.sticky) for b in instance.backups)


def test_backups_are_taken_kept_made_sticky_restored_and_deleted(amp_sim, tmp_path):
    sim = amp_sim
    minecraft = sim.add_instance("Minecraft01")
    run = run_playbook(sim, tmp_path, CREATE)
    assert run.rc == 0, run
    assert write_calls(sim) == [("LocalFileBackupPlugin/TakeBackup", "Minecraft01")] * 3
    assert bodies(sim, "LocalFileBackupPlugin/TakeBackup")[0] == {
        "Title": "before-update", "Description": "before the 1.21 update", "Sticky": True}
    assert names(minecraft) == [("before-update", True), ("nightly", False), ("old", False)]
    sticky = run.task("sticky")["backup"]
    assert (sticky["name"], sticky["locked"], sticky["status"], sticky["taken_by"]) == (
        "before-update", True, "completed", "admin")
    assert [b["name"] for b in run.task("list")["backups"]] == ["old", "nightly", "before-update"]

    sim.clear_log()
    again = run_playbook(sim, tmp_path, CREATE)
    assert again.rc == 0 and again.changed == 0, again
    assert write_calls(sim) == []

    sim.clear_log()
    check = run_playbook(sim, tmp_path, CHANGES, check=True)
    assert check.rc == 0, check
    assert [check.task(t)["changed"] for t in ("keep nightly", "roll back", "drop old")] == [True, True, True]
    assert check.task("roll back")["plan"]["changes"][-1] == {
        "action": "restore", "key": "before-update", "fields": {"truncate": {"before": None, "after": True}}}
    assert write_calls(sim) == [] and minecraft.restores == []

    sim.clear_log()
    changed = run_playbook(sim, tmp_path, CHANGES)
    assert changed.rc == 0, changed
    assert write_calls(sim) == [("LocalFileBackupPlugin/SetBackupSticky", "Minecraft01"),
                                ("LocalFileBackupPlugin/RestoreBackup", "Minecraft01"),
                                ("LocalFileBackupPlugin/DeleteLocalBackup", "Minecraft01")]
    assert names(minecraft) == [("before-update", True), ("nightly", True)]
    assert [(r["name"], r["delete_existing"]) for r in minecraft.restores] == [("before-update", True)]
    assert changed.task("a sticky backup without force")["msg"] == (
        "force: backup 'before-update' is sticky (locked); set force: true to delete it anyway")
    assert changed.task("an option AMP lacks")["msg"].startswith(
        "keep_last is not supported on CubeCoders AMP (panel_type=amp); supported there: description, force,")

    sim.clear_log()
    deleted = run_playbook(sim, tmp_path, DELETE)
    assert deleted.rc == 0, deleted
    assert write_calls(sim) == [("LocalFileBackupPlugin/DeleteLocalBackup", "Minecraft01")]
    assert [b["name"] for b in deleted.task("list")["backups"]] == ["nightly"]
