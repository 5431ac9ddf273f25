# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.server and server_info on CubeCoders AMP: an instance from creation to deletion."""

from __future__ import annotations

from tests.integration.amp_helpers import bodies, write_calls
from tests.integration.harness import run_playbook

PORT = "MinecraftModule.Minecraft.PortNumber"

CREATE = """
- name: create
  gameops.panels.server:
    name: Survival01
    friendly_name: Survival
    module: Minecraft
    description: the survival world
    auto_start: false
    ports:
      %s: 25570
    settings:
      MinecraftModule.Game.MOTD: Welcome
      MinecraftModule.Game.PVP: false
    power_state: started
- name: read
  gameops.panels.server_info:
    name: Survival01
""" % PORT

CHANGES = """
- name: rename
  gameops.panels.server:
    name: Survival01
    friendly_name: Survival World
- name: settings
  gameops.panels.server:
    name: Survival01
    settings:
      MinecraftModule.Game.MOTD: Welcome back
      MinecraftModule.Game.PVP: "False"
- name: port
  gameops.panels.server:
    name: Survival01
    ports:
      %s: 25571
- name: an option AMP lacks
  gameops.panels.server:
    name: Survival01
    egg: Paper
  ignore_errors: true
""" % PORT

CONSOLE = """
- name: console
  gameops.panels.server_command:
    server: Survival01
    commands: [say the world restarts, save-all]
"""

STOP = """
- name: stop the game and the instance
  gameops.panels.server:
    name: Survival01
    power_state: stopped
    instance_running: false
"""

DELETE = """
- name: delete
  gameops.panels.server:
    name: Survival01
    state: absent
- name: read
  gameops.panels.server_info:
"""


def test_an_instance_is_created_kept_changed_field_by_field_and_deleted(amp_sim, tmp_path):
    sim = amp_sim
    run = run_playbook(sim, tmp_path, CREATE, diff=True)
    assert run.rc == 0, run
    # power_state: started -> PostCreate 3 (UpdateAndStartOnce): AMP installs the game and starts it, no Core/Start
    assert write_calls(sim) == [("ADSModule/CreateInstance", None), ("ADSModule/UpdateInstanceInfo", None)]
    created = bodies(sim, "ADSModule/CreateInstance")[0]
    assert created["PostCreate"] == 3
    assert created["ProvisionSettings"] == {PORT: "25570", "MinecraftModule.Game.MOTD": "Welcome",
                                            "MinecraftModule.Game.PVP": "False"}
    assert (created["Module"], created["InstanceName"], created["FriendlyName"]) == ("Minecraft", "Survival01", "Survival")
    instance = sim.state.find_instance("Survival01")
    assert (instance.description, instance.daemon_autostart, instance.running, instance.app_state) == (
        "the survival world", False, True, 20)
    assert instance.settings[PORT] == "25570" and instance.settings["MinecraftModule.Game.MOTD"] == "Welcome"
    server = run.task("create")["server"]
    assert (server["name"], server["friendly_name"], server["module"], server["power_state"]) == (
        "Survival01", "Survival", "Minecraft", "started")
    info = run.task("read")["servers"]
    assert [(s["name"], s["description"], s["instance_running"], s["app_state"]) for s in info] == [
        ("Survival01", "the survival world", True, "Ready")]

    # second run: nothing to do, nothing written (the settings are read through the instance)
    sim.clear_log()
    again = run_playbook(sim, tmp_path, CREATE)
    assert again.rc == 0 and again.changed == 0, again
    assert write_calls(sim) == []
    assert ("Core/GetConfigs", "Survival01") in [(r.call, r.instance_name) for r in sim.requests]

    # check mode: every change is reported, nothing is written
    sim.clear_log()
    check = run_playbook(sim, tmp_path, CHANGES + CONSOLE, check=True, diff=True)
    assert check.rc == 0, check
    assert [check.task(t)["changed"] for t in ("rename", "settings", "port", "console")] == [True, True, True, True]
    assert check.task("settings")["plan"]["changes"][0]["fields"]["settings"] == {
        "before": {"MinecraftModule.Game.MOTD": "Welcome", "MinecraftModule.Game.PVP": "False"},
        "after": {"MinecraftModule.Game.MOTD": "Welcome back", "MinecraftModule.Game.PVP": "False"}}
    assert write_calls(sim) == []
    assert sim.state.find_instance("Survival01").friendly_name == "Survival"

    # each change sends exactly the calls it needs
    sim.clear_log()
    changed = run_playbook(sim, tmp_path, CHANGES + CONSOLE)
    assert changed.rc == 0, changed
    assert write_calls(sim) == [
        ("ADSModule/UpdateInstanceInfo", None),       # rename
        ("Core/SetConfig", "Survival01"),              # settings: only the MOTD differs ("False" == false)
        ("ADSModule/SetInstanceNetworkInfo", None),    # port
        ("Core/SendConsoleMessage", "Survival01"), ("Core/SendConsoleMessage", "Survival01"),
    ]
    assert [b["message"] for b in bodies(sim, "Core/SendConsoleMessage")] == ["say the world restarts", "save-all"]
    assert changed.task("console")["sent"] == ["say the world restarts", "save-all"]
    # the full-replace update carried every field the task did not name, as the instance held it
    update = bodies(sim, "ADSModule/UpdateInstanceInfo")[0]
    assert (update["FriendlyName"], update["Description"], update["StartOnBoot"], update["Suspended"]) == (
        "Survival World", "the survival world", False, False)
    assert bodies(sim, "Core/SetConfig") == [{"node": "MinecraftModule.Game.MOTD", "value": "Welcome back"}]
    assert bodies(sim, "ADSModule/SetInstanceNetworkInfo")[0]["PortMappings"][PORT] == 25571
    instance = sim.state.find_instance("Survival01")
    assert (instance.friendly_name, instance.description, instance.daemon_autostart) == (
        "Survival World", "the survival world", False)
    assert (instance.settings["MinecraftModule.Game.MOTD"], instance.settings[PORT]) == ("Welcome back", "25571")
    refused = changed.task("an option AMP lacks")
    assert refused["failed"] and refused["msg"].startswith(
        "egg is not supported on CubeCoders AMP (panel_type=amp); supported there: auto_start, description,")
    assert "api_requests" not in refused
    # the changes again: nothing to do, nothing written
    sim.clear_log()
    again = run_playbook(sim, tmp_path, CHANGES)
    assert again.rc == 0 and again.changed == 0, again
    assert write_calls(sim) == []

    sim.clear_log()
    deleted = run_playbook(sim, tmp_path, STOP + DELETE)
    assert deleted.rc == 0, deleted
    assert write_calls(sim) == [("Core/Stop", "Survival01"), ("ADSModule/StopInstance", None),
                                ("ADSModule/DeleteInstance", None)]
    assert sim.state.find_instance("Survival01") is None
    assert deleted.task("read")["servers"] == []
    sim.clear_log()
    again = run_playbook(sim, tmp_path, DELETE)
    assert again.rc == 0 and again.changed == 0, again
    assert write_calls(sim) == []


