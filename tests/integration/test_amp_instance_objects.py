# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.schedule, webhook, backup and their _info modules on CubeCoders AMP: what lives in an instance.

One instance, four playbook runs (create, the same again, the changes in check mode, the changes for real,
then deletes), each holding the scheduler's tasks and the backup tasks; the writes of each are told apart by
their API module (Core for the scheduler, LocalFileBackupPlugin for backups).
"""

from __future__ import annotations

from tests.integration.amp_helpers import bodies, write_calls
from tests.integration.harness import run_playbook

JOIN = "A player joins the server"
HOOK = "https://discord.example.com/api/webhooks/1/abc"

SCHEDULER_CREATE = """
- name: schedule
  gameops.panels.schedule:
    server: Minecraft01
    name: Nightly restart
    timing:
      months: [1, 6, December]
      weekdays: [Mon-Fri]
      hours: [4]
      minutes: [0, 30]
    tasks:
      - method: SendConsole
        parameters: {Input: say restarting}
      - method: Event.CommonCorePlugin.Wait
        parameters: {Seconds: 60}
      - method: Event.MinecraftModule.Restart
- name: webhook
  gameops.panels.webhook:
    server: Minecraft01
    triggers: [%(join)s]
    url: %(hook)s
    type: Discord
    bot_name: Survival
    body: "{@User} joined"
- name: schedules
  gameops.panels.schedule_info:
    server: Minecraft01
- name: webhooks
  gameops.panels.webhook_info:
    server: Minecraft01
""" % {"join": JOIN, "hook": HOOK}

SCHEDULER_CHANGES = """
- name: an hour later, tasks reordered and edited
  gameops.panels.schedule:
    server: Minecraft01
    name: Nightly restart
    timing:
      hours: [5]
    tasks:
      - method: Event.CommonCorePlugin.Wait
        parameters: {Seconds: 30}
      - method: Event.MinecraftModule.SendConsole
        parameters: {Input: say restarting soon}
      - method: Event.MinecraftModule.Restart
- name: paused
  gameops.panels.schedule:
    server: Minecraft01
    name: Nightly restart
    enabled: false
- name: a new message
  gameops.panels.webhook:
    server: Minecraft01
    triggers: [%(join)s]
    url: %(hook)s
    body: "{@User} is here"
- name: a task method the instance type lacks
  gameops.panels.schedule:
    server: Minecraft01
    name: Other
    tasks:
      - method: Event.GenericModule.SendConsole
  ignore_errors: true
- name: an event the instance lacks
  gameops.panels.webhook:
    server: Minecraft01
    triggers: [A player joins the server.]
    url: %(hook)s
    type: Discord
  ignore_errors: true
""" % {"join": JOIN, "hook": HOOK}

SCHEDULER_DELETE = """
- name: delete the schedule
  gameops.panels.schedule:
    server: Minecraft01
    name: Nightly restart
    state: absent
- name: delete the webhook
  gameops.panels.webhook:
    server: Minecraft01
    triggers: [%(join)s]
    url: %(hook)s
    state: absent
""" % {"join": JOIN, "hook": HOOK}

BACKUP_CREATE = """
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

BACKUP_CHANGES = """
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

BACKUP_DELETE = """
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


def interval(instance, description):
    return [t for t in instance.triggers if t.description == description][0]


def names(instance):
    return sorted((b.name, b.sticky) for b in instance.backups)


