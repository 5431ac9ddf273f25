# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every call the AMP client can make, checked against AMP's own API description (tests/amp_spec/APISpec.json).

Two checks, both from the client's source, so a call cannot slip past them:

* statically, every ``<x>.call("Module", "Method", Name=...)`` in the AMP package: the module and
  the method exist, every keyword is a parameter of that method, every required parameter is passed;
* dynamically, every client method that holds such a call is run against a recording transport, and
  each body it sends is checked against the parameter types (GUID strings, integers that are not
  booleans, string-valued dictionaries, enum values, nullable booleans ...). The static list and the
  calls that were run must be the same, so a new call without a sample fails here.

A deliberately broken copy of the client (one parameter name changed, one type changed) shows that
both checks fail when the client drifts from the spec.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import re
import sys
from pathlib import Path

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.amp import client as amp_client, session as amp_session

REPO = Path(__file__).resolve().parents[5]
SPEC_DIR = REPO / "tests" / "amp_spec"
AMP_PACKAGE = REPO / "plugins" / "module_utils" / "amp"
CLIENT_SOURCE = AMP_PACKAGE / "client.py"
#: the client's calls, and its session's (the login)
CLIENT_SOURCES = (CLIENT_SOURCE, AMP_PACKAGE / "session.py")
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SAMPLE_GUID = "3f9a1c2e-5b7d-4e0a-9c1f-2a3b4c5d6e7f"
#: sent with every call but Login; not a parameter of any method
SESSION_KEY = "SESSIONID"


def load_spec():
    return json.loads((SPEC_DIR / "APISpec.json").read_text())


SPEC = load_spec()


# -- static: the calls written in the source ----------------------------------------------------

def calls_in_source(source, filename="<client>"):
    """``[(module, method, [keyword names], line, enclosing function)]`` of every literal ``.call(...)``."""
    tree = ast.parse(source, filename)
    found = []

    def visit(node, function=None):
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr == "call":
                args = child.args
                if len(args) >= 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:2]):
                    keywords = [k.arg for k in child.keywords]
                    found.append((args[0].value, args[1].value, keywords, child.lineno, name))
            visit(child, name)

    visit(tree)
    return found


def static_problems(calls, spec=SPEC):
    problems = []
    for module, method, keywords, line, _function in calls:
        where = "line %d: %s/%s" % (line, module, method)
        if module not in spec:
            problems.append("%s: no API module %r" % (where, module))
            continue
        if method not in spec[module]:
            problems.append("%s: %s has no method %r" % (where, module, method))
            continue
        if None in keywords:
            problems.append("%s: parameters must be passed by name, not with **" % where)
        params = dict((p["Name"], p) for p in spec[module][method]["Parameters"])
        for keyword in keywords:
            if keyword is not None and keyword not in params:
                problems.append("%s: %r is not a parameter (parameters: %s)" % (where, keyword, ", ".join(params)))
        for name, param in params.items():
            if not param["Optional"] and name not in keywords:
                problems.append("%s: required parameter %r is not passed" % (where, name))
    return problems


# -- dynamic: the bodies the client really sends ------------------------------------------------

def type_problem(type_name, value, enum_values=None):
    """Why ``value`` cannot be sent as ``type_name`` (AMP's JSON encoding, API.md 1.2), or None."""
    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool)

    if enum_values:
        return None if is_int(value) and value in enum_values.values() else "not one of %s" % enum_values
    checks = {
        "Guid": lambda v: isinstance(v, str) and GUID.match(v),
        "String": lambda v: isinstance(v, str),
        "Int32": is_int,
        "Int64": is_int,
        "Single": lambda v: is_int(v) or isinstance(v, float),
        "Boolean": lambda v: isinstance(v, bool),
        "Nullable<Boolean>": lambda v: v is None or isinstance(v, bool),
        "Int32[]": lambda v: isinstance(v, list) and all(is_int(x) for x in v),
        "String[]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "List<String>": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "Dictionary<String, String>": lambda v: isinstance(v, dict) and all(
            isinstance(k, str) and isinstance(x, str) for k, x in v.items()),
        "Dictionary<String, Int32>": lambda v: isinstance(v, dict) and all(
            isinstance(k, str) and is_int(x) for k, x in v.items()),
    }
    if type_name not in checks:
        return "type %s has no check here; add one" % type_name
    return None if checks[type_name](value) else "%r is not a %s" % (value, type_name)


