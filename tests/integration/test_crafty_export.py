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

from tests.integration.crafty_support import panel_writes
from tests.integration.harness import run_playbook

DOCUMENT = {
    "servers": [{
        "name": "survival", "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 2},
        "port": 25566, "crash_detection": True, "auto_start": True,
        "backups": [{"name": "nightly", "max_backups": 7, "compress": True, "ignored": ["cache", "logs"]}],
        "schedules": [{"name": "nightly", "cron": "0 4 * * *", "tasks": [
            {"action": "command", "payload": "say Restarting"},
            {"action": "backup", "payload": "nightly", "time_offset": 30},
            {"action": "power", "payload": "restart", "time_offset": 60}]}],
        "webhooks": [{"name": "alerts", "type": "Discord", "url": "https://discord.example/api/webhooks/1",
                      "triggers": ["stop_server", "crash_detected"]}],
    }, {"name": "lobby", "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 1}, "port": 25567}],
    "roles": [{"name": "survival-mods", "servers": [{"server": "survival", "permissions": ["commands", "logs"]},
                                                    {"server": "lobby", "permissions": ["logs"]}]},
              {"name": "lobby-staff", "servers": [{"server": "lobby", "permissions": ["commands", "files"]}]}],
    "users": [{"username": "moderator", "password": "Moderator-Passw0rd!", "email": "moderator@example.com",
               "roles": ["survival-mods", "lobby-staff"], "manager": "admin"},
              {"username": "helper", "password": "Helper-Passw0rd!", "email": "helper@example.com"}],
}
PASSWORD = "Imported-Passw0rd!"


def apply_tasks(document, register=False):
    return ("- name: apply\n  gameops.panels.apply:\n    document: %s\n" % json.dumps(document)
            + ("- name: export\n  gameops.panels.export:\n  register: exported\n" if register else ""))


def export(sim, tmp_path):
    run = run_playbook(sim, tmp_path, "- name: export\n  gameops.panels.export:\n", name="export.yml")
    assert run.rc == 0, run
    return run.task("export")


def with_passwords(document):
    """What a user does with an export before applying it to an empty panel: fill in the passwords."""
    copy = json.loads(json.dumps(document))
    for user in copy.get("users", []):
        user["password"] = PASSWORD
    return copy


@pytest.mark.parametrize("version", ["4.4.8"])
def test_export_applied_to_an_empty_panel_exports_the_same_document(crafty_sim_factory, tmp_path, version):
    source = crafty_sim_factory(version)
    assert run_playbook(source, tmp_path, apply_tasks(DOCUMENT)).rc == 0
    first = export(source, tmp_path)
    document = first["document"]
    notes = [n for n in first["not_exported"] if n != "subusers (Crafty Controller has none)"]
    # settings naming a server's own folder stay on their panel (the older profiles write absolute jar paths)
    assert all("names the server's own folder; left out" in n and n.startswith("servers: execution_command")
               for n in notes), notes
    # what the lists alone do not tell: e-mail, roles, manager, the servers a role grants, backup configurations
    users = dict((u["username"], u) for u in document["users"])
    assert users["moderator"]["email"] == "moderator@example.com"
    assert sorted(users["moderator"]["roles"]) == ["lobby-staff", "survival-mods"]
    assert users["moderator"]["manager"] == "admin"
    assert users["moderator"]["password"] == "<secret: not exported>"
    roles = dict((r["name"], r) for r in document["roles"])
    assert roles["survival-mods"]["servers"] == [{"server": "lobby", "permissions": ["logs"]},
                                                 {"server": "survival", "permissions": ["commands", "logs"]}]
    servers = dict((s["name"], s) for s in document["servers"])
    survival = servers["survival"]
    assert survival["jar"] == {"type": "paper", "version": "1.21.1"}
    assert survival["memory"] == {"min": 1.0, "max": 2.0}
    assert [b["name"] for b in survival["backups"]] == ["Default Backup", "nightly"]
    nightly = [b for b in survival["backups"] if b["name"] == "nightly"][0]
    assert (nightly["max_backups"], nightly["ignored"], "location" in nightly) == (7, ["cache", "logs"], False)
    assert [t["action"] for t in survival["schedules"][0]["tasks"]] == ["command", "backup", "power"]
    assert survival["webhooks"][0]["triggers"] == ["crash_detected", "stop_server"]

    # the same panel: nothing to do
    source.clear_log()
    again = run_playbook(source, tmp_path, apply_tasks(document))
    assert again.rc == 0 and again.task("apply")["changed"] is False, again
    assert panel_writes(source) == []

    # an empty panel of the same version: the export creates the same panel
    target = crafty_sim_factory(version)
    created = run_playbook(target, tmp_path, apply_tasks(with_passwords(document)))
    assert created.rc == 0, created
    second = export(target, tmp_path)
    assert yaml.safe_dump(second["document"]) == yaml.safe_dump(document)


def test_export_of_crafty_4_0_8_notes_what_it_cannot_list(crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.0.8")
    document = {"servers": [{"name": "survival", "jar": {"type": "paper", "version": "1.21.1"},
                             "memory": {"min": 1, "max": 2}}],
                "roles": [{"name": "mods", "servers": [{"server": "survival", "permissions": ["logs"]}]}],
                "users": [{"username": "moderator", "password": "Moderator-Pass", "roles": ["mods"]}]}
    assert run_playbook(sim, tmp_path, apply_tasks(document)).rc == 0
    exported = export(sim, tmp_path)
    assert exported["not_exported"] == [
        "backups of server survival (backup configurations: not available on Crafty 4.0.8, the version of this panel "
        "(needs Crafty 4.4.1 or later))",
        "schedules of server survival (schedules (the task routes of 4.0.8 are stubs): not available on Crafty 4.0.8, "
        "the version of this panel (needs Crafty 4.3 or later))",
        "subusers (Crafty Controller has none)",
        "webhooks of server survival (webhooks: not available on Crafty 4.0.8, the version of this panel (needs Crafty "
        "4.2 or later))"]
    assert exported["document"]["roles"] == [{"name": "mods", "servers": [{"server": "survival",
                                                                           "permissions": ["logs"]}]}]
    assert [u for u in exported["document"]["users"] if u["username"] == "moderator"][0]["roles"] == ["mods"]
