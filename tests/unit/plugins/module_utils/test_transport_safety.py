# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transport against a simulator: which requests are retried, bounded waits, redirects, TLS, counting."""

from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import requests

from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient
from ansible_collections.gameops.panels.plugins.module_utils.errors import AmbiguousWrite, PanelError
from ansible_collections.gameops.panels.plugins.module_utils.transport import Transport
from tests.simulators.common import serve
from tests.simulators.common.tls import self_signed, server_context

USERS = "/api/application/users"


def client_for(sim, url=None, **kwargs):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    kwargs.setdefault("timeout", 2)
    return PterodactylClient(url or sim.url, DEFAULT_APP_KEY, **kwargs)


def new_user(name):
    return {"username": name, "email": "%s@example.test" % name, "first_name": "F", "last_name": "L"}


def log(sim, method=None):
    return [(r.method, r.path, r.status) for r in sim.requests if method is None or r.method == method]


def test_reads_are_retried_on_500_resets_and_read_timeouts(ptero_sim):
    client = client_for(ptero_sim)
    ptero_sim.inject_fault(status=500, count=1, method="GET")
    ptero_sim.chaos.configure(rate=1, kinds=["reset"], max_faults=1)
    assert len(client.list_locations()) == 2
    ptero_sim.chaos.configure(rate=1, kinds=["timeout"], max_faults=1, delay=2.5)
    assert len(client.list_locations()) == 2
    # 500 then reset (never reached the simulator) then 200; then a processed GET held back past the timeout, and 200
    assert [s for _m, _p, s in log(ptero_sim)] == [500, 200, 200, 200]
    assert client.request_counts == {"GET": 5}


@pytest.mark.parametrize("kind, phase", [("502", "after"), ("504", "after"), ("lost", None), ("timeout", None)])
def test_a_create_whose_outcome_is_unknown_is_never_resent_by_the_transport(ptero_sim, kind, phase):
    ptero_sim.chaos.configure(rate=1, kinds=[kind], phase=phase, methods=["POST"], max_faults=1, delay=2.5)
    with pytest.raises(AmbiguousWrite) as err:
        client_for(ptero_sim).create_user(new_user("gale"))
    assert err.value.ambiguous and err.value.method == "POST"
    assert "may or may not have" in err.value.message
    # processed once (the user exists), sent once
    assert log(ptero_sim, "POST") == [("POST", USERS, 201)]
    assert [u["username"] for u in ptero_sim.state.users.values()].count("gale") == 1


def test_a_create_refused_before_processing_is_retried_only_on_429(ptero_sim):
    ptero_sim.chaos.configure(rate=1, kinds=["429"], methods=["POST"], max_faults=2)
    assert client_for(ptero_sim).create_user(new_user("hana"))["username"] == "hana"
    assert ptero_sim.chaos.report()["injected"] == 2
    assert log(ptero_sim, "POST") == [("POST", USERS, 201)]  # the two 429s never reached the panel


def test_a_delete_whose_answer_was_lost_counts_as_done_when_the_retry_gets_404(ptero_sim):
    user = ptero_sim.add_user("ivan", email="ivan@example.test")
    ptero_sim.chaos.configure(rate=1, kinds=["lost"], methods=["DELETE"], max_faults=1)
    client = client_for(ptero_sim)
    client.delete_user(user["id"])
    path = "%s/%d" % (USERS, user["id"])
    assert log(ptero_sim, "DELETE") == [("DELETE", path, 204), ("DELETE", path, 404)]
    # a 404 without an earlier attempt that may have been applied is still an error
    with pytest.raises(PanelError) as err:
        client.delete_user(user["id"])
    assert err.value.status == 404


def test_a_post_marked_idempotent_is_retried_like_a_read(ptero_sim):
    """Panels whose reads are POSTs (AMP) mark them idempotent=True; so do full replacements sent as POST."""
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    transport = client_for(ptero_sim).transport
    ptero_sim.inject_fault(status=503, count=1, retry_after=0, method="POST")
    ptero_sim.inject_fault(status=502, count=1, method="POST")
    created = transport.request("POST", USERS, json_body=new_user("fay"), idempotent=True,
                                headers={"Authorization": "Bearer " + DEFAULT_APP_KEY})
    assert created["attributes"]["username"] == "fay"
    assert [s for _m, _p, s in log(ptero_sim, "POST")] == [503, 502, 201]
    assert transport.counts["POST"] == 3


def test_retry_after_above_max_retry_wait_fails_at_once_saying_when(ptero_sim):
    ptero_sim.inject_fault(status=429, count=5, retry_after=600, method="GET")
    started = time.monotonic()
    with pytest.raises(PanelError) as err:
        client_for(ptero_sim, max_retry_wait=60).list_users()
    assert time.monotonic() - started < 2
    assert err.value.option == "max_retry_wait" and err.value.status == 429
    assert "asks to wait 600 s, more than max_retry_wait (60 s); run the task again after 20" in err.value.message
    assert len(ptero_sim.requests) == 1


