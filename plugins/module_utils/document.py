# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The desired-state document of one panel: its sections, its schema and its validation.

A document is what ``gameops.panels.apply`` takes and ``gameops.panels.export``
writes::

    users:     [{username, email, ...}, ...]
    roles:     [...]
    locations: [{short, long}]
    nodes:     [{name, location, fqdn, ..., allocations: [{ip, ports}]}]
    servers:
      - name: survival
        owner: alice
        limits: {memory: 4096}
        deployment: {locations: [eu-west]}
        subusers:  [{email, permissions}]
        databases: [{name, remote}]
        backups:   [{keep_last: 7, keep_last_match: "*"}]
        schedules: [{name, cron, tasks}]
        webhooks:  [...]
        files:     [{path, content}]
        configs:   [{path, format, settings}]

Each section is a list of entries of one *kind*, and an entry takes the
fields of that kind (``users`` entries take the options of
``gameops.panels.user`` that describe a user, as ``kinds/user.py`` declares
them), plus ``state``. The field schema is generated from
the modules' documentation into ``document_schema.py`` by
``tools/document_schema.py --write``, which also writes the ``document``
doc fragment and the ``panel_config`` role's argument spec, so the modules,
the document, its validation and its docs cannot drift apart (a test fails
when a generated file is out of date).

