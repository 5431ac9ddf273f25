# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty export writes everything the modules can set and the panel holds (B5, B6 of the real-panel issue).

Export a panel, apply the export to an empty panel of the same version,
export that: the same document. Applying the export to the panel it came
from changes nothing.
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.integration.harness import run_playbook

DOCUMENT = {
    "servers": [{
        "name": "gt-survival", "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 2},
        "port": 25566, "crash_detection": True, "auto_start": True,
        "backups": [{"name": "gt-nightly", "max_backups": 7, "compress": True, "ignored": ["cache", "logs"]}],
        "schedules": [{"name": "gt-nightly", "cron": "0 4 * * *", "tasks": [
            {"action": "command", "payload": "say Restarting"},
            {"action": "backup", "payload": "gt-nightly", "time_offset": 30},
            {"action": "power", "payload": "restart", "time_offset": 60}]}],
        "webhooks": [{"name": "gt-alerts", "type": "Discord", "url": "https://discord.example/api/webhooks/1",
                      "triggers": ["stop_server", "crash_detected"]}],
    }, {"name": "gt-lobby", "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 1},
        "port": 25567}],
    "roles": [{"name": "gt-survival-mods", "servers": [{"server": "gt-survival", "permissions": ["commands", "logs"]},
                                                       {"server": "gt-lobby", "permissions": ["logs"]}]},
              {"name": "gt-lobby-staff", "servers": [{"server": "gt-lobby", "permissions": ["commands", "files"]}]}],
    "users": [{"username": "gt_moderator", "password": "Moderator-Passw0rd!", "email": "moderator@example.com",
               "roles": ["gt-survival-mods", "gt-lobby-staff"], "manager": "admin"},
              {"username": "gt_helper", "password": "Helper-Passw0rd!", "email": "helper@example.com"}],
}
PASSWORD = "Imported-Passw0rd!"
PANELS = ["4.10.7", "4.4.8", pytest.param("real", marks=pytest.mark.real_crafty)]


def apply_tasks(document):
    return "- name: apply\n  gameops.panels.apply:\n    document: %s\n" % json.dumps(document)


def export(panel, tmp_path):
    run = run_playbook(panel, tmp_path, "- name: export\n  gameops.panels.export:\n", name="export.yml")
    assert run.rc == 0, run
    return run.task("export")


def with_passwords(document):
    """What a user does with an export before applying it to an empty panel: fill in the passwords."""
    copy = json.loads(json.dumps(document))
    for user in copy.get("users", []):
        user["password"] = PASSWORD
    return copy


def clean(api):
    for user in ("gt_moderator", "gt_helper"):
        api.delete_user(user)
    for role in ("gt-survival-mods", "gt-lobby-staff"):
        api.delete_role(role)
    for server in ("gt-survival", "gt-lobby"):
        api.delete_server(server)


def ours(document):
    """The export, less what the panel held before the test (a real panel's own objects)."""
    out = {}
    for key, entries in document.items():
        out[key] = [e for e in entries if str(e.get("name") or e.get("username")).lower().startswith(("gt-", "gt_"))]
    return out


@pytest.mark.parametrize("crafty_panel", PANELS, indirect=True)
def test_export_applied_to_an_empty_panel_exports_the_same_document(crafty_panel, crafty_sim_factory, tmp_path):
    panel = crafty_panel
    version = panel.api.version_text.split("-")[0]
    if panel.version < (4, 4, 1):
        pytest.skip("%s has no backup configurations, schedules or webhooks to round-trip (4.0.8 has its own test)"
                    % panel.label)
    clean(panel.api)
    try:
        _round_trip(panel, crafty_sim_factory(version), tmp_path)
    finally:
        clean(panel.api)


