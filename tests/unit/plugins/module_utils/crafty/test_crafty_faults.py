# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Crafty client and adapters under the faults the soak found (tests/faults): each fails without its fix."""

from __future__ import annotations

import time

from ansible_collections.gameops.panels.plugins.module_utils.crafty import schedules
from ansible_collections.gameops.panels.plugins.module_utils.crafty.backups import BackupConfigAdapter
from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import CraftyClient
from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import References, resolve_server
from ansible_collections.gameops.panels.plugins.module_utils.crafty.roles import RoleAdapter
from ansible_collections.gameops.panels.plugins.module_utils.crafty.servers import ServerAdapter
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

LOGIN = "/api/v2/auth/login"


def client_for(sim):
    return CraftyClient(sim.url, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD, timeout=2,
                        backoff_factor=0, sleep=lambda seconds: None)


def log(sim, method, part=""):
    return [(r.method, r.status) for r in sim.requests if r.method == method and part in r.path]


def converge(adapter, desired=(), absent=()):
    reconciler = Reconciler(adapter)
    return reconciler.apply(reconciler.plan(desired=desired, absent=absent))


def test_a_login_whose_answer_was_lost_is_sent_again(crafty_sim):
    crafty_sim.chaos.configure(rate=1, kinds=["lost"], paths=[LOGIN], max_faults=1)
    client = client_for(crafty_sim)
    assert client.me()["username"] == DEFAULT_ADMIN_USERNAME
    # the first login was processed and its answer lost; the second one's token is used
    assert log(crafty_sim, "POST", LOGIN) == [("POST", 200), ("POST", 200)]


def test_a_server_delete_whose_answer_was_lost_is_done_when_the_retry_is_refused(crafty_sim):
    """Crafty refuses the retried DELETE of a server it just deleted with 400 NOT_AUTHORIZED (quirk 3), not 404."""
    server = crafty_sim.add_server("doomed")
    client = client_for(crafty_sim)
    client.login()
    crafty_sim.chaos.configure(rate=1, kinds=["lost"], methods=["DELETE"], max_faults=1)
    plan = converge(ServerAdapter(client, References(client), delete_files=True), absent=["doomed"])
    assert plan.summary()["delete"] == 1
    path = "/servers/%s" % server["server_id"]
    assert log(crafty_sim, "DELETE", path) == [("DELETE", 200), ("DELETE", 400)]
    assert not [s for s in crafty_sim.state.servers.values() if s["server_name"] == "doomed"]


def test_a_role_delete_whose_answer_was_lost_is_done_when_the_retry_fails_with_crafty_500(crafty_sim):
    """Crafty answers the DELETE of a role it no longer has with its HTML 500 (quirk 28)."""
    crafty_sim.add_role("doomed")
    client = client_for(crafty_sim)
    client.login()
    crafty_sim.chaos.configure(rate=1, kinds=["lost"], methods=["DELETE"], max_faults=1)
    plan = converge(RoleAdapter(client, References(client)), absent=["doomed"])
    assert plan.summary()["delete"] == 1
    assert log(crafty_sim, "DELETE")[0] == ("DELETE", 200) and set(log(crafty_sim, "DELETE")[1:]) == {("DELETE", 500)}
    assert not [r for r in crafty_sim.state.roles.values() if r["role_name"] == "doomed"]


def test_a_schedule_create_answered_500_after_crafty_made_it_is_read_back_not_duplicated(crafty_sim):
    """A gateway's 500 after the panel processed the POST: the engine reads back (the client kept it ambiguous)."""
    crafty_sim.add_server("survival")
    client = client_for(crafty_sim)
    refs = References(client)
    adapter = schedules.ScheduleAdapter(client, resolve_server(refs, "survival"), gap=3)
    crafty_sim.chaos.configure(rate=1, kinds=["500"], phase="after", methods=["POST"], paths=["/tasks"], max_faults=1)
    plan = converge(adapter, desired=[{"name": "nightly", "cron": "0 4 * * *",
                                       "tasks": [{"action": "command", "payload": "say hi"}]}])
    assert plan.summary()["create"] == 1
    assert [r["name"] for r in crafty_sim.state.schedules.values()] == ["nightly"]
    assert log(crafty_sim, "POST", "/tasks") == [("POST", 200)]


