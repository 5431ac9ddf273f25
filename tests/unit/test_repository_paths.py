# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No file of the project points outside the repository: whoever reads it (a clone, the tarball) has only the repository."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The workspace the project is written in (its shared notes live beside the repository, not in it).
WORKSPACE = "/" + "work"  # spelled in two parts so that this file does not name it
WORKSPACE_PATH = re.compile(r"(?<![\w.~-])%s/[\w.-]+" % WORKSPACE)
# Relative paths: every leading ``../`` is resolved against the file's folder.
RELATIVE_PATH = re.compile(r"(?<![\w./$-])((?:\.\./)+)([\w.-]*)")


def tracked_files():
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=str(REPO), capture_output=True, check=True).stdout
        names = [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):  # an installed collection: no git
        names = [str(p.relative_to(REPO)) for p in REPO.rglob("*") if p.is_file()]
    return [n for n in names if n != "LICENSE" and (REPO / n).is_file()]


def outside_paths(relative_name, text):
    """The paths ``text`` (the content of ``relative_name``) names that lie outside the repository."""
    found = [m.group(0) for m in WORKSPACE_PATH.finditer(text)]
    folder = (REPO / relative_name).parent
    for match in RELATIVE_PATH.finditer(text):
        target = os.path.normpath(os.path.join(str(folder), match.group(1) + match.group(2)))
        if not (target + os.sep).startswith(str(REPO) + os.sep) and target != str(REPO):
            found.append(match.group(0))
    return found


def test_the_check_finds_outside_paths():
    assert outside_paths("README.md", "see [the design](../shared/DESIGN.md)") == ["../shared"]
    assert outside_paths("tests/simulators/pterodactyl/README.md", "from `%s/shared/ref.md`" % WORKSPACE) == [
        WORKSPACE + "/shared"]
    assert outside_paths("tests/simulators/pterodactyl/README.md", "see [the tests](../../unit/)") == []
    assert outside_paths("tools/docs.sh", 'PATH="$here/../.venv/bin"') == []
    assert outside_paths("README.md", "python3 tests/simulators pterodactyl") == []


def test_no_file_names_a_path_outside_the_repository():
    offenders = {}
    for name in tracked_files():
        try:
            text = (REPO / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if outside_paths(name, text):
            offenders[name] = outside_paths(name, text)
    assert offenders == {}, "files naming paths outside the repository: %s" % offenders
