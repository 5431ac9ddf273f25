# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The gameops.panels.servers inventory plugin, run with the real ansible-inventory against three panels, one of each type."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.integration.fleet_panels import AMPPanel, CraftyPanel, PterodactylPanel
from tests.integration.harness import run_command

INVENTORY_ENV = {
    # the plugin alone, and a configuration it cannot read is an error rather than a warning
    "ANSIBLE_INVENTORY_ENABLED": "gameops.panels.servers",
    "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1",
}


@pytest.fixture(scope="module")
def panels():
    """Three panels of different types, ``eu`` (Pterodactyl), ``us`` (Crafty) and ``ap`` (AMP), with servers
    covering every group the plugin makes."""
    eu, us, ap = PterodactylPanel("eu"), CraftyPanel("us"), AMPPanel("ap")
    try:
        servers = {
            "eu-survival": (eu, eu.add_server("Survival", "alice", running=True, external_id="eu-survival",
                                              memory=8192)),
            "eu-creative": (eu, eu.add_server("creative", "alice")),
            "eu-sandbox": (eu, eu.add_server("sandbox", "bob", game="other", place="other", running=True)),
            "eu-old_world": (eu, eu.add_server("old world", "bob", suspended=True)),
            "us-survival": (us, us.add_server("Survival", "carol", running=True)),
            "us-pocket": (us, us.add_server("pocket", "carol", game="other")),
        }
        # Crafty does not keep names unique either
        lobbies = [us.add_server("lobby", "carol"), us.add_server("lobby", "carol", running=True)]
        for lobby in lobbies:
            servers["us-lobby-%s" % lobby["server_id"]] = (us, lobby)
        # AMP: instances on the ADS's own target and on a second one; a third target the ADS does not reach
        servers.update({
            "ap-survival01": (ap, ap.add_server("Survival01", running=True, friendly_name="Survival (AMP)",
                                                description="the main world", is_container=True,
                                                container_memory_mb=8192, container_cpus=2.0)),
            "ap-valheim01": (ap, ap.add_server("Valheim01", game="other", target="amp-eu-2", running=True)),
            "ap-creative01": (ap, ap.add_server("Creative01", target="amp-eu-2", running=False)),
        })
        ap.sim.add_target("amp-eu-3", state=10)  # RemoteInstanceState Offline
        servers["ap-far01"] = (ap, ap.add_server("Far01", target="amp-eu-3", running=True))
        yield {"eu": eu, "us": us, "ap": ap, "servers": servers}
    finally:
        eu.stop()
        us.stop()
        ap.stop()


def write_config(tmp_path, panels, name="fleet.gameops_servers.yml", vaulted=None, **options):
    """An inventory configuration of the three panels; ``vaulted`` replaces options of the panel eu."""
    config = {"plugin": "gameops.panels.servers",
              "panels": [panels["eu"].config_entry(vaulted), panels["us"].config_entry(), panels["ap"].config_entry()]}
    config.update(options)
    path = Path(tmp_path) / name
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def inventory(tmp_path, panels, config, *args, env=None):
    full_env = dict(INVENTORY_ENV, **panels["eu"].env)
    full_env.update(panels["us"].env)
    full_env.update(panels["ap"].env)
    full_env.update(env or {})
    return run_command("ansible-inventory", ["-i", config] + list(args), tmp_path, env=full_env)


def parse_graph(text):
    """``ansible-inventory --graph`` output -> {group: set of its direct hosts}."""
    groups, stack = {}, []
    for line in text.splitlines():
        match = re.match(r"^(\s*(?:\|\s*)*)\|--(@?)(.+?):?$", line) if "|--" in line else re.match(r"^(@)(all):$", line)
        if not match:
            continue
        depth = line.index("|--") // 3 if "|--" in line else -1
        name = match.group(3) if "|--" in line else "all"
        is_group = bool(match.group(2)) if "|--" in line else True
        del stack[depth + 1:]
        if is_group:
            groups.setdefault(name, set())
            stack.append(name)
        else:
            groups[stack[-1]].add(name)
    return groups


PANELS = ("eu", "us", "ap")


def clear_logs(panels):
    for name in PANELS:
        panels[name].sim.clear_log()


def credentials(panels):
    return [secret for name in PANELS for secret in panels[name].credentials]


