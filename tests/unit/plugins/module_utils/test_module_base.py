# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PanelModule, the base of every module: its options, its checks before any request, and the result it shapes.

The panel is an in-memory stand-in (a driver with one handler for the user kind), so what is shown here is the
module layer's own doing; tests/integration runs the same through ansible-playbook against the simulators.
"""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.gameops.panels.plugins.module_utils import module_base
from ansible_collections.gameops.panels.plugins.module_utils.driver import Handler, PanelDriver
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingCredential, PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.kinds.backup import BACKUP
from ansible_collections.gameops.panels.plugins.module_utils.kinds.user import USER
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter

URL = "https://panel.example.com"


class Users(Handler, Adapter):
    """Users kept in the client's dict, keyed on the username."""

    kind = "user"
    key = "username"
    write_only = frozenset(["password"])
    options = USER.supported("username", "email", "password", "update_password", "match_on", "state")
    info_options = USER.supported_info("username")

    def __init__(self, client):
        self.client = client

    @classmethod
    def build(cls, ctx):
        return cls(ctx.client)

    @classmethod
    def check_params(cls, params, info=False):
        if params.get("email") == "not-an-address":
            raise ReconcileError("must be an e-mail address", option="email")

    def list(self):
        return [dict(user) for user in self.client.users.values()]

    def create(self, desired):
        self.client.write()
        if desired.get("email") == "refused@example.com":
            raise PanelError("the panel refused %s with password %s" % (desired["email"], desired.get("password")),
                             status=422, method="POST", url="/users")
        self.client.users[desired["username"]] = dict((k, v) for k, v in desired.items() if k != "password")
        return dict(self.client.users[desired["username"]])

    def update(self, current, desired, changed):
        self.client.write()
        self.client.users[current["username"]].update((field, desired[field]) for field in changed)
        return dict(self.client.users[current["username"]])

    def delete(self, current):
        self.client.write()
        del self.client.users[current["username"]]


class Client:
    def __init__(self, secrets):
        self.secrets = list(secrets)
        self.users = {"alice": {"username": "alice", "email": "alice@example.com"}}
        self.request_counts = {"GET": 1}
        self.accepted_writes = 0

    def write(self):
        self.request_counts["POST"] = self.request_counts.get("POST", 0) + 1
        self.accepted_writes += 1


class Driver(PanelDriver):
    name = "pterodactyl"
    title = "Stand-in"
    connection_options = frozenset(["api_key"])
    handlers = {"user": Users}
    unsupported = {"role": "the stand-in has no roles"}

    def __init__(self):
        self.clients = []

    def check_connection(self, params, handler_class, info=False):
        if not params.get("api_key"):
            raise MissingCredential("api_key is required for the stand-in", option="api_key")

    def connect(self, params, secrets=()):
        self.clients.append(Client(secrets))
        return self.clients[-1]


class Ended(Exception):
    """exit_json or fail_json was called: ``result`` is what the task returns, ``failed`` whether it failed."""

    def __init__(self, result, failed):
        super().__init__(result)
        self.result = result
        self.failed = failed


@pytest.fixture
def driver(monkeypatch):
    for name in module_base.CONNECTION_ARGS:
        monkeypatch.delenv("GAMEOPS_%s" % name.upper(), raising=False)
    stand_in = Driver()
    monkeypatch.setattr(module_base, "get_driver", lambda panel_type: stand_in)

    def end(failed):
        def ended(self, **result):
            raise Ended(json.loads(json.dumps(result, default=str)), failed)
        return ended
    monkeypatch.setattr(PanelModule, "exit_json", end(False))
    monkeypatch.setattr(PanelModule, "fail_json", end(True))
    return stand_in


def run(args, work=None, kind=USER, info=False, check_mode=False, diff=False, **kwargs):
    """One module run with ``args``; ``work(module)`` is the module's work. Returns the task's result."""
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    with patch_module_args(args):
        with pytest.raises(Ended) as ended:
            module = PanelModule(kind=kind, info=info, **kwargs)
            module.run(lambda: work(module))
    return dict(ended.value.result, failed=ended.value.failed)


def declare_user(module):
    plan, result = module.reconcile(module.handler(), desired=[module.desired()])
    result["user"] = plan.changes[0].result
    return result


def test_the_spec_is_the_kinds_with_the_connection_options_and_for_per_server_kinds_the_server(driver):
    seen = {}

    def specs(module):
        seen["spec"] = module.argument_spec
        return {"changed": False}

    run({"panel_url": URL, "api_key": "k"}, specs)
    assert set(seen["spec"]) == set(USER.options) | set(module_base.CONNECTION_ARGS)
    # backup names its server: one of server and server_external_id, never both
    result = run({"panel_url": URL, "api_key": "k", "server": "a", "server_external_id": "b"}, specs, kind=BACKUP)
    assert result["failed"] and "mutually exclusive: server|server_external_id" in result["msg"]


