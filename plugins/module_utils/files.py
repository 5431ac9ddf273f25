# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A server's files on every panel (modules server_file and server_config).

Two parts, both panel-agnostic:

- the config engine: parse, merge and render ``properties``, ``json``, ``yaml`` and ``ini`` text so that only the
  named keys change (:func:`merge_config`); properties and ini files keep every other line byte for byte, comments
  and order included; json and yaml are rendered again only when a key changes;
- the task: read the file through the panel, compute the new text, show a unified diff with the values of
  secret-looking keys masked, write only when it differs, restart the server once if asked
  (:class:`ServerFileTask`, :class:`ServerConfigTask`).

A panel supplies one class, ``<Panel>ServerFiles(client, server)`` with ``MAX_BYTES``, ``read(path)`` (None: no
such file), ``write(path, text)``, ``delete(path)``, ``is_running()`` and ``restart()``; its handlers are the two
task classes with ``files_class`` set to it.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, Dict, List, Optional, Tuple

from ansible_collections.gameops.panels.plugins.module_utils.driver import Handler, UnresolvedServer
from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.task_run import TaskRun

try:
    import yaml
    HAS_YAML = True
except ImportError:  # pragma: no cover - ansible-core requires PyYAML
    HAS_YAML = False

FORMATS = ("properties", "json", "yaml", "ini")
#: file name endings -> format, when ``format`` is not given
SUFFIXES = {".properties": "properties", ".json": "json", ".yml": "yaml", ".yaml": "yaml", ".ini": "ini"}

#: keys whose values are secrets: masked in diffs, plans and results
SECRET_KEY = re.compile(r"(pass(word|wd|phrase)?$|password|passwd|secret|token|credential|private[-_.]?key|"
                        r"api[-_.]?key|(^|[-_.])key$|^key$|salt$)", re.IGNORECASE)
# one "key = value" line of any of the formats (properties, with a whitespace separator too; ini; yaml, a list
# item's first key included; a json member)
_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?[\"']?)(?P<key>[^\s\"'=:#;!\[\]{}]+)"
                       r"(?P<sep>[\"']?\s*[=:]\s*|[ \t]+(?=[^\s=:]))(?P<value>.*?)(?P<tail>,?\s*)$")
# a "key": value pair inside a flow mapping written on one line ({"rcon": {"password": "x"}}, {password: x})
_INLINE_PAIR = re.compile(r"(?P<key>\"[^\"]+\"|'[^']+'|[A-Za-z0-9_.-]+)(?P<sep>\s*:\s*)"
                          r"(?P<value>\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^,{}\[\]\s]+)")


def is_secret(key: Any) -> bool:
    """Whether ``key`` (the last part of a key path) looks like it holds a secret (rcon.password, api-key, ...)."""
    return bool(SECRET_KEY.search(str(key)))


def _secret_inline_pairs(line: str) -> List[Any]:
    """The pairs of a one-line flow mapping in ``line`` whose key looks secret."""
    if "{" not in line:
        return []
    return [pair for pair in _INLINE_PAIR.finditer(line) if is_secret(pair.group("key").strip("\"'"))]


def mask_line(line: str) -> str:
    """``line`` with the value masked when it sets a secret-looking key (any of the formats), and so are the
    secret-looking members of a mapping written on one line."""
    found = _KEY_LINE.match(line)
    if found and is_secret(found.group("key")) and found.group("value") not in ("", '""', "''"):
        return "%s%s%s%s%s" % (found.group("lead"), found.group("key"), found.group("sep"), MASK, found.group("tail"))
    for pair in reversed(_secret_inline_pairs(line)):
        if pair.group("value") not in ('""', "''"):
            line = line[:pair.start("value")] + MASK + line[pair.end("value"):]
    return line


def mask_text(text: str) -> str:
    return "".join(mask_line(line) for line in text.splitlines(True))


#: values too common to search the whole output for (they are masked where they stand, in diffs and plans)
_COMMON = frozenset(["true", "false", "yes", "no", "on", "off", "null", "none"])


