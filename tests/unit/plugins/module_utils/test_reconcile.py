# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile engine, driven through a small in-memory adapter.

Nothing here knows about any panel: if the engine ever grows a dependency on
one, these tests stop being able to run it.
"""

from __future__ import annotations

import copy

import pytest

from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, MissingReference, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import (
    Adapter, Reconciler, Unresolved, differs, merge, strip_unset)


class MemoryAdapter(Adapter):
    """A panel that is a dict, logging every call."""

    kind = "widget"
    key = "name"
    write_only = frozenset(["secret"])
    unordered = frozenset(["tags"])

    def __init__(self, objects=()):
        self.store = dict((o["name"], copy.deepcopy(o)) for o in objects)
        self.calls = []
        self.narrowed = None

    def narrow(self, keys):
        self.narrowed = list(keys)

    def validate(self, desired, current):
        if desired.get("size", 0) < 0:
            raise ReconcileError("must not be negative", option="size")

    def list(self):
        self.calls.append(("list",))
        # the panel never returns write-only fields
        return [dict((k, v) for k, v in o.items() if k != "secret") for o in self.store.values()]

    def create(self, desired):
        self.calls.append(("create", desired["name"]))
        self.store[desired["name"]] = copy.deepcopy(desired)
        return dict((k, v) for k, v in desired.items() if k != "secret")

    def update(self, current, desired, changed):
        self.calls.append(("update", current["name"], tuple(changed)))
        self.store[current["name"]] = copy.deepcopy(desired)
        return dict((k, v) for k, v in desired.items() if k != "secret")

    def delete(self, current):
        self.calls.append(("delete", current["name"]))
        del self.store[current["name"]]

    def writes(self):
        return [c for c in self.calls if c[0] != "list"]


def run(adapter, check_mode=False, **kwargs):
    update_password = kwargs.pop("update_password", "on_create")
    engine = Reconciler(adapter, check_mode=check_mode, update_password=update_password)
    return engine.apply(engine.plan(**kwargs))


EXISTING = {"name": "a", "size": 1, "color": "red", "tags": ["x", "y"], "config": {"depth": 2, "width": 3}}


def test_create_when_missing():
    adapter = MemoryAdapter()
    plan = run(adapter, desired=[{"name": "a", "size": 1, "secret": "s3cr3t"}])
    assert plan.summary() == {"create": 1, "update": 0, "delete": 0, "unchanged": 0}
    assert adapter.writes() == [("create", "a")]
    assert adapter.store["a"]["secret"] == "s3cr3t"
    assert plan.changes[0].result == {"name": "a", "size": 1}


def test_unchanged_when_declared_fields_match_and_unset_fields_are_ignored():
    adapter = MemoryAdapter([EXISTING])
    # color is not declared, None means "not set": neither may cause drift
    plan = run(adapter, desired=[{"name": "a", "size": 1, "color": None, "config": {"depth": 2}}])
    assert not plan.changed
    assert adapter.writes() == []
    assert plan.changes[0].result == EXISTING


def test_update_reports_only_changed_fields_and_passes_merged_object():
    adapter = MemoryAdapter([EXISTING])
    plan = run(adapter, desired=[{"name": "a", "size": 5, "config": {"depth": 2}}])
    assert plan.summary()["update"] == 1
    assert adapter.writes() == [("update", "a", ("size",))]
    # the adapter receives the complete object: current plus the change
    assert adapter.store["a"] == dict(EXISTING, size=5)
    assert plan.to_dict()["changes"] == [
        {"action": "update", "key": "a", "fields": {"size": {"before": 1, "after": 5}}}]


def test_nested_dict_change_compares_only_declared_keys():
    adapter = MemoryAdapter([EXISTING])
    run(adapter, desired=[{"name": "a", "config": {"width": 4}}])
    assert adapter.store["a"]["config"] == {"depth": 2, "width": 4}


def test_unordered_lists_compare_as_sets_ordered_lists_do_not():
    adapter = MemoryAdapter([EXISTING])
    assert not run(adapter, desired=[{"name": "a", "tags": ["y", "x"]}]).changed
    assert differs([1, 2], [2, 1]) and not differs([1, 2], [2, 1], unordered=True)


def test_delete_only_when_absent_or_purged():
    adapter = MemoryAdapter([EXISTING, {"name": "b", "size": 2}])
    plan = run(adapter, absent=["b", "not-there"])
    assert adapter.writes() == [("delete", "b")]
    assert plan.summary()["delete"] == 1
    assert sorted(adapter.store) == ["a"]


def test_purge_off_keeps_undeclared_objects():
    adapter = MemoryAdapter([EXISTING, {"name": "b", "size": 2}])
    plan = run(adapter, desired=[{"name": "a", "size": 1}])
    assert not plan.changed
    assert sorted(adapter.store) == ["a", "b"]
    assert adapter.narrowed == ["a"]


def test_purge_on_deletes_undeclared_objects_and_lists_everything():
    adapter = MemoryAdapter([EXISTING, {"name": "b", "size": 2}, {"name": "c", "size": 3}])
    plan = run(adapter, desired=[{"name": "a", "size": 1}], purge=True)
    assert sorted(adapter.writes()) == [("delete", "b"), ("delete", "c")]
    assert sorted(adapter.store) == ["a"]
    assert plan.summary() == {"create": 0, "update": 0, "delete": 2, "unchanged": 1}
    # purging needs the whole collection, so the list is not narrowed
    assert adapter.narrowed is None


def test_write_only_field_is_sent_on_create_but_not_compared_on_update():
    adapter = MemoryAdapter([EXISTING])
    plan = run(adapter, desired=[{"name": "a", "size": 1, "secret": "new"}])
    assert not plan.changed
    assert adapter.writes() == []


def test_write_only_field_with_update_password_always():
    adapter = MemoryAdapter([EXISTING])
    plan = run(adapter, desired=[{"name": "a", "size": 1, "secret": "new"}], update_password="always")
    assert adapter.writes() == [("update", "a", ("secret",))]
    assert adapter.store["a"]["secret"] == "new"
    # the value never appears in the plan or the diff
    assert plan.to_dict()["changes"][0]["fields"] == {"secret": {"before": None, "after": MASK}}
    assert "new" not in repr(plan.to_dict()) + repr(plan.diff())


def test_create_plan_and_diff_mask_write_only_fields():
    plan = run(MemoryAdapter(), desired=[{"name": "a", "secret": "hunter2"}])
    assert plan.to_dict()["changes"][0]["fields"]["secret"] == {"before": None, "after": MASK}
    assert plan.diff() == {"before": {}, "after": {"a": {"name": "a"}}}
    assert "hunter2" not in repr(plan.to_dict())


def test_check_mode_plans_everything_and_writes_nothing():
    adapter = MemoryAdapter([EXISTING, {"name": "b", "size": 2}])
    plan = run(adapter, check_mode=True,
               desired=[{"name": "a", "size": 9}, {"name": "new", "size": 1}], absent=["b"])
    assert plan.summary() == {"create": 1, "update": 1, "delete": 1, "unchanged": 0}
    assert adapter.writes() == []
    assert sorted(adapter.store) == ["a", "b"]
    # the predicted results are what a real run would produce
    assert plan.changes[0].result["size"] == 9
    assert plan.changes[1].result == {"name": "new", "size": 1}
    diff = plan.diff()
    assert diff["before"]["a"]["size"] == 1 and diff["after"]["a"]["size"] == 9
    assert "b" in diff["before"] and "b" not in diff["after"]


def test_validation_runs_before_any_write_even_for_later_objects():
    adapter = MemoryAdapter()
    with pytest.raises(ReconcileError) as err:
        run(adapter, desired=[{"name": "ok", "size": 1}, {"name": "bad", "size": -1}])
    assert err.value.option == "size"
    assert str(err.value) == "size: must not be negative"
    assert adapter.writes() == []


def test_duplicate_declarations_and_ambiguous_matches_fail():
    with pytest.raises(ReconcileError, match="declared twice"):
        run(MemoryAdapter(), desired=[{"name": "a"}, {"name": "a"}])

    class Dupes(MemoryAdapter):
        def list(self):
            return [{"name": "a", "size": 1}, {"name": "a", "size": 2}]

    with pytest.raises(ReconcileError, match="2 widgets on the panel match 'a'"):
        run(Dupes(), desired=[{"name": "a", "size": 3}])


def test_missing_key_and_bad_update_password_fail():
    with pytest.raises(ReconcileError, match="is required to identify the widget"):
        run(MemoryAdapter(), desired=[{"size": 3}])
    with pytest.raises(ReconcileError) as err:
        Reconciler(MemoryAdapter(), update_password="sometimes")
    assert err.value.option == "update_password"


def test_helpers():
    assert strip_unset({"a": None, "b": {"c": None, "d": 1}}) == {"b": {"d": 1}}
    assert merge({"a": {"b": 1, "c": 2}}, {"a": {"c": 3}}) == {"a": {"b": 1, "c": 3}}
    assert differs({"a": 1}, None)
    assert not differs({"a": None}, {"a": 5})


def test_complete_reads_live_fields_only_for_matched_objects():
    class Live(MemoryAdapter):
        """``power`` is not in the list; reading it costs one call per matched object."""

        def complete(self, current, desired):
            self.calls.append(("complete", current["name"]))
            return dict(current, power="on")

    adapter = Live([{"name": "a", "size": 1}])
    plan = run(adapter, desired=[{"name": "a", "power": "on"}, {"name": "b", "power": "on"}])
    assert [c for c in adapter.calls if c[0] == "complete"] == [("complete", "a")]
    assert [(c.action, c.key) for c in plan.changes] == [("unchanged", "a"), ("create", "b")]

    plan = run(adapter, desired=[{"name": "a", "power": "off"}])
    assert plan.changes[0].fields == {"power": ("on", "off")}


def test_defaults_apply_to_new_objects_only_and_show_in_the_plan():
    class Defaulted(MemoryAdapter):
        def defaults(self, desired):
            return dict(dict(color="blue"), **desired)

    adapter = Defaulted([{"name": "a", "size": 1, "color": "red"}])
    plan = run(adapter, check_mode=True, desired=[{"name": "a", "size": 1}, {"name": "b", "size": 2}])
    assert [(c.action, c.key) for c in plan.changes] == [("unchanged", "a"), ("create", "b")]
    assert plan.changes[1].fields["color"] == (None, "blue")
    assert plan.changes[1].result == {"name": "b", "size": 2, "color": "blue"}


class OwnedAdapter(MemoryAdapter):
    """Widgets with an owner that must exist (a reference the adapter resolves)."""

    owners = ("alice",)

    def prepare(self, desired):
        if "owner" in desired:
            owner = desired["owner"]
            desired["owner"] = self.resolve(lambda: self._owner(owner))
        return desired

    def _owner(self, name):
        if name not in self.owners:
            raise MissingReference("no owner %r" % name, option="owner", kind="owner", ref=name)
        return name


def test_a_missing_reference_is_planned_as_unresolved_in_check_mode():
    adapter = OwnedAdapter([{"name": "a", "owner": "alice"}])
    engine = Reconciler(adapter, check_mode=True)
    plan = engine.apply(engine.plan(desired=[{"name": "a", "owner": "bob"}, {"name": "b", "owner": "bob"},
                                             {"name": "c", "owner": "alice"}]))
    changes = plan.to_dict()["changes"]
    assert [(c["action"], c["key"], c.get("unresolved")) for c in changes] == [
        ("update", "a", {"owner": "no owner 'bob'"}), ("create", "b", {"owner": "no owner 'bob'"}),
        ("create", "c", None)]
    assert changes[0]["fields"]["owner"] == {"before": "alice", "after": "bob"}
    assert isinstance(plan.changes[1].result["owner"], Unresolved) and plan.changes[1].result["owner"] == "bob"
    assert plan.warnings == [
        "owner: no owner 'bob'; planned anyway, as an earlier task may create it (check mode). The real run fails "
        "before any write if it still does not exist."] * 2
    assert adapter.writes() == []


def test_a_missing_reference_fails_the_real_run_before_any_write():
    adapter = OwnedAdapter()
    engine = Reconciler(adapter)
    with pytest.raises(MissingReference) as err:
        engine.plan(desired=[{"name": "c", "owner": "alice"}, {"name": "b", "owner": "bob"}])
    assert str(err.value) == "owner: no owner 'bob'"
    assert adapter.writes() == []


def test_an_unresolved_value_that_reaches_a_real_run_still_stops_it():
    # an adapter that resolved without resolve(): the engine refuses before writing
    adapter = MemoryAdapter()
    error = MissingReference("no owner 'bob'", option="owner", ref="bob")
    with pytest.raises(MissingReference):
        Reconciler(adapter).plan(desired=[{"name": "x", "owner": Unresolved(error)}])
    assert adapter.writes() == []


def test_merge_copies_what_it_merges_and_keeps_markers_and_classes():
    from collections import OrderedDict

    from ansible_collections.gameops.panels.plugins.module_utils.reconcile import (
        MissingReference, Unresolved, copy_value, merge)

    marker = Unresolved(MissingReference("no user 'x'", option="owner", ref="x"))
    base = {"limits": {"memory": 1}, "tags": ["a"], "order": OrderedDict(b=1), "pair": (1, [2])}
    merged = merge(base, {"limits": {"disk": 2}, "owner": marker, "tags": ["b"]})
    assert merged == {"limits": {"memory": 1, "disk": 2}, "tags": ["b"], "order": {"b": 1}, "pair": (1, [2]),
                      "owner": "x"}
    assert merged["owner"] is marker and isinstance(merged["order"], OrderedDict)
    merged["limits"]["memory"] = 9
    merged["pair"][1].append(3)
    assert base == {"limits": {"memory": 1}, "tags": ["a"], "order": OrderedDict(b=1), "pair": (1, [2])}
    nested = {"a": [{"b": [1]}]}
    copied = copy_value(nested)
    copied["a"][0]["b"].append(2)
    assert nested == {"a": [{"b": [1]}]}


def test_a_plan_for_existing_objects_only_refuses_a_missing_one_before_checking_it_as_a_create():
    adapter = MemoryAdapter([EXISTING])

    def missing(key):
        return ReconcileError("widget %r does not exist" % (key,), option="name")

    # an existing object plans as usual
    plan = run(adapter, desired=[{"name": "a", "size": 2}], missing=missing)
    assert [c.action for c in plan.changes] == ["update"]
    # a missing one fails with the caller's error, before validate() sees it (a negative size would fail there)
    with pytest.raises(ReconcileError, match="widget 'b' does not exist") as caught:
        run(adapter, desired=[{"name": "b", "size": -1}], missing=missing)
    assert caught.value.index == 0
    assert adapter.writes() == [("update", "a", ("size",))]
