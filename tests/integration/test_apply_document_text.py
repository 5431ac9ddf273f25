# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""apply's document given as JSON text (a file's content), the cheap way in for a large document: Ansible templates
one string instead of every value, and the module reads it as the same document."""

from __future__ import annotations

import json

from tests.benchmarks.reference import document, roomy_simulator
from tests.integration.harness import READS, run_playbook

STRUCTURE = """
- name: apply
  gameops.panels.apply:
    document: "{{ lookup('ansible.builtin.file', 'document.json') | from_json }}"
"""
TEXT = STRUCTURE.replace(" | from_json", "")
SECRET = "Text-Form-Passw0rd!"


def test_the_document_as_json_text_converges_like_the_structure_and_keeps_its_secrets(tmp_path):
    doc = document(user_count=20, server_count=4, scheduled=1)
    doc["users"][0]["password"] = SECRET
    (tmp_path / "document.json").write_text(json.dumps(doc))
    sim = roomy_simulator(4)
    try:
        created = run_playbook(sim, tmp_path, TEXT, timeout=600, verbosity=3)
        assert created.rc == 0, created
        assert created.task("apply")["summary"] == {"add": 26, "change": 0, "destroy": 0, "unchanged": 0}
        assert "player-00000" in [u["username"] for u in sim.state.users.values()]
        assert SECRET not in created.output and SECRET not in json.dumps(created.data)

        results = {}
        for label, task in (("text", TEXT), ("structure", STRUCTURE)):
            sim.clear_log()
            run = run_playbook(sim, tmp_path, task, timeout=600)
            assert run.rc == 0 and run.changed == 0, run
            assert [r for r in sim.requests if r.method not in READS] == []
            result = run.task("apply")
            results[label] = (result["summary"], result["unchanged"], result["plan"], len(sim.requests))
        assert results["text"] == results["structure"]
        assert results["text"][1] == {"users": 20, "servers": 4, "servers.schedules": 2}
    finally:
        sim.stop()
