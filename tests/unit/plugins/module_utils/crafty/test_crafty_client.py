# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Crafty client from plain Python, against the simulator: versions, login, renewal, errors, quirks."""

from __future__ import annotations

import itertools
import os

import pyotp
import pytest

from ansible_collections.gameops.panels.plugins.module_utils import totp
from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import CraftyClient
from ansible_collections.gameops.panels.plugins.module_utils.errors import (
    MASK, CraftyError, NotThisPanel, ReconcileError, Unsupported)
from ansible_collections.gameops.panels.plugins.module_utils.crafty.roles import mask_from_names, names_from_mask
from ansible_collections.gameops.panels.plugins.module_utils.crafty.versions import Version
from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME


def client_for(sim, **kwargs):
    kwargs.setdefault("username", DEFAULT_ADMIN_USERNAME)
    kwargs.setdefault("password", DEFAULT_ADMIN_PASSWORD)
    kwargs.setdefault("retries", 1)
    kwargs.setdefault("timeout", 5)
    kwargs.setdefault("sleep", lambda seconds: None)
    return CraftyClient(sim.url, **kwargs)


@pytest.mark.parametrize("text, parts", [("4.0.8-?", (4, 0, 8)), ("4.4.8", (4, 4, 8)), ("4.5.0-dev", (4, 5, 0)),
                                         ("v4.3", (4, 3, 0))])
def test_versions_parse_the_leading_numbers(text, parts):
    assert Version(text).parts == parts


def test_a_feature_an_old_version_lacks_names_the_version_and_the_first_that_has_it():
    with pytest.raises(Unsupported) as err:
        Version("4.0.8-?").require("webhooks", option="name")
    assert str(err.value) == "name: webhooks: not available on Crafty 4.0.8, the version of this panel " \
        "(needs Crafty 4.2 or later)"
    Version("4.4.8").require("webhooks")
    assert not Version("4.4.7").has("totp_login") and Version("4.4.8").has("totp_login")
    assert not Version("4.4.0").has("backup_configs") and Version("4.4.1").has("backup_configs")


def test_every_server_mask_round_trips_through_readable_names():
    for bits in itertools.product("01", repeat=8):
        mask = "".join(bits)
        assert mask_from_names(names_from_mask(mask)) == mask
    assert names_from_mask("10110000") == ["commands", "logs", "schedule"]
    with pytest.raises(ReconcileError, match="unknown server permission"):
        mask_from_names(["console"])


@pytest.mark.parametrize("version", ["4.0.8", "4.4.8"])
def test_the_version_is_read_once_without_authentication(crafty_sim_factory, version):
    sim = crafty_sim_factory(version)
    client = client_for(sim)
    assert str(client.version) == version and str(client.version) == version
    assert [(r.method, r.path, r.headers.get("Authorization")) for r in sim.requests] == [("GET", "/api/v2", None)]
    client.list_roles()
    assert [r.path for r in sim.requests] == ["/api/v2", "/api/v2/auth/login", "/api/v2/roles"]


def test_a_url_that_is_not_crafty_names_panel_url(ptero_sim, crafty_sim):
    with pytest.raises(NotThisPanel) as err:
        CraftyClient(ptero_sim.url, api_token="x", retries=0).version  # pylint: disable=expression-not-assigned
    assert err.value.option == "panel_url" and "does not answer like Crafty Controller 4" in str(err.value)
    # what it saw: Pterodactyl's JSON 404 for a route it lacks
    assert "(GET /api/v2: HTTP 404, application/json: " in str(err.value)
    # the API path is added by the client; a panel_url that already ends with it is named, before any request
    for suffix in ("/api/v2/", "/api"):
        with pytest.raises(NotThisPanel) as err:
            CraftyClient(crafty_sim.url + suffix, api_token="x")
        assert err.value.option == "panel_url" and str(err.value) == (
            "panel_url %s%s ends in %s, which the collection adds itself: set panel_url to the panel's address, %s"
            % (crafty_sim.url, suffix, suffix.rstrip("/"), crafty_sim.url))
    assert [r.path for r in crafty_sim.requests] == []


