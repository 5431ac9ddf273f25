# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.backup and backup_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

import datetime

import pytest

from tests.integration.harness import run_playbook, writes
from tests.simulators.pterodactyl import DEFAULT_CLIENT_KEY
from tests.simulators.pterodactyl.client_backups import complete_backup, create_backup


@pytest.fixture
def sim(ptero_sim, game_server):
    """The simulator with backups finishing at once and no creation throttle (tests about those set them)."""
    ptero_sim.backup_duration = 0
    ptero_sim.backup_throttle = None
    return ptero_sim


def task(body, name="backup", module="backup"):
    lines = "\n".join("    " + line for line in body.strip("\n").splitlines())
    return "- name: %s\n  gameops.panels.%s:\n    server_external_id: community-42\n%s\n" % (name, module, lines)


def base(server):
    return "/api/client/servers/%s/backups" % server["uuidShort"]


def seed(sim, server, name, hours_ago=1, locked=False, outcome="success"):
    """A backup made directly in the panel state, finished ``hours_ago`` hours ago."""
    backup = create_backup(sim, server, name, [], locked)
    sim.state.pending.pop("backup:%d" % backup["id"], None)
    if outcome == "success":
        complete_backup(sim, backup)
    elif outcome == "failed":
        sim.state.update(backup, {"completed_at": sim.state.now(), "is_successful": False})
    backup["created_at"] = sim.state.now() - datetime.timedelta(hours=hours_ago)
    return backup


def live(sim, server):
    return [b for b in sim.state.rows("backups", server_id=server["id"]) if b["deleted_at"] is None]


def names(sim, server):
    return sorted(b["name"] for b in live(sim, server))


def test_create_waits_for_completion_and_second_run_is_a_noop(sim, game_server, tmp_path):
    play = task("name: nightly\nignored: [logs/, '*.tmp']")
    run = run_playbook(sim, tmp_path, play)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(sim) == [("POST", base(game_server))]
    (post,) = [r for r in sim.requests if r.method == "POST"]
    assert post.body == {"name": "nightly", "ignored": "logs/\n*.tmp"}
    (backup,) = live(sim, game_server)
    assert backup["name"] == "nightly" and backup["is_successful"] and backup["completed_at"] is not None
    assert backup["ignored_files"] == ["logs/", "*.tmp"]
    result = run.task("backup")
    assert result["backup"]["status"] == "completed" and result["backup"]["uuid"] == backup["uuid"]
    assert result["backup"]["checksum"].startswith("sha1:")
    assert result["plan"]["summary"] == {"create": 1, "update": 0, "delete": 0, "unchanged": 0}

    sim.clear_log()
    # ignored is create-only: a different list does not touch the existing backup
    again = run_playbook(sim, tmp_path, play.replace("logs/", "cache/"))
    assert again.rc == 0, again
    assert again.changed == 0
    assert writes(sim) == []
    assert len(live(sim, game_server)) == 1


def test_lock_is_read_before_it_is_toggled(sim, game_server, tmp_path):
    backup = seed(sim, game_server, "pre-update")
    lock = ("POST", "%s/%s/lock" % (base(game_server), backup["uuid"]))

    run = run_playbook(sim, tmp_path, task("name: pre-update\nstate: locked"))
    assert run.rc == 0 and run.changed == 1, run
    assert writes(sim) == [lock]
    assert backup["is_locked"] is True
    assert run.task("backup")["plan"]["changes"] == [
        {"action": "update", "key": "pre-update", "fields": {"locked": {"before": False, "after": True}}}]

    sim.clear_log()
    again = run_playbook(sim, tmp_path, task("name: pre-update\nstate: locked"))
    assert again.rc == 0 and again.changed == 0, again
    assert writes(sim) == []
    assert backup["is_locked"] is True

    sim.clear_log()
    unlock = run_playbook(sim, tmp_path, task("name: pre-update\nstate: unlocked"))
    assert unlock.rc == 0 and unlock.changed == 1, unlock
    assert writes(sim) == [lock]
    assert backup["is_locked"] is False


