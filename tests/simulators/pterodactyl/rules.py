# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small re-implementation of Laravel's validator, as the Pterodactyl panel (1.11) uses it.

It follows Laravel's evaluation order and skipping logic:

* rules run per attribute in definition order; wildcard attributes (``ports.*``) expand over the
  data at their position;
* a missing attribute (or a whitespace-only string) is only checked by *implicit* rules
  (``required``, ``present``, ``filled``, ``required_with``, ...);
* ``sometimes`` skips everything when the key is absent, ``nullable`` skips non-implicit rules
  when the value is null, ``bail`` stops at the first failure, and a failed implicit rule stops
  the attribute;
* ``unique`` / ``exists`` are skipped when the attribute already failed;
* size rules (``min``/``max``/``between``/``size``) compare numbers when the attribute has a
  ``numeric``/``integer`` rule, element counts for arrays and character counts otherwise.

Messages are the panel's English strings (``resources/lang/en/validation.php``). Values are
JSON-decoded Python objects; PHP's loose conversions are mimicked where the rules depend on
them (``is_numeric``, ``filter_var(FILTER_VALIDATE_INT)``, string casts).
"""
from __future__ import annotations

import csv
import ipaddress
import math
import re
import unicodedata
import urllib.parse

IMPLICIT_RULES = frozenset((
    "required", "filled", "present", "required_with", "required_with_all", "required_without",
    "required_without_all", "required_unless", "required_if", "accepted",
))
MARKER_RULES = frozenset(("sometimes", "nullable", "bail"))
NUMERIC_RULES = frozenset(("numeric", "integer"))
RULE_ALIASES = {"int": "integer", "bool": "boolean"}

MESSAGES = {
    "accepted": "The :attribute must be accepted.",
    "alpha": "The :attribute may only contain letters.",
    "alpha_dash": "The :attribute may only contain letters, numbers, and dashes.",
    "alpha_num": "The :attribute may only contain letters and numbers.",
    "array": "The :attribute must be an array.",
    "boolean": "The :attribute field must be true or false.",
    "confirmed": "The :attribute confirmation does not match.",
    "digits": "The :attribute must be :digits digits.",
    "digits_between": "The :attribute must be between :min and :max digits.",
    "email": "The :attribute must be a valid email address.",
    "exists": "The selected :attribute is invalid.",
    "filled": "The :attribute field is required.",
    "in": "The selected :attribute is invalid.",
    "integer": "The :attribute must be an integer.",
    "ip": "The :attribute must be a valid IP address.",
    "json": "The :attribute must be a valid JSON string.",
    "not_in": "The selected :attribute is invalid.",
    "numeric": "The :attribute must be a number.",
    "present": "The :attribute field must be present.",
    "regex": "The :attribute format is invalid.",
    "not_regex": "The :attribute format is invalid.",
    "required": "The :attribute field is required.",
    "required_if": "The :attribute field is required when :other is :value.",
    "required_unless": "The :attribute field is required unless :other is in :values.",
    "required_with": "The :attribute field is required when :values is present.",
    "required_with_all": "The :attribute field is required when :values is present.",
    "required_without": "The :attribute field is required when :values is not present.",
    "required_without_all": "The :attribute field is required when none of :values are present.",
    "string": "The :attribute must be a string.",
    "unique": "The :attribute has already been taken.",
    "url": "The :attribute format is invalid.",
    "uuid": "The :attribute must be a valid UUID.",
}

SIZE_MESSAGES = {
    "between": {
        "numeric": "The :attribute must be between :min and :max.",
        "string": "The :attribute must be between :min and :max characters.",
        "array": "The :attribute must have between :min and :max items.",
    },
    "max": {
        "numeric": "The :attribute may not be greater than :max.",
        "string": "The :attribute may not be greater than :max characters.",
        "array": "The :attribute may not have more than :max items.",
    },
    "min": {
        "numeric": "The :attribute must be at least :min.",
        "string": "The :attribute must be at least :min characters.",
        "array": "The :attribute must have at least :min items.",
    },
    "size": {
        "numeric": "The :attribute must be :size.",
        "string": "The :attribute must be :size characters.",
        "array": "The :attribute must contain :size items.",
    },
}

_MISSING = object()

_NUMERIC_RE = re.compile(r"^[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\v\f]*$")
_INT_RE = re.compile(r"^[+-]?(?:0|[1-9]\d*)$")
_EMAIL_RE = re.compile(
    r"^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\uffff]+(?<!\.)"
    r"@(?:[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\-\u0080-\uffff]*[A-Za-z0-9\u0080-\uffff])?"
    r"(?:\.[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\-\u0080-\uffff]*[A-Za-z0-9\u0080-\uffff])?)*"
    r"|\[[0-9A-Fa-f:.]+\])$"
)
_UUID_RE = re.compile(r"^[\da-fA-F]{8}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{12}$")
_URL_SCHEMES = frozenset((
    "http", "https", "ftp", "ftps", "sftp", "ssh", "git", "svn", "ws", "wss", "file", "mailto",
    "irc", "ircs", "ldap", "ldaps", "nfs", "rsync", "smb", "steam", "telnet", "udp", "tcp",
))
_PHP_WHITESPACE = " \t\n\r\0\x0b"
_INT64_MAX = 2 ** 63 - 1
_INT64_MIN = -(2 ** 63)


# ---------------------------------------------------------------------- PHP-ish helpers

def php_str(value) -> str:
    """``(string) $value`` for JSON-decoded values."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return php_float_str(value)
    if isinstance(value, (list, dict)):
        return "Array"
    return str(value)


