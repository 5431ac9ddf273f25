# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request-body JSON Schemas Crafty validates with, per version, and its error text.

The constraints are those of the reference's ``schemas.json`` (a unit test
compares every schema here with it when the reference is on disk). Crafty's
own schemas also carry two private keywords the validator ignores, ``error``
(a key of the ``validators`` translation section) and ``fill`` (prefix the
message with the offending top-level key); newer handlers build the
``error_data`` of ``INVALID_JSON_SCHEMA`` from them. They are kept here so
the text matches; ``public()`` strips them.

Validation is draft-07 without a format checker (``"format": "email"`` is not
enforced, as in Crafty) and picks the error jsonschema's ``validate`` would
raise (``best_match``).
"""
from __future__ import annotations

import copy

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

#: The ``validators`` section of Crafty's en_EN translation (the keys the schemas use).
VALIDATOR_MESSAGES = {
    "additionalProperties": "Additional Properties are not allowed to be passed",
    "backupName": "Backup name must be a string and a minimum length of 3.",
    "enumErr": "failed validating. Acceptable data includes: ",
    "insufficientPerms": "Permission Error: Missing permissions for this resource",
    "mfaName": "Input must be of type string and a minimum of 3 characters for property",
    "passProp": "Password must be a string with a min length of 8 characters.",
    "roleManager": "Role manager must be of type integer (manager ID) or None",
    "roleName": "Role name must be a string that is greater than 1 character. It must not include any of the "
                "following symbols: [ ] , ",
    "roleServerId": "Server ID property must be a string with a minimum length of 1",
    "roleServerPerms": "Server permissions must be an 8-bit string",
    "serverCreateName": "Server name must be a string with a minimum length of 2 and must not include: \\ / or # ",
    "serverExeCommand": "Server execution command must be a string with a minimum length of 1.",
    "serverLogPath": "Server log path must be a string with a minimum length of 1",
    "taskIntervalType": "Task Interval Type must be one of the following: ",
    "totp": "MFA Code must be 6 numbers",
    "typeBool": "must be true or false (type boolean)",
    "typeEmail": "must be of type email.",
    "typeEpoch": "must be an epoch value",
    "typeIntMinVal0": "must be an integer with a minimum value of 0.",
    "typeInteger": "must be a number.",
    "typeList": "must be of type list/array ",
    "typeString": "must be of type string.",
    "userName": " must be of type string, all LOWERCASE, a minimum of 4 characters and a max of 20 characters",
}
#: What Crafty's translator answers for a key it lacks (e.g. the ``passLength`` hint).
MISSING_TRANSLATION = "Error while getting translation"

SERVER_NAME_PATTERN = "^[^/\\\\\\\\#]*$"
ROLE_NAME_PATTERN = "^[^,\\[\\]]*$"
MASK8 = "^[01]{8}$"


def _hint(schema: dict, error: str, fill: bool = True) -> dict:
    schema = dict(schema)
    schema["error"] = error
    if fill:
        schema["fill"] = True
    return schema


def _typed(kind, error=None, fill=True, **constraints) -> dict:
    """A property schema with Crafty's hint (by default the one for its type)."""
    default_error = {"string": "typeString", "boolean": "typeBool", "integer": "typeInteger", "number": "typeInteger",
                     "array": "typeList"}
    schema = {"type": kind}
    schema.update(constraints)
    return _hint(schema, error or default_error.get(kind if isinstance(kind, str) else kind[0], "typeString"), fill)


def _strict(properties: dict, required=None, min_properties=1) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    schema["additionalProperties"] = False
    if min_properties:
        schema["minProperties"] = min_properties
    return schema


# ---------------------------------------------------------------------------------------------- auth