def test_schedules_webhooks_and_backups_are_created_kept_changed_and_deleted(amp_sim, tmp_path):
    sim = amp_sim
    minecraft = sim.add_instance("Minecraft01")
    run = run_playbook(sim, tmp_path, SCHEDULER_CREATE + BACKUP_CREATE)
    assert run.rc == 0, run
    # the scheduler's tasks ran first, then the backups'
    assert write_calls(sim) == write_calls(sim, "Core") + write_calls(sim, "LocalFileBackupPlugin")
    assert write_calls(sim, "Core") == [
        ("Core/AddIntervalTrigger", "Minecraft01"),
        ("Core/AddTask", "Minecraft01"), ("Core/AddTask", "Minecraft01"), ("Core/AddTask", "Minecraft01"),
        # AMP adds event triggers disabled: the declared (default) state is set
        ("Core/AddEventTrigger", "Minecraft01"), ("Core/AddTask", "Minecraft01"), ("Core/SetTriggerEnabled", "Minecraft01"),
    ]
    # months 1-12 as written, 0-11 as AMP stores them; unnamed fields are every value
    added = bodies(sim, "Core/AddIntervalTrigger")[0]
    assert (added["months"], added["days"], added["hours"], added["minutes"]) == ([0, 5, 11], [0, 1, 2, 3, 4], [4], [0, 30])
    assert added["daysOfMonth"] == list(range(1, 32)) and added["description"] == "Nightly restart"
    trigger = interval(minecraft, "Nightly restart")
    assert (trigger.months, trigger.enabled_state) == ([0, 5, 11], 1)
    assert [(t.method_id, t.mapping) for t in trigger.tasks] == [
        ("Event.MinecraftModule.SendConsole", {"Input": "say restarting"}),
        ("Event.CommonCorePlugin.Wait", {"Seconds": "60"}), ("Event.MinecraftModule.Restart", {})]
    event = interval(minecraft, JOIN)
    assert event.enabled_state == 1 and [(t.method_id, t.mapping) for t in event.tasks] == [
        ("Event.WebRequestPlugin.DiscordMessage", {"WebhookURL": HOOK, "DisplayUsername": "Survival",
                                                   "Contents": "{@User} joined"})]
    schedule = run.task("schedules")["schedules"][0]
    assert schedule["timing"]["months"] == [1, 6, 12] and schedule["timing"]["weekdays"] == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    # the URL carries the webhook's token: shown masked (the panel holds it whole, above)
    assert [(w["triggers"], w["url"], w["type"], w["enabled"]) for w in run.task("webhooks")["webhooks"]] == [
        ([JOIN], "https://discord.example.com/api/********", "Discord", True)]
    assert write_calls(sim, "LocalFileBackupPlugin") == [("LocalFileBackupPlugin/TakeBackup", "Minecraft01")] * 3
    assert bodies(sim, "LocalFileBackupPlugin/TakeBackup")[0] == {
        "Title": "before-update", "Description": "before the 1.21 update", "Sticky": True}
    assert names(minecraft) == [("before-update", True), ("nightly", False), ("old", False)]
    sticky = run.task("sticky")["backup"]
    assert (sticky["name"], sticky["locked"], sticky["status"], sticky["taken_by"]) == (
        "before-update", True, "completed", "admin")
    assert [b["name"] for b in run.task("list")["backups"]] == ["old", "nightly", "before-update"]

    # second run: months read back as 0-11 compare equal to 1-12 as declared; nothing written
    sim.clear_log()
    again = run_playbook(sim, tmp_path, SCHEDULER_CREATE + BACKUP_CREATE)
    assert again.rc == 0 and again.changed == 0, again
    assert write_calls(sim) == []

    sim.clear_log()
    check = run_playbook(sim, tmp_path, SCHEDULER_CHANGES + BACKUP_CHANGES, check=True, diff=True)
    assert check.rc == 0, check
    fields = check.task("an hour later, tasks reordered and edited")["plan"]["changes"][0]["fields"]
    assert fields["timing"]["after"] == {"hours": [5]} and fields["timing"]["before"]["months"] == [1, 6, 12]
    assert check.task("paused")["changed"] and check.task("a new message")["changed"]
    assert write_calls(sim, "Core") == []
    assert [check.task(t)["changed"] for t in ("keep nightly", "roll back", "drop old")] == [True, True, True]
    assert check.task("roll back")["plan"]["changes"][-1] == {
        "action": "restore", "key": "before-update", "fields": {"truncate": {"before": None, "after": True}}}
    assert write_calls(sim, "LocalFileBackupPlugin") == [] and minecraft.restores == []

    sim.clear_log()
    changed = run_playbook(sim, tmp_path, SCHEDULER_CHANGES + BACKUP_CHANGES)
    assert changed.rc == 0, changed
    assert write_calls(sim) == write_calls(sim, "Core") + write_calls(sim, "LocalFileBackupPlugin")
    assert write_calls(sim, "Core") == [
        # the timing, in full (AMP replaces all five lists), the months as they were
        ("Core/EditIntervalTrigger", "Minecraft01"),
        # matching tasks are edited in place, then one move puts Wait first
        ("Core/EditTask", "Minecraft01"), ("Core/EditTask", "Minecraft01"), ("Core/ChangeTaskOrder", "Minecraft01"),
        ("Core/SetTriggerEnabled", "Minecraft01"),
        ("Core/EditTask", "Minecraft01"),
    ]
    edited = bodies(sim, "Core/EditIntervalTrigger")[0]
    assert (edited["months"], edited["days"], edited["hours"], edited["minutes"]) == ([0, 5, 11], [0, 1, 2, 3, 4], [5], [0, 30])
    trigger = interval(minecraft, "Nightly restart")
    assert trigger.enabled_state == 0 and [(t.method_id, t.mapping) for t in trigger.tasks] == [
        ("Event.CommonCorePlugin.Wait", {"Seconds": "30"}),
        ("Event.MinecraftModule.SendConsole", {"Input": "say restarting soon"}), ("Event.MinecraftModule.Restart", {})]
    # the webhook's task keeps its URL and bot name; only the message changed
    assert bodies(sim, "Core/EditTask")[-1]["ParameterMapping"] == {
        "WebhookURL": HOOK, "DisplayUsername": "Survival", "Contents": "{@User} is here"}
    assert changed.task("a task method the instance type lacks")["msg"].startswith(
        "tasks: task 1: AMP instance 'Minecraft01' (Minecraft) has no task method 'Event.GenericModule.SendConsole' "
        "(it has: Event.CommonCorePlugin.IfCondition,")
    assert changed.task("an event the instance lacks")["msg"].startswith(
        "triggers: AMP instance 'Minecraft01' (Minecraft) has no event 'A player joins the server.' (its events: ")
    assert write_calls(sim, "LocalFileBackupPlugin") == [
        ("LocalFileBackupPlugin/SetBackupSticky", "Minecraft01"), ("LocalFileBackupPlugin/RestoreBackup", "Minecraft01"),
        ("LocalFileBackupPlugin/DeleteLocalBackup", "Minecraft01")]
    assert names(minecraft) == [("before-update", True), ("nightly", True)]
    assert [(r["name"], r["delete_existing"]) for r in minecraft.restores] == [("before-update", True)]
    assert changed.task("a sticky backup without force")["msg"] == (
        "force: backup 'before-update' is sticky (locked); set force: true to delete it anyway")
    assert changed.task("an option AMP lacks")["msg"].startswith(
        "keep_last is not supported on CubeCoders AMP (panel_type=amp); supported there: description, force,")

    sim.clear_log()
    deleted = run_playbook(sim, tmp_path, SCHEDULER_DELETE + BACKUP_DELETE)
    assert deleted.rc == 0, deleted
    assert write_calls(sim, "Core") == [
        ("Core/DeleteTrigger", "Minecraft01"), ("Core/DeleteTask", "Minecraft01"), ("Core/DeleteTrigger", "Minecraft01")]
    assert [t.description for t in minecraft.triggers] == []
    assert write_calls(sim, "LocalFileBackupPlugin") == [("LocalFileBackupPlugin/DeleteLocalBackup", "Minecraft01")]
    assert [b["name"] for b in deleted.task("list")["backups"]] == ["nightly"]
