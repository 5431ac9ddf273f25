# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared helpers of the Crafty simulator tests: one simulator per version, reused and reset per test."""
from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# pylint: disable=wrong-import-position
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, CraftySimulator  # noqa: E402

USER_PASSWORD = "user-password-1"

JAVA_SERVER = {
    "name": "survival",
    "monitoring_type": "minecraft_java",
    "minecraft_java_monitoring_data": {"host": "127.0.0.1", "port": 25570},
    "create_type": "minecraft_java",
    "minecraft_java_create_data": {
        "create_type": "download_jar",
        # the category is a key of the big bucket catalogue (4.4+ refuses "Mc_java_servers" with a 503)
        "download_jar_create_data": {"category": "mc_java_servers", "type": "paper", "version": "1.20.4",
                                     "mem_min": 1, "mem_max": 2, "server_properties_port": 25570,
                                     "agree_to_eula": True},
    },
}

TASK = {"name": "restart nightly", "enabled": True, "action": "restart", "interval": 1, "interval_type": "days",
        "command": "restart_server", "one_time": False, "cron_string": "", "delay": 0, "start_time": "04:00"}

WEBHOOK = {"webhook_type": "Discord", "name": "alerts", "url": "https://discord.example/hook", "bot_name": "Crafty",
           "trigger": ["start_server", "stop_server"], "body": "{{ server_name }} changed", "color": "#005cd1",
           "enabled": True}


def java_server(**overrides) -> dict:
    body = json.loads(json.dumps(JAVA_SERVER))
    body.update(overrides)
    return body


class SimulatorPool:
    """Started simulators by version, reset before each use (starting one per test would be slower)."""

    def __init__(self):
        self._sims = {}

    def get(self, version: str) -> CraftySimulator:
        sim = self._sims.get(version)
        if sim is None:
            sim = CraftySimulator(version=version)
            sim.start()
            self._sims[version] = sim
        sim.reset()
        sim.list_schedules = False
        sim.invalidate_on_password_change = False
        sim.webhook_failure = None
        sim.show_errors = True
        return sim

    def close(self) -> None:
        for sim in self._sims.values():
            sim.stop()


class Api:
    """A tiny client: ``api.get("/users")`` against ``<url>/api/v2``."""

    def __init__(self, sim, token=None):
        self.sim = sim
        self.base = sim.url + "/api/v2"
        self.session = requests.Session()
        self.token = token
        if token:
            self.session.headers["Authorization"] = "Bearer " + token

    @classmethod
    def admin(cls, sim) -> "Api":
        return cls(sim, sim.login())

    @classmethod
    def as_user(cls, sim, username, password=USER_PASSWORD) -> "Api":
        return cls(sim, sim.login(username, password))

    def request(self, method, path, **kwargs) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=10, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def login(self, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD, **extra):
        return requests.post(self.base + "/auth/login", json=dict(username=username, password=password, **extra),
                             timeout=10)


def jwt_claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def assert_html_500(response) -> None:
    """Tornado's own 500 page: what a crash answers with ``show_errors`` off."""
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/html")
    assert b"500: Internal Server Error" in response.content


def exception_line(text: str) -> str:
    """The exception line of a traceback: the last unindented line after the frames, before peewee's
    ``SQL:``/``Params:`` continuation lines."""
    lines = [line for line in text.rstrip().splitlines()[1:] if line and not line.startswith((" ", "\t"))]
    lines = [line for line in lines if not line.startswith(("SQL: ", "Params: "))]
    return lines[-1] if lines else ""


def assert_crash(response, exception: str) -> str:
    """A crash as Crafty answers it on its default configuration (``show_errors: true``): a text/plain
    Python traceback whose exception line starts with ``exception`` (e.g. ``"KeyError: 'servers'"``)."""
    assert response.status_code == 500, response.text
    assert response.headers["Content-Type"] == "text/plain"
    assert response.text.startswith("Traceback (most recent call last):\n")
    line = exception_line(response.text)
    assert line.startswith(exception), line
    return line


def assert_error(response, status, code, error_data=None) -> dict:
    assert response.status_code == status, response.text
    payload = response.json()
    assert payload["status"] == "error"
    assert payload["error"] == code
    if error_data is not None:
        assert payload.get("error_data") == error_data, payload
    return payload
