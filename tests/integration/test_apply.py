# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.apply and export: a whole panel as one document, through ansible-playbook, on the simulator.

One simulator is converged once for the module (a check-mode plan on the empty
panel, the real run, a second run) and the tests read those runs; tests that
change the panel use their own simulator.
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.integration.harness import READS, run_playbook, writes
from tests.simulators.pterodactyl import PterodactylSimulator

USERS = 130
SERVERS = 60


def big_document():
    """310 objects: 130 users, 60 servers owned by them, 30 subusers, 80 schedules, 10 backup policies."""
    users = [{"username": "admin", "email": "admin@example.test", "first_name": "Panel", "last_name": "Admin",
              "admin": True}]
    users += [{"username": "player-%03d" % i, "email": "player-%03d@example.test" % i, "first_name": "Player",
               "last_name": str(i), "password": "s3cret-%03d-pw" % i} for i in range(1, USERS)]
    servers = []
    for i in range(SERVERS):
        server = {
            "name": "srv-%02d" % i, "external_id": "ext-%02d" % i, "owner": "player-%03d" % (i + 1),
            "nest": "Minecraft", "egg": "Paper", "description": "server %d" % i,
            "environment": {"MINECRAFT_VERSION": "1.21.%d" % (i % 5)},
            "limits": {"memory": 128 + i, "disk": 1024, "cpu": 100},
            "feature_limits": {"backups": 2},
            "deployment": {"locations": ["eu-west"]},
            "schedules": [{"name": "nightly", "cron": "%d 4 * * *" % (i % 60), "tasks": [
                {"action": "command", "payload": "say backup soon"},
                {"action": "backup", "time_offset": 30}]}],
        }
        if i % 3 == 0:
            server["schedules"].append({"name": "restart", "cron": "0 6 * * 1", "only_when_online": True,
                                        "tasks": [{"action": "power", "payload": "restart"}]})
        if i % 2 == 0:
            server["subusers"] = [{"email": "player-%03d@example.test" % (100 + i // 2),
                                   "permissions": ["control.console", "control.start"]}]
        if i % 6 == 0:
            server["backups"] = [{"keep_last": 2, "keep_last_match": "*"}]
        servers.append(server)
    return {"users": users, "servers": servers}


def counts(document):
    servers = document["servers"]
    return {
        "user": len(document["users"]), "server": len(servers),
        "subuser": sum(len(s.get("subusers", [])) for s in servers),
        "schedule": sum(len(s.get("schedules", [])) for s in servers),
        "backup": sum(len(s.get("backups", [])) for s in servers),
    }


def roomy_simulator():
    """A seeded simulator whose first node has room for every server of the document."""
    sim = PterodactylSimulator()
    for port in range(26000, 26100):
        sim.state.add_allocation(1, "127.0.0.1", port)
    sim.start()
    return sim


APPLY_FILE = """
- name: apply
  gameops.panels.apply:
    document: "{{ lookup('ansible.builtin.file', 'document.json') | from_json }}"
"""


@pytest.fixture(scope="module")
def converged(tmp_path_factory):
    """The big document: planned on the empty panel, applied, applied again; the simulator stays up."""
    tmp = tmp_path_factory.mktemp("converged")
    document = big_document()
    (tmp / "document.json").write_text(json.dumps(document))
    sim = roomy_simulator()
    try:
        runs = {}
        runs["check"] = run_playbook(sim, tmp, APPLY_FILE, check=True, diff=True)
        runs["check_requests"] = list(sim.requests)
        sim.clear_log()
        runs["first"] = run_playbook(sim, tmp, APPLY_FILE)
        sim.clear_log()
        runs["second"] = run_playbook(sim, tmp, APPLY_FILE)
        runs["second_requests"] = list(sim.requests)
        yield sim, document, runs, tmp
    finally:
        sim.stop()


def test_a_document_of_310_objects_converges_and_the_second_run_reads_only_list_pages(converged):
    sim, document, runs, _tmp = converged
    assert sum(counts(document).values()) >= 300
    first = runs["first"]
    assert first.rc == 0 and first.changed == 1, first
    result = first.task("apply")
    # everything is new but the seed admin, and the retention policies have nothing to delete yet
    assert result["summary"] == {"add": 299, "change": 0, "destroy": 0, "unchanged": counts(document)["backup"] + 1}
    assert result["summary_text"] == "Apply complete! Resources: 299 added, 0 changed, 0 destroyed."
    # the panel holds the document
    state = sim.state
    assert len(state.users) == USERS
    assert len(state.servers) == SERVERS
    assert len(state.subusers) == counts(document)["subuser"]
    assert len(state.schedules) == counts(document)["schedule"]
    assert len(state.tasks) == sum(len(sc["tasks"]) for s in document["servers"] for sc in s["schedules"])
    by_external = dict((s["external_id"], s) for s in state.servers.values())
    owner = dict((u["id"], u["username"]) for u in state.users.values())
    assert owner[by_external["ext-07"]["owner_id"]] == "player-008"
    assert by_external["ext-07"]["memory"] == 128 + 7 and by_external["ext-07"]["backup_limit"] == 2

    second = runs["second"]
    assert second.rc == 0 and second.changed == 0, second
    assert second.task("apply")["summary"]["unchanged"] == sum(counts(document).values())
    requests = runs["second_requests"]
    assert [r for r in requests if r.method not in READS] == []
    # exactly one read per list the document needs, each one page
    identifiers = dict((s["external_id"], s["uuid"][:8]) for s in state.servers.values())
    # the nests with their eggs in one request (nests?include=eggs.variables)
    expected = ["/api/application/users", "/api/application/servers", "/api/application/nests",
                "/api/client/permissions"]
    for server in document["servers"]:
        for child, route in (("subusers", "users"), ("schedules", "schedules"), ("backups", "backups")):
            if server.get(child):
                expected.append("/api/client/servers/%s/%s" % (identifiers[server["external_id"]], route))
    assert sorted(r.path for r in requests) == sorted(expected)
    assert second.task("apply")["api_requests"] == {"GET": len(expected)}


def test_check_mode_on_the_empty_panel_plans_everything_and_writes_nothing(converged):
    _sim, document, runs, _tmp = converged
    check = runs["check"]
    assert check.rc == 0 and check.changed == 1, check
    assert [r for r in runs["check_requests"] if r.method not in READS] == []
    planned = check.task("apply")
    objects = counts(document)
    # every object but the seed admin and the retention policies (nothing to delete on a new server) is
    # created, servers owned by users the same run creates included
    assert planned["summary"] == {"add": sum(objects.values()) - objects["backup"] - 1, "change": 0, "destroy": 0,
                                  "unchanged": objects["backup"] + 1}
    assert planned["summary_text"] == "Plan: 299 to add, 0 to change, 0 to destroy."
    assert planned["kinds"]["schedule"]["add"] == objects["schedule"]
    srv7 = [r for r in planned["plan"] if r["path"] == "servers[7]"][0]
    assert srv7["action"] == "create" and srv7["fields"]["owner"]["after"] == "player-008"
    # the plan is what the real run then did, object by object
    done = runs["first"].task("apply")["plan"]
    assert [(r["kind"], r["key"], r["path"], r["action"]) for r in planned["plan"]] == \
        [(r["kind"], r["key"], r["path"], r["action"]) for r in done]
    # passwords are masked in the plan and the diff, and never printed
    user = [r for r in planned["plan"] if r["path"] == "users[1]"][0]
    assert user["fields"]["password"]["after"] == "********"
    assert "s3cret-" not in check.output and "s3cret-" not in json.dumps(check.data)
    assert any(d["before_header"] == "servers[ext-00].schedules" for d in planned["diff"])


def test_export_then_apply_on_the_same_panel_changes_nothing(converged):
    sim, document, _runs, tmp = converged
    sim.clear_log()
    run = run_playbook(sim, tmp, """
    - name: export
      gameops.panels.export:
        dest: "{{ playbook_dir }}/exported.yml"
        var_name: panel_document
      register: exported
    - name: apply it back
      gameops.panels.apply:
        document: "{{ exported.document }}"
    """)
    assert run.rc == 0, run
    exported = run.task("export")
    # the panel's own locations and nodes too (the document declares none; its servers hold no database)
    assert exported["counts"] == {"users": USERS, "servers": SERVERS, "subusers": counts(document)["subuser"],
                                  "schedules": counts(document)["schedule"], "locations": len(sim.state.locations),
                                  "nodes": len(sim.state.nodes)}
    assert exported["not_exported"] == ["backups (data, not configuration)", "roles (Pterodactyl has none)",
                                        "webhooks (Pterodactyl has none)"]
    assert all(u["password"] == "<secret: not exported>" for u in exported["document"]["users"])
    assert run.task("apply it back")["changed"] is False
    assert writes(sim) == []
    assert run.changed == 1  # the file was written


def test_an_export_of_one_panel_reproduces_it_on_an_empty_one(converged):
    sim, _document, _runs, tmp = converged
    text = (tmp / "exported.yml").read_text()
    # a startup command's {{SERVER_MEMORY}} is kept literal when Ansible loads the file as variables
    assert "!unsafe 'java -Xms128M -Xmx{{SERVER_MEMORY}}M" in text
    (tmp / "import.yml").write_text("- hosts: localhost\n  gather_facts: false\n  vars_files: [exported.yml]\n"
                                    "  tasks:\n    - name: import\n      gameops.panels.apply:\n"
                                    "        document: \"{{ panel_document }}\"\n"
                                    "    - name: export\n      gameops.panels.export:\n      register: again\n")
    empty = roomy_simulator()
    try:
        from tests.integration.harness import run_ansible
        from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY
        run = run_ansible("ansible-playbook", ["-i", "localhost,", "-c", "local", "import.yml"], tmp, extra_env={
            "GAMEOPS_PANEL_URL": empty.url, "GAMEOPS_API_KEY": DEFAULT_APP_KEY,
            "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY})
        assert run.rc == 0, run
        source = yaml.safe_load(text.replace("!unsafe ", ""))["panel_document"]
        assert run.task("export")["document"] == source
        for table in ("users", "servers", "subusers", "schedules", "tasks", "allocations"):
            assert len(getattr(empty.state, table)) == len(getattr(sim.state, table)), table
    finally:
        empty.stop()


SMALL = """
- name: apply
  gameops.panels.apply:
    document:
      users:
        - {username: admin, email: admin@example.test, first_name: Panel, last_name: Admin, admin: true}
        - {username: alice, email: alice@example.test, first_name: Alice, last_name: Liddell}
        - {username: bob, email: bob@example.test, first_name: Bob, last_name: Builder}
      servers:
        - name: survival
          external_id: s-1
          owner: alice
          egg: Paper
          limits: {memory: 1024, disk: 2048}
          feature_limits: {backups: 1}
          deployment: {locations: [eu-west]}
          subusers:
            - {email: bob@example.test, permissions: [control.console]}
          schedules:
            - {name: nightly, cron: "0 4 * * *", tasks: [{action: command, payload: save-all}]}
    purge: PURGE
"""


def test_purge_removes_only_the_sections_it_names_children_and_parents_in_reverse_order(ptero_sim, tmp_path):
    assert run_playbook(ptero_sim, tmp_path, SMALL.replace("PURGE", "[]")).rc == 0
    # what the document does not declare: a user owning a server, a schedule and a subuser in survival
    from tests.integration.conftest import make_server
    make_server(ptero_sim, name="stray", external_id="stray-1", owner="mallory")
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY
    client = PterodactylClient(ptero_sim.url, DEFAULT_APP_KEY, client_api_key=DEFAULT_CLIENT_KEY)
    survival = client.find_servers(external_id="s-1")[0]["identifier"]
    client.create_schedule(survival, {"name": "stray", "minute": "0", "hour": "1", "day_of_month": "*", "month": "*",
                                      "day_of_week": "*", "is_active": True})
    ptero_sim.add_user("carol", email="carol@example.test")
    client.create_subuser(survival, "carol@example.test", ["control.console"])
    ptero_sim.clear_log()

    run = run_playbook(ptero_sim, tmp_path, SMALL.replace("PURGE", "[schedules]"))
    assert run.rc == 0 and run.changed == 1, run
    result = run.task("apply")
    # what is not purged is unmanaged: listed, never touched
    assert result["drift"] == ["- schedule stray (in server s-1, not in the document)",
                               "? user carol (on the panel, not in the document)",
                               "? user mallory (on the panel, not in the document)",
                               "? server stray-1 (on the panel, not in the document)",
                               "? subuser carol@example.test (in server s-1, not in the document)"]
    assert result["summary_text"] == ("Apply complete! Resources: 0 added, 0 changed, 1 destroyed. 2 unmanaged users: "
                                      "carol, mallory; 1 unmanaged server: stray-1; 1 unmanaged subuser: "
                                      "s-1/carol@example.test.")
    assert [m for m, _p in writes(ptero_sim)] == ["DELETE"]

    def names(table, field):
        return sorted(r[field] for r in getattr(ptero_sim.state, table).values())
    assert names("schedules", "name") == ["nightly"]
    assert "mallory" in names("users", "username") and len(ptero_sim.state.subusers) == 2

    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SMALL.replace("PURGE", "[servers, users, subusers]"))
    assert run.rc == 0, run
    assert sorted(run.task("apply")["drift"]) == [
        "- server stray-1 (not in the document)", "- subuser carol@example.test (in server s-1, not in the document)",
        "- user carol (not in the document)", "- user mallory (not in the document)"]
    deletes = [path for method, path in writes(ptero_sim) if method == "DELETE"]
    # children first, then servers, then users (the panel refuses to delete a user who owns a server)
    assert deletes[0].startswith("/api/client/servers/%s/users/" % survival)
    assert deletes[1].startswith("/api/application/servers/")
    assert all(d.startswith("/api/application/users/") for d in deletes[2:]) and len(deletes) == 4
    assert names("users", "username") == ["admin", "alice", "bob"]
    assert names("servers", "name") == ["survival"]

    ptero_sim.clear_log()
    run = run_playbook(ptero_sim, tmp_path, SMALL.replace("PURGE", "[servers, users, subusers, schedules]"))
    assert run.rc == 0 and run.changed == 0 and writes(ptero_sim) == [], run


BAD = """
- name: memory
  gameops.panels.apply:
    document:
      servers:
        - {name: a, limits: {memory: 1024}}
        - {name: b}
        - {name: c}
        - {name: d, limits: {memory: lots}}
  ignore_errors: true
- name: typo
  gameops.panels.apply:
    document:
      users: [{username: alice, emial: alice@example.test}]
      servers: [{name: a, limitz: {memory: 1}}]
  ignore_errors: true
- name: roles
  gameops.panels.apply:
    document:
      roles: [{name: moderators}]
  ignore_errors: true
- name: webhooks
  gameops.panels.apply:
    document:
      servers: [{name: a, webhooks: [{name: alerts, url: "https://discord.example/hook"}]}]
  ignore_errors: true
- name: cron
  gameops.panels.apply:
    document:
      servers: [{name: a, schedules: [{name: x, cron: "0 4 * *"}]}]
  ignore_errors: true
- name: password
  gameops.panels.apply:
    document:
      users: [{username: alice, password: {not: "a-string-hunter2"}}]
  ignore_errors: true
- name: purge
  gameops.panels.apply:
    document: {}
    purge: [roles]
  ignore_errors: true
- name: no client key
  gameops.panels.apply:
    client_api_key: ""
    document:
      servers: [{name: a, schedules: [{name: x, cron: "0 4 * * *"}]}, {name: b, subusers: [{email: a@b.example}]}]
  ignore_errors: true
- name: wrong key
  gameops.panels.apply:
    api_key: ptlc_pasted_into_the_wrong_option
    document:
      users: [{username: alice, email: alice@example.test}, {username: bob, email: bob@example.test}]
  ignore_errors: true
"""


def test_a_bad_document_fails_with_the_path_of_the_bad_value_and_sends_nothing(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, BAD)
    assert run.rc == 0, run
    assert ptero_sim.requests == []
    memory = run.task("memory")
    assert memory["failed"] and memory["path"] == "servers[3].limits.memory"
    assert memory["msg"].startswith("the document is not valid: servers[3].limits.memory: must be of type int, got 'lots'")
    typo = run.task("typo")
    assert [e["path"] for e in typo["errors"]] == ["users[0].emial", "servers[0].limitz"]
    assert "did you mean 'email'?" in typo["msg"] and "did you mean 'limits'?" in typo["msg"]
    roles = run.task("roles")
    assert roles["path"] == "roles"
    assert "roles: role is not supported on Pterodactyl (panel_type=pterodactyl)" in roles["msg"]
    webhooks = run.task("webhooks")
    assert webhooks["path"] == "servers[0].webhooks" and "webhook is not supported on Pterodactyl" in webhooks["msg"]
    cron = run.task("cron")
    assert cron["path"] == "servers[0].schedules[0].cron" and "must have 5 space-separated fields" in cron["msg"]
    password = run.task("password")
    assert password["path"] == "users[0].password" and "hunter2" not in json.dumps(password)
    assert run.task("purge")["path"] == "purge"
    # a missing credential is named once, as the option to set, whatever needs it
    assert run.task("no client key")["errors"] == [{"path": "client_api_key", "message": (
        "client_api_key is required: a client API key (ptlc_...), or set GAMEOPS_CLIENT_API_KEY")}]
    # so is a key of the wrong API: the option is at fault, not users[0] nor users[1]
    wrong = run.task("wrong key")
    assert wrong["errors"] == [{"path": "api_key", "message": "is not a Pterodactyl application API key: those start "
                                "with ptla_; it starts with ptlc_, so it is a client key: pass it as client_api_key"}]
    assert "pasted_into" not in json.dumps(wrong)


def test_a_reference_the_panel_cannot_resolve_names_its_path(ptero_sim, tmp_path):
    document = """
    - name: apply
      gameops.panels.apply:
        document:
          users: [{username: alice, email: alice@example.test, first_name: A, last_name: L}]
          servers:
            - {name: a, owner: alice, egg: Paper, limits: {memory: 512, disk: 512}, deployment: {locations: [eu-west]}}
            - {name: b, owner: nobody, egg: Paper, limits: {memory: 512, disk: 512}, deployment: {locations: [eu-west]}}
      ignore_errors: true
    """
    # the document declares every user the run creates, so check mode fails where the real run will
    plan = run_playbook(ptero_sim, tmp_path, document, check=True)
    planned = plan.task("apply")
    missing = "no user with username 'nobody' on the panel, nor in the document"
    assert planned["failed"] and planned["path"] == "servers[1].owner", plan
    assert planned["errors"] == [{"path": "servers[1].owner", "message": missing}]
    assert writes(ptero_sim) == []
    # the real run plans the whole document first, and stops there: nothing is written, not even alice
    run = run_playbook(ptero_sim, tmp_path, document)
    result = run.task("apply")
    assert result["failed"] and result["path"] == "servers[1].owner" and result["changed"] is False
    assert result["errors"] == [{"path": "servers[1].owner", "message": missing}]
    assert result["msg"] == ("the document cannot be applied to Pterodactyl (panel_type=pterodactyl) as the panel "
                             "stands (nothing was written): servers[1].owner: " + missing)
    assert planned["msg"] == result["msg"]
    assert writes(ptero_sim) == []


CRAFTY_DOCUMENT = """
- name: apply
  gameops.panels.apply:
    document:
      servers:
        - name: survival
          jar: {type: paper, version: "1.21.1"}
          memory: {min: 1, max: 4}
          port: 25566
          accept_eula: true
          crash_detection: true
          backups:
            - {name: nightly, max_backups: 7, compress: true}
          schedules:
            - {name: nightly, cron: "0 4 * * *", tasks: [{action: command, payload: say Restarting},
                                                         {action: power, payload: restart, time_offset: 60}]}
          webhooks:
            - {name: discord-alerts, type: Discord, url: "https://discord.example/api/webhooks/1",
               triggers: [stop_server, crash_detected]}
      roles:
        - {name: survival-mods, servers: [{server: survival, permissions: [commands, terminal, logs]}]}
      users:
        - {username: moderator, password: "Moderator-Passw0rd!", email: moderator@example.com, roles: [survival-mods]}
    purge: PURGE
"""


def test_a_crafty_document_with_roles_and_webhooks_plans_converges_and_exports(crafty_sim, tmp_path):
    from tests.integration.crafty_support import panel_writes
    # check mode on the empty panel: the role grants a server, the user holds the role, none exist yet
    plan = run_playbook(crafty_sim, tmp_path, CRAFTY_DOCUMENT.replace("PURGE", "[]"), check=True)
    assert plan.rc == 0, plan
    planned = plan.task("apply")
    assert planned["summary_text"] == "Plan: 6 to add, 0 to change, 0 to destroy. 1 unmanaged user: admin."
    assert planned["unmanaged"] == [{"section": "users", "kind": "user", "key": "admin"}]
    assert [(r["kind"], r["path"]) for r in planned["plan"]] == [
        ("server", "servers[0]"), ("backup", "servers[0].backups[0]"), ("schedule", "servers[0].schedules[0]"),
        ("webhook", "servers[0].webhooks[0]"), ("role", "roles[0]"), ("user", "users[0]")]
    assert panel_writes(crafty_sim) == [] and "warnings" not in planned

    assert run_playbook(crafty_sim, tmp_path, CRAFTY_DOCUMENT.replace("PURGE", "[]")).rc == 0
    state = crafty_sim.state
    moderator = [u for u in state.users.values() if u["username"] == "moderator"][0]
    assert state.user_role_ids(moderator["user_id"]) == [r["role_id"] for r in state.roles.values()]
    # a webhook the document lacks: purged, nothing else touched
    server_id = [s["server_id"] for s in state.servers.values()][0]
    hook = dict(list(state.webhooks.values())[0])
    state.webhooks[max(state.webhooks) + 1] = dict(hook, id=max(state.webhooks) + 1, name="by hand")
    crafty_sim.clear_log()
    run = run_playbook(crafty_sim, tmp_path, CRAFTY_DOCUMENT.replace("PURGE", "[webhooks]"))
    assert run.rc == 0 and run.task("apply")["drift"] == [
        "- webhook by hand (in server survival, not in the document)",
        "? user admin (on the panel, not in the document)"], run
    assert [m for m, _path in panel_writes(crafty_sim)] == ["DELETE"]
    assert str(server_id) in panel_writes(crafty_sim)[0][1]

    crafty_sim.clear_log()
    run = run_playbook(crafty_sim, tmp_path, CRAFTY_DOCUMENT.replace("PURGE", "[webhooks, schedules]") + """
- name: export
  gameops.panels.export:
  register: exported
- name: apply the export
  gameops.panels.apply:
    document: "{{ exported.document }}"
""")
    assert run.rc == 0, run
    assert run.task("apply")["changed"] is False and run.task("apply the export")["changed"] is False
    assert panel_writes(crafty_sim) == []
    exported = run.task("export")["document"]
    assert [r["name"] for r in exported["roles"]] == ["survival-mods"]
    assert [w["name"] for w in exported["servers"][0]["webhooks"]] == ["discord-alerts"]
