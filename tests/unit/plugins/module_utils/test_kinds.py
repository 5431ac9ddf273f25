# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each kind is declared once (module_utils/kinds/), and its modules document exactly what it declares."""

from __future__ import annotations

import ast
import importlib.util

import pytest
import yaml

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind
from ansible_collections.gameops.panels.plugins.module_utils.kinds.user import USER
from tests.conftest import REPO


def _declarations():
    spec = importlib.util.spec_from_file_location("support_matrix", REPO / "tools" / "support_matrix.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return sorted(tool.kinds().items())


def _documented(module):
    tree = ast.parse((REPO / "plugins" / "modules" / ("%s.py" % module)).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets):
            return yaml.safe_load(node.value.value).get("options") or {}
    raise AssertionError("%s has no DOCUMENTATION" % module)


@pytest.mark.parametrize("module, declared", _declarations(), ids=str)
def test_a_module_documents_the_options_its_kind_declares(module, declared):
    """ansible-test's validate-modules holds the two together too; this says which kind to fix, and fast."""
    kind, info = declared
    options = kind.info_options if info else kind.options
    documented = _documented(module)
    assert sorted(documented) == sorted(options)
    for name, spec in options.items():
        for key in ("type", "elements", "choices", "default", "required", "aliases"):
            assert documented[name].get(key, spec.get(key)) == spec.get(key, documented[name].get(key)), (name, key)


def test_fields_are_the_options_that_are_not_task_options():
    assert USER.fields[:4] == ("username", "email", "first_name", "last_name")
    assert not set(USER.fields) & {"match_on", "update_password", "state"}
    assert USER.document_fields == USER.fields + ("state",)
    # a fresh copy each time: a module that changes its spec changes no other module's
    assert USER.argument_spec() == USER.options and USER.argument_spec() is not USER.options


def test_a_handler_can_only_support_options_the_kind_has():
    assert USER.supported("username", "state") == frozenset(["username", "state"])
    assert USER.supported_info("email") == frozenset(["email"])
    with pytest.raises(ValueError, match="user has no option usernme"):
        USER.supported("usernme")
    with pytest.raises(ValueError, match="user_info has no option password"):
        USER.supported_info("password")


def test_task_options_must_be_options():
    with pytest.raises(ValueError, match="task options wait are not options"):
        Kind("thing", options=dict(name=dict(type="str")), task_options=("wait",))
