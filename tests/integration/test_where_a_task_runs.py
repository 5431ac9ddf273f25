# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a task runs (plugins/plugin_utils/controller_task.py): in the controller's task process on a local
connection, as a module otherwise, with the same result, check mode, diff, errors and secrets either way."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from tests.integration.harness import REPO, run_playbook, writes

HERE_LINE = "gameops.panels.user runs in the controller's process"
MODULE_LINE = "gameops.panels.user runs as a module: "
OFF = "  vars:\n    gameops_panels_run_on_controller: false\n"
ALICE = """
- name: alice
  gameops.panels.user:
    username: alice
    email: alice@example.test
    first_name: Alice
    last_name: Liddell
    password: "Wonderland-1865"
"""


def where(run):
    lines = run.output.splitlines()
    here = [line for line in lines if HERE_LINE in line]
    module = [line.split(MODULE_LINE, 1)[1] for line in lines if MODULE_LINE in line]
    return here, module


def stable(result):
    """A task's result without what differs between two runs of the same task (timings, the invocation)."""
    return dict((key, value) for key, value in result.items() if key not in ("invocation",))


@pytest.mark.parametrize("on_controller", [True, False], ids=["controller", "module"])
def test_the_same_task_gives_the_same_result_either_way(ptero_sim, tmp_path, on_controller):
    task = ALICE if on_controller else ALICE + OFF
    plan = run_playbook(ptero_sim, tmp_path, task, check=True, diff=True, verbosity=3)
    assert plan.rc == 0, plan
    assert writes(ptero_sim) == []  # check mode writes nothing in either place
    here, module = where(plan)
    assert (bool(here), module) == ((True, []) if on_controller else (False, ["gameops_panels_run_on_controller is false"]))
    planned = plan.task("alice")
    assert planned["changed"] is True and planned["diff"]["after"]["alice"]["password"] == "********"
    assert "Wonderland-1865" not in plan.output  # -vvv shows the invocation: the password is masked there

    first = run_playbook(ptero_sim, tmp_path, task, verbosity=3)
    assert first.rc == 0 and first.changed == 1, first
    assert writes(ptero_sim) == [("POST", "/api/application/users")]
    assert "Wonderland-1865" not in first.output
    created = first.task("alice")
    assert created["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, task)
    assert again.rc == 0 and again.changed == 0 and writes(ptero_sim) == [], again


def test_results_and_errors_are_identical_in_both_places(ptero_sim, tmp_path):
    bad = ALICE.replace("email: alice@example.test", "email: alice@example.test\n    colour: blue")
    runs = {}
    for name, task in (("controller", ALICE + bad.replace("name: alice", "name: bad")),
                       ("module", ALICE + OFF + bad.replace("name: alice", "name: bad") + OFF)):
        run = run_playbook(ptero_sim, tmp_path, task, check=True)
        assert run.rc == 2, run
        runs[name] = (stable(run.task("alice")), stable(run.task("bad")))
    assert runs["controller"] == runs["module"]
    assert runs["controller"][1]["msg"].startswith("Unsupported parameters for (gameops.panels.user) module: colour.")


def test_the_task_environment_reaches_the_module(ptero_sim, tmp_path):
    """``environment:`` on the task sets the GAMEOPS_* connection variables in this process too (and only while the
    task runs: the next task without it has no panel_url)."""
    task = ALICE.replace("  gameops.panels.user:", "  environment:\n    GAMEOPS_PANEL_URL: %s\n  gameops.panels.user:"
                         % ptero_sim.url)
    task += "- name: without\n  gameops.panels.user_info:\n    username: alice\n  ignore_errors: true\n"
    run = run_playbook(ptero_sim, tmp_path, task, extra_env={"GAMEOPS_PANEL_URL": None}, verbosity=3)
    assert run.rc == 0, run
    assert where(run)[0], run
    assert run.task("alice")["changed"] is True
    assert run.task("without")["msg"] == "panel_url is required (or set GAMEOPS_PANEL_URL)"


def test_another_python_runs_the_module_as_usual(ptero_sim, tmp_path):
    """An interpreter the user names (another Python, with packages of its own) runs the module; here a script that
    starts this very Python, so the module works."""
    wrapper = Path(tmp_path) / "python-wrapper"
    wrapper.write_text("#!/bin/sh\nexec %s \"$@\"\n" % sys.executable)
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    run = run_playbook(ptero_sim, tmp_path, ALICE, extra_env={"ANSIBLE_PYTHON_INTERPRETER": str(wrapper)},
                       verbosity=3)
    assert run.rc == 0 and run.changed == 1, run
    here, module = where(run)
    assert here == [] and len(module) == 1, run
    assert module[0].startswith("ansible_python_interpreter is %s, not the controller's " % wrapper), module


def test_every_module_has_the_action_that_runs_it_on_the_controller():
    modules = sorted(path.stem for path in (REPO / "plugins" / "modules").glob("*.py"))
    actions = sorted(path.stem for path in (REPO / "plugins" / "action").glob("*.py"))
    assert actions == modules
    for name in actions:
        text = (REPO / "plugins" / "action" / ("%s.py" % name)).read_text()
        assert "class ActionModule(ControllerTask):" in text, name


def test_a_loop_runs_each_item_on_what_the_item_before_it_left(ptero_sim, tmp_path):
    """A loop's items run one after the other in one process: each reads the panel afresh (the second item changes
    the user the first created, no duplicate) and reports only its own server."""
    task = """
- name: carol
  gameops.panels.user:
    username: carol
    email: carol@example.test
    first_name: "{{ item }}"
    last_name: Lewis
  loop: [Caroline, Carol]
- name: ghosts
  gameops.panels.schedule:
    server: "{{ item }}"
    name: nightly
    cron: "0 4 * * *"
    tasks:
      - action: command
        payload: say hi
  loop: [ghost-one, ghost-two]
  check_mode: true
"""
    run = run_playbook(ptero_sim, tmp_path, task, verbosity=3)
    assert run.rc == 0, run
    assert where(run)[0], run
    carol = run.task("carol")["results"]
    assert [item["changed"] for item in carol] == [True, True]
    assert [u["name_first"] for u in ptero_sim.state.users.values() if u["username"] == "carol"] == ["Carol"]
    assert [method for method, _path in writes(ptero_sim)] == ["POST", "PATCH"]
    ghosts = run.task("ghosts")["results"]
    assert [sorted(item["plan"]["unresolved"]) for item in ghosts] == [["server"], ["server"]]
    assert ["ghost-one" in item["plan"]["unresolved"]["server"] for item in ghosts] == [True, False]


def test_an_async_task_runs_as_a_module(ptero_sim, tmp_path):
    """``async`` needs a process that outlives the task's: Ansible's async wrapper around the module, as before."""
    task = ALICE + "  async: 60\n  poll: 1\n"
    run = run_playbook(ptero_sim, tmp_path, task, verbosity=3)
    assert run.rc == 0 and run.changed == 1, run
    assert where(run) == ([], ["the task is async"]), run
    assert writes(ptero_sim) == [("POST", "/api/application/users")]


def test_a_delegated_task_runs_here_unless_switched_off(ptero_sim, tmp_path):
    """``delegate_to: localhost`` (as the fleet playbooks do from a play on other hosts) runs on the controller too;
    the switch set on the task still runs it as a module."""
    task = ALICE + "  delegate_to: localhost\n" + ALICE.replace("- name: alice", "- name: again") + \
        "  delegate_to: localhost\n" + OFF
    run = run_playbook(ptero_sim, tmp_path, task, verbosity=3)
    assert run.rc == 0, run
    here, module = where(run)
    assert len(here) == 1 and module == ["gameops_panels_run_on_controller is false"], run
    assert (run.task("alice")["changed"], run.task("again")["changed"]) == (True, False)
