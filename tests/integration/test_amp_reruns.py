# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Re-running an AMP task after it timed out (or did not wait) finishes the job and never duplicates it.

AMP's backups and instance creation are asynchronous (API.md quirk 11); the simulator's ``async_delay``
keeps that work running across tasks, so one playbook holds the timed-out run and the re-runs after it.
"""

from __future__ import annotations

from tests.integration.amp_helpers import bodies, write_calls
from tests.integration.harness import run_playbook
from tests.simulators.amp.state import Backup, new_guid

BACKUPS = """
- name: times out
  gameops.panels.backup: {server: Survival01, name: slow, wait_timeout: 1}
  ignore_errors: true
- name: not waiting while it is still being taken
  gameops.panels.backup: {server: Survival01, name: slow, wait: false}
- name: waits for the backup the first task started
  gameops.panels.backup: {server: Survival01, name: slow, wait_timeout: 60}
- name: another, not waiting
  gameops.panels.backup: {server: Survival01, name: other, wait: false}
- name: the same again, not waiting
  gameops.panels.backup: {server: Survival01, name: other, wait: false}
- name: two backups share the name
  gameops.panels.backup: {server: Survival01, name: twin}
  ignore_errors: true
"""


def test_a_backup_rerun_after_a_timeout_waits_for_it_instead_of_taking_another(amp_sim_factory, tmp_path):
    # long enough that the backup is still being taken two tasks later on a loaded machine (a task can take seconds)
    sim = amp_sim_factory(async_delay=15)
    instance = sim.add_instance("Survival01")
    twins = [Backup(id=new_guid(), name="twin", description="", sticky=False, taken_by="admin", timestamp=1.0 + i,
                    module_name="MinecraftModule") for i in range(2)]
    instance.backups.extend(twins)

    run = run_playbook(sim, tmp_path, BACKUPS)
    timed_out = run.task("times out")
    assert timed_out["failed"] and timed_out["msg"] == (
        "wait_timeout: backup 'slow' of AMP instance 'Survival01' (Minecraft) did not finish within 1 s; AMP carries "
        "on with it, and the next run waits for it rather than taking another"), timed_out["msg"]
    pending = run.task("not waiting while it is still being taken")
    assert (pending["changed"], pending["backup"]["status"], pending["backup"]["uuid"]) == (False, "in_progress", None)
    waited = run.task("waits for the backup the first task started")
    assert not waited["changed"] and waited["backup"]["status"] == "completed" and waited["backup"]["uuid"]
    assert [run.task(t)["changed"] for t in ("another, not waiting", "the same again, not waiting")] == [True, False]
    twin = run.task("two backups share the name")
    assert twin["failed"] and twin["msg"] == (
        "name: 2 backups of AMP instance 'Survival01' (Minecraft) are named 'twin' (%s, %s); AMP does not keep names "
        "unique, so this task cannot tell which one it manages: keep one and delete the others in AMP's Backups page "
        "(with their sticky flag off), then run the task again" % (twins[0].id, twins[1].id))
    # one TakeBackup per name, whatever the re-runs
    assert [(r.body["Title"]) for r in sim.requests if r.call == "LocalFileBackupPlugin/TakeBackup"] == ["slow", "other"]
    assert sorted(b.name for b in instance.backups if b.name != "twin") == ["slow"]  # "other" is still being taken


INSTANCES = """
- name: create times out
  gameops.panels.server: {name: Slow01, module: Minecraft, description: the slow one, install_timeout: 1}
  ignore_errors: true
- name: create again while AMP is still creating it
  gameops.panels.server: {name: Slow01, module: Minecraft, description: the slow one, install_timeout: 60}
- name: create without waiting
  gameops.panels.server: {name: Quick01, module: Minecraft, install_timeout: 0}
- name: delete times out
  gameops.panels.server: {name: Old01, state: absent, install_timeout: 1}
  ignore_errors: true
- name: delete again while AMP is still deleting it
  gameops.panels.server: {name: Old01, state: absent, install_timeout: 60}
"""


def test_an_instance_rerun_after_a_timeout_finishes_the_job_without_a_second_create_or_delete(amp_sim_factory, tmp_path):
    sim = amp_sim_factory(async_delay=4)
    sim.add_instance("Old01", running=False)
    run = run_playbook(sim, tmp_path, INSTANCES)
    assert run.task("create times out")["msg"] == (
        "install_timeout: creating AMP instance 'Slow01' did not finish within 1 s; AMP carries on, and the next run "
        "finishes the job")
    again = run.task("create again while AMP is still creating it")
    assert again["changed"] and again["server"]["description"] == "the slow one", again
    quick = run.task("create without waiting")
    assert quick["changed"] and any("install_timeout: 0" in w for w in quick["warnings"])
    assert run.task("delete times out")["msg"] == (
        "install_timeout: deleting AMP instance 'Old01' did not finish within 1 s; AMP carries on, and the next run "
        "finishes the job")
    assert not run.task("delete again while AMP is still deleting it").get("failed")
    assert [b["InstanceName"] for b in bodies(sim, "ADSModule/CreateInstance")] == ["Slow01", "Quick01"]
    assert [b["PostCreate"] for b in bodies(sim, "ADSModule/CreateInstance")] == [1, 1]  # UpdateOnce: installs the game
    assert write_calls(sim) == [("ADSModule/CreateInstance", None), ("ADSModule/UpdateInstanceInfo", None),
                                ("ADSModule/CreateInstance", None), ("ADSModule/DeleteInstance", None)]
    assert sim.state.find_instance("Slow01").description == "the slow one"
    assert sim.state.find_instance("Old01") is None
