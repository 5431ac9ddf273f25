# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A panel_url that answers, but not as the chosen panel type does: every client says so, naming what it saw.

For each panel type against each other panel's simulator the task fails naming panel_type and the panel that
answers (with its version where it tells it); against something that answers JSON but is no panel (a bare 404)
it fails naming panel_url and what it answered; a panel_url ending in the path the client adds itself fails
before any request. Nothing is written anywhere. The modules run as Ansible runs them on a host.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import COLLECTIONS_ROOT
from tests.integration.test_bad_input import run_module
from tests.simulators.common import serve

TITLES = {"pterodactyl": "Pterodactyl", "crafty": "Crafty Controller", "amp": "CubeCoders AMP"}
LABELS = {"pterodactyl": "Pterodactyl (panel_type=pterodactyl)", "crafty": "Crafty Controller (panel_type=crafty)",
          "amp": "CubeCoders AMP (panel_type=amp)"}


class BareNotFound:
    """A JSON service that is no panel: 404 with a JSON body for every path."""

    def __init__(self):
        self.requests = []

    def handle(self, method, target, headers, body, client_ip):
        from tests.simulators.pterodactyl.framework import Response

        self.requests.append((method, target))
        return Response(404, b'{"message": "Not Found"}', "application/json")


@pytest.fixture
def panels(ptero_sim, crafty_sim_factory, amp_sim):
    """Every panel's simulator, the credentials each panel type takes, and a bare JSON 404."""
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY

    crafty = crafty_sim_factory("4.10.7")
    bare = BareNotFound()
    httpd, _thread, bare_url = serve(bare)
    credentials = {
        "pterodactyl": {"GAMEOPS_API_KEY": DEFAULT_APP_KEY, "GAMEOPS_CLIENT_API_KEY": DEFAULT_CLIENT_KEY},
        "crafty": dict((k, v) for k, v in crafty.connection_env().items()
                       if k in ("GAMEOPS_PANEL_USERNAME", "GAMEOPS_PANEL_PASSWORD")),
        "amp": dict((k, v) for k, v in amp_sim.connection_env().items()
                    if k in ("GAMEOPS_PANEL_USERNAME", "GAMEOPS_PANEL_PASSWORD")),
    }
    yield {"sims": {"pterodactyl": ptero_sim, "crafty": crafty, "amp": amp_sim}, "credentials": credentials,
           "bare": (bare, bare_url)}
    httpd.shutdown()
    httpd.server_close()


def env_for(panel_type, url, credentials):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("GAMEOPS_"))
    env.update(PYTHONPATH=str(COLLECTIONS_ROOT), GAMEOPS_TIMEOUT="5", GAMEOPS_PANEL_TYPE=panel_type,
               GAMEOPS_PANEL_URL=url, **credentials)
    return env


def nothing_written(sims):
    """No write reached any panel: Pterodactyl and Crafty answered every non-read with an error, AMP wrote nothing."""
    for name in ("pterodactyl", "crafty"):
        accepted = [(r.method, r.path, r.status) for r in sims[name].requests
                    if r.method not in ("GET", "HEAD") and r.status < 400]
        assert accepted == [], name
    assert [r.call for r in sims["amp"].writes() if r.call != "Core/Login"] == []


@pytest.mark.parametrize("panel_type", ["pterodactyl", "crafty", "amp"])
def test_another_panel_type_at_panel_url_names_panel_type(panels, panel_type):
    """The client of ``panel_type`` finds each other panel at panel_url: the task names panel_type and that panel."""
    sims = panels["sims"]
    for other, sim in sims.items():
        if other == panel_type:
            continue
        result, stderr = run_module("user_info", {}, env_for(panel_type, sim.url, panels["credentials"][panel_type]))
        assert result.get("failed") and result["option"] == "panel_type", (panel_type, other, result, stderr)
        version = " 4.10.7" if other == "crafty" else " 2.6.0.4" if other == "amp" else ""
        assert result["msg"].startswith(
            "panel_url %s answers like %s%s, not like %s: set panel_type: %s (with its credentials: "
            % (sim.url, TITLES[other], version, LABELS[panel_type], other)), result["msg"]
        # and what its own client saw there
        assert "does not answer like" in result["msg"] or "not JSON" in result["msg"], result["msg"]
        assert result.get("changed") is False
    nothing_written(sims)


