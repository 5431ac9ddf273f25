# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input and bad connections, across modules, in one playbook run.

Every row must fail with a message naming the option (or panel field) at
fault, without a Python traceback, and the simulator must see no write at
all. The rows run each module as Ansible runs it on a host (the module file
with its arguments on stdin), several at once, to keep CI fast. A playbook
run then checks that a redirect fails every module with its target and no
effect, that validate_certs: false wins over REQUESTS_CA_BUNDLE, and that
api_requests counts retries as the simulator's own log does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.integration.conftest import make_server
from tests.conftest import COLLECTIONS_ROOT
from tests.integration.harness import run_playbook
from tests.simulators.common import serve
from tests.simulators.common.tls import self_signed, server_context
from tests.unit.plugins.module_utils.test_transport_safety import OtherJson, Redirector

SERVER = {"server_external_id": "community-42"}
NEW_SERVER = {"name": "fresh", "owner": "alice", "egg": "Paper", "nest": "Minecraft",
              "limits": {"memory": 1024, "disk": 2048}, "deployment": {"locations": ["eu-west"]}}
TASKS = [{"action": "command", "payload": "say %d" % i} for i in range(11)]

# (module, arguments, the option or field the message must name)
BAD_INPUTS = [
    ("user", {"username": "ab", "email": "ab@example.test"}, "username"),
    ("user", {"username": "bad name!", "email": "b@example.test"}, "username"),
    ("user", {"username": "x" * 192, "email": "b@example.test"}, "username"),
    ("user", {"username": "carol", "email": "not-an-email"}, "email"),
    ("user", {"username": "carol", "email": "carol @example.test"}, "email"),
    ("user", {"username": "carol", "email": "c" * 190 + "@example.test"}, "email"),
    ("user", {"username": "carol", "email": "carol@example.test", "first_name": " "}, "first_name"),
    ("user", {"username": "carol", "email": "carol@example.test", "last_name": "x" * 192}, "last_name"),
    ("user", {"username": "carol", "email": "carol@example.test", "external_id": ""}, "external_id"),
    ("user", {"username": "carol", "email": "carol@example.test", "external_id": "x" * 192}, "external_id"),
    ("user", {"username": "carol", "email": "carol@example.test", "language": "english"}, "language"),
    ("user", {"username": "carol", "email": "carol@example.test", "language": "EN!"}, "language"),
    ("user", {"username": "carol", "match_on": "external_id"}, "external_id"),
    ("user", {"username": "carol", "update_password": "sometimes"}, "update_password"),
    ("user", {"username": "carol", "email": "carol@example.test", "admin": "maybe"}, "admin"),
    ("user", {"username": "carol", "email": "carol@example.test"}, "first_name"),
    ("user", {"username": "carol2", "email": "alice@example.test", "first_name": "C", "last_name": "L"}, "email"),
    ("server", dict(NEW_SERVER, limits={"memory": -1, "disk": 2048}), "limits.memory"),
    ("server", dict(NEW_SERVER, limits={"memory": 1024, "disk": -5}), "limits.disk"),
    ("server", dict(NEW_SERVER, limits={"memory": 1024, "disk": 2048, "swap": -2}), "limits.swap"),
    ("server", dict(NEW_SERVER, limits={"memory": 1024, "disk": 2048, "cpu": -1}), "limits.cpu"),
    ("server", dict(NEW_SERVER, limits={"memory": 1024, "disk": 2048, "io": 5}), "limits.io"),
    ("server", dict(NEW_SERVER, limits={"memory": 1024, "disk": 2048, "io": 5000}), "limits.io"),
    ("server", dict(NEW_SERVER, limits={"memory": 99999999999, "disk": 2048}), "limits.memory"),
    ("server", dict(NEW_SERVER, limits={"memory": 1024, "disk": 2048, "threads": "0-1;3"}), "limits.threads"),
    ("server", dict(NEW_SERVER, feature_limits={"backups": -1}), "feature_limits.backups"),
    ("server", dict(NEW_SERVER, feature_limits={"databases": 9999999999}), "feature_limits.databases"),
    ("server", dict(NEW_SERVER, environment={"SERVER_JARFILE": {"name": "server.jar"}}), "environment.SERVER_JARFILE"),
    ("server", dict(NEW_SERVER, environment={"BUILD_NUMBER": [1, 2]}), "environment.BUILD_NUMBER"),
    ("server", dict(NEW_SERVER, name=""), "name"),
    ("server", dict(NEW_SERVER, name="x" * 192), "name"),
    ("server", dict(NEW_SERVER, external_id="x" * 192), "external_id"),
    ("server", dict(NEW_SERVER, docker_image="bad image!"), "docker_image"),
    ("server", dict(NEW_SERVER, deployment={"locations": ["eu-west"], "port_range": ["70000"]}), "deployment.port_range"),
    ("server", dict(NEW_SERVER, deployment={"locations": ["eu-west"], "port_range": ["1000-3000"]}),
     "deployment.port_range"),
    ("server", dict([(k, v) for k, v in NEW_SERVER.items() if k != "deployment"], allocation={"port": 0}),
     "allocation.port"),
    ("server", dict(NEW_SERVER, egg="NoSuchEgg"), "egg"),
    ("server", dict(NEW_SERVER, owner="nobody"), "owner"),
    ("server", dict(NEW_SERVER, egg=None), "egg"),
    ("server", dict(NEW_SERVER, environment={"NOT_A_VARIABLE": "1"}), "environment.NOT_A_VARIABLE"),
    ("server", dict(NEW_SERVER, environment={"SERVER_JARFILE": "server.zip"}), "environment.SERVER_JARFILE"),
    ("server", dict(NEW_SERVER, limits={"disk": 2048}), "limits.memory"),
    ("server", dict(NEW_SERVER, deployment={"locations": ["mars"]}), "deployment.locations"),
    ("server", dict(NEW_SERVER, match_on="uuid"), "match_on"),
    ("server", {"name": "survival", "external_id": "community-43", "match_on": "external_id"}, "name"),
    ("schedule", dict(SERVER, name="n", cron="0 24 * * *"), "cron"),
    ("schedule", dict(SERVER, name="n", cron="61 * * * *"), "cron"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * 13 *"), "cron"),
    ("schedule", dict(SERVER, name="n", cron="0 4 32 * *"), "cron"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * * 9"), "cron"),
    ("schedule", dict(SERVER, name="n", cron="*/0 4 * * *"), "cron"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * *"), "cron"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * * *", tasks=[{"action": "dance", "payload": "x"}]), "tasks"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * * *", tasks=[{"action": "power", "payload": "explode"}]), "tasks"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * * *",
                      tasks=[{"action": "command", "payload": "x", "time_offset": 901}]), "tasks"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * * *", tasks=TASKS), "tasks"),
    ("schedule", dict(SERVER, name="x" * 192, cron="0 4 * * *"), "name"),
    ("schedule", dict(SERVER, name="n"), "cron"),
    ("schedule", {"server_external_id": "no-such-server", "name": "n", "cron": "0 4 * * *"}, "server_external_id"),
    ("subuser", dict(SERVER, email="nope", permissions=["control.console"]), "email"),
    ("subuser", dict(SERVER, email="dan@example.test", permissions=["control.consol"]), "permissions"),
    ("subuser", dict(SERVER, email="dan@example.test", permissions=[" "]), "permissions"),
    ("subuser", dict(SERVER, email="alice@example.test", permissions=["control.console"]), "email"),
    ("backup", dict(SERVER, name=" "), "name"),
    ("backup", dict(SERVER, name="x" * 192), "name"),
    ("backup", dict(SERVER, name="b", keep_last=-1), "keep_last"),
    ("backup", dict(SERVER, name="b", wait_timeout=-1), "wait_timeout"),
    ("backup", dict(SERVER, name="b", ignored=[""]), "ignored"),
    ("backup", dict(SERVER, name="missing", state="restored"), "name"),
    # the panel's own limits: varchar(191) columns (the rules' max:191) and TEXT columns (65,535 bytes, no rule)
    ("server", dict(NEW_SERVER, description="d" * 70000), "description"),
    ("server", dict(NEW_SERVER, description="\u00e9" * 33000), "description"),  # 33,000 characters, 66,000 bytes
    ("server", dict(NEW_SERVER, startup="java -jar " + "x" * 65530), "startup"),
    ("server", dict(NEW_SERVER, environment={"SERVER_JARFILE": "s" * 70000}), "environment.SERVER_JARFILE"),
    ("server", dict(NEW_SERVER, docker_image="ghcr.io/" + "x" * 190), "docker_image"),
    ("user", {"username": "carol", "email": "carol@example.test", "first_name": "c" * 192, "last_name": "L"},
     "first_name"),
    ("schedule", dict(SERVER, name="n", cron="0 4 * * *", tasks=[{"action": "command", "payload": "p" * 70000}]),
     "tasks[0].payload"),
    ("backup", dict(SERVER, name="b", ignored=["logs/%05d" % i for i in range(7000)]), "ignored"),
    ("subuser", dict(SERVER, email="d" * 180 + "@example.test", permissions=["control.console"]), "email"),
    ("user_info", {"timeout": 0}, "timeout"),
    ("user_info", {"timeout": -1}, "timeout"),
    ("user_info", {"max_requests_per_minute": 0}, "max_requests_per_minute"),
    ("user_info", {"max_requests_per_minute": -5}, "max_requests_per_minute"),
    ("user_info", {"max_retry_wait": -1}, "max_retry_wait"),
    ("user_info", {"panel_url": "ftp://panel.example.test"}, "panel_url"),
    ("user_info", {"panel_url": "http://"}, "panel_url"),
    ("user_info", {"ca_path": "/nonexistent/ca.pem"}, "ca_path"),
    ("user_info", {"api_key": "ptla_" + "x" * 43}, "api_key"),
    ("schedule_info", dict(SERVER, client_api_key="ptlc_" + "x" * 43), "client_api_key"),
    ("user_info", {"panel_url": "http://127.0.0.1:9"}, "panel_url"),
]

# one module call each, with the options it needs to get as far as its first request
EVERY_MODULE = [
    ("user", {"username": "redirected", "email": "r@example.test", "first_name": "R", "last_name": "D"}),
    ("user_info", {}),
    ("server", dict(NEW_SERVER)),
    ("server_info", {}),
    ("server_command", dict(SERVER, commands=["say hi"])),
    ("schedule", dict(SERVER, name="n", cron="0 4 * * *")),
    ("schedule_info", dict(SERVER)),
    ("subuser", dict(SERVER, email="dan@example.test", permissions=["control.console"])),
    ("subuser_info", dict(SERVER)),
    ("backup", dict(SERVER, name="b")),
    ("backup_info", dict(SERVER)),
    ("account_2fa", {"state": "enabled", "password": "pw", "return_secret": True}),
]


def task(name, module, args):
    return "- name: %s\n  gameops.panels.%s: %s\n  ignore_errors: true\n" % (name, module, json.dumps(args))


@pytest.fixture
def servers(ptero_sim, tmp_path):
    """The simulator over HTTP, and over HTTPS (self-signed), plus a redirector, a JSON answerer and a second panel."""
    from tests.simulators.pterodactyl import PterodactylSimulator

    make_server(ptero_sim)
    cert, key = self_signed(tmp_path)
    counted, target = PterodactylSimulator(), PterodactylSimulator()
    counted.start()
    target.start()
    started = [serve(ptero_sim, ssl_context=server_context(cert, key)), serve(Redirector(target.url)),
               serve(OtherJson())]
    yield dict(https=started[0][2], cert=cert, redirect=started[1][2], other_json=started[2][2], counted=counted,
               target=target)
    counted.stop()
    target.stop()
    for httpd, _thread, _url in started:
        httpd.shutdown()
        httpd.server_close()


def run_module(module, args, env):
    """Run one module as Ansible does on the managed host; returns (result, stderr)."""
    process = subprocess.run(
        [sys.executable, "-m", "ansible_collections.gameops.panels.plugins.modules.%s" % module],
        input=json.dumps({"ANSIBLE_MODULE_ARGS": args}), env=env, capture_output=True, text=True, timeout=120,
        check=False)
    lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), process.stderr


