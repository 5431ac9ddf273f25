# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""apply's per-server ``files`` and ``configs``: a file kept whole and the named keys of another, through
ansible-playbook against the Pterodactyl simulator (Wings' files), and once on Crafty 4.10.7."""

from __future__ import annotations

import json

from tests.integration.harness import run_playbook, writes
from tests.integration.server_files import file_writes, put, text_of

PROPERTIES = ("#Minecraft server properties\nenable-rcon=false\nmax-players=20\nmotd=A Minecraft Server\n"
              "rcon.password=old-rcon-pass\n")
SECRET = "n3w-rc0n-s3cret"
TOKEN = "t0ken-in-a-file-99"


def document(max_players=40, motd="Survival of community 42", state="present", check=False):
    return """
- name: the panel
  gameops.panels.apply:
    document:
      servers:
        - name: survival
          external_id: community-42
          configs:
            - path: server.properties
              settings: {max-players: %s, motd: %s, rcon.password: %s, enable-rcon: true}
          files:
            - path: plugins/greeter/config.yml
              content: "greeting: Welcome\\napi-token: %s\\n"
              state: %s
""" % (max_players, json.dumps(motd), SECRET, TOKEN, state)


def test_first_run_writes_both_files_second_run_writes_nothing(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    run = run_playbook(ptero_sim, tmp_path, document(), diff=True, verbosity=3)
    assert run.rc == 0 and run.changed == 1, run
    short = game_server["uuidShort"]
    # one write per file (Wings makes the missing folders of the one it creates)
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/files/write" % short),
                                 ("POST", "/api/client/servers/%s/files/write" % short)], writes(ptero_sim)
    assert text_of(ptero_sim, game_server, "server.properties") == (
        "#Minecraft server properties\nenable-rcon=true\nmax-players=40\nmotd=Survival of community 42\n"
        "rcon.password=%s\n" % SECRET)
    assert text_of(ptero_sim, game_server, "plugins/greeter/config.yml") == "greeting: Welcome\napi-token: %s\n" % TOKEN
    result = run.task("the panel")
    assert [(r["kind"], r["key"], r["action"], r["path"]) for r in result["plan"]] == [
        ("server_file", "plugins/greeter/config.yml", "create", "servers[0].files[0]"),
        ("server_config", "server.properties", "update", "servers[0].configs[0]"),
    ], result["plan"]
    config = [r for r in result["plan"] if r["kind"] == "server_config"][0]
    assert config["fields"] == {"enable-rcon": {"before": "false", "after": "true"},
                                "max-players": {"before": "20", "after": "40"},
                                "motd": {"before": "A Minecraft Server", "after": "Survival of community 42"},
                                "rcon.password": {"before": "********", "after": "********"}}
    assert result["summary"] == {"add": 1, "change": 1, "destroy": 0, "unchanged": 1}
    # the secrets of the document, and the one the file held, are nowhere in the output at -vvv
    output = run.stdout + run.stderr
    for secret in (SECRET, TOKEN, "old-rcon-pass"):
        assert secret not in output
    assert "-rcon.password=********" in output and "+rcon.password=********" in output
    assert "+api-token: ********" in output

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, document())
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []
    assert again.task("the panel")["summary_text"].startswith("No changes.")
    assert again.task("the panel")["unchanged"] == {"servers": 1, "servers.configs": 1, "servers.files": 1}


def test_a_one_key_change_writes_exactly_one_file(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    assert run_playbook(ptero_sim, tmp_path, document()).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, document(max_players=60))
    assert run.rc == 0 and run.changed == 1, run
    assert file_writes(ptero_sim, game_server) == [
        ("POST", "/api/client/servers/%s/files/write" % game_server["uuidShort"])]
    assert writes(ptero_sim) == file_writes(ptero_sim, game_server)
    assert "max-players=60\n" in text_of(ptero_sim, game_server, "server.properties")
    [change] = run.task("the panel")["plan"]
    assert (change["kind"], change["action"], change["fields"]) == (
        "server_config", "update", {"max-players": {"before": "40", "after": "60"}})
    assert run.task("the panel")["drift"] == ["~ server_config server.properties (servers[0].configs[0]): max-players"]