def _login(version: str) -> dict:
    if version == "4.0.8":
        props = {"username": {"type": "string", "maxLength": 20, "minLength": 4, "pattern": "^[a-z0-9_]+$"},
                 "password": {"type": "string", "maxLength": 20, "minLength": 4}}
    elif version == "4.3":
        props = {"username": {"type": "string", "maxLength": 20, "minLength": 4, "pattern": "^[a-z0-9_]+$"},
                 "password": {"type": "string", "minLength": 4}}
    else:
        props = {"username": {"type": "string", "maxLength": 20, "minLength": 3, "pattern": "^[a-zA-Z0-9_-]+$"},
                 "password": {"type": "string", "minLength": 8},
                 "totp": {"type": "string", "pattern": "^(\\d{6})$"},
                 "backup_code": {"type": "string", "pattern": "^(.{19})$"}}
    return _strict(props, required=["username", "password"], min_properties=0)


# ---------------------------------------------------------------------------------------------- users

def _permission_items(minimum: int) -> dict:
    return {
        "type": "object",
        "properties": {
            "name": _typed("string", "enumErr", enum=["SERVER_CREATION", "USER_CONFIG", "ROLES_CONFIG"]),
            "quantity": _typed("number", "typeInteger", minimum=minimum),
            "enabled": _typed("boolean"),
        },
        "required": ["name", "quantity", "enabled"],
    }


def _user_props(version: str) -> dict:
    old = version == "4.0.8"
    v410 = version == "4.10"
    if v410:  # 4.10.7: usernames from 3 characters; the password hint is one the translation has
        password = _hint({"type": "string", "minLength": 8, "pattern": "^.{8,}$"}, "passProp", fill=False)
    else:
        password = _hint({"type": "string", "maxLength": 20, "minLength": 4} if old else {"type": "string", "minLength": 8},
                         "passLength", fill=False)
    props = {
        "username": _typed("string", "userName", maxLength=20, minLength=3 if v410 else 4, pattern="^[a-z0-9_]+$"),
        "password": password,
        "email": _typed("string", "typeEmail", format="email"),
        "enabled": _typed("boolean"),
        "lang": _typed("string", maxLength=10, minLength=2),
        "superuser": _typed("boolean"),
    }
    if not old:
        props["manager"] = _typed(["integer", "null"], "typeInteger")
        props["theme"] = _typed("string")
    props["permissions"] = _typed("array", items=_permission_items(0 if old else -1))
    props["roles"] = _typed("array", items=({"type": "string", "minLength": 1} if old
                                            else _typed("integer", "typeInteger", minLength=1)))
    props["hints"] = _typed("boolean")
    if not old:
        props["server_order"] = _typed("string")
    if v410:
        props["dashboard_columns"] = _typed("string")
        props["disable_password_auth"] = _typed("boolean")
    return props


def _new_user(version: str) -> dict:
    return _strict(_user_props(version), required=["username", "password"], min_properties=0)


def _user_patch(version: str) -> dict:
    return _strict(_user_props(version))


# ---------------------------------------------------------------------------------------------- roles

def _role_servers(id_type: str) -> dict:
    server_id = {"type": id_type, "minimum": 1}
    permissions = {"type": "string", "pattern": MASK8}
    if id_type == "string":
        server_id = _hint(server_id, "roleServerId", fill=False)
        permissions = _hint(permissions, "roleServerPerms", fill=False)
    return _typed("array", items={"type": "object", "properties": {"server_id": server_id, "permissions": permissions},
                                  "required": ["server_id", "permissions"]})


def _role(version: str, create: bool, basic: bool = False) -> dict:
    if version == "4.0.8":
        props = {"name": {"type": "string", "minLength": 1}, "servers": _role_servers("integer")}
        if create:
            return _strict(props, required=["name"], min_properties=0)
        return _strict(props)
    name = {"type": "string", "minLength": 1}
    if not basic:
        name["pattern"] = ROLE_NAME_PATTERN
    props = {"name": _hint(name, "roleName", fill=False), "servers": _role_servers("string")}
    if not basic:
        props["manager"] = _hint({"type": ["integer", "null"]}, "roleManager", fill=False)
    if version == "4.4.8":  # the basic schemas too (4.10.7 source): create cannot do without it
        props["mfa_required"] = _typed("boolean")
    return _strict(props)


# ---------------------------------------------------------------------------------------------- servers

