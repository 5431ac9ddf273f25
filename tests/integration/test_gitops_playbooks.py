# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbooks a user runs as written: provision.yml, and the GitOps example repository
(plan.yml / apply.yml importing gitops_plan.yml / gitops_apply.yml, drift_report.yml, the
README's export command) against two simulated panels."""

from __future__ import annotations

import shutil

import pytest
import yaml

from tests.integration.harness import REPO, panel_env, run_ansible, writes
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD as CRAFTY_PASSWORD
from tests.simulators.crafty import DEFAULT_ADMIN_USERNAME as CRAFTY_ADMIN
from tests.simulators.crafty import CraftySimulator
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY, PterodactylSimulator

CRAFTY_LOGIN = ("POST", "/api/v2/auth/login")

CUSTOMER = {
    "provision_owner": {"username": "dana", "email": "dana@example.test", "first_name": "Dana",
                        "last_name": "Scully"},
    "provision_server": {"name": "dana-smp", "external_id": "cust-0042", "nest": "Minecraft", "egg": "Paper",
                         "limits": {"memory": 2048, "disk": 8192}, "feature_limits": {"backups": 3},
                         "deployment": {"locations": ["eu-west"]}},
    "provision_schedules": [
        {"name": "nightly backup", "cron": "0 4 * * *", "tasks": [{"action": "backup"}]},
        {"name": "morning restart", "cron": "0 7 * * *", "only_when_online": True,
         "tasks": [{"action": "command", "payload": "say Restarting"},
                   {"action": "power", "payload": "restart", "time_offset": 30}]},
    ],
}


def test_provision_creates_owner_server_backup_policy_and_schedules_in_one_run(ptero_sim, tmp_path):
    (tmp_path / "customer.yml").write_text(yaml.safe_dump(CUSTOMER))
    args = ["gameops.panels.provision", "-e", "@customer.yml"]
    run = run_ansible("ansible-playbook", args, tmp_path, extra_env=panel_env(ptero_sim))
    assert run.rc == 0, run
    # the panel's other users are not the customer's: listed as unmanaged, never touched
    assert run.task("What was done")["msg"] == [
        "Apply complete! Resources: 4 added, 0 changed, 0 destroyed. 1 unmanaged user: admin.",
        "+ user dana (users[0])", "+ server cust-0042 (servers[0])", "+ schedule nightly backup (servers[0].schedules[0])",
        "+ schedule morning restart (servers[0].schedules[1])"]
    state = ptero_sim.state
    server = [s for s in state.servers.values() if s["external_id"] == "cust-0042"][0]
    assert state.users[server["owner_id"]]["username"] == "dana"
    assert server["backup_limit"] == 3
    schedules = sorted((s["name"], s["server_id"]) for s in state.schedules.values())
    assert schedules == [("morning restart", server["id"]), ("nightly backup", server["id"])]
    assert sorted(t["action"] for t in state.tasks.values()) == ["backup", "command", "power"]

    ptero_sim.clear_log()
    again = run_ansible("ansible-playbook", args, tmp_path, extra_env=panel_env(ptero_sim))
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []

    # a webhook needs a panel that has webhooks: on Pterodactyl the run stops before any request
    (tmp_path / "webhook.yml").write_text(yaml.safe_dump({"provision_webhook": {
        "name": "discord", "url": "https://discord.example/api/webhooks/1"}}))
    ptero_sim.clear_log()
    refused = run_ansible("ansible-playbook", args + ["-e", "@webhook.yml"], tmp_path, extra_env=panel_env(ptero_sim))
    assert refused.rc == 2, refused
    result = refused.task("Owner, server, backup policy, schedules and webhook of dana-smp")
    assert result["path"] == "servers[0].webhooks"
    assert "webhook is not supported on Pterodactyl (panel_type=pterodactyl)" in result["msg"]
    assert ptero_sim.requests == []


CRAFTY_CUSTOMER = {
    "provision_owner": {"username": "dana", "email": "dana@example.test", "password": "Dana-Plays-2026",
                        "roles": ["dana-smp-owners"]},
    "provision_roles": [{"name": "dana-smp-owners", "servers": [
        {"server": "dana-smp", "permissions": ["commands", "terminal", "logs", "schedule", "backup"]}]}],
    "provision_server": {"name": "dana-smp", "jar": {"type": "paper", "version": "1.21.1"},
                         "memory": {"min": 1, "max": 2}, "port": 25590, "accept_eula": True},
    "provision_backups": [{"name": "nightly", "max_backups": 7, "compress": True}],
    "provision_schedules": [{"name": "nightly backup", "cron": "0 4 * * *",
                             "tasks": [{"action": "backup", "payload": "nightly"}]}],
    "provision_webhook": {"name": "discord", "type": "Discord", "url": "https://discord.example/api/webhooks/7",
                          "triggers": ["stop_server", "crash_detected"]},
}


def test_provision_on_crafty_gives_the_owner_a_role_and_the_server_a_webhook(crafty_sim, tmp_path):
    (tmp_path / "customer.yml").write_text(yaml.safe_dump(CRAFTY_CUSTOMER))
    args = ["gameops.panels.provision", "-e", "@customer.yml"]
    run = run_ansible("ansible-playbook", args, tmp_path, extra_env=panel_env(crafty_sim))
    assert run.rc == 0, run
    # server, backup configuration, schedule, webhook, role, user
    assert run.task("What was done")["msg"][0] == ("Apply complete! Resources: 6 added, 0 changed, 0 destroyed. "
                                                   "1 unmanaged user: admin.")
    state = crafty_sim.state
    server = [s for s in state.servers.values() if s["server_name"] == "dana-smp"][0]
    dana = [u for u in state.users.values() if u["username"] == "dana"][0]
    role = [r for r in state.roles.values() if r["role_name"] == "dana-smp-owners"][0]
    assert state.user_role_ids(dana["user_id"]) == [role["role_id"]]
    assert [h["name"] for h in state.webhooks.values()] == ["discord"]
    assert [str(h["server_id"]) for h in state.webhooks.values()] == [str(server["server_id"])]

    crafty_sim.clear_log()
    again = run_ansible("ansible-playbook", args, tmp_path, extra_env=panel_env(crafty_sim))
    assert again.rc == 0 and again.changed == 0, again
    assert [w for w in writes(crafty_sim) if w != CRAFTY_LOGIN] == []


@pytest.fixture
def two_panels():
    """The example repository's panels: panel-eu on Pterodactyl, panel-lab on Crafty."""
    panels = {"EU": PterodactylSimulator(), "LAB": CraftySimulator()}
    for sim in panels.values():
        sim.start()
    try:
        yield panels
    finally:
        for sim in panels.values():
            sim.stop()


def example_env(panels):
    eu, lab = panels["EU"], panels["LAB"]
    return {"PANEL_EU_URL": eu.url, "PANEL_EU_API_KEY": DEFAULT_APP_KEY, "PANEL_EU_CLIENT_API_KEY": DEFAULT_CLIENT_KEY,
            "PANEL_LAB_URL": lab.url, "PANEL_LAB_USERNAME": CRAFTY_ADMIN, "PANEL_LAB_PASSWORD": CRAFTY_PASSWORD,
            "PANEL_LAB_ERIN_PASSWORD": "Erin-Builds-2026", "PANEL_LAB_DISCORD_WEBHOOK": "https://discord.example/api/1"}


def test_the_example_repository_plans_applies_and_reports_drift(two_panels, tmp_path):
    repo = tmp_path / "gitops"
    shutil.copytree(REPO / "examples" / "gitops", repo)
    env = example_env(two_panels)

    def playbook(*args):
        for sim in two_panels.values():
            sim.clear_log()
        return run_ansible("ansible-playbook", list(args), tmp_path, extra_env=env, cwd=repo)

    def panel_writes():
        # a Crafty login is a POST that changes nothing the role manages
        return dict((region, [w for w in writes(sim) if w != CRAFTY_LOGIN]) for region, sim in two_panels.items())

    plan = playbook("plan.yml")
    assert plan.rc == 0, plan
    assert panel_writes() == {"EU": [], "LAB": []}
    drift = plan.results("Drift of")
    # eu: alice, bob, carol (admin is the seed's), two servers, a subuser, a schedule; the retention policy
    # has nothing to delete. lab: the server, its backup configuration, schedule and webhook, the role
    # that grants it and the user who holds the role, each resolved before anything exists
    assert drift["panel-eu"]["msg"][0] == "Plan: 7 to add, 0 to change, 0 to destroy."
    assert "+ server eu-survival (servers[0])" in drift["panel-eu"]["msg"]
    # the lab's admin account is not in its document: unmanaged, listed, left alone
    assert drift["panel-lab"]["msg"][0] == "Plan: 6 to add, 0 to change, 0 to destroy. 1 unmanaged user: admin."
    assert "? user admin (on the panel, not in the document)" in drift["panel-lab"]["msg"]
    assert "+ role builders (roles[0])" in drift["panel-lab"]["msg"]
    assert "--- before: servers[eu-survival].schedules" in plan.stdout  # the diff, field by field

    refused = playbook("plan.yml", "-e", "gitops_fail_on_drift=true")
    assert refused.rc == 2 and "panel-eu differs from its document" in refused.stdout, refused

    applied = playbook("apply.yml")
    assert applied.rc == 0, applied
    eu, lab = two_panels["EU"].state, two_panels["LAB"].state
    assert sorted(s["name"] for s in eu.servers.values()) == ["creative", "survival"]
    assert len(eu.subusers) == 1 and len(eu.schedules) == 1
    assert [s["server_name"] for s in lab.servers.values()] == ["creative"]
    assert [r["role_name"] for r in lab.roles.values()] == ["builders"]
    erin = [u for u in lab.users.values() if u["username"] == "erin"][0]
    assert lab.user_role_ids(erin["user_id"]) == [r["role_id"] for r in lab.roles.values()]
    # a Crafty schedule is one row per task, chained
    assert sorted(r["action"] for r in lab.schedules.values()) == ["command", "restart"] and len(lab.webhooks) == 1

    clean = playbook("plan.yml", "-e", "gitops_fail_on_drift=true")
    assert clean.rc == 0, clean
    assert all(clean.data["stats"][host]["changed"] == 0 for host in ("panel-eu", "panel-lab"))
    assert panel_writes() == {"EU": [], "LAB": []}

    # someone raises a server's memory by hand and adds a schedule: the report shows it, per panel
    survival = [s for s in eu.servers.values() if s["external_id"] == "eu-survival"][0]
    survival["memory"] = 8192
    by_hand = dict((k, v) for k, v in eu.schedules[min(eu.schedules)].items() if k != "id")
    eu.insert("schedules", dict(by_hand, name="by hand", server_id=survival["id"]))
    report = playbook("gameops.panels.drift_report", "-e", "drift_report_file=%s" % (tmp_path / "drift.md"))
    assert report.rc == 0, report
    assert panel_writes() == {"EU": [], "LAB": []}
    table = (tmp_path / "drift.md").read_text()
    assert "| panel-eu | Plan: 0 to add, 1 to change, 1 to destroy. |" in table
    assert "| panel-lab | No changes. The panel matches the document (6 objects). 1 unmanaged user: admin. |" in table
    # each row names its server (a server's own row too) and every changed value, before and after
    assert "| update | server | eu-survival | eu-survival | servers[0] | limits.memory: 8192 → 4096 |" in table
    assert "| delete | schedule | by hand | eu-survival | not in the document |  |" in table
    assert "| unmanaged | user | admin |  | not in the document |  |" in table
    assert report.task("Drift per panel", host="panel-eu")["msg"][0] == "# Drift report"

    # --limit: only the panels it selects are planned and reported; a webhook's new URL is shown masked
    [hook] = lab.webhooks.values()
    hook["url"] = "https://discord.example/api/webhooks/999/by-hand-secret-token"
    limited = playbook("gameops.panels.drift_report", "--limit", "panel-lab",
                       "-e", "drift_report_file=%s" % (tmp_path / "lab.md"))
    assert limited.rc == 0, limited
    assert panel_writes() == {"EU": [], "LAB": []}
    table = (tmp_path / "lab.md").read_text()
    assert "panel-eu" not in table and "by-hand-secret-token" not in limited.stdout + table
    assert "| panel-lab | Plan: 0 to add, 1 to change, 0 to destroy. 1 unmanaged user: admin. |" in table
    assert ("| update | webhook | discord-alerts | creative | servers[0].webhooks[0] | url: "
            "https://discord.example/api/********oken → https://discord.example/api/******** |") in table, table
    assert limited.task("Drift per panel", host="panel-lab")["msg"] == table.splitlines()


def test_the_readme_export_puts_a_live_panel_into_the_repository(two_panels, tmp_path):
    """The example README's export command, then a plan of the exported state: no drift."""
    eu = two_panels["EU"]
    from tests.integration.conftest import make_server
    make_server(eu, name="legacy", external_id="legacy-1", owner="frank")
    repo = tmp_path / "gitops"
    shutil.copytree(REPO / "examples" / "gitops", repo)
    readme = (repo / "README.md").read_text()
    command = [line for line in readme.splitlines() if "ansible localhost -m gameops.panels.export" in line][0]
    args = command.split("ansible localhost ", 1)[1]
    assert args == '-m gameops.panels.export -a "dest=host_vars/panel-eu.yml var_name=panel_config_document"'
    env = {"GAMEOPS_PANEL_URL": eu.url, "GAMEOPS_API_KEY": DEFAULT_APP_KEY, "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY,
           "PANEL_EU_URL": eu.url, "PANEL_EU_API_KEY": DEFAULT_APP_KEY, "PANEL_EU_CLIENT_API_KEY": DEFAULT_CLIENT_KEY}
    exported = run_ansible("ansible", ["localhost", "-m", "gameops.panels.export", "-a",
                                       "dest=host_vars/panel-eu.yml var_name=panel_config_document"],
                           tmp_path, extra_env=env, cwd=repo)
    assert exported.rc == 0, exported
    assert "legacy-1" in (repo / "host_vars" / "panel-eu.yml").read_text()
    eu.clear_log()
    plan = run_ansible("ansible-playbook", ["plan.yml", "--limit", "panel-eu", "-e", "gitops_fail_on_drift=true"],
                       tmp_path, extra_env=env, cwd=repo)
    assert plan.rc == 0, plan
    # admin, frank, the legacy server, and the panel's two locations and two nodes
    assert plan.results("Drift of")["panel-eu"]["msg"] == [
        "No changes. The panel matches the document (7 objects)."]
    assert writes(eu) == []


def test_the_role_fails_on_a_bad_document_with_the_path_of_the_bad_value_before_any_request(ptero_sim, tmp_path):
    (tmp_path / "bad.yml").write_text("""
- hosts: localhost
  gather_facts: false
  roles:
    - role: gameops.panels.panel_config
      vars:
        panel_config_document:
          servers: [{name: a}, {name: b, limits: {memory: lots}}]
""")
    run = run_ansible("ansible-playbook", ["-i", "localhost,", "-c", "local", "bad.yml"], tmp_path,
                      extra_env=panel_env(ptero_sim))
    assert run.rc == 2, run
    result = run.results("Apply the declared state")["localhost"]
    assert result["path"] == "servers[1].limits.memory"
    assert result["msg"].startswith("the document is not valid: servers[1].limits.memory: must be of type int")
    assert ptero_sim.requests == []
