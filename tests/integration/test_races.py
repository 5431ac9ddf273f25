# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs that declare the same objects at the same time: one of each, and every run succeeds.

Two ways to lose a race are covered. Another machine's run creates the object between this run's list and its
create: a proxy in front of the simulator sends the create once more just before this run's own (as the other run
would have), so the panel answers this run with its uniqueness refusal; the module reads the object back and goes
on as if it had found it. Forks of one play on one machine declare the same user, server and schedule: they take
turns per object, so none plans a create another is carrying out (schedules and, on Crafty, servers have no key the
panel keeps unique).
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from pathlib import Path

import pytest
import requests

from tests.conftest import COLLECTIONS_ROOT
from tests.integration.harness import panel_env, run_ansible
from tests.integration.test_bad_input import run_module
from tests.simulators.common import serve


class RacingProxy:
    """Forwards every request to ``target``. The first request ``race(method, path, body)`` accepts is sent twice:
    a copy first (``rewrite`` may change its body, as another run's would differ), then the request itself."""

    def __init__(self, target, race, rewrite=None):
        self.target, self.race, self.rewrite = target.rstrip("/"), race, rewrite
        self.raced = None
        self.answers = []

    def handle(self, method, target, headers, body, client_ip):
        from tests.simulators.pterodactyl.framework import Response

        headers = dict((k, v) for k, v in headers.items() if k.lower() not in ("host", "content-length", "connection"))
        path = target.split("?", 1)[0]
        if self.raced is None and self.race(method, path, body):
            copy = self.rewrite(body) if self.rewrite else body
            self.raced = requests.request(method, self.target + target, headers=headers, data=copy, timeout=30,
                                          allow_redirects=False)
        answer = requests.request(method, self.target + target, headers=headers, data=body, timeout=30,
                                  allow_redirects=False)
        self.answers.append((method, path, answer.status_code, answer.text))
        return Response(answer.status_code, answer.content, answer.headers.get("Content-Type"))


@pytest.fixture
def proxied():
    """``proxied(sim, race, rewrite=None)`` -> (proxy, url); every proxy is stopped after the test."""
    started = []

    def make(sim, race, rewrite=None):
        proxy = RacingProxy(sim.url, race, rewrite)
        httpd, _thread, url = serve(proxy)
        started.append(httpd)
        return proxy, url

    yield make
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def module_env(sim, url):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("GAMEOPS_"))
    env.update(panel_env(sim))
    env.update(PYTHONPATH=str(COLLECTIONS_ROOT), GAMEOPS_TIMEOUT="10", GAMEOPS_PANEL_URL=url)
    return env


def posting(path):
    return lambda method, request_path, body: method == "POST" and request_path == path


# -- a run on another machine wins the race ----------------------------------------------------------------

def test_pterodactyl_a_create_whose_key_is_taken_reads_the_object_back_and_goes_on(ptero_sim, proxied):
    proxy, url = proxied(ptero_sim, posting("/api/application/users"))
    alice = {"username": "alice", "email": "alice@example.test", "first_name": "Alice", "last_name": "Liddell",
             "password": "Wonderland-1865"}
    result, stderr = run_module("user", alice, module_env(ptero_sim, url))
    assert not result.get("failed"), (result, stderr)
    # the other run's create won; this run's own got the panel's uniqueness answer, and the user as it is
    assert proxy.raced.status_code == 201
    ((_m, _p, status, text),) = [a for a in proxy.answers if a[0] == "POST"]
    assert status == 422 and "has already been taken" in text
    assert [u["username"] for u in ptero_sim.state.users.values()].count("alice") == 1
    assert result["changed"] is False and result["plan"]["summary"]["unchanged"] == 1
    assert result["user"]["username"] == "alice"

    # a server matched on its external id: the other run's server differs in one field, which this run then sets
    owner = {"name": "survival", "external_id": "community-42", "owner": "alice", "egg": "Paper", "nest": "Minecraft",
             "limits": {"memory": 4096, "disk": 20480}, "deployment": {"locations": ["eu-west"]}}

    def smaller(body):
        sent = json.loads(body)
        sent["limits"]["memory"] = 2048
        return json.dumps(sent).encode()

    proxy, url = proxied(ptero_sim, posting("/api/application/servers"), rewrite=smaller)
    result, stderr = run_module("server", owner, module_env(ptero_sim, url))
    assert not result.get("failed"), (result, stderr)
    assert proxy.raced.status_code == 201
    ((_m, _p, status, text),) = [a for a in proxy.answers if a[0] == "POST"]
    assert status == 422 and "external id has already been taken" in text
    (server,) = [s for s in ptero_sim.state.servers.values() if s["external_id"] == "community-42"]
    assert server["memory"] == 4096
    summary = {"create": 0, "update": 1, "delete": 0, "unchanged": 0}
    assert result["changed"] is True and result["plan"]["summary"] == summary
    assert list(result["plan"]["changes"][0]["fields"]) == ["limits"]


