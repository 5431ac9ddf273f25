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


BUILD = r"""
import datetime, io, json, sys, zipfile
from ansible.plugins.loader import init_plugin_loader, module_loader
init_plugin_loader()
from ansible._internal._ansiballz import _builder
from ansible.executor import module_common

out = {}
for name in sys.argv[1:]:
    found = module_loader.find_plugin_with_context("gameops.panels." + name)
    with open(found.plugin_resolved_path, "rb") as handle:
        source = handle.read()
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        module_common.recursive_finder(name, "ansible_collections.gameops.panels.plugins.modules." + name, source, zf,
                                       datetime.datetime.now(), _builder.ExtensionManager.create(task_vars={}))
    out[name] = zipfile.ZipFile(io.BytesIO(data.getvalue())).namelist()
print(json.dumps(out))
"""


def test_ansibles_packager_ships_every_driver_with_each_module(tmp_path):
    # what AnsiballZ puts in a module's payload: the module_utils its import statements name, wherever they stand
    modules = ["apply", "export", "user_info", "server", "schedule", "role"]
    done = subprocess.run([sys.executable, "-c", BUILD] + modules, capture_output=True, text=True, check=False,
                          env={"ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS_ROOT), "PATH": "/usr/bin:/bin",
                               "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-3000:]
    shipped = json.loads(done.stdout.strip().splitlines()[-1])
    root = PREFIX.replace(".", "/")
    for module in modules:
        names = set(shipped[module])
        for panel_type in panels.PANEL_TYPES:
            driver = panels.get_driver(panel_type)
            package = type(driver).__module__.rsplit(".", 1)[0].replace(".", "/") + "/"
            files = sorted(n for n in names if n.startswith(package))
            # the driver and everything it imports: the panel's client and its kinds
            assert package + "driver.py" in files and package + "client.py" in files, (module, panel_type, files)
        # the bytecode cache, imported first by module_base
        assert root + "compiled.py" in names, module