def php_float_str(value: float) -> str:
    if math.isnan(value):
        return "NAN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        sign = "-" if exponent.startswith("-") else "+"
        return "%sE%s%s" % (mantissa, sign, exponent.lstrip("+-").lstrip("0") or "0")
    return text


def is_numeric(value) -> bool:
    """PHP ``is_numeric``."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        return bool(_NUMERIC_RE.match(value)) and value.strip(" \t\n\r\v\f") != ""
    return False


def to_number(value):
    """Numeric value of something that passed :func:`is_numeric` (int when integral)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value).strip(" \t\n\r\v\f")
    if re.match(r"^[+-]?\d+$", text):
        return int(text)
    return float(text)


def is_integer(value) -> bool:
    """``filter_var($value, FILTER_VALIDATE_INT) !== false``."""
    if value is True:
        return True
    if value is False or value is None:
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        value = php_float_str(value)
    if not isinstance(value, str):
        return False
    text = value.strip(" \t\n\r\v")
    if not _INT_RE.match(text):
        return False
    return _INT64_MIN <= int(text) <= _INT64_MAX


def to_db_int(value):
    """What a MySQL integer column stores for a validated numeric input (rounds half away from zero)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if not is_numeric(value):
        return 0
    number = to_number(value)
    if isinstance(number, int):
        return number
    return int(number + 0.5) if number >= 0 else -int(-number + 0.5)


def is_digit_string(value) -> bool:
    """Pterodactyl's ``is_digit`` helper: ``ctype_digit(strval($value))`` and not a bool."""
    if value is None or isinstance(value, (bool, list, dict)):
        return False
    text = php_str(value)
    return text != "" and all("0" <= c <= "9" for c in text)


def laravel_snake(value: str) -> str:
    """``Str::snake``."""
    if value and all("a" <= c <= "z" for c in value):
        return value
    words = re.split(r"([ \t\r\n\f\v]+)", value)
    value = "".join(w[:1].upper() + w[1:] for w in words)
    value = re.sub(r"\s+", "", value)
    return re.sub(r"(.)(?=[A-Z])", r"\1_", value).lower()


def display_attribute(attribute: str) -> str:
    """Laravel's default attribute name in messages."""
    return laravel_snake(attribute).replace("_", " ")


# ---------------------------------------------------------------------- PHP regex

