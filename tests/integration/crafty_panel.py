# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Crafty panel for the playbook tests: the simulator, or a real Crafty Controller.

Tests written against :class:`CraftyPanel` run on both. A real panel is
named by the environment (the simulator is used otherwise, and the real
variant of a test is skipped, saying so)::

    GAMEOPS_REAL_CRAFTY_URL=https://127.0.0.1:8443       # the panel (loopback only)
    GAMEOPS_REAL_CRAFTY_USERNAME=admin                    # a superuser (default: admin)
    GAMEOPS_REAL_CRAFTY_PASSWORD=... or GAMEOPS_REAL_CRAFTY_PASSWORD_FILE=/path

``make test-real-crafty`` runs them. The modules talk to a real panel
through a recording proxy on 127.0.0.1, so a test counts the requests the
panel received as it does with the simulator; what the panel holds is read
back through its API (never from the simulator's tables), and every test
deletes what it made. A real panel must run Crafty's default configuration
and should be a scratch one (how to run one: real-panels/crafty.md of the
project's shared notes).
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
import urllib3

REAL_URL = "GAMEOPS_REAL_CRAFTY_URL"
LOGIN = ("POST", "/api/v2/auth/login")
READS = ("GET", "HEAD", "OPTIONS")
FAKE_SERVER = """
import java.io.BufferedReader;
import java.io.InputStreamReader;

public class FakeServer {
    public static void main(String[] args) throws Exception {
        System.out.println("[00:00:00 INFO]: Done (0.1s)! For help, type \\"help\\"");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("stop")) {
                System.out.println("[00:00:01 INFO]: Stopping server");
                return;
            }
        }
        while (true) {
            Thread.sleep(1000);
        }
    }
}
"""


def real_panel_settings():
    """(url, username, password) of the real panel the environment names, or None."""
    url = os.environ.get(REAL_URL)
    if not url:
        return None
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("%s must point at this machine (127.0.0.1), got %s" % (REAL_URL, url))
    password = os.environ.get("GAMEOPS_REAL_CRAFTY_PASSWORD")
    if not password and os.environ.get("GAMEOPS_REAL_CRAFTY_PASSWORD_FILE"):
        password = Path(os.environ["GAMEOPS_REAL_CRAFTY_PASSWORD_FILE"]).read_text().strip()
    if not password:
        raise ValueError("set GAMEOPS_REAL_CRAFTY_PASSWORD (or _PASSWORD_FILE) for %s" % url)
    return url.rstrip("/"), os.environ.get("GAMEOPS_REAL_CRAFTY_USERNAME", "admin"), password


class Recorded:
    """One request a panel received: as the simulator's RecordedRequest has it."""

    def __init__(self, method, path, body, status):
        self.method, self.path, self.body, self.status = method, path, body, status


class CraftyPanel:
    """What a test needs of a Crafty panel: its URL, credentials, the requests it received and an API view.

    ``sim`` is the simulator behind it (None for a real panel): tests that must reach into a panel's
    tables or inject faults use it, and are simulator-only.
    """

    real = False
    sim = None

    def __init__(self, url, username, password, verify=False):
        self.url = url
        self.username = username
        self.password = password
        self.api = CraftyApi(url, username, password, verify=verify)

    @property
    def version(self):
        return self.api.version

    def connection_env(self):
        return {"GAMEOPS_PANEL_TYPE": "crafty", "GAMEOPS_PANEL_URL": self.url, "GAMEOPS_PANEL_USERNAME": self.username,
                "GAMEOPS_PANEL_PASSWORD": self.password}

    @property
    def requests(self):
        raise NotImplementedError

    def writes(self):
        """Write requests since the log was cleared, logins left out (a login changes nothing a module manages)."""
        return [(r.method, r.path) for r in self.requests
                if r.method not in READS and (r.method, r.path) != LOGIN]

    def writes_with_bodies(self):
        return [(r.method, r.path, r.body) for r in self.requests
                if r.method not in READS and (r.method, r.path) != LOGIN]

    def logins(self):
        return [r for r in self.requests if (r.method, r.path) == LOGIN]

    def clear_log(self):
        raise NotImplementedError

    def put_fake_jar(self, server_name):
        """Make a server startable without internet: a jar in its folder that acts like a Minecraft server."""
        raise NotImplementedError

    def close(self):
        pass


class SimulatedCrafty(CraftyPanel):
    def __init__(self, sim):
        from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

        super().__init__(sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)
        self.sim = sim
        self.label = "simulator %s" % sim.version

    @property
    def requests(self):
        return self.sim.requests

    def clear_log(self):
        self.sim.clear_log()

    def put_fake_jar(self, server_name):
        """The simulator runs any server without a jar."""


class RealCrafty(CraftyPanel):
    """A real Crafty Controller, behind a recording proxy on 127.0.0.1 (plain HTTP in, HTTPS out)."""

    real = True

    def __init__(self, url, username, password):
        self.target = url
        self._log, self._lock = [], threading.Lock()
        self._proxy = _Proxy(self)
        super().__init__(self._proxy.url, username, password)
        # the test's own reads go to the panel itself, not through the proxy (they are not the modules')
        self.api = CraftyApi(url, username, password)
        self.label = "real Crafty %s at %s" % (self.api.version_text, url)
        self._jar = None

    @property
    def requests(self):
        with self._lock:
            return list(self._log)

    def clear_log(self):
        with self._lock:
            self._log = []

    def record(self, entry):
        with self._lock:
            self._log.append(entry)

    def put_fake_jar(self, server_name):
        server = self.api.server(server_name)
        folder = Path(server["path"])
        jar = self._fake_jar()
        target = folder / server["executable"]
        shutil.copy(jar, target)
        stat = folder.stat()
        os.chown(target, stat.st_uid, stat.st_gid)

    def _fake_jar(self):
        if self._jar is None:
            if not shutil.which("javac") or not shutil.which("jar"):
                raise RuntimeError("a JDK (javac, jar) is needed to make a real Crafty server startable here")
            work = Path(tempfile.mkdtemp(prefix="fake-minecraft-"))
            (work / "FakeServer.java").write_text(FAKE_SERVER)
            subprocess.run(["javac", "--release", "17", "FakeServer.java"], cwd=work, check=True)
            subprocess.run(["jar", "--create", "--file", "server.jar", "--main-class", "FakeServer",
                            "FakeServer.class"], cwd=work, check=True)
            self._jar = work / "server.jar"
        return self._jar

    def close(self):
        self._proxy.stop()


class _Proxy:
    """Forwards every request to the real panel and records it (method, path, JSON body, status)."""

    def __init__(self, panel):
        session = requests.Session()
        session.verify = False
        session.trust_env = False
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = dict((k, v) for k, v in self.headers.items()
                               if k.lower() not in ("host", "content-length", "connection", "accept-encoding"))
                answer = session.request(self.command, panel.target + self.path, data=body or None, headers=headers,
                                         allow_redirects=False, timeout=120)
                try:
                    parsed = json.loads(body) if body else None
                except ValueError:
                    parsed = body.decode("utf-8", "replace")
                panel.record(Recorded(self.command, urlsplit(self.path).path.rstrip("/") or "/", parsed,
                                      answer.status_code))
                payload = answer.content
                self.send_response(answer.status_code)
                for name in ("Content-Type", "Retry-After", "Location"):
                    if answer.headers.get(name):
                        self.send_header(name, answer.headers[name])
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_OPTIONS = _forward

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True, name="crafty-proxy")
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class CraftyApi:
    """What a Crafty panel holds, read through its API as a superuser (for the tests' assertions)."""

    def __init__(self, url, username, password, verify=False):
        self.base = url.rstrip("/") + "/api/v2"
        self.session = requests.Session()
        self.session.verify = verify
        self.session.trust_env = False
        self._credentials = {"username": username, "password": password}
        self._token = None
        self._version = None

    def _call(self, method, path, body=None, expect=(200, 201), **kwargs):
        if self._token is None and path != "/auth/login":
            self._token = self._call("POST", "/auth/login", self._credentials)["token"]
        headers = {"Authorization": "Bearer %s" % self._token} if self._token else {}
        answer = self.session.request(method, self.base + path, json=body, headers=headers, timeout=60, **kwargs)
        self.session.cookies.clear()
        if answer.status_code not in expect:
            raise AssertionError("%s %s: HTTP %s %s" % (method, path, answer.status_code, answer.text[:300]))
        data = answer.json() if answer.content and "json" in answer.headers.get("Content-Type", "") else None
        return data.get("data") if isinstance(data, dict) and "status" in data else data

    @property
    def version_text(self):
        if self._version is None:
            self._version = self._call("GET", "")["version"]
        return self._version

    @property
    def version(self):
        return tuple(int(p) for p in self.version_text.split("-")[0].split(".")[:3])

    # -- reads --------------------------------------------------------------------------------------

    def users(self):
        return self._call("GET", "/users")

    def user(self, username):
        found = [u for u in self.users() if u["username"] == username]
        return self._call("GET", "/users/%s" % found[0]["user_id"]) if found else None

    def roles(self):
        return self._call("GET", "/roles")

    def role(self, name):
        found = [r for r in self.roles() if r["role_name"].lower() == name.lower()]
        return found[0] if found else None

    def role_servers(self, role_id):
        return self._call("GET", "/roles/%s/servers" % role_id)

    def servers(self):
        return self._call("GET", "/servers")

    def server(self, name):
        found = [s for s in self.servers() if s["server_name"] == name]
        assert len(found) <= 1, "%d servers named %r" % (len(found), name)
        return found[0] if found else None

    def stats(self, server_id):
        return self._call("GET", "/servers/%s/stats" % server_id)

    def webhooks(self, server_id):
        hooks = self._call("GET", "/servers/%s/webhook" % server_id) or {}
        return [dict(hook, id=int(hook_id)) for hook_id, hook in hooks.items()]

    def backups(self, server_id):
        return list((self._call("GET", "/servers/%s/backups" % server_id) or {}).values())

    def schedules(self, server_id, gap=25):
        """Every schedule row of the server (there is no list route: ids are read in order)."""
        rows, task_id, misses = [], 0, 0
        while misses < gap:
            task_id += 1
            answer = self.session.get("%s/servers/%s/tasks/%d" % (self.base, server_id, task_id), timeout=60,
                                      headers={"Authorization": "Bearer %s" % self._token})
            if answer.status_code != 200:
                misses += 1
                continue
            misses = 0
            row = answer.json()
            owner = row["server_id"]["server_id"] if isinstance(row["server_id"], dict) else row["server_id"]
            if str(owner) == str(server_id):
                rows.append(row)
        return rows

    # -- clean-up -------------------------------------------------------------------------------------

    def delete_user(self, username):
        user = self.user(username)
        if user is not None:
            self._call("DELETE", "/users/%s" % user["user_id"])

    def delete_role(self, name):
        role = self.role(name)
        if role is not None:
            self._call("DELETE", "/roles/%s" % role["role_id"])

    def delete_server(self, name):
        server = self.server(name)
        if server is None:
            return
        if self.stats(server["server_id"]).get("running"):
            self._call("POST", "/servers/%s/action/kill_server" % server["server_id"])
            time.sleep(2)
        self._call("DELETE", "/servers/%s" % server["server_id"], params={"files": "true"})

    def delete_task(self, server_id, task_id):
        self._call("DELETE", "/servers/%s/tasks/%s" % (server_id, task_id))


def wait_for(condition, timeout=90, step=1.0, what="the panel", fail=True):
    """Poll ``condition()`` until it is true (real panels do things in their own threads); on timeout, fail
    (or return False with ``fail=False``)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            if not fail:
                return False
            raise AssertionError("%s did not get there within %d s" % (what, timeout))
        time.sleep(step)
