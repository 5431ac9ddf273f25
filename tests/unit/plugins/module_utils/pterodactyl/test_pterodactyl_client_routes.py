# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PterodactylClient on the client API, against the simulator: keys, server resolution, pagination."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import resolve_server
from tests.integration.conftest import make_server
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY


@pytest.fixture
def game_server(ptero_sim):
    return make_server(ptero_sim)


@pytest.fixture
def two_servers(ptero_sim):
    first = make_server(ptero_sim, name="survival", external_id="community-42")
    second = make_server(ptero_sim, name="survival-2", external_id="community-42-b")
    return first, second


def test_each_call_uses_the_key_of_its_api(ptero_sim):
    client = PterodactylClient(ptero_sim.url, DEFAULT_APP_KEY, client_api_key=DEFAULT_CLIENT_KEY)
    client.list_users()
    client.get_account()
    auth = [(r.path, r.headers["Authorization"]) for r in ptero_sim.requests]
    assert auth == [("/api/application/users", "Bearer " + DEFAULT_APP_KEY),
                    ("/api/client/account", "Bearer " + DEFAULT_CLIENT_KEY)]


def test_a_missing_key_fails_before_sending_and_names_the_option(ptero_sim):
    only_app = PterodactylClient(ptero_sim.url, DEFAULT_APP_KEY)
    with pytest.raises(MissingCredential) as raised:
        only_app.get_account()
    assert raised.value.option == "client_api_key"
    only_client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    with pytest.raises(MissingCredential) as raised:
        only_client.list_users()
    assert raised.value.option == "api_key"
    assert ptero_sim.requests == []
    with pytest.raises(MissingCredential):
        PterodactylClient(ptero_sim.url)


@pytest.mark.parametrize("keys", [dict(api_key=DEFAULT_APP_KEY), dict(client_api_key=DEFAULT_CLIENT_KEY)],
                         ids=["application-key", "client-key"])
def test_servers_resolve_exactly_by_name_and_external_id(ptero_sim, two_servers, keys):
    client = PterodactylClient(ptero_sim.url, **keys)
    first, second = two_servers
    # "survival" is a substring of "survival-2": the panel's filter returns both, the match must not
    assert resolve_server(client, name="survival")["identifier"] == first["uuidShort"]
    assert resolve_server(client, name="survival-2")["identifier"] == second["uuidShort"]
    assert resolve_server(client, external_id="community-42-b")["identifier"] == second["uuidShort"]
    with pytest.raises(ReconcileError) as raised:
        resolve_server(client, name="creative")
    assert raised.value.option == "server"
    assert str(raised.value) == "server: no server with name 'creative' on the panel (or none the API key may see)"


def test_a_root_admin_client_key_finds_servers_it_neither_owns_nor_sub_uses(ptero_sim, two_servers):
    client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    assert resolve_server(client, name="survival")["uuid"] == two_servers[0]["uuid"]
    # the first search (own and subuser servers) is empty, the admin search finds it
    assert [r.query.get("type") for r in ptero_sim.requests if r.path == "/api/client"] == [None, "admin"]


def test_a_non_admin_sees_only_its_own_servers(ptero_sim, two_servers):
    alice = [u for u in ptero_sim.state.users.values() if u["username"] == "alice"][0]
    bob = ptero_sim.add_user("bob", email="bob@example.test")
    as_alice = PterodactylClient(ptero_sim.url, client_api_key=ptero_sim.add_client_key(user_id=alice["id"]))
    as_bob = PterodactylClient(ptero_sim.url, client_api_key=ptero_sim.add_client_key(user_id=bob["id"]))
    assert resolve_server(as_alice, name="survival")["identifier"] == two_servers[0]["uuidShort"]
    with pytest.raises(ReconcileError):
        resolve_server(as_bob, name="survival")


def test_backup_lists_follow_the_client_page_cap(ptero_sim, game_server):
    from tests.simulators.pterodactyl.client_backups import create_backup

    for number in range(55):
        create_backup(ptero_sim, game_server, name="b%02d" % number)
    client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    ptero_sim.clear_log()
    backups = client.list_backups(game_server["uuidShort"])
    assert sorted(b["name"] for b in backups) == ["b%02d" % n for n in range(55)]
    assert [r.query.get("per_page") for r in ptero_sim.requests] == ["50", "50"]


def test_schedule_tasks_come_back_in_sequence_order(ptero_sim, game_server):
    client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    identifier = game_server["uuidShort"]
    schedule = client.create_schedule(identifier, {"name": "nightly", "minute": "0", "hour": "4", "day_of_month": "*",
                                                   "month": "*", "day_of_week": "*", "is_active": True})
    for payload in ("one", "two"):
        client.create_task(identifier, schedule["id"], {"action": "command", "payload": payload, "time_offset": 0})
    # insert at the front: the panel shifts the others up
    client.create_task(identifier, schedule["id"], {"action": "command", "payload": "zero", "time_offset": 0, "sequence_id": 1})
    (listed,) = client.list_schedules(identifier)
    assert [t["payload"] for t in listed["relationships"]["tasks"]] == ["zero", "one", "two"]


def test_two_factor_setup_is_none_once_enabled(ptero_sim):
    from ansible_collections.gameops.panels.plugins.module_utils.totp import current_code
    from tests.simulators.pterodactyl import DEFAULT_ADMIN_PASSWORD

    client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    setup = client.two_factor_setup()
    tokens = client.enable_two_factor(current_code(setup["secret"]), DEFAULT_ADMIN_PASSWORD)
    assert len(tokens) == 10
    assert client.two_factor_setup() is None


def test_backup_download_restore_and_lock_toggle(ptero_sim, game_server):
    client = PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_CLIENT_KEY)
    identifier = game_server["uuidShort"]
    ptero_sim.backup_duration = 0
    created = client.create_backup(identifier, name="before-update", ignored=["logs", "cache/*.tmp"])
    assert client.get_backup(identifier, created["uuid"])["ignored_files"] == ["logs", "cache/*.tmp"]
    assert client.toggle_backup_lock(identifier, created["uuid"])["is_locked"] is True
    assert client.toggle_backup_lock(identifier, created["uuid"])["is_locked"] is False
    assert "/download/backup?token=" in client.backup_download_url(identifier, created["uuid"])
    client.restore_backup(identifier, created["uuid"], truncate=True)
    restore = [r for r in ptero_sim.requests if r.path.endswith("/restore")][0]
    assert restore.body == {"truncate": True}
