# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.user and user_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

from tests.integration.harness import reads, run_playbook, writes

ALICE = """
- name: alice
  gameops.panels.user:
    username: alice
    email: alice@example.test
    first_name: Alice
    last_name: Liddell
    password: "Wonderland-1865"
    external_id: crm-1
"""


def users_by_name(sim):
    return dict((u["username"], u) for u in sim.state.users.values())


def test_create_then_second_run_is_a_noop(ptero_sim, tmp_path):
    first = run_playbook(ptero_sim, tmp_path, ALICE)
    assert first.rc == 0, first
    assert first.changed == 1
    alice = users_by_name(ptero_sim)["alice"]
    assert (alice["email"], alice["name_first"], alice["external_id"]) == ("alice@example.test", "Alice", "crm-1")
    assert writes(ptero_sim) == [("POST", "/api/application/users")]
    result = first.task("alice")
    assert result["user"]["username"] == "alice" and "password" not in result["user"]

    ptero_sim.clear_log()
    second = run_playbook(ptero_sim, tmp_path, ALICE)
    assert second.rc == 0, second
    assert second.changed == 0
    assert writes(ptero_sim) == []


def test_changing_one_field_sends_one_patch_with_the_full_body(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, ALICE).rc == 0
    user_id = users_by_name(ptero_sim)["alice"]["id"]
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, ALICE.replace("last_name: Liddell", "last_name: Pleasance"))
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("PATCH", "/api/application/users/%d" % user_id)]
    patch = [r for r in ptero_sim.requests if r.method == "PATCH"][0]
    # PATCH is a full replacement of the required fields; the password is write-only and not resent
    assert patch.body == {"username": "alice", "email": "alice@example.test", "first_name": "Alice",
                          "last_name": "Pleasance"}
    assert users_by_name(ptero_sim)["alice"]["name_last"] == "Pleasance"
    assert run.task("alice")["plan"]["changes"][0]["fields"] == {
        "last_name": {"before": "Liddell", "after": "Pleasance"}}


def test_check_mode_reports_the_change_and_writes_nothing(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, ALICE, check=True, diff=True)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == []
    assert "alice" not in users_by_name(ptero_sim)
    result = run.task("alice")
    assert result["plan"]["summary"]["create"] == 1
    assert result["diff"]["after"]["alice"]["password"] == "********"

    assert run_playbook(ptero_sim, tmp_path, ALICE).rc == 0
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, ALICE.replace("crm-1", "crm-2"), check=True)
    assert run.changed == 1 and writes(ptero_sim) == []
    assert users_by_name(ptero_sim)["alice"]["external_id"] == "crm-1"


def test_update_password_always_sends_it_every_time(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, ALICE).rc == 0
    ptero_sim.clear_log()
    tasks = ALICE + "    update_password: always\n"
    run = run_playbook(ptero_sim, tmp_path, tasks)
    assert run.changed == 1
    patch = [r for r in ptero_sim.requests if r.method == "PATCH"][0]
    assert patch.body["password"] == "Wonderland-1865"


def test_delete_and_delete_again(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, ALICE).rc == 0
    user_id = users_by_name(ptero_sim)["alice"]["id"]
    absent = "- name: remove alice\n  gameops.panels.user:\n    username: alice\n    state: absent\n"
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, absent)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("DELETE", "/api/application/users/%d" % user_id)]
    assert "alice" not in users_by_name(ptero_sim)
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, absent)
    assert run.rc == 0 and run.changed == 0 and writes(ptero_sim) == []


def test_match_on_external_id_renames_the_user(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, ALICE).rc == 0
    renamed = ALICE.replace("username: alice", "username: alice2") + "    match_on: external_id\n"
    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, renamed)
    assert run.rc == 0 and run.changed == 1, run
    assert [m for m, _p in writes(ptero_sim)] == ["PATCH"]
    assert "alice2" in users_by_name(ptero_sim) and "alice" not in users_by_name(ptero_sim)
    assert [r.path for r in reads(ptero_sim)] == ["/api/application/users/external/crm-1"]