def test_the_session_token_and_password_are_redacted_from_errors(crafty_sim):
    client = client_for(crafty_sim)
    client.list_roles()
    token = client._token  # pylint: disable=protected-access
    client.transport.warn("token %s password %s" % (token, DEFAULT_ADMIN_PASSWORD))
    assert client.transport.warnings == ["token %s password %s" % (MASK, MASK)]


# what Crafty 4.10.7 answered on its default configuration (show_errors: true) for GET /servers/{id}/tasks/424242,
# its machine paths shortened
SCHEDULE_TRACEBACK = """Traceback (most recent call last):
  File "/srv/crafty/.venv/lib/python3.11/site-packages/peewee.py", line 6739, in get
    return clone.execute(database)[0]
IndexError: list index out of range

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/srv/crafty/app/classes/models/management.py", line 320, in get_scheduled_task
    return model_to_dict(Schedules.get(Schedules.schedule_id == schedule_id))
app.classes.models.management.SchedulesDoesNotExist: <Model: Schedules> instance matching query does not exist:
SQL: SELECT "t1"."schedule_id", "t1"."server_id" FROM "schedules" AS "t1" WHERE ("t1"."schedule_id" = ?) LIMIT ? OFFSET ?
Params: [424242, 1, 0]
"""
ROLE_TRACEBACK = """Traceback (most recent call last):
  File "/srv/crafty/app/classes/web/routes/api/roles/index.py", line 190, in post
    mfa_required = data["mfa_required"]
KeyError: 'mfa_required'
"""
TORNADO_PAGE = "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>"
PROXY_PAGE = "<html><head><title>500 Internal Server Error</title></head><body><center>nginx</center></body></html>"


@pytest.mark.parametrize("text, missing", [
    (SCHEDULE_TRACEBACK, True),
    # 4.10.7 fails to encode the missing role into its 404 answer and crashes on that instead
    ("Traceback (most recent call last):\n  File \"x.py\", line 1\nTypeError: Type is not JSON serializable: "
     "RolesDoesNotExist\n", True),
    (TORNADO_PAGE, True),  # show_errors off: Tornado's page tells no cause; Crafty answers it for unknown ids
    (ROLE_TRACEBACK, False),  # Crafty crashed on something else: the row may well exist
    (PROXY_PAGE, False),
    ("", False),
])
def test_an_unknown_id_is_told_by_the_kind_of_500_not_by_one_exact_body(text, missing):
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import names_missing_row
    from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError

    error = PanelError("failed", status=500, text=text)
    assert names_missing_row(error) is missing


def test_a_traceback_500_is_reported_by_its_exception(crafty_sim):
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import exception_line
    from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError

    assert exception_line(SCHEDULE_TRACEBACK) == ("app.classes.models.management.SchedulesDoesNotExist: <Model: "
                                                  "Schedules> instance matching query does not exist:")
    assert exception_line(ROLE_TRACEBACK) == "KeyError: 'mfa_required'"
    client = client_for(crafty_sim)
    crash = PanelError("Traceback", status=500, text=ROLE_TRACEBACK, method="POST", url="/roles")
    explained = client._explain(crash, None)  # pylint: disable=protected-access
    assert str(explained) == ("POST /roles HTTP 500: Crafty failed with an internal error (HTTP 500: KeyError: "
                              "'mfa_required'); Crafty answers this way for unknown ids and for requests its version "
                              "cannot handle")


def test_html_500s_become_a_short_error_and_unknown_schedules_none(crafty_sim):
    sid = crafty_sim.add_server("survival")["server_id"]
    client = client_for(crafty_sim)
    assert client.get_task(sid, 99) is None  # quirk 3: a 500 for an unknown id
    with pytest.raises(CraftyError) as err:
        client.get_user(999)
    assert err.value.status == 500
    assert "Crafty failed with an internal error (HTTP 500: " in str(err.value)