def compile_php_regex(expression):
    """Compile a PCRE pattern with delimiters (``/^a+$/i``) into a Python regex (``None`` if invalid)."""
    if not isinstance(expression, str) or len(expression) < 2:
        return None
    delimiter = expression[0]
    if delimiter.isalnum() or delimiter == "\\" or delimiter.isspace():
        return None
    closing = {"(": ")", "[": "]", "{": "}", "<": ">"}.get(delimiter, delimiter)
    end = expression.rfind(closing)
    if end <= 0:
        return None
    body = expression[1:end]
    modifiers = expression[end + 1:]
    flags = 0
    unicode_mode = False
    dollar_end_only = False
    anchored = False
    for modifier in modifiers:
        if modifier == "i":
            flags |= re.IGNORECASE
        elif modifier == "m":
            flags |= re.MULTILINE
        elif modifier == "s":
            flags |= re.DOTALL
        elif modifier == "x":
            flags |= re.VERBOSE
        elif modifier == "u":
            unicode_mode = True
        elif modifier == "D":
            dollar_end_only = True
        elif modifier == "A":
            anchored = True
        elif modifier in "\n\r ":
            continue
        else:
            return None
    if not unicode_mode:
        flags |= re.ASCII
    body = _translate_pcre(body, dollar_end_only and not flags & re.MULTILINE)
    if anchored:
        body = r"\A(?:" + body + ")"
    try:
        return re.compile(body, flags)
    except re.error:
        return None


