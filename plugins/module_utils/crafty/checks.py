# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values Crafty would refuse, or accept and then fail on, refused here first (before any request).

From Crafty 4's own source (4.0.8 and 4.10.7, the ends of the range the
collection supports): the JSON schemas of its routes (user_jsonschema_props,
create_role_schema, the server PATCH schema, new_task_schema,
backup_patch_schema), its columns (the webhook name is 64 characters), and
what it does with a value later (a webhook colour read as a hexadecimal
number, a cron string given to croniter, excluded folders joined with
commas). Rules that differ between versions (a username's shortest length,
a password's) are checked again against the panel's version before any
write, in the kinds' ``validate``. Each check names the option; apply names
the document path in front of it.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils import files, values
from ansible_collections.gameops.panels.plugins.module_utils.crafty import backups, schedules, webhooks
from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import SERVER_PERMISSIONS
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError

# names and texts go into SQLite text columns: no limit of their own there, so the panel's web page's is used
MAX_NAME = 255
MAX_TEXT = 2048
USERNAME = re.compile(r"^[a-z0-9_]{3,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z]{2,4})?$")
SERVER_NAME_FORBIDDEN = re.compile(r"[/\\#]")
ROLE_NAME_FORBIDDEN = re.compile(r"[,\[\]]")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
BACKUP_TYPES = ("zip_vault", "snapshot")
JAR_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
#: settings that must not be empty (the PATCH schema's minLength 1)
NOT_EMPTY = ("log_path", "execution_command", "server_ip")
#: settings that are whole numbers of 0 or more
NOT_NEGATIVE = ("auto_start_delay", "shutdown_timeout", "logs_delete_after")


def user(params):
    """The user module's options (and a user entry of a document)."""
    username = params.get("username")
    if username is not None and not USERNAME.match(username.lower()):
        raise ReconcileError("Crafty needs 3 to 20 lower-case letters, digits or _, got %r" % username,
                             option="username")
    password = params.get("password")
    if password is not None and len(password) < 4:
        raise ReconcileError("Crafty needs a password of at least 4 characters (8 since 4.2.2)", option="password")
    email = params.get("email")
    if email is not None:
        values.text("email", email, maximum=MAX_NAME)
        if not EMAIL.match(email):
            raise ReconcileError("must be an e-mail address (name@domain.tld), got %r" % email, option="email")
    language = params.get("language")
    if language is not None and (not LANGUAGE.match(language) or not 2 <= len(language) <= 10):
        raise ReconcileError("must be a language code such as en_EN (2 to 10 characters), got %r" % language,
                             option="language")
    for index, role in enumerate(params.get("roles") or []):
        values.text("roles[%d]" % index, role, maximum=MAX_NAME)


def role(params):
    """The role module's options (and a role entry of a document)."""
    name = params.get("name")
    if name is not None:
        values.text("name", name, maximum=MAX_NAME)
        if ROLE_NAME_FORBIDDEN.search(name):
            raise ReconcileError("Crafty role names cannot contain ',', '[' or ']', got %r" % name, option="name")
    for index, entry in enumerate(params.get("servers") or []):
        values.text("servers[%d].server" % index, entry.get("server"), required=True, maximum=MAX_NAME)
        unknown = sorted(set(entry.get("permissions") or []) - set(SERVER_PERMISSIONS))
        if unknown:
            raise ReconcileError("unknown server permission(s) %s (known: %s)"
                                 % (", ".join(unknown), ", ".join(SERVER_PERMISSIONS)),
                                 option="servers[%d].permissions" % index)


def server(params):
    """The server module's options on Crafty (and a server entry of a document)."""
    if params.get("match_on") not in (None, "name"):
        raise ReconcileError("Crafty servers are matched by name only", option="match_on")
    name = params.get("name")
    if name is not None:
        values.text("name", name, maximum=MAX_NAME)
        if len(name) < 2 or SERVER_NAME_FORBIDDEN.search(name):
            raise ReconcileError("Crafty needs a server name of at least 2 characters without /, \\ or #, got %r"
                                 % name, option="name")
    if params.get("port") is not None and not 1 <= params["port"] <= 65535:
        # create answers 405 DATA CONSTRAINT FAILED; PATCH stores any number, and the server cannot bind it
        raise ReconcileError("must be between 1 and 65535, got %d" % params["port"], option="port")
    memory = params.get("memory") or {}
    for field in ("min", "max"):
        if memory.get(field) is not None and memory[field] <= 0:
            raise ReconcileError("must be above 0 (gigabytes), got %s" % memory[field], option="memory.%s" % field)
    if memory.get("min") is not None and memory.get("max") is not None and memory["min"] > memory["max"]:
        raise ReconcileError("must not exceed memory.max", option="memory.min")
    jar = params.get("jar") or {}
    for field in ("type", "version", "category"):
        if jar.get(field) is not None and not JAR_PART.match(str(jar[field])):
            # they name the jar in Crafty's catalogue and in the download's URL
            raise ReconcileError("must be a name from Crafty's jar catalogue (letters, digits, . _ + -), got %r"
                                 % jar[field], option="jar.%s" % field)
    for field in NOT_EMPTY:
        if params.get(field) is not None:
            values.text(field, params[field], maximum=MAX_TEXT)
    for field in NOT_NEGATIVE:
        values.number(field, params.get(field))
    if params.get("ignored_exits") is not None and not re.match(r"^-?[0-9]+(,-?[0-9]+)*$", params["ignored_exits"]):
        # compared with the process's exit code as text, one comma-separated code at a time
        raise ReconcileError("must be exit codes separated by commas (for example 0,130), got %r"
                             % params["ignored_exits"], option="ignored_exits")
    if params.get("executable_update_url"):
        values.http_url("executable_update_url", params["executable_update_url"])


def schedule(params):
    """Static checks of a Crafty schedule declaration (before any request); raise naming the option."""
    name = params.get("name")
    values.text("name", name, maximum=MAX_NAME)
    if name is not None and schedules.CHILD_NAME.match(name):
        raise ReconcileError("must not end in ' #<number>': the collection names a schedule's chained tasks so",
                             option="name")
    if params.get("cron") is not None:
        # what croniter (Crafty's cron library) refuses, Crafty answers with HTTP 405 after the checks
        values.normalize_cron(params["cron"])
        for option in ("interval", "interval_unit"):
            if params.get(option) is not None:
                raise ReconcileError("cannot be combined with cron", option=option)
    if (params.get("interval") is None) != (params.get("interval_unit") is None):
        raise ReconcileError("interval and interval_unit go together",
                             option="interval" if params.get("interval") is None else "interval_unit")
    if params.get("interval") is not None and params["interval"] < 1:
        raise ReconcileError("must be at least 1", option="interval")
    if params.get("start_time") is not None and not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", params["start_time"]):
        raise ReconcileError("must be HH:MM, got %r" % params["start_time"], option="start_time")
    tasks = params.get("tasks")
    if tasks is None:
        return
    if params.get("one_time") and len(tasks) > 1:
        # tasks.py schedule_watcher deletes a one-time schedule before it looks for its reactions,
        # so a chain after it would never run
        raise ReconcileError("Crafty deletes a one-time schedule before its chained tasks run; give one task, or "
                             "drop one_time", option="one_time")
    for index, task in enumerate(tasks):
        where = "tasks[%d]" % index
        amp_fields = [k for k in ("method", "parameters") if task.get(k) is not None]
        if amp_fields:
            raise ReconcileError("AMP's task fields (%s) are not used on Crafty; give action and payload"
                                 % ", ".join(amp_fields), option=where)
        if not task.get("action"):
            raise ReconcileError("is required on Crafty Controller", option="%s.action" % where)
        if task.get("continue_on_failure"):
            raise ReconcileError("Crafty has no such setting (a chained task runs after the previous one in any case)",
                                 option="%s.continue_on_failure" % where)
        if index == 0 and task.get("time_offset"):
            raise ReconcileError("the first task runs at the schedule's time on Crafty; offset the later ones",
                                 option="%s.time_offset" % where)
        if task.get("time_offset") is not None and task["time_offset"] < 0:
            raise ReconcileError("must not be negative", option="%s.time_offset" % where)
        if task["action"] == "command" and not task.get("payload"):
            raise ReconcileError("the console command is required for action=command", option="%s.payload" % where)
        if task["action"] == "command":
            values.text("%s.payload" % where, task["payload"], maximum=MAX_TEXT)
        if task["action"] == "power" and task.get("payload") not in schedules.POWER:
            raise ReconcileError("must be one of %s for action=power, got %r" % (", ".join(schedules.POWER), task.get("payload")),
                                 option="%s.payload" % where)


def backup(params):
    """Static checks before any request; raise naming the option."""
    state = params.get("state") or "present"
    if state not in backups.STATES:
        raise ReconcileError("must be one of %s on Crafty, got %r" % (", ".join(backups.STATES), state), option="state")
    name = params.get("name")
    if not name or len(name.strip()) < 3:
        raise ReconcileError("is required on Crafty: the backup configuration's name, at least 3 characters",
                             option="name")
    values.text("name", name, maximum=MAX_NAME)
    if params.get("backup_type") is not None and params["backup_type"] not in BACKUP_TYPES:
        raise ReconcileError("must be one of %s, got %r" % (", ".join(BACKUP_TYPES), params["backup_type"]),
                             option="backup_type")
    for option in ("location", "before", "after"):
        values.text(option, params.get(option), maximum=MAX_TEXT) if params.get(option) else None
    for index, folder in enumerate(params.get("ignored") or []):
        if not str(folder).strip() or "," in str(folder):
            # Crafty stores the list comma-joined: a comma would split one folder in two
            raise ReconcileError("must be a folder name without commas, got %r" % folder, option="ignored[%d]" % index)
    if state == "restored" and not params.get("archive"):
        raise ReconcileError("is required with state=restored: the archive's file name", option="archive")
    if params.get("archive") is not None and state != "restored":
        raise ReconcileError("is only used with state=restored", option="archive")
    if params.get("max_backups") is not None and params["max_backups"] < 0:
        raise ReconcileError("must be 0 (keep all) or more", option="max_backups")
    values.number("max_backups", params.get("max_backups"))


def webhook(params):
    """Static checks before any request; raise naming the option."""
    if not params.get("name"):
        raise ReconcileError("is required on Crafty Controller, where it identifies the webhook", option="name")
    # the webhooks table's name column is 64 characters (management.Webhooks)
    values.text("name", params["name"], maximum=64)
    if params.get("type") not in (None,) + webhooks.TYPES:
        raise ReconcileError("%s is not a webhook type of Crafty Controller (it knows %s)"
                             % (params["type"], ", ".join(webhooks.TYPES)), option="type")
    for trigger in params.get("triggers") or []:
        if trigger not in webhooks.TRIGGERS:
            hint = " (Crafty's name for it is start_server)" if trigger == "server_start" else ""
            raise ReconcileError("%r is not an event Crafty fires%s; known: %s"
                                 % (trigger, hint, ", ".join(webhooks.TRIGGERS)), option="triggers")
    values.http_url("url", params.get("url"))
    if params.get("color") is not None and not COLOUR.match(params["color"]):
        # Crafty reads the colour as a hexadecimal number when it sends (a Discord embed's colour)
        raise ReconcileError("must be a colour as #RRGGBB, got %r" % params["color"], option="color")
    values.text("bot_name", params.get("bot_name"), maximum=MAX_NAME)
    if params.get("body") is not None:
        values.text("body", params["body"] or "-", maximum=MAX_TEXT)


def server_file(params):
    """Crafty reads files with Python's universal newlines: a carriage return never reads back as written, so the
    file would differ on every run."""
    files.check_file_params(params)
    if "\r" in (params.get("content") or ""):
        raise ReconcileError("Crafty reads files with Python's universal newlines, so a carriage return (\\r) never "
                             "reads back as written; use \\n line ends", option="content")
