# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A server name that matches nothing is answered with the name meant, on every panel (as eggs and locations are).

Each case resolves the server the way a per-server module does (the driver's resolution), against the panel's
simulator.
"""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.panels import PANEL_TYPES
from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.suggest import did_you_mean
from tests.integration.conftest import make_server
from tests.simulators.pterodactyl import DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY


def test_every_panel_type_is_covered_here():
    assert sorted(PANEL_TYPES) == ["amp", "crafty", "pterodactyl"]


def test_did_you_mean_names_the_close_one_says_when_only_the_case_differs_and_else_nothing():
    assert did_you_mean("survivl", ["survival", "creative"]) == "; did you mean 'survival'?"
    assert did_you_mean("Survival", ["survival", "creative"]) == "; names are case-sensitive: did you mean 'survival'?"
    assert did_you_mean("lobby", ["survival", "creative"]) == ""
    assert did_you_mean("lobby", []) == ""


def _pterodactyl_client(sim, keys):
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.client import PterodactylClient

    return PterodactylClient(sim.url, **keys)


@pytest.mark.parametrize("keys", [dict(api_key=DEFAULT_APP_KEY), dict(client_api_key=DEFAULT_CLIENT_KEY)],
                         ids=["application-key", "client-key"])
def test_pterodactyl_suggests_the_server_name_meant(ptero_sim, keys):
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import resolve_server

    make_server(ptero_sim, name="survival", external_id="community-42")
    make_server(ptero_sim, name="creative", external_id="community-7")
    client = _pterodactyl_client(ptero_sim, keys)
    with pytest.raises(ReconcileError) as raised:
        resolve_server(client, name="survivl")
    assert raised.value.option == "server"
    assert str(raised.value) == ("server: no server with name 'survivl' on the panel (or none the API key may see); "
                                 "did you mean 'survival'?")
    with pytest.raises(ReconcileError) as raised:
        resolve_server(client, name="Creative")
    assert str(raised.value).endswith("names are case-sensitive: did you mean 'creative'?")
    # nothing close: no guess, and no list of every server (a panel may hold thousands)
    with pytest.raises(ReconcileError) as raised:
        resolve_server(client, name="lobby")
    assert str(raised.value) == "server: no server with name 'lobby' on the panel (or none the API key may see)"


def test_pterodactyl_suggests_the_external_id_meant_with_an_application_key(ptero_sim):
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import resolve_server

    make_server(ptero_sim, name="survival", external_id="community-42-survival")
    client = _pterodactyl_client(ptero_sim, dict(api_key=DEFAULT_APP_KEY))
    with pytest.raises(ReconcileError) as raised:
        resolve_server(client, external_id="community-42-survivl")
    assert raised.value.option == "server_external_id"
    assert str(raised.value).endswith("did you mean 'community-42-survival'?")


def test_pterodactyl_reports_the_miss_when_the_suggestion_cannot_be_read(ptero_sim):
    from ansible_collections.gameops.panels.plugins.module_utils.pterodactyl.references import resolve_server

    make_server(ptero_sim, name="survival", external_id="community-42")
    client = _pterodactyl_client(ptero_sim, dict(api_key=DEFAULT_APP_KEY))
    search = client.list_servers

    def list_servers(filters=None, include=()):
        """The exact search answers; the unfiltered list (the suggestion's) fails."""
        if not filters:
            raise PanelError("HTTP 500 from the panel", status=500)
        return search(filters=filters, include=include)

    client.list_servers = list_servers
    with pytest.raises(ReconcileError) as raised:
        resolve_server(client, name="survivl")
    assert str(raised.value) == "server: no server with name 'survivl' on the panel (or none the API key may see)"


def test_crafty_suggests_the_server_name_meant(crafty_sim):
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import CraftyClient
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import References
    from ansible_collections.gameops.panels.plugins.module_utils.crafty.references import resolve_server
    from tests.simulators.crafty import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    crafty_sim.add_server("survival")
    crafty_sim.add_server("creative")
    client = CraftyClient(crafty_sim.url, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD)
    refs = References(client)
    with pytest.raises(ReconcileError) as raised:
        resolve_server(refs, "survivl")
    assert raised.value.option == "server"
    assert str(raised.value) == ("server: no server named 'survivl' on the panel (or none the account may see); "
                                 "did you mean 'survival'?")
    with pytest.raises(ReconcileError) as raised:
        resolve_server(refs, "lobby")
    assert str(raised.value) == "server: no server named 'lobby' on the panel (or none the account may see)"


def test_amp_suggests_the_instance_name_meant(amp_sim):
    from ansible_collections.gameops.panels.plugins.module_utils.amp.client import AMPClient
    from ansible_collections.gameops.panels.plugins.module_utils.amp.servers import Instances
    from tests.simulators.amp import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME

    amp_sim.add_instance("Survival01")
    client = AMPClient(amp_sim.url, DEFAULT_ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD)
    with pytest.raises(ReconcileError) as raised:
        Instances(client).resolve("Survivl01")
    assert raised.value.option == "server"
    assert "did you mean 'Survival01'?" in str(raised.value)
