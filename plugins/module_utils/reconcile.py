# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The panel-agnostic reconcile engine.

Input: the objects the user declared (canonical form, only the fields the
user set), and an adapter that can list, create, update and delete one kind
of object on one panel. Output: a plan (create / update / delete /
unchanged, each with a per-field before/after), executed unless in check
mode. The engine knows nothing about any panel; everything panel-specific
lives behind :class:`Adapter`.

The engine also owns the safety of writes. When a create, update or delete
was sent but its outcome is unknown (the transport raises an error with
``ambiguous = True``: a lost answer, a timeout, a 5xx from a gateway), the
engine reads the object back by its natural key (:meth:`Adapter.lookup`)
and then carries on (the write took effect) or sends what is still missing
-- so a create is never sent twice for an object that exists, and every
adapter of every panel gets this without code of its own. Before planning a
create it also looks for the object under its other identities
(:attr:`Adapter.identities`), so a new key value adopts an object that has
none yet instead of duplicating it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import copy
import re
from urllib.parse import urlsplit

from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, MissingReference, ReconcileError

#: a URL anywhere in a text (a webhook's address in an AMP webhook's key)
URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
WHOLE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
#: attempts in a row that change nothing, of a write whose outcome stays unknown, before the task fails
WRITE_ATTEMPTS = 3

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
UNCHANGED = "unchanged"


#: the kind a missing reference names -> the kind of the document section that declares such objects
REFERENCE_KINDS = {"instance": "server"}


class Unresolved(str):
    """The declared value of a reference whose object does not exist yet (check mode only).

    It is the value the user wrote, so plans, diffs and results show it as
    written; ``error`` says what could not be resolved.
    """

    #: how many this process made: while none, no object holds one (every run but a check-mode plan of references to
    #: objects an earlier task would create), and :func:`unresolved_fields` need not look inside any
    made = 0

    def __new__(cls, error):
        Unresolved.made += 1
        obj = super().__new__(cls, "" if error.ref is None else str(error.ref))
        obj.error = error
        return obj

    def __reduce__(self):
        return (Unresolved, (self.error,))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self  # immutable, and the marker must survive the engine's copies

    def warning(self):
        return ("%s; planned anyway, as an earlier task may create it (check mode). The real run fails before "
                "any write if it still does not exist." % self.error)


def unresolved_fields(obj):
    """``{field: Unresolved}`` for the top-level fields of ``obj`` that hold an unresolved reference (the field's
    value, or one inside it: a role's ``servers[].server``, a user's ``roles[]``)."""
    found = {}
    if not Unresolved.made:
        return found
    for name, value in (obj or {}).items():
        inner = _first_unresolved(value)
        if inner is not None:
            found[name] = inner
    return found


def _first_unresolved(value):
    if isinstance(value, Unresolved):
        return value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    for item in items:
        found = _first_unresolved(item)
        if found is not None:
            return found
    return None