def test_the_declared_object_is_the_kinds_fields_and_only_they_are_compared(driver):
    result = run({"panel_url": URL, "api_key": "k", "username": "alice", "email": "alice@example.org",
                  "update_password": "on_create"}, declare_user)
    assert not result["failed"] and result["changed"]
    assert result["plan"]["changes"] == [{"action": "update", "key": "alice", "fields": {
        "email": {"before": "alice@example.com", "after": "alice@example.org"}}}]
    assert result["user"] == {"username": "alice", "email": "alice@example.org"}
    assert result["api_requests"] == {"GET": 1, "POST": 1}


def test_check_mode_plans_writes_nothing_and_diff_only_when_asked(driver):
    args = {"panel_url": URL, "api_key": "k", "username": "bob", "email": "bob@example.com", "password": "s3cret!"}
    result = run(args, declare_user, check_mode=True)
    assert result["changed"] and result["plan"]["summary"]["create"] == 1 and "diff" not in result
    assert driver.clients[-1].accepted_writes == 0 and "bob" not in driver.clients[-1].users
    result = run(args, declare_user, check_mode=True, diff=True)
    assert result["diff"]["after"]["bob"] == {"username": "bob", "email": "bob@example.com", "password": "********"}


def test_an_option_the_panel_lacks_fails_before_any_request_naming_it(driver):
    result = run({"panel_url": URL, "api_key": "k", "username": "alice", "roles": ["mods"]}, declare_user)
    assert result["failed"] and result["option"] == "roles"
    assert "roles" in result["msg"] and "Stand-in" in result["msg"]
    assert driver.clients == []


def test_a_kind_the_panel_lacks_fails_naming_panel_type(driver):
    from ansible_collections.gameops.panels.plugins.module_utils.kinds.role import ROLE

    result = run({"panel_url": URL, "api_key": "k", "name": "mods"}, declare_user, kind=ROLE)
    assert result["failed"] and result["option"] == "panel_type"
    assert result["msg"] == "panel_type: role is not supported on Stand-in (panel_type=pterodactyl); the stand-in has no roles"


def test_bad_connection_values_missing_credentials_and_bad_options_fail_before_any_request(driver):
    result = run({"panel_url": "panel.example.com", "api_key": "k", "username": "a"}, declare_user)
    assert result["failed"] and result["option"] == "panel_url"
    result = run({"panel_url": URL, "username": "a"}, declare_user)
    assert result["failed"] and result["option"] == "api_key" and result["msg"] == "api_key is required for the stand-in"
    result = run({"panel_url": URL, "api_key": "k", "username": "a", "email": "not-an-address"}, declare_user)
    assert result["failed"] and result["option"] == "email" and result["msg"] == "email: must be an e-mail address"
    assert driver.clients == []


def test_secrets_go_to_the_client_to_be_redacted_and_a_failed_write_reports_changed(driver):
    result = run({"panel_url": URL, "api_key": "ptla_key", "username": "carol", "email": "refused@example.com",
                  "password": "s3cret!"}, declare_user)
    # the client (its transport) redacts what it is given: the kind's no_log options and the credentials
    assert set(driver.clients[-1].secrets) == {"s3cret!", "ptla_key"}
    assert result["failed"] and result["msg"].startswith("panel request failed - POST /users HTTP 422: ")
    assert result["error"]["status"] == 422
    # the panel accepted a write before the failure: the task changed it
    assert result["changed"] is True


def test_an_info_module_takes_the_info_options_of_its_kind(driver):
    def read(module):
        wanted = module.params["username"]
        return {"changed": False, "users": [u for u in module.handler().list() if u["username"] == wanted]}

    result = run({"panel_url": URL, "api_key": "k", "username": "alice"}, read, info=True)
    assert result["users"] == [{"username": "alice", "email": "alice@example.com"}]
    # an option of user_info this panel lacks, and one user_info does not have at all
    result = run({"panel_url": URL, "api_key": "k", "email": "alice@example.com"}, read, info=True)
    assert result["failed"] and result["option"] == "email"
    assert result["msg"] == "email is not supported on Stand-in (panel_type=pterodactyl); supported there: username"
    result = run({"panel_url": URL, "api_key": "k", "password": "x"}, read, info=True)
    assert result["failed"] and "Unsupported parameters" in result["msg"] and "password" in result["msg"]


def test_a_kind_that_did_more_than_its_plan_gets_its_result_shaped_here(driver):
    """A backup run restores beside its plan: the action is one more change, the diff only in diff mode."""
    from ansible_collections.gameops.panels.plugins.module_utils.backups import BackupRun
    from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler

    def restore(module):
        plan = Reconciler(module.handler(), check_mode=True).plan(desired=[], current=[])
        run = BackupRun(plan, "restore", "nightly", {"truncate": {"before": None, "after": True}}, deleted=[])
        return module.task_result(run)

    args = {"panel_url": URL, "api_key": "k", "username": "alice"}
    result = run(args, restore)
    assert result["changed"] is True and result["deleted"] == [] and "diff" not in result
    assert result["plan"]["summary"]["restore"] == 1
    assert result["plan"]["changes"] == [{"action": "restore", "key": "nightly",
                                          "fields": {"truncate": {"before": None, "after": True}}}]
    assert run(args, restore, diff=True)["diff"] == {"before": {}, "after": {}}
