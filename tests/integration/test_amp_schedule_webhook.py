# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.schedule, webhook and their _info modules on CubeCoders AMP (an instance's scheduler)."""

from __future__ import annotations

from tests.integration.amp_helpers import bodies, write_calls
from tests.integration.harness import run_playbook

JOIN = "A player joins the server"
HOOK = "https://discord.example.com/api/webhooks/1/abc"

CREATE = """
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
    event: %(join)s
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

CHANGES = """
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
    event: %(join)s
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
    event: A player joins the server.
    url: %(hook)s
    type: Discord
  ignore_errors: true
""" % {"join": JOIN, "hook": HOOK}

DELETE = """
- name: delete the schedule
  gameops.panels.schedule:
    server: Minecraft01
    name: Nightly restart
    state: absent
- name: delete the webhook
  gameops.panels.webhook:
    server: Minecraft01
    event: %(join)s
    url: %(hook)s
    state: absent
""" % {"join": JOIN, "hook": HOOK}


def interval(instance, description):
    return [t for t in instance.triggers if t.description == description][0]


def test_schedules_and_webhooks_are_created_kept_changed_and_deleted(amp_sim, tmp_path):
    sim = amp_sim
    minecraft = sim.add_instance("Minecraft01")
    run = run_playbook(sim, tmp_path, CREATE)
    assert run.rc == 0, run
    assert write_calls(sim) == [
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
    assert [(w["event"], w["url"], w["type"], w["enabled"]) for w in run.task("webhooks")["webhooks"]] == [
        (JOIN, HOOK, "Discord", True)]

    # second run: months read back as 0-11 compare equal to 1-12 as declared; nothing written
    sim.clear_log()
    again = run_playbook(sim, tmp_path, CREATE)
    assert again.rc == 0 and again.changed == 0, again
    assert write_calls(sim) == []

    sim.clear_log()
    check = run_playbook(sim, tmp_path, CHANGES, check=True, diff=True)
    assert check.rc == 0, check
    fields = check.task("an hour later, tasks reordered and edited")["plan"]["changes"][0]["fields"]
    assert fields["timing"]["after"] == {"hours": [5]} and fields["timing"]["before"]["months"] == [1, 6, 12]
    assert check.task("paused")["changed"] and check.task("a new message")["changed"]
    assert write_calls(sim) == []

    sim.clear_log()
    changed = run_playbook(sim, tmp_path, CHANGES)
    assert changed.rc == 0, changed
    assert write_calls(sim) == [
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
        "event: AMP instance 'Minecraft01' (Minecraft) has no event 'A player joins the server.' (its events: ")

    sim.clear_log()
    deleted = run_playbook(sim, tmp_path, DELETE)
    assert deleted.rc == 0, deleted
    assert write_calls(sim) == [("Core/DeleteTrigger", "Minecraft01"),
                                ("Core/DeleteTask", "Minecraft01"), ("Core/DeleteTrigger", "Minecraft01")]
    assert [t.description for t in minecraft.triggers] == []