def test_graph_groups_and_host_variables(panels, tmp_path):
    clear_logs(panels)
    config = write_config(tmp_path, panels)
    graph = inventory(tmp_path, panels, config, "--graph", "-vvv")
    assert graph.rc == 0, graph
    groups = parse_graph(graph.stdout)
    lobbies = ["us-lobby-%s" % lobby["server_id"] for _panel, lobby in
               [panels["servers"][h] for h in panels["servers"] if h.startswith("us-lobby-")]]
    assert len(lobbies) == 2
    expected = {
        "panel_eu": {"eu-survival", "eu-creative", "eu-sandbox", "eu-old_world"},
        "panel_us": {"us-survival", "us-pocket"} | set(lobbies),
        "panel_ap": {"ap-survival01", "ap-valheim01", "ap-creative01", "ap-far01"},
        # Crafty has no nodes; AMP's are its targets
        "node_eu_node_eu_1": {"eu-survival", "eu-creative", "eu-old_world"},
        "node_eu_node_us_1": {"eu-sandbox"},
        "node_ap_ads01": {"ap-survival01"},
        "node_ap_amp_eu_2": {"ap-valheim01", "ap-creative01"},
        "node_ap_amp_eu_3": {"ap-far01"},
        "game_paper": {"eu-survival", "eu-creative", "eu-old_world"},
        "game_garrys_mod": {"eu-sandbox"},
        "game_minecraft_java": {"us-survival"} | set(lobbies),
        "game_minecraft_bedrock": {"us-pocket"},
        # AMP: the instance's module, or the game a generic instance was set up for
        "game_minecraft": {"ap-survival01", "ap-creative01", "ap-far01"},
        "game_valheim": {"ap-valheim01"},
        "state_running": {"eu-survival", "eu-sandbox", "us-survival", lobbies[1], "ap-survival01", "ap-valheim01"},
        "state_offline": {"eu-creative", "eu-old_world", "us-pocket", lobbies[0], "ap-creative01"},
        "state_unreachable": {"ap-far01"},
    }
    assert dict((g, hosts) for g, hosts in groups.items() if g not in ("all", "ungrouped")) == expected

    # Pterodactyl: one list and one live read per server, none for the suspended one
    eu = panels["eu"].sim
    assert [r.path for r in eu.requests if not r.path.endswith("/resources")] == ["/api/application/servers"]
    assert len([r for r in eu.requests if r.path.endswith("/resources")]) == 3
    suspended = panels["servers"]["eu-old_world"][1]
    assert not any(suspended["uuidShort"] in r.path for r in eu.requests)
    # Crafty: the login, the server list, the users once (for the owners), one stats read per server
    us = panels["us"].sim
    assert sorted(r.path for r in us.requests if not r.path.endswith("/stats")) == [
        "/api/v2", "/api/v2/auth/login", "/api/v2/servers", "/api/v2/users"]
    assert len([r for r in us.requests if r.path.endswith("/stats")]) == 4
    # AMP: the login and one instance list carry every state; no instance is logged in to
    assert [(r.call, r.instance) for r in panels["ap"].sim.requests] == [
        ("Core/Login", None), ("ADSModule/GetInstances", None)]
    # nothing written anywhere
    assert eu.writes() == [] and panels["us"].writes() == [] and panels["ap"].writes() == []

    listing = inventory(tmp_path, panels, config, "--list")
    assert listing.rc == 0, listing
    hostvars = json.loads(listing.stdout)["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted(panels["servers"])
    eu, survival = panels["servers"]["eu-survival"]
    variables = unsafe_free(hostvars["eu-survival"])
    assert variables == {
        "gameops_panel": "eu",
        "gameops_panel_type": "pterodactyl",
        "gameops_panel_url": eu.sim.url,
        "gameops_connection": {"panel_type": "pterodactyl", "panel_url": eu.sim.url, "validate_certs": True,
                               "timeout": 30, "max_retry_wait": 60},
        "gameops_server": {
            "id": survival["id"], "uuid": survival["uuid"], "identifier": survival["uuidShort"],
            "external_id": "eu-survival", "name": "Survival", "description": "", "owner": "alice",
            "node": "node-eu-1", "game": "Paper", "nest": "Minecraft",
            "docker_image": "ghcr.io/pterodactyl/yolks:java_21",
            "limits": {"memory": 8192, "swap": 0, "disk": 10240, "io": 500, "cpu": 0, "threads": None,
                       "oom_disabled": True},
            "feature_limits": {"databases": 0, "allocations": 0, "backups": 0},
            "suspended": False, "status": None, "power_state": "running",
        },
    }
    old = unsafe_free(hostvars["eu-old_world"])["gameops_server"]
    assert (old["suspended"], old["power_state"], old["status"]) == (True, "offline", "suspended")
    us, crafty_survival = panels["servers"]["us-survival"]
    assert unsafe_free(hostvars["us-survival"]) == {
        "gameops_panel": "us",
        "gameops_panel_type": "crafty",
        "gameops_panel_url": us.sim.url,
        "gameops_connection": {"panel_type": "crafty", "panel_url": us.sim.url, "validate_certs": True,
                               "timeout": 30, "max_retry_wait": 60},
        "gameops_server": {
            "id": crafty_survival["server_id"], "uuid": crafty_survival["server_id"], "external_id": None,
            "name": "Survival", "description": "", "owner": "carol", "node": None, "game": "minecraft-java",
            "limits": {}, "suspended": False, "power_state": "running", "port": 25565,
            "executable": crafty_survival["executable"],
        },
    }
    ap, amp_survival = panels["servers"]["ap-survival01"]
    assert unsafe_free(hostvars["ap-survival01"]) == {
        "gameops_panel": "ap",
        "gameops_panel_type": "amp",
        "gameops_panel_url": ap.sim.url,
        "gameops_connection": {"panel_type": "amp", "panel_url": ap.sim.url, "validate_certs": True,
                               "timeout": 30, "max_retry_wait": 60},
        "gameops_server": {
            "id": amp_survival.id, "uuid": amp_survival.id, "external_id": None, "name": "Survival01",
            "description": "the main world", "owner": None, "node": "ADS01", "game": "Minecraft",
            "limits": {"memory": 8192, "swap": 0, "cpu": 200}, "suspended": False, "power_state": "running",
            "friendly_name": "Survival (AMP)", "module": "Minecraft", "instance_running": True, "app_state": "Ready",
            "endpoints": ["0.0.0.0:25565", "0.0.0.0:2223"],
        },
    }
    valheim = unsafe_free(hostvars["ap-valheim01"])["gameops_server"]
    assert (valheim["game"], valheim["module"], valheim["node"], valheim["limits"]) == (
        "Valheim", "GenericModule", "amp-eu-2", {})

    # no credential anywhere: not in host variables, not in the output, even at -vvv
    for run in (graph, listing):
        for secret in credentials(panels):
            assert secret not in run.output


def unsafe_free(value):
    """Host variables as ansible-inventory prints them, with the unsafe markers of ansible-core 2.19 removed."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((k, unsafe_free(v)) for k, v in value.items())
    if isinstance(value, list):
        return [unsafe_free(v) for v in value]
    return value


def test_keyed_groups_compose_and_groups(panels, tmp_path):
    config = write_config(
        tmp_path, panels, live_state=False,
        keyed_groups=[{"key": "gameops_server.owner", "prefix": "owner"},
                      {"key": "gameops_panel_type", "prefix": "type"}],
        groups={"big": "gameops_server.limits.memory >= 4096"},
        compose={"memory_gb": "gameops_server.limits.memory // 1024", "ansible_connection": "'local'"})
    clear_logs(panels)
    run = inventory(tmp_path, panels, config, "--list")
    assert run.rc == 0, run
    data = json.loads(run.stdout)

    def hosts(group):
        return set(data.get(group, {}).get("hosts", []))
    lobbies = set(h for h in panels["servers"] if h.startswith("us-lobby-"))
    assert hosts("owner_alice") == {"eu-survival", "eu-creative"}
    assert hosts("owner_bob") == {"eu-sandbox", "eu-old_world"}
    assert hosts("owner_carol") == {"us-survival", "us-pocket"} | lobbies
    assert hosts("type_pterodactyl") == set(h for h in panels["servers"] if h.startswith("eu-"))
    assert hosts("type_crafty") == set(h for h in panels["servers"] if h.startswith("us-"))
    assert hosts("type_amp") == set(h for h in panels["servers"] if h.startswith("ap-"))
    # AMP instances have no owner: no owner group
    assert not [g for g in data if g.startswith("owner_") and hosts(g) & hosts("type_amp")]
    # limits compare across panels (AMP's container memory in MB); Crafty servers and AMP instances outside a
    # container have no memory limit: the expression fails for them, and strict is off
    assert hosts("big") == {"eu-survival", "ap-survival01"}
    assert data["_meta"]["hostvars"]["eu-survival"]["memory_gb"] == 8
    assert unsafe_free(data["_meta"]["hostvars"]["us-survival"]["ansible_connection"]) == "local"
    # live_state: false -> power state unknown, no state read
    assert hosts("state_unknown") == set(panels["servers"])
    assert [r.path for r in panels["eu"].sim.requests] == ["/api/application/servers"]
    assert not [r for r in panels["us"].sim.requests if r.path.endswith("/stats")]
    assert [r.call for r in panels["ap"].sim.requests] == ["Core/Login", "ADSModule/GetInstances"]


def test_cache_hit_sends_no_request(panels, tmp_path):
    cache_dir = tmp_path / "cache"
    config = write_config(tmp_path, panels, cache=True, cache_plugin="ansible.builtin.jsonfile",
                          cache_connection=str(cache_dir), cache_timeout=600)
    clear_logs(panels)
    first = inventory(tmp_path, panels, config, "--graph")
    assert first.rc == 0, first
    assert panels["eu"].sim.requests and panels["us"].sim.requests and panels["ap"].sim.requests
    cached = "".join(p.read_text() for p in cache_dir.iterdir())
    assert "Survival" in cached and "Survival01" in cached
    for secret in credentials(panels):
        assert secret not in cached

    clear_logs(panels)
    second = inventory(tmp_path, panels, config, "--graph")
    assert second.rc == 0, second
    assert parse_graph(second.stdout) == parse_graph(first.stdout)
    assert all(panels[name].sim.requests == [] for name in PANELS)

    # --flush-cache reads the panels again
    flushed = inventory(tmp_path, panels, config, "--graph", "--flush-cache")
    assert flushed.rc == 0, flushed
    assert [r.path for r in panels["eu"].sim.requests][0] == "/api/application/servers"

    # another set of panels under the same file name is not served from the cache
    clear_logs(panels)
    config.write_text(config.read_text().replace("name: us", "name: america"))
    renamed = inventory(tmp_path, panels, config, "--graph")
    assert renamed.rc == 0, renamed
    assert "panel_america" in parse_graph(renamed.stdout)
    assert panels["us"].sim.requests


def test_credentials_from_vault(panels, tmp_path):
    from ansible.parsing.vault import VaultLib, VaultSecret

    password = "inventory-vault-password"
    (tmp_path / "vault-password").write_text(password)
    vault = VaultLib([("default", VaultSecret(password.encode()))])
    block = "!vault |\n" + textwrap.indent(vault.encrypt(panels["eu"].client_api_key).decode(), "      ")
    config = write_config(tmp_path, panels, vaulted={"client_api_key": "VAULTED_CLIENT_KEY"})
    config.write_text(config.read_text().replace("VAULTED_CLIENT_KEY", block))
    assert panels["eu"].client_api_key not in config.read_text()
    clear_logs(panels)
    run = inventory(tmp_path, panels, config, "--graph", "--vault-password-file", tmp_path / "vault-password",
                    env={panels["eu"].env_prefix + "CLIENT_API_KEY": None})
    assert run.rc == 0, run
    assert "eu-survival" in parse_graph(run.stdout)["state_running"]
    assert all(r.status == 200 for r in panels["eu"].sim.requests)


def test_one_panel_from_the_environment_alone(panels, tmp_path):
    config = tmp_path / "gameops_servers.yml"
    config.write_text("plugin: gameops.panels.servers\n")
    eu = panels["eu"]
    env = {"GAMEOPS_PANEL_URL": eu.sim.url, "GAMEOPS_API_KEY": eu.api_key, "GAMEOPS_CLIENT_API_KEY": eu.client_api_key}
    run = inventory(tmp_path, panels, config, "--graph", env=env)
    assert run.rc == 0, run
    # the panel is named after its type
    assert parse_graph(run.stdout)["panel_pterodactyl"] == {
        "pterodactyl-survival", "pterodactyl-creative", "pterodactyl-sandbox", "pterodactyl-old_world"}

    run = inventory(tmp_path, panels, config, "--graph", env=dict(env, GAMEOPS_CLIENT_API_KEY=None))
    assert run.rc != 0
    assert "client_api_key is required for live_state" in run.output and "panels[" not in run.output


BAD_CONFIGURATIONS = [
    ({"panel_password": None}, "panels[1].panel_password is required for Crafty"),
    ({"name": "eu"}, "2 panels are named 'eu'; give each entry of panels a name of its own"),
    ({"panel_type": "minecraft"}, "panels[1].panel_type: unknown panel type 'minecraft' (known: "),
    ({"panel_url": "panel.example.com"}, "panels[1].panel_url must be an http:// or https:// URL such as https://panel.example.com, got 'panel.example.com'"),
    ({"api_key": "ptla_x"}, "panels[1].api_key is not used by Crafty Controller (panel_type=crafty) (it uses: api_token, "
                            "panel_password, panel_totp_secret, panel_username)"),
    ({"timeout": "soon"}, "panels[1]: argument 'timeout' is of type"),
    ({"name": "us-west"}, "panels[1].name: 'us-west' may only hold lower-case letters, digits and underscores"),
    ({"name": "US"}, "panels[1].name: 'US' may only hold lower-case letters, digits and underscores"),
    ({"region": "west"}, "panels[1]: unknown option region (known: api_key, "),
    ({"panel_type": "pterodactyl"}, "panels[1].panel_password is not used by Pterodactyl (panel_type=pterodactyl)"),
]


def test_bad_configurations_fail_before_any_request(panels, tmp_path):
    """Each bad file fails with its own message (one ansible-inventory run reads them all)."""
    sources = []
    for index, (change, _message) in enumerate(BAD_CONFIGURATIONS):
        data = yaml.safe_load(write_config(tmp_path, panels).read_text())
        for option, value in change.items():
            if value is None:
                data["panels"][1].pop(option)
            else:
                data["panels"][1][option] = value
        path = tmp_path / ("bad%d.gameops_servers.yml" % index)
        path.write_text(yaml.safe_dump(data))
        sources += ["-i", path]
    clear_logs(panels)
    run = inventory(tmp_path, panels, sources[1], "--graph", *sources[2:],
                    env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "0"})
    output = " ".join(run.output.split())  # warnings are wrapped
    for index, (_change, message) in enumerate(BAD_CONFIGURATIONS):
        assert "bad%d.gameops_servers.yml" % index in output
        assert message in output, (message, run)
    assert all(panels[name].sim.requests == [] for name in PANELS)


def test_a_panel_that_refuses_the_credentials_fails_naming_the_panel_without_them(panels, tmp_path):
    wrong_key, wrong_password = "ptla_" + "w" * 43, "not-the-password-" + "w" * 8
    sources = []
    for index, (panel, option, wrong) in enumerate(((0, "api_key", wrong_key), (1, "panel_password", wrong_password),
                                                    (2, "panel_password", wrong_password))):
        data = yaml.safe_load(write_config(tmp_path, panels).read_text())
        data["panels"][panel][option] = wrong
        path = tmp_path / ("refused%d.gameops_servers.yml" % index)
        path.write_text(yaml.safe_dump(data))
        sources += ["-i", path]
    run = inventory(tmp_path, panels, sources[1], "--graph", "-vvv", *sources[2:],
                    env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "0"})
    output = " ".join(run.output.split())
    eu, us = panels["eu"].sim.url, panels["us"].sim.url
    assert "panel 'eu' (Pterodactyl at %s): GET %s/api/application/servers HTTP 401 AuthenticationException: " \
        "the panel does not accept the key in api_key (Unauthenticated.); it needs a valid application API key " \
        "(ptla_...) of this panel" % (eu, eu) in output, run
    assert "panel 'us' (Crafty Controller at %s): " % us in output, run
    assert "POST %s/api/v2/auth/login HTTP 401 INCORRECT_CREDENTIALS: Crafty refused the login of 'fleet-us': wrong " \
        "username or password (or the account has two-factor login: set panel_totp_secret)" % us in output, run
    ap = panels["ap"].sim.url
    assert "panel 'ap' (CubeCoders AMP at %s): POST %s/API/Core/Login " % (ap, ap) in output, run
    assert "AMP's ADS refused the login of 'fleet-ap': Internal Auth - No reason given; check panel_username and " \
        "panel_password" in output, run
    for secret in [wrong_key, wrong_password] + credentials(panels):
        assert secret not in run.output