def test_retry_after_within_the_cap_is_honoured_and_long_waits_are_reported(ptero_sim):
    ptero_sim.inject_fault(status=429, count=1, retry_after=5, method="GET")
    client = client_for(ptero_sim, max_retry_wait=5)
    started = time.monotonic()
    client.list_nests()
    assert time.monotonic() - started >= 4.9
    assert client.transport.warnings == [
        "waited 5 s before retrying GET %s/api/application/nests: the panel asked (HTTP 429, Retry-After)" % ptero_sim.url]


def test_the_retries_of_one_task_are_bounded_in_time(ptero_sim):
    # max_retry_wait 1 -> at most 5 s of retrying in all, however many retries are allowed
    ptero_sim.inject_fault(status=503, count=100, retry_after=1, method="GET")
    client = client_for(ptero_sim, max_retry_wait=1, retries=50)
    started = time.monotonic()
    with pytest.raises(PanelError) as err:
        client.list_nests()
    assert time.monotonic() - started < 7
    assert "retry time of 5 s is spent" in err.value.message
    sent = len(ptero_sim.requests)
    with pytest.raises(PanelError):
        client.list_locations()  # the budget is spent: no more waiting in this task
    assert len(ptero_sim.requests) == sent + 1


@pytest.mark.parametrize("bad, option", [({"timeout": 0}, "timeout"), ({"timeout": -5}, "timeout"),
                                         ({"max_requests_per_minute": 0}, "max_requests_per_minute"),
                                         ({"max_retry_wait": -1}, "max_retry_wait")])
def test_values_that_cannot_work_fail_naming_the_option(bad, option):
    with pytest.raises(PanelError) as err:
        Transport("http://127.0.0.1:9", **bad)
    assert err.value.option == option


class Redirector:
    """Answers every request with a redirect to ``target`` + the path."""

    def __init__(self, target, status=301):
        self.target, self.status, self.requests = target, status, []

    def handle(self, method, target, headers, body, client_ip):
        from tests.simulators.pterodactyl.framework import Response

        self.requests.append((method, target))
        return Response(self.status, b"", None, [("Location", self.target + target)])


@pytest.mark.parametrize("status", [301, 302])
def test_redirects_are_never_followed(ptero_sim, status):
    redirector = Redirector(ptero_sim.url, status)
    httpd, _thread, url = serve(redirector)
    try:
        with pytest.raises(PanelError) as err:
            client_for(ptero_sim, url=url).create_user(new_user("jo"))
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert err.value.option == "panel_url" and err.value.status == status
    assert "redirect (HTTP %d) to %s%s" % (status, ptero_sim.url, USERS) in err.value.message
    assert redirector.requests == [("POST", USERS)] and ptero_sim.requests == []


def test_a_redirect_to_https_suggests_the_https_url():
    redirector = Redirector(None)
    httpd, _thread, url = serve(redirector)
    redirector.target = url.replace("http://", "https://")
    try:
        with pytest.raises(PanelError) as err:
            Transport(url).request("GET", "/api/application/users")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert err.value.message.endswith("the panel wants HTTPS: set panel_url to %s" % redirector.target)


@pytest.fixture
def https_sim(ptero_sim, tmp_path):
    cert, key = self_signed(tmp_path)
    httpd, _thread, url = serve(ptero_sim, ssl_context=server_context(cert, key))
    yield url, cert
    httpd.shutdown()
    httpd.server_close()


def test_validate_certs_false_wins_over_ca_bundles_in_the_environment(https_sim, monkeypatch, tmp_path):
    url, cert = https_sim
    other, _key = self_signed(tmp_path / "..")  # a CA that did not sign the simulator's certificate
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(variable, other)
    assert len(client_for(None, url=url, validate_certs=False).list_locations()) == 2
    with pytest.raises(PanelError) as err:
        client_for(None, url=url).list_locations()
    assert err.value.option == "validate_certs" and "ca_path" in err.value.message
    assert len(client_for(None, url=url, ca_path=cert).list_locations()) == 2


def test_https_to_a_plain_http_port_is_reported_as_such(ptero_sim):
    https = ptero_sim.url.replace("http://", "https://")
    with pytest.raises(PanelError) as err:
        client_for(ptero_sim, url=https).list_locations()
    assert err.value.option == "panel_url"
    assert "starts with https:// but %s answered without TLS" % https.split("://")[1] in err.value.message
    assert "certificate" not in err.value.message


def test_an_unreachable_panel_names_panel_url():
    with pytest.raises(PanelError) as err:
        Transport("http://127.0.0.1:9", retries=1).request("GET", "/")
    assert err.value.option == "panel_url" and "cannot reach the panel at 127.0.0.1:9" in err.value.message


