# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.server_file through ansible-playbook, against the Pterodactyl simulator (Wings' files)."""

from __future__ import annotations

import json
import time

from tests.integration.harness import run_playbook, writes
from tests.integration.server_files import file_writes, power_writes, text_of
from tests.simulators.pterodactyl.client_files import files_of

OPS = '[\n  {"uuid": "8667ba71-b85a-4004-af54-457a9734eed7", "name": "alice", "level": 4}\n]\n'
SECRET = "t0ken-0f-the-greeter"


def task(path, content=None, extra=""):
    body = "" if content is None else "    content: %s\n" % json.dumps(content)
    return """
- name: file
  gameops.panels.server_file:
    server_external_id: community-42
    path: %s
%s%s""" % (path, body, "".join("    %s\n" % line for line in extra.splitlines() if line))


def test_create_in_a_new_folder_then_second_run_writes_nothing(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, task("plugins/Ops/ops.json", OPS))
    assert run.rc == 0 and run.changed == 1, run
    assert file_writes(ptero_sim, game_server) == [
        ("POST", "/api/client/servers/%s/files/write" % game_server["uuidShort"])]
    assert text_of(ptero_sim, game_server, "plugins/Ops/ops.json") == OPS
    assert files_of(ptero_sim.state, game_server).get("plugins/Ops").directory
    result = run.task("file")
    assert result["plan"]["changes"] == [{"action": "create", "key": "plugins/Ops/ops.json",
                                          "fields": {"bytes": {"before": None, "after": len(OPS)}}}]
    assert result["exists"] is True and result["path"] == "plugins/Ops/ops.json"

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, task("/plugins/Ops/ops.json", OPS))
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


def test_a_change_writes_once_and_check_mode_shows_the_diff_without_writing(ptero_sim, tmp_path, game_server):
    assert run_playbook(ptero_sim, tmp_path, task("ops.json", OPS)).rc == 0
    ptero_sim.clear_log()
    changed = OPS.replace('"level": 4', '"level": 3')
    plan = run_playbook(ptero_sim, tmp_path, task("ops.json", changed), check=True, diff=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    assert text_of(ptero_sim, game_server, "ops.json") == OPS
    assert '-  {"uuid": "8667ba71-b85a-4004-af54-457a9734eed7", "name": "alice", "level": 4}' in plan.stdout
    assert '+  {"uuid": "8667ba71-b85a-4004-af54-457a9734eed7", "name": "alice", "level": 3}' in plan.stdout

    run = run_playbook(ptero_sim, tmp_path, task("ops.json", changed))
    assert run.rc == 0 and run.changed == 1, run
    assert len(file_writes(ptero_sim, game_server)) == 1
    assert text_of(ptero_sim, game_server, "ops.json") == changed


def test_absent_deletes_then_nothing(ptero_sim, tmp_path, game_server):
    assert run_playbook(ptero_sim, tmp_path, task("plugins/Ops/ops.json", OPS)).rc == 0
    ptero_sim.clear_log()
    gone = task("plugins/Ops/ops.json", extra="state: absent")
    plan = run_playbook(ptero_sim, tmp_path, gone, check=True)
    assert plan.rc == 0 and plan.changed == 1 and writes(ptero_sim) == [], plan
    run = run_playbook(ptero_sim, tmp_path, gone)
    assert run.rc == 0 and run.changed == 1, run
    assert file_writes(ptero_sim, game_server) == [
        ("POST", "/api/client/servers/%s/files/delete" % game_server["uuidShort"])]
    assert text_of(ptero_sim, game_server, "plugins/Ops/ops.json") is None
    assert run.task("file")["exists"] is False
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, gone)
    assert again.rc == 0 and again.changed == 0 and writes(ptero_sim) == [], again


def test_secret_looking_values_masked_at_vvv(ptero_sim, tmp_path, game_server):
    content = "greeting: hi\napi-token: %s\n" % SECRET
    run = run_playbook(ptero_sim, tmp_path, task("plugins/Greeter/config.yml", content), diff=True, verbosity=3)
    assert run.rc == 0 and run.changed == 1, run
    assert text_of(ptero_sim, game_server, "plugins/Greeter/config.yml") == content
    output = run.stdout + run.stderr
    assert SECRET not in output
    assert "+api-token: ********" in output


def test_src_is_read_on_the_controller(ptero_sim, tmp_path, game_server):
    (tmp_path / "ops.json").write_text(OPS)
    run = run_playbook(ptero_sim, tmp_path, task("ops.json", extra="src: %s" % (tmp_path / "ops.json")))
    assert run.rc == 0 and run.changed == 1, run
    assert text_of(ptero_sim, game_server, "ops.json") == OPS

    ptero_sim.clear_log()
    missing = run_playbook(ptero_sim, tmp_path, task("ops.json", extra="src: %s" % (tmp_path / "nope.json")))
    assert missing.rc != 0 and missing.task("file")["option"] == "src"
    assert "cannot read %s" % (tmp_path / "nope.json") in missing.task("file")["msg"]
    assert ptero_sim.requests == []


def test_restart_once_when_changed_and_running(ptero_sim, tmp_path, game_server):
    ptero_sim.state.power_states[game_server["id"]] = {"state": "running", "since": time.time()}
    run = run_playbook(ptero_sim, tmp_path, task("ops.json", OPS, "restart: true"))
    assert run.rc == 0 and run.changed == 1, run
    assert power_writes(ptero_sim, game_server) == [{"signal": "restart"}]
    ptero_sim.state.power_states[game_server["id"]] = {"state": "running", "since": time.time()}
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, task("ops.json", OPS, "restart: true"))
    assert again.rc == 0 and again.changed == 0 and writes(ptero_sim) == [], again


def test_over_the_size_limit_fails_before_the_write(ptero_sim, tmp_path, game_server):
    big = tmp_path / "big.txt"
    big.write_text("x" * (4 * 1024 * 1024 + 1))
    run = run_playbook(ptero_sim, tmp_path, task("world/big.txt", extra="src: %s" % big))
    assert run.rc != 0
    assert run.task("file")["option"] == "content"
    assert ("world/big.txt would be 4194305 bytes, over Pterodactyl's limit of 4194304 bytes (4 MiB)"
            in run.task("file")["msg"])
    assert writes(ptero_sim) == []


def test_a_folder_and_bad_paths_fail_naming_path(ptero_sim, tmp_path, game_server):
    files_of(ptero_sim.state, game_server).create_directory("plugins", "/")
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, task("plugins", "x"))
    assert run.rc != 0 and run.task("file")["option"] == "path"
    assert "plugins is a folder on server 'survival', not a file" in run.task("file")["msg"]
    assert writes(ptero_sim) == []

    ptero_sim.clear_log()
    up = run_playbook(ptero_sim, tmp_path, task("../other/ops.json", "x"))
    assert up.rc != 0 and up.task("file")["option"] == "path"
    assert "no '..'" in up.task("file")["msg"]
    assert ptero_sim.requests == []

    both = run_playbook(ptero_sim, tmp_path, task("ops.json", "x", "src: /dev/null"))
    assert both.rc != 0 and "mutually exclusive: content|src" in both.task("file")["msg"]