def _if_then(field: str, value: str, required: str) -> dict:
    return {"if": {"properties": {field: {"const": value}}}, "then": {"required": [required]}}


def _one_of_required(*names) -> dict:
    return {"oneOf": [{"required": [name]} for name in names]}


def _mem(default):
    return {"type": "number", "default": default, "exclusiveMinimum": 0}


def _port(default=25565):
    return {"type": "integer", "default": default, "minimum": 0}


def _java_create_data(old: bool) -> dict:
    eula = {"type": "boolean", "default": False}
    download = {
        "type": "object",
        "required": ["type", "version", "mem_min", "mem_max", "server_properties_port",
                     "agree_to_eula" if old else "category"],
        "properties": {"type": {"type": "string", "minLength": 1}, "version": {"type": "string", "minLength": 1},
                       "mem_min": _mem(1), "mem_max": _mem(2), "server_properties_port": _port(), "agree_to_eula": eula},
    }
    import_server = {
        "type": "object",
        "required": ["existing_server_path", "jarfile", "mem_min", "mem_max", "server_properties_port"]
        + (["agree_to_eula"] if old else []),
        "properties": {"existing_server_path": {"type": "string", "minLength": 1}, "jarfile": {"type": "string", "minLength": 1},
                       "mem_min": _mem(1), "mem_max": _mem(2), "server_properties_port": _port(), "agree_to_eula": eula},
    }
    import_zip = {
        "type": "object",
        "required": ["zip_path", "zip_root", "jarfile", "mem_min", "mem_max", "server_properties_port"]
        + (["agree_to_eula"] if old else []),
        "properties": {"zip_path": {"type": "string", "minLength": 1}, "zip_root": {"type": "string", "minLength": 1},
                       "jarfile": {"type": "string", "minLength": 1}, "mem_min": _mem(1), "mem_max": _mem(2),
                       "server_properties_port": _port(), "agree_to_eula": eula},
    }
    return {
        "type": "object",
        "required": ["create_type"],
        "properties": {
            "create_type": {"type": "string", "default": "download_jar", "enum": ["download_jar", "import_server", "import_zip"]},
            "download_jar_create_data": download,
            "import_server_create_data": import_server,
            "import_zip_create_data": import_zip,
        },
        # "import_exec" is a typo in Crafty's source: that branch never fires (the oneOf still applies)
        "allOf": [{"allOf": [_if_then("create_type", "download_jar", "download_jar_create_data"),
                             _if_then("create_type", "import_exec", "import_server_create_data"),
                             _if_then("create_type", "import_zip", "import_zip_create_data")]},
                  _one_of_required("download_jar_create_data", "import_server_create_data", "import_zip_create_data")],
    }


def _bedrock_create_data(old: bool) -> dict:
    command = {"type": "string", "default": "echo foo bar baz", "minLength": 1}
    if old:
        return {
            "type": "object",
            "required": ["create_type"],
            "properties": {
                "create_type": {"type": "string", "default": "import_server", "enum": ["import_server", "import_zip"]},
                "import_server_create_data": {"type": "object", "required": ["existing_server_path", "command"],
                                              "properties": {"existing_server_path": {"type": "string", "minLength": 1},
                                                             "command": command}},
                "import_zip_create_data": {"type": "object", "required": ["zip_path", "zip_root", "command"],
                                           "properties": {"zip_path": {"type": "string", "minLength": 1},
                                                          "zip_root": {"type": "string", "minLength": 1}, "command": command}},
            },
            "allOf": [{"allOf": [_if_then("create_type", "import_exec", "import_server_create_data"),
                                 _if_then("create_type", "import_zip", "import_zip_create_data")]},
                      _one_of_required("import_server_create_data", "import_zip_create_data")],
        }
    executable = {"type": "string", "minlength": 1}  # "minlength" (sic): not a keyword, not enforced
    return {
        "type": "object",
        "required": ["create_type"],
        "properties": {
            "create_type": {"type": "string", "default": "import_server", "enum": ["download_exe", "import_server", "import_zip"]},
            "download_exe_create_data": {"type": "object", "required": [],
                                         "properties": {"agree_to_eula": {"type": "boolean", "enum": [True]}}},
            "import_server_create_data": {"type": "object", "required": ["existing_server_path", "executable"],
                                          "properties": {"existing_server_path": {"type": "string", "minLength": 1},
                                                         "executable": executable, "command": command}},
            "import_zip_create_data": {"type": "object", "required": ["zip_path", "zip_root", "command"],
                                       "properties": {"zip_path": {"type": "string", "minLength": 1}, "executable": executable,
                                                      "zip_root": {"type": "string", "minLength": 1}, "command": command}},
        },
        "allOf": [{"allOf": [_if_then("create_type", "import_server", "import_server_create_data"),
                             _if_then("create_type", "import_zip", "import_zip_create_data"),
                             _if_then("create_type", "download_exe", "download_exe_create_data")]},
                  _one_of_required("import_server_create_data", "import_zip_create_data", "download_exe_create_data")],
    }


