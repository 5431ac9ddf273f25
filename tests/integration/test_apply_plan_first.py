# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""apply plans the whole document before its first write: an export applied as it is to an empty panel.

Export writes a password as its placeholder; apply leaves such a password unset, which is fine for a user
the panel holds, but a user apply must create needs one. Every such user, and every other problem the plan
finds, is reported at once, each with its document path, in check mode and for real, and nothing is written
(the server and the role the document also declares included).
"""

from __future__ import annotations

import pytest

from ansible_collections.gameops.panels.plugins.module_utils import document as doc

from tests.integration import round_trip as rt

CRAFTY = {
    "servers": [{"name": "survival", "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 2},
                 "port": 25570, "accept_eula": True}],
    "roles": [{"name": "helpers", "servers": [{"server": "survival", "permissions": ["logs"]}]}],
    "users": [{"username": "bobby", "password": "Bob-Builds-2026", "roles": ["helpers"]},
              {"username": "carol", "password": "Carol-Plays-2026"}],
}


def start():
    from tests.simulators.crafty import CraftySimulator

    sim = CraftySimulator()
    sim.start()
    return sim


def placeholder_problem(path, what, name):
    field = path.rsplit(".", 1)[-1]
    return (path, "holds <secret: not exported>, the placeholder export writes for a secret the panel never "
                  "returns, and apply leaves it unset; but it %s. Put the real value there, from a vault for "
                  "example (%s: \"{{ vault_%s_%s }}\")" % (what, field, name, field))


def test_an_export_applied_to_an_empty_crafty_panel_names_every_problem_before_any_write():
    """(Pterodactyl and AMP create a user without a password: there the placeholder stays unset.)"""
    source, empty = start(), start()
    try:
        rt.apply(source, CRAFTY)
        exported, _skipped = rt.export(source)
        exported["users"] = [u for u in exported["users"] if u["username"] in ("bobby", "carol")]
        assert [u["password"] for u in exported["users"]] == [doc.SECRET_PLACEHOLDER] * 2
        # and a user holding a role nobody declares: a problem of another kind, reported with the others
        exported["users"].append({"username": "dave", "password": "Dave-Digs-2026", "roles": ["nobody"]})
        for check_mode in (True, False):
            empty.clear_log()
            with pytest.raises(doc.DocumentError) as err:
                rt.apply(empty, exported, check_mode=check_mode)
            paths = [path for path, _message in err.value.problems]
            assert sorted(paths) == ["users[0].password", "users[1].password", "users[2].roles"], err.value.problems
            needs = sorted(err.value.problems)[0][1].split("; but it ", 1)[1].split(". Put", 1)[0]
            assert needs == "is required to create a Crafty user"
            assert sorted(err.value.problems) == [
                placeholder_problem("users[0].password", needs, "bobby"),
                placeholder_problem("users[1].password", needs, "carol"),
                ("users[2].roles", "no role 'nobody' on the panel, nor in the document (known: helpers)")]
            assert rt.writes(empty) == [], check_mode
        # the server and the role were not written either: the panel is as it was
        assert not [u for u in rt.export(empty)[0]["users"] if u["username"] in ("bobby", "carol")]
        assert [r["name"] for r in rt.export(empty)[0].get("roles") or []] == []
    finally:
        source.stop()
        empty.stop()