Validation is by hand rather than with jsonschema: the schema is in
Ansible's own argument-spec format (what the role's argument_specs.yml
needs anyway), values are converted with Ansible's own type checks (so
``memory: "2048"`` behaves as in the single-object modules), and every
error names the path of the bad value (``servers[3].limits.memory``). No
Ansible import outside ``ansible.module_utils``; no request is made here.
"""

from __future__ import annotations

import difflib

from ansible.module_utils.common.validation import (
    check_type_bool, check_type_dict, check_type_float, check_type_int, check_type_list, check_type_str)

from ansible_collections.gameops.panels.plugins.module_utils.document_schema import ENTRIES, TASK_DEFAULTS

#: what export writes for a secret the panel never returns; apply leaves a field holding it unset
SECRET_PLACEHOLDER = "<secret: not exported>"


class Section:
    """One section of the document: which kind its entries are, and where it sits."""

    def __init__(self, key, kind, parent=None, purge=True, overrides=None, description="", exported=True):
        #: the document key (``users``)
        self.key = key
        #: the kind a panel driver maps to a handler (``user``); ``kinds/<kind>.py`` declares its fields, and its
        #: module's DOCUMENTATION describes them
        self.kind = kind
        #: the section its entries live under (``servers``), or None at the top
        self.parent = parent
        #: whether ``purge`` may name it (remove what the panel has and the document lacks)
        self.purge = purge
        #: whether export can write it (a server's files are not: the panel does not say which a document manages)
        self.exported = exported
        #: option -> documentation keys replacing the module's (choices, description)
        self.overrides = overrides or {}
        self.description = description

    def __repr__(self):
        return "Section(%s)" % self.key


STATE_DESCRIPTION = ["V(present) (the default) creates or updates the entry, V(absent) deletes it."]

#: Every section, in dependency order: what an entry refers to comes before it. Deletions run
#: in the reverse order (a server's children, then servers, nodes, locations, users, roles).
SECTIONS = (
    Section("roles", "role", description=[
        "Roles (Crafty, AMP): entries take the options of M(gameops.panels.role)."]),
    Section("users", "user", description=[
        "Panel users, matched on their username: entries take the options of M(gameops.panels.user).",
        "Passwords follow the C(update_password) option of the task that applies the document."], overrides={
        "username": {"description": [
            "Login name; it identifies the user (Pterodactyl stores it lower-cased). Required."]},
    }),
    Section("locations", "location", description=[
        "Locations (Pterodactyl), matched on their short name: entries take the options of"
        " M(gameops.panels.location). They are handled before nodes and servers, so a node's C(location) and a"
        " server's C(deployment.locations) may name a location of the same document."]),
    Section("nodes", "node", description=[
        "Nodes (Pterodactyl) with their allocations, matched on their name: entries take the options of"
        " M(gameops.panels.node). They are handled before servers, so a server's C(deployment) or C(allocation) may"
        " name a node of the same document, or a location it serves. An allocation a server uses is never removed."]),
    Section("servers", "server", description=[
        "Game servers: entries take the options of M(gameops.panels.server), plus the objects that live in the"
        " server (C(subusers), C(databases), C(backups), C(schedules), C(webhooks), C(files), C(configs)). A server's settings are its own options"
        " (C(settings) on AMP, C(environment) on Pterodactyl).",
        "C(deployment) and C(allocation) only place a new server; they are never compared with an existing one."], overrides={
        "name": {"description": [
            "Server name. Servers are matched on C(external_id) when every server of the document has one,"
            " otherwise on C(name) (which must then be unique on the panel)."]},
        "external_id": {"description": [
            "An identifier of your own, unique on the panel; the most robust identity for a server."]},
        "state": {"choices": ["present", "absent"], "description": STATE_DESCRIPTION + [
            "A reinstall is an action, not a state: use M(gameops.panels.server) with C(state=reinstalled)."]},
    }),
    Section("subusers", "subuser", parent="servers", description=[
        "Subusers of the server (Pterodactyl): entries take the options of M(gameops.panels.subuser)."]),
    Section("databases", "database", parent="servers", description=[
        "Databases of the server (Pterodactyl, through the client API, so the document's run needs a client key):"
        " entries take the options of M(gameops.panels.database) that describe a database (C(name), C(remote)).",
        "A database's password is never part of the document: export leaves it out and apply neither reads nor"
        " returns it (use M(gameops.panels.database_info) with C(return_password=true) to read it)."]),
    Section("backups", "backup", parent="servers", purge=False, description=[
        "Backups of the server: entries take the options of M(gameops.panels.backup). An entry with"
        " C(keep_last) and C(keep_last_match) and no C(name) is a retention policy. New backups are waited"
        " for.",
        "Backups are data, not configuration: they are never purged and never exported."], overrides={
        "state": {"choices": ["present", "absent", "locked", "unlocked"], "description": [
            "V(present) makes sure a backup of this name exists (started once when missing);"
            " V(locked) and V(unlocked) also set its lock; V(absent) deletes it.",
            "Restoring is an action, not a state: use M(gameops.panels.backup) for it."]},
    }),
    Section("schedules", "schedule", parent="servers", description=[
        "Schedules of the server and their ordered tasks: entries take the options of"
        " M(gameops.panels.schedule)."]),
    Section("webhooks", "webhook", parent="servers", description=[
        "Webhooks of the server (Crafty, AMP): entries take the options of M(gameops.panels.webhook)."]),
    Section("files", "server_file", parent="servers", purge=False, exported=False, description=[
        "Whole files of the server, matched on their C(path): entries take the options of"
        " M(gameops.panels.server_file) that describe a file (C(path), C(content), C(state)). A file is read and"
        " written only when its text differs; the plan and C(--diff) show a unified diff, the values of"
        " secret-looking keys masked.",
        "C(content) is text: template it where the document is built (Ansible's template lookup); C(src), a path on"
        " the controller, and C(restart), an action, are options of the module's task only.",
        "The panel does not tell which of a server's files are managed: they are never purged and never exported."]),
    Section("configs", "server_config", parent="servers", purge=False, exported=False, description=[
        "Named keys of structured files of the server (properties, json, yaml, ini), matched on their C(path):"
        " entries take the options of M(gameops.panels.server_config) that describe the keys (C(path), C(format),"
        " C(settings), C(state)); the rest of each file is left as it is. A file is written only when a key"
        " differs; the values of secret-looking keys are masked in the plan, the diff and the result.",
        "C(restart), an action, is an option of the module's task only.",
        "Which keys of a file are managed is known only to the document: configs are never purged and never"
        " exported."]),
)

SECTION_BY_KEY = dict((s.key, s) for s in SECTIONS)
TOP_SECTIONS = tuple(s for s in SECTIONS if s.parent is None)


def children(section):
    return tuple(s for s in SECTIONS if s.parent == section.key)


PURGEABLE = tuple(s.key for s in SECTIONS if s.purge)
#: the sections export can be asked for
EXPORTABLE = tuple(s.key for s in SECTIONS if s.exported)


# -- the schema -------------------------------------------------------------------------------------

def entry_spec(section):
    """The argument-spec form of one entry of ``section`` (nested sections included)."""
    options = dict(ENTRIES.get(section.key) or {})
    for child in children(section):
        options[child.key] = section_spec(child)
    return options or None


def section_spec(section):
    spec = {"type": "list", "elements": "dict"}
    options = entry_spec(section)
    if options:
        spec["options"] = options
    return spec


def schema():
    """The whole document as an argument spec: ``{section key: spec}`` for the top sections."""
    return dict((section.key, section_spec(section)) for section in TOP_SECTIONS)


# -- validation -------------------------------------------------------------------------------------

class DocumentError(Exception):
    """A document that does not fit the schema (or the panel): every problem, each with its path."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.message)

    @property
    def path(self):
        return self.problems[0][0] if self.problems else None

    @property
    def message(self):
        shown = ["%s: %s" % (path, message) if path else message for path, message in self.problems[:10]]
        more = len(self.problems) - len(shown)
        return "; ".join(shown) + ("; and %d more" % more if more > 0 else "")