def body_problems(module, method, body, spec=SPEC):
    problems = []
    params = dict((p["Name"], p) for p in spec[module][method]["Parameters"])
    for name, value in body.items():
        if name == SESSION_KEY:
            continue
        if name not in params:
            problems.append("%s/%s: sent %r, which is not a parameter" % (module, method, name))
            continue
        why = type_problem(params[name]["TypeName"], value, params[name]["ParamEnumValues"])
        if why:
            problems.append("%s/%s: %s %s" % (module, method, name, why))
    for name, param in params.items():
        if not param["Optional"] and name not in body:
            problems.append("%s/%s: required parameter %r not sent" % (module, method, name))
    return problems


class RecordingTransport:
    """Stands in for the Transport: records each request and answers like a successful AMP."""

    def __init__(self, transport):
        self.base_url = transport.base_url
        self.redact = transport.redact
        self.add_secret = transport.add_secret
        self.sent = []

    def request(self, method, path, json_body=None, headers=None, idempotent=None, params=None):
        module, name = path.rsplit("/", 2)[-2:]
        self.sent.append((module, name, dict(json_body or {}), headers, idempotent))
        if (module, name) == ("Core", "Login"):
            return {"success": True, "result": 10, "sessionID": SAMPLE_GUID, "rememberMeToken": ""}
        return {"Status": True, "Reason": "", "Result": SAMPLE_GUID}


SUMMARY = {"InstanceID": SAMPLE_GUID, "InstanceName": "Survival01", "Module": "Minecraft", "Running": True,
           "FriendlyName": "Survival", "Description": "", "DaemonAutostart": True, "Suspended": False,
           "ExcludeFromFirewall": False, "IsContainerInstance": False, "ContainerMemoryMB": 0, "ContainerSwapMB": 0,
           "ContainerMemoryPolicy": 0, "ContainerCPUs": 0.0}

# sample values by the Python parameter's name (one place; a new parameter name needs a sample here)
SAMPLES = {
    "info": amp_client.instance_info(SUMMARY, FriendlyName="Survival World"),
    "months": [0, 11], "days": [0, 6], "hours": [4], "minutes": [0, 30], "days_of_month": [1, 15],
    "nodes": ["MinecraftModule.Game.MOTD"],
    "parameters": {"Seconds": 60, "Flag": True},
    "provision_settings": {"MinecraftModule.Minecraft.PortNumber": 25565},
    "port_mappings": {"MinecraftModule.Minecraft.PortNumber": "25566"},
    "port": "8081", "new_order": 1, "post_create": 0,
    "enabled": None, "sticky": True, "suspended": True, "is_member": True, "disabled": False,
    "password_expires": False, "cannot_change_password": False, "must_change_password": True,
    "auto_start": True, "delete_existing_data": True,
    "email": "alice@example.com", "value": 5,
    "offset": 0, "size": 1048576, "final": True, "data": b"motd=hello\n",
}


def sample(name):
    if name in SAMPLES:
        return SAMPLES[name]
    if name.endswith("_id"):
        return SAMPLE_GUID
    return "sample %s" % name


def run_every_call(client_module):
    """Call every client method that holds a ``.call(...)``; return [(module, method, body)] sent."""
    client = client_module.AMPClient("http://127.0.0.1:1", "admin", "secret-password")
    recorder = RecordingTransport(client.transport)
    client.transport = recorder
    client.process.transport = recorder
    instance = client.instance(SUMMARY, {"IsRemote": False})
    source = Path(inspect.getsourcefile(client_module)).read_text()
    functions = set(call[4] for call in calls_in_source(source))
    ran = set()
    for owner in (client, instance):
        for name, method in inspect.getmembers(owner, inspect.ismethod):
            if name not in functions or name in ran:
                continue
            arguments = [sample(p) for p in inspect.signature(method).parameters
                         if inspect.signature(method).parameters[p].default is inspect.Parameter.empty]
            method(*arguments)
            ran.add(name)
    ran.update(f for f in ("login", "_login") if f in functions)  # made by the first call above
    missing = functions - ran
    assert not missing, "client functions with AMP calls that this test did not run: %s" % sorted(missing)
    return recorder.sent