class Adapter:
    """What the engine needs to know about one kind of object on one panel.

    Objects are plain dicts in canonical form. Subclasses set the class
    attributes and implement the four operations.
    """

    #: True while an engine in check mode plans (see :meth:`Reconciler.plan`): :meth:`resolve` then turns a
    #: missing reference into an :class:`Unresolved` value instead of failing
    plan_only = False
    #: set by apply: what a declared object grants is declared whole (see ``Handler.grants``); an adapter whose
    #: grants are a map of which only the declared keys are compared (AMP's nodes) completes it then
    exact_grants = False
    #: set by apply: ``{kind: names}`` of the objects its document declares (lower-cased). A reference to anything
    #: else can come from no earlier task: the lookup is then certain (see :meth:`resolve`)
    document_names = None

    #: human name of the kind, used in plans and messages
    kind = "object"
    #: the field that identifies an object (its natural key)
    key = "name"
    #: every field that identifies an object on its own (unique on the panel), ``key`` among them; a create
    #: is checked against the others so that a new key value never duplicates an existing object
    identities = ()
    #: fields the panel never returns (passwords): sent on create, on update
    #: only when ``update_password`` is ``always``, always masked in diffs
    write_only = frozenset()
    #: True when the create request itself carries the ``write_only`` fields; False when :meth:`create`
    #: sets them with requests of their own (AMP: CreateUser, then ResetUserPassword), so after a create
    #: whose outcome is unknown the engine sends them again rather than assume they were set
    write_only_in_create = True
    #: other fields whose values are masked in plans, diffs and results (a URL keeps its scheme, its host and a hint
    #: of its path, see :func:`mask_url`: a webhook's address carries its token); compared on the full value
    secret = frozenset()
    #: list fields whose order carries no meaning
    unordered = frozenset()
    #: True to carry out a plan's deletes before its creates and updates (Crafty schedules: a new row takes
    #: the highest live id + 1, so deleting first gives freed ids again instead of moving new rows ever higher)
    deletes_first = False

    def normalize_key(self, value: Any) -> Any:
        """Turn a key value into the form used for matching."""
        return value

    def key_of(self, declared: Dict[str, Any]) -> Any:
        """The key of a declared object; adapters whose identity spans several fields compute it here."""
        return declared.get(self.key)

    def normalize_field(self, field: str, value: Any) -> Any:
        """Turn a value of the identity ``field`` into the form used for matching."""
        return self.normalize_key(value) if field == self.key else value

    def resolve(self, lookup):
        """``lookup()`` (a reference resolution); when it raises :class:`MissingReference` in a
        check-mode plan, an :class:`Unresolved` value the plan reports instead, unless the lookup was
        ``certain`` (it knew every object the run leaves): then the plan fails as the real run will."""
        try:
            return lookup()
        except MissingReference as exc:
            if self.document_names is not None and exc.kind is not None:
                kind = REFERENCE_KINDS.get(exc.kind, exc.kind)
                if str(exc.ref).lower() not in self.document_names.get(kind, ()):
                    exc.certain = True
                if exc.certain and "nor in the document" not in exc.message:
                    exc.message = exc.message.replace(" on the panel", " on the panel, nor in the document", 1)
                    exc.args = (exc.message,) + tuple(exc.args[1:])
            if not self.plan_only or exc.certain:
                raise
            return Unresolved(exc)

    def prepare(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        """Validate and resolve one desired object before anything is written.

        Return the desired object in canonical form (references resolved);
        raise :class:`ReconcileError` naming the option on bad input.
        """
        return desired

    def prepare_many(self, desired: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """Prepare every declared object; override to resolve references in bulk (then call this)."""
        prepared = []
        for index, obj in enumerate(desired):
            with _declared(index):
                prepared.append(self.prepare(obj))
        return prepared

    def narrow(self, keys: List[Any]) -> bool:
        """Hint: the next :meth:`list` only needs the objects with these keys.

        Not called when purging, which needs every object. Adapters may use
        it to let the panel filter; the engine still matches exactly. Return
        True when the next list will hold only those objects (so the engine
        knows it must ask :meth:`lookup` about other identities); an empty
        ``keys`` asks for every object again.
        """

    def refresh(self):
        """Forget what this adapter has read, so its next :meth:`list` asks the panel again.

        Called before a read-back after a write whose outcome is unknown; an
        adapter that keeps what it listed (an index, a scan) must drop it here,
        or the read-back would miss the object the write may have made.
        """

    def lookup(self, field: str, value: Any) -> List[Dict[str, Any]]:
        """The objects the panel holds now whose identity ``field`` equals ``value``.

        Used to read an object back after a write whose outcome is unknown,
        and to find an object under another identity before creating one.
        The default lists again (narrowed to the key when ``field`` is the
        key) and compares; override it when the panel can look one up faster.
        """
        self.narrow([value] if field == self.key else [])
        wanted = self.normalize_field(field, value)
        return [obj for obj in self.list() if self.normalize_field(field, obj.get(field)) == wanted]

    def validate(self, desired: Dict[str, Any], current: Optional[Dict[str, Any]]) -> None:
        """Check a desired object against what the panel holds (None if new).

        Called for every declared object before anything is written, in
        check mode too, so a plan never promises what the panel will refuse.
        """

    def defaults(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        """Fill in what a new object gets when the user leaves it unset.

        Called only for objects that will be created, before validation, so
        the plan, the diff and the check-mode result show what is sent.
        """
        return desired

    def complete(self, current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
        """Add to a matched ``current`` object the fields its list entry lacks.

        Called once per declared object that exists, before comparing, so an
        adapter can read live state (one request per matched object) only
        for the fields the user declared. Returns the completed object.
        """
        return current

    def list(self) -> List[Dict[str, Any]]:
        raise NotImplementedError

    def create(self, desired: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        raise NotImplementedError

    def update(self, current: Dict[str, Any], desired: Dict[str, Any], changed: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """Write the ``changed`` fields; ``desired`` is the full merged object."""
        raise NotImplementedError

    def delete(self, current: Dict[str, Any]) -> None:
        raise NotImplementedError


class Change:
    """One planned action on one object."""

    def __init__(self, action, key, current=None, desired=None, fields=None):
        self.action = action
        self.key = key
        self.current = current
        self.desired = desired
        #: field -> (before, after) for every field that differs
        self.fields = fields or {}
        self.result = None
        #: field -> Unresolved: references to objects that do not exist yet (check mode)
        self.unresolved = unresolved_fields(desired)

    def to_dict(self, masked):
        out = {
            "action": self.action,
            "key": show_key(self.key, masked),
            "fields": dict(
                (name, {"before": _mask(name, before, masked), "after": _mask(name, after, masked)})
                for name, (before, after) in sorted(self.fields.items())
            ),
        }
        if self.unresolved:
            out["unresolved"] = dict((name, value.error.message) for name, value in sorted(self.unresolved.items()))
        return out


class Plan:
    """The ordered list of changes for one kind of object."""

    def __init__(self, kind, changes, masked):
        self.kind = kind
        self.changes = changes
        self._masked = masked

    @property
    def changed(self):
        return any(c.action != UNCHANGED for c in self.changes)

    @property
    def warnings(self):
        """One warning per reference the plan could not resolve (check mode)."""
        return [value.warning() for change in self.changes for dummy, value in sorted(change.unresolved.items())]

    def summary(self):
        counts = dict((action, 0) for action in (CREATE, UPDATE, DELETE, UNCHANGED))
        for change in self.changes:
            counts[change.action] += 1
        return counts

    def to_dict(self):
        return {
            "kind": self.kind,
            "summary": self.summary(),
            "changes": [c.to_dict(self._masked) for c in self.changes if c.action != UNCHANGED],
        }

    def diff(self):
        """Ansible ``diff`` (before/after of every object that changes), masked."""
        before, after = {}, {}
        for change in self.changes:
            if change.action == UNCHANGED:
                continue
            if change.current is not None:
                before[str(show_key(change.key, self._masked))] = mask_object(change.current, self._masked)
            if change.action != DELETE:
                after[str(show_key(change.key, self._masked))] = mask_object(change.result or change.desired,
                                                                             self._masked)
        return {"before": before, "after": after}

    def masked(self, obj):
        """``obj`` (a change's result, an object of this kind) as results show it: secrets masked."""
        return mask_object(obj, self._masked)

    def show_key(self, key):
        """A key of this plan as messages show it (see :func:`show_key`)."""
        return show_key(key, self._masked)


class Reconciler:
    """Plan and apply a declared state through an :class:`Adapter`."""

    def __init__(self, adapter, check_mode=False, update_password="on_create"):
        if update_password not in ("on_create", "always"):
            raise ReconcileError("must be 'on_create' or 'always'", option="update_password")
        self.adapter = adapter
        self.check_mode = check_mode
        self.update_password = update_password
        self._masked = masking(adapter)
        self._position = None
        self._missing = None

    def plan(self, desired=(), absent=(), purge=False, current=None, missing=None):
        """Compare ``desired`` objects (present) and ``absent`` keys with the panel.

        ``purge`` deletes every current object that is not declared.
        ``current`` may be passed when the caller already listed the objects.
        ``missing(key)``, when given, is the ReconcileError for a declared object that does not exist (a plan that
        may only act on existing objects), raised before it is checked as a create.
        A ReconcileError about one declared object carries its position (``index``).
        """
        self._position = None
        self._missing = missing
        # the adapter resolves references while this engine plans: it may leave them unresolved in check mode only
        planning_before, self.adapter.plan_only = self.adapter.plan_only, self.check_mode
        try:
            return self._plan(desired, absent, purge, current)
        except ReconcileError as exc:
            if exc.index is None:
                exc.index = self._position
            raise
        finally:
            self.adapter.plan_only = planning_before

    def _plan(self, desired, absent, purge, current):
        adapter = self.adapter
        prepared = adapter.prepare_many([strip_unset(d) for d in desired])
        narrowed = False
        if current is None:
            if not purge:
                narrowed = bool(adapter.narrow([d.get(adapter.key) for d in prepared] + list(absent)))
            current = adapter.list()
        self._others = _Identities(adapter, current, narrowed)
        index = {}
        for obj in current:
            index.setdefault(adapter.normalize_key(obj.get(adapter.key)), []).append(obj)

        changes, seen = [], set()
        for position, want in enumerate(prepared):
            self._position = position
            key = adapter.normalize_key(want.get(adapter.key))
            if key is None:
                raise ReconcileError("is required to identify the %s" % adapter.kind, option=adapter.key)
            if key in seen:
                raise ReconcileError("%s %r is declared twice" % (adapter.kind, show_key(key, self._masked)),
                                     option=adapter.key)
            seen.add(key)
            have = self._single(index, key)
            if have is None:
                # an object known under another identity is adopted (or refused), never duplicated
                have = self._others.adoptable(want)
            if have is None and self._missing is not None:
                raise self._missing(show_key(key, self._masked))
            if have is not None:
                have = adapter.complete(have, want)
            else:
                want = adapter.defaults(want)
            adapter.validate(want, have)
            for value in unresolved_fields(want).values():
                if not self.check_mode:
                    raise value.error  # an adapter that skipped resolve(): still nothing is written
            if have is None:
                changes.append(Change(CREATE, key, None, want, self._create_fields(want)))
                continue
            fields = self._changed_fields(want, have)
            merged = merge(have, dict((k, v) for k, v in want.items() if k not in adapter.write_only or k in fields))
            changes.append(Change(UPDATE if fields else UNCHANGED, key, have, merged, fields))

        self._position = None
        doomed = [adapter.normalize_key(k) for k in absent]
        if purge:
            doomed.extend(k for k in index if k not in seen)
        for key in doomed:
            if key in seen:
                raise ReconcileError("%s %r is declared both present and absent"
                                     % (adapter.kind, show_key(key, self._masked)))
            have = self._single(index, key)
            if have is not None:
                fields = dict((name, (value, None)) for name, value in have.items())
                changes.append(Change(DELETE, key, have, None, fields))
        return Plan(adapter.kind, changes, self._masked)

    def apply(self, plan):
        """Execute a plan; in check mode, predict the results instead."""
        changes = plan.changes
        if self.adapter.deletes_first:
            changes = [c for c in changes if c.action == DELETE] + [c for c in changes if c.action != DELETE]
        for change in changes:
            if change.action == UNCHANGED:
                change.result = change.current
            elif self.check_mode:
                change.result = None if change.action == DELETE else change.desired
            else:
                change.result = self._write_safely(change)
        return plan

    # -- writes whose outcome may be unknown -------------------------------

    def _write_safely(self, change):
        """Carry out one change; after an ambiguous failure, read back and finish what is missing.

        Returns the resulting object (None for a delete).
        """
        action, current, desired, fields = change.action, change.current, change.desired, sorted(change.fields)
        # only attempts that changed nothing count: a write of several requests that each get one fault still
        # finishes, as every read-back shows fewer fields missing (and there are only so many fields)
        stalled = 0
        while stalled < WRITE_ATTEMPTS:
            try:
                if action == DELETE:
                    self.adapter.delete(current)
                    return None
                if action == CREATE:
                    return self.adapter.create(desired)
                return self.adapter.update(current, desired, fields)
            except Exception as exc:  # pylint: disable=broad-except
                if action == CREATE and is_taken(exc):
                    found = self._lost_race(change, exc)
                    if not change.fields:
                        return found
                    action, current, desired, fields, stalled = UPDATE, found, change.desired, sorted(change.fields), 0
                    continue
                if not is_ambiguous(exc):
                    raise
                failure = exc
            found = self._read_back(change, failure)
            # the panel's own failure (not a lost answer) comes again if the same write is sent again
            answered = getattr(failure, "answered", False)
            if action == DELETE:
                if found is None:
                    return None
                if answered:
                    raise failure
                current, stalled = found, stalled + 1
                continue
            if found is None:
                if action == UPDATE:
                    raise ReconcileError("%s %r disappeared from the panel while it was being updated (%s); run the "
                                         "task again to create it"
                                         % (self.adapter.kind, show_key(change.key, self._masked), failure))
                if answered:
                    raise failure
                stalled += 1
                continue  # the create did not happen: send it again
            found = self.adapter.complete(found, desired)
            missing = self._changed_fields(desired, found)
            if action == CREATE:
                # it was created (perhaps partly); the password went with the create, or is sent again
                missing = dict((k, v) for k, v in missing.items() if k not in self.adapter.write_only)
                if not self.adapter.write_only_in_create:
                    missing.update((k, (None, desired[k])) for k in self.adapter.write_only if desired.get(k) is not None)
            if not missing:
                return found
            if answered and action == UPDATE and set(missing) >= set(fields):
                raise failure
            # progress: the create took effect, or fewer fields are missing than this attempt wrote
            stalled = 0 if action == CREATE or set(missing) < set(fields) else stalled + 1
            action, current, fields = UPDATE, found, sorted(missing)
            desired = merge(found, dict((k, v) for k, v in desired.items() if k not in self.adapter.write_only or k in missing))
        raise ReconcileError(
            "could not %s %s %r: after %d attempts in a row without progress its outcome is still unknown (last: %s); the next run reads the panel "
            "again and finishes the job without duplicating it" % (change.action, self.adapter.kind,
                                                                   show_key(change.key, self._masked),
                                                                   WRITE_ATTEMPTS, failure))

    def _lost_race(self, change, taken):
        """After a create the panel refused because its key is taken (another run created the object since this
        one listed): the object read back, and ``change`` turned into what planning would have made of it had it
        been listed (unchanged, or an update of the fields that differ; a password only with update_password
        always). The panel's own answer is raised when no object has the key (another identity is taken)."""
        found = self._read_back(change, taken)
        if found is None:
            raise taken
        desired = change.desired
        found = self.adapter.complete(found, desired)
        fields = self._changed_fields(desired, found)
        change.action = UPDATE if fields else UNCHANGED
        change.current = found
        change.fields = fields
        change.desired = merge(found, dict((k, v) for k, v in desired.items()
                                           if k not in self.adapter.write_only or k in fields))
        return found

    def _read_back(self, change, failure):
        """The object with the change's key as the panel holds it now (None if it has none)."""
        try:
            self.adapter.refresh()
            found = self.adapter.lookup(self.adapter.key, change.key if change.current is None
                                        else change.current.get(self.adapter.key))
        except Exception as exc:  # pylint: disable=broad-except
            raise ReconcileError(
                "the outcome of the %s of %s %r is unknown (%s) and reading it back failed too (%s); run the task "
                "again: it reads the panel first, so nothing is duplicated"
                % (change.action, self.adapter.kind, show_key(change.key, self._masked), failure, exc)) from exc
        if len(found) > 1:
            raise ReconcileError("%d %ss on the panel now match %r after a %s whose outcome was unknown (%s)"
                                 % (len(found), self.adapter.kind, show_key(change.key, self._masked), change.action,
                                    failure),
                                 option=self.adapter.key)
        return found[0] if found else None

    # -- comparison -------------------------------------------------------

    def _single(self, index, key):
        matches = index.get(key) or []
        if len(matches) > 1:
            raise ReconcileError(
                "%d %ss on the panel match %r; make the key unique or match on another field"
                % (len(matches), self.adapter.kind, show_key(key, self._masked)), option=self.adapter.key)
        return matches[0] if matches else None

    def _create_fields(self, want):
        return dict((name, (None, value)) for name, value in want.items())

    def _changed_fields(self, want, have):
        fields = {}
        for name, value in want.items():
            if name in self.adapter.write_only:
                if self.update_password == "always":
                    fields[name] = (None, value)
                continue
            if differs(value, have.get(name), name in self.adapter.unordered):
                fields[name] = (have.get(name), value)
        return fields


class _declared:
    """Context manager: a ReconcileError raised inside names the declared object at ``position``."""

    def __init__(self, position):
        self.position = position

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if isinstance(exc, ReconcileError) and exc.index is None:
            exc.index = self.position
        return False


class _Identities:
    """Finds, for a planned create, an object the panel holds under another identity field.

    Such an object is adopted (its key is set by an update) when its key is
    empty; when its key holds another value the task fails before writing,
    saying how to adopt it -- creating would duplicate it.
    """

    def __init__(self, adapter, current, narrowed):
        self.adapter = adapter
        self.current = current
        self.narrowed = narrowed
        self.fields = [f for f in adapter.identities if f != adapter.key]

    def adoptable(self, want):
        adapter = self.adapter
        for field in self.fields:
            value = want.get(field)
            if value in (None, ""):
                continue
            wanted = adapter.normalize_field(field, value)
            matches = [o for o in self.current if adapter.normalize_field(field, o.get(field)) == wanted]
            if not matches and self.narrowed:
                matches = adapter.lookup(field, value)
            if not matches:
                continue
            if len(matches) > 1:
                raise ReconcileError("%d %ss on the panel have %s %r; make it unique before declaring %s %r"
                                     % (len(matches), adapter.kind, field, value, adapter.key, want.get(adapter.key)),
                                     option=field)
            found = matches[0]
            if found.get(adapter.key) in (None, ""):
                return found
            raise ReconcileError(
                "%s %r already exists with %s %r; declaring %s %r would create a second %s with that %s. To adopt the "
                "existing one (and change its %s), match it on %s (match_on: %s); otherwise declare another %s"
                % (field, value, adapter.key, found.get(adapter.key), adapter.key, want.get(adapter.key), adapter.kind,
                   field, adapter.key, field, field, field), option=field)
        return None


def is_taken(exc):
    """True when ``exc`` (or an error it was raised from) is the panel saying a create's key is taken already:
    another run created the object after this one listed (the clients mark such answers ``taken``)."""
    return _marked(exc, "taken")


def is_ambiguous(exc):
    """True when ``exc`` (or an error it was raised from) is a write whose outcome is unknown."""
    return _marked(exc, "ambiguous")


def _marked(exc, mark):
    """True when ``exc`` or one of the errors it was raised from (ten at most) has the attribute ``mark`` set."""
    seen = 0
    while exc is not None and seen < 10:
        if getattr(exc, mark, False):
            return True
        exc, seen = exc.__cause__, seen + 1
    return False


def strip_unset(obj):
    """Drop keys the user did not set (None), recursively in dicts."""
    if isinstance(obj, dict):
        return dict((k, strip_unset(v)) for k, v in obj.items() if v is not None)
    return obj


def differs(want, have, unordered=False):
    """True when ``have`` does not already hold what ``want`` declares.

    Dicts compare only the keys ``want`` sets, so panel-side defaults and
    fields the user left alone never show up as drift.
    """
    if isinstance(want, dict):
        if not isinstance(have, dict):
            return True
        return any(differs(v, have.get(k)) for k, v in want.items() if v is not None)
    if isinstance(want, (list, tuple)):
        if not isinstance(have, (list, tuple)) or len(want) != len(have):
            return True
        if unordered:
            return sorted(want, key=repr) != sorted(have, key=repr)
        return any(differs(w, h) for w, h in zip(want, have))
    return want != have


def merge(base, overlay):
    """Deep-merge ``overlay`` into a copy of ``base`` (dicts recursively)."""
    out = copy_value(base) if base else {}
    for key, value in (overlay or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy_value(value)
    return out


#: values that are never changed in place, so a copy may share them (Unresolved is a str)
_IMMUTABLE = (str, int, float, bool, type(None))


def copy_value(value):
    """A deep copy of ``value`` as objects hold them (dicts, lists, texts, numbers); anything else goes through
    ``copy.deepcopy``. Several times faster than ``copy.deepcopy`` alone, which every planned object went through."""
    if isinstance(value, _IMMUTABLE):
        return value
    # exact types: a subclass (UnresolvedServer, for one) keeps its class through copy.deepcopy below
    if type(value) is dict:  # pylint: disable=unidiomatic-typecheck
        return {key: copy_value(item) for key, item in value.items()}
    if type(value) is list:  # pylint: disable=unidiomatic-typecheck
        return [copy_value(item) for item in value]
    return copy.deepcopy(value)


class Masking(frozenset):
    """The fields whose values plans, diffs and results mask; ``key_field`` is the field plans are keyed on, so a key
    that is a secret (an AMP webhook's event and URL) is shown masked too."""

    def __new__(cls, fields=(), key_field=None):
        obj = super().__new__(cls, fields)
        obj.key_field = key_field
        return obj

    def __reduce__(self):
        return (Masking, (frozenset(self), self.key_field))


def masking(adapter):
    """What plans of ``adapter``'s kind mask: its write-only and secret fields, and its key when that is one."""
    return Masking(frozenset(adapter.write_only) | frozenset(adapter.secret), adapter.key)


def show_key(key, masked):
    """A plan's key as messages and results show it (its URLs masked when the key field is a secret)."""
    if key is not None and getattr(masked, "key_field", None) in masked:
        return mask_text(str(key))
    return key


def mask_url(url):
    """A URL as output shows it: scheme, host and a hint of its path, never the rest (a webhook's token).

    ``https://discord.com/api/webhooks/1234/AbCdEf...wXyZ`` -> ``https://discord.com/api/********wXyZ``: the
    first path segment when there are more, and the last four characters when at least sixteen are hidden, so two
    webhooks of one service can be told apart. User information and the query string never show.
    """
    try:
        parts = urlsplit(str(url))
        host = parts.hostname or ""
        if parts.port:
            host = "%s:%d" % (host, parts.port)
    except ValueError:
        return MASK
    if not parts.scheme or not host:
        return MASK
    segments = [segment for segment in parts.path.split("/") if segment]
    hint = ""
    if len(segments) > 1 and len(segments[0]) <= 16:
        hint, segments = segments[0] + "/", segments[1:]
    hidden = "/".join(segments) + ("?" + parts.query if parts.query else "")
    tail = hidden[-4:] if len(hidden) >= 16 else ""
    return "%s://%s/%s%s%s" % (parts.scheme, host, hint, MASK if hidden else "", tail)


def mask_text(text):
    """``text`` with every URL in it masked (:func:`mask_url`); a text without a URL is masked whole."""
    if not URL_IN_TEXT.search(text):
        return MASK
    return URL_IN_TEXT.sub(lambda match: mask_url(match.group(0)), text)


def _mask(name, value, masked):
    if name not in masked or value is None:
        return value
    if name == getattr(masked, "key_field", None):
        return show_key(value, masked)  # a key holding a URL (an AMP webhook's event and URL), as plans show it
    if isinstance(value, str) and WHOLE_URL.match(value):
        return mask_url(value)
    return MASK


def mask_object(obj, masked):
    if obj is None:
        return None
    return dict((k, _mask(k, v, masked)) for k, v in obj.items())
