# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""server_file and server_config through ansible-playbook on Crafty 4.10.7 and AMP (their simulators).

Each test runs on both panels through a small view of the simulator (:class:`CraftyView`, :class:`AMPView`):
the file's text as the panel holds it, the write requests it received, its restarts.
"""

from __future__ import annotations

import json

import pytest

from tests.integration.harness import run_playbook

PROPERTIES = "#Minecraft server properties\nmotd=A Minecraft Server\nserver-port=25565\nrcon.password=old-rcon-pw-1\n"
NEW_SECRET = "n3w-rcon-secret-77"
GREETER = "greeting: Welcome to survival!\nmax-players-message: The server is full.\n"


class FileTreeView:
    """What both views read the same way: the server's file tree in the simulator (``self.tree``)."""

    tree = None

    def put(self, path, text):
        self.tree.put(path, text)

    def text(self, path):
        entry = self.tree.entries.get(path)
        return None if entry is None or entry.directory else entry.content.decode("utf-8")

    def is_folder(self, path):
        entry = self.tree.entries.get(path)
        return entry is not None and entry.directory


class CraftyView(FileTreeView):
    """Crafty 4.10.7: server ``survival``; its file routes' reads are POSTs, left out of the writes."""

    server = "survival"

    def __init__(self, sim):
        self.sim = sim
        self.server_id = sim.add_server("survival")["server_id"]
        self.tree = sim.state.files[self.server_id]

    def writes(self):
        base = "/api/v2/servers/%s/files" % self.server_id
        return [(r.method, r.path) for r in self.sim.writes()
                if r.path != "/api/v2/auth/login" and not (r.method == "POST" and r.path == base)]

    def file_writes(self):
        return [w for w in self.writes() if "/files" in w[1]]

    def set_running(self, running):
        self.sim.state.server_status[self.server_id]["running"] = running

    def restarts(self):
        return [w for w in self.writes() if w[1].endswith("/action/restart_server")]


class AMPView(FileTreeView):
    """AMP: instance ``Survival01`` (its AMP process running, the game stopped)."""

    server = "Survival01"

    def __init__(self, sim):
        self.sim = sim
        sim.add_instance("Survival01")
        self.instance = sim.state.find_instance("Survival01")
        self.tree = self.instance.files

    def writes(self):
        return [r.call for r in self.sim.writes()]

    def file_writes(self):
        return [w for w in self.writes() if w.startswith("FileManagerPlugin/")]

    def set_running(self, running):
        self.instance.app_state = 20 if running else 0  # Ready / Stopped

    def restarts(self):
        return [w for w in self.writes() if w == "Core/Restart"]


@pytest.fixture(params=["crafty", "amp"])
def panel(request, crafty_sim_factory, amp_sim_factory):
    if request.param == "crafty":
        view = CraftyView(crafty_sim_factory("4.10.7"))
    else:
        view = AMPView(amp_sim_factory())
    view.put("server.properties", PROPERTIES)
    view.sim.clear_log()
    return view


def file_task(panel, path, content=None, extra=""):
    body = "" if content is None else "    content: %s\n" % json.dumps(content)
    return """
- name: file
  gameops.panels.server_file:
    server: %s
    path: %s
%s%s""" % (panel.server, path, body, "".join("    %s\n" % line for line in extra.splitlines() if line))


def config_task(panel, settings, extra=""):
    return """
- name: config
  gameops.panels.server_config:
    server: %s
    path: server.properties
    settings: %s
%s""" % (panel.server, json.dumps(settings), "".join("    %s\n" % line for line in extra.splitlines() if line))


