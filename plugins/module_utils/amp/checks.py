# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values AMP would refuse, or accept and then fail on, refused here first (before any request).

From AMP's reference (API.md, APISpec.json, TypeSpec.json): the types of the
parameters the modules send (Int32 ports, Boolean flags, the enum values of
task parameters), what AMP refuses (an instance name of anything but
letters, digits, dashes and underscores; an empty username, role name or
password), and what AMP stores as it is and then fails on: a task
parameter AMP keeps as a string (``Seconds: "soon"`` for a Wait), a webhook
address that is not an http(s) URL, a mapping where AMP wants a string
(its ``Dictionary<String, String>`` parameters take any text, so a mapping
would arrive as Python's text of it). AMP documents no length limits for its
names and texts (.NET strings); the collection holds names to the narrowest
panel's (191 characters) and texts to 2048, so a pasted log or a runaway
template is refused instead of stored. A name AMP trims (a username with
spaces around it) is refused too: it would never match again. Each check
names the option; apply names the document path in front of it.

Task methods whose parameters are known here (the common ones, API.md 9.4)
are checked without a request; every other method's parameters are checked
against the instance's own list of methods (``Consumes``) before any write.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils import values
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError

MAX_NAME = values.MAX_STRING
MAX_TEXT = values.MAX_TEXT
#: CreateInstance refuses other names ("Instance names may only contain letters, numbers, dashes and underscores.")
INSTANCE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
#: an AMP module (Minecraft, GenericModule, ...) and a setting or port node (MinecraftModule.Minecraft.PortNumber)
MODULE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
NODE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")
#: a task method's Id (Event.CommonCorePlugin.Wait) or its short name (Wait)
METHOD = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")
#: ``{@Name}``: a value the event provides, filled in when the task runs (any parameter may hold one)
PLACEHOLDER = re.compile(r"\{@[A-Za-z0-9_]+\}")
MIME_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;.*)?$")
#: ports AMP binds (Int32 in the API, a TCP/UDP port on the machine)
PORTS = (1, 65535)
#: role permission states (allow grants, deny denies, inherit removes the node's entry)
PERMISSION_STATES = ("allow", "deny", "inherit")
#: the webhook types (the WebRequestPlugin task each is, in webhooks.py)
WEBHOOK_TYPES = ("Discord", "Slack", "POST", "GET")
# Discord refuses a message longer than 2000 characters and a name longer than 80 (the webhook then never posts)
DISCORD_CONTENT = 2000
DISCORD_USERNAME = 80
#: the largest number AMP's Int32 parameters hold
INT32 = 2147483647

# parameter kinds of task methods: ("int", lowest), ("enum", values), ("bool",), ("url",)
_URL = ("url",)
#: task methods whose parameters are typed here, by Id (API.md 9.4; AMP's own list is read before any write)
TASK_PARAMETERS = {
    "Event.CommonCorePlugin.Wait": {"Seconds": ("int", 0)},
    "Event.CommonCorePlugin.IfCondition": {"Operation": ("enum", tuple(str(i) for i in range(9)))},
    "Event.EmailSenderPlugin.SendMail": {"Priority": ("enum", ("0", "1", "2"))},
    "Event.LocalFileBackupPlugin.TakeBackupWhileDown": {"RestartEvenIfNotRunning": ("bool",)},
    "Event.WebRequestPlugin.MakePOSTRequest": {"URI": _URL},
    "Event.WebRequestPlugin.MakeGETRequest": {"URI": _URL},
    "Event.WebRequestPlugin.DiscordMessage": {"WebhookURL": _URL},
    "Event.WebRequestPlugin.SlackMessage": {"WebhookURL": _URL},
}
_BY_SHORT_NAME = dict((method.rsplit(".", 1)[1], method) for method in TASK_PARAMETERS)


def name(option, value, maximum=MAX_NAME, required=False):
    """A name AMP stores: not blank, no spaces around it (AMP trims them, so it would never match again)."""
    values.text(option, value, maximum=maximum, required=required)
    if value is not None and str(value) != str(value).strip():
        raise ReconcileError("must not start or end with spaces (AMP trims them, so %r would never match again)"
                             % value, option=option)


def user(params):
    """The user module's options on AMP (and a user entry of a document)."""
    name("username", params.get("username"))
    if params.get("email"):  # an empty e-mail address clears it
        values.email("email", params["email"])
    if params.get("password") is not None:
        # ResetUserPassword refuses an empty password
        values.text("password", params["password"], maximum=MAX_TEXT)
    for index, role in enumerate(params.get("roles") or []):
        name("roles[%d]" % index, role)