def test_bad_input_fails_naming_the_option_with_no_write(ptero_sim, servers):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    assert len(BAD_INPUTS) >= 70
    rows = list(BAD_INPUTS) + [
        ("user_info", {"panel_url": ptero_sim.url.replace("http://", "https://")}, "panel_url"),
        ("user_info", {"panel_url": servers["other_json"]}, "panel_url"),
    ]
    env = dict(os.environ, PYTHONPATH=str(COLLECTIONS_ROOT), GAMEOPS_PANEL_URL=ptero_sim.url, GAMEOPS_TIMEOUT="5",
               GAMEOPS_API_KEY=DEFAULT_APP_KEY, GAMEOPS_CLIENT_API_KEY=DEFAULT_CLIENT_KEY)
    ptero_sim.clear_log()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda row: run_module(row[0], row[1], env), rows))

    problems = []
    for (module, args, option), (result, stderr) in zip(rows, results):
        message = str(result.get("msg"))
        if not result.get("failed") or option not in message or "Traceback" in message + stderr:
            problems.append("%s %s -> %s %s" % (module, json.dumps(args)[:80], message[:200], stderr[-300:]))
    assert problems == []
    assert ptero_sim.writes() == []


def test_redirects_certificates_and_request_counts_in_a_playbook(ptero_sim, servers, tmp_path):
    plays = "".join(task("redirect %s" % module, module, dict(args, panel_url=servers["redirect"]))
                    for module, args in EVERY_MODULE)
    https = {"panel_url": servers["https"]}
    plays += task("tls off", "user_info", dict(https, validate_certs=False))
    plays += task("tls ca_path", "user_info", dict(https, ca_path=servers["cert"]))
    plays += task("tls default", "user_info", https)
    servers["counted"].inject_fault(status=429, count=1, retry_after=0, method="GET")
    plays += task("counted", "user_info", {"panel_url": servers["counted"].url})
    ptero_sim.clear_log()

    other_ca, _key = self_signed(tmp_path / "..")
    run = run_playbook(ptero_sim, tmp_path, plays, extra_env={"REQUESTS_CA_BUNDLE": other_ca, "CURL_CA_BUNDLE": other_ca})
    assert run.data is not None, run

    # a redirect fails every module with its target, and nothing reaches the panel it points at
    target = servers["target"]
    for module, _args in EVERY_MODULE:
        result = run.task("redirect %s" % module)
        assert result["failed"] and result["option"] == "panel_url", (module, result)
        assert "redirect (HTTP 301) to %s/api/" % target.url in result["msg"], (module, result["msg"])
        assert result["changed"] is False, module  # nothing was written
    assert target.requests == []

    # validate_certs: false and ca_path win over REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE
    assert not run.task("tls off").get("failed") and not run.task("tls ca_path").get("failed")
    assert run.task("tls default")["failed"] and run.task("tls default")["option"] == "validate_certs"
    assert ptero_sim.writes() == []

    # api_requests counts every request sent, the retried 429 included, as the panel's log does
    counted = run.task("counted")
    assert counted["api_requests"] == {"GET": len(servers["counted"].requests)} == {"GET": 2}
    assert [r.status for r in servers["counted"].requests] == [429, 200]