def _custom_create_data() -> dict:
    command = {"type": "string", "default": "echo foo bar baz", "minLength": 1}
    return {
        "type": "object",
        "required": ["working_directory", "executable_update", "create_type"],
        "properties": {
            "working_directory": {"type": "string", "default": ""},
            "executable_update": {"type": "object", "required": ["enabled", "file", "url"],
                                  "properties": {"enabled": {"type": "boolean", "default": False},
                                                 "file": {"type": "string", "default": ""},
                                                 "url": {"type": "string", "default": ""}}},
            "create_type": {"type": "string", "default": "raw_exec", "enum": ["raw_exec", "import_server", "import_zip"]},
            "raw_exec_create_data": {"type": "object", "required": ["command"], "properties": {"command": command}},
            "import_server_create_data": {"type": "object", "required": ["existing_server_path", "command"],
                                          "properties": {"existing_server_path": {"type": "string", "minLength": 1},
                                                         "command": command}},
            "import_zip_create_data": {"type": "object", "required": ["zip_path", "zip_root", "command"],
                                       "properties": {"zip_path": {"type": "string", "minLength": 1},
                                                      "zip_root": {"type": "string", "minLength": 1}, "command": command}},
        },
        "allOf": [{"allOf": [_if_then("create_type", "raw_exec", "raw_exec_create_data"),
                             _if_then("create_type", "import_server", "import_server_create_data"),
                             _if_then("create_type", "import_zip", "import_zip_create_data")]},
                  _one_of_required("raw_exec_create_data", "import_server_create_data", "import_zip_create_data")],
    }


def _new_server(version: str) -> dict:
    old = version == "4.0.8"

    def monitoring(port):
        return {"type": "object", "required": ["host", "port"],
                "properties": {"host": {"type": "string", "default": "127.0.0.1", "minLength": 1}, "port": _port(port)}}

    name = {"type": "string", "minLength": 2}
    if not old:
        name["pattern"] = SERVER_NAME_PATTERN
    props = {"name": name}
    if not old:
        props["roles"] = {"type": "array"}
    props.update({
        "stop_command": {"type": "string", "default": ""},
        "log_location": {"type": "string", "default": ""},
        "crashdetection": {"type": "boolean", "default": False},
        "autostart": {"type": "boolean", "default": False},
        "autostart_delay": {"type": "number", "default": 10, "minimum": 0},
        "monitoring_type": {"type": "string", "default": "minecraft_java", "enum": ["minecraft_java", "minecraft_bedrock", "none"]},
        "minecraft_java_monitoring_data": monitoring(25565),
        "minecraft_bedrock_monitoring_data": monitoring(19132),
        "create_type": {"type": "string", "default": "minecraft_java", "enum": ["minecraft_java", "minecraft_bedrock", "custom"]},
        "minecraft_java_create_data": _java_create_data(old),
        "minecraft_bedrock_create_data": _bedrock_create_data(old),
        "custom_create_data": _custom_create_data(),
    })
    return {
        "definitions": {},
        "$schema": ("http" if old else "https") + "://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["name", "monitoring_type", "create_type"],
        "properties": props,
        "allOf": [
            {"allOf": [_if_then("create_type", "minecraft_java", "minecraft_java_create_data"),
                       _if_then("create_type", "minecraft_bedrock", "minecraft_bedrock_create_data"),
                       _if_then("create_type", "custom", "custom_create_data"),
                       _if_then("monitoring_type", "minecraft_java", "minecraft_java_monitoring_data"),
                       _if_then("monitoring_type", "minecraft_bedrock", "minecraft_bedrock_monitoring_data")]},
            _one_of_required("minecraft_java_create_data", "minecraft_bedrock_create_data", "custom_create_data"),
            {"oneOf": [{"required": ["minecraft_java_monitoring_data"]}, {"required": ["minecraft_bedrock_monitoring_data"]},
                       {"properties": {"monitoring_type": {"const": "none"}}}]},
        ],
    }


