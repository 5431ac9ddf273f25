# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transport and the Pterodactyl client from plain Python, against the simulator."""

from __future__ import annotations

import time

import pytest
import requests

from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl import egg_variable_rules as rules
from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, PanelError


def client_for(sim, key=None, **kwargs):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    kwargs.setdefault("retries", 3)
    kwargs.setdefault("timeout", 5)
    return PterodactylClient(sim.url, key or DEFAULT_APP_KEY, **kwargs)


def test_every_request_sends_accept_json_and_bearer(ptero_sim):
    client_for(ptero_sim).list_nests()
    request = ptero_sim.requests[-1]
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Authorization"].startswith("Bearer ptla_")
    # without the Accept header the panel redirects instead of answering JSON
    bare = requests.get(ptero_sim.url + "/api/application/users", allow_redirects=False, timeout=5)
    assert bare.status_code == 302


def test_errors_carry_status_code_and_never_the_key(ptero_sim):
    wrong = "ptla_" + "W" * 43
    with pytest.raises(PanelError) as err:
        client_for(ptero_sim, key=wrong).list_users()
    assert (err.value.status, err.value.code) == (401, "AuthenticationException")
    assert wrong not in str(err.value) and wrong[16:] not in repr(err.value.to_dict())


def test_validation_errors_are_split_per_field(ptero_sim):
    with pytest.raises(PanelError) as err:
        client_for(ptero_sim).create_user({"username": "ok-name", "email": "not-an-email"})
    fields = [f for f, _msg in err.value.field_errors]
    assert err.value.status == 422 and err.value.code == "ValidationException"
    assert fields[0] == "email" and "first_name" in fields and "last_name" in fields


def test_429_is_retried_for_a_post_honouring_retry_after(ptero_sim):
    ptero_sim.inject_fault(status=429, count=1, retry_after=1, method="POST")
    started = time.monotonic()
    created = client_for(ptero_sim).create_user(
        {"username": "dave", "email": "dave@example.test", "first_name": "D", "last_name": "V"})
    assert time.monotonic() - started >= 0.9
    assert created["username"] == "dave"
    assert [r.status for r in ptero_sim.requests if r.method == "POST"] == [429, 201]


def test_5xx_is_retried_for_reads_but_a_post_is_never_resent(ptero_sim):
    ptero_sim.inject_fault(status=503, count=2, retry_after=0, method="GET")
    assert len(client_for(ptero_sim).list_locations()) == 2
    assert [r.status for r in ptero_sim.requests] == [503, 503, 200]

    ptero_sim.clear_log()
    ptero_sim.inject_fault(status=502, count=1, method="POST")
    with pytest.raises(PanelError) as err:
        client_for(ptero_sim).create_user(
            {"username": "erin", "email": "erin@example.test", "first_name": "E", "last_name": "R"})
    assert err.value.status == 502
    # a 502 on a POST may have been applied: resending could create a duplicate
    assert [r.method for r in ptero_sim.requests] == ["POST"]


def test_a_post_marked_idempotent_is_retried_on_5xx(ptero_sim):
    """Panels whose reads are POSTs (AMP) mark them idempotent=True; those are retried like a GET."""
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    client = client_for(ptero_sim)
    transport = client.transport
    ptero_sim.inject_fault(status=503, count=2, retry_after=0, method="POST")
    body = {"username": "fay", "email": "fay@example.test", "first_name": "F", "last_name": "Y"}
    headers = {"Authorization": "Bearer " + DEFAULT_APP_KEY}
    created = transport.request("POST", "/api/application/users", json_body=body, headers=headers, idempotent=True)
    assert created["attributes"]["username"] == "fay"
    assert [r.status for r in ptero_sim.requests] == [503, 503, 201]
    assert transport.counts["POST"] == 3


def test_pacing_spaces_requests(ptero_sim):
    client = client_for(ptero_sim, max_requests_per_minute=600)  # one request per 0.1 s
    started = time.monotonic()
    for _i in range(4):
        client.list_locations()
    assert time.monotonic() - started >= 0.29
    assert client.request_counts == {"GET": 4}


def test_lists_use_a_large_page_and_follow_pagination(ptero_sim):
    for i in range(120):
        ptero_sim.add_user("bulk-%03d" % i, email="bulk-%03d@example.test" % i)
    client = client_for(ptero_sim)
    assert len(client.list_users()) == 121
    assert len(ptero_sim.requests) == 1
    ptero_sim.clear_log()
    ptero_sim.max_page_size = 50
    assert len(client.list_users()) == 121
    assert [r.query["page"] for r in ptero_sim.requests] == ["1", "2", "3"]


def test_eggs_come_with_variables(ptero_sim):
    paper = [e for e in client_for(ptero_sim).list_eggs(1) if e["name"] == "Paper"][0]
    names = sorted(v["env_variable"] for v in paper["relationships"]["variables"])
    assert names == ["BUILD_NUMBER", "MINECRAFT_VERSION", "SERVER_JARFILE"]


@pytest.mark.parametrize("value, rule, expected", [
    ("server.jar", r"required|regex:/^([\w\d._-]+)(\.jar)$/", []),
    ("server.zip", r"required|regex:/^([\w\d._-]+)(\.jar)$/", [r"does not match the pattern /^([\w\d._-]+)(\.jar)$/"]),
    (None, "required|string", ["is required"]),
    ("", "nullable|string|max:20", []),
    ("x" * 21, "nullable|string|max:20", ["may not be greater than 20 characters"]),
    ("64", "required|integer|between:1,128", []),
    ("500", "required|integer|between:1,128", ["must be between 1 and 128"]),
    ("abc", "required|integer", ["must be an integer"]),
    ("gm_flatgrass", "required|string|alpha_dash", []),
    ("gm flat", "required|string|alpha_dash", ["may only contain letters, numbers, dashes and underscores"]),
    ("b", "in:a,b,c", []),
    ("a|b", "regex:/^(a|b)\\|b$/", []),
])
def test_egg_rule_checks(value, rule, expected):
    assert rules.check(value, rule) == expected


def test_secrets_learnt_from_responses_are_redacted_too():
    from ansible_collections.gameops.panels.plugins.module_utils.transport import Transport

    transport = Transport("http://127.0.0.1:9", secrets=["ptla_key"])
    transport.add_secret("JBSWY3DPEHPK3PXP", None, "")
    transport.add_secret("JBSWY3DPEHPK3PXP")
    assert transport.secrets == ["ptla_key", "JBSWY3DPEHPK3PXP"]
    assert transport.redact("code for JBSWY3DPEHPK3PXP with ptla_key") == "code for %s with %s" % (MASK, MASK)
