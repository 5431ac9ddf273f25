# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP layer of every simulator: a threaded server bound to 127.0.0.1 and one request handler.

A simulator object only has to offer ``handle(method, target, headers,
body, client_ip)`` returning a response with ``status``, ``headers`` (a
list of pairs) and ``body`` (bytes). Each response leaves in one send with
Nagle's algorithm off: headers and body written separately on a kept-alive
connection would wait for the client's delayed ACK (about 40 ms a request),
which would swamp every measurement taken against a simulator.
"""
from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
        response = self.simulator.handle(self.command, self.path, dict(self.headers.items()), body,
                                         self.client_address[0])
        if response is None:  # the simulator dropped the connection (an injected reset)
            self.close_connection = True
            return
        head = ["%s %d %s" % (self.protocol_version, response.status, HTTP_REASONS.get(response.status, "Status")),
                "Server: %s" % self.version_string(), "Date: %s" % self.date_time_string()]
        for name, value in response.headers:
            head.append("%s: %s" % (name, value))
            if name.lower() == "connection" and str(value).lower() == "close":
                self.close_connection = True
        head.append("Content-Length: %d" % len(response.body))
        payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        if self.command != "HEAD":
            payload += response.body
        self.wfile.write(payload)  # one send: status line, headers and body together

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


def serve(simulator, port=0, server_version="PanelSimulator", name="panel-simulator"):
    """Start serving ``simulator`` on 127.0.0.1:``port`` in a daemon thread; returns ``(httpd, thread, url)``."""
    httpd = SimulatorHTTPServer((BIND_HOST, port), make_handler(simulator, server_version))
    url = "http://%s:%d" % (BIND_HOST, httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, name=name, daemon=True)
    thread.start()
    return httpd, thread, url
