# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shapes of AMP payloads, for holding the simulator to outside evidence.

* :func:`kind` names the JSON shape of one value: object, array, integer, number (a float),
  boolean, null, or a string told apart by form (GUID, ``/Date(ms)/``, ISO-8601, other).
* :func:`compare` holds an answer of the simulator to a real capture: every key the capture has,
  with the same kind, recursively; no key the capture lacks unless the capture is partial and
  the key is a field of the TypeSpec type there.
* :class:`TypeSpecChecker` holds a value to a type of ``tests/amp_spec/TypeSpec.json``
  (``List<InstanceSummary>``, ``ActionResult<Guid>``, enums as integers of their values ...).

Both return problems as strings (empty list: the shapes agree) and count what they looked at in
``stats``, so the tests can say how much they checked.
"""
from __future__ import annotations

import ast
import collections
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SPEC_DIR = REPO / "tests" / "amp_spec"
CAPTURE_DIR = SPEC_DIR / "captures"
AMP_PACKAGE = REPO / "plugins" / "module_utils" / "amp"

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LEGACY_DATE = re.compile(r"^/Date\(-?\d+\)/$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def load_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def kind(value) -> str:
    """The JSON shape of ``value``; strings by form, because a GUID or a date in another form is a
    different contract for a client even though both are strings."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if GUID.match(value):
        return "string:guid"
    if LEGACY_DATE.match(value):
        return "string:/Date(ms)/"
    if ISO_DATE.match(value):
        return "string:iso-date"
    return "string"


def generic_path(path: str) -> str:
    """``$[0].AvailableInstances[2].Metrics['CPU Usage']`` -> ``$[*].AvailableInstances[*].Metrics[*]``."""
    return re.sub(r"\[(\d+|'[^']*'|\"[^\"]*\")\]", "[*]", path)


# ---------------------------------------------------------------------------------------------- capture vs answer

class Comparison:
    """Holds one answer to one capture. Options, keyed by generic paths (``$[*].Tasks``):

    * ``maps``: objects whose keys are data (task ids, metric names, setting nodes, player ids):
      each answer value is held to the capture value of the same key, else to the capture's first value;
    * ``partial``: objects the capture holds only some keys of (``True`` at ``"*"`` for all);
      an answer key the capture lacks is then allowed when ``extra_ok(path, key)`` says why;
    * ``pair_by``: for arrays of objects, the key that pairs answer elements with capture
      elements (``InstanceName``); otherwise each answer element is paired with the capture
      element its keys resemble most. Every capture element must be paired at least once.
    """

    def __init__(self, maps=(), partial=(), pair_by=None, extra_ok=None):
        self.maps = set(maps)
        self.partial = set(partial)
        self.pair_by = dict(pair_by or {})
        self.extra_ok = extra_ok or (lambda path, key: None)
        self.stats = collections.Counter()
        self.allowed_extras = []

    def is_partial(self, path):
        return "*" in self.partial or generic_path(path) in self.partial

    def run(self, capture, answer, path="$"):
        problems = []
        self._compare(capture, answer, path, problems)
        return problems

    def _compare(self, capture, answer, path, problems):
        if capture is None:
            self.stats["null in capture (any value)"] += 1
            return
        if kind(capture) != kind(answer):
            problems.append("%s: the capture has %s (%r), the simulator %s (%r)"
                            % (path, kind(capture), _short(capture), kind(answer), _short(answer)))
            return
        self.stats["values"] += 1
        if isinstance(capture, dict):
            if generic_path(path) in self.maps:
                self._compare_map(capture, answer, path, problems)
            else:
                self._compare_object(capture, answer, path, problems)
        elif isinstance(capture, list):
            self._compare_array(capture, answer, path, problems)

    def _compare_object(self, capture, answer, path, problems):
        self.stats["objects"] += 1
        for key, value in capture.items():
            if key not in answer:
                problems.append("%s: key %r of the capture is missing" % (path, key))
                continue
            self.stats["keys"] += 1
            self._compare(value, answer[key], "%s.%s" % (path, key), problems)
        for key in answer:
            if key in capture:
                continue
            why = self.extra_ok(path, key) if self.is_partial(path) else None
            if why:
                self.allowed_extras.append((generic_path(path), key, why))
            else:
                problems.append("%s: key %r is not in the capture%s" % (
                    path, key, "" if self.is_partial(path) else " (the capture holds every key here)"))

    def _compare_map(self, capture, answer, path, problems):
        self.stats["maps"] += 1
        if not capture:
            self.stats["empty maps in capture (values not checkable)"] += 1
            return
        first = next(iter(capture.values()))
        for key, value in answer.items():
            if kind(key) != kind(next(iter(capture))):
                problems.append("%s: map key %r is %s, the capture's keys are %s"
                                % (path, key, kind(key), kind(next(iter(capture)))))
            self.stats["map entries"] += 1
            self._compare(capture.get(key, first), value, "%s[%r]" % (path, key), problems)

    def _compare_array(self, capture, answer, path, problems):
        self.stats["arrays"] += 1
        if not capture:
            self.stats["empty arrays in capture (elements not checkable)"] += 1
            return
        paired = set()
        pair_key = self.pair_by.get(generic_path(path))
        for index, element in enumerate(answer):
            element_path = "%s[%d]" % (path, index)
            if pair_key is not None:
                matches = [i for i, c in enumerate(capture)
                           if isinstance(c, dict) and isinstance(element, dict) and c.get(pair_key) == element.get(pair_key)]
                if not matches:
                    wanted = (element or {}).get(pair_key)
                    problems.append("%s: no capture element with %s %r" % (element_path, pair_key, wanted))
                    continue
                choice = matches[0]
            else:
                choice = min(range(len(capture)), key=lambda i: self._distance(capture[i], element))
            paired.add(choice)
            self.stats["array elements"] += 1
            self._compare(capture[choice], element, element_path, problems)
        covered = set(_signature(capture[i]) for i in paired)
        for index in range(len(capture)):
            if index not in paired and _signature(capture[index]) not in covered:
                problems.append("%s[%d]: this element of the capture has no counterpart in the simulator's answer"
                                % (path, index))

    @staticmethod
    def _distance(capture, answer):
        if isinstance(capture, dict) and isinstance(answer, dict):
            return len(set(capture) ^ set(answer))
        return 0 if kind(capture) == kind(answer) else 1