def _server_patch(version: str, basic: bool = False) -> dict:
    if version == "4.0.8":
        return _strict({
            "server_name": {"type": "string", "minLength": 1}, "path": {"type": "string", "minLength": 1},
            "backup_path": {"type": "string"}, "executable": {"type": "string"},
            "log_path": {"type": "string", "minLength": 1}, "execution_command": {"type": "string", "minLength": 1},
            "auto_start": {"type": "boolean"}, "auto_start_delay": {"type": "integer"},
            "crash_detection": {"type": "boolean"}, "stop_command": {"type": "string"},
            "executable_update_url": {"type": "string", "minLength": 1}, "server_ip": {"type": "string", "minLength": 1},
            "server_port": {"type": "integer"}, "logs_delete_after": {"type": "integer"},
            "type": {"type": "string", "minLength": 1},
        })
    if basic:
        return _strict({
            "server_name": _typed("string", "serverCreateName", minLength=1),
            "executable": _typed("string"), "java_selection": _typed("string"),
            "auto_start": _typed("boolean"), "auto_start_delay": _typed("integer", "typeIntMinVal0", minimum=0),
            "crash_detection": _typed("boolean"), "stop_command": _typed("string"),
            "shutdown_timeout": _typed("integer"), "logs_delete_after": _typed("integer", "typeIntMinVal0", minimum=0),
            "ignored_exits": _typed("string"), "count_players": _typed("boolean"),
        })
    return _strict({
        "server_name": _typed("string", "serverCreateName", fill=False, minLength=2, pattern=SERVER_NAME_PATTERN),
        "backup_path": _typed("string"), "executable": _typed("string"),
        "log_path": _typed("string", "serverLogPath", fill=False, minLength=1),
        "execution_command": _typed("string", "serverExeCommand", fill=False, minLength=1),
        "java_selection": _typed("string"), "auto_start": _typed("boolean"),
        "auto_start_delay": _typed("integer", "typeIntMinVal0", minimum=0), "crash_detection": _typed("boolean"),
        "stop_command": _typed("string"), "executable_update_url": _typed("string"),
        "server_ip": _typed("string", minLength=1), "server_port": _typed("integer", "typeInt"),
        "shutdown_timeout": _typed("integer", "typeIntMinVal0", minimum=0),
        "logs_delete_after": _typed("integer", "typeIntMinVal0", minimum=0), "ignored_exits": _typed("string"),
        "show_status": _typed("boolean"), "count_players": _typed("boolean"),
    })


# ---------------------------------------------------------------------------------------------- tasks

def _task(version: str, create: bool) -> dict:
    props = {}
    if version != "4.0.8":
        props["name"] = _typed("string")
    props["enabled"] = _typed("boolean", default=True)
    props["action"] = _typed("string")
    if version != "4.0.8":
        props["action_id"] = _typed("string")
    props.update({
        "interval": _typed("integer"),
        "interval_type": _typed("string", "enumErr", enum=["hours", "minutes", "days", "reaction", ""]),
        "start_time": _typed("string", pattern="\\d{1,2}:\\d{1,2}"),
        "command": _typed(["string", "null"], "typeString"),
        "one_time": _typed("boolean", default=False),
        "cron_string": _typed("string", default=""),
        "parent": _typed(["integer", "null"], "typeInteger"),
        "delay": _typed("integer", default=0),
    })
    del create  # new_task and task_patch share one body
    return _strict(props)


