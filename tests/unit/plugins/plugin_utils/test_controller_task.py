# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parts of plugin_utils/controller_task.py a playbook cannot show on its own."""

from __future__ import annotations

import json
import os
import sys

from ansible_collections.gameops.panels.plugins.plugin_utils import controller_task


def test_the_task_environment_is_set_while_the_module_runs_only(monkeypatch):
    monkeypatch.setenv("GAMEOPS_KEPT", "before")
    monkeypatch.delenv("GAMEOPS_NEW", raising=False)
    with controller_task._environment({"GAMEOPS_KEPT": "during", "GAMEOPS_NEW": 42}):  # pylint: disable=protected-access
        assert (os.environ["GAMEOPS_KEPT"], os.environ["GAMEOPS_NEW"]) == ("during", "42")
    assert os.environ["GAMEOPS_KEPT"] == "before" and "GAMEOPS_NEW" not in os.environ


def test_the_same_python_is_this_file_or_another_name_of_it_beside_it(tmp_path):
    same = controller_task._same_python  # pylint: disable=protected-access
    assert same(sys.executable, sys.executable)
    beside = os.path.join(os.path.dirname(sys.executable), "python-that-does-not-exist")
    assert not same(beside, sys.executable)
    elsewhere = tmp_path / "python"
    elsewhere.symlink_to(os.path.realpath(sys.executable))
    # the same binary elsewhere has other packages (a virtualenv's python is a link to the base one)
    assert not same(str(elsewhere), sys.executable)
    assert controller_task._version("2.19.14") == (2, 19) and controller_task._version("2.20.0rc1") == (2, 20)  # pylint: disable=protected-access


# -- a bulk argument is templated in one pass --------------------------------------------------------------------

def _templar(**variables):
    """A templar over these variables, and the tag a playbook's own strings carry (a lookup's output lacks it)."""
    # pylint: disable=import-outside-toplevel
    from ansible._internal._datatag._tags import TrustedAsTemplate
    from ansible._internal._templating._engine import TemplateEngine
    from ansible.parsing.dataloader import DataLoader

    return TemplateEngine(loader=DataLoader(), variables=variables), TrustedAsTemplate().tag


def _both_ways(templar, expression, name="document"):
    """What Ansible's own finalization and the collection's give for one argument (a result or the error's text)."""
    from ansible.plugins.action import ActionBase  # pylint: disable=import-outside-toplevel

    results = []
    for finalize in (ActionBase.finalize_task_arg, controller_task.ControllerTask.finalize_task_arg):
        try:
            results.append(finalize(name, expression, templar, None))
        except Exception as exc:  # pylint: disable=broad-exception-caught  # the same error both ways is the point
            results.append("%s: %s" % (type(exc).__name__, exc))
    return results


def test_a_bulk_argument_gets_what_ansible_would_give_it():
    text = '{"users": [{"username": "a", "note": "{{ port }}"}]}'
    templar, trusted = _templar(port=25565, text=text)
    templar.available_variables.update(trusted_text=trusted(text), nested={
        "servers": [{"port": trusted("{{ port + 1 }}")}], "gone": trusted("{{ omit }}")})
    cases = {
        # a file's text is data, never rendered; a playbook's own text is rendered before from_json reads it
        "{{ text | from_json }}": {"users": [{"username": "a", "note": "{{ port }}"}]},
        "{{ trusted_text | from_json }}": {"users": [{"username": "a", "note": "25565"}]},
        "{{ nested }}": {"servers": [{"port": 25566}]},  # a variable's templates are, and omit drops out
        "{{ {'servers': nested.servers, 'users': [], 'skip': omit} }}": {"servers": [{"port": 25566}], "users": []},
        "{{ [port, {'port': port}] }}": [25565, {"port": 25565}],
        "{{ port }}": 25565,
        "plain text": "plain text",
    }
    for expression, expected in cases.items():
        assert _both_ways(templar, trusted(expression)) == [expected, expected], expression
    undefined = _both_ways(templar, trusted("{{ {'users': [missing]} }}"))
    assert undefined[0] == undefined[1] and "'missing' is undefined" in undefined[0]


def test_a_document_from_json_is_templated_once_not_value_by_value(monkeypatch):
    # pylint: disable=import-outside-toplevel
    from ansible._internal._templating._engine import TemplateEngine
    from ansible.plugins.action import ActionBase

    text = json.dumps({"users": [{"username": "player-%03d" % n, "email": "p%03d@example.test" % n}
                                 for n in range(200)]})
    templar, trusted = _templar(text=text)
    calls = []
    template = TemplateEngine.template

    def counted(self, variable, **options):
        calls.append(variable)
        return template(self, variable, **options)

    monkeypatch.setattr(TemplateEngine, "template", counted)
    ours = controller_task.ControllerTask.finalize_task_arg("document", trusted("{{ text | from_json }}"), templar, None)
    ours_calls, calls[:] = len(calls), []
    theirs = ActionBase.finalize_task_arg("document", trusted("{{ text | from_json }}"), templar, None)
    assert ours == theirs == json.loads(text)
    assert ours_calls <= 2 and len(calls) > 600  # the expression and its variable; Ansible's pass visits 600 values
    # any other argument is left to Ansible
    calls[:] = []
    controller_task.ControllerTask.finalize_task_arg("users", trusted("{{ text | from_json }}"), templar, None)
    assert len(calls) > 600


