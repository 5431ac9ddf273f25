# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine after writes whose outcome is unknown, and across identities (no duplicates, ever)."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import References
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.servers import ServerAdapter
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.users import UserAdapter
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.schedules import ScheduleAdapter
from ansible_collections.gameops.panels.plugins.module_utils.errors import AmbiguousWrite, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import CREATE, UPDATE, Adapter, Reconciler
from tests.integration.conftest import make_server

USERS = "/api/application/users"
ALICE = {"username": "alice", "email": "alice@example.test", "first_name": "Alice", "last_name": "Liddell",
         "password": "s3cret-Passw0rd"}


def client_for(sim):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    return PterodactylClient(sim.url, DEFAULT_APP_KEY, client_api_key=DEFAULT_CLIENT_KEY, timeout=2)


def converge(adapter, desired=(), absent=()):
    engine = Reconciler(adapter)
    return engine.apply(engine.plan(desired=[dict(d) for d in desired], absent=absent))


def posts(sim, path):
    return [r.status for r in sim.requests if r.method == "POST" and r.path == path]


def users_named(sim, username):
    return [u for u in sim.state.users.values() if u["username"] == username]


@pytest.mark.parametrize("kind, phase", [("lost", None), ("timeout", None), ("502", "after"), ("504", "after")])
def test_a_create_whose_answer_was_lost_is_read_back_and_not_sent_again(ptero_sim, kind, phase):
    ptero_sim.chaos.configure(rate=1, kinds=[kind], phase=phase, methods=["POST"], max_faults=1, delay=2.5)
    plan = converge(UserAdapter(client_for(ptero_sim)), desired=[ALICE])
    assert posts(ptero_sim, USERS) == [201]
    # after the POST: one read back by the natural key
    after = ptero_sim.requests[[r.method for r in ptero_sim.requests].index("POST") + 1:]
    assert [(r.method, r.path, r.query.get("filter[username]")) for r in after] == [("GET", USERS, "alice")]
    assert len(users_named(ptero_sim, "alice")) == 1
    assert plan.changes[0].action == CREATE and plan.changes[0].result["username"] == "alice"


@pytest.mark.parametrize("kind", ["502", "503", "reset"])
def test_a_create_that_never_reached_the_panel_is_sent_again_after_the_read_back(ptero_sim, kind):
    ptero_sim.chaos.configure(rate=1, kinds=[kind], phase="before", methods=["POST"], max_faults=1)
    converge(UserAdapter(client_for(ptero_sim)), desired=[ALICE])
    assert posts(ptero_sim, USERS) == [201]  # the first POST never reached the panel
    # plan (by username, then by e-mail: no other user may hold it), read back, create
    assert [r.method for r in ptero_sim.requests] == ["GET", "GET", "GET", "POST"]
    assert len(users_named(ptero_sim, "alice")) == 1


def test_a_half_done_create_is_finished_by_an_update(ptero_sim):
    """The schedule was created but the answer for its first task was lost: no second schedule, no extra task."""
    game_server = make_server(ptero_sim)
    server = {"identifier": game_server["uuidShort"], "uuid": game_server["uuid"], "name": game_server["name"]}
    ptero_sim.chaos.configure(rate=1, kinds=["lost"], methods=["POST"], paths=["/tasks"], max_faults=1)
    desired = {"name": "nightly", "cron": "0 4 * * *",
               "tasks": [{"action": "command", "payload": "say hi"}, {"action": "command", "payload": "save-all"}]}
    plan = converge(ScheduleAdapter(client_for(ptero_sim), server), desired=[desired])
    (schedule,) = [s for s in ptero_sim.state.schedules.values() if s["name"] == "nightly"]
    tasks = sorted((t for t in ptero_sim.state.tasks.values() if t["schedule_id"] == schedule["id"]),
                   key=lambda t: t["sequence_id"])
    assert [t["payload"] for t in tasks] == ["say hi", "save-all"]
    assert [r.path.rsplit("/", 1)[-1] for r in ptero_sim.requests if r.method == "POST"] == ["schedules", "tasks", "tasks"]
    assert [t["payload"] for t in plan.changes[0].result["tasks"]] == ["say hi", "save-all"]