def _signature(value):
    """Elements of one array with equal keys and kinds are one shape: one counterpart covers them all."""
    if isinstance(value, dict):
        return frozenset((key, kind(item)) for key, item in value.items())
    return kind(value)


def _short(value):
    text = json.dumps(value)
    return value if len(text) <= 40 else text[:37] + "..."


def drift_to_26(value, iso_example="2024-03-26T06:45:25.392Z"):
    """A pre-2.6 capture as AMP 2.6 sends it (API.md 1.2 and quirk 20: ``/Date(ms)/`` -> ISO-8601,
    the ``AMPVersion`` object -> a version string). Only these two forms change."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "AMPVersion" and isinstance(item, dict):
                out[key] = "%(Major)d.%(Minor)d.%(Build)d.%(Revision)d" % item
            else:
                out[key] = drift_to_26(item, iso_example)
        return out
    if isinstance(value, list):
        return [drift_to_26(item, iso_example) for item in value]
    if isinstance(value, str) and LEGACY_DATE.match(value):
        return iso_example
    return value


# ---------------------------------------------------------------------------------------------- TypeSpec

PRIMITIVES = {
    "String": lambda v: isinstance(v, str),
    "Guid": lambda v: isinstance(v, str) and GUID.match(v) is not None,
    "Int32": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Int64": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
    # .NET float/double: the serializer writes a decimal point (ContainerCPUs 0.0 in the real GetInstances)
    "Float": lambda v: isinstance(v, float),
    "Single": lambda v: isinstance(v, float),
    "Double": lambda v: isinstance(v, float),
    "TimeSpan": lambda v: isinstance(v, str),
}
#: .NET reference types may be null; value types (numbers, booleans, GUIDs, enums, dates) may not.
NULLABLE = ("String", "Object", "Generic")
WRAPPERS = re.compile(r"^(List|IEnumerable|IList|ICollection|Dictionary|IDictionary|ActionResult|Nullable)<(.*)>$")


def split_arguments(text):
    """``"String, List<Int32>"`` -> ``["String", "List<Int32>"]`` (commas inside <> kept)."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


