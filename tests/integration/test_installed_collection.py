# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection as a user gets it: the built tarball, installed, driven from outside the repository.

The tarball is built from a copy of the repository's files with the clutter
a working copy collects (.ansible/, .cache/, logs, editor folders) added, so
the test proves build_ignore keeps it out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import yaml

from tests.integration.harness import BIN, PlaybookRun, ansible_env

REPO = Path(__file__).resolve().parents[2]
# what a working copy collects: folders, then files
CLUTTER_DIRS = (".ansible", ".cache", ".idea", ".vscode", "build", ".venv", "tests/output", ".pytest_cache")
CLUTTER_FILES = ("ansible.log", "tests/integration/debug.log", "plugins/modules/.server.py.swp", ".DS_Store",
                 "changelogs/.plugin-cache.yaml", "plugins/module_utils/__pycache__/x.cpython-311.pyc")
# Contributor material that the tarball's README must not depend on
NOT_SHIPPED = ("Makefile", "tools/", ".ci/", ".github/", "requirements-dev.txt", ".ansible-lint", ".gitignore", "pytest.ini")
PLAYBOOK = """
- name: Provision from an installed collection
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Owner
      gameops.panels.user:
        username: carol
        email: carol@example.test
        first_name: Carol
        last_name: Jones
    - name: Server
      gameops.panels.server:
        name: creative
        external_id: community-7-creative
        owner: carol
        egg: Paper
        limits: {memory: 2048, disk: 8192}
        feature_limits: {backups: 2}
        deployment: {locations: [eu-west]}
    - name: Backup
      gameops.panels.backup:
        server_external_id: community-7-creative
        name: first
    - name: Catalog
      gameops.panels.panel_info:
        gather: [locations]
"""


def _copy_tracked(dest):
    names = subprocess.run(["git", "ls-files", "-z"], cwd=str(REPO), capture_output=True, check=True).stdout
    for name in names.decode().split("\0"):
        if name and (REPO / name).is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(str(REPO / name), str(target))
    for name in CLUTTER_FILES + tuple(folder + "/clutter.txt" for folder in CLUTTER_DIRS):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text("clutter\n")


def _start_simulator(collection_root, cwd):
    """The documented command, from the installed collection; returns (process, the exported variables)."""
    process = subprocess.Popen([sys.executable, str(collection_root / "tests" / "simulators"), "pterodactyl"],
                               cwd=str(cwd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    exports, deadline = {}, time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.match(r"^export (GAMEOPS_\w+)=(\S+)$", line.strip())
        if match:
            exports[match.group(1)] = match.group(2)
        if line.startswith("# Ctrl-C"):
            return process, exports
    process.kill()
    raise AssertionError("the simulator did not print its exports: %r" % exports)


def test_tarball_installs_and_runs_from_outside_the_repository(tmp_path):
    source = tmp_path / "src"
    _copy_tracked(source)
    dist = tmp_path / "dist"
    subprocess.run([str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(dist), str(source)],
                   check=True, capture_output=True)
    galaxy = yaml.safe_load((REPO / "galaxy.yml").read_text())
    tarball = dist / ("gameops-panels-%s.tar.gz" % galaxy["version"])

    with tarfile.open(str(tarball)) as archive:
        members = archive.getnames()
    assert "LICENSE" in members and "README.md" in members and "meta/execution-environment.yml" in members
    assert "tests/simulators/__main__.py" in members and "playbooks/demo.yml" in members
    assert "CHANGELOG.rst" in members and "changelogs/changelog.yaml" in members
    # the version being shipped is a released one
    assert galaxy["version"] in yaml.safe_load((REPO / "changelogs" / "changelog.yaml").read_text())["releases"]
    shipped_clutter = [m for m in members if m in CLUTTER_FILES or m in CLUTTER_DIRS
                       or any(m.startswith(folder + "/") for folder in CLUTTER_DIRS)]
    assert shipped_clutter == []
    assert [m for m in members for n in NOT_SHIPPED if m == n.rstrip("/") or m.startswith(n)] == []
    assert not [m for m in members if m.endswith((".log", ".swp", ".pyc"))]

    collections = tmp_path / "collections"
    subprocess.run([str(BIN / "ansible-galaxy"), "collection", "install", "--force", "--no-deps", "-p", str(collections),
                    str(tarball)], check=True, capture_output=True)
    installed = collections / "ansible_collections" / "gameops" / "panels"
    assert (installed / "LICENSE").is_file()

    outside = tmp_path / "somewhere-else"
    outside.mkdir()
    (outside / "provision.yml").write_text(PLAYBOOK)
    sim, exports = _start_simulator(installed, outside)
    try:
        assert sorted(exports) == ["GAMEOPS_API_KEY", "GAMEOPS_CLIENT_API_KEY", "GAMEOPS_PANEL_TYPE", "GAMEOPS_PANEL_URL"]
        result_file = outside / "results.json"
        # only the user's shell: nothing of the repository's test set-up, no GAMEOPS_* but the printed ones
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("GAMEOPS_", "ANSIBLE_", "PYTHONPATH")))
        env.update(ansible_env(outside, result_file))
        env.update(exports)
        env["ANSIBLE_COLLECTIONS_PATH"] = str(collections)
        runs = []
        for dummy in range(2):
            process = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "provision.yml"],
                                     cwd=str(outside), env=env, capture_output=True, text=True, timeout=300, check=False)
            runs.append(PlaybookRun(process, result_file))
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    first, second = runs
    assert first.rc == 0, first
    assert first.task("Server")["server"]["owner"] == "carol"
    assert first.task("Backup")["backup"]["status"] == "completed"
    assert [loc["short"] for loc in first.task("Catalog")["locations"]] == ["eu-west", "us-east"]
    assert second.rc == 0 and second.changed == 0, second
