# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty backups: taking one with a configuration, restoring an archive, and the default configuration."""

from __future__ import annotations

from tests.integration.crafty_support import panel_writes
from tests.integration.harness import run_playbook


def test_take_restore_and_the_undeletable_default(crafty_sim, tmp_path):
    sid = crafty_sim.add_server("survival")["server_id"]
    crafty_sim.clear_log()
    run = run_playbook(crafty_sim, tmp_path, """
        - name: plan a backup
          gameops.panels.backup:
            server: survival
            name: before-update
            state: taken
          check_mode: true
        - name: take a backup
          gameops.panels.backup:
            server: survival
            name: before-update
            compress: true
            state: taken
        - name: delete the default configuration
          gameops.panels.backup:
            server: survival
            name: Default Backup
            state: absent
          ignore_errors: true
        - name: configurations
          gameops.panels.backup_info:
            server: survival
        """)
    assert run.rc == 0 and run.changed == 2 and run.stats["ignored"] == 1, run
    planned = run.task("plan a backup")["plan"]
    assert planned["summary"] == {"create": 1, "update": 0, "delete": 0, "unchanged": 0, "backup": 1}
    config = [b for b in crafty_sim.state.backups.values() if b["backup_name"] == "before-update"][0]
    archives = crafty_sim.state.archives[config["backup_id"]]
    assert len(archives) == 1  # only the real run took one
    base = "/api/v2/servers/%s" % sid
    assert panel_writes(crafty_sim) == [("POST", base + "/backups"),
                                        ("POST", "%s/action/backup_server/%s" % (base, config["backup_id"]))]
    assert run.task("delete the default configuration")["msg"] == (
        "name: 'Default Backup' is the default backup configuration of server 'survival', which Crafty does not delete")
    assert sorted(b["name"] for b in run.task("configurations")["backups"]) == ["Default Backup", "before-update"]

    crafty_sim.clear_log()
    restore = run_playbook(crafty_sim, tmp_path, """
        - name: restore it
          gameops.panels.backup:
            server: survival
            name: before-update
            state: restored
            archive: "%s"
            in_place: true
        """ % archives[0])
    assert restore.rc == 0 and restore.changed == 1, restore
    assert panel_writes(crafty_sim, bodies=True) == [
        ("POST", "%s/backups/backup/%s" % (base, config["backup_id"]), {"filename": archives[0], "inPlace": True})]