class TypeSpecChecker:
    """``check(type_name, value)`` -> problems. ``omittable``: {type: {field: evidence}} for fields a
    real answer leaves out although TypeSpec does not mark them optional; ``extra``: {type: {key:
    evidence}} for keys real answers have that TypeSpec lacks. ``dates``: "iso" (2.6) or "legacy"."""

    def __init__(self, types, omittable=None, extra=None, dates="iso"):
        self.types = types
        self.omittable = omittable or {}
        self.extra = extra or {}
        self.dates = dates
        self.stats = collections.Counter()
        self.types_seen = collections.Counter()
        self.fields_seen = set()
        self.used_evidence = set()

    def check(self, type_name, value, path="$"):
        problems = []
        self._check(type_name.strip(), value, path, problems)
        return problems

    def _check(self, type_name, value, path, problems):
        self.stats["values"] += 1
        if type_name.endswith("[]"):
            type_name = "List<%s>" % type_name[:-2]
        if type_name == "Void":  # a method without a value: AMP answers JSON null (framework.VOID_BODY)
            if value is not None:
                problems.append("%s: %s where a Void method's null is expected" % (path, _short(value)))
            return
        wrapper = WRAPPERS.match(type_name)
        if wrapper:
            self._check_wrapped(wrapper.group(1), split_arguments(wrapper.group(2)), value, path, problems)
            return
        if value is None:
            if type_name in NULLABLE or (type_name in self.types and not self._is_enum(type_name)):
                self.stats["nulls"] += 1
                return
            problems.append("%s: null where %s (a value type) is expected" % (path, type_name))
            return
        if type_name in ("Object", "JObject", "Generic"):
            return
        if type_name == "DateTime":
            pattern = ISO_DATE if self.dates == "iso" else LEGACY_DATE
            if not (isinstance(value, str) and pattern.match(value)):
                problems.append("%s: %r is not a %s DateTime" % (path, value, self.dates))
            return
        if type_name in PRIMITIVES:
            if not PRIMITIVES[type_name](value):
                problems.append("%s: %r is not a %s" % (path, _short(value), type_name))
            return
        spec = self.types.get(type_name)
        if spec is None:
            problems.append("%s: TypeSpec has no type %r" % (path, type_name))
            return
        self.types_seen[type_name] += 1
        if self._is_enum(type_name):
            allowed = sorted(f["Value"] for f in spec["Fields"])
            if not PRIMITIVES["Int32"](value) or value not in allowed:
                problems.append("%s: %r is not a value of enum %s %s" % (path, value, type_name, allowed))
            return
        self._check_object(type_name, spec, value, path, problems)

    def _is_enum(self, type_name):
        return self.types.get(type_name, {}).get("SpecialType") == "Enum"

    def _check_wrapped(self, wrapper, arguments, value, path, problems):
        if wrapper == "Nullable":
            if value is not None:
                self._check(arguments[0], value, path, problems)
            return
        if value is None:
            self.stats["nulls"] += 1  # a null list or dictionary: a .NET reference type
            return
        if wrapper in ("List", "IEnumerable", "IList", "ICollection"):
            if not isinstance(value, list):
                problems.append("%s: %s is not a JSON array" % (path, _short(value)))
                return
            for index, item in enumerate(value):
                self._check(arguments[0], item, "%s[%d]" % (path, index), problems)
            return
        if wrapper in ("Dictionary", "IDictionary"):
            if not isinstance(value, dict):
                problems.append("%s: %s is not a JSON object (a dictionary)" % (path, _short(value)))
                return
            for key, item in value.items():
                if arguments[0] == "Guid" and not GUID.match(key):
                    problems.append("%s: key %r is not a GUID" % (path, key))
                self._check(arguments[1], item, "%s[%r]" % (path, key), problems)
            return
        if wrapper == "ActionResult":
            self._check_object("ActionResult", self.types["ActionResult"], value, path, problems,
                               generic=arguments[0])

    def _check_object(self, type_name, spec, value, path, problems, generic=None):
        if not isinstance(value, dict):
            problems.append("%s: %s is not a JSON object (%s)" % (path, _short(value), type_name))
            return
        self.stats["objects"] += 1
        fields = dict((f["Name"], f) for f in spec["Fields"])
        for name, field in fields.items():
            if name not in value:
                evidence = self.omittable.get(type_name, {}).get(name)
                if field.get("Optional"):
                    continue
                if evidence:
                    self.used_evidence.add((type_name, name, evidence))
                    continue
                problems.append("%s: field %s.%s is missing" % (path, type_name, name))
                continue
            self.fields_seen.add((type_name, name))
            field_type = field["TypeName"]
            if field_type == "Generic":
                field_type = generic or "Object"
                if value.get("Status") is False and value[name] is None:
                    continue  # a failed ActionResult<T> carries "Result": null (API.md 1.4)
            self._check(field_type, value[name], "%s.%s" % (path, name), problems)
        for key in value:
            if key in fields:
                continue
            evidence = self.extra.get(type_name, {}).get(key)
            if evidence:
                self.used_evidence.add((type_name, key, evidence))
                continue
            problems.append("%s: key %r is not a field of %s" % (path, key, type_name))


def return_types():
    """(module, method) -> the return types AMP's spec gives: TypedAPISpec's concrete type first,
    then APISpec's declared one when they differ (SetBackupSticky: ActionResult vs Void, API.md 7)."""
    spec = load_json(SPEC_DIR / "APISpec.json")
    typed = load_json(SPEC_DIR / "TypedAPISpec.json")
    answer = {}
    for module, methods in spec.items():
        for name, entry in methods.items():
            names = [typed.get(module, {}).get(name, {}).get("ReturnTypeName") or entry["ReturnTypeName"]]
            if entry["ReturnTypeName"] not in names and "JObject" not in entry["ReturnTypeName"]:
                names.append(entry["ReturnTypeName"])
            answer[(module, name)] = names
    return answer


def collection_calls():
    """Every ``(module, method)`` the collection's AMP package calls (``x.call("Module", "Method", ...)``)."""
    found = set()
    for path in sorted(AMP_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "call"
                    and len(node.args) >= 2
                    and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2])):
                found.add((node.args[0].value, node.args[1].value))
    return found


__all__ = ["kind", "Comparison", "TypeSpecChecker", "drift_to_26", "return_types", "collection_calls", "load_json",
           "CAPTURE_DIR", "SPEC_DIR", "GUID", "generic_path"]
