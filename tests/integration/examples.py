# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's EXAMPLES, gathered into playbooks that run against a panel simulator.

Examples run as written, in an order that makes sense on an empty panel:
modules in :data:`MODULE_ORDER` (users before the servers they own, servers
before what lives in them), then every example that deletes something
(``state: absent``), in the reverse order, so a server is removed only after
everything that used it. Each example targets the ``panel_type`` it names
(Pterodactyl by default) and runs against that panel's simulator.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
FQCN = "gameops.panels."
DEFAULT_PANEL_TYPE = "pterodactyl"
#: modules whose examples others build on come first; modules not listed run after these, by name
MODULE_ORDER = ("panel_info", "location", "location_info", "node", "node_info", "user", "user_info", "server", "server_info",
                "server_file", "server_config", "database", "database_info", "server_command", "schedule",
                "schedule_info", "subuser", "subuser_info", "backup", "backup_info", "account_2fa")
#: panels whose objects build on each other in another order: on Crafty a role grants servers and a user
#: holds roles, so servers come first
PANEL_MODULE_ORDER = {
    "crafty": ("server", "server_info", "role", "role_info", "user", "user_info", "backup", "backup_info",
               "schedule", "schedule_info", "webhook", "webhook_info"),
}


def module_examples(path):
    """The tasks of the module file's EXAMPLES (an empty list when it has none)."""
    tree = ast.parse(Path(path).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets):
            return yaml.safe_load(node.value.value) or []
    return []


def collection_module(task):
    """``(module name, its arguments)`` of a task that calls one of the collection's modules, else (None, None)."""
    for key, value in task.items():
        if key.startswith(FQCN):
            return key[len(FQCN):], value or {}
    return None, None


def ordered_modules(modules_dir=REPO / "plugins" / "modules", panel_type=None):
    names = sorted(p.stem for p in Path(modules_dir).glob("*.py") if p.stem != "__init__")
    rank = dict((name, index) for index, name in enumerate(PANEL_MODULE_ORDER.get(panel_type, MODULE_ORDER)))
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


def _examples_by_panel(modules_dir, module):
    """``[(panel_type, task, deletes)]`` of one module's examples, each task named after its module."""
    found = []
    panel_type = DEFAULT_PANEL_TYPE
    for task in module_examples(Path(modules_dir) / ("%s.py" % module)):
        task = dict(task)
        called, args = collection_module(task)
        if called is not None:
            panel_type = args.get("panel_type", DEFAULT_PANEL_TYPE)
        task["name"] = "%s: %s" % (module, task.get("name", "(unnamed)"))
        found.append((panel_type, task, called is not None and args.get("state") == "absent"))
    return found


def example_tasks(modules_dir=REPO / "plugins" / "modules"):
    """``{panel_type: [task, ...]}``: every example, in run order, each named after its module.

    A task that does not call a collection module (a ``debug`` of a registered
    result) stays with the example before it.
    """
    examples = dict((module, _examples_by_panel(modules_dir, module)) for module in ordered_modules(modules_dir))
    panel_types = sorted(set(panel for found in examples.values() for panel, _task, _deletes in found))
    out = {}
    for panel_type in panel_types:
        building, deleting = [], []
        for module in ordered_modules(modules_dir, panel_type):
            mine = [(task, deletes) for panel, task, deletes in examples[module] if panel == panel_type]
            building += [task for task, deletes in mine if not deletes]
            # modules later in the order delete first
            deleting = [task for task, deletes in mine if deletes] + deleting
        out[panel_type] = building + deleting
    return out


def literal_panel_urls(tasks):
    """``panel_url`` values written out in examples: they must come from a variable, so the runner
    (and a reader copying the example) never sends a request to a host that is not theirs."""
    found = []
    for task in tasks:
        dummy, args = collection_module(task)
        url = (args or {}).get("panel_url")
        if url is not None and "{{" not in str(url):
            found.append((task["name"], url))
    return found


def playbook(tasks, variables):
    return [{"name": "Every module's EXAMPLES", "hosts": "localhost", "gather_facts": False,
             "vars": variables, "tasks": tasks}]