class Memory(Adapter):
    """A panel in a dict, whose writes can be made to lose their answer: no lookup of its own."""

    kind = "widget"

    def __init__(self):
        self.objects, self.lose, self.calls = {}, set(), []

    def list(self):
        self.calls.append("list")
        return [dict(o) for o in self.objects.values()]

    def _maybe_lose(self, action):
        self.calls.append(action)
        if action in self.lose:
            self.lose.discard(action)
            raise AmbiguousWrite("answer lost")

    def create(self, desired):
        self.objects[desired["name"]] = dict(desired)
        self._maybe_lose("create")
        return dict(desired)

    def update(self, current, desired, changed):
        self.objects[current["name"]] = dict(desired)
        self._maybe_lose("update")
        return dict(desired)

    def delete(self, current):
        self.objects.pop(current["name"])
        self._maybe_lose("delete")


@pytest.mark.parametrize("action, before, desired, absent", [
    ("create", {}, [{"name": "w", "size": 1}], []),
    ("update", {"w": {"name": "w", "size": 0}}, [{"name": "w", "size": 1}], []),
    ("delete", {"w": {"name": "w", "size": 0}}, [], ["w"]),
])
def test_every_adapter_gets_read_back_without_code_of_its_own(action, before, desired, absent):
    adapter = Memory()
    adapter.objects = dict(before)
    adapter.lose = {action}
    converge(adapter, desired=desired, absent=absent)
    # the write happened once, was read back once, and was not repeated
    assert adapter.calls == ["list", action, "list"]
    assert adapter.objects == ({} if absent else {"w": {"name": "w", "size": 1}})


def test_an_adapter_that_keeps_its_list_is_told_to_read_again_before_the_read_back():
    class Caching(Memory):
        """Lists once per run, like an adapter that scans or indexes the panel."""

        def __init__(self):
            super().__init__()
            self.cached = None

        def refresh(self):
            self.calls.append("refresh")
            self.cached = None

        def list(self):
            if self.cached is None:
                self.cached = super().list()
            return self.cached

    adapter = Caching()
    adapter.lose = {"create"}
    converge(adapter, desired=[{"name": "w", "size": 1}])
    # without refresh the read-back would see the cached, empty list and create "w" a second time
    assert adapter.calls == ["list", "create", "refresh", "list"]
    assert adapter.objects == {"w": {"name": "w", "size": 1}}


def test_a_write_that_stays_unknown_fails_after_three_attempts_without_duplicates():
    class Vanishing(Memory):
        def create(self, desired):
            self.calls.append("create")
            raise AmbiguousWrite("gateway timeout")

    adapter = Vanishing()
    with pytest.raises(ReconcileError) as err:
        converge(adapter, desired=[{"name": "w"}])
    assert adapter.calls == ["list", "create", "list", "create", "list", "create", "list"]
    assert "after 3 attempts in a row without progress its outcome is still unknown" in str(err.value)
    assert "the next run reads the panel again" in str(err.value)


def test_a_server_known_by_name_is_adopted_by_a_new_external_id(ptero_sim):
    make_server(ptero_sim, name="survival", external_id="to-be-removed")["external_id"] = None
    client = client_for(ptero_sim)
    adapter = ServerAdapter(client, References(client), match_on="external_id")
    plan = converge(adapter, desired=[{"name": "survival", "external_id": "community-42"}])
    change = plan.changes[0]
    assert change.action == UPDATE and change.fields["external_id"] == (None, "community-42")
    servers = [s for s in ptero_sim.state.servers.values() if s["name"] == "survival"]
    assert [s["external_id"] for s in servers] == ["community-42"]
    assert [r.method for r in ptero_sim.requests if r.method != "GET"] == ["PATCH"]


def test_a_server_known_by_name_with_another_external_id_is_refused_before_writing(ptero_sim):
    make_server(ptero_sim, name="survival", external_id="community-41")
    client = client_for(ptero_sim)
    adapter = ServerAdapter(client, References(client), match_on="external_id")
    with pytest.raises(ReconcileError) as err:
        converge(adapter, desired=[{"name": "survival", "external_id": "community-42", "owner": "alice", "egg": "Paper",
                                    "limits": {"memory": 1024, "disk": 1024}, "deployment": {"locations": ["eu-west"]}}])
    assert err.value.option == "name"
    assert str(err.value) == (
        "name: name 'survival' already exists with external_id 'community-41'; declaring external_id 'community-42' "
        "would create a second server with that name. To adopt the existing one (and change its external_id), match "
        "it on name (match_on: name); otherwise declare another name")
    assert [r for r in ptero_sim.requests if r.method != "GET"] == []
    assert len(ptero_sim.state.servers) == 1


