# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The layers: the transport and the panel clients load no driver, no module, nothing of Ansible.

Each is imported alone in a fresh interpreter, and what it pulled in is read
from ``sys.modules``: a client is usable from plain Python, and nothing below
the drivers can reach up into them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import COLLECTIONS_ROOT, REPO

PREFIX = "ansible_collections.gameops.panels.plugins."
#: what the transport and the clients may load of the collection: errors, the transport, and plain helpers
LOWER_LAYERS = frozenset(["module_utils.errors", "module_utils.transport", "module_utils.totp",
                          "module_utils.waiting"])
#: per client, the files of its own package it may load besides itself (they hold no driver and no kind)
OWN_HELPERS = {
    "pterodactyl": frozenset(),
    "crafty": frozenset(["module_utils.crafty.versions"]),
    "amp": frozenset(["module_utils.amp.session"]),
}
LOWEST = ["module_utils.errors", "module_utils.transport"] + ["module_utils.%s.client" % panel for panel in OWN_HELPERS]


def loaded_by(module):
    """(every module of the collection, every module of Ansible) that importing ``module`` alone loads."""
    code = ("import json, sys\n"
            "import %s%s\n"
            "print(json.dumps(sorted(sys.modules)))\n" % (PREFIX, module))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": "%s:%s" % (COLLECTIONS_ROOT, REPO)}).stdout
    names = json.loads(out)
    ours = set(name[len(PREFIX):] for name in names if name.startswith(PREFIX) and name.count(".") > 4)
    # packages (module_utils, module_utils.crafty) hold no code of their own
    ours = set(name for name in ours if name.split(".")[-1] not in ("module_utils", "pterodactyl", "crafty", "amp"))
    ansible = set(name for name in names if name == "ansible" or name.startswith("ansible."))
    return ours, ansible


@pytest.mark.parametrize("module", LOWEST)
def test_the_transport_and_the_clients_load_nothing_above_them_and_nothing_of_ansible(module):
    ours, ansible = loaded_by(module)
    assert ansible == set()
    panel = module.split(".")[1] if module.endswith(".client") else None
    allowed = LOWER_LAYERS | OWN_HELPERS.get(panel, frozenset()) | {module}
    assert ours - allowed == set(), "%s loads %s" % (module, sorted(ours - allowed))


def test_the_check_sees_a_driver_a_module_and_ansible():
    """The check above would fail for the layers it guards against (the driver loads the engine and Ansible's
    parameter helpers; a module loads AnsibleModule)."""
    ours, ansible = loaded_by("module_utils.pterodactyl.driver")
    assert "module_utils.driver" in ours and ansible
    ours, ansible = loaded_by("modules.user")
    assert "module_utils.module_base" in ours and "ansible.module_utils.basic" in ansible
