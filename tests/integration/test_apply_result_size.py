# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""apply's result on the reference panel of the benchmarks: what changes in full, the rest counted per section."""

from __future__ import annotations

import json

from tests.benchmarks.reference import SCHEDULED, SERVERS, USERS, document, floor, roomy_simulator
from tests.integration.harness import READS, run_playbook

APPLY = """
- name: apply
  gameops.panels.apply:
    document: "{{ lookup('ansible.builtin.file', 'document.json') | from_json }}"
    report_unchanged: REPORT
"""


def apply(sim, tmp_path, doc, report_unchanged=False, check=False, diff=False):
    (tmp_path / "document.json").write_text(json.dumps(doc))
    sim.clear_log()
    run = run_playbook(sim, tmp_path, APPLY.replace("REPORT", "true" if report_unchanged else "false"),
                       check=check, diff=diff, timeout=1200)
    assert run.rc == 0, run
    return run


def test_a_no_op_result_of_the_reference_panel_fits_in_10_kb_and_changes_are_shown_in_full(tmp_path):
    sim = roomy_simulator()
    try:
        apply(sim, tmp_path, document())

        noop = apply(sim, tmp_path, document()).task("apply")
        size = len(json.dumps(noop))
        assert size <= 10 * 1024, size
        # the panel's own admin account is the one object the document does not declare
        assert noop["plan"] == [] and noop["drift"] == ["? user admin (on the panel, not in the document)"]
        assert noop["unmanaged"] == [{"section": "users", "kind": "user", "key": "admin"}]
        assert noop["unchanged"] == {"users": USERS, "servers": SERVERS, "servers.schedules": 2 * SCHEDULED}
        assert noop["summary"]["unchanged"] == USERS + SERVERS + 2 * SCHEDULED
        reads = [r for r in sim.requests if r.method in READS]
        assert (len(reads), len(sim.requests) - len(reads)) == floor(document())

        # a 10% change, planned with --check --diff: the plan and the diff name every change, field by field
        changed = document(USERS // 10, SERVERS // 10)
        planned = apply(sim, tmp_path, changed, check=True, diff=True)
        result = planned.task("apply")
        assert [(r["kind"], r["action"]) for r in result["plan"]] == [("user", "update")] * 50 + [("server", "update")] * 20
        assert result["plan"][0]["fields"] == {"last_name": {"before": "0", "after": "0-renamed"}}
        assert result["unchanged"] == {"users": USERS - 50, "servers": SERVERS - 20, "servers.schedules": 2 * SCHEDULED}
        assert len(result["drift"]) == 70 + 1  # and the unmanaged admin account
        users_diff = [d for d in result["diff"] if d["before_header"] == "users"][0]
        assert users_diff["after"]["player-00049"]["last_name"] == "49-renamed"
        assert "49-renamed" in planned.output  # --diff prints it
        assert [r for r in sim.requests if r.method not in READS] == []

        # everything on request
        everything = apply(sim, tmp_path, document(), report_unchanged=True).task("apply")
        assert len(everything["plan"]) == USERS + SERVERS + 2 * SCHEDULED
        assert set(r["action"] for r in everything["plan"]) == {"unchanged"}
    finally:
        sim.stop()
