# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Crafty server's files (crafty/files.py) against the simulator's 4.10.7 file routes, and 4.0.8's refusal."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import CraftyClient
from ansible_collections.gameops.panels.plugins.module_utils.crafty.files import CraftyServerFiles
from ansible_collections.gameops.panels.plugins.module_utils.errors import CraftyError, ReconcileError, Unsupported
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

# what a save of big.txt sends besides its text
EMPTY_BODY = '{"path": "big.txt", "contents": "", "overwrite": true}'


def client_for(sim):
    return CraftyClient(sim.url, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD, retries=1,
                        timeout=5, sleep=lambda seconds: None)


@pytest.fixture
def panel(crafty_sim_factory):
    sim = crafty_sim_factory("4.10.7")
    row = sim.add_server("survival")
    tree = sim.state.files[row["server_id"]]
    tree.put("server.properties", "motd=hello\nserver-port=25565\n")
    client = client_for(sim)
    client.version  # pylint: disable=pointless-statement
    sim.clear_log()
    files = CraftyServerFiles(client, {"id": row["server_id"], "name": "survival", "label": "'survival'"})
    return sim, row["server_id"], tree, files


def calls(sim):
    return [(r.method, r.path.rsplit("/files", 1)[-1] or "/files", r.body) for r in sim.requests
            if "/files" in r.path]


def test_read_a_file_and_a_missing_one(panel):
    sim, _server_id, _tree, files = panel
    assert files.read("server.properties") == "motd=hello\nserver-port=25565\n"
    assert files.read("/server.properties") == "motd=hello\nserver-port=25565\n"
    assert files.read("config/missing.yml") is None
    assert files.read("missing.txt") is None
    # reads only, each one POST of the read route
    assert [(m, b) for m, _p, b in calls(sim)] == [
        ("POST", {"path": "server.properties"}), ("POST", {"path": "server.properties"}),
        ("POST", {"path": "config/missing.yml"}), ("POST", {"path": "missing.txt"})]


def test_a_folder_is_not_a_file(panel):
    _sim, _server_id, tree, files = panel
    tree.put("config/a.yml", "a: 1\n")
    with pytest.raises(CraftyError) as err:
        files.read("config")
    assert (err.value.option, err.value.message) == ("path", "config of Crafty server 'survival' is a folder, not a file")


def test_a_file_that_is_not_text_names_the_path(panel):
    _sim, _server_id, tree, files = panel
    tree.put("world/level.dat", b"\x1f\x8b\x08\x00\xff")
    with pytest.raises(CraftyError) as err:
        files.read("world/level.dat")
    assert err.value.option == "path"
    assert err.value.message.startswith("Crafty cannot read world/level.dat of server 'survival' as UTF-8 text (")


def test_write_an_existing_file_is_one_save(panel):
    sim, _server_id, tree, files = panel
    assert files.read("server.properties") is not None
    sim.clear_log()
    files.write("server.properties", "motd=changed\n")
    assert calls(sim) == [("PATCH", "/files", {"path": "server.properties", "contents": "motd=changed\n",
                                               "overwrite": True})]
    assert tree.entries["server.properties"].content == b"motd=changed\n"


def test_write_a_new_file_creates_its_missing_folders_from_the_top(panel):
    sim, _server_id, tree, files = panel
    tree.put("plugins/readme.txt", "x")
    assert files.read("plugins/Essentials/config.yml") is None
    sim.clear_log()
    files.write("plugins/Essentials/config.yml", "motd: hi\n")
    # the deepest existing folder found by reads, then the missing folder, the empty file and its text
    assert calls(sim) == [
        ("POST", "/files", {"path": "plugins/Essentials"}),
        ("POST", "/files", {"path": "plugins"}),
        ("PUT", "/create", {"parent": "plugins", "name": "Essentials", "directory": True}),
        ("PUT", "/create", {"parent": "plugins/Essentials", "name": "config.yml", "directory": False}),
        ("PATCH", "/files", {"path": "plugins/Essentials/config.yml", "contents": "motd: hi\n", "overwrite": True})]
    assert tree.entries["plugins/Essentials"].directory
    assert tree.entries["plugins/Essentials/config.yml"].content == b"motd: hi\n"
    assert files.read("plugins/Essentials/config.yml") == "motd: hi\n"


