# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP's own API description, loaded from tests/amp_spec/ (APISpec.json, ModuleInheritance.json, ...).

Everything the simulator knows about method names, parameter names, types and
which process exposes which module comes from these files; nothing is listed by
hand except the version drift table and the read-only method table below.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import Optional

#: tests/amp_spec: the spec files (MIT, see LICENSE-ampapi-spec.md there), shared with the client's conformance test.
SPEC_DIR = Path(__file__).resolve().parents[2] / "amp_spec"

GUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
INT32_RANGE = (-(2 ** 31), 2 ** 31 - 1)
INT64_RANGE = (-(2 ** 63), 2 ** 63 - 1)


@dataclasses.dataclass(frozen=True)
class Parameter:
    name: str
    type_name: str
    optional: bool
    enum_values: Optional[dict] = None
    description: str = ""

    def as_spec(self) -> dict:
        return {"Description": self.description, "Name": self.name, "Optional": self.optional,
                "ParamEnumValues": self.enum_values, "TypeName": self.type_name}


@dataclasses.dataclass(frozen=True)
class Method:
    module: str
    name: str
    parameters: tuple
    return_type: str
    description: Optional[str] = None
    returns: Optional[str] = None
    is_complex: bool = False

    @property
    def path(self) -> str:
        return "%s/%s" % (self.module, self.name)

    def parameter(self, name):
        for param in self.parameters:
            if param.name == name:
                return param
        return None

    def as_spec(self) -> dict:
        return {"Description": self.description, "Returns": self.returns,
                "Parameters": [p.as_spec() for p in self.parameters],
                "ReturnTypeName": self.return_type, "IsComplexType": self.is_complex}


def _read_json(name):
    with open(SPEC_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=None)
def default_version() -> str:
    """The AMP version the spec files were generated from (AMPVersion.txt)."""
    return (SPEC_DIR / "AMPVersion.txt").read_text(encoding="utf-8").strip()


@functools.lru_cache(maxsize=None)
def module_inheritance() -> dict:
    """Process kind ("ADS", "Minecraft", "GenericModule", ...) -> the API modules it exposes."""
    return {kind: tuple(modules) for kind, modules in _read_json("ModuleInheritance.json").items()}


@functools.lru_cache(maxsize=None)
def type_spec() -> dict:
    return _read_json("TypeSpec.json")


@functools.lru_cache(maxsize=None)
def _base_methods() -> dict:
    methods = {}
    for module, entries in _read_json("APISpec.json").items():
        for name, entry in entries.items():
            params = tuple(Parameter(p["Name"], p["TypeName"], bool(p["Optional"]), p.get("ParamEnumValues"),
                                     p.get("Description") or "") for p in entry["Parameters"])
            methods[(module, name)] = Method(module, name, params, entry["ReturnTypeName"], entry.get("Description"),
                                             entry.get("Returns"), bool(entry.get("IsComplexType")))
    return methods


@functools.lru_cache(maxsize=None)
def parse_version(text) -> tuple:
    parts = [int(p) for p in str(text).strip().split(".") if p.strip() != ""]
    return tuple((parts + [0, 0, 0, 0])[:4])


#: Spec drift after 2.6.0.4 (API.md §13 quirk 22; AMPAPI_Python's 2.6.2.0 spec sheets): optional
#: parameters a newer AMP accepts. A 2.6.0.4 simulator rejects them as unknown parameters.
VERSION_DRIFT = (
    ((2, 6, 2, 0), "ADSModule", "CreateInstance", (Parameter("Group", "String", True),)),
    ((2, 6, 2, 0), "LocalFileBackupPlugin", "TakeBackup",
     (Parameter("Local", "Boolean", True), Parameter("S3", "Boolean", True))),
    ((2, 6, 2, 0), "ADSModule", "UpdateInstanceInfo",
     (Parameter("DisplayGroup", "String", True), Parameter("CustomMountBindings", "Dictionary<String, String>", True),
      Parameter("ExtraContainerPackages", "List<String>", True), Parameter("IsMultiIPAware", "Boolean", True))),
)


@functools.lru_cache(maxsize=None)
def methods_for_version(version: str) -> dict:
    """(module, method) -> Method as the given AMP version exposes it (the spec plus the drift table)."""
    wanted = parse_version(version)
    methods = dict(_base_methods())
    for since, module, name, extra in VERSION_DRIFT:
        if wanted >= since and (module, name) in methods:
            method = methods[(module, name)]
            methods[(module, name)] = dataclasses.replace(method, parameters=method.parameters + extra)
    return methods