def test_crafty_a_create_whose_name_is_taken_reads_the_object_back_and_goes_on(crafty_sim_factory, proxied):
    sim = crafty_sim_factory("4.10.7")
    proxy, url = proxied(sim, posting("/api/v2/users"))
    carol = {"username": "carol", "password": "Carol-Pass-1", "email": "carol@example.test"}
    result, stderr = run_module("user", carol, module_env(sim, url))
    assert not result.get("failed"), (result, stderr)
    assert proxy.raced.status_code in (200, 201)
    ((_m, _p, status, text),) = [a for a in proxy.answers if a[0] == "POST" and a[1] == "/api/v2/users"]
    assert status == 400 and "USER_EXISTS" in text
    assert [u["username"] for u in sim.state.users.values()].count("carol") == 1
    assert result["changed"] is False

    proxy, url = proxied(sim, posting("/api/v2/roles"))
    result, stderr = run_module("role", {"name": "mods"}, module_env(sim, url))
    assert not result.get("failed"), (result, stderr)
    ((_m, _p, status, text),) = [a for a in proxy.answers if a[0] == "POST" and a[1] == "/api/v2/roles"]
    assert status == 400 and "ROLE_NAME_ALREADY_EXISTS" in text
    assert [r["role_name"] for r in sim.state.roles.values()].count("mods") == 1
    assert result["changed"] is False


def test_amp_a_create_whose_name_is_taken_reads_the_object_back_and_goes_on(amp_sim, proxied):
    proxy, url = proxied(amp_sim, posting("/API/Core/CreateUser"))
    carol = {"username": "carol", "password": "Carol-Pass-1", "email": "carol@example.test"}
    result, stderr = run_module("user", carol, module_env(amp_sim, url))
    assert not result.get("failed"), (result, stderr)
    refused = [a for a in proxy.answers if a[1] == "/API/Core/CreateUser"]
    assert len(refused) == 1 and "already exists" in refused[0][3]
    assert [u.name for u in amp_sim.state.users.values()].count("carol") == 1
    # the other run's CreateUser made the user only: this run sets the e-mail it declares (not the password, as
    # for any user it finds: update_password on_create)
    assert result["changed"] is True and list(result["plan"]["changes"][0]["fields"]) == ["email"]
    assert amp_sim.state.user_by_name("carol").email == "carol@example.test"
    assert [r.call for r in amp_sim.writes() if r.call == "Core/ResetUserPassword"] == []

    # an instance: the other run chose another id; this run waits for AMP to list the instance, then goes on
    def another_id(body):
        sent = json.loads(body)
        sent["NewInstanceId"] = str(uuid.uuid4())
        sent["FriendlyName"] = "Creative (other run)"
        return json.dumps(sent).encode()

    proxy, url = proxied(amp_sim, posting("/API/ADSModule/CreateInstance"), rewrite=another_id)
    result, stderr = run_module("server", {"name": "Creative01", "module": "Minecraft", "friendly_name": "Creative"},
                                module_env(amp_sim, url))
    assert not result.get("failed"), (result, stderr)
    refused = [a for a in proxy.answers if a[1] == "/API/ADSModule/CreateInstance"]
    assert len(refused) == 1 and "already exists" in refused[0][3]
    creative = [i for i in amp_sim.state.instances.values() if i.instance_name == "Creative01"]
    assert len(creative) == 1 and creative[0].friendly_name == "Creative"
    assert list(result["plan"]["changes"][0]["fields"]) == ["friendly_name"]


# -- forks of one play on one machine ---------------------------------------------------------------------------

FORKS = 10

PTERODACTYL_TASKS = """
- name: user
  gameops.panels.user:
    username: alice
    email: alice@example.test
    first_name: Alice
    last_name: Liddell
- name: server
  gameops.panels.server:
    name: survival
    external_id: community-42
    owner: alice
    egg: Paper
    nest: Minecraft
    limits: {memory: 4096, disk: 20480}
    deployment: {locations: [eu-west]}
- name: schedule
  gameops.panels.schedule:
    server_external_id: community-42
    name: nightly
    cron: "0 4 * * *"
    tasks: [{action: command, payload: say hi}]
"""

