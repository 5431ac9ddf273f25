# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole desired-state document, reconciled with one panel in one run (apply), or read from it (export).

Every object goes through the same handlers and engine as the single-object
modules: the panel's driver builds the handler of each kind from a
:class:`~driver.Context` whose options come from the document, and
:class:`~reconcile.Reconciler` plans and applies. What this module adds:

- order: sections in dependency order (roles, users, locations, nodes,
  servers, then each server's children); deletions last, in the reverse order;
- one read per collection: each top collection is listed once and handed to
  the engine (``current=``); a server's children are read only for servers
  the document names, and not at all for a server this run creates;
- references inside the document: after each top section, the objects as
  the run leaves them (planned ones too, in check mode) go to
  ``ctx.objects`` so later handlers resolve them without another read;
- paths: every error names the document path of the object at fault.

Handlers that are not reconcile adapters (backups, a server's files and
configs) take part as *tasks*: ``handler.run(**fields)`` with an entry's
fields, returning what the run did (a :class:`~.task_run.TaskRun`: whether
it changed anything, its plan's changes, its diff). ``task_key`` names the
field an unchanged entry is reported by (``name`` unless the handler says
otherwise). A task runs in check mode in the planning pass, and for real in
the second only when its plan changes something. No panel is named here.
"""

from __future__ import annotations

import copy
import re

from ansible_collections.gameops.panels.plugins.module_utils import document as doc
from ansible_collections.gameops.panels.plugins.module_utils.connection import CONNECTION_ARGS
from ansible_collections.gameops.panels.plugins.module_utils.driver import unsupported_options
from ansible_collections.gameops.panels.plugins.module_utils.errors import (
    MissingCredential, PanelError, ReconcileError, Unsupported)
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import (
    CREATE, DELETE, UNCHANGED, UPDATE, Adapter, Plan, Reconciler, masking)

#: plan actions -> the words of the summary
SUMMARY = ((CREATE, "add"), (UPDATE, "change"), (DELETE, "destroy"))


class _Step:
    """One collection of a run (a top section, or one section of one server): planned first, then carried out.

    ``records`` are its lines of the result's plan; ``unmanaged`` the keys of objects the panel holds in it that
    the document does not declare; ``children`` (a servers step) ``[(entry, change, [child steps])]``.
    """

    def __init__(self, section, entries, path, scope, server=None, params=None, server_object=None):
        self.section = section
        self.entries = entries
        #: the document path of the section (``users``, ``servers[0].schedules``)
        self.path = path
        #: what the diff headers name (``servers[survival].schedules``)
        self.scope = scope
        #: the key of the server this collection lives in (None at the top)
        self.server = server
        self.params = params
        #: the server (as per-server handlers take it) the handler was built with
        self.server_object = server_object
        self.handler = None
        self.engine = None
        self.plan = None
        self.current = []
        self.present = []
        self.paths = {}
        self.masked = frozenset()
        self.records = []
        self.diffs = []
        self.unmanaged = []
        self.children = []
        #: a task-like kind (``run(**fields)``), and whether its plan changes anything
        self.task = False
        self.task_changes = False
        #: planned against nothing because the server's contents cannot be read yet: planned again once it can
        self.deferred = False
        #: the task's handler is one of the real run (not the first pass's check-mode one)
        self.real = False

    @property
    def changes(self):
        return self.task_changes if self.task else self.plan is not None and self.plan.changed

    def path_of(self, position, change):
        return self.present[position].path if position < len(self.present) else self.paths.get(change.key)


class DocumentRun:
    """Apply one validated document to the panel behind ``ctx``.

    ``connection`` holds the connection options (they go into every
    handler's options, as in a module run); ``purge`` names the sections
    whose undeclared objects are deleted; ``placeholders`` the document paths
    whose secret held export's placeholder (the validator dropped them).

    A run has two passes. The first reads every collection once and plans
    every section, collecting every problem the panel's state reveals (a
    reference to nothing, a field a create needs, ...), each with its document
    path; when there is one, the run stops there, before any write. The second
    carries the plans out in the same order, handing each handler the objects
    earlier sections wrote (:meth:`Handler.know`); what a server holds is
    planned again only where the first pass could not read it (a server this
    run creates, or one it makes readable).
    """

    def __init__(self, ctx, document, connection, purge=(), update_password="on_create", placeholders=(),
                 report_unchanged=False):
        self.ctx = ctx
        #: the result's plan lists unchanged objects too (otherwise they are counted per section, see result())
        self.report_unchanged = report_unchanged
        self.driver = ctx.driver
        self.connection = dict(connection)
        self.purge = frozenset(purge)
        self.update_password = update_password
        self.placeholders = frozenset(placeholders)
        document = document or {}
        #: the top sections the document names (an empty list included): only those are read and compared
        self.declared = frozenset(key for key in document if key in doc.SECTION_BY_KEY and document[key] is not None)
        self.top = dict((section.key, doc.entries(section, document.get(section.key), section.key))
                        for section in doc.TOP_SECTIONS)
        #: kind -> the names (lower-cased) of the objects the document declares present: a reference to another
        #: object can come from no earlier task, so check mode fails on it as the real run does
        self.names = dict((section.kind, set(str(entry.fields[field]).lower() for entry in self.top[section.key]
                                             if not entry.absent
                                             for field in ("name", "username", "external_id", "short")
                                             if entry.fields.get(field) is not None))
                          for section in doc.TOP_SECTIONS)
        self.steps = []
        self.records = []
        self.diffs = []
        #: references a check-mode plan could not resolve (an earlier task may create the object)
        self.warnings = []
        self.problems = []
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
            except ReconcileError as exc:
                if isinstance(exc, MissingCredential) or exc.option in CONNECTION_ARGS:
                    # a connection option (a missing credential, a key of the wrong API), not the document, is at
                    # fault: say so once, under the option's own name
                    if (exc.option, exc.message) not in problems:
                        problems.append((exc.option, exc.message))
                else:
                    problems.append(_located(entry.path, exc))

    # -- the run -----------------------------------------------------------------------------------

    def run(self):
        """Plan every section (reads only), then carry the plans out; deletions last, in reverse order.

        Raises :class:`document.DocumentError` with every problem the plan found, before any write (in check
        mode too).
        """
        self._plan_all()
        if self.problems:
            raise doc.DocumentError(self.problems)
        if self.ctx.check_mode:
            for step in self._all_steps():
                if not step.task and step.plan is not None:
                    step.engine.apply(step.plan)  # predicted results, for the diff
        elif any(step.changes for step in self._all_steps()):
            self._carry_out_all()
        return self.result()

    def _all_steps(self):
        for step in self.steps:
            yield step
            for _entry, _change, children in step.children:
                yield from children

    # -- the first pass: plan everything -----------------------------------------------------------

    def _plan_all(self):
        for section in self._top_in_order():
            if section.key not in self.declared and section.key not in self.purge:
                continue
            try:
                handler_class = self.driver.handler_class(section.kind)
            except Unsupported:
                continue  # an empty section of a kind the panel lacks (check() refused a section with entries)
            params = self._params(section)
            handler = handler_class.build(self.ctx.scoped(params))
            current = handler.list()
            step = _Step(section, self.top[section.key], section.key, section.key, params=params)
            self._plan_step(step, handler, current)
            self.steps.append(step)
            self.ctx.objects[section.kind] = _after(handler, current, step.plan, predicted=True)
            if section.key == "servers" and step.plan is not None:
                for entry, change in zip(step.present, step.plan.changes):
                    step.children.append((entry, change, self._plan_children(entry, change)))

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

    def _plan_children(self, entry, change):
        """Plan what a declared server holds. A server this run creates holds nothing yet, and one whose
        contents cannot be read before the run changes it (an AMP instance it starts) is planned as holding
        nothing: both are planned again in the second pass, once the server is as the run leaves it."""
        steps = []
        declared = [section for section in doc.children(doc.SECTION_BY_KEY["servers"])
                    if (section.key in entry.children or section.key in self.purge)
                    and section.kind in self.driver.handlers]
        if not declared:
            return steps
        new = change.action == CREATE
        after = self.driver.document_server(change.result if change.result is not None else change.desired)
        now = None if new else self.driver.document_server(change.current)
        unreadable_after = self.driver.document_children_unreadable(after)
        deferred = new or bool(self.driver.document_children_unreadable(now))
        planned_server = self.driver.document_unread_server(after) if deferred else now
        for section in declared:
            path = "%s.%s" % (entry.path, section.key)
            entries = doc.entries(section, entry.children.get(section.key), path)
            if unreadable_after:
                if entries:
                    self.problems.append((path, unreadable_after))
                continue
            params = self._params(section)
            step = _Step(section, entries, path, "%s[%s].%s" % ("servers", change.key, section.key),
                         server=change.key, params=params, server_object=planned_server)
            step.deferred = deferred
            if deferred and not new and self.ctx.check_mode:
                self.warnings.append("%s: what server %r holds is read once this run has changed it; planned as "
                                     "holding nothing (check mode)" % (path, change.key))
            handler_class = self.driver.handler_class(section.kind)
            # a task-like kind is run in check mode for its plan (and for real in the second pass)
            task = not issubclass(handler_class, Adapter)
            handler = handler_class.build(self.ctx.scoped(params, server=planned_server, check_mode=True if task else None))
            if isinstance(handler, Adapter):
                self._plan_step(step, handler, [] if deferred else handler.list())
            else:
                self._plan_tasks(step, handler)
            steps.append(step)
        return steps

    def _plan_step(self, step, handler, current):
        """Plan one collection; a problem with one entry is noted and the rest planned without it."""
        section = step.section
        step.handler, step.current = handler, current
        present = [e for e in step.entries if not e.absent]
        absent, absent_keys = [], []
        for entry in step.entries:
            if not entry.absent:
                continue
            # an identity may span several fields (an AMP webhook is its event and its URL)
            key = handler.key_of(dict(entry.fields))
            if key is None:
                self.problems.append(("%s.%s" % (entry.path, handler.key),
                                      "is required to delete a %s (state=absent)" % handler.kind))
                continue
            absent.append(entry)
            absent_keys.append(key)
        # what a declared object grants is compared whole (see Handler.grants)
        handler.exact_grants = True
        handler.document_names = self.names
        purge = section.key in self.purge
        engine = Reconciler(handler, check_mode=self.ctx.check_mode, update_password=self.update_password)
        plan = None
        while plan is None:
            try:
                plan = engine.plan(desired=[self._desired(handler, e) for e in present], absent=absent_keys,
                                   purge=purge, current=current)
            except ReconcileError as exc:
                if exc.index is None or exc.index >= len(present):
                    self.problems.append(self._problem(step.path, exc))
                    return
                self.problems.append(self._problem(present[exc.index].path, exc,
                                                   present[exc.index].fields.get(handler.key)))
                present = present[:exc.index] + present[exc.index + 1:]
        step.engine, step.plan, step.present = engine, plan, present
        step.paths = dict((handler.normalize_key(key), e.path) for e, key in zip(absent, absent_keys))
        step.masked = masking(handler)
        step.records = []
        for position, change in enumerate(plan.changes):
            path = step.path_of(position, change)
            step.records.append(self._record(section, change, path, step.masked, step.server))
            for _field, value in sorted(change.unresolved.items()):
                self.warnings.append("%s: %s" % (path, value.warning()))
        if not purge:
            # what the panel holds and no entry declares; objects the panel makes itself and never deletes (AMP's
            # built-in roles) are not unmanaged
            declared = set(change.key for change in plan.changes) | set(step.paths)
            builtin = getattr(handler, "builtin", lambda obj: False)
            step.unmanaged = sorted(set(str(plan.show_key(obj.get(handler.key))) for obj in current
                                        if handler.normalize_key(obj.get(handler.key)) not in declared
                                        and not builtin(obj)))

    def _desired(self, handler, entry):
        fields = dict(entry.fields)
        for field, nothing in (getattr(handler, "grants", None) or {}).items():
            if fields.get(field) is None:
                fields[field] = copy.deepcopy(nothing)
        return fields

    def _plan_tasks(self, step, handler):
        """A kind whose handler is a task (``run(**fields)``), run in check mode for its plan, one run per entry."""
        step.task, step.handler, step.records, step.diffs = True, handler, [], []
        for entry in step.entries:
            try:
                run = self._run_task(step, handler, entry)
            except ReconcileError as exc:
                self.problems.append(self._problem(entry.path, exc))
                continue
            step.task_changes = step.task_changes or run.changed
        undeclared = getattr(handler, "undeclared", None)
        if undeclared is not None and step.section.key not in self.purge:
            step.unmanaged = sorted(undeclared([dict(e.fields) for e in step.entries]))

    def _run_task(self, step, handler, entry):
        fields = dict(entry.fields, state=entry.state)
        try:
            run = handler.run(**fields)
        except ReconcileError as exc:
            raise _at(exc, entry.path)
        except PanelError as exc:
            exc.document_context = "%s (%s)" % (step.section.kind, entry.path)
            raise
        changes = run.plan_dict()["changes"]
        for change in changes:
            step.records.append(dict(change, kind=step.section.kind, path=entry.path, server=step.server))
        if not changes:
            key = entry.fields.get(getattr(handler, "task_key", "name"))
            if key is None:
                key = ", ".join("%s=%s" % item for item in sorted(entry.fields.items()))
            step.records.append({"action": UNCHANGED, "key": key, "kind": step.section.kind, "path": entry.path,
                                 "server": step.server})
        diff = run.diff() or {}
        header = "%s (%s)" % (step.scope, entry.path)
        if diff.get("before") or diff.get("after"):
            step.diffs.append(dict(diff, before_header=header, after_header=header))
        elif diff.get("prepared"):
            # a unified diff the task wrote itself (a file's text, secrets masked): which entry it is, then the diff
            step.diffs.append({"prepared": "# %s\n%s" % (header, diff["prepared"])})
        return run

    def _problem(self, path, exc, name=None):
        """``(path, message)`` of a problem the plan found; a secret left as export's placeholder says so, and
        what to put there (``name``: the key of the object, for the example)."""
        where, message = _located(path, exc)
        if where in self.placeholders:
            field = where.rsplit(".", 1)[-1]
            message = ("holds %s, the placeholder export writes for a secret the panel never returns, and apply "
                       "leaves it unset; but it %s. Put the real value there, from a vault for example (%s: "
                       "\"{{ %s }}\")" % (doc.SECRET_PLACEHOLDER, message, field,
                                          _vault_name(["vault", name or path, field])))
        return where, message

    # -- the second pass: carry the plans out --------------------------------------------------------

    def _carry_out_all(self):
        # from now on ctx.objects holds the objects as written (with their ids), section by section
        self.ctx.objects.clear()
        for step in self.steps:
            self._carry_out(step)
            self.ctx.objects[step.section.kind] = _after(step.handler, step.current, step.plan)
            for _entry, change, children in step.children:
                for child in children:
                    if child.deferred:
                        self._plan_again(child, change)
                    self._carry_out(child)
        for run_deletions in reversed(self._deletions):
            run_deletions()

    def _plan_again(self, step, change):
        """Plan what a server holds now that it is as this run left it (created, or made readable)."""
        step.server_object = self.driver.document_server(change.result)
        handler = self.driver.handler_class(step.section.kind).build(self.ctx.scoped(step.params,
                                                                                     server=step.server_object))
        if not isinstance(handler, Adapter):
            step.handler = handler
            step.task_changes = step.real = True  # run for real below
            return
        self._plan_step(step, handler, [] if change.action == CREATE else handler.list())
        if self.problems:
            # found only now that the server can be read, after writes: say what and where
            raise doc.DocumentError(self.problems)

    def _carry_out(self, step):
        if step.task:
            if not step.changes:
                return
            if not step.real:
                # the first pass ran it in check mode: a handler of the real run now
                step.handler = self.driver.handler_class(step.section.kind).build(self.ctx.scoped(
                    step.params, server=step.server_object))
            step.records, step.diffs = [], []
            for entry in step.entries:
                self._run_task(step, step.handler, entry)
            return
        if step.plan is None:
            return
        know = getattr(step.handler, "know", None)
        if know is not None and know(self.ctx.objects):
            # the handler planned with objects that had no id yet and cannot carry that plan out as it is (an AMP
            # role's permissions in an instance this run creates): planned again, on the collection read before
            self._plan_step(step, step.handler, step.current)
            if self.problems:
                raise doc.DocumentError(self.problems)
            # what the servers hold follows its server's change of the new plan (which gets the result)
            changes = dict((change.key, change) for change in step.plan.changes)
            step.children = [(entry, changes.get(change.key, change), children)
                             for entry, change, children in step.children]
        for position, change in enumerate(step.plan.changes):
            if change.action != DELETE:
                path = step.path_of(position, change)
                self._apply(step.engine, step.plan, change, path)
                # recorded as carried out: a create that lost a race to another run ends unchanged (or an update)
                step.records[position] = self._record(step.section, change, path, step.masked, step.server)
        doomed = [(c, step.paths.get(c.key)) for c in step.plan.changes if c.action == DELETE]
        if doomed:
            def delete():
                for change, path in doomed:
                    self._apply(step.engine, step.plan, change, path)
            self._deletions.append(delete)

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

    # -- the result --------------------------------------------------------------------------------

    def _record(self, section, change, path, masked, server):
        record = change.to_dict(masked)
        record.update(kind=section.kind, path=path)
        if server is not None:
            record["server"] = server
        if change.action == UNCHANGED:
            record.pop("fields")
        return record

    def _collect(self):
        """Records, diffs and unmanaged objects in the order the sections were handled; deletions' diffs last."""
        records, diffs, deleted, unmanaged = [], [], [], []
        for step in self._all_steps():
            records.extend(step.records)
            if step.task:
                diffs.extend(step.diffs)
            elif step.plan is not None:
                kept = [c for c in step.plan.changes if c.action != DELETE]
                gone = [c for c in step.plan.changes if c.action == DELETE]
                _add_diff(diffs, step.scope, Plan(step.plan.kind, kept, step.masked))
                if gone:
                    deleted.append((step.scope, Plan(step.plan.kind, gone, step.masked)))
            for key in step.unmanaged:
                item = {"section": step.section.key, "kind": step.section.kind, "key": key}
                if step.server is not None:
                    item["server"] = step.server
                unmanaged.append(item)
        for scope, plan in reversed(deleted):
            _add_diff(diffs, scope, plan)
        return records, diffs, unmanaged

    def result(self):
        self.records, self.diffs, unmanaged = self._collect()
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
        text = summary_text(counts, self.ctx.check_mode)
        if unmanaged:
            text += " " + unmanaged_text(unmanaged)
        result = {
            "changed": changed,
            "summary": counts,
            "summary_text": text,
            "drift": [drift_line(r) for r in self.records if r["action"] != UNCHANGED]
            + [unmanaged_line(item) for item in unmanaged],
            "unmanaged": unmanaged,
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
#: how many names of unmanaged objects the summary shows per kind
SHOWN_NAMES = 5


def unmanaged_text(unmanaged):
    """``3 unmanaged users: alice, bob, carol; 1 unmanaged schedule: survival/by hand.`` per kind, in order."""
    by_kind = []
    for item in unmanaged:
        name = "%s/%s" % (item["server"], item["key"]) if item.get("server") is not None else item["key"]
        for kind, names in by_kind:
            if kind == item["kind"]:
                names.append(name)
                break
        else:
            by_kind.append((item["kind"], [name]))
    parts = []
    for kind, names in by_kind:
        more = len(names) - SHOWN_NAMES
        shown = ", ".join(names[:SHOWN_NAMES]) + (", ... (%d more)" % more if more > 0 else "")
        parts.append("%d unmanaged %s%s: %s" % (len(names), kind, "" if len(names) == 1 else "s", shown))
    return "; ".join(parts) + "."


def unmanaged_line(item):
    """``? user mallory (on the panel, not in the document)`` - an object the document does not declare."""
    where = "on the panel" if item.get("server") is None else "in server %s" % item["server"]
    return "? %s %s (%s, not in the document)" % (item["kind"], item["key"], where)


def drift_line(record):
    """``~ server community-42 (servers[0]): limits`` - one line per object that differs."""
    where = record.get("path") or ("not in the document" if record.get("server") is None
                                   else "in server %s, not in the document" % record["server"])
    line = "%s %s %s (%s)" % (SYMBOLS.get(record["action"], record["action"]), record["kind"], record["key"], where)
    if record["action"] == UPDATE and record.get("fields"):
        line += ": " + ", ".join(sorted(record["fields"]))
    return line


def _after(handler, current, plan, predicted=False):
    """The collection as the run leaves it before deletions: listed objects, updated and created ones
    (``predicted``: as the plan says it will leave them, before anything is written)."""
    by_key = dict((handler.normalize_key(obj.get(handler.key)), obj) for obj in current)
    for change in plan.changes if plan is not None else ():
        if change.action == DELETE:
            continue
        result = change.result
        if predicted:
            result = change.current if change.action == UNCHANGED else change.desired
        if result is not None:
            by_key[change.key] = result
    return list(by_key.values())


def _add_diff(diffs, scope, plan):
    diff = plan.diff()
    if diff["before"] or diff["after"]:
        diffs.append(dict(diff, before_header=scope, after_header=scope))


def _vault_name(parts):
    """A variable name from ``parts`` (``["vault", "bob", "password"]`` -> ``vault_bob_password``)."""
    return "_".join(part.lower() for part in re.split(r"[^A-Za-z0-9]+", "_".join(str(p) for p in parts)) if part)


def _located(path, exc):
    option = exc.option
    return ("%s.%s" % (path, option) if option else path, exc.message)


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
    data, not configuration), or that says why export cannot write it
    (``export_skipped``: a server's files and configs). A handler may list its objects itself
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
        if getattr(handler_class, "export_skipped", None):
            # a kind the panel cannot list as declared (a server's files): nothing to read
            skipped.append("%s (%s)" % (section.key, handler_class.export_skipped))
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
