# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every real AMP capture in tests/amp_spec/captures replayed against the AMP simulator.

* Answers (the three method files and the answer fragments of fragments.json): the simulator is
  brought to the state the capture shows, asked the same call, and its answer must have the
  capture's shape (amp_shapes.Comparison: keys, JSON kinds, GUID and date forms). A pre-2.6 capture
  is replayed twice: against a simulator of the version it came from, and against 2.6.0.4 after the
  drift API.md documents (ISO dates, ``AMPVersion`` as a string; TypeSpec 2.6.0.4 fields the old
  answer lacks may be added).
* Requests (requests.json): each real body, placeholders filled with values of the same type, is
  sent as the client sent it (headers too). Whatever AMP 2.6.0.4's APISpec says of the body
  (accepted, or the parameter it refuses) the simulator must say too, and an accepted call's answer
  must have the method's TypeSpec return type.

Each test records what it checked (``evidence`` in the terminal summary of ``make test``).
"""
from __future__ import annotations

import json
import re

import pytest

from tests.simulators.amp import AMPSimulator
from tests.simulators.amp.spec import parse_version
from tests.unit.simulators.amp_helpers import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USERNAME, Amp, interval
from tests.unit.simulators.amp_shapes import (
    CAPTURE_DIR, SPEC_DIR, Comparison, TypeSpecChecker, drift_to_26, load_json, return_types,
)

TYPES = load_json(SPEC_DIR / "TypeSpec.json")
APISPEC = load_json(SPEC_DIR / "APISpec.json")
LATEST = "2.6.0.4"
FRAGMENTS = dict((f["name"], f) for f in load_json(CAPTURE_DIR / "fragments.json")["fragments"])
REQUESTS = load_json(CAPTURE_DIR / "requests.json")["requests"]
#: The AvailableTriggers id of "A player sends a chat message" on the instance the chat-link bot ran against.
CAPTURED_CHAT_TRIGGER = "dbc16e38-6bbf-4cea-a936-e395cfa66f46"

#: Fragments that are not an answer of an AMP API call, with the reason they are not replayed.
NOT_REPLAYED = {
    "DeployTemplate completion callback (POSTed by AMP to the configured 'Template deployment callback URL')":
        "a request AMP itself sends to a third party's URL after ADSModule/DeployTemplate; the simulator does not "
        "simulate DeployTemplate (README, 'Not simulated') and sends nothing to other hosts",
}


def started(version):
    sim = AMPSimulator(version=version)
    sim.start()
    return sim


@pytest.fixture(name="simulators")
def fixture_simulators():
    made = []

    def make(version):
        made.append(started(version))
        return made[-1]
    yield make
    for sim in made:
        sim.stop()


def typespec_extras(types_at):
    """``extra_ok`` for Comparison: an answer key the capture lacks is allowed when it is a field of the
    TypeSpec type at that place (``types_at``: generic path -> type name)."""
    def extra_ok(path, key):
        type_name = types_at.get(re.sub(r"\[(\d+|'[^']*')\]", "[*]", path))
        if type_name and key in [f["Name"] for f in TYPES[type_name]["Fields"]]:
            return "a TypeSpec %s field" % type_name
        return None
    return extra_ok


def replay(record_property, name, capture, answer_for, versions, capture_version, partial=(), types_at=None,
           **options):
    """Compare ``answer_for(sim)`` with ``capture`` on a simulator of each version; record the counts."""
    summary = []
    for version in versions:
        sim_capture = capture
        run_partial = set(partial)
        if parse_version(version) >= (2, 6, 0, 0) > parse_version(capture_version):
            sim_capture = drift_to_26(capture)
            run_partial.add("*")  # 2.6.0.4 may add its TypeSpec fields to what the old answer had
        comparison = Comparison(partial=run_partial, extra_ok=typespec_extras(types_at or {}), **options)
        answer = answer_for(version)
        problems = comparison.run(sim_capture, answer)
        assert problems == [], "%s at AMP %s:\n  %s" % (name, version, "\n  ".join(problems))
        stats = comparison.stats
        summary.append("AMP %s: %d values, %d keys, %d array elements, %d map entries%s" % (
            version, stats["values"], stats["keys"], stats["array elements"], stats["map entries"],
            "; allowed additions: %s" % sorted(set("%s.%s" % (p, k) for p, k, _w in comparison.allowed_extras))
            if comparison.allowed_extras else ""))
    record_property("evidence", "%s -- %s" % (name, " | ".join(summary)))


# ---------------------------------------------------------------------------------------------- the method files

def test_get_instances_has_the_shape_of_the_real_answer(simulators, record_property):
    captured = load_json(CAPTURE_DIR / "ADSModule.GetInstances.json")

    def answer(version):
        sim = simulators(version)
        # the capture's instances: the ADS, a Minecraft proxy in a container, a Generic (Geyser) one
        sim.add_instance("Proxy01", friendly_name="Primary Proxy", description="", is_container=True,
                         display_image="internal:MinecraftJava", app_state=20)
        sim.add_instance("Geyser01", module="GenericModule", friendly_name="Geyser", description="", is_container=True,
                         display_image="internal:Generic", settings={"GenericModule.Meta.DisplayName": "Geyser"})
        return Amp(sim).call("ADSModule/GetInstances")

    replay(record_property, "ADSModule.GetInstances.json", captured["response"], answer, ("2.5.1.2", LATEST),
           "2.5.1.2", maps=("$[*].AvailableInstances[*].Metrics", "$[*].AvailableInstances[*].DeploymentArgs"),
           pair_by={"$[*].AvailableInstances": "InstanceName"},
           types_at={"$[*]": "IADSInstance", "$[*].AvailableInstances[*]": "InstanceSummary"})


def test_get_time_interval_trigger_has_the_shape_of_the_real_answer(simulators, record_property):
    captured = load_json(CAPTURE_DIR / "Core.GetTimeIntervalTrigger.json")

    def answer(version):
        sim = simulators(version)
        amp = Amp(sim)
        instance = sim.add_instance("Mc01")
        amp.call("Core/AddIntervalTrigger", instance.id,
                 **interval(minutes=range(0, 60, 5), hours=range(24), description="Every 5 minutes"))
        trigger = amp.call("Core/GetScheduleData", instance.id)["PopulatedTriggers"][0]
        amp.call("Core/AddTask", instance.id, TriggerID=trigger["Id"], MethodID="Event.MinecraftModule.SendConsole",
                 ParameterMapping={"Input": ""})
        return amp.call("Core/GetTimeIntervalTrigger", instance.id, Id=trigger["Id"])

    # reassembled from a wrapper's dataclass fields: keys TypeSpec has may be missing from the capture
    replay(record_property, "Core.GetTimeIntervalTrigger.json", captured["response"], answer, ("2.5.0.0", LATEST),
           "2.5.0.0", maps=("$.Tasks",), partial=("$", "$.Tasks[*]"),
           types_at={"$": "TimeIntervalTrigger", "$.Tasks[*]": "ScheduleEntryDefinition"})


def test_get_backups_has_the_shape_of_the_real_answer(simulators, record_property):
    captured = load_json(CAPTURE_DIR / "LocalFileBackupPlugin.GetBackups.json")

    def answer(version):
        sim = simulators(version)
        amp = Amp(sim)
        instance = sim.add_instance("Mc01")
        amp.call("LocalFileBackupPlugin/TakeBackup", instance.id, Title="TestBU", Description="", Sticky=True)
        return amp.call("LocalFileBackupPlugin/GetBackups", instance.id)

    # "Not captured (present in TypeSpec BackupManifest): HashSHA1, META, RemoteStoreId" (the file's notes)
    replay(record_property, "LocalFileBackupPlugin.GetBackups.json", captured["response"], answer,
           ("2.5.0.0", LATEST), "2.5.0.0", partial=("$[*]",), types_at={"$[*]": "BackupManifest"})


# ---------------------------------------------------------------------------------------------- fragments.json

def test_failed_login_has_the_shape_of_the_real_answer(simulators, record_property):
    fragment = FRAGMENTS["Core/Login failure (old AMP, pre-2.3)"]

    def answer(version):
        return Amp(simulators(version)).post("Core/Login", username=DEFAULT_ADMIN_USERNAME, password="wrong",
                                             token="", rememberMe=False)

    replay(record_property, "fragments: " + fragment["name"], fragment["body"], answer, (LATEST,), "2.2")


@pytest.mark.parametrize("title", ["Unauthorized Access", "Instance Unavailable"])
def test_error_responses_have_the_shape_of_the_real_answers(simulators, record_property, title):
    fragment = [f for f in FRAGMENTS.values() if f["body"].get("Title") == title][0]

    def answer(version):
        sim = simulators(version)
        amp = Amp(sim)
        if title == "Unauthorized Access":
            return amp.post("Core/GetRoleData", SESSIONID="00000000-0000-0000-0000-000000000000")
        stopped = sim.add_instance("Stopped01", running=False)
        return amp.post("Core/GetStatus", stopped.id, SESSIONID="any")

    replay(record_property, "fragments: " + fragment["name"], fragment["body"], answer, (LATEST,), LATEST)


def test_player_list_has_the_shape_of_the_real_answer(simulators, record_property):
    fragment = FRAGMENTS["Core/GetUserList (players currently in the game, not AMP users)"]

    def answer(version):
        sim = simulators(version)
        instance = sim.add_instance("Mc01", app_state=20)
        instance.players.update({"0b5c7ea5-2d59-4c1e-8f3a-3e9a3b7c1d20": "alice", "5d0c1e3f-0a4b-4f7d-9c2e-1b2a3c4d5e6f": "bob"})
        return Amp(sim).call("Core/GetUserList", instance.id)

    replay(record_property, "fragments: " + fragment["name"], fragment["body"], answer, (LATEST,), LATEST,
           maps=("$",))


def test_console_entries_have_the_shape_of_the_real_answer(simulators, record_property):
    fragment = FRAGMENTS["Core/GetUpdates ConsoleEntries item (old format)"]

    def answer(version):
        sim = simulators(version)
        instance = sim.add_instance("Mc01", app_state=20)
        sim.add_console_line("Mc01", "Done (3.2s)! For help, type \"help\"")
        return Amp(sim).call("Core/GetUpdates", instance.id)

    replay(record_property, "fragments: " + fragment["name"], fragment["body"], answer, ("2.5.0.0", LATEST),
           "2.3", partial=("$", "$.ConsoleEntries[*]"),
           types_at={"$": "UpdateResponse", "$.ConsoleEntries[*]": "ConsoleEntry"})


def test_module_info_has_the_shape_of_the_real_answer(simulators, record_property):
    """The real ModuleInfo holds only some of ModuleInfo's keys, but its ``Branding`` is whole: 14 keys,
    as TypeSpec's BrandingSettings."""
    fragment = FRAGMENTS["Core/GetModuleInfo on an ADS (partial)"]
    assert len(fragment["body"]["Branding"]) == 14 == len(TYPES["BrandingSettings"]["Fields"])

    def answer(version):
        return Amp(simulators(version)).call("Core/GetModuleInfo")

    replay(record_property, "fragments: " + fragment["name"], fragment["body"], answer, ("2.5.0.0", LATEST),
           "2.5.0.0", partial=("$",), types_at={"$": "ModuleInfo"})