def test_a_proxy_500_on_a_schedule_read_is_not_taken_for_a_missing_id(crafty_sim):
    """Only Tornado's own 500 page means "no such schedule" (quirk 3); another 500 is asked again, so a scan
    never misses an existing row (and the run never creates it a second time)."""
    sid = crafty_sim.add_server("survival")["server_id"]
    client = client_for(crafty_sim)
    adapter = schedules.ScheduleAdapter(client, resolve_server(References(client), "survival"), gap=3)
    converge(adapter, desired=[{"name": "nightly", "cron": "0 4 * * *",
                                "tasks": [{"action": "command", "payload": "say hi"}]}])
    task_id = [r["schedule_id"] for r in crafty_sim.state.schedules.values()][0]
    crafty_sim.chaos.configure(rate=1, kinds=["500"], methods=["GET"], paths=["/tasks/%d" % task_id], max_faults=2)
    assert client.get_task(sid, task_id)["name"] == "nightly"
    assert client.get_task(sid, task_id + 1) is None  # Crafty's own page: gone, at once
    assert crafty_sim.chaos.report()["injected"] == 2


def test_a_delete_whose_every_attempt_timed_out_is_read_back_not_failed(crafty_sim):
    """The soak's seed-2022 run 2: the first DELETE of a backup configuration was processed and its answer held
    back; the retries found it gone (Crafty's 500) or timed out too. No answer at the end leaves the outcome open,
    for a DELETE as for a POST: the engine reads back, finds it gone, and the task succeeds."""
    server = crafty_sim.add_server("survival")
    crafty_sim.state.add_backup_config(server["server_id"], name="doomed")
    client = CraftyClient(crafty_sim.url, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD, timeout=1,
                          backoff_factor=0, sleep=lambda seconds: None)
    adapter = BackupConfigAdapter(client, resolve_server(References(client), "survival"))
    crafty_sim.chaos.configure(rate=1, kinds=["timeout"], methods=["DELETE"], delay=1.3)
    plan = converge(adapter, absent=["doomed"])
    crafty_sim.chaos.off()
    assert plan.summary()["delete"] == 1
    assert not [b for b in crafty_sim.state.backups.values() if b["backup_name"] == "doomed"]
    deletes = log(crafty_sim, "DELETE", "/backups/backup/")
    assert deletes[0] == ("DELETE", 200) and len(deletes) > 1 and set(deletes[1:]) <= {("DELETE", 500)}


def test_a_two_factor_login_whose_answer_was_lost_logs_in_with_the_next_code(crafty_sim, tmp_path, monkeypatch):
    """Crafty accepts each TOTP code once: the lost login may have spent it, so the client claims the next time
    step (waiting for it) and logs in with that code."""
    secret = crafty_sim.enable_totp("admin")
    crafty_sim.state.config["enable_otp_skew"] = True  # the next step's code is accepted 30 s early
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    now, waits = [time.time()], []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    client = CraftyClient(crafty_sim.url, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD,
                          totp_secret=secret, timeout=2, backoff_factor=0, clock=lambda: now[0], sleep=sleep)
    crafty_sim.chaos.configure(rate=1, kinds=["lost"], paths=[LOGIN], max_faults=1)
    assert client.me()["username"] == DEFAULT_ADMIN_USERNAME
    logins = [r for r in crafty_sim.requests if r.path == LOGIN]
    assert [r.status for r in logins] == [200, 200]
    assert logins[0].body["totp"] != logins[1].body["totp"] and len(waits) == 1 and 0 < waits[0] <= 30.05
