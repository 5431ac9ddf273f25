# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check an egg variable value against the egg's Laravel rule string.

The panel validates every variable of an egg on server create and on the
startup PATCH; checking here first lets a module fail before any write with
a message that names the variable. Rules this module does not know are left
to the panel.
"""

from __future__ import annotations

import re

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMERIC = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _php_regex(pattern):
    """``/body/flags`` as PHP writes it -> a compiled Python regex."""
    if len(pattern) >= 2 and not pattern[0].isalnum() and pattern[0] != "\\":
        end = pattern.rfind(pattern[0])
        if end > 0:
            flags = 0
            for flag in pattern[end + 1:]:
                flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "u": 0}.get(flag, 0)
            return re.compile(pattern[1:end], flags)
    return re.compile(pattern)


def _split_rules(rules):
    """Split on ``|`` except inside a regex argument (which may contain ``|``)."""
    parts, current = [], ""
    tokens = (rules or "").split("|")
    i = 0
    while i < len(tokens):
        current = tokens[i]
        if current.startswith(("regex:", "not_regex:")):
            body = current.split(":", 1)[1]
            delimiter = body[:1]
            # Re-join until the regex's closing delimiter has been seen.
            while i + 1 < len(tokens) and (len(body) < 2 or delimiter not in body[1:]):
                i += 1
                current += "|" + tokens[i]
                body = current.split(":", 1)[1]
        parts.append(current)
        i += 1
    return [p for p in parts if p]


def _size(value, numeric):
    return float(value) if numeric else len(value)


def check(value, rules):
    """Return a list of messages for the rules ``value`` breaks (empty if none).

    ``value`` is the string the panel would receive (None for "not set").
    """
    parsed = [(r.split(":", 1) + [""])[:2] for r in _split_rules(rules)]
    names = set(name for name, _arg in parsed)
    if value is None or value == "":
        return ["is required"] if "required" in names else []
    value = str(value)
    numeric = bool(names & {"integer", "numeric"})
    problems = []
    for name, arg in parsed:
        if name == "integer" and not _INTEGER.match(value):
            problems.append("must be an integer")
        elif name == "numeric" and not _NUMERIC.match(value):
            problems.append("must be a number")
        elif name == "boolean" and value not in ("0", "1", "true", "false"):
            problems.append("must be true or false")
        elif name == "alpha_dash" and not re.match(r"^[\w-]+$", value):
            problems.append("may only contain letters, numbers, dashes and underscores")
        elif name == "alpha_num" and not re.match(r"^[^\W_]+$", value):
            problems.append("may only contain letters and numbers")
        elif name == "alpha" and not re.match(r"^[^\W\d_]+$", value):
            problems.append("may only contain letters")
        elif name == "in" and value not in arg.split(","):
            problems.append("must be one of %s" % ", ".join(arg.split(",")))
        elif name == "regex" and not _php_regex(arg).search(value):
            problems.append("does not match the pattern %s" % arg)
        elif name in ("max", "min", "size", "between"):
            if numeric and not _NUMERIC.match(value):
                continue
            bounds = [float(b) for b in arg.split(",")]
            size = _size(value, numeric)
            unit = "" if numeric else " characters"
            if name == "max" and size > bounds[0]:
                problems.append("may not be greater than %g%s" % (bounds[0], unit))
            elif name == "min" and size < bounds[0]:
                problems.append("must be at least %g%s" % (bounds[0], unit))
            elif name == "size" and size != bounds[0]:
                problems.append("must be exactly %g%s" % (bounds[0], unit))
            elif name == "between" and not bounds[0] <= size <= bounds[-1]:
                problems.append("must be between %g and %g%s" % (bounds[0], bounds[-1], unit))
    return problems