def seed_players(sim, count):
    for i in range(count):
        sim.add_user("player-%04d" % i, email="player-%04d@example.test" % i)


def test_lookup_among_many_users_costs_one_request(ptero_sim, tmp_path):
    seed_players(ptero_sim, 260)
    tasks = """
    - name: one of many
      gameops.panels.user:
        username: player-0257
        email: player-0257@example.test
    - name: everyone
      gameops.panels.user_info:
      register: everyone
    """
    run = run_playbook(ptero_sim, tmp_path, tasks)
    assert run.rc == 0, run
    assert run.changed == 0
    list_calls = reads(ptero_sim, "/api/application/users")
    # one request for the lookup, one for the full listing: the page size is raised past the default 50
    assert len(list_calls) == 2
    assert all(int(r.query["per_page"]) >= 1000 for r in list_calls)
    assert len(run.task("everyone")["users"]) == 261
    assert writes(ptero_sim) == []


def test_pagination_is_followed_when_the_panel_caps_pages(ptero_sim, tmp_path):
    seed_players(ptero_sim, 260)
    ptero_sim.max_page_size = 50
    tasks = """
    - name: everyone
      gameops.panels.user_info:
    - name: the last one
      gameops.panels.user_info:
        username: player-0259
    """
    run = run_playbook(ptero_sim, tmp_path, tasks)
    assert run.rc == 0, run
    assert len(run.task("everyone")["users"]) == 261
    assert [u["username"] for u in run.task("the last one")["users"]] == ["player-0259"]
    pages = [r.query.get("page") for r in reads(ptero_sim, "/api/application/users")]
    assert pages[:6] == ["1", "2", "3", "4", "5", "6"]


def test_panel_validation_error_names_the_field(ptero_sim, tmp_path):
    tasks = """
    - name: bad username
      gameops.panels.user:
        username: bad
        email: bad@example.test
        first_name: Bad
        last_name: Name
        language: xx
    """
    # (a malformed username is refused before any request now; a language the panel lacks only the panel knows)
    run = run_playbook(ptero_sim, tmp_path, tasks)
    assert run.rc != 0
    result = run.task("bad username")
    assert result["failed"]
    assert result["msg"].startswith("the panel rejected the request (HTTP 422) - language: ")
    assert result["error"]["field_errors"][0]["field"] == "language"


def test_missing_field_for_create_fails_before_any_request_writes(ptero_sim, tmp_path):
    tasks = """
    - name: incomplete
      gameops.panels.user:
        username: carol
        email: carol@example.test
    """
    run = run_playbook(ptero_sim, tmp_path, tasks)
    result = run.task("incomplete")
    assert result["failed"] and result["msg"] == "first_name: is required to create user 'carol'"
    assert writes(ptero_sim) == []


def test_rate_limited_burst_is_retried(ptero_sim, tmp_path):
    ptero_sim.inject_fault(status=429, count=3, retry_after=1)
    run = run_playbook(ptero_sim, tmp_path, ALICE)
    assert run.rc == 0, run
    assert run.changed == 1
    statuses = [r.status for r in ptero_sim.requests]
    assert statuses[:3] == [429, 429, 429]
    assert "alice" in users_by_name(ptero_sim)
    # the POST was sent exactly once: no duplicate on retry
    assert writes(ptero_sim) == [("POST", "/api/application/users")]


def test_rate_limit_on_a_write_is_retried_without_duplicates(ptero_sim, tmp_path):
    ptero_sim.inject_fault(status=429, count=2, retry_after=1, method="POST")
    run = run_playbook(ptero_sim, tmp_path, ALICE)
    assert run.rc == 0, run
    posts = [r.status for r in ptero_sim.requests if r.method == "POST"]
    assert posts == [429, 429, 201]
    assert list(users_by_name(ptero_sim)).count("alice") == 1
