# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gitops_plan on every panel type: a user and a permission added by hand are seen.

Each panel holds what its document declares (applied, then exported as the repository's document). Someone
then adds a user by hand and grants one more permission by hand (a Crafty role's server permission, an AMP
role's node, a Pterodactyl subuser's permission: Pterodactyl has no roles). gitops_plan lists the user as
unmanaged and the permission as drift, writes nothing, and fails with gitops_fail_on_drift=true. Once the
permission is put back, the unmanaged user alone fails the plan only with gitops_unmanaged=fail, and
gitops_unmanaged=ignore leaves it out.
"""

from __future__ import annotations

import pytest
import yaml

from tests.integration import round_trip as rt
from tests.integration.harness import panel_env, run_ansible

PTERODACTYL = {
    "users": [{"username": "alice", "email": "alice@example.test", "first_name": "Alice", "last_name": "L"}],
    "servers": [{"name": "survival", "owner": "alice", "nest": "Minecraft", "egg": "Paper",
                 "limits": {"memory": 1024, "disk": 2048}, "deployment": {"locations": ["eu-west"]},
                 "subusers": [{"email": "bob@example.test", "permissions": ["control.console"]}]}],
}
CRAFTY = {
    "servers": [{"name": "survival", "jar": {"type": "paper", "version": "1.21.1"}, "memory": {"min": 1, "max": 2},
                 "port": 25570, "accept_eula": True}],
    "roles": [{"name": "helpers", "servers": [{"server": "survival", "permissions": ["logs", "terminal"]}]}],
    "users": [{"username": "bobby", "password": "Bob-Builds-2026", "roles": ["helpers"]}],
}
AMP = {
    "roles": [{"name": "Helpers", "permissions": {"Core.UserManagement.ViewUserInfo": "allow"}}],
    "users": [{"username": "bob", "password": "Bob-Builds-2026", "roles": ["Helpers"]}],
}
DOCUMENTS = {"pterodactyl": PTERODACTYL, "crafty": CRAFTY, "amp": AMP}


def start(panel_type):
    if panel_type == "pterodactyl":
        from tests.simulators.pterodactyl import PterodactylSimulator as Simulator
    elif panel_type == "crafty":
        from tests.simulators.crafty import CraftySimulator as Simulator
    else:
        from tests.simulators.amp import AMPSimulator as Simulator
    sim = Simulator()
    sim.start()
    return sim


def grant_by_hand(panel_type, sim):
    """One more permission on what the document declares; returns the drift line gitops_plan shows for it."""
    state = sim.state
    if panel_type == "pterodactyl":
        [subuser] = state.subusers.values()
        subuser["permissions"] = sorted(subuser["permissions"] + ["control.start"])
        return "~ subuser bob@example.test (servers[0].subusers[0]): permissions"
    if panel_type == "crafty":
        [row] = state.role_servers
        row["permissions"] = "01100110"  # files and config added to terminal and logs
        return "~ role helpers (roles[0]): servers"
    state.ads.role_permissions[state.role_by_name("Helpers").id]["Core.RoleManagement.DeleteRoles"] = True
    return "~ role Helpers (roles[2]): permissions"


def take_back(panel_type, sim):
    state = sim.state
    if panel_type == "pterodactyl":
        [subuser] = state.subusers.values()
        subuser["permissions"] = [p for p in subuser["permissions"] if p != "control.start"]
    elif panel_type == "crafty":
        state.role_servers[0]["permissions"] = "01100000"
    else:
        del state.ads.role_permissions[state.role_by_name("Helpers").id]["Core.RoleManagement.DeleteRoles"]


def add_user_by_hand(panel_type, sim):
    if panel_type == "pterodactyl":
        sim.add_user("mallory", email="mallory@example.test")
    elif panel_type == "crafty":
        sim.add_user("mallory", "Mallory-Pass-2026")
    else:
        sim.add_user("mallory", password="Mallory-Pass-2026")


def panel_writes(panel_type, sim):
    if panel_type == "amp":
        return [r.call for r in sim.writes() if r.call != "Core/Login"]
    return [(r.method, r.path) for r in sim.writes() if r.path != "/api/v2/auth/login"]


@pytest.mark.parametrize("panel_type", sorted(DOCUMENTS))
def test_a_user_and_a_permission_added_by_hand_show_in_gitops_plan_and_fail_it(panel_type, tmp_path):
    sim = start(panel_type)
    try:
        applied = rt.apply(sim, DOCUMENTS[panel_type])
        assert applied["changed"] is True
        # the repository's document: the panel exported, as the GitOps guide does it
        (tmp_path / "host_vars").mkdir()
        exported = run_ansible("ansible", ["localhost", "-m", "gameops.panels.export", "-a",
                                           "dest=host_vars/panel.yml var_name=panel_config_document"],
                               tmp_path, extra_env=panel_env(sim))
        assert exported.rc == 0, exported.stdout
        (tmp_path / "inventory.yml").write_text(yaml.safe_dump({"all": {"hosts": {"panel": {
            "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}}))

        def plan(*extra):
            sim.clear_log()
            run = run_ansible("ansible-playbook", ["-i", "inventory.yml", "gameops.panels.gitops_plan"] + list(extra),
                              tmp_path, extra_env=panel_env(sim))
            assert panel_writes(panel_type, sim) == [], run.stdout
            return run

        clean = plan("-e", "gitops_fail_on_drift=true")
        assert clean.rc == 0, clean.stdout[-3000:]
        assert clean.results("Drift of")["panel"]["msg"][0].startswith("No changes."), clean

        add_user_by_hand(panel_type, sim)
        drift_line = grant_by_hand(panel_type, sim)
        unmanaged_line = "? user mallory (on the panel, not in the document)"

        seen = plan()
        assert seen.rc == 0, seen
        drift = seen.results("Drift of")["panel"]["msg"]
        assert drift[0] == "Plan: 0 to add, 1 to change, 0 to destroy. 1 unmanaged user: mallory.", drift
        assert drift_line in drift and unmanaged_line in drift, drift
        result = seen.results("Apply the declared state")["panel"]
        assert result["unmanaged"] == [{"section": "users", "kind": "user", "key": "mallory"}]

        refused = plan("-e", "gitops_fail_on_drift=true")
        assert refused.rc == 2, refused
        assert refused.results("Stop on drift")["panel"]["msg"] == (
            "panel differs from its document: Plan: 0 to add, 1 to change, 0 to destroy. 1 unmanaged user: mallory.")

        # the permission put back: the unmanaged user alone fails the plan only when asked to
        take_back(panel_type, sim)
        reported = plan("-e", "gitops_fail_on_drift=true")
        assert reported.rc == 0, reported
        assert unmanaged_line in reported.results("Drift of")["panel"]["msg"]
        counted = plan("-e", "gitops_fail_on_drift=true", "-e", "gitops_unmanaged=fail")
        assert counted.rc == 2, counted
        assert counted.results("Stop on drift")["panel"]["msg"].endswith(
            "1 unmanaged user: mallory. (unmanaged objects count as drift: panel_config_unmanaged=fail)")
        ignored = plan("-e", "gitops_unmanaged=ignore")
        assert ignored.rc == 0 and unmanaged_line not in ignored.results("Drift of")["panel"]["msg"], ignored
    finally:
        sim.stop()
