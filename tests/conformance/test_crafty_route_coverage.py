# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every route the Crafty client calls has a recording of the real panel, on every recorded version.

The client names its routes in one table (``client.ROUTES``) and calls them
only through it, which the second test holds: a new route cannot slip past
the recordings.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.crafty import client
from tests.conformance.crafty.recording import recordings

RECORDINGS = recordings()
CRAFTY_PACKAGE = Path(client.__file__).resolve().parent


def _pattern(template):
    return re.compile("^%s$" % re.escape(template).replace(r"\{\}", "[^/]+"))


def _recorded_paths(recording):
    """(method, path) of each exchange, its variables filled with a placeholder id."""
    return [(e["method"], re.sub(r"\{[a-z]+\}", "ID", e["route"])) for e in recording["exchanges"]]


@pytest.mark.parametrize("version", sorted(RECORDINGS))
def test_every_route_the_client_calls_is_recorded(version):
    paths = _recorded_paths(RECORDINGS[version])
    missing = ["%s %s (%s)" % (method, template or "/", name) for name, (method, template) in sorted(client.ROUTES.items())
               if not any(m == method and _pattern(template).match(p) for m, p in paths)]
    assert not missing, "routes the client calls without a recording of Crafty %s: %s" % (version, ", ".join(missing))


def test_the_client_reaches_the_panel_only_through_its_route_table():
    offenders = []
    for path in sorted(CRAFTY_PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            name = node.func.attr
            if name == "request" and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "transport":
                offenders.append("%s:%d calls the transport directly" % (path.name, node.lineno))
            elif name == "_call" and not _inside(tree, node, "_route"):
                offenders.append("%s:%d calls _call with its own path" % (path.name, node.lineno))
            elif name == "_route":
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and first.value in client.ROUTES):
                    offenders.append("%s:%d names a route that is not in ROUTES" % (path.name, node.lineno))
    # the one place that sends: _call, itself called from _route only
    assert offenders == ["client.py:%d calls the transport directly" % _line_of_transport_call()]


def _inside(tree, call, function_name):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function_name:
            if any(child is call for child in ast.walk(node)):
                return True
    return False


def _line_of_transport_call():
    source = (CRAFTY_PACKAGE / "client.py").read_text().splitlines()
    start = next(i for i, line in enumerate(source) if line.strip().startswith("def _call("))
    return next(i for i in range(start, len(source)) if "self.transport.request(" in source[i]) + 1
