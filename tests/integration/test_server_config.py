# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.server_config through ansible-playbook, against the Pterodactyl simulator (Wings' files)."""

from __future__ import annotations

import pytest

from tests.integration.harness import run_playbook, writes
from tests.integration.server_files import file_writes, power_writes, put, set_power, text_of

PROPERTIES = ("#Minecraft server properties\n#Sun Dec 06 12:00:00 UTC 2026\nenable-rcon=false\n"
              "level-type=minecraft\\:normal\nmax-players=20\nmotd=A Minecraft Server\nrcon.password=old-rcon-pass\n")
SECRET = "n3w-rc0n-s3cret"


def config(settings, extra=""):
    lines = "".join("      %s: %s\n" % (k, v) for k, v in settings.items())
    return """
- name: config
  gameops.panels.server_config:
    server_external_id: community-42
    path: server.properties
    settings:
%s%s""" % (lines, "".join("    %s\n" % line for line in extra.splitlines() if line))


def test_one_key_changes_one_line_then_second_run_writes_nothing(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    run = run_playbook(ptero_sim, tmp_path, config({"max-players": 40, "level-type": "minecraft:normal"}))
    assert run.rc == 0 and run.changed == 1, run
    assert file_writes(ptero_sim, game_server) == [
        ("POST", "/api/client/servers/%s/files/write" % game_server["uuidShort"])]
    assert text_of(ptero_sim, game_server, "server.properties") == PROPERTIES.replace("max-players=20", "max-players=40")
    result = run.task("config")
    assert result["restarted"] is False
    assert result["plan"]["changes"] == [{"action": "update", "key": "server.properties",
                                          "fields": {"max-players": {"before": "20", "after": "40"}}}]
    assert "-max-players=20\n+max-players=40\n" in result["plan"]["diff"]

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, config({"max-players": 40, "level-type": "minecraft:normal"}))
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []
    assert again.task("config")["plan"]["changes"] == []
    assert again.task("config")["plan"]["summary"] == {"create": 0, "update": 0, "delete": 0, "unchanged": 1}


