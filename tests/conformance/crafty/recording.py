# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Recordings on disk: one JSON file per Crafty version."""

from __future__ import annotations

import json
from pathlib import Path

RECORDINGS = Path(__file__).resolve().parent / "recordings"


def write_recording(folder, runner, note, recorded):
    version = ".".join(str(p) for p in runner.version)
    data = {"version": version, "recorded": recorded, "panel": note,
            "exchanges": runner.normalised()}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("%s.json" % version)
    path.write_text(json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False) + "\n")
    return path


def recordings():
    """``{version: recording}`` of every file in the recordings folder."""
    return dict((path.stem, json.loads(path.read_text())) for path in sorted(RECORDINGS.glob("*.json")))
