# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.database and database_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

import pytest

from tests.integration.conftest import make_server
from tests.integration.harness import run_playbook, writes

PLUGINS = """
- name: plugins
  gameops.panels.database:
    server_external_id: community-42
    name: plugins
%s"""


def task(extra=""):
    return PLUGINS % "".join("    %s\n" % line for line in extra.splitlines() if line)


@pytest.fixture
def db_server(ptero_sim):
    """The server ``survival`` (external id community-42), allowed 2 databases."""
    return make_server(ptero_sim, databases=2)


def databases(sim, server):
    """name on the host -> row, of every database of ``server``."""
    return dict((row["database"], row) for row in sim.state.rows("databases", server_id=server["id"]))


def base(server):
    return "/api/client/servers/%s/databases" % server["uuidShort"]


def test_create_then_second_run_writes_nothing(ptero_sim, tmp_path, db_server):
    run = run_playbook(ptero_sim, tmp_path, task("remote: '10.0.%'"))
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("POST", base(db_server))]
    post = [r for r in ptero_sim.requests if r.method == "POST"][0]
    assert post.body == {"database": "plugins", "remote": "10.0.%"}
    name = "s%d_plugins" % db_server["id"]
    row = databases(ptero_sim, db_server)[name]
    assert row["remote"] == "10.0.%"
    result = run.task("plugins")["database"]
    assert result["name"] == "plugins" and result["database"] == name and result["remote"] == "10.0.%"
    assert result["username"] == row["username"]
    assert "password" not in result
    assert row["password"] not in run.stdout + run.stderr

    ptero_sim.clear_log()
    # the name as the panel spells it is the same database
    again = run_playbook(ptero_sim, tmp_path, task("remote: '10.0.%'").replace("    name: plugins", "    name: " + name))
    assert again.rc == 0, again
    assert again.changed == 0
    assert writes(ptero_sim) == []
    assert again.task("plugins")["plan"]["summary"] == {"create": 0, "update": 0, "delete": 0, "unchanged": 1}
    assert again.task("plugins")["password_rotated"] is False


def test_check_mode_writes_nothing_and_a_new_remote_fails_naming_the_option(ptero_sim, tmp_path, db_server):
    plan = run_playbook(ptero_sim, tmp_path, task(), check=True, diff=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    assert databases(ptero_sim, db_server) == {}
    assert plan.task("plugins")["plan"]["summary"]["create"] == 1

    assert run_playbook(ptero_sim, tmp_path, task()).rc == 0
    ptero_sim.clear_log()
    moved = run_playbook(ptero_sim, tmp_path, task("remote: 10.0.0.5"))
    assert moved.rc != 0
    assert moved.task("plugins")["option"] == "remote"
    assert "the database plugins accepts connections from %; Pterodactyl cannot change that" in moved.task(
        "plugins")["msg"]
    assert writes(ptero_sim) == []


def test_bad_name_fails_before_any_request(ptero_sim, tmp_path, db_server):
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, task().replace("    name: plugins", "    name: 'no spaces'"))
    assert run.rc != 0
    assert run.task("plugins")["option"] == "name"
    assert "must be 3 to 48 letters, digits, dashes or underscores" in run.task("plugins")["msg"]
    assert ptero_sim.requests == []


def test_rotate_check_mode_then_rotate_and_the_password_never_printed(ptero_sim, tmp_path, db_server):
    assert run_playbook(ptero_sim, tmp_path, task()).rc == 0
    name = "s%d_plugins" % db_server["id"]
    first = databases(ptero_sim, db_server)[name]["password"]
    database_id = databases(ptero_sim, db_server)[name]["id"]
    ptero_sim.clear_log()

    plan = run_playbook(ptero_sim, tmp_path, task("rotate_password: true"), check=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert plan.task("plugins")["password_rotated"] is True
    assert writes(ptero_sim) == []
    assert databases(ptero_sim, db_server)[name]["password"] == first

    run = run_playbook(ptero_sim, tmp_path, task("rotate_password: true"), verbosity=3)
    assert run.rc == 0 and run.changed == 1, run
    assert len(writes(ptero_sim)) == 1
    method, path = writes(ptero_sim)[0]
    assert method == "POST" and path.startswith(base(db_server) + "/") and path.endswith("/rotate-password")
    second = databases(ptero_sim, db_server)[name]["password"]
    assert second != first
    assert second not in run.stdout + run.stderr and first not in run.stdout + run.stderr
    assert databases(ptero_sim, db_server)[name]["id"] == database_id

    # asked for: returned in the registered variable; the task's no_log keeps it out of -vvv
    ptero_sim.clear_log()
    shown = task("return_password: true") + """  register: db
  no_log: true
- name: length
  ansible.builtin.assert:
    that: db.database.password | length > 0
    quiet: true
- name: same
  ansible.builtin.copy:
    content: "{{ db.database.password }}"
    dest: "%s/password.txt"
    mode: "0600"
  no_log: true
""" % tmp_path
    run = run_playbook(ptero_sim, tmp_path, shown, verbosity=3)
    assert run.rc == 0 and run.changed >= 0, run
    assert writes(ptero_sim) == []
    assert (tmp_path / "password.txt").read_text() == second
    assert second not in run.stdout + run.stderr


def test_delete_then_again_and_database_info(ptero_sim, tmp_path, db_server):
    assert run_playbook(ptero_sim, tmp_path, task()).rc == 0
    name = "s%d_plugins" % db_server["id"]
    row = databases(ptero_sim, db_server)[name]

    info = """
- name: info
  gameops.panels.database_info:
    server_external_id: community-42
"""
    read = run_playbook(ptero_sim, tmp_path, info, verbosity=3)
    assert read.rc == 0 and read.changed == 0, read
    listed = read.task("info")["databases"]
    assert [(d["name"], d["database"], d["remote"]) for d in listed] == [("plugins", name, "%")]
    assert "password" not in listed[0] and row["password"] not in read.stdout

    with_password = run_playbook(ptero_sim, tmp_path, info + "    name: plugins\n    return_password: true\n")
    assert with_password.rc == 0, with_password
    assert with_password.task("info")["databases"][0]["password"] == row["password"]

    ptero_sim.clear_log()
    gone = task("state: absent")
    plan = run_playbook(ptero_sim, tmp_path, gone, check=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    run = run_playbook(ptero_sim, tmp_path, gone)
    assert run.rc == 0 and run.changed == 1, run
    assert [m for m, _p in writes(ptero_sim)] == ["DELETE"]
    assert databases(ptero_sim, db_server) == {}
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, gone)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []


@pytest.mark.parametrize("panel_type", ["crafty", "amp"])
def test_other_panels_fail_before_any_request(ptero_sim, tmp_path, panel_type):
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, task("panel_type: %s" % panel_type))
    assert run.rc != 0
    assert "no server databases" in run.task("plugins")["msg"]
    assert ptero_sim.requests == []