# ---------------------------------------------------------------------------------------------- webhooks

def _webhook(create: bool) -> dict:
    return _strict({
        "webhook_type": _typed("string", "enumErr", enum=["Discord", "Mattermost", "Slack", "Teams"]),
        "name": _typed("string"), "url": _typed("string"), "bot_name": _typed("string"),
        "trigger": _typed("array"), "body": _typed("string"),
        "color": _typed("string", default="#005cd1"), "enabled": _typed("boolean", default=True),
    }, min_properties=7 if create else 1)


# ---------------------------------------------------------------------------------------------- backups

def _backup_config(version: str, basic: bool) -> dict:
    # backup_name has its hint but no "fill": the message starts with a space, not the key (4.4 to 4.10.7)
    props = {"backup_name": _typed("string", "backupName", fill=False, minLength=3)}
    if not basic:
        props["backup_location"] = _typed("string", minLength=1)
    props.update({
        "max_backups": _typed("integer"), "compress": _typed("boolean"), "shutdown": _typed("boolean"),
        "before": _typed("string"), "after": _typed("string"), "excluded_dirs": _typed("array"),
    })
    if version == "4.4.8":
        props["backup_type"] = _typed("string", "enumErr", enum=["zip_vault", "snapshot"])
    return _strict(props)


def _backup_single(basic: bool) -> dict:
    props = {} if basic else {"backup_path": _typed("string", minLength=1)}
    props.update({"max_backups": _typed("integer"), "compress": _typed("boolean"), "shutdown": _typed("boolean"),
                  "backup_before": _typed("string"), "backup_after": _typed("string"), "exclusions": _typed("array")})
    return _strict(props)


def _backup_file(in_place: bool) -> dict:
    props = {"filename": _typed("string", minLength=5)}
    if in_place:
        props["inPlace"] = _typed("boolean")
    return _strict(props)


# ---------------------------------------------------------------------------------------------- misc

CONFIG_KEYS_448 = {
    "https_port": "integer", "language": "string", "cookie_expire": "integer", "show_errors": "boolean",
    "history_max_age": "integer", "stats_update_frequency_seconds": "integer", "delete_default_json": "boolean",
    "show_contribute_link": "boolean", "virtual_terminal_lines": "integer", "max_log_lines": "integer",
    "max_audit_entries": "integer", "disabled_language_files": "array", "stream_size_GB": "integer",
    "keywords": "array", "allow_nsfw_profile_pictures": "boolean", "enable_user_self_delete": "boolean",
    "reset_secrets_on_next_boot": "boolean", "monitored_mounts": "array", "dir_size_poll_freq_minutes": "integer",
    "crafty_logs_delete_after_days": "integer", "big_bucket_repo": "string", "enable_otp_skew": "boolean",
    "max_login_attempts": "integer", "superMFA": "boolean",
}
#: Config keys the 4.4.8 builds added (older 4.x builds reject them as additional properties).
CONFIG_KEYS_SINCE_448 = ("enable_otp_skew", "max_login_attempts", "superMFA")


def _config_json(version: str) -> dict:
    keys = {k: v for k, v in CONFIG_KEYS_448.items() if version == "4.4.8" or k not in CONFIG_KEYS_SINCE_448}
    return _strict({name: {"type": kind} for name, kind in keys.items()})


def _totp_verify() -> dict:
    return _strict({"name": _typed("string", "mfaName", minLength=3),
                    "totp": _typed("integer", "totp", minLength=6, maxLength=6)})


def _api_key_create(full_access_key="full_access") -> dict:
    return _strict({"name": _typed("string", minLength=3),
                    "server_permissions_mask": _typed("string", pattern=MASK8),
                    "crafty_permissions_mask": _typed("string", pattern="^[01]{3}$"),
                    full_access_key: _typed("boolean")})


