# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared value checks (values.py) and how plans show secrets (reconcile.py): masked URLs, compared whole."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils import values
from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, Reconciler, mask_text, mask_url

TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789"


@pytest.mark.parametrize("url, shown", [
    ("https://discord.com/api/webhooks/1234/" + TOKEN, "https://discord.com/api/********6789"),
    ("https://discord.example/api/webhooks/1/abc", "https://discord.example/api/********"),
    ("https://hooks.slack.com/services/T000/B000/" + TOKEN, "https://hooks.slack.com/services/********6789"),
    ("http://user:pw@hooks.example:8080/x?token=" + TOKEN, "http://hooks.example:8080/********6789"),
    ("https://hooks.example/" + TOKEN, "https://hooks.example/********6789"),
    ("https://hooks.example", "https://hooks.example/"),
    ("not a url", MASK),
])
def test_a_url_keeps_scheme_host_and_a_hint(url, shown):
    assert mask_url(url) == shown
    assert TOKEN not in mask_url(url) and "pw" not in mask_url(url)


def test_urls_inside_a_text_are_masked_and_a_text_without_one_is_masked_whole():
    assert mask_text("A player joins -> https://discord.com/api/webhooks/1/" + TOKEN) == \
        "A player joins -> https://discord.com/api/********6789"
    assert mask_text("no url here") == MASK


class Hooks(Adapter):
    """An in-memory webhook kind keyed on event and URL (like AMP's)."""

    kind = "webhook"
    key = "webhook"
    secret = frozenset(["url", "webhook"])

    def __init__(self, objects):
        self.objects = objects

    def list(self):
        return [dict(o) for o in self.objects]

    def create(self, desired):
        self.objects.append(dict(desired))
        return dict(desired)

    def update(self, current, desired, changed):
        return dict(desired)


def test_plans_diffs_and_results_mask_the_url_and_compare_it_whole():
    url = "https://discord.com/api/webhooks/1/" + TOKEN
    other = url[:-1] + "X"  # the same masked form, another webhook
    hooks = Hooks([{"webhook": "join -> " + url, "url": url, "body": "hi"}])
    engine = Reconciler(hooks)
    plan = engine.apply(engine.plan(desired=[{"webhook": "join -> " + other, "url": other, "body": "hi"},
                                             {"webhook": "join -> " + url, "url": url, "body": "hi"}]))
    assert [c.action for c in plan.changes] == ["create", "unchanged"]
    shown = str(plan.to_dict()) + str(plan.diff()) + str(plan.masked(plan.changes[0].result))
    assert TOKEN[:-4] not in shown and url not in shown
    change = plan.to_dict()["changes"][0]
    assert change["key"] == "join -> https://discord.com/api/********678X"
    assert change["fields"]["url"]["after"] == "https://discord.com/api/********678X"
    with pytest.raises(ReconcileError) as err:
        engine.plan(desired=[{"webhook": "join -> " + url, "url": url}, {"webhook": "join -> " + url, "url": url}])
    assert TOKEN not in str(err.value) and "declared twice" in str(err.value)


@pytest.mark.parametrize("check, message", [
    (lambda: values.text("o", {"a": 1}), "o: must be a string, a number or a boolean, got a mapping"),
    (lambda: values.text("o", [1]), "o: must be a string, a number or a boolean, got a list"),
    (lambda: values.text("o", "\u00e9" * 40000, maximum=65535, max_bytes=65535),
     "o: may have at most 65535 bytes (UTF-8), got 80000"),
    (lambda: values.number("o", "5"), "o: must be a number, got '5'"),
    (lambda: values.scalar("o", {"a": 1}), "o: must be a string, a number or a boolean, got a mapping"),
])
def test_value_checks_refuse_what_the_panel_would_store_as_text(check, message):
    with pytest.raises(ReconcileError) as err:
        check()
    assert str(err.value) == message


def test_scalars_and_text_within_its_bytes_pass():
    values.scalar("o", "x")
    values.scalar("o", 5)
    values.scalar("o", True)
    values.text("o", "\u00e9" * 30000, maximum=65535, max_bytes=65535)
