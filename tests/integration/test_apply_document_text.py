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


SYSLOG = '''
import os, syslog

def _record(*args):
    with open(os.environ["RECORDED_SYSLOG"], "a") as handle:
        handle.write(repr(args) + "\\n")

syslog.syslog = _record
'''


def test_the_invocation_logged_on_the_managed_host_outlines_the_document_without_its_secrets(tmp_path):
    # AnsibleModule logs every run's arguments to syslog (or the journal) on the host the module runs on: the
    # document's passwords were written there in full, as was every object of a large document
    import subprocess
    import sys

    from tests.conftest import COLLECTIONS_ROOT

    (tmp_path / "sitecustomize.py").write_text(SYSLOG)
    logged = tmp_path / "syslog.txt"
    args = {"panel_url": "http://127.0.0.1:9", "api_key": "ptla_" + "x" * 43, "client_api_key": "ptlc_" + "y" * 43,
            "timeout": 1, "max_retry_wait": 0,
            "document": {"users": [{"username": "u%d" % i, "email": "u%d@example.com" % i, "first_name": "U",
                                    "last_name": "One", "password": SECRET} for i in range(3)]}}
    env = {"PYTHONPATH": "%s:%s" % (tmp_path, COLLECTIONS_ROOT), "RECORDED_SYSLOG": str(logged), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "ansible_collections.gameops.panels.plugins.modules.apply"],
                          input=json.dumps({"ANSIBLE_MODULE_ARGS": args}), env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert '"failed": true' in done.stdout  # nothing answers on port 9
    text = logged.read_text()
    assert "Invoked with" in text and "document=(not echoed: users[3])" in text, text
    assert SECRET not in text and "u1@example.com" not in text
    assert SECRET not in done.stdout + done.stderr
