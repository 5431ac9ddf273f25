# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The panel registry and the option checks every module runs before its first request."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils import panels
from ansible_collections.gameops.panels.plugins.module_utils.driver import (
    Context, Handler, PanelDriver, unsupported_options)
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError, Unsupported
from ansible_collections.gameops.panels.plugins.module_utils.connection import CONNECTION_ARGS, SERVER_SCOPE_ARGS


class NarrowUser(Handler):
    options = frozenset(["username", "state"])
    info_options = frozenset(["username"])


class NarrowDriver(PanelDriver):
    name = "narrow"
    title = "Narrow Panel"
    connection_options = frozenset(["api_token"])
    server_scope_options = frozenset(["server"])
    handlers = {"user": NarrowUser}
    unsupported = {"webhook": "it has no webhooks"}


SPEC = dict(CONNECTION_ARGS, **SERVER_SCOPE_ARGS)
SPEC.update(username=dict(type="str"), language=dict(type="str"),
            state=dict(type="str", default="present"), force=dict(type="bool", default=False))


def params(**values):
    out = dict((name, spec.get("default")) for name, spec in SPEC.items())
    out.update(values)
    return out


def check(info=False, ignore=(), **values):
    return unsupported_options(NarrowDriver(), NarrowUser, SPEC, params(**values), info=info,
                               connection=CONNECTION_ARGS, server_scope=SERVER_SCOPE_ARGS, ignore=ignore)


def test_registry_knows_every_panel_type_the_connection_option_offers():
    assert CONNECTION_ARGS["panel_type"]["choices"] == list(panels.PANEL_TYPES)
    assert panels.get_driver("pterodactyl").title == "Pterodactyl"
    with pytest.raises(Unsupported, match="unknown panel type 'ptero'"):
        panels.get_driver("ptero")


def test_a_kind_the_panel_lacks_is_refused_with_the_panel_and_the_reason():
    driver = panels.get_driver("pterodactyl")
    for kind in ("role", "webhook"):
        with pytest.raises(Unsupported) as caught:
            driver.handler_class(kind)
        assert str(caught.value).startswith(
            "panel_type: %s is not supported on Pterodactyl (panel_type=pterodactyl); Pterodactyl 1.x has no" % kind)
    with pytest.raises(Unsupported, match="webhook is not supported on Narrow Panel .panel_type=narrow.; it has no"):
        NarrowDriver().handler_class("webhook")


def test_options_the_panel_supports_pass():
    assert check(username="alice", api_token="t", server="s") == []


def test_unset_and_default_valued_options_are_not_checked():
    assert check(language=None, force=False, state="present") == []


def test_a_module_option_the_panel_lacks_names_the_option_and_the_panel():
    assert check(language="en", force=True) == [
        ("language", "language is not supported on Narrow Panel (panel_type=narrow); supported there: state, username"),
        ("force", "force is not supported on Narrow Panel (panel_type=narrow); supported there: state, username"),
    ]


def test_info_modules_are_checked_against_their_own_declaration():
    assert check(info=True, username="alice") == []
    assert [problem[0] for problem in check(info=True, language="en")] == ["language"]


def test_a_credential_of_another_panel_is_refused_unless_it_came_from_the_environment():
    assert check(api_key="ptla_x") == [
        ("api_key", "api_key is not used by Narrow Panel (panel_type=narrow) (it uses: api_token)")]
    assert check(api_key="ptla_x", ignore=["api_key"]) == []


def test_a_server_scope_option_the_panel_lacks_names_the_one_it_has():
    assert check(server_external_id="x") == [
        ("server_external_id", "server_external_id is not supported on Narrow Panel (panel_type=narrow); "
                               "name the server with server")]


def test_context_builds_the_client_once_and_only_when_asked():
    built = []

    class Counting(NarrowDriver):
        def connect(self, params, secrets=()):
            built.append(secrets)
            return type("Client", (), {"request_counts": {"GET": 2}})()

    ctx = Context(Counting(), {"panel_url": "http://127.0.0.1:1"}, secrets=["s3cret", None])
    assert not ctx.connected and ctx.request_counts == {}
    assert ctx.client is ctx.client
    assert built == [["s3cret"]]
    assert ctx.request_counts == {"GET": 2}


def test_warnings_come_from_the_clients_transport_redacted():
    from ansible_collections.gameops.panels.plugins.module_utils.transport import Transport

    transport = Transport("http://127.0.0.1:1", secrets=["hunter2"])

    class WithTransport(NarrowDriver):
        def connect(self, params, secrets=()):
            return type("Client", (), {"transport": transport, "request_counts": {}})()

    ctx = Context(WithTransport(), {"panel_url": "http://127.0.0.1:1"})
    assert ctx.warnings == []
    ctx.client.transport.warn("waited 12 s for the panel's rate limit (key hunter2)")
    assert ctx.warnings == ["waited 12 s for the panel's rate limit (key ********)"]


def test_a_key_without_its_prefix_fails_naming_the_option_not_the_key():
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.driver import check_key_prefixes

    check_key_prefixes({"api_key": "ptla_" + "a" * 43, "client_api_key": "ptlc_" + "b" * 43})
    check_key_prefixes({"api_key": None, "client_api_key": None})
    with pytest.raises(ReconcileError) as err:
        check_key_prefixes({"api_key": "x" * 48})
    assert str(err.value) == ("api_key: is not a Pterodactyl application API key: those start with ptla_; copy the "
                              "whole key from the panel")
    with pytest.raises(ReconcileError) as err:
        check_key_prefixes({"client_api_key": "ptla_secretsecret"})
    assert str(err.value) == ("client_api_key: is not a Pterodactyl client API key: those start with ptlc_; it starts "
                              "with ptla_, so it is an application key: pass it as api_key")
    assert "secretsecret" not in str(err.value)


@pytest.mark.parametrize("panel_type", panels.PANEL_TYPES)
def test_every_panel_hands_the_transport_options_to_its_transport(panel_type, tmp_path):
    """The connection options every panel claims (COMMON_CONNECTION_OPTIONS) reach its client's transport."""
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    values = dict(panel_type=panel_type, panel_url="https://panel.example.com", api_key="ptla_k", client_api_key="ptlc_k",
                  panel_username="ansible", panel_password="pw", validate_certs=True, ca_path=str(bundle), timeout=7,
                  max_requests_per_minute=90, max_retry_wait=11)
    client = panels.get_driver(panel_type).connect(params(**values))
    transport = client.transport
    assert (transport.timeout, transport.max_retry_wait, transport._verify) == (7, 11, str(bundle))  # pylint: disable=protected-access
    assert transport._min_interval == 60.0 / 90  # pylint: disable=protected-access


class NarrowStates(NarrowUser):
    """A panel that takes ``state`` only in part."""

    choices = {"state": ("present", "absent")}


def test_a_value_the_panel_lacks_names_the_option_the_value_and_what_it_takes():
    def values(**given):
        return unsupported_options(NarrowDriver(), NarrowStates, SPEC, params(**given), connection=CONNECTION_ARGS,
                                   server_scope=SERVER_SCOPE_ARGS)

    assert values(state="absent") == []
    assert values(state="reinstalled") == [
        ("state", "state=reinstalled is not supported on Narrow Panel (panel_type=narrow); supported there: present, "
                  "absent")]
    # info modules have no state to restrict
    assert unsupported_options(NarrowDriver(), NarrowStates, SPEC, params(username="a"), info=True) == []