CRAFTY_SERVER = {"server": "survival"}
CRAFTY_NEW_SERVER = {"name": "fresh", "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 2}}
CRAFTY_HOOK = dict(CRAFTY_SERVER, name="alerts", type="Discord", url="https://discord.example/api/webhooks/1/abc",
                   triggers=["stop_server"])
CRAFTY_SCHEDULE = dict(CRAFTY_SERVER, name="nightly", cron="0 4 * * *",
                       tasks=[{"action": "command", "payload": "say hi"}])

# rules Crafty enforces (or accepts and then breaks on) for what the modules send, from its source:
# (module, arguments, the option or document path the message must name)
CRAFTY_BAD_INPUTS = [
    ("user", {"username": "ab", "password": "Carol-Pass-1"}, "username"),
    ("user", {"username": "Carol Smith", "password": "Carol-Pass-1"}, "username"),
    ("user", {"username": "carol-smith", "password": "Carol-Pass-1"}, "username"),
    ("user", {"username": "c" * 40, "password": "Carol-Pass-1"}, "username"),
    ("user", {"username": "carol", "password": "abc"}, "password"),
    ("user", {"username": "carol", "email": "not-an-email"}, "email"),
    ("user", {"username": "carol", "email": "carol@localhost"}, "email"),
    ("user", {"username": "carol", "email": "c" * 300 + "@example.com"}, "email"),
    ("user", {"username": "carol", "language": "english-please"}, "language"),
    ("user", {"username": "carol", "language": "e"}, "language"),
    ("user", {"username": "carol", "roles": [" "]}, "roles[0]"),
    ("user", {"username": "carol", "first_name": "Carol"}, "first_name"),
    ("role", {"name": "mods,admins"}, "name"),
    ("role", {"name": "mods[1]"}, "name"),
    ("role", {"name": " "}, "name"),
    ("role", {"name": "r" * 300}, "name"),
    ("role", {"name": "mods", "servers": [{"server": "", "permissions": ["logs"]}]}, "servers[0].server"),
    ("role", {"name": "mods", "servers": [{"server": "survival", "permissions": ["logz"]}]}, "servers[0].permissions"),
    ("server", dict(CRAFTY_NEW_SERVER, name="a"), "name"),
    ("server", dict(CRAFTY_NEW_SERVER, name="eu/survival"), "name"),
    ("server", dict(CRAFTY_NEW_SERVER, name="s" * 300), "name"),
    ("server", dict(CRAFTY_NEW_SERVER, port=70000), "port"),
    ("server", dict(CRAFTY_NEW_SERVER, port=0), "port"),
    ("server", dict(CRAFTY_NEW_SERVER, memory={"min": -1, "max": 2}), "memory.min"),
    ("server", dict(CRAFTY_NEW_SERVER, memory={"min": 3, "max": 2}), "memory.min"),
    ("server", dict(CRAFTY_NEW_SERVER, jar={"type": "pa/per", "version": "1.21.1"}), "jar.type"),
    ("server", dict(CRAFTY_NEW_SERVER, jar={"type": "paper", "version": "1.21 1"}), "jar.version"),
    ("server", dict(CRAFTY_NEW_SERVER, jar={"type": "paper", "version": "1.21.1", "category": "../x"}),
     "jar.category"),
    ("server", dict(CRAFTY_NEW_SERVER, auto_start_delay=-1), "auto_start_delay"),
    ("server", dict(CRAFTY_NEW_SERVER, shutdown_timeout=-5), "shutdown_timeout"),
    ("server", dict(CRAFTY_NEW_SERVER, logs_delete_after=-1), "logs_delete_after"),
    ("server", dict(CRAFTY_NEW_SERVER, execution_command=" "), "execution_command"),
    ("server", dict(CRAFTY_NEW_SERVER, server_ip=""), "server_ip"),
    ("server", dict(CRAFTY_NEW_SERVER, ignored_exits="zero"), "ignored_exits"),
    ("server", dict(CRAFTY_NEW_SERVER, executable_update_url="ftp://jars.example/paper.jar"), "executable_update_url"),
    ("server", dict(CRAFTY_NEW_SERVER, match_on="external_id"), "match_on"),
    ("webhook", dict(CRAFTY_HOOK, name="w" * 65), "name"),
    ("webhook", dict(CRAFTY_HOOK, url="not a url"), "url"),
    ("webhook", dict(CRAFTY_HOOK, url="ftp://discord.example/hook"), "url"),
    ("webhook", dict(CRAFTY_HOOK, color="reddish"), "color"),
    ("webhook", dict(CRAFTY_HOOK, color="#12345"), "color"),
    ("webhook", dict(CRAFTY_HOOK, type="Telegram"), "type"),
    ("webhook", dict(CRAFTY_HOOK, triggers=["server_start"]), "triggers"),
    ("webhook", dict(CRAFTY_HOOK, body="b" * 5000), "body"),
    ("webhook", dict(CRAFTY_HOOK, bot_name="n" * 300), "bot_name"),
    ("backup", dict(CRAFTY_SERVER, name="ab"), "name"),
    ("backup", dict(CRAFTY_SERVER, name="b" * 5000), "name"),
    ("backup", dict(CRAFTY_SERVER, name="nightly", backup_type="tarball"), "backup_type"),
    ("backup", dict(CRAFTY_SERVER, name="nightly", max_backups=-1), "max_backups"),
    ("backup", dict(CRAFTY_SERVER, name="nightly", ignored=["logs,cache"]), "ignored[0]"),
    ("schedule", dict(CRAFTY_SCHEDULE, cron="61 4 * * *"), "cron"),
    ("schedule", dict(CRAFTY_SCHEDULE, cron="0 4 * *"), "cron"),
    ("schedule", dict(CRAFTY_SCHEDULE, cron="0 4 * 13 *"), "cron"),
    ("schedule", dict(CRAFTY_SCHEDULE, name="nightly #2"), "name"),
    ("schedule", dict(CRAFTY_SCHEDULE, name="n" * 300), "name"),
    ("schedule", dict(CRAFTY_SCHEDULE, cron=None, interval=0, interval_unit="hours"), "interval"),
    ("schedule", dict(CRAFTY_SCHEDULE, cron=None, interval=1, interval_unit="hours", start_time="25:00"),
     "start_time"),
    ("schedule", dict(CRAFTY_SCHEDULE, tasks=[{"action": "command", "payload": "p" * 5000}]), "tasks[0].payload"),
    ("schedule", dict(CRAFTY_SCHEDULE, tasks=[{"action": "power", "payload": "reboot"}]), "tasks[0].payload"),
    # a document: every problem names its path, before any request
    ("apply", {"document": {"users": [{"username": "Carol Smith", "password": "Carol-Pass-1"}]}},
     "users[0].username"),
    ("apply", {"document": {"servers": [dict(CRAFTY_NEW_SERVER, port=70000)]}}, "servers[0].port"),
    ("apply", {"document": {"roles": [{"name": "mods,admins"}]}}, "roles[0].name"),
    ("apply", {"document": {"servers": [dict(CRAFTY_NEW_SERVER, webhooks=[dict(
        (k, v) for k, v in CRAFTY_HOOK.items() if k != "server") | {"url": "not a url"}])]}},
     "servers[0].webhooks[0].url"),
    ("apply", {"document": {"servers": [dict(CRAFTY_NEW_SERVER, schedules=[dict(
        (k, v) for k, v in CRAFTY_SCHEDULE.items() if k != "server") | {"cron": "61 4 * * *"}])]}},
     "servers[0].schedules[0].cron"),
]


def test_crafty_bad_input_fails_naming_the_option_before_any_request(crafty_sim_factory):
    sim = crafty_sim_factory("4.10.7")
    assert len(CRAFTY_BAD_INPUTS) >= 60
    env = dict(os.environ, PYTHONPATH=str(COLLECTIONS_ROOT), GAMEOPS_TIMEOUT="5", **sim.connection_env())
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda row: run_module(row[0], row[1], env), CRAFTY_BAD_INPUTS))

    problems = []
    for (module, args, option), (result, stderr) in zip(CRAFTY_BAD_INPUTS, results):
        message = str(result.get("msg"))
        if not result.get("failed") or option not in message or "Traceback" in message + stderr:
            problems.append("%s %s -> %s %s" % (module, json.dumps(args)[:90], message[:200], stderr[-300:]))
    assert problems == []
    # not even the version read or a login: the values alone were enough
    assert sim.requests == []