def _worth_hiding(value: str) -> bool:
    """Whether to mask ``value`` wherever it appears in the output: not a word such as ``true``, nor so short
    that masking it everywhere would garble the output (a 1- or 2-character value)."""
    return len(value) >= 3 and value.lower() not in _COMMON


def secret_values_in(text: str) -> List[str]:
    """The values secret-looking keys are set to in ``text`` (to keep them out of every output)."""
    values = []
    for line in (text or "").splitlines():
        found = _KEY_LINE.match(line)
        shown = [found.group("value")] if found and is_secret(found.group("key")) else []
        shown.extend(pair.group("value") for pair in _secret_inline_pairs(line))
        values.extend(value for value in (v.strip().strip("\"'") for v in shown) if _worth_hiding(value))
    return values


def secret_settings(settings: Any, hidden: bool = False) -> List[str]:
    """The values of the secret-looking keys of ``settings`` as text: nested dicts and lists included, and every
    value below a secret-looking key (``hidden``)."""
    values = []
    if isinstance(settings, dict):
        for key, value in settings.items():
            values.extend(secret_settings(value, hidden or is_secret(key)))
    elif isinstance(settings, list):
        for item in settings:
            values.extend(secret_settings(item, hidden))
    elif hidden and settings is not None:
        shown = settings if isinstance(settings, str) else json.dumps(settings)
        values.extend(v for v in sorted(set([shown, str(settings)])) if _worth_hiding(v))
    return values


def unified_diff(before: Optional[str], after: Optional[str], path: str) -> str:
    """The unified diff of ``before`` -> ``after`` (None: no file), secret-looking values masked (a changed secret
    shows as a removed and an added line, both masked)."""
    lines = difflib.unified_diff((before or "").splitlines(True), (after or "").splitlines(True),
                                 "a/" + path.lstrip("/") if before is not None else "/dev/null",
                                 "b/" + path.lstrip("/") if after is not None else "/dev/null")
    out = []
    for index, line in enumerate(lines):
        if index > 1 and line[:1] in " -+":  # the first two are the file names
            line = line[0] + mask_line(line[1:])
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


# -- checks before any request -------------------------------------------------------------------

def check_path(path: Any) -> str:
    """The path as sent to the panel (relative to the server's root, no leading ``/``)."""
    if not isinstance(path, str) or not path.strip("/ "):
        raise ReconcileError("must name a file in the server's folder, got %r" % (path,), option="path")
    parts = path.replace("\\", "/").strip("/").split("/")
    if any(part in ("..", ".", "") for part in parts):
        raise ReconcileError("must be a plain path inside the server's folder (no '..', '.' or empty parts), got %r"
                             % path, option="path")
    if path.endswith("/"):
        raise ReconcileError("names a folder (it ends with /); give a file, got %r" % path, option="path")
    return "/".join(parts)


def config_format(path: str, fmt: Optional[str]) -> str:
    """``fmt``, or the format the file name says."""
    if fmt:
        return fmt
    for suffix, name in SUFFIXES.items():
        if path.lower().endswith(suffix):
            return name
    raise ReconcileError("cannot tell the format of %r from its name; set format to one of %s"
                         % (path, ", ".join(FORMATS)), option="format")


def check_settings(fmt: str, settings: Any, state: str = "present") -> None:
    """Fail naming ``settings`` when their shape does not fit ``fmt``."""
    if not isinstance(settings, dict) or not settings:
        raise ReconcileError("must be a non-empty dict of the keys to %s" % ("remove" if state == "absent" else "hold"),
                             option="settings")
    if fmt == "properties":
        for key, value in settings.items():
            if isinstance(value, (dict, list)):
                raise ReconcileError("%r is a %s, but format properties holds one level of key = value; give it a "
                                     "single value" % (key, type(value).__name__), option="settings")
    elif fmt == "ini":
        for key, value in settings.items():
            if isinstance(value, dict):
                for name, inner in value.items():
                    if isinstance(inner, (dict, list)):
                        raise ReconcileError("%s.%s is a %s, but format ini holds sections of key = value; give it a "
                                             "single value" % (key, name, type(inner).__name__), option="settings")
            elif isinstance(value, list):
                raise ReconcileError("%r is a list, but format ini holds sections (dicts) of key = value, or single "
                                     "values before the first section" % key, option="settings")


