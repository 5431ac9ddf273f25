# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The desired-state document: its generated schema, its validation, and DocumentRun with an in-memory panel.

The in-memory panel has every kind (roles and webhooks too, which
Pterodactyl lacks), so the panel-agnostic order, references, purge and
error paths are shown here; tests/integration/test_apply.py shows them on
the Pterodactyl simulator.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO
from ansible_collections.gameops.panels.plugins.module_utils import document as doc
from ansible_collections.gameops.panels.plugins.module_utils.backups import BackupRun
from ansible_collections.gameops.panels.plugins.module_utils.document_sync import DocumentRun, export_document
from ansible_collections.gameops.panels.plugins.module_utils.driver import Context, Handler, PanelDriver
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, Change, Plan
from ansible_collections.gameops.panels.plugins.module_utils.task_run import TaskRun


def test_the_generated_schema_files_are_up_to_date():
    """doc fragment, module_utils/document_schema.py and the role's argument_specs.yml follow the modules' docs."""
    done = subprocess.run([sys.executable, str(REPO / "tools" / "document_schema.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_entries_take_their_modules_options_minus_the_per_task_ones():
    servers = set(doc.ENTRIES["servers"])
    # every panel's server options (Pterodactyl's and Crafty's here) ...
    assert servers >= {"name", "external_id", "owner", "egg", "limits", "deployment", "state", "jar", "memory", "port"}
    # ... but not those that steer one task
    assert not servers & {"match_on", "force", "install_timeout", "delete_files"}
    assert "scan_gap" not in doc.ENTRIES["schedules"] and "id" not in doc.ENTRIES["roles"]
    assert doc.ENTRIES["users"]["password"]["no_log"] is True
    assert doc.ENTRIES["backups"]["state"]["choices"] == ["present", "absent", "locked", "unlocked"]
    spec = doc.schema()
    assert set(spec) == {"roles", "users", "locations", "nodes", "servers"}
    assert set(spec["servers"]["options"]) >= {"subusers", "databases", "backups", "schedules", "webhooks"}
    # a database entry is its name and remote: the per-task password options are no part of a document
    assert set(doc.ENTRIES["databases"]) == {"name", "remote", "state"}
    # a reinstall is an action of the server module, not a state a document declares
    assert doc.ENTRIES["servers"]["state"]["choices"] == ["present", "absent"]
    # what a server refers to comes first; deletions run in the reverse order
    keys = [s.key for s in doc.TOP_SECTIONS]
    assert keys.index("locations") < keys.index("nodes") < keys.index("servers")
    # a server's settings are its own option (AMP's server module), not a section of their own
    assert spec["servers"]["options"]["settings"]["type"] == "dict" and "settings" not in doc.SECTION_BY_KEY


# -- validation ---------------------------------------------------------------------------------

def problems(document):
    with pytest.raises(doc.DocumentError) as caught:
        doc.validate(document)
    return caught.value.problems


def test_values_are_converted_as_ansible_converts_module_options():
    document, _v = doc.validate({"servers": [{"name": 42, "limits": {"memory": "2048"}, "suspended": "yes",
                                              "schedules": [{"name": "n", "is_active": "false",
                                                             "tasks": [{"action": "backup", "time_offset": "30"}]}]}]})
    server = document["servers"][0]
    assert server["name"] == "42" and server["limits"] == {"memory": 2048} and server["suspended"] is True
    assert server["schedules"][0] == {"name": "n", "enabled": False, "tasks": [{"action": "backup", "time_offset": 30}]}


def test_every_bad_value_is_reported_with_its_path():
    found = problems({
        "users": [{"username": "a"}, {"username": "b", "admin": "maybe"}],
        "servers": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d", "limits": {"memory": "lots"}},
                    {"name": "e", "schedules": [{"cron": "* * * * *", "tasks": [{"payload": "x", "time_offset": "soon"}]}]},
                    {"name": "f", "subusers": [None], "power_state": "asleep"}],
        "severs": [],
    })
    paths = [path for path, _message in found]
    assert paths == ["users[1].admin", "servers[3].limits.memory", "servers[4].schedules[0].tasks[0].time_offset",
                     "servers[4].schedules[0].name", "servers[5].subusers[0]", "servers[5].power_state", "severs"]
    messages = dict(found)
    assert messages["servers[3].limits.memory"].startswith("must be of type int, got 'lots'")
    assert messages["servers[4].schedules[0].name"] == "is required"
    assert messages["servers[5].power_state"] == "must be one of started, stopped, restarted, killed, got 'asleep'"
    assert messages["severs"] == ("unknown section (did you mean 'servers'? known: locations, nodes, roles, servers, "
                                  "users)")
    assert str(doc.DocumentError(found)).startswith("users[1].admin: must be of type bool")


def test_secrets_are_collected_never_echoed_and_placeholders_dropped():
    document, validator = doc.validate({"users": [
        {"username": "a", "password": "hunter2-long"},
        {"username": "b", "password": doc.SECRET_PLACEHOLDER}]})
    assert validator.secrets == ["hunter2-long"]
    assert validator.placeholders == ["users[1].password"]
    assert document["users"][1] == {"username": "b"}
    found = problems({"users": [{"username": "a", "password": ["hunter2-long"]}]})
    assert found[0][0] == "users[0].password" and "hunter2" not in found[0][1]


def test_an_export_keeps_what_an_entry_declares_and_leaves_secrets_as_placeholders():
    users, servers = doc.SECTION_BY_KEY["users"], doc.SECTION_BY_KEY["servers"]
    assert doc.exported(users, {"id": 3, "username": "a", "email": "a@x", "external_id": None, "admin": False}) == {
        "username": "a", "email": "a@x", "admin": False, "password": doc.SECRET_PLACEHOLDER}
    assert doc.exported(servers, {"id": 1, "uuid": "u", "name": "s", "limits": {"memory": 1, "threads": None},
                                  "status": None, "node": "n"}) == {"name": "s", "limits": {"memory": 1}}


# -- DocumentRun with an in-memory panel ----------------------------------------------------------

class Store:
    """The in-memory panel: tables per scope, and a log of every operation in order."""

    def __init__(self):
        self.tables = {}
        self.log = []

    def table(self, scope):
        return self.tables.setdefault(scope, {})

    @property
    def writes(self):
        return [entry for entry in self.log if entry[0] != "list"]


class MemoryHandler(Handler, Adapter):
    kind = None
    key = "name"
    options = frozenset(["name", "username", "first_name", "owner", "value", "url", "state"])
    write_only = frozenset(["secret"])

    def __init__(self, ctx):
        self.ctx = ctx
        self.store = ctx.client
        server = ctx._server
        self.scope = (self.kind, server["name"]) if server is not None else (self.kind,)

    def list(self):
        self.store.log.append(("list",) + self.scope)
        return [dict(o) for o in self.store.table(self.scope).values()]

    def create(self, desired):
        self.store.log.append(("create",) + self.scope + (desired[self.key],))
        self.store.table(self.scope)[desired[self.key]] = dict(desired)
        return dict(desired)

    def update(self, current, desired, changed):
        self.store.log.append(("update",) + self.scope + (desired[self.key],))
        self.store.table(self.scope)[desired[self.key]] = dict(desired)
        return dict(desired)

    def delete(self, current):
        self.store.log.append(("delete",) + self.scope + (current[self.key],))
        del self.store.table(self.scope)[current[self.key]]


class Role(MemoryHandler):
    kind = "role"


class User(MemoryHandler):
    kind = "user"
    key = "username"


class Server(MemoryHandler):
    kind = "server"

    def validate(self, desired, current):
        # a reference to another section, resolved from what the run has planned so far
        users = [u["username"] for u in self.ctx.objects.get("user", [])]
        if desired.get("owner") and desired["owner"] not in users:
            raise ReconcileError("no user %r" % desired["owner"], option="owner")


class Webhook(MemoryHandler):
    kind = "webhook"


class Backup(Handler):
    """A task kind, like Pterodactyl's backups."""
    options = frozenset(["name", "keep_last", "state"])
    runs = []

    @classmethod
    def build(cls, ctx):
        return cls()

    def run(self, **fields):
        self.runs.append(fields)
        return BackupRun(Plan("backup", [Change("create", fields["name"], desired={"name": fields["name"]})], frozenset()))


class MemoryDriver(PanelDriver):
    name = "memory"
    title = "Memory"
    handlers = {"role": Role, "user": User, "server": Server, "webhook": Webhook, "backup": Backup}

    def __init__(self, store):
        self.store = store

    def connect(self, params, secrets=()):
        return self.store


def run_document(store, document, check_mode=False, purge=(), driver=None, report_unchanged=False):
    validated, _v = doc.validate(document)
    ctx = Context(driver or MemoryDriver(store), {}, check_mode=check_mode)
    run = DocumentRun(ctx, validated, {}, purge=purge, report_unchanged=report_unchanged)
    run.check()
    return run.run()


DOCUMENT = {
    "roles": [{"name": "mods"}],
    "users": [{"username": "alice"}],
    "servers": [{"name": "survival", "owner": "alice", "webhooks": [{"name": "discord", "url": "https://x"}],
                 "backups": [{"name": "first"}]}],
}


def test_sections_go_in_dependency_order_and_a_new_server_is_not_read():
    store = Store()
    result = run_document(store, DOCUMENT)
    # every collection is read and planned before the first write; then the writes, in the same order
    assert store.log == [
        ("list", "role"), ("list", "user"), ("list", "server"),
        ("create", "role", "mods"),
        ("create", "user", "alice"),
        ("create", "server", "survival"),
        ("create", "webhook", "survival", "discord"),
    ]
    assert Backup.runs[-1] == {"name": "first", "state": "present"}
    assert result["summary"] == {"add": 5, "change": 0, "destroy": 0, "unchanged": 0}
    assert [r["path"] for r in result["plan"]] == ["roles[0]", "users[0]", "servers[0]", "servers[0].backups[0]",
                                                   "servers[0].webhooks[0]"]


def test_check_mode_resolves_references_to_objects_it_only_plans_and_writes_nothing():
    store = Store()
    result = run_document(store, DOCUMENT, check_mode=True)
    assert store.writes == []
    assert result["summary_text"] == "Plan: 5 to add, 0 to change, 0 to destroy."


def test_deletions_run_last_children_first_and_purge_only_the_named_sections():
    store = Store()
    run_document(store, {"roles": [{"name": "old"}], "users": [{"username": "bob"}, {"username": "alice"}],
                         "servers": [{"name": "survival", "owner": "alice", "webhooks": [{"name": "w"}]},
                                     {"name": "old", "owner": "bob", "webhooks": [{"name": "w"}]}]})
    store.log.clear()
    result = run_document(store, {"users": [{"username": "alice", "first_name": "Alice"}],
                                  "servers": [{"name": "survival", "owner": "alice"}]},
                          purge=["roles", "users", "servers", "webhooks"])
    assert store.writes == [
        ("update", "user", "alice"),
        ("delete", "webhook", "survival", "w"),
        ("delete", "server", "old"),
        ("delete", "user", "bob"),
        ("delete", "role", "old"),
    ]
    # the plan lists objects in planning order; the writes above show the order they ran in
    assert result["drift"] == ["- role old (not in the document)", "~ user alice (users[0]): first_name",
                               "- user bob (not in the document)", "- server old (not in the document)",
                               "- webhook w (in server survival, not in the document)"]
    store.log.clear()
    run_document(store, {"servers": [{"name": "survival", "webhooks": [{"name": "new"}]}]}, purge=["roles"])
    assert store.writes == [("create", "webhook", "survival", "new")]


def test_the_plan_lists_what_changes_and_counts_the_rest_per_section_unless_asked_for_everything():
    store = Store()
    document = {"users": [{"username": "alice"}, {"username": "bob"}],
                "servers": [{"name": "survival", "owner": "alice", "webhooks": [{"name": "a"}, {"name": "b"}]}]}
    run_document(store, document)
    document["users"][1]["first_name"] = "Bob"
    result = run_document(store, document)
    assert [(r["path"], r["action"]) for r in result["plan"]] == [("users[1]", "update")]
    assert result["plan"][0]["fields"] == {"first_name": {"before": None, "after": "Bob"}}
    assert result["unchanged"] == {"users": 1, "servers": 1, "servers.webhooks": 2}
    assert result["summary"] == {"add": 0, "change": 1, "destroy": 0, "unchanged": 4}
    assert result["drift"] == ["~ user bob (users[1]): first_name"]

    everything = run_document(store, document, report_unchanged=True)
    assert [(r["path"], r["action"]) for r in everything["plan"]] == [
        ("users[0]", "unchanged"), ("users[1]", "unchanged"), ("servers[0]", "unchanged"),
        ("servers[0].webhooks[0]", "unchanged"), ("servers[0].webhooks[1]", "unchanged")]
    assert everything["unchanged"] == {"users": 2, "servers": 1, "servers.webhooks": 2}


class File(Handler):
    """A task kind keeping whole files, like server_file: ``texts`` holds each server's files."""
    options = frozenset(["path", "content", "src", "state", "restart"])
    task_key = "path"
    texts, writes = {}, []

    def __init__(self, ctx):
        self.ctx = ctx

    @classmethod
    def build(cls, ctx):
        return cls(ctx)

    def run(self, path, content=None, state="present", **_other):
        where = (self.ctx.server["name"], path)
        before = self.texts.get(where)
        if before == content:
            return TaskRun(False, {"changes": []})
        if not self.ctx.check_mode:
            self.writes.append(where)
            self.texts[where] = content
        action = "create" if before is None else "update"
        return TaskRun(True, {"changes": [{"action": action, "key": path, "fields": {}}]},
                       {"prepared": "-%s\n+%s\n" % (before, content)})


class FileDriver(MemoryDriver):
    handlers = dict(MemoryDriver.handlers, server_file=File)


def apply_files(store, document, check_mode=False):
    validated, _v = doc.validate(document)
    run = DocumentRun(Context(FileDriver(store), {}, check_mode=check_mode), validated, {}, report_unchanged=True)
    run.check()
    return run, run.run()


def test_a_task_kind_plans_in_check_mode_first_writes_only_what_differs_and_its_prepared_diff_is_kept():
    store = Store()
    File.texts.clear()
    del File.writes[:]
    document = {"users": [{"username": "alice"}],
                "servers": [{"name": "survival", "owner": "alice", "files": [{"path": "motd.txt", "content": "hi"}]}]}
    # a server the same document creates: its files are planned as new ones, then written once it exists
    plan, result = apply_files(store, document, check_mode=True)
    assert File.writes == [] and store.writes == []
    assert [(r["kind"], r["key"], r["action"], r["path"]) for r in result["plan"]][-1] == (
        "server_file", "motd.txt", "create", "servers[0].files[0]")
    _run, result = apply_files(store, document)
    assert File.writes == [("survival", "motd.txt")]

    document["servers"][0]["files"][0]["content"] = "bye"
    plan, result = apply_files(store, document, check_mode=True)
    assert File.writes == [("survival", "motd.txt")]
    assert plan.diffs == [{"prepared": "# servers[survival].files (servers[0].files[0])\n-hi\n+bye\n"}]
    assert result["summary_text"] == "Plan: 0 to add, 1 to change, 0 to destroy."

    _run, result = apply_files(store, document)
    assert File.writes == [("survival", "motd.txt"), ("survival", "motd.txt")]
    _run, again = apply_files(store, document)
    assert File.writes == [("survival", "motd.txt"), ("survival", "motd.txt")]
    assert again["changed"] is False
    assert [(r["kind"], r["key"], r["action"]) for r in again["plan"]][-1] == ("server_file", "motd.txt", "unchanged")


def test_a_kind_or_an_option_the_panel_lacks_fails_with_its_path_before_any_operation():
    class Lacking(MemoryDriver):
        handlers = {"user": User, "server": Server}
        unsupported = {"webhook": "it has none"}
    store = Store()
    with pytest.raises(doc.DocumentError) as caught:
        run_document(store, {"users": [{"username": "a", "password": "x"}, {"username": "b"}],
                             "servers": [{"name": "s", "webhooks": [{"name": "w"}]}]}, driver=Lacking(store))
    assert caught.value.problems == [
        ("users[0].password", "password is not supported on Memory (panel_type=memory); supported there: "
                              "first_name, name, owner, state, url, username, value"),
        ("servers[0].webhooks", "webhook is not supported on Memory (panel_type=memory); it has none"),
    ]
    assert store.log == []


def test_every_problem_the_plan_finds_is_reported_at_once_with_its_path_before_any_write():
    store = Store()
    with pytest.raises(doc.DocumentError) as caught:
        run_document(store, {"users": [{"username": "alice"}, {"username": "alice"}],
                             "servers": [{"name": "a", "owner": "alice"}, {"name": "b", "owner": "nobody"},
                                         {"name": "c", "owner": "somebody"}]})
    assert caught.value.problems == [
        ("users[1].username", "user 'alice' is declared twice"),
        ("servers[1].owner", "no user 'nobody'"),
        ("servers[2].owner", "no user 'somebody'"),
    ]
    assert store.writes == []
    # in check mode too
    with pytest.raises(doc.DocumentError) as caught:
        run_document(store, {"servers": [{"name": "b", "owner": "nobody"}, {"name": "c", "owner": "somebody"}]},
                     check_mode=True)
    assert [path for path, _message in caught.value.problems] == ["servers[0].owner", "servers[1].owner"]


def test_export_writes_what_apply_takes():
    store = Store()
    run_document(store, DOCUMENT)
    ctx = Context(MemoryDriver(store), {})
    document, skipped = export_document(ctx, {}, {"roles", "users", "servers", "webhooks", "backups"})
    assert document == {"roles": [{"name": "mods"}], "users": [{"username": "alice", "password": doc.SECRET_PLACEHOLDER}],
                        "servers": [{"name": "survival", "owner": "alice",
                                     "webhooks": [{"name": "discord", "url": "https://x"}]}]}
    assert skipped == ["backups (data, not configuration)"]
    store.log.clear()
    assert run_document(store, document)["changed"] is False and store.writes == []