def test_write_in_a_new_folder_tree_and_at_the_top(panel):
    sim, _server_id, tree, files = panel
    files.write("a/b/c.txt", "deep\n")
    files.write("top.txt", "top\n")
    assert tree.entries["a"].directory and tree.entries["a/b"].directory
    assert tree.entries["a/b/c.txt"].content == b"deep\n" and tree.entries["top.txt"].content == b"top\n"
    creates = [b for m, p, b in calls(sim) if m == "PUT"]
    assert creates == [{"parent": "", "name": "a", "directory": True}, {"parent": "a", "name": "b", "directory": True},
                       {"parent": "a/b", "name": "c.txt", "directory": False},
                       {"parent": "", "name": "top.txt", "directory": False}]


def test_a_file_in_the_way_of_a_folder_fails_before_writing(panel):
    sim, _server_id, tree, files = panel
    with pytest.raises(CraftyError) as err:
        files.write("server.properties/x.txt", "x")
    assert err.value.message == "server.properties of Crafty server 'survival' is a file, so it cannot hold a folder"
    assert [m for m, _p, _b in calls(sim)] == ["POST", "POST"]
    assert "server.properties/x.txt" not in tree.entries


def test_delete(panel):
    sim, _server_id, tree, files = panel
    files.delete("server.properties")
    assert "server.properties" not in tree.entries
    assert calls(sim) == [("DELETE", "/files", {"file_system_objects": [{"filename": "server.properties"}]})]
    assert files.read("server.properties") is None


def test_size_limit_and_carriage_returns_fail_before_any_request(panel):
    sim, _server_id, tree, files = panel
    with pytest.raises(ReconcileError) as err:
        files.write("big.txt", "x" * CraftyServerFiles.MAX_BYTES)
    assert err.value.option == "content"
    assert err.value.message.startswith("big.txt would be a request of %d bytes; Crafty (Tornado) takes at most %d"
                                        % (CraftyServerFiles.MAX_BYTES + len(EMPTY_BODY), CraftyServerFiles.MAX_BYTES))
    with pytest.raises(ReconcileError) as err:
        files.write("server.properties", "a=1\r\n")
    assert err.value.option == "content" and "carriage return" in err.value.message
    with pytest.raises(ReconcileError) as err:
        files.read("../outside.txt")
    assert err.value.option == "path"
    assert calls(sim) == []
    assert tree.entries["server.properties"].content == b"motd=hello\nserver-port=25565\n"


def test_the_file_reads_are_not_counted_as_changes():
    class Request:
        def __init__(self, method, path_url):
            self.method, self.path_url = method, path_url

    assert not CraftyClient.changes_panel(Request("POST", "/api/v2/servers/abc/files"))
    assert CraftyClient.changes_panel(Request("PATCH", "/api/v2/servers/abc/files"))
    assert CraftyClient.changes_panel(Request("PUT", "/api/v2/servers/abc/files/create"))
    assert CraftyClient.changes_panel(Request("POST", "/api/v2/servers/abc/backups"))


def test_running_and_restart(panel):
    sim, server_id, _tree, files = panel
    assert files.is_running() is False
    sim.state.server_status[server_id]["running"] = True
    assert files.is_running() is True
    sim.clear_log()
    files.restart()
    assert [(r.method, r.path) for r in sim.writes()] == [
        ("POST", "/api/v2/servers/%s/action/restart_server" % server_id)]


def test_crafty_4_0_8_is_refused_before_any_request_but_the_version(crafty_sim_factory):
    sim = crafty_sim_factory("4.0.8")
    row = sim.add_server("survival")
    files = CraftyServerFiles(client_for(sim), {"id": row["server_id"], "name": "survival", "label": "'survival'"})
    for call in (lambda: files.read("server.properties"), lambda: files.write("server.properties", "a=1\n"),
                 lambda: files.delete("server.properties")):
        with pytest.raises(Unsupported) as err:
            call()
        assert str(err.value) == ("path: server files (the file routes of Crafty 4.10): not available on Crafty 4.0.8, "
                                  "the version of this panel (needs Crafty 4.10 or later)")
    assert [(r.method, r.path) for r in sim.requests] == [("GET", "/api/v2")]