CRAFTY_TASKS = """
- name: user
  gameops.panels.user:
    username: carol
    password: Carol-Pass-1
- name: server
  gameops.panels.server:
    name: creative
    jar: {type: paper, version: "1.21.1"}
    memory: {min: 1, max: 2}
    port: 25590
- name: schedule
  gameops.panels.schedule:
    server: creative
    name: nightly
    cron: "0 4 * * *"
    tasks: [{action: command, payload: say hi}]
"""

AMP_TASKS = """
- name: user
  gameops.panels.user:
    username: carol
    password: Carol-Pass-1
- name: server
  gameops.panels.server:
    name: Creative01
    module: Minecraft
    instance_running: true
- name: schedule
  gameops.panels.schedule:
    server: Creative01
    name: Nightly
    timing: {hours: [4], minutes: [0]}
    tasks: [{method: Event.CommonCorePlugin.Wait, parameters: {Seconds: 5}}]
"""


def run_forks(sim, tmp_path, tasks):
    """The tasks on FORKS hosts at once (all local), forks=FORKS; returns the run."""
    tmp_path = Path(tmp_path)
    inventory = tmp_path / "hosts.ini"
    inventory.write_text("[forks]\n" + "".join("fork%02d ansible_connection=local ansible_python_interpreter=%s\n"
                                               % (i, sys.executable) for i in range(FORKS)))
    play = tmp_path / "forks.yml"
    play.write_text("- hosts: forks\n  gather_facts: false\n  tasks:\n" + "".join(
        "    " + line + "\n" for line in tasks.strip("\n").splitlines()))
    return run_ansible("ansible-playbook", ["-i", str(inventory), "-f", str(FORKS), str(play)], tmp_path,
                       extra_env=panel_env(sim))


def assert_every_fork_succeeded(run, tasks=("user", "server", "schedule")):
    assert run.data is not None, run
    for host in ("fork%02d" % i for i in range(FORKS)):
        stats = run.host_stats(host)
        assert stats["failures"] == 0 and stats["unreachable"] == 0, (host, run)
    for name in tasks:
        changed = [run.task(name, host=h).get("changed") for h in ("fork%02d" % i for i in range(FORKS))]
        # one fork created it; the others found it (they took turns)
        assert changed.count(True) == 1, (name, changed)


def test_ten_pterodactyl_forks_declaring_the_same_objects(ptero_sim, tmp_path):
    run = run_forks(ptero_sim, tmp_path, PTERODACTYL_TASKS)
    assert_every_fork_succeeded(run)
    state = ptero_sim.state
    assert [u["username"] for u in state.users.values()].count("alice") == 1
    assert [s["external_id"] for s in state.servers.values()].count("community-42") == 1
    assert [s["name"] for s in state.schedules.values()].count("nightly") == 1
    assert len([r for r in ptero_sim.requests if r.method == "POST" and r.path == "/api/application/servers"]) == 1


def test_ten_crafty_forks_declaring_the_same_objects(crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.10.7")
    run = run_forks(sim, tmp_path, CRAFTY_TASKS)
    assert_every_fork_succeeded(run)
    assert [u["username"] for u in sim.state.users.values()].count("carol") == 1
    # Crafty keeps no server name unique: only taking turns keeps it to one
    assert [s["server_name"] for s in sim.state.servers.values()].count("creative") == 1
    assert len([r for r in sim.requests if r.method == "POST" and r.path == "/api/v2/servers"]) == 1
    assert len([r for r in sim.requests if r.method == "POST" and r.path.endswith("/tasks")]) == 1


def test_ten_amp_forks_declaring_the_same_objects(amp_sim, tmp_path):
    run = run_forks(amp_sim, tmp_path, AMP_TASKS)
    assert_every_fork_succeeded(run)
    assert [u.name for u in amp_sim.state.users.values()].count("carol") == 1
    assert [i.instance_name for i in amp_sim.state.instances.values()].count("Creative01") == 1
    creative = [i for i in amp_sim.state.instances.values() if i.instance_name == "Creative01"][0]
    assert [t.description for t in creative.triggers].count("Nightly") == 1
    assert [r.call for r in amp_sim.writes()].count("ADSModule/CreateInstance") == 1