#: ``<schema>@<version tag>`` -> builder, the names of the reference's schemas.json.
BUILDERS = {
    "login@4.0.8": lambda: _login("4.0.8"),
    "login@4.3-4.4.7": lambda: _login("4.3"),
    "login@4.4.8+": lambda: _login("4.4.8"),
    "new_user@4.0.8": lambda: _new_user("4.0.8"),
    "new_user@4.4": lambda: _new_user("4.4"),
    "user_patch@4.0.8": lambda: _user_patch("4.0.8"),
    "user_patch@4.4": lambda: _user_patch("4.4"),
    "create_role@4.0.8": lambda: _role("4.0.8", create=True),
    "modify_role@4.0.8": lambda: _role("4.0.8", create=False),
    "create_role@4.3-4.4.7": lambda: _role("4.4", create=True),
    "create_role_basic@4.3-4.4.7": lambda: _role("4.4", create=True, basic=True),
    "modify_role@4.3-4.4.7": lambda: _role("4.4", create=False),
    "modify_role_basic@4.3-4.4.7": lambda: _role("4.4", create=False, basic=True),
    "create_role@4.4.8+": lambda: _role("4.4.8", create=True),
    "modify_role@4.4.8+": lambda: _role("4.4.8", create=False),
    "new_server@4.0.8": lambda: _new_server("4.0.8"),
    "new_server@4.3-4.4.7": lambda: _new_server("4.4"),
    "server_patch@4.0.8": lambda: _server_patch("4.0.8"),
    "server_patch@4.4": lambda: _server_patch("4.4"),
    "server_patch_basic@4.4": lambda: _server_patch("4.4", basic=True),
    "task_patch@4.0.8": lambda: _task("4.0.8", create=False),
    "new_task@4.4": lambda: _task("4.4", create=True),
    "task_patch@4.4": lambda: _task("4.4", create=False),
    "new_webhook@4.2+": lambda: _webhook(create=True),
    "webhook_patch@4.2+": lambda: _webhook(create=False),
    "backup_config@4.4.0": lambda: _backup_config("4.4", basic=False),
    "backup_config_basic@4.4.0": lambda: _backup_config("4.4", basic=True),
    "backup_config@4.4.8+": lambda: _backup_config("4.4.8", basic=False),
    "backup_config_basic@4.4.8+": lambda: _backup_config("4.4.8", basic=True),
    "backup_config_single@4.1-4.3": lambda: _backup_single(basic=False),
    "backup_file@4.4": lambda: _backup_file(in_place=True),
    "backup_file@4.3": lambda: _backup_file(in_place=False),
    "totp_verify@4.4.8+": _totp_verify,
    "api_key_create@4.4": _api_key_create,
    "config_json@4.4.8": lambda: _config_json("4.4.8"),
}
#: Schemas not in the reference under their own name (derived as its notes describe).
DERIVED = {
    "new_user@4.10": lambda: _new_user("4.10"),  # read from the 4.10.7 source (users_controller)
    # 4.10.7's basic role schemas have mfa_required, which create reads unconditionally (4.4.8+)
    "create_role_basic@4.4.8+": lambda: _role("4.4.8", create=True, basic=True),
    "modify_role_basic@4.4.8+": lambda: _role("4.4.8", create=False, basic=True),
    "user_patch@4.10": lambda: _user_patch("4.10"),
    "backup_config_single_basic@4.1-4.3": lambda: _backup_single(basic=True),
    "config_json@4.4": lambda: _config_json("4.4"),
    "api_key_create@4.3": lambda: _api_key_create("superuser"),  # full_access was called superuser before 4.4.0
}

#: The names ``GET /api/v2/jsonschema`` lists (all versions).
JSONSCHEMA_ENDPOINT_NAMES = ["login", "modify_role", "create_role", "server_patch", "new_server", "user_patch",
                             "new_user", "task_patch"]