PLAN_ON_AN_EMPTY_PANEL = """
- name: instance
  gameops.panels.server:
    name: Survival01
    module: Minecraft
    power_state: started
- name: role
  gameops.panels.role:
    name: Moderators
    instance_permissions:
      Survival01: {Core.AppManagement.StartApplication: allow}
- name: user
  gameops.panels.user:
    username: alice
    roles: [Moderators]
- name: schedule
  gameops.panels.schedule:
    server: Survival01
    name: Nightly restart
    timing: {hours: [4], minutes: [0]}
    tasks:
      - method: Event.MinecraftModule.Restart
- name: webhook
  gameops.panels.webhook:
    server: Survival01
    triggers: [A player joins the server]
    url: https://discord.example.com/api/webhooks/1/abc
    type: Discord
- name: backup
  gameops.panels.backup:
    server: Survival01
    name: first
- name: console
  gameops.panels.server_command:
    server: Survival01
    commands: [say hello]
"""


def test_a_check_mode_plan_on_an_empty_panel_plans_what_later_tasks_build_on(amp_sim, tmp_path):
    """Objects that earlier tasks create (the instance, the role) are planned as unresolved, with a warning."""
    sim = amp_sim
    run = run_playbook(sim, tmp_path, PLAN_ON_AN_EMPTY_PANEL, check=True)
    assert run.rc == 0, run
    names = ("instance", "role", "user", "schedule", "webhook", "backup", "console")
    assert [run.task(t)["changed"] for t in names] == [True] * len(names)
    assert write_calls(sim) == []
    role = run.task("role")
    assert role["plan"]["changes"][0]["action"] == "create"
    assert any("no AMP instance 'Survival01' on the panel" in w and "planned anyway" in w for w in role["warnings"])
    assert any("no AMP role 'Moderators' on the panel" in w for w in run.task("user")["warnings"])
    schedule = run.task("schedule")
    assert schedule["plan"]["changes"][0]["fields"]["tasks"]["after"] == [
        {"method": "Event.MinecraftModule.Restart", "parameters": {}}]
    assert any("planned as a server that holds nothing yet" in w for w in schedule["warnings"])
    assert run.task("backup")["plan"]["summary"]["create"] == 1