def check_nodes(nodes, option):
    """A declared ``{node: allow|deny|inherit}`` mapping of role permissions."""
    if nodes is not None and not isinstance(nodes, dict):
        raise ReconcileError("must map permission nodes to allow, deny or inherit", option=option)
    for node, state in (nodes or {}).items():
        if not node or str(node).startswith("-") or " " in str(node):
            raise ReconcileError("%r is not a permission node (write it without a leading '-', and give deny as its "
                                 "state)" % node, option=option)
        if isinstance(state, (dict, list)) or state not in PERMISSION_STATES:
            raise ReconcileError("node %s: must be one of %s, got %r" % (node, ", ".join(PERMISSION_STATES), state),
                                 option=option)


def role(params):
    """The role module's options on AMP (and a role entry of a document)."""
    name("name", params.get("name"))
    check_nodes(params.get("permissions"), "permissions")
    for ref, nodes in (params.get("instance_permissions") or {}).items():
        name("instance_permissions", ref)
        if not isinstance(nodes, dict):
            raise ReconcileError("must map each instance to {node: allow|deny|inherit}, got %r for %r"
                                 % (nodes, ref), option="instance_permissions")
        check_nodes(nodes, "instance_permissions.%s" % ref)


def server(params):
    """The server module's options on AMP (an instance; and a server entry of a document)."""
    if params.get("match_on") not in (None, "name"):
        raise ReconcileError("AMP instances are matched on their name (instance names are unique)", option="match_on")
    if (params.get("install_timeout") or 0) < 0:
        raise ReconcileError("must be 0 or more seconds, got %d" % params["install_timeout"], option="install_timeout")
    instance = params.get("name")
    if instance is not None:
        name("name", instance)
        if not INSTANCE_NAME.match(instance):
            raise ReconcileError("AMP instance names may only contain letters, digits, dashes and underscores, got %r"
                                 % instance, option="name")
    values.text("friendly_name", params.get("friendly_name"))
    if params.get("description"):
        values.text("description", params["description"], maximum=MAX_TEXT)
    if params.get("module") is not None and not MODULE_NAME.match(params["module"]):
        raise ReconcileError("must be the name of an AMP module such as Minecraft or GenericModule, got %r"
                             % params["module"], option="module")
    values.text("target", params.get("target"))
    for node, port in sorted((params.get("ports") or {}).items()):
        _node("ports", node)
        if isinstance(port, bool) or not str(port).isdigit() or not PORTS[0] <= int(port) <= PORTS[1]:
            raise ReconcileError("each port must be a number from %d to %d, got %r for %s" % (PORTS + (port, node)),
                                 option="ports")
    for node, value in sorted((params.get("settings") or {}).items()):
        _node("settings", node)
        values.scalar("settings.%s" % node, value)
        if value is not None:
            values.text("settings.%s" % node, str(value) or "-", maximum=MAX_TEXT)
    values.number("install_timeout", params.get("install_timeout"))


def _node(option, node):
    if not NODE.match(str(node)):
        raise ReconcileError("%r is not an AMP setting node (such as MinecraftModule.Minecraft.PortNumber)" % (node,),
                             option=option)


def schedule(params):
    """The schedule module's options on AMP, besides the timing (schedules.prepare_timing reads that)."""
    values.text("name", params.get("name"))
    for index, task in enumerate(params.get("tasks") or []):
        task = task or {}
        where = "tasks[%d]" % index
        foreign = [k for k in ("action", "payload") if task.get(k) is not None]
        foreign += [k for k, default in (("time_offset", 0), ("continue_on_failure", False))
                    if task.get(k) not in (None, default)]
        if foreign:
            raise ReconcileError("task %d: %s not supported on CubeCoders AMP (panel_type=amp); an AMP task is a "
                                 "method and its parameters" % (index + 1, " and ".join(foreign) + (
                                     " is" if len(foreign) == 1 else " are")), option="tasks")
        method = task.get("method")
        if not method:
            raise ReconcileError("task %d: method is required on CubeCoders AMP (panel_type=amp), for example "
                                 "Event.CommonCorePlugin.Wait" % (index + 1), option="tasks")
        if not METHOD.match(method):
            raise ReconcileError("must be an AMP task method such as Event.CommonCorePlugin.Wait, got %r" % method,
                                 option="%s.method" % where)
        parameters = task.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            raise ReconcileError("must map parameter names to values", option="%s.parameters" % where)
        known = TASK_PARAMETERS.get(method) or TASK_PARAMETERS.get(_BY_SHORT_NAME.get(method), {})
        for parameter, value in sorted((parameters or {}).items()):
            option = "%s.parameters.%s" % (where, parameter)
            values.scalar(option, value)
            if value is not None:
                values.text(option, str(value) or "-", maximum=MAX_TEXT)
            if parameter in known:
                task_parameter(option, value, known[parameter])