def test_every_call_in_the_amp_package_names_a_spec_method_and_its_parameters():
    calls = []
    for path in sorted(AMP_PACKAGE.glob("*.py")):
        calls.extend(calls_in_source(path.read_text(), str(path)))
    assert len(calls) >= 40  # the whole client, not an empty scan
    assert static_problems(calls) == []
    # only the client talks to AMP: adapters go through its methods
    assert set(c[4] for c in calls) and all(
        (c[0], c[1]) in [(x[0], x[1]) for x in client_calls()] for c in calls)


def test_every_body_the_client_sends_has_the_spec_types():
    sent = run_every_call(amp_client)
    problems = []
    for module, method, body, _headers, _idempotent in sent:
        problems.extend(body_problems(module, method, body))
    assert problems == []
    # every call written in the source was made
    written = set((c[0], c[1]) for c in client_calls())
    assert written == set((m, n) for m, n, _b, _h, _i in sent)


def test_sessions_and_reads_are_sent_as_amp_expects():
    sent = run_every_call(amp_client)
    login = [s for s in sent if s[:2] == ("Core", "Login")]
    assert login[0][2] == {"username": "admin", "password": "secret-password", "token": "", "rememberMe": False}
    assert SESSION_KEY not in login[0][2] and login[0][3] is None
    for module, method, body, headers, idempotent in sent:
        if (module, method) == ("Core", "Login"):
            continue
        # the body field for AMP before 2.6.2.8, the Bearer header from 2.6.2.8 on
        assert body[SESSION_KEY] == SAMPLE_GUID and headers == {"Authorization": "Bearer " + SAMPLE_GUID}
        # reads (POSTs too) are marked safe to retry; writes never are
        assert idempotent is (method.startswith("Get") or method == "ReadFileChunk"), (module, method)


def test_the_process_module_table_is_amp_s_module_inheritance():
    inheritance = json.loads((SPEC_DIR / "ModuleInheritance.json").read_text())
    assert dict((k, tuple(v)) for k, v in inheritance.items()) == amp_session.PROCESS_MODULES


def client_calls():
    """Every call written in the client and its session."""
    return [call for path in CLIENT_SOURCES for call in calls_in_source(path.read_text(), str(path))]


def broken_copy(tmp_path, old, new):
    """The client with ``old`` replaced by ``new`` (exactly once), importable as its own module."""
    source = CLIENT_SOURCE.read_text()
    assert source.count(old) == 1, old
    path = tmp_path / "broken_amp_client.py"
    path.write_text(source.replace(old, new))
    spec = importlib.util.spec_from_file_location("broken_amp_client", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["broken_amp_client"] = module
    spec.loader.exec_module(module)
    return path, module


@pytest.fixture
def cleanup_broken():
    yield
    sys.modules.pop("broken_amp_client", None)


def test_a_renamed_parameter_in_the_client_fails_both_checks(tmp_path, cleanup_broken):
    path, module = broken_copy(tmp_path, "RoleId=role_id, PermissionNode=node", "RoleId=role_id, PermissionName=node")
    problems = static_problems(calls_in_source(path.read_text()))
    assert any("'PermissionName' is not a parameter" in p for p in problems), problems
    assert any("required parameter 'PermissionNode' is not passed" in p for p in problems), problems
    sent = run_every_call(module)
    body_errors = [p for m, n, b, _h, _i in sent for p in body_problems(m, n, b)]
    assert body_errors == ["Core/SetAMPRolePermission: sent 'PermissionName', which is not a parameter",
                           "Core/SetAMPRolePermission: required parameter 'PermissionNode' not sent"]


def test_a_wrong_type_or_method_in_the_client_fails(tmp_path, cleanup_broken):
    _path, module = broken_copy(tmp_path, "Id=trigger_id, Enabled=bool(enabled)", "Id=trigger_id, Enabled=str(enabled)")
    sent = run_every_call(module)
    assert [p for m, n, b, _h, _i in sent for p in body_problems(m, n, b)] == [
        "Core/SetTriggerEnabled: Enabled 'None' is not a Boolean"]
    path, _module = broken_copy(tmp_path, '"Core", "GetTimeIntervalTrigger"', '"Core", "GetTimeIntervalTriggers"')
    assert static_problems(calls_in_source(path.read_text())) == [
        "line %d: Core/GetTimeIntervalTriggers: Core has no method 'GetTimeIntervalTriggers'" % [
            c[3] for c in calls_in_source(path.read_text()) if c[1] == "GetTimeIntervalTriggers"][0]]
