# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the collection importable as ansible_collections.gameops.panels, and
the simulators as tests.simulators, wherever pytest is started from."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO / "build" / "collections"


def _link_collection():
    link = COLLECTIONS / "ansible_collections" / "gameops" / "panels"
    if REPO.parent.name == "gameops" and REPO.parents[1].name == "ansible_collections":
        return REPO.parents[2]  # already inside a collection tree (ansible-test)
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.symlink(REPO, link)
        except FileExistsError:  # another pytest worker made it first
            pass
    return COLLECTIONS


COLLECTIONS_ROOT = _link_collection()
for path in (str(COLLECTIONS_ROOT), str(REPO)):
    if path not in sys.path:
        sys.path.insert(0, path)


@pytest.fixture
def ptero_sim():
    """A fresh Pterodactyl simulator on 127.0.0.1, stopped after the test."""
    from tests.simulators.pterodactyl import PterodactylSimulator

    sim = PterodactylSimulator()
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def crafty_sim():
    """A fresh Crafty 4.4.8 simulator on 127.0.0.1, stopped after the test."""
    from tests.simulators.crafty import CraftySimulator

    sim = CraftySimulator(version="4.4.8")
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def crafty_sim_factory():
    """``crafty_sim_factory(version="4.0.8", seed=True, show_errors=True)`` -> a started simulator; all are stopped
    after the test."""
    from tests.simulators.crafty import CraftySimulator

    started = []

    def factory(version="4.4.8", seed=True, show_errors=True):
        sim = CraftySimulator(version=version, seed=seed, show_errors=show_errors)
        sim.start()
        started.append(sim)
        return sim

    try:
        yield factory
    finally:
        for sim in started:
            sim.stop()


@pytest.fixture
def amp_sim():
    """A fresh CubeCoders AMP simulator (ADS, default admin) on 127.0.0.1, stopped after the test."""
    from tests.simulators.amp import AMPSimulator

    sim = AMPSimulator()
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def amp_sim_factory():
    """``amp_sim_factory(version=..., seed=..., session_timeout=..., async_delay=...)`` -> a started AMP
    simulator; every simulator it made is stopped after the test."""
    from tests.simulators.amp import AMPSimulator

    made = []

    def factory(**options):
        sim = AMPSimulator(**options)
        sim.start()
        made.append(sim)
        return sim

    try:
        yield factory
    finally:
        for sim in made:
            sim.stop()


def pytest_terminal_summary(terminalreporter):
    """Tests that hold a simulator to outside evidence (real captures, AMP's TypeSpec, the panel's route
    list) record what they checked as the ``evidence`` property; list it after the run."""
    lines = []
    for report in terminalreporter.stats.get("passed", []):
        for name, value in getattr(report, "user_properties", ()):
            if name == "evidence":
                lines.append("%s: %s" % (report.nodeid.split("::")[-1], value))
    if lines:
        terminalreporter.section("simulators held to outside evidence")
        for line in sorted(lines):
            terminalreporter.write_line(line)


# -- how pytest-xdist hands out the tests (`make unit`: -n 4 --dist loadfile) ------------------------------

#: the files that take longest (`make unit` prints the slowest tests), handed out first
LONGEST_FIRST = ("tests/integration/test_examples.py", "tests/integration/test_crafty_modules.py",
                 "tests/integration/test_amp_instance_objects.py", "tests/integration/test_amp_server.py",
                 "tests/integration/test_fleet_update.py")


def pytest_collection_modifyitems(session, config, items):  # pylint: disable=unused-argument
    """The longest files first, then the other integration tests, then the unit tests: with ``--dist loadfile``
    the workers take whole files in this order, so the long playbook runs start early and the quick unit tests
    fill the gaps at the end. (Whole files, because several share a module-scoped simulator, site or converged
    panel between their tests, in order.)"""
    def rank(item):
        path = item.nodeid.split("::")[0]
        if path in LONGEST_FIRST:
            return LONGEST_FIRST.index(path)
        return len(LONGEST_FIRST) + (0 if path.startswith("tests/integration/") else 1)
    items.sort(key=rank)
