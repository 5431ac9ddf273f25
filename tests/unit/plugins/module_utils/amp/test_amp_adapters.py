# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP adapters through the reconcile engine, against the simulator (no Ansible): the cases playbooks cover once."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient
from ansible_collections.gameops.panels.plugins.module_utils.amp.servers import Instances
from ansible_collections.gameops.panels.plugins.module_utils.amp.schedules import ScheduleAdapter
from ansible_collections.gameops.panels.plugins.module_utils.amp.webhooks import WebhookAdapter
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler


@pytest.fixture
def minecraft(amp_sim):
    from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    amp_sim.add_instance("Minecraft01")
    client = AMPClient(amp_sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)
    instances = Instances(client)
    return instances.api(*instances.resolve("Minecraft01"))


def converge(adapter, desired):
    engine = Reconciler(adapter)
    return engine.apply(engine.plan(desired=[desired]))


def console(text):
    return {"method": "Event.MinecraftModule.SendConsole", "parameters": {"Input": text}}


WAIT = {"method": "Event.CommonCorePlugin.Wait", "parameters": {"Seconds": "10"}}
RESTART = {"method": "Event.MinecraftModule.Restart", "parameters": {}}
BACKUP = {"method": "Event.LocalFileBackupPlugin.TakeBackup", "parameters": {}}


def stored(amp_sim, name="Nightly"):
    instance = amp_sim.state.find_instance("Minecraft01")
    trigger = [t for t in instance.triggers if t.description == name][0]
    return [{"method": t.method_id, "parameters": dict(t.mapping)} for t in trigger.tasks]


def test_tasks_end_in_the_declared_order_with_the_fewest_writes(amp_sim, minecraft):
    converge(ScheduleAdapter(minecraft), {"name": "Nightly", "timing": {"hours": [4]},
                                          "tasks": [console("a"), WAIT, RESTART, BACKUP]})
    assert stored(amp_sim) == [console("a"), WAIT, RESTART, BACKUP]
    amp_sim.clear_log()
    # BACKUP moves first, the console task is edited, WAIT goes, a new console task is appended at the end
    plan = converge(ScheduleAdapter(minecraft), {"name": "Nightly", "tasks": [BACKUP, console("b"), RESTART, console("c")]})
    assert plan.changed
    assert stored(amp_sim) == [BACKUP, console("b"), RESTART, console("c")]
    assert [r.call for r in amp_sim.writes()] == [
        "Core/DeleteTask", "Core/EditTask", "Core/AddTask", "Core/ChangeTaskOrder"]
    amp_sim.clear_log()
    again = {"name": "Nightly", "tasks": [BACKUP, console("b"), RESTART, console("c")]}
    assert not converge(ScheduleAdapter(minecraft), again).changed
    assert amp_sim.writes() == []
    # an empty list removes every task
    converge(ScheduleAdapter(minecraft), {"name": "Nightly", "tasks": []})
    assert stored(amp_sim) == []


def test_a_task_parameter_the_method_does_not_take_fails_before_any_write(amp_sim, minecraft):
    with pytest.raises(ReconcileError) as err:
        converge(ScheduleAdapter(minecraft), {"name": "Nightly", "tasks": [
            {"method": "Event.CommonCorePlugin.Wait", "parameters": {"Secs": 5}}]})
    assert (err.value.option, err.value.message) == (
        "tasks", "task 1: Event.CommonCorePlugin.Wait takes no parameter Secs (it takes: Seconds)")
    assert amp_sim.writes() == []


def test_a_webhook_leaves_other_tasks_on_its_event_alone(amp_sim, minecraft):
    hook = {"triggers": ["A player joins the server"], "url": "https://example.com/a", "type": "POST", "body": "{}"}
    other = dict(hook, url="https://example.com/b", type="GET")
    del other["body"]
    converge(WebhookAdapter(minecraft), dict(hook))
    converge(WebhookAdapter(minecraft), dict(other))
    instance = amp_sim.state.find_instance("Minecraft01")
    trigger = [t for t in instance.triggers if t.description == hook["triggers"][0]][0]
    assert [(t.method_id, t.mapping.get("URI")) for t in trigger.tasks] == [
        ("Event.WebRequestPlugin.MakePOSTRequest", "https://example.com/a"),
        ("Event.WebRequestPlugin.MakeGETRequest", "https://example.com/b")]
    assert trigger.tasks[0].mapping == {"URI": "https://example.com/a", "Payload": "{}", "ContentType": "application/json"}
    amp_sim.clear_log()
    # a new type replaces the webhook's task; the other webhook on the event is untouched
    converge(WebhookAdapter(minecraft), dict(hook, type="Discord", body="hi"))
    assert [r.call for r in amp_sim.writes()] == ["Core/DeleteTask", "Core/AddTask"]
    assert [(t.method_id, t.mapping.get("URI") or t.mapping.get("WebhookURL")) for t in trigger.tasks] == [
        ("Event.WebRequestPlugin.MakeGETRequest", "https://example.com/b"),
        ("Event.WebRequestPlugin.DiscordMessage", "https://example.com/a")]
    # deleting one webhook keeps the trigger for the other
    amp_sim.clear_log()
    engine = Reconciler(WebhookAdapter(minecraft))
    engine.apply(engine.plan(absent=["A player joins the server -> https://example.com/a"]))
    assert [r.call for r in amp_sim.writes()] == ["Core/DeleteTask"]
    assert [t.method_id for t in trigger.tasks] == ["Event.WebRequestPlugin.MakeGETRequest"]
