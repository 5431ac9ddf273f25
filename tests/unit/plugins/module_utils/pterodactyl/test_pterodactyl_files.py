# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PterodactylServerFiles against the simulator's Wings: a missing file, a folder, both Wings error styles."""

from __future__ import annotations

import time

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.files import PterodactylServerFiles
from tests.integration.conftest import make_server
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY
from tests.simulators.pterodactyl.client_files import files_of


@pytest.fixture
def server_files(ptero_sim):
    server = make_server(ptero_sim)
    client = PterodactylClient(ptero_sim.url, DEFAULT_APP_KEY, client_api_key=DEFAULT_CLIENT_KEY, retries=0)
    return server, PterodactylServerFiles(client, {"identifier": server["uuidShort"], "name": "survival"})


@pytest.mark.parametrize("legacy", [False, True], ids=["wings-1.11.9+", "wings-1.11.8"])
def test_missing_file_is_none_and_a_folder_is_an_error_naming_the_path(ptero_sim, server_files, legacy):
    server, files = server_files
    ptero_sim.wings_legacy_errors = legacy
    assert files.read("nope/server.properties") is None
    assert files.read("server.properties") is None
    files_of(ptero_sim.state, server, legacy).create_directory("plugins", "/")
    with pytest.raises(PanelError) as exc:
        files.read("plugins")
    assert exc.value.option == "path" and exc.value.message == "plugins is a folder on server 'survival', not a file"


def test_a_missing_file_costs_one_read_and_one_listing_not_retries(ptero_sim, server_files):
    _server, files = server_files
    ptero_sim.clear_log()
    assert files.read("config/a.yml") is None
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in ptero_sim.requests] == [("GET", "contents"), ("GET", "list")]


def test_write_makes_the_folders_read_gives_the_text_delete_removes(ptero_sim, server_files):
    server, files = server_files
    files.write("plugins/Greeter/config.yml", "greeting: héllo\n")
    assert files_of(ptero_sim.state, server).get("plugins/Greeter").directory
    assert files.read("plugins/Greeter/config.yml") == "greeting: héllo\n"
    files.delete("plugins/Greeter/config.yml")
    assert files.read("plugins/Greeter/config.yml") is None
    assert files_of(ptero_sim.state, server).get("plugins/Greeter").directory


def test_not_utf8_and_over_the_limit_fail_naming_path(ptero_sim, server_files):
    server, files = server_files
    files_of(ptero_sim.state, server).write("/world.dat", b"\xff\xfe\x00")
    with pytest.raises(ReconcileError) as exc:
        files.read("world.dat")
    assert exc.value.option == "path" and "world.dat on the server is not UTF-8 text" in exc.value.message
    files_of(ptero_sim.state, server).write("/big.log", b"x" * (files.MAX_BYTES + 1))
    with pytest.raises(ReconcileError) as exc:
        files.read("big.log")
    assert exc.value.option == "path" and "over Pterodactyl's limit of 4194304 bytes" in exc.value.message


def test_running_and_restart(ptero_sim, server_files):
    server, files = server_files
    assert files.is_running() is False
    ptero_sim.state.power_states[server["id"]] = {"state": "running", "since": time.time()}
    assert files.is_running() is True
    ptero_sim.clear_log()
    files.restart()
    assert [(r.method, r.body) for r in ptero_sim.requests] == [("POST", {"signal": "restart"})]