def test_a_missing_credential_with_another_panels_credentials_names_panel_type(panels):
    """panel_type: crafty (or amp) with only Pterodactyl keys at a Pterodactyl URL: panel_type is at fault, not
    panel_username; with no other panel's credentials the message stays the credential's, and nothing is asked."""
    sims, credentials = panels["sims"], panels["credentials"]
    for panel_type in ("crafty", "amp"):
        result, _stderr = run_module("user_info", {}, env_for(panel_type, sims["pterodactyl"].url,
                                                              credentials["pterodactyl"]))
        assert result["failed"] and result["option"] == "panel_type", result
        assert result["msg"].startswith("panel_url %s answers like Pterodactyl, not like %s: set panel_type: "
                                        "pterodactyl (with its credentials: api_key, client_api_key)"
                                        % (sims["pterodactyl"].url, LABELS[panel_type])), result["msg"]
        assert "panel_username is required" in result["msg"]
    sims["crafty"].clear_log()
    result, _stderr = run_module("user_info", {}, env_for("crafty", sims["crafty"].url, {}))
    assert result["failed"] and result["option"] == "panel_username" and sims["crafty"].requests == []
    # at a URL where no other panel answers, the credential is named
    bare, bare_url = panels["bare"]
    result, _stderr = run_module("user_info", {}, env_for("crafty", bare_url, credentials["pterodactyl"]))
    assert result["failed"] and result["option"] == "panel_username", result
    nothing_written(sims)


@pytest.mark.parametrize("panel_type, request_line", [
    ("pterodactyl", "GET /api/application/users"),
    ("crafty", "GET /api/v2"),
    ("amp", "POST /API/Core/Login"),
])
def test_json_that_is_no_panel_names_panel_url_with_what_it_answered(panels, panel_type, request_line):
    bare, url = panels["bare"]
    result, stderr = run_module("user_info", {}, env_for(panel_type, url, panels["credentials"][panel_type]))
    assert result.get("failed") and result["option"] == "panel_url", (result, stderr)
    assert "does not answer like %s" % TITLES[panel_type] in result["msg"], result["msg"]
    method, path = request_line.split()
    assert ("%s %s: HTTP 404, application/json: '{\"message\": \"Not Found\"}'" % (method, path) in result["msg"]
            or "(%s %s: HTTP 404, application/json: '{\"message\": \"Not Found\"}')" % (method, path)
            in result["msg"]), result["msg"]
    assert "Traceback" not in stderr
    # the client's own request, then one probe per other panel type; none of them found a panel
    assert (method, path) in [(m, target.split("?")[0]) for m, target in bare.requests] and len(bare.requests) <= 3


@pytest.mark.parametrize("panel_type, suffix", [
    ("pterodactyl", "/api"), ("pterodactyl", "/api/application/"), ("crafty", "/api/v2"), ("crafty", "/api/"),
    ("amp", "/API"),
])
def test_a_panel_url_ending_in_the_path_the_client_adds_is_named(panels, panel_type, suffix):
    sim = panels["sims"][panel_type]
    sim.clear_log() if hasattr(sim, "clear_log") else sim.requests.clear()
    url = sim.url + suffix
    result, _stderr = run_module("user_info", {}, env_for(panel_type, url, panels["credentials"][panel_type]))
    assert result["failed"] and result["option"] == "panel_url", result
    assert result["msg"] == ("panel_url %s ends in %s, which the collection adds itself: set panel_url to the "
                             "panel's address, %s" % (url, suffix.rstrip("/"), sim.url)), result["msg"]
    assert list(sim.requests) == []
