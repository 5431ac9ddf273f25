# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AMP instance's files (amp/files.py) against the simulator's FileManagerPlugin."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.amp import files as amp_files
from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient
from ansible_collections.gameops.panels.plugins.module_utils.amp.files import AMPServerFiles
from ansible_collections.gameops.panels.plugins.module_utils.amp.servers import Instances, server_scope
from ansible_collections.gameops.panels.plugins.module_utils.errors import AMPError, ReconcileError
from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

PROPERTIES = "#Minecraft server properties\nmotd=A Minecraft Server\nserver-port=25565\nmax-players=20\n"


@pytest.fixture
def panel(amp_sim):
    amp_sim.add_instance("Survival01")
    client = AMPClient(amp_sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)
    server = server_scope(*Instances(client).resolve("Survival01"))
    folder = amp_sim.state.find_instance("Survival01").files
    amp_sim.clear_log()
    return amp_sim, folder, AMPServerFiles(client, server)


def file_calls(sim):
    """(method, parameters) of each FileManagerPlugin call, the session left out."""
    return [(r.api_method, dict((k, v) for k, v in r.body.items() if k != "SESSIONID")) for r in sim.requests
            if r.module == "FileManagerPlugin"]


def test_read_a_file_and_a_missing_one(panel):
    sim, _folder, files = panel
    assert files.read("server.properties") == PROPERTIES
    assert files.read("/config/missing.yml") is None
    assert files.read("missing.txt") is None
    # the top folder is listed once; config is not in it, so nothing below it is asked for
    assert file_calls(sim) == [
        ("GetDirectoryListing", {"Dir": ""}),
        ("ReadFileChunk", {"Filename": "server.properties", "Offset": 0, "ChunkSize": amp_files.CHUNK_BYTES})]
    assert sim.writes() == []


def test_a_folder_is_not_a_file(panel):
    _sim, folder, files = panel
    folder.put("config/a.yml", "a: 1\n")
    with pytest.raises(AMPError) as err:
        files.read("config")
    assert (err.value.option, err.value.message) == ("path", "config of AMP instance 'Survival01' is a folder, not a file")


def test_a_file_is_read_in_chunks(panel, monkeypatch):
    sim, folder, files = panel
    monkeypatch.setattr(amp_files, "CHUNK_BYTES", 4)
    folder.put("ops.json", "0123456789")
    assert files.read("ops.json") == "0123456789"
    assert [(m, p.get("Offset")) for m, p in file_calls(sim) if m == "ReadFileChunk"] == [
        ("ReadFileChunk", 0), ("ReadFileChunk", 4), ("ReadFileChunk", 8)]


def test_write_an_existing_file_is_one_chunk(panel):
    sim, folder, files = panel
    assert files.read("server.properties") == PROPERTIES
    sim.clear_log()
    files.write("server.properties", "motd=caf\u00e9\n")
    assert file_calls(sim) == [("WriteFileChunk", {
        "Filename": "server.properties", "Data": base64.b64encode("motd=caf\u00e9\n".encode("utf-8")).decode(),
        "Offset": 0, "FinalChunk": True})]
    assert folder.text("server.properties") == "motd=caf\u00e9\n"
    assert files.read("server.properties") == "motd=caf\u00e9\n"


def test_write_a_new_file_creates_its_missing_folders_from_the_top(panel):
    sim, folder, files = panel
    folder.put("plugins/readme.txt", "x")
    files.write("plugins/Essentials/deep/config.yml", "motd: hi\n")
    assert [(m, p) for m, p in file_calls(sim) if m != "WriteFileChunk"] == [
        ("GetDirectoryListing", {"Dir": ""}), ("GetDirectoryListing", {"Dir": "plugins"}),
        ("CreateDirectory", {"NewPath": "plugins/Essentials"}),
        ("CreateDirectory", {"NewPath": "plugins/Essentials/deep"})]
    assert folder.text("plugins/Essentials/deep/config.yml") == "motd: hi\n"
    assert [r.call for r in sim.writes()] == ["FileManagerPlugin/CreateDirectory", "FileManagerPlugin/CreateDirectory",
                                              "FileManagerPlugin/WriteFileChunk"]


def test_a_long_file_is_written_in_chunks(panel, monkeypatch):
    sim, folder, files = panel
    monkeypatch.setattr(amp_files, "CHUNK_BYTES", 4)
    files.write("whitelist.json", "0123456789")
    assert [(p["Offset"], base64.b64decode(p["Data"]), p["FinalChunk"]) for m, p in file_calls(sim)
            if m == "WriteFileChunk"] == [(0, b"0123", False), (4, b"4567", False), (8, b"89", True)]
    assert folder.text("whitelist.json") == "0123456789"
    # an empty file is one call
    files.write("empty.txt", "")
    assert folder.text("empty.txt") == ""


def test_a_file_in_the_way_of_a_folder_fails_before_writing(panel):
    sim, _folder, files = panel
    with pytest.raises(AMPError) as err:
        files.write("eula.txt/x.txt", "x")
    assert err.value.message == "eula.txt of AMP instance 'Survival01' is a file, so it cannot hold a folder"
    assert sim.writes() == []


def test_delete_moves_the_file_to_the_trash(panel):
    sim, folder, files = panel
    files.delete("eula.txt")
    assert [r.call for r in sim.writes()] == ["FileManagerPlugin/TrashFile"]
    assert "eula.txt" not in folder.entries and "Trashed Files/eula.txt" in folder.entries
    assert files.read("eula.txt") is None


def test_size_limit(panel):
    sim, folder, files = panel
    with pytest.raises(ReconcileError) as err:
        files.write("big.txt", "x" * (AMPServerFiles.MAX_BYTES + 1))
    assert (err.value.option, err.value.message) == (
        "content", "big.txt would hold %d bytes; the collection writes files of up to %d bytes on AMP"
        % (AMPServerFiles.MAX_BYTES + 1, AMPServerFiles.MAX_BYTES))
    assert file_calls(sim) == []
    folder.put("huge.log", b"x" * (AMPServerFiles.MAX_BYTES + 1))
    with pytest.raises(ReconcileError) as err:
        files.read("huge.log")
    assert err.value.option == "path" and "holds %d bytes" % (AMPServerFiles.MAX_BYTES + 1) in err.value.message
    # the listing told the size: no chunk was read
    assert [m for m, _p in file_calls(sim)] == ["GetDirectoryListing"]
    with pytest.raises(ReconcileError):
        files.read("../outside.txt")


def test_running_and_restart(panel):
    sim, _folder, files = panel
    assert files.is_running() is False
    instance = sim.state.find_instance("Survival01")
    instance.app_state = 20  # Ready
    files.client.list_instances(refresh=True)
    assert files.is_running() is True
    sim.clear_log()
    files.restart()
    assert [r.call for r in sim.writes()] == ["Core/Restart"]


def test_a_stopped_instance_names_server(amp_sim):
    amp_sim.add_instance("Survival01", running=False)
    client = AMPClient(amp_sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)
    files = AMPServerFiles(client, server_scope(*Instances(client).resolve("Survival01")))
    with pytest.raises(ReconcileError) as err:
        files.read("server.properties")
    assert err.value.option == "server" and "is not running" in err.value.message
    assert amp_sim.writes() == []
