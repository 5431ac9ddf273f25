# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""README's first screen: the two commands a fresh clone needs, each with the last lines it prints when it works."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIRST_SCREEN = 40


def _first_screen():
    return (REPO / "README.md").read_text().splitlines()[:FIRST_SCREEN]


def _shown_output(lines, command):
    """The lines README shows after ``$ <command>`` up to the next prompt or the end of the block."""
    start = [i for i, line in enumerate(lines) if re.match(r"^\$ %s(\s|$)" % re.escape(command), line)]
    assert start, "README's first %d lines do not show `$ %s`" % (FIRST_SCREEN, command)
    shown = []
    for line in lines[start[0] + 1:]:
        if line.startswith("$ ") or line.startswith("```"):
            break
        shown.append(line)
    while shown and not shown[-1].strip():
        shown.pop()
    assert shown and shown[0] == "...", "show the last lines `%s` prints, after a `...`" % command
    return shown[1:]


def _printed_by(script):
    """Patterns of what the echo lines of a shell script print (a variable matches any text)."""
    patterns = []
    for match in re.finditer(r'^\s*echo "(.*)"\s*$', script, re.M):
        parts = re.split(r"\$\{?\w+\}?", match.group(1))
        patterns.append(re.compile(".+".join(re.escape(part) for part in parts) + "$"))
    return patterns


def _all_printed(shown, patterns):
    return all(any(p.match(line) for p in patterns) for line in shown)


def test_the_two_commands_are_in_the_first_screen_with_their_last_lines():
    lines = _first_screen()
    demo = _shown_output(lines, "make demo")
    test = _shown_output(lines, "make test")
    assert demo[-1] == "demo: OK: second run changed=0 (idempotent)"
    assert test[-1].startswith(">> make test: all stages passed")
    # the lines shown are the ones the commands print
    assert _all_printed(demo, _printed_by((REPO / "tools" / "demo.sh").read_text())), demo
    assert _all_printed(test, _printed_by((REPO / "tools" / "test.sh").read_text())), test
    assert re.search(r"^test: .*\n\ttools/test\.sh$", (REPO / "Makefile").read_text(), re.M)


def test_ci_runs_exactly_the_test_command_readme_shows():
    ci = (REPO / ".ci" / "run").read_text()
    commands = re.findall(r"^\s*exec (.*)$", ci, re.M)
    assert commands and all(command.endswith(" make test") or command == "make test" for command in commands), commands