def test_check_mode_shows_the_masked_diff_and_writes_nothing(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    plan = run_playbook(ptero_sim, tmp_path, document(), check=True, diff=True, verbosity=3)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    assert text_of(ptero_sim, game_server, "server.properties") == PROPERTIES
    assert text_of(ptero_sim, game_server, "plugins/greeter/config.yml") is None
    result = plan.task("the panel")
    assert result["summary_text"] == "Plan: 1 to add, 1 to change, 0 to destroy."
    diffs = "".join(d.get("prepared", "") for d in result["diff"])
    assert "# servers[community-42].configs (servers[0].configs[0])\n" in diffs
    for line in ("-max-players=20\n", "+max-players=40\n", "-rcon.password=********\n", "+rcon.password=********\n"):
        assert line in diffs
    assert "--- /dev/null\n+++ b/plugins/greeter/config.yml\n" in diffs and "+api-token: ********\n" in diffs
    output = plan.stdout + plan.stderr
    for secret in (SECRET, TOKEN, "old-rcon-pass"):
        assert secret not in output


def test_state_absent_deletes_the_file_once(ptero_sim, tmp_path, game_server):
    put(ptero_sim, game_server, "server.properties", PROPERTIES)
    assert run_playbook(ptero_sim, tmp_path, document()).rc == 0
    ptero_sim.clear_log()
    gone = run_playbook(ptero_sim, tmp_path, document(state="absent"))
    assert gone.rc == 0 and gone.changed == 1, gone
    assert writes(ptero_sim) == [("POST", "/api/client/servers/%s/files/delete" % game_server["uuidShort"])]
    assert text_of(ptero_sim, game_server, "plugins/greeter/config.yml") is None
    assert [(r["kind"], r["action"]) for r in gone.task("the panel")["plan"]] == [("server_file", "delete")]
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, document(state="absent"))
    assert again.rc == 0 and again.changed == 0 and writes(ptero_sim) == [], again


def test_a_bad_entry_fails_with_its_path_before_any_request(ptero_sim, tmp_path, game_server):
    ptero_sim.clear_log()
    bad = document().replace("path: server.properties", "path: server.conf")
    run = run_playbook(ptero_sim, tmp_path, bad)
    assert run.rc != 0
    result = run.task("the panel")
    assert result["errors"][0]["path"] == "servers[0].configs[0].format", result
    assert "cannot tell the format of 'server.conf'" in result["msg"]
    assert ptero_sim.requests == []


def test_files_and_configs_on_crafty(crafty_sim_factory, tmp_path):
    crafty_sim = crafty_sim_factory(version="4.10.7")
    server_id = crafty_sim.add_server("survival")["server_id"]
    tree = crafty_sim.state.files[server_id]
    tree.put("server.properties", PROPERTIES)
    playbook = document().replace("          external_id: community-42\n", "")
    run = run_playbook(crafty_sim, tmp_path, playbook)
    assert run.rc == 0 and run.changed == 1, run
    assert tree.entries["server.properties"].content.decode("utf-8").endswith("rcon.password=%s\n" % SECRET)
    assert tree.entries["plugins/greeter/config.yml"].content.decode("utf-8").startswith("greeting: Welcome\n")
    assert SECRET not in run.stdout and TOKEN not in run.stdout
    crafty_sim.clear_log()
    again = run_playbook(crafty_sim, tmp_path, playbook)
    assert again.rc == 0 and again.changed == 0, again
    base = "/api/v2/servers/%s/files" % server_id
    assert [(r.method, r.path) for r in crafty_sim.writes()
            if r.path != "/api/v2/auth/login" and not (r.method == "POST" and r.path == base)] == []
