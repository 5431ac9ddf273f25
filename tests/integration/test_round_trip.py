# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Export is lossless on every panel, for every kind apply knows: a property over generated panel states.

For each seed, ``round_trip.generate`` draws a document of every kind the
panel's apply knows (users with and without roles, roles granting several
servers, servers with settings and ports, schedules of chained tasks, backup
configurations, webhooks, subusers) and applies it to a fresh simulator A.
Then:

- the export of A, applied to A, writes nothing;
- the export of A, applied to an empty simulator B of the same type and
  version (passwords filled in, as a user does), exports the same document;
- the generated document, planned against B, changes nothing: every field it
  set survived export and apply (less the fields the panel cannot read back,
  which each handler lists in ``not_exported`` with the reason).

The field-coverage test holds every field a kind's module sets on the panel to
export: it is in some seed's export, or on that documented list. Removing a
field from export fails both.
"""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.gameops.panels.plugins.module_utils import document as doc
from ansible_collections.gameops.panels.plugins.module_utils.document_schema import ENTRIES
from ansible_collections.gameops.panels.plugins.module_utils.driver import Unsupported
from ansible_collections.gameops.panels.plugins.module_utils.panels import get_driver

from tests.integration import round_trip as rt

#: seeds per panel: each document holds every kind its panel's apply knows (the generators make sure of it);
#: four draw the shapes each kind comes in (with and without the optional fields, and on Crafty both 4.10.7
#: and 4.4.8; every shape is drawn by seed 2 on Pterodactyl and AMP, by seed 3 on Crafty) within about 15 s
#: per panel. GAMEOPS_ROUND_TRIP_SEEDS=N draws N instead, for a longer search.
SEEDS = int(os.environ.get("GAMEOPS_ROUND_TRIP_SEEDS") or 4)
PANELS = ("pterodactyl", "crafty", "amp")


def start(panel_type, seed):
    if panel_type == "pterodactyl":
        from tests.simulators.pterodactyl import PterodactylSimulator
        sim = PterodactylSimulator()
    elif panel_type == "crafty":
        from tests.simulators.crafty import CraftySimulator
        sim = CraftySimulator(version=rt.crafty_version(seed))
    else:
        from tests.simulators.amp import AMPSimulator
        sim = AMPSimulator()
    sim.start()
    return sim


def handler_classes(panel_type):
    """section key -> the panel's handler class, for every section apply knows on the panel."""
    driver = get_driver(panel_type)
    found = {}
    for section in doc.SECTIONS:
        try:
            found[section.key] = driver.handler_class(section.kind)
        except Unsupported:
            continue
    return found


def not_exported(panel_type):
    """section -> the fields the panel's handlers say export does not write (``*``: the whole section)."""
    return dict((key, set(handler.not_exported)) for key, handler in handler_classes(panel_type).items())


def settable(panel_type):
    """section -> the document fields the panel's module of that kind sets."""
    return dict((key, set(ENTRIES.get(key) or {}) & set(handler.options) - {"state"})
                for key, handler in handler_classes(panel_type).items())


class Trip:
    """One seed's round trip, and what each step returned."""

    def __init__(self, panel_type, seed):
        self.panel_type, self.seed = panel_type, seed
        self.document = rt.generate(panel_type, seed)
        source, empty = start(panel_type, seed), start(panel_type, seed)
        try:
            self.applied = rt.apply(source, self.document)
            self.exported, self.not_exported = rt.export(source)
            source.clear_log()
            self.reapplied = rt.apply(source, self.exported)
            self.reapplied_writes = rt.writes(source)
            self.created = rt.apply(empty, rt.with_passwords(self.exported))
            self.exported_again, _skipped = rt.export(empty)
            # every field the document set, less those the panel cannot read back, survived
            empty.clear_log()
            self.kept = rt.apply(empty, rt.without(self.document, not_exported(panel_type)), check_mode=True)
            self.kept_writes = rt.writes(empty)
        finally:
            source.stop()
            empty.stop()


@pytest.fixture(scope="module", params=PANELS)
def trips(request):
    return [Trip(request.param, seed) for seed in range(SEEDS)]


def test_every_seed_draws_every_kind_the_panel_applies_and_the_seeds_every_shape(trips):
    kinds = set(handler_classes(trips[0].panel_type))
    for trip in trips:
        expected = kinds - rt.lacking(trip.panel_type, trip.seed)
        assert set(rt.fields_of(trip.document)) == expected, (trip.seed, trip.document)
    shapes = rt.SHAPES[trips[0].panel_type]
    missing = sorted(name for name, drawn in shapes.items() if not any(drawn(trip.document) for trip in trips))
    assert missing == [], "no seed of %d draws: %s" % (SEEDS, ", ".join(missing))


def test_the_export_applied_to_its_panel_writes_nothing(trips):
    for trip in trips:
        assert trip.applied["changed"] is True
        assert trip.reapplied["changed"] is False, (trip.seed, trip.reapplied["drift"])
        assert trip.reapplied_writes == [], trip.seed


def test_the_export_applied_to_an_empty_panel_exports_the_same_document(trips):
    for trip in trips:
        assert trip.created["changed"] is True
        assert yaml.safe_dump(trip.exported_again) == yaml.safe_dump(trip.exported), trip.seed


def test_every_field_the_document_set_survives_export_and_apply(trips):
    for trip in trips:
        changes = [line for line in trip.kept["drift"] if not line.startswith("?")]
        assert changes == [], (trip.seed, changes)
        assert trip.kept_writes == []


def test_every_field_a_module_sets_is_exported_or_documented_as_not_readable(trips):
    panel_type = trips[0].panel_type
    exported = {}
    for trip in trips:
        for section, fields in rt.fields_of(trip.exported).items():
            exported.setdefault(section, set()).update(fields)
    documented = not_exported(panel_type)
    for section, fields in sorted(settable(panel_type).items()):
        if "*" in documented[section]:
            assert section not in exported, "%s: exported, yet documented as not exported" % section
            continue
        missing = sorted(fields - exported.get(section, set()) - documented[section])
        assert missing == [], "%s %s: neither exported nor in the handler's not_exported" % (panel_type, section)
        # a documented field export writes after all is a stale reason
        assert sorted(documented[section] & exported.get(section, set())) == [], section


def test_every_documented_field_says_why():
    for panel_type in PANELS:
        for section, handler in handler_classes(panel_type).items():
            for field, reason in handler.not_exported.items():
                assert field == "*" or field in settable(panel_type)[section], (panel_type, section, field)
                assert len(reason) > 20, (panel_type, section, field)
