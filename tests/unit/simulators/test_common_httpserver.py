# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP layer every simulator shares: Nagle off, one send per response, keep-alive."""

from __future__ import annotations

import http.client
import socket

import pytest

from tests.simulators.common import httpserver


class Answer:
    def __init__(self, status, body, headers=()):
        self.status = status
        self.body = body
        self.headers = list(headers)


class EchoSimulator:
    """Answers every request with its method and path."""

    def handle(self, method, target, headers, body, client_ip):
        return Answer(200, ("%s %s %d" % (method, target, len(body))).encode(), [("Content-Type", "text/plain")])


@pytest.fixture
def observed(monkeypatch):
    """Start an echo simulator whose handler records its socket option and every write."""
    seen = {"nodelay": [], "writes": []}
    original_setup = httpserver.SimulatorRequestHandler.setup

    def setup(handler):
        original_setup(handler)
        seen["nodelay"].append(handler.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        write = handler.wfile.write

        def counting_write(data):
            seen["writes"].append(bytes(data))
            return write(data)
        handler.wfile.write = counting_write

    monkeypatch.setattr(httpserver.SimulatorRequestHandler, "setup", setup)
    httpd, thread, url = httpserver.serve(EchoSimulator())
    try:
        yield seen, url
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_the_handler_disables_nagle(observed):
    seen, url = observed
    connection = http.client.HTTPConnection(url.split("://")[1])
    connection.request("GET", "/ping")
    assert connection.getresponse().read() == b"GET /ping 0"
    assert seen["nodelay"] and all(seen["nodelay"]), "TCP_NODELAY is not set on the accepted socket"


def test_each_response_is_one_send_on_a_kept_alive_connection(observed):
    seen, url = observed
    connection = http.client.HTTPConnection(url.split("://")[1])
    for path in ("/a", "/b", "/c"):
        connection.request("POST", path, body=b"xyz")
        response = connection.getresponse()
        assert response.status == 200 and response.read() == ("POST %s 3" % path).encode()
    assert len(seen["nodelay"]) == 1, "the three requests should share one connection"
    assert len(seen["writes"]) == 3
    for write in seen["writes"]:
        head, body = write.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 200 OK\r\n") and b"Content-Length: %d" % len(body) in head
        assert body.startswith(b"POST /")


def test_head_answers_carry_no_body(observed):
    seen, url = observed
    connection = http.client.HTTPConnection(url.split("://")[1])
    connection.request("HEAD", "/x")
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b""
    assert seen["writes"][0].endswith(b"\r\n\r\n")