# -- the formats ---------------------------------------------------------------------------------

def _scalar(value: Any) -> str:
    """A settings value as the text of a properties or ini file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _append(text: str, lines: List[str]) -> str:
    if not lines:
        return text
    newline = _newline(text)
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return text + "".join(line + newline for line in lines)


# properties (java.util.Properties, as Minecraft writes server.properties)

def _properties_unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            nxt = text[index + 1]
            if nxt == "u" and re.match(r"[0-9a-fA-F]{4}", text[index + 2:index + 6]):
                out.append(chr(int(text[index + 2:index + 6], 16)))
                index += 6
                continue
            out.append({"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(nxt, nxt))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _properties_escape(text: str, key: bool = False) -> str:
    out = []
    for index, char in enumerate(text):
        if char in "\\=:#!":
            out.append("\\" + char)
        elif char in "\t\n\r\f":
            out.append("\\" + {"\t": "t", "\n": "n", "\r": "r", "\f": "f"}[char])
        elif char == " " and (key or index == 0):
            out.append("\\ ")
        else:
            out.append(char)
    return "".join(out)


def _properties_entries(text: str) -> List[Tuple[int, int, str, str, str]]:
    """``(first line, last line, key, separator and text before the value, raw value)`` of each entry of a
    properties text (a logical line may continue over several lines with a trailing backslash)."""
    lines = text.splitlines(True)
    entries, index = [], 0
    while index < len(lines):
        first = index
        logical = lines[index].rstrip("\r\n")
        stripped = logical.lstrip(" \t\f")
        if not stripped or stripped[0] in "#!":
            index += 1
            continue
        while re.search(r"(?<!\\)(\\\\)*\\$", logical) and index + 1 < len(lines):
            index += 1
            logical = logical[:-1] + lines[index].rstrip("\r\n").lstrip(" \t\f")
        index += 1
        found = re.match(r"^([ \t\f]*)((?:\\.|[^\s=:\\])*)([ \t\f]*[=:]?[ \t\f]*)(.*)$", logical, re.DOTALL)
        entries.append((first, index - 1, _properties_unescape(found.group(2)), found.group(1) + found.group(2)
                        + found.group(3), found.group(4)))
    return entries


def parse_properties(text: str) -> Dict[str, str]:
    return dict((key, _properties_unescape(value)) for _f, _l, key, _p, value in _properties_entries(text))


def merge_properties(text: str, settings: Dict[str, Any], state: str) -> str:
    lines = text.splitlines(True)
    entries = _properties_entries(text)
    replaced = {}  # first line -> replacement lines ('' removes), for the last entry of each key (Java's winner)
    last = {}
    for entry in entries:
        last[entry[2]] = entry
    missing = []
    for key, value in settings.items():
        key = str(key)
        entry = last.get(key)
        if state == "absent":
            for other in entries:
                if other[2] == key:
                    replaced[other[0]] = (other[1], "")
            continue
        wanted = _scalar(value)
        if entry is None:
            missing.append("%s=%s" % (_properties_escape(key, key=True), _properties_escape(wanted)))
        elif _properties_unescape(entry[4]) != wanted:
            ending = re.search(r"[\r\n]*$", lines[entry[1]]).group(0) or ""
            prefix = entry[3] if re.search(r"[=:]", entry[3][len(entry[3].rstrip(" \t\f=:")):]) else entry[3] + "="
            replaced[entry[0]] = (entry[1], prefix + _properties_escape(wanted) + (ending or ""))
    out, index = [], 0
    while index < len(lines):
        if index in replaced:
            end, new = replaced[index]
            out.append(new)
            index = end + 1
            continue
        out.append(lines[index])
        index += 1
    return _append("".join(out), missing)


# ini

_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]*)\]\s*$")
_INI_ENTRY = re.compile(r"^(?P<lead>\s*)(?P<key>[^=:;#\s][^=:]*?)(?P<sep>\s*[=:]\s*)(?P<value>.*?)(?P<end>[\r\n]*)$")


def _ini_lines(text: str) -> List[Tuple[int, Optional[str], Optional[str], Any]]:
    """``(line number, section, key, match)`` of each line (key None: a section, comment or blank line)."""
    section = None
    out = []
    for number, line in enumerate(text.splitlines(True)):
        head = _SECTION.match(line.rstrip("\r\n"))
        if head:
            section = head.group("name").strip()
            out.append((number, section, None, None))
            continue
        stripped = line.strip()
        if not stripped or stripped[0] in ";#":
            out.append((number, section, None, None))
            continue
        found = _INI_ENTRY.match(line)
        out.append((number, section, found.group("key") if found else None, found))
    return out


def parse_ini(text: str) -> Dict[Optional[str], Dict[str, str]]:
    parsed: Dict[Optional[str], Dict[str, str]] = {}
    for _n, section, key, found in _ini_lines(text):
        parsed.setdefault(section, {})
        if key is not None:
            parsed[section][key] = found.group("value")
    return parsed


def merge_ini(text: str, settings: Dict[str, Any], state: str) -> str:
    # top-level scalars are keys before the first section
    wanted: Dict[Optional[str], Dict[str, Any]] = {}
    for name, value in settings.items():
        if isinstance(value, dict):
            wanted.setdefault(str(name), {}).update(value)
        else:
            wanted.setdefault(None, {})[str(name)] = value
    lines = text.splitlines(True)
    table = _ini_lines(text)
    separators = [found.group("sep") for _n, _s, key, found in table if key is not None]
    change: Dict[int, str] = {}
    inserts: Dict[int, List[str]] = {}
    appended: List[str] = []
    newline = _newline(text)
    sections = set(section for _n, section, _k, _f in table)
    for section, keys in wanted.items():
        rows = [row for row in table if row[1] == section]
        own = [row[3].group("sep") for row in rows if row[2] is not None]
        separator = own[0] if own else (separators[0] if separators else " = ")
        present = dict((row[2], row) for row in rows if row[2] is not None)
        new_lines = []
        for key, value in keys.items():
            key = str(key)
            row = present.get(key)
            if state == "absent":
                for other in rows:
                    if other[2] == key:
                        change[other[0]] = ""
                continue
            if row is None:
                new_lines.append("%s%s%s" % (key, separator, _scalar(value)))
            elif row[3].group("value") != _scalar(value):
                found = row[3]
                change[row[0]] = "%s%s%s%s%s" % (found.group("lead"), found.group("key"), found.group("sep"),
                                                 _scalar(value), found.group("end"))
        if not new_lines:
            continue
        if section in sections and (section is not None or any(r[2] is not None or lines[r[0]].strip() for r in rows)):
            content = [r[0] for r in rows if lines[r[0]].strip()]
            after = content[-1] if content else rows[0][0]
            inserts.setdefault(after, []).extend(new_lines)
        elif section is None:
            inserts.setdefault(-1, []).extend(new_lines)
        else:
            appended.extend(([""] if text.strip() or appended else []) + ["[%s]" % section] + new_lines)
    out = ["".join(line + newline for line in inserts.get(-1, []))]
    for number, line in enumerate(lines):
        out.append(change.get(number, line))
        if number in inserts:
            if not out[-1].endswith(("\n", "\r")) and out[-1]:
                out[-1] += newline
            out.append("".join(new + newline for new in inserts[number]))
    return _append("".join(out), appended)


# json and yaml: nested dicts

def _merge_tree(current: Dict[str, Any], settings: Dict[str, Any], state: str, where: str = "") -> Dict[str, Any]:
    merged = dict(current)
    for key, value in settings.items():
        if isinstance(value, dict) and value and isinstance(merged.get(key), dict):
            merged[key] = _merge_tree(merged[key], value, state, where + key + ".")
        elif state == "absent":
            if isinstance(value, dict) and value:
                continue  # a nested key under something that is no dict (or absent): nothing to remove
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _json_indent(text: str) -> Any:
    found = re.search(r"^[\[{]\s*\n([ \t]+)\S", text)
    if not found:
        return None if text.strip() and "\n" not in text.strip() else 2
    indent = found.group(1)
    return "\t" if indent.startswith("\t") else len(indent)


def _parse_tree(fmt: str, text: str, path: str) -> Dict[str, Any]:
    if not text.strip():
        return {}
    try:
        if fmt == "json":
            parsed = json.loads(text)
        else:
            parsed = yaml.safe_load(text)
    except ValueError as exc:
        raise ReconcileError("%s on the server is not valid JSON (%s); server_config changes keys of files it can "
                             "parse: fix the file, or keep it whole with gameops.panels.server_file" % (path, exc),
                             option="format") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = " at line %d" % (where.line + 1) if where is not None else ""
        raise ReconcileError("%s on the server is not valid YAML%s (%s); server_config changes keys of files it can "
                             "parse: fix the file, or keep it whole with gameops.panels.server_file"
                             % (path, at, getattr(exc, "problem", None) or exc), option="format") from None
    if parsed is None:
        return {}
    if not isinstance(parsed, dict):
        raise ReconcileError("%s on the server holds a %s, not a mapping of keys; keep it whole with "
                             "gameops.panels.server_file" % (path, "list" if isinstance(parsed, list)
                                                             else type(parsed).__name__), option="format")
    return parsed


def _scalar_text(fmt: str, value: Any) -> Optional[str]:
    """``value`` written as a scalar of ``fmt`` on one line, or None when it is no scalar or needs more lines."""
    if isinstance(value, (dict, list)):
        return None
    if fmt == "json":
        return json.dumps(value, ensure_ascii=False)
    shown = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    shown = shown[:-len("\n...\n")] if shown.endswith("\n...\n") else shown.rstrip("\n")
    return None if "\n" in shown else shown


def _edit_in_place(fmt: str, text: str, tree: Dict[str, Any], settings: Dict[str, Any],
                   merged: Dict[str, Any]) -> Optional[str]:
    """``text`` with only the changed scalar values replaced where they stand (comments, layout and quoting of the
    rest kept), when every change is an existing scalar set to another scalar; else None (the file is written
    again whole). The result is parsed back and must hold ``merged``, or None."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    edits = []

    def walk(node, wanted, current):
        if not isinstance(node, yaml.MappingNode) or not isinstance(current, dict):
            return False
        for key, value in wanted.items():
            if key not in current:
                return False  # a new key: written whole
            pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)]
            if len(pairs) != 1:
                return False
            value_node = pairs[0][1]
            if isinstance(value, dict) and value and isinstance(current[key], dict):
                if not walk(value_node, value, current[key]):
                    return False
                continue
            if current[key] == value and type(current[key]) is type(value):  # pylint: disable=unidiomatic-typecheck
                continue
            shown = _scalar_text(fmt, value)
            if shown is None or not isinstance(value_node, yaml.ScalarNode) or value_node.style in ("|", ">"):
                return False
            edits.append((value_node.start_mark.index, value_node.end_mark.index, shown))
        return True

    if root is None or not walk(root, settings, tree) or not edits:
        return None
    new = text
    for start, end, shown in sorted(edits, reverse=True):
        new = new[:start] + shown + new[end:]
    try:
        again = json.loads(new) if fmt == "json" else yaml.safe_load(new)
    except (ValueError, yaml.YAMLError):
        return None
    return new if again == merged else None