def _round_trip(panel, empty, tmp_path):
    assert run_playbook(panel, tmp_path, apply_tasks(DOCUMENT)).rc == 0
    first = export(panel, tmp_path)
    document = first["document"]
    # nothing left out: Crafty has no subusers, databases, locations or nodes, and no setting names a server's own
    # folder
    assert first["not_exported"] == ["databases (Crafty Controller has none)", "locations (Crafty Controller has none)",
                                     "nodes (Crafty Controller has none)", "subusers (Crafty Controller has none)"]
    # what the lists alone do not tell: e-mail, roles, manager, the servers a role grants, backup configurations
    users = dict((u["username"], u) for u in document["users"])
    assert users["gt_moderator"]["email"] == "moderator@example.com"
    assert sorted(users["gt_moderator"]["roles"]) == ["gt-lobby-staff", "gt-survival-mods"]
    assert users["gt_moderator"]["manager"] == "admin"
    assert users["gt_moderator"]["password"] == "<secret: not exported>"
    roles = dict((r["name"], r) for r in document["roles"])
    assert roles["gt-survival-mods"]["servers"] == [{"server": "gt-lobby", "permissions": ["logs"]},
                                                    {"server": "gt-survival", "permissions": ["commands", "logs"]}]
    servers = dict((s["name"], s) for s in document["servers"])
    survival = servers["gt-survival"]
    assert survival["jar"] == {"type": "paper", "version": "1.21.1"}
    assert survival["memory"] == {"min": 1.0, "max": 2.0}
    assert [b["name"] for b in survival["backups"]] == ["Default Backup", "gt-nightly"]
    nightly = [b for b in survival["backups"] if b["name"] == "gt-nightly"][0]
    assert (nightly["max_backups"], nightly["ignored"], "location" in nightly) == (7, ["cache", "logs"], False)
    assert [t["action"] for t in survival["schedules"][0]["tasks"]] == ["command", "backup", "power"]
    assert survival["webhooks"][0]["triggers"] == ["crash_detected", "stop_server"]

    # the same panel: nothing to do
    panel.clear_log()
    again = run_playbook(panel, tmp_path, apply_tasks(document))
    assert again.rc == 0 and again.task("apply")["changed"] is False, again
    assert panel.writes() == []

    # an empty panel of the same version: the export creates the same panel
    created = run_playbook(empty, tmp_path, apply_tasks(with_passwords(ours(document))))
    assert created.rc == 0, created
    assert yaml.safe_dump(ours(export(empty, tmp_path)["document"])) == yaml.safe_dump(ours(document))

    # the same panel, its objects deleted: the export makes them again
    clean(panel.api)
    remade = run_playbook(panel, tmp_path, apply_tasks(with_passwords(ours(document))))
    assert remade.rc == 0, remade
    assert yaml.safe_dump(ours(export(panel, tmp_path)["document"])) == yaml.safe_dump(ours(document))


@pytest.mark.parametrize("crafty_panel", ["4.0.8", pytest.param("real", marks=pytest.mark.real_crafty)],
                         indirect=True)
def test_export_of_crafty_4_0_8_notes_what_it_cannot_list(crafty_panel, tmp_path):
    panel = crafty_panel
    if panel.version >= (4, 3):
        pytest.skip("%s lists what 4.0.8 cannot (the round-trip test covers it)" % panel.label)
    document = {"servers": [{"name": "gt-survival", "jar": {"type": "paper", "version": "1.21.1"},
                             "memory": {"min": 1, "max": 2}}],
                "roles": [{"name": "gt-mods", "servers": [{"server": "gt-survival", "permissions": ["logs"]}]}],
                "users": [{"username": "gt_moderator", "password": "Moderator-Pass", "roles": ["gt-mods"]}]}
    cleanup = dict(users=["gt_moderator"], roles=["gt-mods"], servers=["gt-survival"])
    _delete(panel.api, **cleanup)
    try:
        assert run_playbook(panel, tmp_path, apply_tasks(document)).rc == 0
        exported = export(panel, tmp_path)
        assert exported["not_exported"] == [
            "backups of server gt-survival (backup configurations: not available on Crafty 4.0.8, the version of "
            "this panel (needs Crafty 4.4.1 or later))",
            "databases (Crafty Controller has none)",
            "locations (Crafty Controller has none)",
            "nodes (Crafty Controller has none)",
            "schedules of server gt-survival (schedules (the task routes of 4.0.8 are stubs): not available on Crafty "
            "4.0.8, the version of this panel (needs Crafty 4.3 or later))",
            "subusers (Crafty Controller has none)",
            "webhooks of server gt-survival (webhooks: not available on Crafty 4.0.8, the version of this panel "
            "(needs Crafty 4.2 or later))"]
        mine = ours(exported["document"])
        assert mine["roles"] == [{"name": "gt-mods", "servers": [{"server": "gt-survival", "permissions": ["logs"]}]}]
        assert mine["users"][0]["roles"] == ["gt-mods"]
        assert mine["servers"][0]["jar"] == {"type": "paper", "version": "1.21.1"}
        assert mine["servers"][0]["memory"] == {"min": 1.0, "max": 2.0}
    finally:
        _delete(panel.api, **cleanup)


def _delete(api, users=(), roles=(), servers=()):
    for user in users:
        api.delete_user(user)
    for role in roles:
        api.delete_role(role)
    for server in servers:
        api.delete_server(server)