def join(path, name):
    return "%s.%s" % (path, name) if path else name


def _string(value):
    # numbers and booleans become strings, as in a module; a list or a mapping is a mistake
    if isinstance(value, (dict, list, tuple)):
        raise TypeError("%s cannot be converted to a str" % type(value).__name__)
    return check_type_str(value, allow_conversion=True)


_CONVERTERS = {
    "str": _string,
    "int": check_type_int,
    "bool": check_type_bool,
    "float": check_type_float,
    "dict": check_type_dict,
    "list": check_type_list,
    "raw": lambda value: value,
}


class Validator:
    """Checks a document against :func:`schema` and converts its values like Ansible does.

    ``problems`` collects ``(path, message)``; ``secrets`` the values of
    ``no_log`` fields (to mask in every output); ``placeholders`` the paths
    of secrets left as :data:`SECRET_PLACEHOLDER` (dropped from the result).
    """

    def __init__(self):
        self.problems = []
        self.secrets = []
        self.placeholders = []
        # per spec, by identity: its aliases, its elements' spec (see _per_spec)
        self._aliases = {}
        self._elements = {}

    def document(self, document):
        if document is None:
            document = {}
        if not isinstance(document, dict):
            self.problems.append(("", "a document is a mapping of sections (%s), got %s"
                                  % (", ".join(s.key for s in TOP_SECTIONS), type(document).__name__)))
            raise DocumentError(self.problems)
        result = self.options(document, schema(), "", what="section")
        if self.problems:
            raise DocumentError(self.problems)
        return result

    def options(self, value, spec, path, what="field"):
        """A mapping checked against ``spec``: unknown keys, aliases, required keys, each value."""
        aliases = _per_spec(self._aliases, spec, lambda: dict(
            (alias, name) for name, option in spec.items() for alias in option.get("aliases") or ()))
        out = {}
        for key in value:
            name = aliases.get(key, key)
            if name not in spec:
                known = sorted(spec)
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = "did you mean %r? " % close[0] if close else ""
                self.problems.append((join(path, str(key)), "unknown %s (%sknown: %s)" % (what, hint, ", ".join(known))))
                continue
            if name in out:
                self.problems.append((join(path, str(key)), "is set twice (%s is an alias of %s)" % (key, name)))
                continue
            checked = self.value(value[key], spec[name], join(path, name))
            if checked is not None:
                out[name] = checked
        for name, option in spec.items():
            if option.get("required") and name not in out:
                self.problems.append((join(path, name), "is required"))
        return out

    def value(self, value, spec, path):
        if value is None:
            return None
        secret = spec.get("no_log")
        if secret and value == SECRET_PLACEHOLDER:
            self.placeholders.append(path)
            return None
        if secret:
            # masked even when the value is of the wrong type (the task's arguments are reported back)
            self.secrets.extend(_scalars(value))
        kind = spec.get("type", "raw")
        try:
            value = _CONVERTERS.get(kind, _CONVERTERS["raw"])(value)
        except (TypeError, ValueError) as exc:
            got = "" if secret else ", got %r" % (value,)
            reason = "" if secret else " (%s)" % exc
            self.problems.append((path, "must be of type %s%s%s" % (kind, got, reason)))
            return None
        if kind == "dict" and spec.get("options"):
            return self.options(value, spec["options"], path)
        if kind == "list" and spec.get("elements"):
            return [checked for checked in (self.element(item, spec, "%s[%d]" % (path, index))
                                            for index, item in enumerate(value)) if checked is not None]
        return self.choice(value, spec, path)

    def element(self, item, spec, path):
        element = _per_spec(self._elements, spec, lambda: dict(
            ((name, value) for name, value in spec.items() if name != "elements"), type=spec["elements"]))
        if item is None:
            self.problems.append((path, "is empty"))
            return None
        return self.value(item, element, path)

    def choice(self, value, spec, path):
        choices = spec.get("choices")
        if choices is not None and value not in choices:
            shown = "" if spec.get("no_log") else ", got %r" % (value,)
            self.problems.append((path, "must be one of %s%s" % (", ".join(str(c) for c in choices), shown)))
            return None
        return value


