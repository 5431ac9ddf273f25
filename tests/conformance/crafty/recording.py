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


def differences(recorded, got, limit=400):
    """Readable differences between two lists of normalised exchanges, step by step."""
    out = []
    for index in range(max(len(recorded), len(got))):
        if index >= len(recorded):
            out.append("step %d %r: not in the recording (re-record after changing the scenario)"
                       % (index, got[index]["step"]))
            continue
        if index >= len(got):
            out.append("step %d %r: the simulator's run stopped before it" % (index, recorded[index]["step"]))
            continue
        want, have = recorded[index], got[index]
        where = "step %d %r (%s %s)" % (index, want["step"], want["method"], want["request"]["path"])
        if (want["step"], want["method"], want["request"]) != (have["step"], have["method"], have["request"]):
            out.append("%s: the scenario sends another request than the recording has (re-record): %r" % (
                where, have["request"]))
            continue
        for field in ("status", "content_type"):
            if want[field] != have[field]:
                out.append("%s: %s %r, the real panel %r" % (where, field, have[field], want[field]))
        out.extend("%s: %s" % (where, text) for text in _body_differences(want["body"], have["body"], "body"))
        if len(out) >= limit:
            out.append("... (stopped after %d differences)" % limit)
            break
    return out


def _body_differences(want, have, path):
    if isinstance(want, dict) and isinstance(have, dict):
        out = []
        for key in sorted(set(want) | set(have), key=str):
            if key not in have:
                out.append("%s.%s missing (the real panel: %s)" % (path, key, _short(want[key])))
            elif key not in want:
                out.append("%s.%s is extra (%s); the real panel has no such key" % (path, key, _short(have[key])))
            else:
                out.extend(_body_differences(want[key], have[key], "%s.%s" % (path, key)))
        return out
    if isinstance(want, list) and isinstance(have, list) and len(want) == len(have):
        out = []
        for index, (one, other) in enumerate(zip(want, have)):
            out.extend(_body_differences(one, other, "%s[%d]" % (path, index)))
        return out
    if want != have:
        return ["%s is %s, the real panel: %s" % (path, _short(have), _short(want))]
    return []


def _short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."