def task_parameter(option, value, kind):
    """One task parameter against its kind: ``("int", lowest)``, ``("enum", values)``, ``("bool",)``, ``("url",)``."""
    text = "" if value is None else ("True" if value is True else "False" if value is False else str(value))
    if PLACEHOLDER.search(text) and kind[0] != "url":
        return  # the event fills it in when the task runs
    if kind[0] == "int":
        if not re.match(r"^-?[0-9]+$", text.strip()) or not kind[1] <= int(text) <= INT32:
            raise ReconcileError("must be a whole number from %d to %d (AMP keeps any text, and the task then fails "
                                 "when it runs), got %r" % (kind[1], INT32, value), option=option)
    elif kind[0] == "enum":
        if text not in kind[1]:
            raise ReconcileError("must be one of %s, got %r" % (", ".join(kind[1]), value), option=option)
    elif kind[0] == "bool":
        if text.lower() not in ("true", "false"):
            raise ReconcileError("must be true or false, got %r" % (value,), option=option)
    elif kind[0] == "url":
        values.http_url(option, text)


def consumed_kind(parameter):
    """The kind (see :func:`task_parameter`) of a parameter as AMP lists it (GetScheduleData Consumes), or None."""
    if parameter.get("EnumValues"):
        return ("enum", tuple(str(k) for k in parameter["EnumValues"]))
    value_type = str(parameter.get("ValueType") or "").lower()
    if value_type in ("int32", "int64", "int16"):
        return ("int", -INT32 - 1)
    if value_type == "boolean":
        return ("bool",)
    if str(parameter.get("InputType") or "").lower() == "url":
        return _URL
    return None


def webhook(params):
    """The webhook module's options on AMP: one event, a URL, a type AMP has; raise naming the option."""
    triggers = params.get("triggers")
    if not triggers or len(triggers) != 1:
        raise ReconcileError("must name exactly one event on CubeCoders AMP (panel_type=amp), the description of "
                             "one of the instance's event triggers; declare one webhook per event", option="triggers")
    values.text("triggers", triggers[0], maximum=MAX_NAME)
    if not params.get("url"):
        raise ReconcileError("is required on CubeCoders AMP (panel_type=amp), where a webhook is its event and its "
                             "URL", option="url")
    values.http_url("url", params["url"])
    if params.get("type") is not None and params["type"] not in WEBHOOK_TYPES:
        raise ReconcileError("%s is not a webhook type on CubeCoders AMP (panel_type=amp); it knows %s"
                             % (params["type"], ", ".join(sorted(WEBHOOK_TYPES))), option="type")
    body_limit = DISCORD_CONTENT if params.get("type") == "Discord" else MAX_TEXT
    if params.get("body"):
        values.text("body", params["body"], maximum=body_limit)
    values.text("bot_name", params.get("bot_name"), maximum=DISCORD_USERNAME)
    content_type = params.get("content_type")
    if content_type is not None and not MIME_TYPE.match(content_type):
        raise ReconcileError("must be a media type such as application/json, got %r" % content_type,
                             option="content_type")


def backup(params):
    """The backup module's options on AMP (and a backup entry of a document)."""
    values.text("name", params.get("name"))
    description = params.get("description")
    if description is not None:
        values.scalar("description", description)
        if description:
            values.text("description", description, maximum=MAX_TEXT)
    values.number("wait_timeout", params.get("wait_timeout"))


def setting(option, value, spec):
    """A setting's declared value against its SettingSpec (Core/GetConfigs), before any write: AMP refuses a
    read-only node, a number outside its range, a boolean or a choice it does not know, one at a time."""
    if spec.get("ReadOnly"):
        raise ReconcileError("is read-only on AMP", option=option)
    text = str(value)
    val_type = str(spec.get("ValType") or "").rsplit(".", 1)[-1].lower()
    if spec.get("EnumValues"):
        if text not in [str(k) for k in spec["EnumValues"]]:
            raise ReconcileError("must be one of %s, got %r" % (", ".join(str(k) for k in spec["EnumValues"]), value),
                                 option=option)
    elif val_type in ("int32", "int64", "int16"):
        low, high = spec.get("MinValue"), spec.get("MaxValue")
        if not re.match(r"^-?[0-9]+$", text.strip()):
            raise ReconcileError("must be a whole number, got %r" % (value,), option=option)
        if (low is not None and int(text) < low) or (high is not None and int(text) > high):
            raise ReconcileError("must be between %g and %g, got %s" % (low, high, text), option=option)
    elif val_type == "boolean" and text.lower() not in ("true", "false"):
        raise ReconcileError("must be true or false, got %r" % (value,), option=option)
    if spec.get("MaxLength") and len(text) > spec["MaxLength"]:
        raise ReconcileError("may have at most %d characters, got %d" % (spec["MaxLength"], len(text)), option=option)
