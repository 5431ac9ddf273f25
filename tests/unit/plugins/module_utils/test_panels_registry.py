# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The panel registry loads only the driver a run asks for; every panel type still has its driver."""

from __future__ import annotations

import json
import subprocess
import sys

from ansible_collections.gameops.panels.plugins.module_utils import panels
from tests.conftest import COLLECTIONS_ROOT, REPO

PREFIX = "ansible_collections.gameops.panels.plugins.module_utils."


def test_every_panel_type_has_its_driver_under_its_name():
    assert list(panels.DRIVERS) == list(panels.PANEL_TYPES) and len(panels.DRIVERS) == 3
    for panel_type in panels.PANEL_TYPES:
        assert panels.get_driver(panel_type).name == panel_type
        assert panels.get_driver(panel_type) is panels.DRIVERS[panel_type]


def test_a_module_run_imports_only_its_panels_package():
    code = ("import json, sys\n"
            "from %smodule_base import PanelModule\n"
            "from %spanels import get_driver\n"
            "get_driver(sys.argv[1])\n"
            "print(json.dumps(sorted(set(m[len(%r):].split('.')[0] for m in sys.modules if m.startswith(%r)))))\n"
            % (PREFIX, PREFIX, PREFIX, PREFIX))
    for panel_type in panels.PANEL_TYPES:
        out = subprocess.run([sys.executable, "-c", code, panel_type], capture_output=True, text=True, check=True,
                             env={"PYTHONPATH": "%s:%s" % (COLLECTIONS_ROOT, REPO)}).stdout
        packages = set(json.loads(out)) & set(panels.PANEL_TYPES)
        assert packages == {panel_type}, (panel_type, packages)
