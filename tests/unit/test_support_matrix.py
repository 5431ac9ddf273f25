# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""README's option x panel table is generated from the drivers' declarations, and the declarations are true."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ansible_collections.gameops.panels.plugins.module_utils import panels

REPO = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("support_matrix", REPO / "tools" / "support_matrix.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_readme_table_matches_the_declarations():
    tool = _tool()
    assert tool.readme_table((REPO / "README.md").read_text()) == tool.render(), (
        "README.md's option x panel table is out of date: run tools/support_matrix.py --write")


def test_the_table_changes_when_a_declaration_changes(monkeypatch):
    tool = _tool()
    before = tool.render()
    handler = panels.DRIVERS["pterodactyl"].handlers["user"]
    monkeypatch.setattr(handler, "options", handler.options - {"language"})
    after = tool.render()
    assert before != after
    column = panels.PANEL_TYPES.index("pterodactyl")
    assert _cell(before, "user", "language", column) == "✓"
    assert _cell(after, "user", "language", column) == "—"


def _cell(table, module, option, column):
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[:2] == ["`%s`" % module, "`%s`" % option]:
            return cells[2 + column]
    raise AssertionError("no row for %s.%s" % (module, option))


@pytest.mark.parametrize("module, kind, info, scope, options", _tool().module_declarations())
def test_declared_options_are_options_of_the_module(module, kind, info, scope, options):
    """A handler may only declare options its module documents (a typo would hide an option from users)."""
    for driver in panels.DRIVERS.values():
        handler = driver.handlers.get(kind)
        if handler is None:
            continue
        declared = handler.info_options if info else handler.options
        assert declared is not None, "%s: %s declares no %s options" % (driver.name, kind, "info" if info else "module")
        assert set(declared) <= set(options), "%s on %s declares options %s that %s does not have" % (
            kind, driver.name, sorted(set(declared) - set(options)), module)