def test_missing_backup_is_created_locked(sim, game_server, tmp_path):
    run = run_playbook(sim, tmp_path, task("name: keep-me\nstate: locked"))
    assert run.rc == 0, run
    assert writes(sim) == [("POST", base(game_server))]
    (backup,) = live(sim, game_server)
    assert backup["is_locked"] is True and run.task("backup")["backup"]["locked"] is True


def test_check_mode_plans_without_writing(sim, game_server, tmp_path):
    seed(sim, game_server, "old-1", hours_ago=3)
    seed(sim, game_server, "old-2", hours_ago=2)
    seed(sim, game_server, "old-3", hours_ago=1)
    run = run_playbook(sim, tmp_path, task("name: fresh\nkeep_last: 1\nkeep_last_match: '*'"), check=True, diff=True)
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(sim) == []
    assert names(sim, game_server) == ["old-1", "old-2", "old-3"]
    result = run.task("backup")
    assert result["plan"]["summary"] == {"create": 1, "update": 0, "delete": 3, "unchanged": 0}
    assert sorted(d["name"] for d in result["deleted"]) == ["old-1", "old-2", "old-3"]
    assert result["backup"]["name"] == "fresh" and result["backup"]["uuid"] is None
    assert "fresh" in result["diff"]["after"]


def test_absent_deletes_and_second_run_is_a_noop(sim, game_server, tmp_path):
    backup = seed(sim, game_server, "scratch")
    run = run_playbook(sim, tmp_path, task("name: scratch\nstate: absent"))
    assert run.rc == 0 and run.changed == 1, run
    assert writes(sim) == [("DELETE", "%s/%s" % (base(game_server), backup["uuid"]))]
    assert backup["deleted_at"] is not None
    assert run.task("backup")["deleted"] == [{"uuid": backup["uuid"], "name": "scratch"}]

    sim.clear_log()
    again = run_playbook(sim, tmp_path, task("name: scratch\nstate: absent"))
    assert again.rc == 0 and again.changed == 0, again
    assert writes(sim) == []


def test_absent_on_a_locked_backup_needs_force(sim, game_server, tmp_path):
    backup = seed(sim, game_server, "precious", locked=True)
    run = run_playbook(sim, tmp_path, task("name: precious\nstate: absent"))
    assert run.rc != 0
    assert "backup 'precious' is locked" in run.task("backup")["msg"]
    assert run.task("backup")["option"] == "force"
    assert writes(sim) == []

    forced = run_playbook(sim, tmp_path, task("name: precious\nstate: absent\nforce: true"))
    assert forced.rc == 0 and forced.changed == 1, forced
    path = "%s/%s" % (base(game_server), backup["uuid"])
    assert writes(sim) == [("POST", path + "/lock"), ("DELETE", path)]
    assert live(sim, game_server) == []


def test_keep_last_frees_room_first_and_rotates_the_rest_after(sim, game_server, tmp_path):
    # ids are not in age order: retention goes by created_at
    middle = seed(sim, game_server, "mid", hours_ago=2)
    oldest = seed(sim, game_server, "oldest", hours_ago=3)
    seed(sim, game_server, "newest", hours_ago=1)
    run = run_playbook(sim, tmp_path, task("name: fresh\nkeep_last: 2\nkeep_last_match: '*'"))
    assert run.rc == 0, run
    # the limit (3) is reached: the oldest goes before the create, the other victim after the new backup finished
    assert writes(sim) == [
        ("DELETE", "%s/%s" % (base(game_server), oldest["uuid"])),
        ("POST", base(game_server)),
        ("DELETE", "%s/%s" % (base(game_server), middle["uuid"])),
    ]
    assert names(sim, game_server) == ["fresh", "newest"]
    assert [d["name"] for d in run.task("backup")["deleted"]] == ["oldest", "mid"]