def test_generic_instance_summary_has_the_shape_of_the_real_answer(simulators, record_property):
    fragment = FRAGMENTS["InstanceSummary fields of a Generic (Terraria) instance (partial)"]

    def answer(version):
        sim = simulators(version)
        sim.add_instance("VMTerraria01", module="GenericModule", friendly_name="VM Terraria", display_image="steam:105600",
                         settings={"GenericModule.Meta.DisplayName": "Terraria"})
        targets = Amp(sim).call("ADSModule/GetInstances")
        return [i for i in targets[0]["AvailableInstances"] if i["InstanceName"] == "VMTerraria01"][0]

    replay(record_property, "fragments: " + fragment["name"], fragment["body"], answer, (LATEST,), LATEST,
           partial=("$",), maps=("$.DeploymentArgs",), types_at={"$": "InstanceSummary"})


def test_every_fragment_is_replayed_or_has_a_reason():
    replayed = {
        "Core/Login failure (old AMP, pre-2.3)", "ErrorResponse for a missing/expired/unauthorised session",
        "ErrorResponse when the proxied instance is not running",
        "Core/GetUserList (players currently in the game, not AMP users)",
        "Core/GetUpdates ConsoleEntries item (old format)", "Core/GetModuleInfo on an ADS (partial)",
        "InstanceSummary fields of a Generic (Terraria) instance (partial)",
    }
    assert set(FRAGMENTS) == replayed | set(NOT_REPLAYED)
    assert sorted(p.name for p in CAPTURE_DIR.glob("*.json")) == [
        "ADSModule.GetInstances.json", "Core.GetTimeIntervalTrigger.json", "LocalFileBackupPlugin.GetBackups.json",
        "fragments.json", "requests.json"]


