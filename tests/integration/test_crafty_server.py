# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty server creates against Crafty's jar catalogue (B3 of the real-panel issue).

Crafty adds the server row, then looks the jar up in its catalogue, and
fails half-way (HTTP 503) when the catalogue lacks it: recorded on the real
4.10.7. The module checks the jar against the catalogue before any write,
reports a create that failed half-way as a change with what is missing, and
refuses the half-made server on the next run instead of reporting it ok.
"""

from __future__ import annotations

from tests.integration.crafty_support import panel_writes
from tests.integration.harness import run_playbook

SERVER = """
- name: server
  gameops.panels.server:
    name: gt-proxy
    jar: {type: %(type)s, version: "%(version)s"}
    memory: {min: 1, max: 1}
    port: 25577
"""


def test_the_jar_category_comes_from_crafty_s_catalogue_and_typos_fail_before_any_write(crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.10.7")
    run = run_playbook(sim, tmp_path, SERVER % {"type": "velocity", "version": "3.4.0"})
    assert run.rc == 0, run
    create = [r for r in sim.writes() if r.path == "/api/v2/servers"][0]
    data = create.body["minecraft_java_create_data"]["download_jar_create_data"]
    assert data["category"] == "mc_java_proxies"  # a proxy lives in its own category
    server = [s for s in sim.state.servers.values() if s["server_name"] == "gt-proxy"][0]
    assert server["executable_update_url"] == "https://jars.arcadiatech.org/velocity/3.4.0/velocity.jar"

    sim.clear_log()
    typo = run_playbook(sim, tmp_path, (SERVER % {"type": "papr", "version": "1.21.1"}).replace("gt-proxy", "gt-x"))
    result = typo.task("server")
    assert result["failed"] and result["option"] == "jar.type", result
    assert result["msg"].startswith("jar.type: 'papr' is not a type in Crafty's jar catalogue (did you mean 'paper'?)")
    old = run_playbook(sim, tmp_path, (SERVER % {"type": "paper", "version": "1.7.10"}).replace("gt-proxy", "gt-x"))
    assert old.task("server")["option"] == "jar.version"
    assert "the newest it lists: 1.21.4, 1.21.1" in old.task("server")["msg"]
    assert panel_writes(sim) == []


def test_a_create_crafty_fails_half_way_is_reported_as_a_change_and_the_half_made_server_refused(
        crafty_sim_factory, tmp_path):
    sim = crafty_sim_factory("4.10.7")
    original = sim.handle

    def catalogue_changes_meanwhile(method, target, *args, **kwargs):
        # the catalogue Crafty refreshes from the internet drops the version between the module's read and the create
        if method == "POST" and target.startswith("/api/v2/servers"):
            sim.state.big_bucket["mc_java_servers"]["paper"] = ["1.21.4"]
        return original(method, target, *args, **kwargs)

    sim.handle = catalogue_changes_meanwhile
    failed = run_playbook(sim, tmp_path, (SERVER % {"type": "paper", "version": "1.21.1"}).replace("gt-proxy", "gt-lobby"))
    result = failed.task("server")
    assert result["failed"] and result["changed"] is True, result
    assert result["option"] == "jar"
    assert "Crafty added server 'gt-lobby'" in result["msg"]
    assert "but failed to finish creating it" in result["msg"] and "HTTP 503" in result["msg"]
    assert "it has no executable_update_url, so Crafty never downloads its jar (paper.jar)" in result["msg"]
    assert "delete it (state: absent, delete_files: true) and run again" in result["msg"].lower()

    sim.handle = original
    sim.clear_log()
    again = run_playbook(sim, tmp_path, (SERVER % {"type": "paper", "version": "1.21.4"}).replace("gt-proxy", "gt-lobby"))
    result = again.task("server")
    assert result["failed"] and result["option"] == "jar" and not result["changed"], result
    assert result["msg"].startswith("jar: server 'gt-lobby' on the panel is half-made: it has no executable_update_url")
    assert panel_writes(sim) == []