def test_keep_last_never_touches_locked_backups_and_is_idempotent(sim, game_server, tmp_path):
    sim.state.update(sim.state.servers[game_server["id"]], {"backup_limit": 5})
    seed(sim, game_server, "keeper", hours_ago=10, locked=True)
    seed(sim, game_server, "d1", hours_ago=3)
    seed(sim, game_server, "d2", hours_ago=2)
    seed(sim, game_server, "d3", hours_ago=1)
    play = task("name: fresh\nkeep_last: 2\nkeep_last_match: '*'")
    run = run_playbook(sim, tmp_path, play)
    assert run.rc == 0, run
    # room enough under the limit: create first, delete only after it completed
    assert [w[0] for w in writes(sim)] == ["POST", "DELETE", "DELETE"]
    assert names(sim, game_server) == ["d3", "fresh", "keeper"]

    sim.clear_log()
    again = run_playbook(sim, tmp_path, play)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(sim) == []

    # pure retention, without a name
    only = run_playbook(sim, tmp_path, task("keep_last: 0\nkeep_last_match: '*'"))
    assert only.rc == 0 and only.changed == 1, only
    assert names(sim, game_server) == ["keeper"]


def test_backup_limit_reached_fails_before_any_write(sim, game_server, tmp_path):
    for hours, name in ((3, "a"), (2, "b"), (1, "c")):
        seed(sim, game_server, name, hours_ago=hours)
    run = run_playbook(sim, tmp_path, task("name: d"))
    assert run.rc != 0
    msg = run.task("backup")["msg"]
    assert "server 'survival' has reached its backup limit of 3 (3 backups exist)" in msg
    assert "set keep_last" in msg
    assert writes(sim) == []

    # keep_last cannot help when every backup is locked
    for backup in live(sim, game_server):
        sim.state.update(backup, {"is_locked": True})
    locked = run_playbook(sim, tmp_path, task("name: d\nkeep_last: 1\nkeep_last_match: '*'"))
    assert locked.rc != 0
    assert "backup limit of 3" in locked.task("backup")["msg"]
    assert locked.task("backup")["option"] == "keep_last"
    assert writes(sim) == []


def test_wait_timeout_fails_clearly_and_the_next_run_does_not_start_another(sim, game_server, tmp_path):
    sim.backup_duration = 3600
    play = task("name: big\nwait_timeout: 2")
    run = run_playbook(sim, tmp_path, play)
    assert run.rc != 0
    msg = run.task("backup")["msg"]
    assert "backup 'big'" in msg and "is still running on the panel after 2 seconds" in msg
    assert "the next run waits for it instead of starting another" in msg
    assert writes(sim) == [("POST", base(game_server))]
    # it started a backup before failing: the result says so
    assert run.task("backup")["changed"] is True and run.failed == 1

    sim.clear_log()
    still = run_playbook(sim, tmp_path, task("name: big\nwait_timeout: 1"))
    assert still.rc != 0 and "still running" in still.task("backup")["msg"]
    assert writes(sim) == []
    assert still.task("backup")["changed"] is False  # this run wrote nothing

    (backup,) = live(sim, game_server)
    key = "backup:%d" % backup["id"]
    sim.state.pending[key] = (0, sim.state.pending[key][1])  # Wings reports it finished
    sim.clear_log()
    done = run_playbook(sim, tmp_path, play)
    assert done.rc == 0 and done.changed == 0, done
    assert writes(sim) == []
    assert done.task("backup")["backup"]["status"] == "completed"
    assert len(live(sim, game_server)) == 1


def test_failed_backup_fails_the_task_and_is_replaced_next_run(sim, game_server, tmp_path):
    sim.backup_outcome = "failed"
    run = run_playbook(sim, tmp_path, task("name: nightly"))
    assert run.rc != 0
    assert "failed on the panel" in run.task("backup")["msg"]
    assert run.task("backup")["changed"] is True
    (failed,) = live(sim, game_server)

    sim.backup_outcome = "success"
    sim.clear_log()
    retry = run_playbook(sim, tmp_path, task("name: nightly"))
    assert retry.rc == 0 and retry.changed == 1, retry
    assert writes(sim) == [("DELETE", "%s/%s" % (base(game_server), failed["uuid"])), ("POST", base(game_server))]
    (backup,) = live(sim, game_server)
    assert backup["is_successful"] and backup["uuid"] != failed["uuid"]