def test_server_file_create_rerun_check_mode_and_absent(panel, tmp_path):
    path = "plugins/Greeter/config.yml"
    run = run_playbook(panel.sim, tmp_path, file_task(panel, path, GREETER))
    assert run.rc == 0 and run.changed == 1, run
    assert panel.text(path) == GREETER and panel.is_folder("plugins/Greeter")
    result = run.task("file")
    assert (result["plan"]["summary"]["create"], result["exists"], result["path"]) == (1, True, path)
    assert [(c["action"], c["key"]) for c in result["plan"]["changes"]] == [("create", path)]

    # the same content again: nothing written
    panel.sim.clear_log()
    again = run_playbook(panel.sim, tmp_path, file_task(panel, "/" + path, GREETER))
    assert again.rc == 0 and again.changed == 0, again
    assert panel.writes() == []

    # a change in check mode: the diff, no write
    changed = GREETER.replace("Welcome", "Hello")
    plan = run_playbook(panel.sim, tmp_path, file_task(panel, path, changed), check=True, diff=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert panel.writes() == [] and panel.text(path) == GREETER
    assert "-greeting: Welcome to survival!" in plan.stdout and "+greeting: Hello to survival!" in plan.stdout

    # absent: planned without a write, then deleted once, then nothing
    gone = file_task(panel, path, extra="state: absent")
    planned = run_playbook(panel.sim, tmp_path, gone, check=True)
    assert planned.rc == 0 and planned.changed == 1 and panel.writes() == [], planned
    deleted = run_playbook(panel.sim, tmp_path, gone)
    assert deleted.rc == 0 and deleted.changed == 1, deleted
    assert panel.text(path) is None and len(panel.file_writes()) == 1
    panel.sim.clear_log()
    already = run_playbook(panel.sim, tmp_path, gone)
    assert already.rc == 0 and already.changed == 0 and panel.writes() == [], already


def test_server_config_one_key_writes_one_file_and_masks_secrets_at_vvv(panel, tmp_path):
    run = run_playbook(panel.sim, tmp_path, config_task(panel, {"motd": "Welcome to survival"}))
    assert run.rc == 0 and run.changed == 1, run
    assert panel.text("server.properties") == PROPERTIES.replace("motd=A Minecraft Server", "motd=Welcome to survival")
    assert len(panel.file_writes()) == 1 and panel.writes() == panel.file_writes()
    assert run.task("config")["plan"]["changes"] == [{"action": "update", "key": "server.properties", "fields": {
        "motd": {"before": "A Minecraft Server", "after": "Welcome to survival"}}}]

    panel.sim.clear_log()
    again = run_playbook(panel.sim, tmp_path, config_task(panel, {"motd": "Welcome to survival"}))
    assert again.rc == 0 and again.changed == 0 and panel.writes() == [], again

    # a secret: planned in check mode with -vvv and diff, masked everywhere, nothing written
    secret = {"rcon.password": NEW_SECRET, "enable-rcon": True}
    plan = run_playbook(panel.sim, tmp_path, config_task(panel, secret), check=True, diff=True, verbosity=3)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert panel.writes() == []
    assert NEW_SECRET not in plan.output and "old-rcon-pw-1" not in plan.output
    assert "-rcon.password=********" in plan.stdout and "+rcon.password=********" in plan.stdout
    assert "+enable-rcon=true" in plan.stdout
    applied = run_playbook(panel.sim, tmp_path, config_task(panel, secret), verbosity=3)
    assert applied.rc == 0 and applied.changed == 1, applied
    assert NEW_SECRET not in applied.output and "old-rcon-pw-1" not in applied.output
    assert "rcon.password=%s\n" % NEW_SECRET in panel.text("server.properties")
    masked = {"before": "********", "after": "********"}
    assert applied.task("config")["plan"]["changes"][0]["fields"]["rcon.password"] == masked


def test_server_file_change_writes_once_and_its_secrets_stay_out_of_vvv(panel, tmp_path):
    path = "plugins/Greeter/config.yml"
    panel.put(path, GREETER)
    panel.sim.clear_log()
    changed = GREETER + "api-token: %s\n" % NEW_SECRET
    run = run_playbook(panel.sim, tmp_path, file_task(panel, path, changed), diff=True, verbosity=3)
    assert run.rc == 0 and run.changed == 1, run
    assert panel.text(path) == changed
    assert len(panel.file_writes()) == 1 and panel.writes() == panel.file_writes()
    assert NEW_SECRET not in run.output and "+api-token: ********" in run.stdout
    panel.sim.clear_log()
    again = run_playbook(panel.sim, tmp_path, file_task(panel, path, changed), verbosity=3)
    assert again.rc == 0 and again.changed == 0 and panel.writes() == [], again
    assert NEW_SECRET not in again.output


def test_server_config_creates_a_file_and_absent_removes_only_its_keys(panel, tmp_path):
    task = config_task(panel, {"whitelist": True, "max-players": 12}).replace("server.properties", "ops/extra.properties")
    run = run_playbook(panel.sim, tmp_path, task)
    assert run.rc == 0 and run.changed == 1, run
    assert panel.text("ops/extra.properties") == "whitelist=true\nmax-players=12\n" and panel.is_folder("ops")
    gone = config_task(panel, {"motd": "x"}, "state: absent")
    removed = run_playbook(panel.sim, tmp_path, gone)
    assert removed.rc == 0 and removed.changed == 1, removed
    assert panel.text("server.properties") == PROPERTIES.replace("motd=A Minecraft Server\n", "")
    panel.sim.clear_log()
    again = run_playbook(panel.sim, tmp_path, gone)
    assert again.rc == 0 and again.changed == 0 and panel.writes() == [], again


def test_restart_once_when_running_and_changed(panel, tmp_path):
    panel.set_running(True)
    restart = "restart: true"
    run = run_playbook(panel.sim, tmp_path, config_task(panel, {"max-players": 40}, restart))
    assert run.rc == 0 and run.changed == 1 and run.task("config")["restarted"] is True, run
    assert len(panel.restarts()) == 1 and len(panel.file_writes()) == 1

    panel.sim.clear_log()
    again = run_playbook(panel.sim, tmp_path, config_task(panel, {"max-players": 40}, restart))
    assert again.rc == 0 and again.changed == 0 and again.task("config")["restarted"] is False, again
    assert panel.writes() == []

    # a stopped server is left stopped
    panel.set_running(False)
    stopped = run_playbook(panel.sim, tmp_path, config_task(panel, {"max-players": 50}, restart))
    assert stopped.rc == 0 and stopped.changed == 1 and stopped.task("config")["restarted"] is False, stopped
    assert panel.restarts() == [] and len(panel.file_writes()) == 1

    # check mode says it would restart, and restarts nothing
    panel.set_running(True)
    panel.sim.clear_log()
    plan = run_playbook(panel.sim, tmp_path, config_task(panel, {"max-players": 60}, restart), check=True)
    assert plan.rc == 0 and plan.task("config")["restarted"] is True and panel.writes() == [], plan


def test_crafty_4_0_8_fails_before_any_request_but_its_version(crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.0.8")
    sim.add_server("survival")
    sim.clear_log()
    view = CraftyView.__new__(CraftyView)
    tasks = (file_task(view, "server.properties", "motd=x\n") + config_task(view, {"motd": "x"})).replace(
        "\n  gameops.panels.", "\n  ignore_errors: true\n  gameops.panels.")
    run = run_playbook(sim, tmp_path, tasks)
    assert run.rc == 0 and run.stats["ignored"] == 2, run
    message = ("path: server files (the file routes of Crafty 4.10): not available on Crafty 4.0.8, the version of this "
               "panel (needs Crafty 4.10 or later)")
    assert run.task("file")["msg"] == message and run.task("config")["msg"] == message
    # the version, which Crafty tells without a login, once per task
    assert [(r.method, r.path) for r in sim.requests] == [("GET", "/api/v2"), ("GET", "/api/v2")]


def test_crafty_refuses_carriage_returns_before_any_request(crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.10.7")
    view = CraftyView(sim)
    sim.clear_log()
    run = run_playbook(sim, tmp_path, file_task(view, "ops.txt", "a\r\nb\r\n"))
    assert run.rc != 0
    assert run.task("file")["msg"] == ("content: Crafty reads files with Python's universal newlines, so a carriage "
                                       "return (\\r) never reads back as written; use \\n line ends")
    assert sim.requests == []


def test_crafty_refuses_carriage_returns_read_from_src_before_any_request(crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.10.7")
    view = CraftyView(sim)
    (tmp_path / "ops.txt").write_bytes(b"a\r\nb\r\n")
    sim.clear_log()
    run = run_playbook(sim, tmp_path, file_task(view, "ops.txt", extra="src: %s" % (tmp_path / "ops.txt")), check=True)
    assert run.rc != 0
    assert run.task("file")["msg"] == (
        "src: the text of %s: Crafty reads files with Python's universal newlines, so a carriage return (\\r) never "
        "reads back as written; use \\n line ends" % (tmp_path / "ops.txt"))
    assert run.task("file")["option"] == "src"
    assert sim.requests == []