_POSIX_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": r" \t\r\n\v\f", "punct": r"!-/:-@\[-`{-~", "xdigit": "0-9A-Fa-f", "word": r"\w",
    "blank": r" \t", "cntrl": r"\x00-\x1f\x7f", "print": r"\x20-\x7e", "graph": r"\x21-\x7e",
}


def _translate_pcre(body: str, dollar_end_only: bool) -> str:
    out = []
    i = 0
    in_class = False
    length = len(body)
    while i < length:
        char = body[i]
        if char == "\\" and i + 1 < length:
            nxt = body[i + 1]
            if nxt == "z":
                out.append(r"\Z")
            elif nxt == "Z":
                out.append(r"(?=\n?\Z)" if not in_class else "Z")
            elif nxt == "h":
                out.append(r" \t" if in_class else r"[ \t]")
            elif nxt == "/":
                out.append("/")
            else:
                out.append(char + nxt)
            i += 2
            continue
        if in_class:
            if char == "[" and body.startswith("[:", i):
                close = body.find(":]", i + 2)
                name = body[i + 2:close] if close > 0 else ""
                if name in _POSIX_CLASSES:
                    out.append(_POSIX_CLASSES[name])
                    i = close + 2
                    continue
            if char == "]":
                in_class = False
            out.append(char)
            i += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            i += 1
            if i < length and body[i] == "^":
                out.append("^")
                i += 1
            if i < length and body[i] == "]":
                out.append(r"\]")
                i += 1
            continue
        if body.startswith("(?<", i) and i + 3 < length and body[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        if char == "$" and dollar_end_only:
            out.append(r"\Z")
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------- data access

def split_path(attribute: str) -> list:
    return attribute.split(".") if attribute else []


def data_get(data, attribute: str, default=_MISSING):
    """``Arr::get`` with dot notation over dicts and lists (returns ``default`` when absent)."""
    current = data
    for segment in split_path(attribute):
        if isinstance(current, dict):
            if segment not in current:
                return default
            current = current[segment]
        elif isinstance(current, list):
            if not segment.isdigit() or int(segment) >= len(current):
                return default
            current = current[int(segment)]
        else:
            return default
    return current


def data_has(data, attribute: str) -> bool:
    return data_get(data, attribute) is not _MISSING


def value_filled(value) -> bool:
    """Laravel ``validateRequired`` on a value."""
    if value is None or value is _MISSING:
        return False
    if isinstance(value, str) and value.strip(_PHP_WHITESPACE) == "":
        return False
    if isinstance(value, (list, dict)) and not value:
        return False
    return True


# ---------------------------------------------------------------------- rules

class CustomRule:
    """A rule object (closure rule, ``Rule::unique`` / ``Rule::exists``, the panel's ``p_username``)."""

    def __init__(self, name: str, passes, message: str, implicit: bool = False):
        self.name = name
        self.passes = passes
        self.message = message
        self.implicit = implicit

    def __repr__(self):
        return "CustomRule(%s)" % self.name


def parse_rule(rule):
    """``"max:191"`` -> ``("max", ["191"])``; rule objects pass through as ``(name, rule)``."""
    if isinstance(rule, CustomRule):
        return rule.name, rule
    rule = rule.strip()
    if ":" in rule:
        name, raw = rule.split(":", 1)
    else:
        name, raw = rule, None
    name = name.strip().lower()
    name = RULE_ALIASES.get(name, name)
    if raw is None:
        params = []
    elif name in ("regex", "not_regex"):
        params = [raw]
    else:
        params = next(csv.reader([raw], skipinitialspace=False)) if raw != "" else [""]
    return name, params


def parse_rules(spec) -> list:
    """Rule spec (``"a|b:1"`` or a list of strings / :class:`CustomRule`) -> list of parsed rules."""
    if spec is None or spec == "":
        return []
    if isinstance(spec, str):
        items = spec.split("|")
    else:
        items = []
        for item in spec:
            if isinstance(item, str):
                items.extend(item.split("|"))
            else:
                items.append(item)
    return [parse_rule(item) for item in items if isinstance(item, CustomRule) or item.strip()]


class Validator:
    """Validate ``data`` against an ordered list of ``(attribute, rules)``.

    ``errors`` after :meth:`validate` is a list of ``(attribute, message, rule_name)`` tuples in
    Laravel's order (attributes in rule order, messages in rule order).
    """

    def __init__(self, data, rules, attributes=None):
        self.data = data if data is not None else {}
        if isinstance(rules, dict):
            rules = list(rules.items())
        self.rules = []
        for attribute, spec in rules:
            self.rules.append((attribute, parse_rules(spec)))
        self.attributes = dict(attributes or {})
        self.errors = []
        self._failed = {}

    # -- public

    def validate(self) -> list:
        self.errors = []
        self._failed = {}
        expanded = []
        index = {}
        for pattern, parsed in self.rules:
            for attribute in self._expand(pattern):
                if attribute in index:
                    expanded[index[attribute]][1].extend(parsed)
                else:
                    index[attribute] = len(expanded)
                    expanded.append((attribute, list(parsed)))
        for attribute, parsed in expanded:
            names = set(name for name, _arg in parsed)
            for name, params in parsed:
                self._validate_attribute(attribute, name, params, parsed, names)
                if self._should_stop(attribute, names):
                    break
        return self.errors

    def fails(self) -> bool:
        return bool(self.validate())

    # -- expansion and names

    def _expand(self, pattern: str) -> list:
        segments = split_path(pattern)
        if "*" not in segments:
            return [pattern]
        paths = [[]]
        for segment in segments:
            new_paths = []
            for path in paths:
                if segment != "*":
                    new_paths.append(path + [segment])
                    continue
                container = data_get(self.data, ".".join(path)) if path else self.data
                if isinstance(container, dict):
                    keys = [str(k) for k in container.keys()]
                elif isinstance(container, list):
                    keys = [str(i) for i in range(len(container))]
                else:
                    keys = []
                new_paths.extend(path + [key] for key in keys)
            paths = new_paths
        return [".".join(path) for path in paths]

    def display(self, attribute: str) -> str:
        if attribute in self.attributes:
            return self.attributes[attribute]
        for pattern, name in self.attributes.items():
            if "*" in pattern:
                regex = "^" + re.escape(pattern).replace(r"\*", r"[^.]+") + "$"
                if re.match(regex, attribute):
                    return name
        return display_attribute(attribute)

    # -- evaluation

    def _validate_attribute(self, attribute, name, params, parsed, names):
        if name in MARKER_RULES:
            return
        value = data_get(self.data, attribute)
        present = value is not _MISSING
        if value is _MISSING:
            value = None
        rule_obj = params if isinstance(params, CustomRule) else None
        implicit = name in IMPLICIT_RULES or (rule_obj is not None and rule_obj.implicit)
        # presentOrRuleIsImplicit
        if isinstance(value, str) and value.strip(_PHP_WHITESPACE) == "":
            if not implicit:
                return
        elif not present and not implicit:
            return
        # passesOptionalCheck
        if "sometimes" in names and not present:
            return
        # isNotNullIfMarkedAsNullable
        if not implicit and "nullable" in names and present and value is None:
            return
        # hasNotFailedPreviousRuleIfPresenceRule
        if name in ("unique", "exists") and attribute in self._failed:
            return
        if rule_obj is not None:
            passed = bool(rule_obj.passes(attribute, value))
            message = rule_obj.message
        else:
            checker = getattr(self, "_rule_" + name, None)
            if checker is None:
                raise ValueError("unsupported validation rule %r" % name)
            passed = checker(attribute, value, params, names, present)
            message = None
        if not passed:
            self._add_failure(attribute, name, params, names, message)

    def _should_stop(self, attribute, names) -> bool:
        failed = self._failed.get(attribute)
        if not failed:
            return False
        if "bail" in names:
            return True
        return bool(names & IMPLICIT_RULES) and bool(set(failed) & IMPLICIT_RULES)

    def _add_failure(self, attribute, name, params, names, message):
        if message is None:
            message = self._message(attribute, name, params, names)
        message = message.replace(":attribute", self.display(attribute))
        self._failed.setdefault(attribute, []).append(name)
        self.errors.append((attribute, message, name))

    def _attribute_type(self, names) -> str:
        if names & NUMERIC_RULES:
            return "numeric"
        if "array" in names:
            return "array"
        return "string"

    def _message(self, attribute, name, params, names) -> str:
        if name in SIZE_MESSAGES:
            message = SIZE_MESSAGES[name][self._attribute_type(names)]
        else:
            message = MESSAGES.get(name, "The :attribute is invalid.")
        if name in ("between", "digits_between"):
            message = message.replace(":min", params[0]).replace(":max", params[1])
        elif name == "min":
            message = message.replace(":min", params[0])
        elif name == "max":
            message = message.replace(":max", params[0])
        elif name == "size":
            message = message.replace(":size", params[0])
        elif name == "digits":
            message = message.replace(":digits", params[0])
        elif name in ("required_with", "required_with_all", "required_without", "required_without_all"):
            message = message.replace(":values", " / ".join(self.display(p) for p in params))
        elif name == "required_unless":
            message = message.replace(":other", self.display(params[0])).replace(":values", ", ".join(params[1:]))
        elif name == "required_if":
            message = message.replace(":other", self.display(params[0])).replace(":value", params[1] if len(params) > 1 else "")
        return message

    def _size(self, value, names):
        if names & NUMERIC_RULES and is_numeric(value):
            return to_number(value)
        if isinstance(value, (list, dict)):
            return len(value)
        return len(php_str(value))

    @staticmethod
    def _number(param):
        return to_number(param) if is_numeric(param) else 0

    # -- rule implementations: (attribute, value, params, names, present) -> bool

    def _rule_required(self, attribute, value, params, names, present):
        return value_filled(value)

    def _rule_present(self, attribute, value, params, names, present):
        return present

    def _rule_filled(self, attribute, value, params, names, present):
        return value_filled(value) if present else True

    def _others_filled(self, params):
        return [value_filled(data_get(self.data, p, None)) for p in params]

    def _rule_required_with(self, attribute, value, params, names, present):
        return value_filled(value) if any(self._others_filled(params)) else True

    def _rule_required_with_all(self, attribute, value, params, names, present):
        return value_filled(value) if all(self._others_filled(params)) else True

    def _rule_required_without(self, attribute, value, params, names, present):
        return value_filled(value) if not all(self._others_filled(params)) else True

    def _rule_required_without_all(self, attribute, value, params, names, present):
        return value_filled(value) if not any(self._others_filled(params)) else True

    def _rule_required_unless(self, attribute, value, params, names, present):
        other = data_get(self.data, params[0], None)
        if isinstance(other, bool) or other is None:
            allowed = list(params[1:])
            other_text = {True: "true", False: "false", None: "null"}[other]
            if other_text in allowed:
                return True
        elif php_str(other) in params[1:]:
            return True
        return value_filled(value)

    def _rule_required_if(self, attribute, value, params, names, present):
        other = data_get(self.data, params[0], None)
        other_text = {True: "true", False: "false", None: "null"}.get(other) if isinstance(other, bool) or other is None \
            else php_str(other)
        if other_text in params[1:]:
            return value_filled(value)
        return True

    def _rule_accepted(self, attribute, value, params, names, present):
        return value in ("yes", "on", "1", 1, True, "true")

    def _rule_string(self, attribute, value, params, names, present):
        return isinstance(value, str)

    def _rule_integer(self, attribute, value, params, names, present):
        return is_integer(value)

    def _rule_numeric(self, attribute, value, params, names, present):
        return is_numeric(value)

    def _rule_boolean(self, attribute, value, params, names, present):
        if isinstance(value, bool):
            return True
        if isinstance(value, int):
            return value in (0, 1)
        return value in ("0", "1")

    def _rule_array(self, attribute, value, params, names, present):
        if not isinstance(value, (list, dict)):
            return False
        if params and isinstance(value, dict):
            return all(key in params for key in value)
        return True

    def _rule_email(self, attribute, value, params, names, present):
        return isinstance(value, str) and bool(_EMAIL_RE.match(value))

    def _rule_max(self, attribute, value, params, names, present):
        return self._size(value, names) <= self._number(params[0])

    def _rule_min(self, attribute, value, params, names, present):
        return self._size(value, names) >= self._number(params[0])

    def _rule_between(self, attribute, value, params, names, present):
        size = self._size(value, names)
        return self._number(params[0]) <= size <= self._number(params[1])

    def _rule_size(self, attribute, value, params, names, present):
        return self._size(value, names) == self._number(params[0])

    def _rule_in(self, attribute, value, params, names, present):
        if isinstance(value, (list, dict)):
            return False
        return php_str(value) in params

    def _rule_not_in(self, attribute, value, params, names, present):
        if isinstance(value, (list, dict)):
            return False
        return php_str(value) not in params

    def _rule_regex(self, attribute, value, params, names, present):
        if isinstance(value, bool) or not (isinstance(value, str) or is_numeric(value)):
            return False
        pattern = compile_php_regex(params[0])
        return pattern is not None and pattern.search(php_str(value)) is not None

    def _rule_not_regex(self, attribute, value, params, names, present):
        if isinstance(value, bool) or not (isinstance(value, str) or is_numeric(value)):
            return False
        pattern = compile_php_regex(params[0])
        return pattern is not None and pattern.search(php_str(value)) is None

    def _rule_alpha(self, attribute, value, params, names, present):
        return isinstance(value, str) and value != "" and all(_is_letter(c) for c in value)

    def _rule_alpha_dash(self, attribute, value, params, names, present):
        if isinstance(value, bool) or not (isinstance(value, str) or is_numeric(value)):
            return False
        text = php_str(value)
        return text != "" and all(_is_letter(c) or _is_number(c) or c in "_-" for c in text)

    def _rule_alpha_num(self, attribute, value, params, names, present):
        if isinstance(value, bool) or not (isinstance(value, str) or is_numeric(value)):
            return False
        text = php_str(value)
        return text != "" and all(_is_letter(c) or _is_number(c) for c in text)

    def _rule_url(self, attribute, value, params, names, present):
        if not isinstance(value, str) or any(c.isspace() for c in value):
            return False
        try:
            parts = urllib.parse.urlsplit(value)
        except ValueError:
            return False
        if parts.scheme.lower() not in _URL_SCHEMES:
            return False
        if parts.scheme.lower() in ("mailto", "file"):
            return bool(parts.path or parts.netloc)
        return bool(parts.netloc) and bool(parts.hostname)

    def _rule_ip(self, attribute, value, params, names, present):
        try:
            ipaddress.ip_address(value if isinstance(value, str) else "")
            return True
        except ValueError:
            return False

    def _rule_uuid(self, attribute, value, params, names, present):
        return isinstance(value, str) and bool(_UUID_RE.match(value))

    def _rule_confirmed(self, attribute, value, params, names, present):
        other = data_get(self.data, attribute + "_confirmation", None)
        return value == other and type(value) is type(other)

    def _rule_digits(self, attribute, value, params, names, present):
        text = php_str(value)
        return text.isdigit() and text.isascii() and len(text) == int(params[0])

    def _rule_digits_between(self, attribute, value, params, names, present):
        text = php_str(value)
        return text.isdigit() and text.isascii() and int(params[0]) <= len(text) <= int(params[1])


def _is_letter(char: str) -> bool:
    category = unicodedata.category(char)
    return category.startswith("L") or category.startswith("M")


def _is_number(char: str) -> bool:
    return unicodedata.category(char).startswith("N")