def test_a_user_whose_email_is_taken_by_another_user_is_refused_before_writing(ptero_sim):
    ptero_sim.add_user("alice", email="alice@example.test")
    with pytest.raises(ReconcileError) as err:
        converge(UserAdapter(client_for(ptero_sim)), desired=[dict(ALICE, username="alice2")])
    assert err.value.option == "email" and "email 'alice@example.test' already exists with username 'alice'" in str(err.value)
    assert [r for r in ptero_sim.requests if r.method != "GET"] == []


def test_a_user_without_external_id_is_adopted_when_matched_on_it(ptero_sim):
    ptero_sim.add_user("alice", email="alice@example.test")
    client = client_for(ptero_sim)
    plan = converge(UserAdapter(client, match_on="external_id"), desired=[dict(ALICE, external_id="crm-7")])
    assert plan.changes[0].action == UPDATE
    assert [u["external_id"] for u in users_named(ptero_sim, "alice")] == ["crm-7"]


class Stepwise(Adapter):
    """A panel whose create is one request per field (AMP's user: CreateUser, ResetUserPassword, UpdateUserInfo,
    role memberships); ``faults`` lists the steps whose answer is lost (after they were applied) or that fail
    before the panel applied them."""

    kind = "user"
    write_only = frozenset(["password"])
    write_only_in_create = False
    STEPS = ("password", "email", "roles")

    def __init__(self, faults):
        self.objects, self.passwords, self.faults, self.calls = {}, {}, list(faults), []

    def list(self):
        return [dict(o) for o in self.objects.values()]

    def _step(self, name, field, value):
        self.calls.append(field or "create")
        applied, fault = True, None
        if self.faults and self.faults[0][0] == (field or "create"):
            fault = self.faults.pop(0)[1]
            applied = fault == "lost"
        if applied:
            if field is None:
                self.objects[name] = {"name": name}
            elif field == "password":
                self.passwords[name] = value
            else:
                self.objects[name][field] = value
        if fault:
            raise AmbiguousWrite("%s %s" % (field, fault))

    def create(self, desired):
        self._step(desired["name"], None, None)
        for field in self.STEPS:
            if field in desired:
                self._step(desired["name"], field, desired[field])
        return dict(self.objects[desired["name"]])

    def update(self, current, desired, changed):
        for field in self.STEPS:
            if field in changed:
                self._step(current["name"], field, desired[field])
        return dict(self.objects[current["name"]])

    def delete(self, current):
        raise NotImplementedError


ALICE_STEPS = {"name": "alice", "password": "Secret-1", "email": "a@example.test", "roles": ["mods"]}


def test_a_create_of_several_requests_finishes_though_each_of_three_gets_a_fault():
    """Attempts that make progress do not count against the limit (the AMP soak's run 5: three faults, three steps)."""
    adapter = Stepwise([("password", "503"), ("email", "lost"), ("roles", "503")])
    plan = converge(adapter, desired=[dict(ALICE_STEPS)])
    assert plan.changes[0].result == {"name": "alice", "email": "a@example.test", "roles": ["mods"]}
    assert adapter.passwords == {"alice": "Secret-1"}
    assert adapter.calls == ["create", "password", "password", "email", "roles", "roles"]


def test_a_password_set_by_a_request_of_its_own_is_sent_again_after_an_unknown_create():
    """Without write_only_in_create = False the engine took the password for sent with the create: a user without one."""
    adapter = Stepwise([("create", "lost")])
    converge(adapter, desired=[dict(ALICE_STEPS)])
    assert adapter.passwords == {"alice": "Secret-1"}
    assert len(adapter.objects) == 1


def test_a_write_that_makes_no_progress_still_stops_after_three_attempts():
    adapter = Stepwise([("create", "lost")] + [("roles", "503")] * 5)
    with pytest.raises(ReconcileError) as err:
        converge(adapter, desired=[dict(ALICE_STEPS)])
    # the first roles request belonged to an attempt that made progress (password and email); three more did not
    assert adapter.calls == ["create", "password", "email", "roles", "roles", "roles", "roles"]
    assert "after 3 attempts in a row without progress" in str(err.value)
    assert len(adapter.objects) == 1
