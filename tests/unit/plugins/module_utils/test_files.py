# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The file engine (files.py): only the named keys change, the rest stays byte for byte; secrets masked."""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils import files
from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, ReconcileError

PROPERTIES = ("#Minecraft server properties\r\n#Sun Dec 06\r\nlevel-type=minecraft\\:normal\r\n"
              "motd = A Minecraft Server\r\n! a comment\r\nrcon.password=hunter2\r\nmax-players=20\r\n")
INI = "; settings\n[general]\nname = survival\n# keep this\nport = 25565\n\n[backup]\nkeep=3\n"
# as json.dumps and most tools write it (a re-written file is in this form, with the file's indent)
JSON = '{\n    "name": "x",\n    "limits": {\n        "a": 1\n    },\n    "z": [\n        1\n    ]\n}\n'
YAML = "name: x\nlimits:\n  a: 1\n  b: 2\nz:\n- 1\n- 2\n"


def merge(fmt, text, settings, state="present"):
    return files.merge_config(fmt, text, settings, state, path="f")


# -- properties


def test_properties_one_key_changed_keeps_every_other_byte():
    new, changes = merge("properties", PROPERTIES, {"max-players": 40, "level-type": "minecraft:normal"})
    assert new == PROPERTIES.replace("max-players=20", "max-players=40")
    assert changes == {"max-players": {"before": "20", "after": "40"}}


def test_properties_keeps_the_separator_of_the_line_and_escapes_values():
    new, _changes = merge("properties", PROPERTIES, {"motd": "Hi: all"})
    assert "motd = Hi\\: all\r\n" in new
    assert files.parse_properties(new)["motd"] == "Hi: all"


def test_properties_new_key_appended_with_the_files_newline():
    new, changes = merge("properties", PROPERTIES.rstrip("\r\n"), {"white-list": True})
    assert new == PROPERTIES + "white-list=true\r\n"
    assert changes == {"white-list": {"before": None, "after": "true"}}
    assert merge("properties", "", {"a": 1})[0] == "a=1\n"


def test_properties_absent_removes_only_the_key_and_unchanged_is_the_same_text():
    new, changes = merge("properties", PROPERTIES, {"motd": None, "nope": None}, "absent")
    assert new == PROPERTIES.replace("motd = A Minecraft Server\r\n", "")
    assert list(changes) == ["motd"]
    same, none = merge("properties", PROPERTIES, {"max-players": "20"})
    assert same is PROPERTIES and none == {}


def test_properties_continued_line_replaced_whole():
    text = "motd=first \\\n    second\nx=1\n"
    assert files.parse_properties(text)["motd"] == "first second"
    assert merge("properties", text, {"motd": "one"})[0] == "motd=one\nx=1\n"


# -- ini


def test_ini_one_key_changed_keeps_comments_and_order():
    new, changes = merge("ini", INI, {"general": {"port": 25566}})
    assert new == INI.replace("port = 25565", "port = 25566")
    assert changes == {"general.port": {"before": "25565", "after": "25566"}}


def test_ini_new_key_at_the_end_of_its_section_and_new_section_at_the_end():
    new, _changes = merge("ini", INI, {"general": {"motd": "hi"}, "backup": {"interval": "6h"}, "web": {"on": True}})
    assert new == ("; settings\n[general]\nname = survival\n# keep this\nport = 25565\nmotd = hi\n\n[backup]\nkeep=3\n"
                   "interval=6h\n\n[web]\non = true\n")


def test_ini_absent_removes_the_key():
    new, changes = merge("ini", INI, {"general": {"name": None}}, "absent")
    assert new == INI.replace("name = survival\n", "")
    assert list(changes) == ["general.name"]


# -- json and yaml


def test_json_one_key_changed_keeps_order_and_indent():
    new, changes = merge("json", JSON, {"limits": {"a": 2}})
    assert new == JSON.replace('"a": 1', '"a": 2')
    assert changes == {"limits.a": {"before": 1, "after": 2}}


def test_json_new_key_appended_and_absent_removes_nested():
    new, _changes = merge("json", JSON, {"limits": {"b": 3}, "top": True})
    assert new == JSON.replace('"a": 1\n', '"a": 1,\n        "b": 3\n').replace("    ]\n}", '    ],\n    "top": true\n}')
    gone, changes = merge("json", JSON, {"limits": {"a": None}}, "absent")
    assert '"limits": {}' in gone and changes == {"limits.a": {"before": 1, "after": None}}


def test_yaml_one_key_changed_keeps_the_rest_and_new_key_appended():
    new, changes = merge("yaml", YAML, {"limits": {"b": 5}})
    assert new == YAML.replace("b: 2", "b: 5")
    assert changes == {"limits.b": {"before": 2, "after": 5}}
    added, _changes = merge("yaml", YAML, {"extra": {"on": True}})
    assert added == YAML + "extra:\n  'on': true\n" or added == YAML + "extra:\n  on: true\n"
    gone, _changes = merge("yaml", YAML, {"z": None}, "absent")
    assert gone == "name: x\nlimits:\n  a: 1\n  b: 2\n"