# ---------------------------------------------------------------------------------------------- requests.json

def spec_verdict(call, body):
    """What AMP 2.6.0.4's APISpec says of ``body``: the set of parameter problems (empty: accepted).
    Written from APISpec.json alone (exact names, required, JSON types, enum values), not from the
    simulator's own checks."""
    module, method = call.split("/")
    params = dict((p["Name"], p) for p in APISPEC[module][method]["Parameters"])
    problems = set()
    for name, value in body.items():
        if name == "SESSIONID":
            continue
        if name not in params:
            problems.add("Unknown parameter " + name)
            continue
        param = params[name]
        if param["ParamEnumValues"] and value not in param["ParamEnumValues"].values():
            problems.add("Invalid parameter " + name)
    for name, param in params.items():
        if not param["Optional"] and name not in body:
            problems.add("Missing parameter " + name)
    return problems


class RequestReplay:
    """The state a request capture needs, and the values its ``<placeholders>`` stand for."""

    def __init__(self, sim):
        self.sim = sim
        self.amp = Amp(sim)
        self.secret = sim.enable_totp(DEFAULT_ADMIN_USERNAME)
        self.instance = sim.add_instance("Survival01", app_state=20)
        self.doomed = sim.add_instance("Doomed01")
        sim.add_user("alice", "alice-password")
        self.remembered = None
        self.values = {}

    def login(self, instance=None):
        code = self.sim.totp_code(DEFAULT_ADMIN_USERNAME)
        reply = self.amp.post("Core/Login", instance, username=DEFAULT_ADMIN_USERNAME, password=DEFAULT_ADMIN_PASSWORD,
                              token=code, rememberMe=True)
        assert reply["success"], reply
        return reply

    def prepare(self):
        ads = self.login()
        self.remembered = ads["rememberMeToken"]
        instance_session = self.login(self.instance.id)["sessionID"]
        summary = [i for i in self.amp.call("ADSModule/GetInstances", session=ads["sessionID"])[0]["AvailableInstances"]
                   if i["InstanceName"] == "Survival01"][0]
        schedule = self.amp.call("Core/GetScheduleData", self.instance.id, session=instance_session)
        chat = [t for t in schedule["AvailableTriggers"] if t["Description"] == "A player sends a chat message"][0]
        self.values = {
            "<user>": DEFAULT_ADMIN_USERNAME, "<password>": DEFAULT_ADMIN_PASSWORD, "<username>": "alice",
            "<6-digit TOTP>": lambda: self.sim.totp_code(DEFAULT_ADMIN_USERNAME),
            "<rememberMeToken from an earlier login>": self.remembered,
            "<session>": ads["sessionID"], "<instance session>": instance_session, "<s>": instance_session,
            "<order id>": "order-42", "<setting node>": "MinecraftModule.Minecraft.PortNumber", "<value>": "25570",
            "<instance GUID (WHMCS passes the InstanceId here)>": self.instance.id,
            "<instance GUID>": self.doomed.id, "<InstanceID>": self.instance.id, "<new name>": "Survival World",
            "<desc>": "", "<name>": "nightly", "<text>": "before the update",
            "<task Id>": lambda: self._task_id(chat["Id"], instance_session),
            "<chat trigger>": chat["Id"],
        }
        for key, value in summary.items():  # "<InstanceSummary.DaemonAutostart>" and the short "<Suspended>" form
            self.values["<InstanceSummary.%s>" % key] = value
            self.values["<%s>" % key] = value

    def _task_id(self, trigger_id, session):
        triggers = self.amp.call("Core/GetScheduleData", self.instance.id, session=session)["PopulatedTriggers"]
        return [t for t in triggers if t["Id"] == trigger_id][0]["Tasks"][0]["Id"]

    def fill(self, value):
        if value == CAPTURED_CHAT_TRIGGER:  # that instance's id of the event: here this instance's (quirk 15)
            return self.values["<chat trigger>"]
        if isinstance(value, dict):
            return dict((k, self.fill(v)) for k, v in value.items())
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, str) and re.fullmatch(r"<[^<>]+>", value):
            assert value in self.values, "no value for the placeholder %s: add one to RequestReplay" % value
            found = self.values[value]
            return found() if callable(found) else found
        if isinstance(value, str):  # placeholders inside a longer string: any text keeps it a string
            return re.sub(r"<[^<>]+>", "x", value)
        return value