OPTIONS = """
- name: the instance stops answering
  gameops.panels.schedule_info: {server: Survival01}
  ignore_errors: true
- name: a port node the instance lacks
  gameops.panels.server: {name: Survival01, ports: {Foo.Bar: 25570}}
  ignore_errors: true
- name: a module AMP lacks
  gameops.panels.server: {name: New01, module: Minecraftt, target: ADS01}
  ignore_errors: true
- name: a port node the module lacks
  gameops.panels.server: {name: New01, module: Minecraft, target: ADS01, ports: {MinecraftModule.Minecraft.PortNumbr: 25590}}
  ignore_errors: true
- name: no target on a panel with several
  gameops.panels.server: {name: New01, module: Minecraft}
  ignore_errors: true
- name: created on the second target
  gameops.panels.server: {name: Far01, module: Minecraft, target: Remote01}
- name: settings of a stopped instance that should run
  gameops.panels.server:
    name: Stopped01
    instance_running: true
    settings: {MinecraftModule.Game.MOTD: Hello}
- name: settings of a stopped instance
  gameops.panels.server: {name: Stopped02, settings: {MinecraftModule.Game.MOTD: Hello}}
  ignore_errors: true
- name: its type changed and turned off
  gameops.panels.webhook: {server: Survival01, triggers: [%(join)s], url: %(hook)s, type: Slack, enabled: false}
- name: suspended, starting on boot
  gameops.panels.server: {name: Survival01, suspended: true, auto_start: true}
""" % {"join": "A player joins the server", "hook": "https://discord.example.com/api/webhooks/1/abc"}
WEBHOOK = """
- name: a webhook
  gameops.panels.webhook: {server: Survival01, triggers: [A player joins the server], type: Discord,
                           url: "https://discord.example.com/api/webhooks/1/abc"}
"""


def test_options_are_checked_before_writes_and_each_reaches_amp(amp_sim, tmp_path):
    sim = amp_sim
    sim.add_instance("Survival01")
    sim.add_instance("Stopped01", running=False)
    sim.add_instance("Stopped02", running=False)
    sim.add_target("Remote01")
    # listed as running, but its AMP process is gone by the time the first task logs into it
    sim.inject_fault(title="Instance Unavailable", module="Core", method="Login", instance="Survival01")
    first = "- name: its type changed"
    run = run_playbook(sim, tmp_path, OPTIONS.replace(first, WEBHOOK.strip() + "\n" + first))
    assert run.task("a port node the instance lacks")["msg"] == (
        "ports: AMP instance 'Survival01' has no port 'Foo.Bar'; known: FileManagerPlugin.SFTP.SFTPPortNumber, "
        "MinecraftModule.Minecraft.PortNumber")
    assert run.task("a module AMP lacks")["msg"] == (
        "module: AMP offers no module 'Minecraftt' (ADSModule/GetProvisionArguments knows nothing of it); did you mean "
        "'Minecraft'?; modules AMP ships include GenericModule, Minecraft, Rust")
    assert run.task("a port node the module lacks")["msg"].startswith(
        "ports: AMP module Minecraft has no provision setting 'MinecraftModule.Minecraft.PortNumbr'; did you mean "
        "'MinecraftModule.Minecraft.PortNumber'?; known: ")
    assert run.task("no target on a panel with several")["msg"] == (
        "target: is required when the panel has several targets (ADS01, Remote01)")
    far = sim.state.find_instance("Far01")
    assert far.target_id == [t for t in sim.state.targets if t.friendly_name == "Remote01"][0].instance_id
    assert run.task("created on the second target")["server"]["target"] == "Remote01"
    # the AMP process started first, then the setting was read and written through it
    stopped = sim.state.find_instance("Stopped01")
    assert (stopped.running, stopped.settings["MinecraftModule.Game.MOTD"]) == (True, "Hello")
    assert run.task("settings of a stopped instance that should run")["changed"]
    assert run.task("settings of a stopped instance")["msg"] == (
        "settings: the settings of AMP instance 'Stopped02' are read through its own API, so its AMP process must "
        "run: set instance_running: true in this task (or an earlier one)")
    webhook = run.task("its type changed and turned off")["webhook"]
    assert (webhook["type"], webhook["enabled"]) == ("Slack", False)
    survival = sim.state.find_instance("Survival01")
    assert (survival.suspended, survival.daemon_autostart) == (True, True)
    assert run.task("the instance stops answering")["msg"] == (
        "server: AMP instance 'Survival01' (Minecraft) is not running, so its API cannot be reached (AMP: Instance "
        "Unavailable); start it first, for example with gameops.panels.server and instance_running: true")
    writes = write_calls(sim)
    assert ("ADSModule/SetInstanceNetworkInfo", None) not in writes
    assert [b["InstanceName"] for b in bodies(sim, "ADSModule/CreateInstance")] == ["Far01"]
    assert writes[writes.index(("ADSModule/StartInstance", None)) + 1] == ("Core/SetConfig", "Stopped01")
    assert ("Core/DeleteTask", "Survival01") in writes and ("Core/SetTriggerEnabled", "Survival01") in writes

    # the same again: nothing to do, nothing written
    sim.clear_log()
    again = run_playbook(sim, tmp_path, OPTIONS)
    assert again.changed == 0, again
    assert write_calls(sim) == []