def test_every_attempt_is_counted(ptero_sim):
    ptero_sim.inject_fault(status=429, count=1, retry_after=0, method="GET")
    ptero_sim.inject_fault(status=502, count=2, method="GET")
    client = client_for(ptero_sim)
    client.list_nests()
    assert client.request_counts == {"GET": len(ptero_sim.requests)} == {"GET": 4}


def test_a_key_the_panel_refuses_names_its_option(ptero_sim):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    with pytest.raises(PanelError) as err:
        PterodactylClient(ptero_sim.url, "ptla_" + "x" * 43).list_users()
    assert err.value.option == "api_key" and "application API key (ptla_...)" in err.value.message
    # a client key of a user who is not an admin, where an application key goes
    kim = ptero_sim.add_user("kim", email="kim@example.test")
    with pytest.raises(PanelError) as err:
        PterodactylClient(ptero_sim.url, ptero_sim.add_client_key(user_id=kim["id"])).list_users()
    assert err.value.option == "api_key" and err.value.status == 403
    assert "it needs an application key (ptla_...) of a root admin" in err.value.message
    # an application key on the client API
    with pytest.raises(PanelError) as err:
        PterodactylClient(ptero_sim.url, client_api_key=DEFAULT_APP_KEY).list_client_servers()
    assert err.value.option == "client_api_key" and err.value.status == 403


class OtherJson:
    """Something that answers JSON, but not a panel's."""

    def handle(self, method, target, headers, body, client_ip):
        from tests.simulators.pterodactyl.framework import Response

        return Response(200, b'{"status": "ok", "version": "2.4"}', "application/json")


def test_a_url_that_answers_other_json_names_panel_url():
    httpd, _thread, url = serve(OtherJson())
    try:
        with pytest.raises(PanelError) as err:
            PterodactylClient(url, "ptla_" + "x" * 43).list_users()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert err.value.option == "panel_url" and "is panel_url the Pterodactyl panel's address?" in err.value.message


def test_a_status_the_panel_gives_as_its_answer_is_not_retried(ptero_sim):
    from tests.simulators.pterodactyl import DEFAULT_APP_KEY

    transport = client_for(ptero_sim).transport
    auth = {"Authorization": "Bearer %s" % DEFAULT_APP_KEY}
    ptero_sim.inject_fault(status=500, count=2, method="GET")
    with pytest.raises(PanelError) as err:
        transport.request("GET", "/api/application/locations", headers=auth, final_statuses=(500,))
    assert err.value.status == 500
    # sent once, not retried; the same read without final_statuses is retried past the second fault
    assert log(ptero_sim) == [("GET", "/api/application/locations", 500)]
    assert transport.request("GET", "/api/application/locations", headers=auth)["object"] == "list"
    assert [s for _m, _p, s in log(ptero_sim)] == [500, 500, 200]


def test_a_ca_bundle_named_in_the_environment_is_trusted(https_sim, monkeypatch):
    # the environment is read once per session, not per request: what it says must still hold
    url, cert = https_sim
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", cert)
    assert len(client_for(None, url=url).list_locations()) == 2
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    monkeypatch.setenv("CURL_CA_BUNDLE", cert)
    assert len(client_for(None, url=url).list_locations()) == 2


class _ForwardProxy(BaseHTTPRequestHandler):
    """An HTTP proxy: records each request's target and fetches it."""

    seen = []

    def do_GET(self):  # noqa: N802  # pylint: disable=invalid-name  # http.server's name
        self.seen.append(self.path)
        target = urlsplit(self.path)
        upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        upstream.request("GET", target.path + ("?" + target.query if target.query else ""),
                         headers=dict((k, v) for k, v in self.headers.items() if k.lower() != "proxy-connection"))
        answer = upstream.getresponse()
        body = answer.read()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


def test_the_proxy_named_in_the_environment_is_used_unless_no_proxy_names_the_panel(ptero_sim, monkeypatch):
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _ForwardProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    _ForwardProxy.seen = []
    try:
        for variable in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:%d" % proxy.server_address[1])
        monkeypatch.setenv("http_proxy", "http://127.0.0.1:%d" % proxy.server_address[1])
        assert len(client_for(ptero_sim).list_locations()) == 2
        assert _ForwardProxy.seen and all(seen.startswith(ptero_sim.url + "/api/") for seen in _ForwardProxy.seen)
        _ForwardProxy.seen = []
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        monkeypatch.setenv("no_proxy", "127.0.0.1")
        assert len(client_for(ptero_sim).list_locations()) == 2
        assert _ForwardProxy.seen == []
        # ... read when the client is made, not again for each request (it costs a scan of the environment)
        client = client_for(ptero_sim)
        looked_up = []
        monkeypatch.setattr(requests.sessions, "get_environ_proxies", lambda *a, **k: looked_up.append(a) or {})
        for _page in range(3):
            client.list_locations()
        assert looked_up == []
    finally:
        proxy.shutdown()
        proxy.server_close()