def _per_spec(cache, spec, make):
    """``make()`` once per ``spec`` dict: the cache holds the spec beside the value, so its id is not reused."""
    held = cache.get(id(spec))
    if held is None:
        held = cache[id(spec)] = (spec, make())
    return held[1]


def _scalars(value):
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _scalars(v)]
    return [str(value)] if value not in (None, "") else []


def validate(document):
    """``(document, validator)``: the document with values converted, or DocumentError."""
    validator = Validator()
    return validator.document(document), validator


# -- entries ------------------------------------------------------------------------------------------

class Entry:
    """One declared object: where it is in the document, its fields and its state."""

    def __init__(self, section, path, fields):
        self.section = section
        self.path = path
        fields = dict(fields)
        self.state = fields.pop("state", "present")
        #: the nested sections' entries, by section key
        self.children = dict((child.key, fields.pop(child.key)) for child in children(section) if child.key in fields)
        #: the fields the object is compared on
        self.fields = fields

    @property
    def absent(self):
        return self.state == "absent"

    def task_params(self, connection):
        """The options a single-object module run for this entry would have (for a handler's checks)."""
        params = dict(connection)
        params.update(TASK_DEFAULTS.get(self.section.key) or {})
        params.update(self.fields)
        params["state"] = self.state
        return params


def entries(section, declared, path):
    """The entries of one section as declared (already validated)."""
    if declared is None:
        return []
    return [Entry(section, "%s[%d]" % (path, index), fields) for index, fields in enumerate(declared)]


def exported(section, obj):
    """``obj`` (a panel object in its module's form) reduced to what an entry of ``section`` declares."""
    if section.key not in ENTRIES:
        # a free-form section (its module does not exist yet): everything the handler lists
        return dict((k, v) for k, v in obj.items() if v is not None)
    spec = ENTRIES[section.key]
    out = _declared_fields(obj, spec)
    for name, option in spec.items():
        if option.get("no_log"):
            out[name] = SECRET_PLACEHOLDER
    return out


def _declared_fields(obj, spec):
    out = {}
    for name, option in spec.items():
        value = obj.get(name)
        if value is None or option.get("no_log") or name == "state":
            continue
        if option.get("type") == "dict" and option.get("options") and isinstance(value, dict):
            value = _declared_fields(value, option["options"])
        elif option.get("type") == "list" and option.get("options") and isinstance(value, list):
            value = [_declared_fields(item, option["options"]) for item in value if isinstance(item, dict)]
        out[name] = value
    return out
