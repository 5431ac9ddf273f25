# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole desired-state document, reconciled with one panel in one run (apply), or read from it (export).

Every object goes through the same handlers and engine as the single-object
modules: the panel's driver builds the handler of each kind from a
:class:`~driver.Context` whose options come from the document, and
:class:`~reconcile.Reconciler` plans and applies. What this module adds:

- order: sections in dependency order (roles, users, servers, then each
  server's children); deletions last, in the reverse order;
- one read per collection: each top collection is listed once and handed to
  the engine (``current=``); a server's children are read only for servers
  the document names, and not at all for a server this run creates;
- references inside the document: after each top section, the objects as
  the run leaves them (planned ones too, in check mode) go to
  ``ctx.objects`` so later handlers resolve them without another read;
- paths: every error names the document path of the object at fault.

Handlers that are not reconcile adapters (Pterodactyl backups) take part as
*tasks*: ``handler.run(**fields)`` with an entry's fields, returning the
module result of that kind (``changed``, ``plan``, ``diff``). No panel is
named here.
"""

from __future__ import annotations

import re

from ansible_collections.gameops.panels.plugins.module_utils import document as doc
from ansible_collections.gameops.panels.plugins.module_utils.driver import MissingCredential, Unsupported, unsupported_options
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import (
    CREATE, DELETE, UNCHANGED, UPDATE, Adapter, Plan, ReconcileError, Reconciler, masking)
from ansible_collections.gameops.panels.plugins.module_utils.transport import PanelError

#: plan actions -> the words of the summary
SUMMARY = ((CREATE, "add"), (UPDATE, "change"), (DELETE, "destroy"))


class DocumentRun:
    """Apply one validated document to the panel behind ``ctx``.

    ``connection`` holds the connection options (they go into every
    handler's options, as in a module run); ``purge`` names the sections
    whose undeclared objects are deleted.
    """

    def __init__(self, ctx, document, connection, purge=(), update_password="on_create", report_unchanged=False):
        self.ctx = ctx
        #: the result's plan lists unchanged objects too (otherwise they are counted per section, see result())
        self.report_unchanged = report_unchanged
        self.driver = ctx.driver
        self.connection = dict(connection)
        self.purge = frozenset(purge)
        self.update_password = update_password
        self.top = dict((section.key, doc.entries(section, document.get(section.key), section.key))
                        for section in doc.TOP_SECTIONS)
        self.records = []
        self.diffs = []
        #: references a check-mode plan could not resolve (an earlier task may create the object)
        self.warnings = []
        self._deletions = []

    # -- before any request ------------------------------------------------------------------------

    def check(self):
        """Every problem a request is not needed to find: kinds and options the panel lacks, bad values."""
        problems = []
        for key in sorted(self.purge):
            section = doc.SECTION_BY_KEY[key]
            try:
                self.driver.handler_class(section.kind)
            except Unsupported as exc:
                problems.append(("purge", "%s: %s" % (key, exc.message)))
        for section in doc.TOP_SECTIONS:
            self._check_entries(section, self.top[section.key], section.key, problems)
            for entry in self.top[section.key]:
                for child in doc.children(section):
                    declared = entry.children.get(child.key)
                    if declared and entry.absent:
                        problems.append(("%s.%s" % (entry.path, child.key),
                                         "is declared in a %s with state=absent" % section.kind))
                    self._check_entries(child, doc.entries(child, declared, "%s.%s" % (entry.path, child.key)),
                                        "%s.%s" % (entry.path, child.key), problems)
        if problems:
            raise doc.DocumentError(problems)

    def _check_entries(self, section, entries, path, problems):
        if not entries:
            return
        try:
            handler_class = self.driver.handler_class(section.kind)
        except Unsupported as exc:
            problems.append((path, exc.message))
            return
        spec = doc.ENTRIES.get(section.key) or {}
        for entry in entries:
            params = entry.task_params(self.connection)
            for option, message in unsupported_options(self.driver, handler_class, spec, params):
                problems.append(("%s.%s" % (entry.path, option), message))
            try:
                self.driver.check_connection(params, handler_class)
                handler_class.check_params(params)
            except MissingCredential as exc:
                # a connection option, not the document, is at fault: say so once
                if (exc.option, exc.message) not in problems:
                    problems.append((exc.option, exc.message))
            except ReconcileError as exc:
                problems.append(_located(entry.path, exc))

    # -- the run -----------------------------------------------------------------------------------

    def run(self):
        """Plan and apply (predict, in check mode) every section; deletions last, in reverse order."""
        for section in self._top_in_order():
            entries = self.top[section.key]
            if not entries and section.key not in self.purge:
                continue
            ctx = self.ctx.scoped(self._params(section))
            handler = self.driver.handler_class(section.kind).build(ctx)
            current = handler.list()
            plan, present = self._reconcile(section, handler, entries, current, scope=section.key)
            self.ctx.objects[section.kind] = _after(handler, current, plan)
            if section.key == "servers":
                for entry, change in zip(present, plan.changes):
                    self._server_children(entry, change)
        for run_deletions in reversed(self._deletions):
            run_deletions()
        return self.result()

    def _top_in_order(self):
        """The top sections in the order the panel's driver declares (what objects refer to comes first)."""
        rank = dict((kind, position) for position, kind in enumerate(self.driver.document_order))
        return sorted(doc.TOP_SECTIONS, key=lambda section: rank.get(section.kind, len(rank)))

    def _params(self, section):
        params = dict(self.connection)
        params.update(doc.TASK_DEFAULTS.get(section.key) or {})
        if section.key == "servers":
            params["match_on"] = self._server_match_on()
        if section.key == "users":
            params["update_password"] = self.update_password
        return params

    def _server_match_on(self):
        servers = self.top["servers"]
        if servers and all(entry.fields.get("external_id") for entry in servers):
            return "external_id"
        return "name"

    def _server_children(self, entry, change):
        """Reconcile what a declared server holds; the server is as this run leaves (or would leave) it."""
        new = change.action == CREATE
        server = self.driver.document_server(change.result)
        for section in doc.children(doc.SECTION_BY_KEY["servers"]):
            path = "%s.%s" % (entry.path, section.key)
            entries = doc.entries(section, entry.children.get(section.key), path)
            if not entries and section.key not in self.purge:
                continue
            ctx = self.ctx.scoped(self._params(section), server=server)
            handler = self.driver.handler_class(section.kind).build(ctx)
            scope = "%s[%s].%s" % ("servers", change.key, section.key)
            if isinstance(handler, Adapter):
                # a server this run creates holds nothing yet (and, in check mode, cannot be read)
                self._reconcile(section, handler, entries, [] if new else handler.list(), scope=scope,
                                server=change.key)
            else:
                self._run_tasks(section, handler, entries, scope, change.key)

    def _reconcile(self, section, handler, entries, current, scope, server=None):
        """Plan one collection, apply all but its deletions now, and queue the deletions."""
        present = [e for e in entries if not e.absent]
        absent = [e for e in entries if e.absent]
        # an identity may span several fields (an AMP webhook is its event and its URL)
        absent_keys = [handler.key_of(dict(e.fields)) for e in absent]
        missing_key = [e for e, key in zip(absent, absent_keys) if key is None]
        if missing_key:
            raise ReconcileError("is required to delete a %s (state=absent)" % handler.kind,
                                 option="%s.%s" % (missing_key[0].path, handler.key))
        engine = Reconciler(handler, check_mode=self.ctx.check_mode, update_password=self.update_password)
        try:
            plan = engine.plan(desired=[dict(e.fields) for e in present], absent=absent_keys,
                               purge=section.key in self.purge, current=current)
        except ReconcileError as exc:
            raise _in_entry(exc, present)
        paths = dict((handler.normalize_key(key), e.path) for e, key in zip(absent, absent_keys))
        masked = masking(handler)
        kept = []
        for position, change in enumerate(plan.changes):
            path = present[position].path if position < len(present) else paths.get(change.key)
            for _field, value in sorted(change.unresolved.items()):
                self.warnings.append("%s: %s" % (path, value.warning()))
            if change.action != DELETE:
                self._apply(engine, plan, change, path)
                kept.append(change)
            # recorded as carried out: a create that lost a race to another run ends unchanged (or an update)
            self._record(section, change, path, masked, server)
        self._diff(scope, Plan(plan.kind, kept, masked))
        doomed = [(c, paths.get(c.key)) for c in plan.changes if c.action == DELETE]
        if doomed:
            def delete():
                for change, path in doomed:
                    self._apply(engine, plan, change, path)
                self._diff(scope, Plan(plan.kind, [c for c, _path in doomed], masked))
            self._deletions.append(delete)
        return plan, present

    def _apply(self, engine, plan, change, path):
        try:
            engine.apply(Plan(plan.kind, [change], frozenset()))
        except ReconcileError as exc:
            raise _at(exc, path, change, plan.show_key(change.key))
        except PanelError as exc:
            # what was being done, for the module's message; the panel's own error stays as it is
            exc.document_context = "%s %s %r (%s)" % (change.action, plan.kind, plan.show_key(change.key),
                                                      path or "not in the document")
            raise

    def _run_tasks(self, section, handler, entries, scope, server):
        """A kind whose handler is a task (``run(**fields)``), one run per entry, in document order."""
        for entry in entries:
            fields = dict(entry.fields, state=entry.state)
            try:
                result = handler.run(**fields)
            except ReconcileError as exc:
                raise _at(exc, entry.path)
            except PanelError as exc:
                exc.document_context = "%s (%s)" % (section.kind, entry.path)
                raise
            changes = result["plan"]["changes"]
            for change in changes:
                self.records.append(dict(change, kind=section.kind, path=entry.path, server=server))
            if not changes:
                key = entry.fields.get("name") or ", ".join("%s=%s" % item for item in sorted(entry.fields.items()))
                self.records.append({"action": UNCHANGED, "key": key, "kind": section.kind, "path": entry.path,
                                     "server": server})
            if result.get("diff") and (result["diff"].get("before") or result["diff"].get("after")):
                self.diffs.append(dict(result["diff"], before_header="%s (%s)" % (scope, entry.path),
                                       after_header="%s (%s)" % (scope, entry.path)))

    # -- the result --------------------------------------------------------------------------------

    def _record(self, section, change, path, masked, server):
        record = change.to_dict(masked)
        record.update(kind=section.kind, path=path)
        if server is not None:
            record["server"] = server
        if change.action == UNCHANGED:
            record.pop("fields")
        self.records.append(record)

    def _diff(self, scope, plan):
        diff = plan.diff()
        if diff["before"] or diff["after"]:
            self.diffs.append(dict(diff, before_header=scope, after_header=scope))

    def result(self):
        counts = dict((word, 0) for _action, word in SUMMARY)
        counts["unchanged"] = 0
        words = dict(SUMMARY)
        kinds = {}
        for record in self.records:
            word = words.get(record["action"], record["action"])
            counts[word] = counts.get(word, 0) + 1
            per_kind = kinds.setdefault(record["kind"], dict((w, 0) for w in counts))
            per_kind[word] = per_kind.get(word, 0) + 1
        changed = any(counts[word] for _action, word in SUMMARY) or any(
            r["action"] not in words and r["action"] != UNCHANGED for r in self.records)
        result = {
            "changed": changed,
            "summary": counts,
            "summary_text": summary_text(counts, self.ctx.check_mode),
            "drift": [drift_line(r) for r in self.records if r["action"] != UNCHANGED],
            "kinds": kinds,
        }
        result.update(shaped_plan(self.records, self.report_unchanged))
        return result


def shaped_plan(records, report_unchanged=False):
    """The result's ``plan``: every object that changes with its fields, and ``unchanged``, how many objects of each
    document section (``users``, ``servers.schedules``, ...) are left as they are; ``report_unchanged`` lists those
    in the plan too. A large document's no-op result stays small, and so does the time spent passing it back."""
    unchanged = {}
    for record in records:
        if record["action"] == UNCHANGED:
            section = SECTION_OF_PATH.sub("", record.get("path") or record["kind"])
            unchanged[section] = unchanged.get(section, 0) + 1
    plan = records if report_unchanged else [r for r in records if r["action"] != UNCHANGED]
    return {"plan": plan, "unchanged": unchanged}


#: a path's positions (``servers[3].schedules[0]`` -> ``servers.schedules``)
SECTION_OF_PATH = re.compile(r"\[[^\]]*\]")


def summary_text(counts, check_mode):
    """``Plan: 3 to add, 2 to change, 0 to destroy.`` (check mode) or what was done, as terraform says it."""
    if not any(counts.get(word) for _action, word in SUMMARY):
        return "No changes. The panel matches the document (%d objects)." % counts.get("unchanged", 0)
    if check_mode:
        return "Plan: %d to add, %d to change, %d to destroy." % (counts["add"], counts["change"], counts["destroy"])
    return "Apply complete! Resources: %d added, %d changed, %d destroyed." % (
        counts["add"], counts["change"], counts["destroy"])


SYMBOLS = {CREATE: "+", UPDATE: "~", DELETE: "-"}


def drift_line(record):
    """``~ server community-42 (servers[0]): limits`` - one line per object that differs."""
    where = record.get("path") or ("not in the document" if record.get("server") is None
                                   else "in server %s, not in the document" % record["server"])
    line = "%s %s %s (%s)" % (SYMBOLS.get(record["action"], record["action"]), record["kind"], record["key"], where)
    if record["action"] == UPDATE and record.get("fields"):
        line += ": " + ", ".join(sorted(record["fields"]))
    return line


def _after(handler, current, plan):
    """The collection as the run leaves it before deletions: listed objects, updated and created ones."""
    by_key = dict((handler.normalize_key(obj.get(handler.key)), obj) for obj in current)
    for change in plan.changes:
        if change.action != DELETE and change.result is not None:
            by_key[change.key] = change.result
    return list(by_key.values())


def _located(path, exc):
    option = exc.option
    return ("%s.%s" % (path, option) if option else path, exc.message)


def _in_entry(exc, present):
    """A ReconcileError from planning a collection, located at the entry the engine was on."""
    if exc.index is not None and exc.index < len(present):
        return _at(exc, present[exc.index].path)
    return exc


def _at(exc, path, change=None, key=None):
    where, message = _located(path, exc) if path else (exc.option, exc.message)
    if change is not None and change.action != UNCHANGED:
        message = "%s %r (%s): %s" % (change.action, change.key if key is None else key, path or "not in the document",
                                      message)
    located = ReconcileError(message, option=where, changed=exc.changed)
    located.index = exc.index
    return located


# -- export ----------------------------------------------------------------------------------------

def export_document(ctx, connection, sections):
    """The document ``apply`` takes for what the panel holds: ``(document, skipped)``.

    ``sections`` names the sections to read; those the panel (or its
    version) lacks are skipped with the reason, and so are kinds whose
    handler is a task without ``export_objects`` (Pterodactyl's backups are
    data, not configuration). A handler may list its objects itself
    (``export_objects() -> [(module form, panel object)]``, when the list
    lacks fields only a detail read has) and say what it left out
    (``export_notes``). Secret fields hold :data:`document.SECRET_PLACEHOLDER`.
    Every credential check happens before the first request.
    """
    driver = ctx.driver
    skipped, classes = [], {}
    for section in doc.SECTIONS:
        if section.key not in sections:
            continue
        try:
            handler_class = driver.handler_class(section.kind)
        except Unsupported:
            skipped.append("%s (%s has none)" % (section.key, driver.title))
            continue
        params = dict(connection, **(doc.TASK_DEFAULTS.get(section.key) or {}))
        handler_class.check_params(params, info=True)
        classes[section.key] = (handler_class, params)

    def listed(section, server=None, where=None):
        handler_class, params = classes[section.key]
        try:
            handler = handler_class.build(ctx.scoped(params, server=server))
        except Unsupported as exc:
            # a kind this version of the panel lacks (schedules on Crafty 4.0.8): a note, not a failure
            skipped.append("%s%s (%s)" % (section.key, " of %s" % where if where else "", exc.message))
            return None
        export_objects = getattr(handler, "export_objects", None)
        if export_objects is None:
            if not isinstance(handler, Adapter):
                skipped.append("%s (data, not configuration)" % section.key)
                return None
            pairs = [(handler.export(obj), obj) for obj in handler.list()]
        else:
            pairs = export_objects()
        skipped.extend("%s: %s" % ("%s of %s" % (section.key, where) if where else section.key, note)
                       for note in getattr(handler, "export_notes", ()))
        # only what this panel's module takes (another panel's option of the same name is not this panel's)
        return [(dict((k, v) for k, v in exported_obj.items() if k in handler_class.options), obj)
                for exported_obj, obj in pairs]

    document = {}
    for section in doc.TOP_SECTIONS:
        if section.key not in classes:
            continue
        objects = listed(section) or []
        document[section.key] = []
        for exported_obj, obj in objects:
            entry = doc.exported(section, exported_obj)
            document[section.key].append(entry)
            server = driver.document_server(obj) if doc.children(section) else None
            for child in doc.children(section):
                if child.key not in classes:
                    continue
                unreadable = driver.document_children_unreadable(server)
                if unreadable:
                    skipped.append("%s of server %s (%s)" % (child.key, exported_obj.get("name"), unreadable))
                    continue
                items = listed(child, server=server, where="server %s" % exported_obj.get("name"))
                if items:
                    entry[child.key] = [doc.exported(child, item) for item, _raw in items]
    return document, sorted(set(skipped))