def test_a_bulk_structure_reaches_the_module_as_its_json_text():
    # the module parses a dict option given as text with one json.loads, instead of decoding and copying it per dict
    from types import SimpleNamespace  # pylint: disable=import-outside-toplevel

    action = object.__new__(controller_task.ControllerTask)
    document = {"users": [{"username": "ann", "note": "caf\u00e9"}], "servers": []}
    action._task = SimpleNamespace(args={"document": document, "purge": ["users"]})  # pylint: disable=protected-access
    args = action._module_args()  # pylint: disable=protected-access
    assert isinstance(args["document"], str) and json.loads(args["document"]) == document
    assert args["purge"] == ["users"] and action._task.args["document"] is document  # pylint: disable=protected-access
    # tagged values, and values plain JSON cannot write, read as Ansible's own encoder for module arguments writes them
    # pylint: disable=import-outside-toplevel
    import datetime

    from ansible._internal._datatag._tags import Origin, TrustedAsTemplate
    from ansible.module_utils.common.json import Direction, get_module_encoder

    origin = Origin(path="/panel.yml", line_num=3)
    tagged = {"users": origin.tag([origin.tag({"username": TrustedAsTemplate().tag("ann"), 1: 2.5})]),
              "servers": ({"name": "s"},)}
    special = dict(tagged, when=datetime.date(2026, 12, 6), tags={"a"})
    for document in (tagged, special):
        action._task = SimpleNamespace(args={"document": document})  # pylint: disable=protected-access
        text = action._module_args()["document"]  # pylint: disable=protected-access
        ansible_text = json.dumps(document, cls=get_module_encoder("legacy", Direction.CONTROLLER_TO_MODULE))
        assert json.loads(text) == json.loads(ansible_text)
    assert json.loads(text)["when"] == "2026-12-06" and json.loads(text)["tags"] == ["a"]
    # what is not a dict keeps its own type, so the module's error names it as given
    action._task = SimpleNamespace(args={"document": ["users"]})  # pylint: disable=protected-access
    assert action._module_args() == {"document": ["users"]}  # pylint: disable=protected-access


def test_only_a_structure_with_nothing_left_to_render_is_plain():
    # pylint: disable=import-outside-toplevel,protected-access
    from ansible._internal._datatag._tags import Origin, TrustedAsTemplate
    from ansible.module_utils._internal._datatag._tags import Deprecated

    plain = controller_task._plain
    origin = Origin(path="/panel.yml", line_num=3).tag
    assert plain({"users": [{"username": "ann", "admin": True, "memory": 1.5, "port": None}], "servers": []})
    assert plain(origin({origin("users"): origin([origin({"username": origin("ann")})])}))
    deep = {"servers": [{"configs": [{"settings": {"motd": TrustedAsTemplate().tag("{{ motd }}")}}]}]}
    assert not plain(deep)
    assert not plain({TrustedAsTemplate().tag("users"): []})
    assert not plain({"users": [Deprecated(msg="use players").tag({"username": "ann"})]})
    assert not plain({"users": ({"username": "ann"},)})  # a tuple becomes a list only through Ansible


def test_a_run_imports_what_every_task_needs_once_in_ansibles_main_process():
    # the strategy imports the action in the main process before forking each task's worker: what the action imports
    # then is in every worker already; a tool that only reads the plugin (ansible-doc, sanity) imports nothing more
    import subprocess  # pylint: disable=import-outside-toplevel

    from tests.conftest import COLLECTIONS_ROOT  # pylint: disable=import-outside-toplevel

    wanted = ("requests", "ansible_collections.gameops.panels.plugins.module_utils.module_base")
    code = ("import sys; sys.path.insert(0, %r); %s"
            "import ansible_collections.gameops.panels.plugins.plugin_utils.controller_task; "
            "print([name in sys.modules for name in %r])")
    for before, expected in (("", "[False, False]"), ("import ansible.executor.task_queue_manager; ", "[True, True]")):
        done = subprocess.run([sys.executable, "-c", code % (str(COLLECTIONS_ROOT), before, wanted)],
                              capture_output=True, text=True, check=True)
        assert done.stdout.strip() == expected, (before, done.stdout, done.stderr)
