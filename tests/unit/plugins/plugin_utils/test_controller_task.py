# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parts of plugin_utils/controller_task.py a playbook cannot show on its own."""

from __future__ import annotations

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