AMP_SERVER = {"server": "Survival01"}
AMP_NEW_SERVER = {"name": "Creative01", "module": "Minecraft"}
AMP_HOOK = dict(AMP_SERVER, triggers=["A player joins the server"], type="Discord",
                url="https://discord.example/api/webhooks/1/abc")
AMP_WAIT = "Event.CommonCorePlugin.Wait"


def amp_task(method, **parameters):
    return dict(AMP_SERVER, name="Nightly", timing={"hours": [4], "minutes": [0]},
                tasks=[{"method": method, "parameters": parameters}])


# what AMP refuses, or stores and then fails on (amp/checks.py); a document names its path
AMP_BAD_INPUTS = [
    ("user", {"username": "u" * 5000, "password": "Carol-Pass-1"}, "username"),
    ("user", {"username": " ", "password": "Carol-Pass-1"}, "username"),
    ("user", {"username": " carol", "password": "Carol-Pass-1"}, "username"),
    ("user", {"username": "carol", "password": ""}, "password"),
    ("user", {"username": "carol", "email": "not-an-email"}, "email"),
    ("user", {"username": "carol", "email": "c" * 300 + "@example.com"}, "email"),
    ("user", {"username": "carol", "roles": [" "]}, "roles[0]"),
    ("user", {"username": "carol", "roles": ["r" * 300]}, "roles[0]"),
    ("user", {"username": "carol", "first_name": "Carol"}, "first_name"),
    ("role", {"name": "r" * 5000}, "name"),
    ("role", {"name": " "}, "name"),
    ("role", {"name": "Moderators "}, "name"),
    ("role", {"name": "Moderators", "permissions": {"Core.RoleManagement.*": "grant"}}, "permissions"),
    ("role", {"name": "Moderators", "permissions": {"-Core.AppManagement.StartApplication": "allow"}}, "permissions"),
    ("role", {"name": "Moderators", "permissions": {"Core.AppManagement.StartApplication": {"state": "allow"}}},
     "permissions"),
    ("role", {"name": "Moderators", "instance_permissions": {"Survival01": "allow"}}, "instance_permissions"),
    ("role", {"name": "Moderators", "instance_permissions": {"Survival01": {"bad node": "allow"}}},
     "instance_permissions.Survival01"),
    ("server", dict(AMP_NEW_SERVER, name="Creative 01"), "name"),
    ("server", dict(AMP_NEW_SERVER, name="c" * 300), "name"),
    ("server", dict(AMP_NEW_SERVER, friendly_name="f" * 5000), "friendly_name"),
    ("server", dict(AMP_NEW_SERVER, friendly_name=" "), "friendly_name"),
    ("server", dict(AMP_NEW_SERVER, description="d" * 70000), "description"),
    ("server", dict(AMP_NEW_SERVER, module="Minecraft Java"), "module"),
    ("server", dict(AMP_NEW_SERVER, target=""), "target"),
    ("server", dict(AMP_NEW_SERVER, ports={"MinecraftModule.Minecraft.PortNumber": 70000}), "ports"),
    ("server", dict(AMP_NEW_SERVER, ports={"MinecraftModule.Minecraft.PortNumber": "high"}), "ports"),
    ("server", dict(AMP_NEW_SERVER, settings={"MinecraftModule.Minecraft.Motd": {"text": "hi"}}),
     "settings.MinecraftModule.Minecraft.Motd"),
    ("server", dict(AMP_NEW_SERVER, settings={"MinecraftModule.Game.Whitelist": [1, 2]}),
     "settings.MinecraftModule.Game.Whitelist"),
    ("server", dict(AMP_NEW_SERVER, settings={"not a node": "1"}), "settings"),
    ("server", dict(AMP_NEW_SERVER, install_timeout=-1), "install_timeout"),
    ("server", dict(AMP_NEW_SERVER, match_on="external_id"), "match_on"),
    ("schedule", dict(amp_task(AMP_WAIT, Seconds=60), name="n" * 5000), "name"),
    ("schedule", dict(amp_task(AMP_WAIT, Seconds=60), name=" "), "name"),
    ("schedule", dict(amp_task(AMP_WAIT, Seconds=60), timing={"hours": [24]}), "timing.hours"),
    ("schedule", dict(amp_task(AMP_WAIT, Seconds=60), timing={"months": ["Smarch"]}), "timing.months"),
    ("schedule", dict(amp_task(AMP_WAIT, Seconds=60), timing={"weekdays": [1]}), "timing.weekdays"),
    ("schedule", amp_task(AMP_WAIT, Seconds="soon"), "tasks[0].parameters.Seconds"),
    ("schedule", amp_task("Wait", Seconds="-5"), "tasks[0].parameters.Seconds"),
    ("schedule", amp_task("Event.CommonCorePlugin.IfCondition", ValueToCheck="{@User}", Operation="9",
                          ValueToCompare="bob"), "tasks[0].parameters.Operation"),
    ("schedule", amp_task("Event.EmailSenderPlugin.SendMail", To="ops@example.test", Subject="s", Message="m",
                          Priority="urgent"), "tasks[0].parameters.Priority"),
    ("schedule", amp_task("Event.LocalFileBackupPlugin.TakeBackupWhileDown", RestartEvenIfNotRunning="maybe"),
     "tasks[0].parameters.RestartEvenIfNotRunning"),
    ("schedule", amp_task("Event.WebRequestPlugin.MakeGETRequest", URI="not a url"), "tasks[0].parameters.URI"),
    ("schedule", amp_task("Event.MinecraftModule.SendConsole", Input={"command": "say hi"}),
     "tasks[0].parameters.Input"),
    ("schedule", amp_task("Event.MinecraftModule.SendConsole", Input="x" * 5000), "tasks[0].parameters.Input"),
    ("schedule", amp_task("Wait for it!", Seconds=5), "tasks[0].method"),
    ("schedule", dict(AMP_SERVER, name="Nightly", tasks=[{"action": "command", "payload": "say hi"}]), "tasks"),
    ("webhook", dict(AMP_HOOK, url="not a url"), "url"),
    ("webhook", dict(AMP_HOOK, url="ftp://discord.example/hook"), "url"),
    ("webhook", dict(AMP_HOOK, triggers=["A player joins the server", "A player leaves the server"]), "triggers"),
    ("webhook", dict(AMP_HOOK, triggers=[" "]), "triggers"),
    ("webhook", dict(AMP_HOOK, type="Teams"), "type"),
    ("webhook", dict(AMP_HOOK, body="b" * 2001), "body"),
    ("webhook", dict(AMP_HOOK, bot_name="n" * 81), "bot_name"),
    ("webhook", dict(AMP_HOOK, type="POST", content_type="json"), "content_type"),
    ("backup", dict(AMP_SERVER, name="b" * 5000), "name"),
    ("backup", dict(AMP_SERVER, name=" "), "name"),
    ("backup", dict(AMP_SERVER, name="nightly", description="d" * 5000), "description"),
    ("backup", dict(AMP_SERVER, name="nightly", wait_timeout=-1), "wait_timeout"),
    ("server_command", dict(AMP_SERVER, commands=[" "]), "commands"),
    # a document: every problem names its path, before any request
    ("apply", {"document": {"users": [{"username": "u" * 5000}]}}, "users[0].username"),
    ("apply", {"document": {"roles": [{"name": "Moderators", "permissions": {"Core.Scheduler.*": "yes"}}]}},
     "roles[0].permissions"),
    ("apply", {"document": {"servers": [dict(AMP_NEW_SERVER, friendly_name="f" * 5000)]}}, "servers[0].friendly_name"),
    ("apply", {"document": {"servers": [dict(AMP_NEW_SERVER, settings={"MinecraftModule.Minecraft.Motd": {"a": 1}})]}},
     "servers[0].settings.MinecraftModule.Minecraft.Motd"),
    ("apply", {"document": {"servers": [dict(AMP_NEW_SERVER, schedules=[dict(
        (k, v) for k, v in amp_task(AMP_WAIT, Seconds="soon").items() if k != "server")])]}},
     "servers[0].schedules[0].tasks[0].parameters.Seconds"),
    ("apply", {"document": {"servers": [dict(AMP_NEW_SERVER, webhooks=[dict(
        (k, v) for k, v in AMP_HOOK.items() if k != "server") | {"url": "not a url"}])]}},
     "servers[0].webhooks[0].url"),
    ("apply", {"document": {"servers": [dict(AMP_NEW_SERVER, backups=[{"name": "nightly", "description": {"a": 1}}])]}},
     "servers[0].backups[0].description"),
]


def test_amp_bad_input_fails_naming_the_option_before_any_request(amp_sim):
    assert len(AMP_BAD_INPUTS) >= 60
    env = dict(os.environ, PYTHONPATH=str(COLLECTIONS_ROOT), GAMEOPS_TIMEOUT="5", **amp_sim.connection_env())
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda row: run_module(row[0], row[1], env), AMP_BAD_INPUTS))

    problems = []
    for (module, args, option), (result, stderr) in zip(AMP_BAD_INPUTS, results):
        message = str(result.get("msg"))
        if not result.get("failed") or option not in message or "Traceback" in message + stderr:
            problems.append("%s %s -> %s %s" % (module, json.dumps(args)[:90], message[:200], stderr[-300:]))
    assert problems == []
    # not even a login: the values alone were enough
    assert amp_sim.requests == []