def merge_config(fmt: str, text: Optional[str], settings: Dict[str, Any], state: str = "present",
                 path: str = "the file") -> Tuple[str, Dict[str, Dict[str, Any]]]:
    """The new text of a ``fmt`` file whose text is ``text`` (None: no file yet), with ``settings`` held
    (``state=present``) or removed (``absent``), and what changed: ``{dotted key: {before, after}}`` (values of
    secret-looking keys masked). Unchanged: ``text`` itself, byte for byte."""
    text = text or ""
    check_settings(fmt, settings, state)
    if fmt == "properties":
        before = parse_properties(text)
        new = merge_properties(text, settings, state)
        after = parse_properties(new)
        changes = _flat_changes(before, after, [str(k) for k in settings])
    elif fmt == "ini":
        before_ini, new = parse_ini(text), merge_ini(text, settings, state)
        after_ini = parse_ini(new)
        changes = {}
        for name, value in settings.items():
            section, keys = (str(name), value) if isinstance(value, dict) else (None, {name: value})
            for key in keys:
                old = before_ini.get(section, {}).get(str(key))
                now = after_ini.get(section, {}).get(str(key))
                if old != now:
                    dotted = "%s.%s" % (section, key) if section is not None else str(key)
                    changes[dotted] = _masked_change(key, old, now)
    elif fmt in ("json", "yaml"):
        tree = _parse_tree(fmt, text, path)
        merged = _merge_tree(tree, settings, state)
        changes = _tree_changes(tree, merged, settings)
        if not changes:
            new = text
        elif state == "present" and _edit_in_place(fmt, text, tree, settings, merged) is not None:
            new = _edit_in_place(fmt, text, tree, settings, merged)
        elif fmt == "json":
            new = json.dumps(merged, indent=_json_indent(text), ensure_ascii=False) + ("\n" if not text or text.endswith("\n") else "")
        else:
            new = yaml.safe_dump(merged, default_flow_style=False, sort_keys=False, allow_unicode=True)
    else:
        raise ReconcileError("must be one of %s, got %r" % (", ".join(FORMATS), fmt), option="format")
    return (text if not changes else new), changes