def test_yaml_and_json_values_changed_in_place_keep_comments_and_layout():
    text = "# greeter\ngreeting: hi   # the text\nlimits:\n  per-day: 3   # a day\n  name: \"x\"\n"
    new, changes = merge("yaml", text, {"limits": {"per-day": 5, "name": "on"}, "greeting": "hello: you"})
    assert new == "# greeter\ngreeting: 'hello: you'   # the text\nlimits:\n  per-day: 5   # a day\n  name: 'on'\n"
    assert set(changes) == {"limits.per-day", "limits.name", "greeting"}
    inline = '{"a": [1, 2], "b": {"c": "x"}}\n'
    assert merge("json", inline, {"b": {"c": 'y"z'}})[0] == '{"a": [1, 2], "b": {"c": "y\\"z"}}\n'
    # a new key, or a scalar becoming a list: the file is written again whole (comments go)
    assert merge("yaml", "# c\na: 1\n", {"b": 2})[0] == "a: 1\nb: 2\n"
    assert merge("yaml", "# c\na: 1\n", {"a": [1]})[0] == "a:\n- 1\n"


def test_unparsable_and_non_mapping_files_fail_naming_format():
    with pytest.raises(ReconcileError) as exc:
        merge("yaml", "a: [1\n", {"a": 1})
    assert exc.value.option == "format" and "f on the server is not valid YAML" in exc.value.message
    with pytest.raises(ReconcileError) as exc:
        merge("json", "[1, 2]", {"a": 1})
    assert exc.value.option == "format" and "holds a list, not a mapping" in exc.value.message


@pytest.mark.parametrize("fmt, settings, message", [
    ("properties", {"a": {"b": 1}}, "'a' is a dict, but format properties holds one level"),
    ("ini", {"s": {"a": [1]}}, "s.a is a list, but format ini holds sections"),
    ("json", {}, "must be a non-empty dict"),
])
def test_settings_of_the_wrong_shape_fail_naming_settings(fmt, settings, message):
    with pytest.raises(ReconcileError) as exc:
        files.check_config_params({"path": "x." + fmt, "format": fmt, "settings": settings})
    assert exc.value.option == "settings" and message in exc.value.message


# -- masking


@pytest.mark.parametrize("line, shown", [
    ("rcon.password=hunter2\n", "rcon.password=%s\n" % MASK),
    ('    "api_key": "abc",\n', '    "api_key": %s,\n' % MASK),
    ("  token: abc\n", "  token: %s\n" % MASK),
    ("secret = abc\n", "secret = %s\n" % MASK),
    ("max-players=20\n", "max-players=20\n"),
    ("rcon.password=\n", "rcon.password=\n"),
    # a yaml list item's first key, a properties line with a whitespace separator, mappings written on one line
    ("  - password: hunter2\n", "  - password: %s\n" % MASK),
    ("rcon.password hunter2\n", "rcon.password %s\n" % MASK),
    ('{"rcon": {"password": "hunter2", "port": 25575}}\n', '{"rcon": {"password": %s, "port": 25575}}\n' % MASK),
    ("rcon: {password: hunter2, port: 25575}\n", "rcon: {password: %s, port: 25575}\n" % MASK),
    ("# the password is reset nightly\n", "# the password is reset nightly\n"),
])
def test_mask_line(line, shown):
    assert files.mask_line(line) == shown


def test_diff_masks_secrets_and_shows_a_changed_secret_as_a_change():
    new, changes = merge("properties", PROPERTIES, {"rcon.password": "s3cret"})
    diff = files.unified_diff(PROPERTIES, new, "server.properties")
    assert "hunter2" not in diff and "s3cret" not in diff
    assert "-rcon.password=%s" % MASK in diff and "+rcon.password=%s" % MASK in diff
    assert diff.startswith("--- a/server.properties\n+++ b/server.properties\n")
    assert changes == {"rcon.password": {"before": MASK, "after": MASK}}
    assert files.secret_settings({"rcon.password": "s3cret", "a": {"token": 12345}, "motd": "xyz"}) == ["s3cret", "12345"]
    # too common or too short to search the whole output for (masked where they stand)
    assert files.secret_settings({"secret": True, "token": "ab"}) == []
    assert files.secret_values_in(PROPERTIES) == ["hunter2"]


def test_paths():
    assert files.check_path("/plugins/x.yml") == "plugins/x.yml"
    for bad in ("../x", "a/./b", "", "/", "a//b"):
        with pytest.raises(ReconcileError) as exc:
            files.check_path(bad)
        assert exc.value.option == "path"


def test_secrets_inside_lists_and_below_secret_keys_are_hidden_and_masked_in_the_plan():
    settings = {"users": [{"name": "ops", "password": "hunter22"}], "credentials": {"user": "bot", "value": "v4lue"}}
    assert sorted(files.secret_settings(settings)) == ["bot", "hunter22", "v4lue"]
    assert files.secret_values_in('{"rcon": {"password": "hunter2"}}\n  - token: abcdef\n') == ["hunter2", "abcdef"]
    _new, changes = merge("json", '{"motd": "hi"}\n', settings)
    assert changes["users"]["after"] == [{"name": "ops", "password": MASK}]
    assert changes["credentials"]["after"] == MASK
    assert "hunter22" not in str(changes) and "v4lue" not in str(changes)


@pytest.mark.parametrize("before, wanted", [('{"enabled": 1}\n', True), ('{"enabled": true}\n', 1),
                                            ('{"ratio": 1}\n', 1.0)])
def test_a_value_of_another_type_is_a_change(before, wanted):
    new, changes = merge("json", before, {"enabled" if "ratio" not in before else "ratio": wanted})
    assert changes and new != before