def test_real_request_bodies_get_the_answer_the_spec_gives(simulators, record_property):
    sim = simulators(LATEST)
    replayer = RequestReplay(sim)
    replayer.prepare()
    checker = TypeSpecChecker(TYPES)
    returns = return_types()
    outcomes = []
    for entry in REQUESTS:
        call = entry["call"].split(" ")[0]
        bodies = entry["body"] if isinstance(entry["body"], list) else [entry["body"]]
        calls = ["Core/DeleteTask", "Core/DeleteTrigger"] if call == "Core/DeleteTask" else [call] * len(bodies)
        instance = replayer.instance.id if ("/API/ADSModule/Servers/" in entry["call"] or "instance session" in
                                            json.dumps(entry["body"]) or call.startswith("LocalFile")) else None
        if entry["source"].startswith("same file"):  # the chat-link bot's calls all go through the proxy
            instance = replayer.instance.id
        for one_call, raw_body in zip(calls, bodies):
            # a two-factor or remember-me login is the admin's (2FA on); the plain one is alice's
            two_factor = raw_body.get("token", "") != "" if one_call == "Core/Login" else True
            replayer.values["<user>"] = DEFAULT_ADMIN_USERNAME if two_factor else "alice"
            replayer.values["<password>"] = DEFAULT_ADMIN_PASSWORD if two_factor else "alice-password"
            body = replayer.fill(raw_body)
            headers = dict(entry.get("headers") or {})
            headers.pop("Content-Type", None)
            response = replayer.amp.raw(one_call, instance, headers=headers, **body)
            assert response.status_code == 200, (one_call, response.status_code, response.text)
            answer = response.json()
            expected = spec_verdict(one_call, body)
            refused = isinstance(answer, dict) and str(answer.get("Title", "")).split(" parameter ", 1)[0] in (
                "Unknown", "Missing", "Invalid")
            if expected:
                assert refused and answer["Title"] in expected, (one_call, expected, answer)
                outcomes.append("%s refused as the spec says (%s)" % (one_call, answer["Title"]))
                continue
            assert not refused, (one_call, answer, sim.requests[-1].note)
            assert not (isinstance(answer, dict) and (answer.get("Status") is False or answer.get("success") is False
                                                      or "StackTrace" in answer)), (one_call, body, answer, sim.requests[-1].note)
            type_names = returns[tuple(one_call.split("/"))]
            problems = [checker.check(t, answer) for t in type_names]
            assert [] in problems, (one_call, type_names, problems)
            outcomes.append("%s accepted, answer is a %s" % (one_call, type_names[problems.index([])]))
    assert len(outcomes) == sum(len(e["body"]) if isinstance(e["body"], list) else 1 for e in REQUESTS) == 14
    record_property("evidence", "requests.json: %d real bodies -- %s" % (len(outcomes), "; ".join(outcomes)))
