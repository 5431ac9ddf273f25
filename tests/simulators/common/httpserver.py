# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP layer of every simulator: a threaded server bound to 127.0.0.1 and one request handler.

A simulator object only has to offer ``handle(method, target, headers,
body, client_ip)`` returning a response with ``status``, ``headers`` (a
list of pairs) and ``body`` (bytes). :func:`serve` gives it a ``chaos``
(:class:`.chaos.Chaos`, off by default) that this handler consults around
every ``handle`` call, with its control endpoint ``/__sim/chaos``, so every
simulator can inject seeded random faults without code of its own. Each response leaves in one send with
Nagle's algorithm off: headers and body written separately on a kept-alive
connection would wait for the client's delayed ACK (about 40 ms a request),
which would swamp every measurement taken against a simulator.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .chaos import Chaos

BIND_HOST = "127.0.0.1"

HTTP_REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    409: "Conflict", 412: "Precondition Failed", 419: "Page Expired", 422: "Unprocessable Content",
    429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}


class SimulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


class SimulatorRequestHandler(BaseHTTPRequestHandler):
    """Reads one request, asks ``simulator.handle`` for the response, writes it in a single send."""

    protocol_version = "HTTP/1.1"
    server_version = "PanelSimulator"
    sys_version = ""
    simulator = None
    timeout = 60

    def setup(self):
        super().setup()
        # every response is one write; never hold it back waiting for an ACK
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        return

    def version_string(self):
        return self.server_version

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                line = self.rfile.readline()
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self):
        try:
            body = self._read_body()
        except (ValueError, OSError):
            self.close_connection = True
            return
        chaos = getattr(self.simulator, "chaos", None)
        path = self.path.split("?", 1)[0]
        if chaos is not None and path.rstrip("/") == "/__sim/chaos":
            self._chaos_control(chaos, body)
            return
        fault = chaos.decide(self.command, path) if chaos is not None else None
        if fault is not None and not fault.after:
            if fault.kind == "reset":
                self.close_connection = True
            else:
                self._send(*chaos.response(fault, HTTP_REASONS))
            return
        response = self.simulator.handle(self.command, self.path, dict(self.headers.items()), body,
                                         self.client_address[0])
        if response is None:  # the simulator dropped the connection (an injected reset)
            self.close_connection = True
            return
        if fault is not None:  # processed; now the answer is lost, late or replaced
            if fault.kind == "timeout":
                time.sleep(chaos.delay)
            if fault.status is None:
                self.close_connection = True
            else:
                self._send(*chaos.response(fault, HTTP_REASONS))
            return
        self._send(response.status, response.headers, response.body)

    def _send(self, status, headers, body):
        head = ["%s %d %s" % (self.protocol_version, status, HTTP_REASONS.get(status, "Status")),
                "Server: %s" % self.version_string(), "Date: %s" % self.date_time_string()]
        for name, value in headers:
            head.append("%s: %s" % (name, value))
            if name.lower() == "connection" and str(value).lower() == "close":
                self.close_connection = True
        head.append("Content-Length: %d" % len(body))
        payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        if self.command != "HEAD":
            payload += body
        self.wfile.write(payload)  # one send: status line, headers and body together

    def _chaos_control(self, chaos, body):
        """``GET`` the configuration and what was injected, ``POST`` a new one, ``DELETE`` to turn it off."""
        status = 200
        try:
            if self.command == "POST":
                chaos.configure(**(json.loads(body.decode("utf-8")) if body.strip() else {}))
            elif self.command == "DELETE":
                chaos.off()
            elif self.command != "GET":
                status = 405
            payload = chaos.report() if status == 200 else {"error": "use GET, POST or DELETE"}
        except (TypeError, ValueError) as exc:
            status, payload = 400, {"error": str(exc)}
        self._send(status, [("Content-Type", "application/json")], json.dumps(payload).encode("utf-8"))

    do_GET = _serve
    do_HEAD = _serve
    do_POST = _serve
    do_PUT = _serve
    do_PATCH = _serve
    do_DELETE = _serve
    do_OPTIONS = _serve


def make_handler(simulator, server_version="PanelSimulator"):
    """A handler class bound to ``simulator``."""
    return type("BoundHandler", (SimulatorRequestHandler,), {"simulator": simulator, "server_version": server_version})


def serve(simulator, port=0, server_version="PanelSimulator", name="panel-simulator", ssl_context=None):
    """Start serving ``simulator`` on 127.0.0.1:``port`` in a daemon thread; returns ``(httpd, thread, url)``.

    The simulator gets a ``chaos`` (off) unless it has one. With ``ssl_context`` (an ``ssl.SSLContext``
    holding a certificate) it serves HTTPS.
    """
    if getattr(simulator, "chaos", None) is None:
        simulator.chaos = Chaos()
    httpd = SimulatorHTTPServer((BIND_HOST, port), make_handler(simulator, server_version))
    scheme = "http"
    if ssl_context is not None:
        httpd.socket = ssl_context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    url = "%s://%s:%d" % (scheme, BIND_HOST, httpd.server_address[1])
    # a short poll: stop() (httpd.shutdown) waits for the serve loop to look, 0.5 s by default; tests stop many simulators
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True)
    thread.start()
    return httpd, thread, url