# ---------------------------------------------------------------------------------------------- read-only table

#: Methods that read or only touch the caller's own session; everything else counts as a write in
#: ``sim.writes()``. Rule: every ``Get*`` method, plus the names below (each is in APISpec.json; a
#: unit test checks that). Login/Logout change no panel state, so a converge that only logs in and
#: reads is a zero-write run.
READ_ONLY_EXTRA = frozenset({
    "Core/Login", "Core/Logout", "Core/CurrentSessionHasPermission", "Core/AsyncTest", "Core/RunSecurityCheck",
    "ADSModule/ManageInstance", "ADSModule/TestADSLoginDetails", "ADSModule/Servers",
    "FileManagerPlugin/ReadFileChunk", "FileManagerPlugin/CalculateFileMD5Sum", "FileManagerPlugin/Dummy",
    "MinecraftModule/LoadOPList", "MinecraftModule/BukGetCategories", "MinecraftModule/BukGetInstalledPlugins",
    "MinecraftModule/BukGetPluginInfo", "MinecraftModule/BukGetPluginsForCategory",
    "MinecraftModule/BukGetPopularPlugins", "MinecraftModule/BukGetSearch", "RCONPlugin/Dummy",
    "EmailSenderPlugin/TestSMTPSettings",
})


def is_read_only(module: str, method: str) -> bool:
    """True for a call that changes no panel state (see READ_ONLY_EXTRA); unknown methods are reads."""
    if method.startswith("Get"):
        return True
    if "%s/%s" % (module, method) in READ_ONLY_EXTRA:
        return True
    return (module, method) not in _base_methods()


# ---------------------------------------------------------------------------------------------- value checks

def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_value(param: Parameter, value) -> Optional[str]:
    """None when ``value`` is a valid JSON encoding of ``param``'s type (API.md §1.2), else what is wrong."""
    type_name = param.type_name
    # §13 quirk 19: enums travel as integers and only the values this version's spec lists are valid
    # (PostCreate is 0-5 in 2.6.0.4; WHMCS's older 0/10/20/30 are refused).
    if param.enum_values:
        allowed = sorted(param.enum_values.values())
        if not _is_int(value) or value not in allowed:
            return "expected one of %s (%s)" % (allowed, type_name)
        return None
    if type_name.startswith("Nullable<"):
        if value is None:
            return None
        return check_value(dataclasses.replace(param, type_name=type_name[len("Nullable<"):-1]), value)
    checks = {
        "String": lambda v: isinstance(v, str),
        "Uri": lambda v: isinstance(v, str),
        "IPAddress": lambda v: isinstance(v, str),
        "Guid": lambda v: isinstance(v, str) and GUID_PATTERN.match(v) is not None,
        "Boolean": lambda v: isinstance(v, bool),
        "Int32": lambda v: _is_int(v) and INT32_RANGE[0] <= v <= INT32_RANGE[1],
        "Int64": lambda v: _is_int(v) and INT64_RANGE[0] <= v <= INT64_RANGE[1],
        "Single": _is_number,
        "DateTime": lambda v: isinstance(v, str),
        "Int32[]": lambda v: isinstance(v, list) and all(_is_int(x) for x in v),
        "String[]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "List<String>": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "Dictionary<String, String>": lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
        "Dictionary<String, Int32>": lambda v: isinstance(v, dict) and all(_is_int(x) for x in v.values()),
    }
    check = checks.get(type_name)
    if check is None:  # complex types (JObject, InstanceDatastore, ...): an object
        return None if isinstance(value, dict) else "expected a JSON object (%s)" % type_name
    if check(value):
        return None
    hints = {
        "Guid": "a GUID string like 00000000-0000-0000-0000-000000000000",
        "Dictionary<String, String>": "a JSON object whose values are all strings",
        "Dictionary<String, Int32>": "a JSON object whose values are all integers",
        "Int32[]": "a JSON array of integers",
    }
    return "expected %s" % hints.get(type_name, type_name)


__all__ = ["SPEC_DIR", "Parameter", "Method", "default_version", "module_inheritance", "type_spec", "parse_version",
           "methods_for_version", "is_read_only", "READ_ONLY_EXTRA", "check_value", "GUID_PATTERN", "VERSION_DRIFT"]
