# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The servers inventory takes every connection option the modules take, under the same names and variables."""

from __future__ import annotations

import yaml

from ansible_collections.gameops.panels.plugins.inventory import servers
from ansible_collections.gameops.panels.plugins.module_utils.connection import CONNECTION_ARGS

OPTIONS = yaml.safe_load(servers.DOCUMENTATION)["options"]


def test_every_connection_option_is_a_documented_top_level_option_with_its_environment_variable():
    for name, spec in CONNECTION_ARGS.items():
        assert name in OPTIONS, "document %s in plugins/inventory/servers.py (the plugin reads every one)" % name
        documented = OPTIONS[name]
        assert documented["type"] == spec["type"], name
        assert documented.get("env") == [{"name": spec["fallback"][1][0]}], name
        assert documented.get("default") == spec.get("default"), name


def test_every_connection_option_is_an_option_of_each_panel():
    entry = OPTIONS["panels"]["suboptions"]
    assert set(entry) == set(CONNECTION_ARGS) | {"name"}
    for name, spec in CONNECTION_ARGS.items():
        assert entry[name]["type"] == spec["type"], name
        assert "default" not in entry[name], "%s: an entry's default is the top-level option" % name