def public(schema):
    """``schema`` without Crafty's private ``error``/``fill`` hints (what the reference lists)."""
    if isinstance(schema, dict):
        return {key: public(value) for key, value in schema.items() if key not in ("error", "fill")}
    if isinstance(schema, list):
        return [public(item) for item in schema]
    return schema


class SchemaBook:
    """The schemas of one profile, selected by request kind and caller (superuser or not)."""

    def __init__(self, profile):
        self.profile = profile
        self._cache = {}

    def tag(self, kind: str, superuser: bool = True) -> str:
        """The reference name of the schema ``kind`` for this version and caller."""
        p = self.profile
        old = not p.at_least(4, 1, 0)
        basic = "" if superuser else "_basic"
        if kind == "login":
            return "login@4.0.8" if old else ("login@4.4.8+" if p.totp else "login@4.3-4.4.7")
        if kind in ("new_user", "user_patch"):
            return kind + ("@4.0.8" if old else "@4.10" if p.user_schema_410 else "@4.4")
        if kind in ("create_role", "modify_role"):
            if old:
                return kind + "@4.0.8"
            if p.role_mfa:
                return kind + basic + "@4.4.8+"
            return kind + basic + "@4.3-4.4.7"
        if kind == "new_server":
            return "new_server@4.0.8" if old else "new_server@4.3-4.4.7"
        if kind == "server_patch":
            return "server_patch@4.0.8" if old else "server_patch%s@4.4" % basic
        if kind in ("new_task", "task_patch"):
            return "task_patch@4.0.8" if old else kind + "@4.4"
        if kind in ("new_webhook", "webhook_patch"):
            return kind + "@4.2+"
        if kind == "backup_config":
            return "backup_config%s@%s" % (basic, "4.4.8+" if p.backup_type else "4.4.0")
        if kind == "backup_config_single":
            return "backup_config_single%s@4.1-4.3" % basic
        if kind == "backup_file":
            # the reference's 4.4 schema has inPlace, which only 4.4.8+ reads; 4.4.0-4.4.7 take filename alone
            return "backup_file@4.4" if p.restore_in_place else "backup_file@4.3"
        if kind == "config_json":
            return "config_json@4.4.8" if p.at_least(4, 4, 8) else "config_json@4.4"
        if kind == "totp_verify":
            return "totp_verify@4.4.8+"
        if kind == "api_key_create":
            return "api_key_create@4.4" if p.at_least(4, 4, 0) else "api_key_create@4.3"
        raise KeyError(kind)

    def schema(self, kind: str, superuser: bool = True) -> dict:
        name = self.tag(kind, superuser)
        if name not in self._cache:
            builder = BUILDERS.get(name) or DERIVED[name]
            schema = builder()
            # 4.0.8's schemas have no hints (its error_data is jsonschema's own text, schema included)
            self._cache[name] = schema if self.profile.translated_schema_errors else public(schema)
        return self._cache[name]

    def first_error(self, kind: str, body, superuser: bool = True):
        """The error ``jsonschema.validate`` would raise for ``body``, or None when it is valid."""
        validator = Draft7Validator(self.schema(kind, superuser))
        return best_match(validator.iter_errors(body))

    def message(self, error) -> str:
        """``error_data`` of INVALID_JSON_SCHEMA for this version."""
        if not self.profile.translated_schema_errors:
            return str(error)
        return crafty_message(error)


def crafty_message(error) -> str:
    """Newer Crafty: ``"<offending key> <translated hint> <enum>"`` from the failing subschema's hints."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    offending = ""
    if schema.get("fill"):
        offending = error.path[0] if error.path else None
    hint = schema.get("error", "additionalProperties")
    text = VALIDATOR_MESSAGES.get(hint, MISSING_TRANSLATION)
    return "%s %s %s" % (offending, text, schema.get("enum", ""))


def reference_schema(name: str) -> dict:
    """The public (hint-free) form of a named schema, for comparison with the reference."""
    builder = BUILDERS.get(name) or DERIVED[name]
    return public(copy.deepcopy(builder()))
