# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of single values every panel's rules are made of: text, e-mail, numbers, URLs, cron expressions.

Each raises ReconcileError naming the option, before any request. The
panels' own limits (which columns, which ranges) live in each panel's
checks; what a well-formed value is lives here once. No Ansible imports.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError

MAX_STRING = 191  # Pterodactyl's varchar(191) columns, the narrowest of the panels'
#: a free text (a description, a message) where the panel stores any length: what its web pages take
MAX_TEXT = 2048
#: a MySQL TEXT column (Pterodactyl's descriptions, startup commands, task payloads): 65,535 bytes
TEXT_COLUMN_BYTES = 65535
# the largest value the panels' integer columns hold; anything above is a typo, not a server size
MAX_NUMBER = 2147483647
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
CRON_FIELDS = ("minute", "hour", "day_of_month", "month", "day_of_week")


def text(option, value, required=False, maximum=MAX_STRING, max_bytes=None):
    """A string option: not blank when set (or required), at most ``maximum`` characters (and ``max_bytes``
    bytes in UTF-8, for a column whose limit is in bytes); a mapping or a list is refused, never stringified."""
    if value is None:
        if required:
            raise ReconcileError("is required", option=option)
        return
    scalar(option, value)
    if not str(value).strip():
        raise ReconcileError("must not be empty", option=option)
    if len(str(value)) > maximum:
        raise ReconcileError("may have at most %d characters, got %d" % (maximum, len(str(value))), option=option)
    if max_bytes is not None and len(str(value).encode("utf-8")) > max_bytes:
        raise ReconcileError("may have at most %d bytes (UTF-8), got %d" % (max_bytes, len(str(value).encode("utf-8"))),
                             option=option)


def scalar(option, value):
    """A value of a free-form map (settings, task parameters, variables) that the panel stores as a string:
    a string, a number or a boolean. A mapping or a list would be sent as Python's text of it, so it is refused."""
    if isinstance(value, (dict, list, tuple, set)):
        raise ReconcileError("must be a string, a number or a boolean, got a %s"
                             % ("mapping" if isinstance(value, dict) else "list"), option=option)


def email(option, value):
    if value is None:
        return
    text(option, value)
    if not EMAIL.match(value.strip()):
        raise ReconcileError("must be an e-mail address, got %r" % value, option=option)


def number(option, value, minimum=0, maximum=MAX_NUMBER):
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ReconcileError("must be a number, got %r" % (value,), option=option)
    if value is not None and not minimum <= value <= maximum:
        raise ReconcileError("must be between %d and %d, got %d" % (minimum, maximum, value), option=option)


def http_url(option, value, maximum=None):
    """An http(s) URL with a host, no spaces (a webhook's address)."""
    if value is None:
        return
    text(option, value, maximum=maximum or 2048)
    if not HTTP_URL.match(str(value).strip()):
        raise ReconcileError("must be an http:// or https:// URL, got %r" % _short(value), option=option)


def _short(value):
    value = str(value)
    return value if len(value) <= 60 else value[:57] + "..."


# field -> (lowest, highest, names the cron libraries accept in place of numbers)
CRON_RANGES = {
    "minute": (0, 59, ()),
    "hour": (0, 23, ()),
    "day_of_month": (1, 31, ()),
    "month": (1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    "day_of_week": (0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),
}
# the panels' cron libraries also take L, W, # and ? in the day fields; those are left to the panel
_CRON_SPECIAL = re.compile(r"[LW#?]", re.IGNORECASE)
_CRON_PART = re.compile(r"^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:/(\d+))?$", re.IGNORECASE)


def normalize_cron(value, option="cron"):
    """``"0  4 * * *"`` -> ``"0 4 * * *"``; five fields with values in range, or ReconcileError(option=cron)."""
    fields = str(value).split()
    if len(fields) != len(CRON_FIELDS):
        raise ReconcileError("must have 5 space-separated fields (minute hour day_of_month month day_of_week), "
                             "got %d in %r" % (len(fields), value), option=option)
    for name, field in zip(CRON_FIELDS, fields):
        _check_cron_field(name, field, value, option)
    return " ".join(fields)


def _check_cron_field(name, field, expression, option):
    low, high, names = CRON_RANGES[name]
    if _CRON_SPECIAL.search(field) and name in ("day_of_month", "day_of_week"):
        return
    for part in field.split(","):
        match = _CRON_PART.match(part)
        values = [] if not match or match.group(1) == "*" else match.group(1).lower().split("-")
        bad = not match or match.group(2) == "0"
        for item in values:
            number = names.index(item) + (1 if name == "month" else 0) if item in names else \
                int(item) if item.isdigit() else None
            bad = bad or number is None or not low <= number <= high
        if bad:
            raise ReconcileError("the %s field %r of %r is not valid: use *, */N, N, N-M or lists of them with values "
                                 "from %d to %d" % (name, part, expression, low, high), option=option)