def test_check_mode_shows_the_diff_and_writes_nothing(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    plan = run_playbook(ptero_sim, tmp_path, config({"motd": "Welcome", "white-list": "true"}), check=True, diff=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    assert text_of(ptero_sim, game_server, "server.properties") == PROPERTIES
    assert "-motd=A Minecraft Server" in plan.stdout and "+motd=Welcome" in plan.stdout and "+white-list=true" in plan.stdout
    assert plan.task("config")["diff"]["prepared"].endswith("+motd=Welcome\n rcon.password=********\n+white-list=true\n")


def test_a_new_file_then_absent_removes_only_the_named_keys(ptero_sim, tmp_path, game_server):
    task = config({"motd": "Welcome", "pvp": "false"}).replace("server.properties", "config/extra.properties")
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc == 0 and run.changed == 1, run
    assert text_of(ptero_sim, game_server, "config/extra.properties") == "motd=Welcome\npvp=false\n"
    assert run.task("config")["plan"]["changes"][0]["action"] == "create"

    ptero_sim.clear_log()
    gone = config({"pvp": "null"}, "state: absent").replace("server.properties", "config/extra.properties")
    plan = run_playbook(ptero_sim, tmp_path, gone, check=True)
    assert plan.rc == 0 and plan.changed == 1 and writes(ptero_sim) == [], plan
    removed = run_playbook(ptero_sim, tmp_path, gone)
    assert removed.rc == 0 and removed.changed == 1, removed
    assert len(file_writes(ptero_sim, game_server)) == 1
    assert text_of(ptero_sim, game_server, "config/extra.properties") == "motd=Welcome\n"
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, gone)
    assert again.rc == 0 and again.changed == 0 and writes(ptero_sim) == [], again


def test_secret_values_are_masked_everywhere_at_vvv(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    run = run_playbook(ptero_sim, tmp_path, config({"rcon.password": SECRET, "enable-rcon": "true"}), diff=True,
                       verbosity=3)
    assert run.rc == 0 and run.changed == 1, run
    assert "rcon.password=%s\n" % SECRET in text_of(ptero_sim, game_server, "server.properties")
    output = run.stdout + run.stderr
    assert SECRET not in output and "old-rcon-pass" not in output
    assert "-rcon.password=********" in output and "+rcon.password=********" in output
    assert run.task("config")["plan"]["changes"][0]["fields"]["rcon.password"] == {"before": "********", "after": "********"}


def test_restart_once_when_changed_and_running_never_when_unchanged(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    set_power(ptero_sim, game_server, "running")
    task = config({"max-players": 50}, "restart: true")
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc == 0 and run.changed == 1, run
    assert power_writes(ptero_sim, game_server) == [{"signal": "restart"}]
    assert run.task("config")["restarted"] is True

    ptero_sim.clear_log()
    set_power(ptero_sim, game_server, "running")
    again = run_playbook(ptero_sim, tmp_path, task)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == [] and again.task("config")["restarted"] is False

    # check mode reads whether it runs and says it would restart; it sends nothing
    plan = run_playbook(ptero_sim, tmp_path, config({"max-players": 55}, "restart: true"), check=True)
    assert plan.rc == 0 and plan.changed == 1 and plan.task("config")["restarted"] is True, plan
    assert writes(ptero_sim) == []

    # a stopped server stays stopped
    set_power(ptero_sim, game_server, "offline")
    stopped = run_playbook(ptero_sim, tmp_path, config({"max-players": 60}, "restart: true"))
    assert stopped.rc == 0 and stopped.changed == 1, stopped
    assert power_writes(ptero_sim, game_server) == [] and stopped.task("config")["restarted"] is False


@pytest.mark.parametrize("path, before, settings, after", [
    ("plugins/Greeter/config.yml", "# greeter\ngreeting: hi\nlimits:\n  per-day: 3\n  per-hour: 1\n",
     "{limits: {per-day: 5}}", "# greeter\ngreeting: hi\nlimits:\n  per-day: 5\n  per-hour: 1\n"),
    ("config/mod.json", '{\n    "name": "x",\n    "limits": {\n        "a": 1\n    }\n}\n',
     "{limits: {b: 2}}", '{\n    "name": "x",\n    "limits": {\n        "a": 1,\n        "b": 2\n    }\n}\n'),
    ("config/backup.ini", "; backups\n[general]\nname=x\n\n[schedule]\nkeep=3\n",
     "{schedule: {keep: 4, interval: 6h}}", "; backups\n[general]\nname=x\n\n[schedule]\nkeep=4\ninterval=6h\n"),
])
def test_yaml_json_and_ini_change_only_the_named_keys(ptero_sim, tmp_path, game_server, path, before, settings, after):
    put(ptero_sim, game_server, path, before)
    task = """
- name: config
  gameops.panels.server_config:
    server_external_id: community-42
    path: %s
    settings: %s
""" % (path, settings)
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc == 0 and run.changed == 1, run
    assert text_of(ptero_sim, game_server, path) == after
    assert len(file_writes(ptero_sim, game_server)) == 1
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, task)
    assert again.rc == 0 and again.changed == 0 and writes(ptero_sim) == [], again


def test_a_file_over_the_panels_read_limit_fails_naming_path(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", "motd=x\n" + "#" * (4 * 1024 * 1024) + "\n")
    run = run_playbook(ptero_sim, tmp_path, config({"motd": "y"}))
    assert run.rc != 0 and run.task("config")["option"] == "path"
    assert ("server.properties on the server is over Pterodactyl's limit of 4194304 bytes (4 MiB) for a file read "
            "through its API" in run.task("config")["msg"])
    assert writes(ptero_sim) == []


def test_unparsable_yaml_fails_naming_format_before_any_write(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "plugins/Greeter/config.yml", "greeting: [unclosed\n")
    task = """
- name: config
  gameops.panels.server_config:
    server_external_id: community-42
    path: plugins/Greeter/config.yml
    settings: {greeting: hello}
"""
    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc != 0
    assert run.task("config")["option"] == "format"
    assert "plugins/Greeter/config.yml on the server is not valid YAML" in run.task("config")["msg"]
    assert writes(ptero_sim) == []


def test_nested_settings_on_properties_fail_before_any_request(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, config({"rcon": "{password: x}"}))
    assert run.rc != 0
    assert run.task("config")["option"] == "settings"
    assert "'rcon' is a dict, but format properties holds one level of key = value" in run.task("config")["msg"]
    assert ptero_sim.requests == []


def test_unknown_format_fails_naming_the_option(ptero_sim, tmp_path, game_server):
    run = run_playbook(ptero_sim, tmp_path, config({"a": 1}).replace("server.properties", "config/app.conf"))
    assert run.rc != 0
    assert run.task("config")["option"] == "format"
    assert "cannot tell the format of 'config/app.conf'" in run.task("config")["msg"]
    assert ptero_sim.requests == []