def _masked_change(key, before, after):
    return {"before": masked_value(key, before), "after": masked_value(key, after)}


def masked_value(key: Any, value: Any) -> Any:
    """``value`` as a plan shows it: masked under a secret-looking ``key``, and so are the secret-looking members
    of a dict or list it holds."""
    if value in (None, ""):
        return value
    if is_secret(key):
        return MASK
    if isinstance(value, dict):
        return dict((k, masked_value(k, v)) for k, v in value.items())
    if isinstance(value, list):
        return [masked_value(None, item) for item in value]
    return value


def _flat_changes(before, after, keys):
    return dict((key, _masked_change(key, before.get(key), after.get(key))) for key in keys
                if before.get(key) != after.get(key))


def _tree_changes(before, after, settings, prefix=""):
    changes = {}
    for key, value in settings.items():
        old, new = (before or {}).get(key), (after or {}).get(key)
        if isinstance(value, dict) and value and isinstance(old, dict) and isinstance(new, dict):
            changes.update(_tree_changes(old, new, value, prefix + str(key) + "."))
        elif not same_value(old, new) or (key in (before or {})) != (key in (after or {})):
            changes[prefix + str(key)] = _masked_change(key, old, new)
    return changes


def same_value(old: Any, new: Any) -> bool:
    """Equal, and of the same kind: Python takes ``1 == True == 1.0``, a json or yaml file does not."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(same_value(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new))
    return old == new and isinstance(old, bool) == isinstance(new, bool) and isinstance(old, float) == isinstance(new, float)


# -- the tasks -------------------------------------------------------------------------------------

class _FileTask(Handler):
    """What server_file and server_config share: read, compare, diff, size limit, write, restart."""

    #: the panel's ``<Panel>ServerFiles`` class
    files_class = None

    def __init__(self, ctx):
        self.ctx = ctx
        self._files = None

    @classmethod
    def build(cls, ctx):
        return cls(ctx)

    @property
    def files(self):
        if self._files is None:
            self._files = self.files_class(self.ctx.client, self.ctx.server)
        return self._files

    #: an unchanged entry of apply's document is reported by its path
    task_key = "path"
    #: why apply's export writes no entry of this kind (and the round trip's field coverage accepts it)
    export_skipped = ("the panel does not say which of a server's files, or which of their keys, a document "
                      "manages: declare them in the document; export writes none")
    not_exported = {"*": export_skipped}

    def _exists_server(self):
        """Whether the server exists yet: not when a check-mode task names one an earlier task creates, nor when
        apply plans the files of a server the same document creates (it has no id yet); it holds no files then."""
        server = self.ctx.server
        if isinstance(server, UnresolvedServer) or server is None:
            return False
        return server.get("id") is not None or server.get("identifier") is not None

    def _limit_check(self, path, text, option):
        size = len(text.encode("utf-8"))
        limit = self.files_class.MAX_BYTES
        if limit and size > limit:
            raise ReconcileError("%s would be %d bytes, over %s's limit of %d bytes (%s) for a file read and written "
                                 "through its API; nothing was written" % (path, size, self.ctx.driver.title, limit,
                                                                           _size(limit)), option=option)

    #: the kind, as plans name it
    kind = None

    def _carry_out(self, path, before, after, restart, fields, option="content", fmt=None):
        """Write (or delete, ``after`` None) when the text differs; what the run did (a TaskRun). ``fields`` are what the
        plan shows changed (``{name: {before, after}}``, secrets masked)."""
        changed = before != after
        if changed and after is not None:
            self._limit_check(path, after, option)
        action = "unchanged" if not changed else "delete" if after is None else "create" if before is None else "update"
        restarted = False
        if changed and not self.ctx.check_mode:
            if after is None:
                self.files.delete(path)
            else:
                self.files.write(path, after)
        if changed and restart and self._exists_server():
            restarted = self.files.is_running()
            if restarted and not self.ctx.check_mode:
                self.files.restart()
        diff_text = unified_diff(before, after, path) if changed else ""
        summary = dict((name, int(name == action)) for name in ("create", "update", "delete", "unchanged"))
        plan = {"kind": self.kind, "path": path, "summary": summary,
                "changes": [{"action": action, "key": path, "fields": fields}] if changed else [],
                "diff": diff_text, "restart": restarted}
        if fmt is not None:
            plan["format"] = fmt
        return TaskRun(changed, plan, {"prepared": diff_text} if changed else {}, path=path, exists=after is not None,
                       restarted=restarted)

    def _read(self, path):
        return self.files.read(path) if self._exists_server() else None


def _size(limit):
    return "%d MiB" % (limit // (1024 * 1024)) if limit % (1024 * 1024) == 0 else "%d KiB" % (limit // 1024)


def check_file_params(params):
    check_path(params.get("path"))
    if params.get("state", "present") == "present" and params.get("content") is None and params.get("src") is None:
        raise ReconcileError("state=present needs content (or src)", option="content")


def check_config_params(params):
    path = check_path(params.get("path"))
    fmt = config_format(path, params.get("format"))
    check_settings(fmt, params.get("settings"), params.get("state", "present"))


class ServerFileTask(_FileTask):
    """server_file: a whole file, or none."""

    kind = "server_file"

    check = staticmethod(check_file_params)

    def run(self, path, content=None, state="present", restart=False, **_other):
        path = check_path(path)
        before = self._read(path)
        after = None if state == "absent" else content
        size = dict((name, None if text is None else len(text.encode("utf-8")))
                    for name, text in (("before", before), ("after", after)))
        return self._carry_out(path, before, after, restart, {"bytes": size}, option="content")


class ServerConfigTask(_FileTask):
    """server_config: only the named keys of a structured file."""

    kind = "server_config"

    check = staticmethod(check_config_params)

    def run(self, path, settings=None, format=None, state="present", restart=False,  # pylint: disable=redefined-builtin
            **_other):
        path = check_path(path)
        fmt = config_format(path, format)
        check_settings(fmt, settings, state)
        before = self._read(path)
        if before is None and state == "absent":
            return self._carry_out(path, None, None, restart, {}, option="settings", fmt=fmt)
        after, changes = merge_config(fmt, before, settings, state, path=path)
        return self._carry_out(path, before, after, restart, changes, option="settings", fmt=fmt)