def test_ids_come_back_as_ints_whatever_type_crafty_sends(crafty_sim):
    client = client_for(crafty_sim)
    user_id = client.create_user({"username": "moderator", "password": "Moderator-Pass-1"})
    assert isinstance(user_id, int)  # quirk 7: "user_id" is a string in the create answer
    assert client.create_role({"name": "mods", "servers": [], "mfa_required": False}) == \
        crafty_sim.state.role_by_name("mods")["role_id"]


def test_a_refusal_names_the_permission_the_route_needs(crafty_sim):
    sid = crafty_sim.add_server("survival")["server_id"]
    crafty_sim.add_user("helper", "Helper-Pass-2026")
    crafty_sim.add_role("viewers", servers={sid: ["logs"]}, users=["helper"])
    client = client_for(crafty_sim, username="helper", password="Helper-Pass-2026")
    with pytest.raises(CraftyError) as err:
        client.list_backups(sid, label="'survival'")
    assert (err.value.status, err.value.code) == (400, "NOT_AUTHORIZED")
    assert err.value.message.startswith("Crafty refused: the account 'helper' lacks the server permission BACKUP "
                                        "(backup) on server 'survival'")
    with pytest.raises(CraftyError, match="lacks the Crafty permission SERVER_CREATION"):
        client.create_server({"name": "x"})


def test_a_refused_token_is_replaced_by_one_login_then_the_error_is_reported(crafty_sim):
    token = crafty_sim.login()
    crafty_sim.invalidate_tokens("admin")
    client = client_for(crafty_sim, api_token=token)
    assert client.list_roles() == []
    assert [(r.path, r.status) for r in crafty_sim.requests] == [
        ("/api/v2", 200), ("/api/v2/roles", 403), ("/api/v2/auth/login", 200), ("/api/v2/roles", 200)]
    # a second refusal in the same run is not answered by another login
    crafty_sim.invalidate_tokens("admin")
    with pytest.raises(CraftyError, match="fresh login too"):
        client.list_roles()
    assert len([r for r in crafty_sim.requests if r.path == "/api/v2/auth/login"]) == 1


def test_without_credentials_a_refused_token_is_a_clear_error(crafty_sim):
    token = crafty_sim.login()
    crafty_sim.invalidate_tokens("admin")
    client = CraftyClient(crafty_sim.url, api_token=token, retries=1)
    with pytest.raises(CraftyError) as err:
        client.list_roles()
    assert err.value.option == "api_token" and token not in str(err.value)


def test_a_totp_code_is_claimed_once_per_time_step_and_scope(tmp_path):
    secret = pyotp.random_base32()
    now = [1_000_000_000.0]  # 10 s into a 30 s step
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 2))
        now[0] += seconds

    def claim(scope):
        return totp.claim_code(secret, scope, clock=lambda: now[0], sleep=sleep, directory=str(tmp_path))

    first = claim("panel-a")
    assert first == pyotp.TOTP(secret).at(1_000_000_000) and slept == []
    assert claim("panel-b") == first and slept == []  # another panel or account: its own steps
    second = claim("panel-a")  # Crafty would refuse the same code again: wait for the next step
    assert slept == [20.05]
    assert second == pyotp.TOTP(secret).at(1_000_000_020.05)
    assert all(secret not in name for name in os.listdir(tmp_path))


def test_two_factor_login_against_the_simulator(crafty_sim, tmp_path, monkeypatch):
    secret = crafty_sim.enable_totp("admin")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    client = client_for(crafty_sim, totp_secret=secret)
    assert client.list_roles() == []
    assert "totp" in crafty_sim.requests[1].body
    wrong = client_for(crafty_sim, totp_secret=pyotp.random_base32())
    with pytest.raises(CraftyError) as err:
        wrong.list_roles()
    assert err.value.option == "panel_totp_secret" and err.value.status == 401
    with pytest.raises(CraftyError, match="not valid base32"):
        client_for(crafty_sim, totp_secret="not base32!").list_roles()