def test_duplicate_names_fail_before_any_write(sim, game_server, tmp_path):
    seed(sim, game_server, "twin", hours_ago=2)
    seed(sim, game_server, "twin", hours_ago=1)
    run = run_playbook(sim, tmp_path, task("name: twin\nstate: locked"))
    assert run.rc != 0
    assert "2 backups of server 'survival' are named 'twin'" in run.task("backup")["msg"]
    assert run.task("backup")["option"] == "name"
    assert writes(sim) == []


def test_restore_sends_truncate_and_check_mode_sends_nothing(sim, game_server, tmp_path):
    backup = seed(sim, game_server, "pre-update")
    play = task("name: pre-update\nstate: restored\ntruncate: true")
    check = run_playbook(sim, tmp_path, play, check=True)
    assert check.rc == 0 and check.changed == 1, check
    assert writes(sim) == []
    assert check.task("backup")["plan"]["changes"] == [
        {"action": "restore", "key": "pre-update", "fields": {"truncate": {"before": None, "after": True}}}]

    run = run_playbook(sim, tmp_path, play)
    assert run.rc == 0 and run.changed == 1, run
    restore = [r for r in sim.requests if r.method == "POST"]
    path = "%s/%s/restore" % (base(game_server), backup["uuid"])
    assert [(r.path, r.body) for r in restore] == [(path, {"truncate": True})]
    assert sim.state.servers[game_server["id"]]["status"] == "restoring_backup"


def test_restore_refuses_missing_and_running_backups(sim, game_server, tmp_path):
    missing = run_playbook(sim, tmp_path, task("name: nope\nstate: restored"))
    assert missing.rc != 0
    assert "server 'survival' has no backup named 'nope' to restore" in missing.task("backup")["msg"]

    sim.backup_duration = 3600
    create_backup(sim, game_server, "running")
    sim.clear_log()
    running = run_playbook(sim, tmp_path, task("name: running\nstate: restored\nwait: false"))
    assert running.rc != 0
    assert "backup 'running' is still in progress" in running.task("backup")["msg"]
    assert writes(sim) == []


def test_throttled_create_is_retried_after_the_panel_says(sim, game_server, tmp_path):
    # a window long enough that ansible-playbook starts inside it even on a loaded machine
    sim.backup_throttle = (1, 20)
    seed(sim, game_server, "just-now", hours_ago=0)
    run = run_playbook(sim, tmp_path, task("name: second"))
    assert run.rc == 0, run
    posts = [r for r in sim.requests if r.method == "POST"]
    # the transport waited as Retry-After said; second-resolution timestamps may need one more round
    statuses = [r.status for r in posts]
    assert statuses[0] == 429 and statuses[-1] == 200 and set(statuses[:-1]) == {429}, statuses
    assert names(sim, game_server) == ["just-now", "second"]


def test_panel_side_limit_refusal_is_reported_clearly(sim, game_server, tmp_path):
    # another job took the last slot between our read and our create
    sim.inject_fault(status=400, count=1, method="POST", path_prefix=base(game_server), code="TooManyBackupsException",
                     detail="Cannot create a new backup, this server has reached its limit of 3 backups.")
    run = run_playbook(sim, tmp_path, task("name: late"))
    assert run.rc != 0
    assert run.task("backup")["msg"] == (
        "the panel refused to start backup 'late': Cannot create a new backup, this server has reached its limit of 3 "
        "backups. (another backup was probably started meanwhile; nothing was created)")
    assert writes(sim) == [("POST", base(game_server))]
    assert live(sim, game_server) == []


def test_bad_input_fails_before_any_request(sim, game_server, tmp_path):
    run = run_playbook(sim, tmp_path, task("state: locked"))
    assert run.rc != 0
    assert run.task("backup")["msg"] == "name: is required with state=locked"
    bad = run_playbook(sim, tmp_path, task("name: x\nkeep_last: -1"))
    assert bad.task("backup")["msg"] == "keep_last: must be 0 or more, got -1"
    assert sim.requests == []
    # keep_last=0 clashing with the declared backup is found after the reads, still before any write
    zero = run_playbook(sim, tmp_path, task("name: x\nkeep_last: 0\nkeep_last_match: '*'"))
    assert "keep_last=0 would delete backup 'x'" in zero.task("backup")["msg"]
    assert writes(sim) == []


def test_backup_info_lists_newest_first_with_the_limit(sim, game_server, tmp_path):
    seed(sim, game_server, "older", hours_ago=2)
    wanted = seed(sim, game_server, "newer", hours_ago=1, locked=True)
    seed(sim, game_server, "broken", hours_ago=3, outcome="failed")
    play = (task("", name="all", module="backup_info")
            + task("name: newer\ndownload_url: true", name="one", module="backup_info"))
    run = run_playbook(sim, tmp_path, play, verbosity=3)
    assert run.rc == 0 and run.changed == 0, run
    assert writes(sim) == []
    everything = run.task("all")
    assert [b["name"] for b in everything["backups"]] == ["newer", "older", "broken"]
    assert [b["status"] for b in everything["backups"]] == ["completed", "completed", "failed"]
    assert (everything["backup_count"], everything["backup_limit"]) == (2, 3)
    one = run.task("one")
    assert [b["uuid"] for b in one["backups"]] == [wanted["uuid"]] and one["backups"][0]["locked"] is True
    assert "/download/backup?token=" in one["download_url"]
    assert DEFAULT_CLIENT_KEY not in run.output


def test_keep_last_rotates_only_the_backups_it_manages(sim, game_server, tmp_path):
    """Ad-hoc backups made by people (other names) are never rotated away, by default or with a pattern."""
    sim.state.update(sim.state.servers[game_server["id"]], {"backup_limit": 10})
    seed(sim, game_server, "before-mod-update", hours_ago=50)
    seed(sim, game_server, "Backup at 2026-01-02 10:00", hours_ago=40)
    for day in (1, 2, 3):
        seed(sim, game_server, "nightly-2026-01-0%d" % day, hours_ago=30 - day)
    seed(sim, game_server, "weekly-2026-01-01", hours_ago=35)
    play = task("name: nightly-2026-01-04\nkeep_last: 2", name="default") + task(
        "name: weekly-2026-01-08\nkeep_last: 1\nkeep_last_match: 'weekly-*'", name="pattern")
    run = run_playbook(sim, tmp_path, play)
    assert run.rc == 0, run
    # the name's leading part is the default pattern: nightly-* only
    assert run.task("default")["keep_last_match"] == "nightly-*"
    assert [d["name"] for d in run.task("default")["deleted"]] == ["nightly-2026-01-02", "nightly-2026-01-01"]
    assert [d["name"] for d in run.task("pattern")["deleted"]] == ["weekly-2026-01-01"]
    assert names(sim, game_server) == sorted([
        "Backup at 2026-01-02 10:00", "before-mod-update", "nightly-2026-01-03", "nightly-2026-01-04",
        "weekly-2026-01-08"])

    # without a name nothing implies a pattern: it must be given, and the task fails before any request
    sim.clear_log()
    bare = run_playbook(sim, tmp_path, task("keep_last: 1"))
    assert bare.rc != 0
    assert bare.task("backup")["msg"].startswith("keep_last_match: is required with keep_last when name is not set")
    assert sim.requests == []


def test_a_wait_says_what_it_waited_for_and_how_long(sim, game_server, tmp_path):
    """A wait worth a warning (half its limit here; ten seconds or more in general) says so; a short one does not."""
    sim.backup_duration = 1
    run = run_playbook(sim, tmp_path, task("name: weekly-2026-01-08\nwait_timeout: 2"))
    assert run.rc == 0, run
    result = run.task("backup")
    assert result["backup"]["status"] == "completed"
    [warning] = [w for w in result["warnings"] if "waited" in w]
    assert warning.startswith("waited ") and warning.endswith(" for backup 'weekly-2026-01-08' to complete (the limit "
                                                              "was 2 s)")
    polls = [r for r in sim.requests if r.method == "GET" and "/backups/" in r.path]
    assert 1 <= len(polls) <= 4  # backed off: 0.25 s, 0.5 s, 1 s, ...
    quick = run_playbook(sim, tmp_path, task("name: weekly-2026-01-09\nwait_timeout: 60"))
    assert quick.task("backup")["backup"]["status"] == "completed"
    assert [w for w in quick.task("backup").get("warnings", []) if "waited" in w] == []
