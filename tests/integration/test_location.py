# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gameops.panels.location and location_info, through ansible-playbook, against the simulator."""

from __future__ import annotations

from tests.integration.harness import run_playbook, writes

LAB = """
- name: lab
  gameops.panels.location:
    short: lab
    long: %s
"""


def locations(sim):
    """short -> long of every location the panel holds."""
    return dict((loc["short"], loc["long"]) for loc in sim.state.locations.values())


def test_create_then_second_run_writes_nothing(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, LAB % "Test lab")
    assert run.rc == 0, run
    assert run.changed == 1
    assert writes(ptero_sim) == [("POST", "/api/application/locations")]
    post = [r for r in ptero_sim.requests if r.method == "POST"][0]
    assert post.body == {"short": "lab", "long": "Test lab"}
    assert locations(ptero_sim)["lab"] == "Test lab"
    created = run.task("lab")["location"]
    assert created["short"] == "lab" and created["long"] == "Test lab" and isinstance(created["id"], int)

    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, LAB % "Test lab")
    assert again.rc == 0, again
    assert again.changed == 0
    assert writes(ptero_sim) == []
    assert again.task("lab")["plan"]["summary"] == {"create": 0, "update": 0, "delete": 0, "unchanged": 1}


def test_a_changed_description_is_one_patch_and_check_mode_writes_nothing(ptero_sim, tmp_path):
    location_id = [i for i, loc in ptero_sim.state.locations.items() if loc["short"] == "eu-west"][0]
    task = LAB.replace("short: lab", "short: eu-west") % "Europe West (Frankfurt)"

    ptero_sim.clear_log()
    plan = run_playbook(ptero_sim, tmp_path, task, check=True, diff=True)
    assert plan.rc == 0, plan
    assert plan.changed == 1
    assert writes(ptero_sim) == []
    assert locations(ptero_sim)["eu-west"] == "Europe West"
    result = plan.task("lab")
    assert result["plan"]["changes"][0]["fields"] == {
        "long": {"before": "Europe West", "after": "Europe West (Frankfurt)"}}
    assert "Europe West (Frankfurt)" in plan.stdout  # the diff is shown

    run = run_playbook(ptero_sim, tmp_path, task)
    assert run.rc == 0, run
    assert writes(ptero_sim) == [("PATCH", "/api/application/locations/%d" % location_id)]
    patch = [r for r in ptero_sim.requests if r.method == "PATCH"][0]
    # short is required on every PATCH; nothing else is sent
    assert patch.body == {"short": "eu-west", "long": "Europe West (Frankfurt)"}
    assert locations(ptero_sim)["eu-west"] == "Europe West (Frankfurt)"


def test_delete_then_again_and_a_location_with_nodes_is_refused_by_the_panel(ptero_sim, tmp_path):
    run_playbook(ptero_sim, tmp_path, LAB % "Test lab")
    lab_id = [i for i, loc in ptero_sim.state.locations.items() if loc["short"] == "lab"][0]
    ptero_sim.clear_log()
    gone = """
- name: gone
  gameops.panels.location:
    name: lab
    state: absent
"""
    plan = run_playbook(ptero_sim, tmp_path, gone, check=True)
    assert plan.rc == 0 and plan.changed == 1, plan
    assert writes(ptero_sim) == []
    run = run_playbook(ptero_sim, tmp_path, gone)
    assert run.rc == 0 and run.changed == 1, run
    assert writes(ptero_sim) == [("DELETE", "/api/application/locations/%d" % lab_id)]
    assert "lab" not in locations(ptero_sim)
    ptero_sim.clear_log()
    again = run_playbook(ptero_sim, tmp_path, gone)
    assert again.rc == 0 and again.changed == 0, again
    assert writes(ptero_sim) == []

    # eu-west holds node-eu-1: the panel's refusal is the task's message
    busy = run_playbook(ptero_sim, tmp_path, gone.replace("name: lab", "name: eu-west"))
    assert busy.rc != 0
    assert "eu-west" in locations(ptero_sim)
    assert "Cannot delete a location that has active nodes attached to it." in busy.task("gone")["msg"]


def test_bad_input_fails_naming_the_option_before_any_request(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, """
- name: long short
  gameops.panels.location:
    short: "%s"
  ignore_errors: true
- name: blank long
  gameops.panels.location:
    short: lab
    long: "  "
  ignore_errors: true
- name: on crafty
  gameops.panels.location:
    panel_type: crafty
    panel_username: admin
    panel_password: secret
    short: lab
  ignore_errors: true
- name: info on amp
  gameops.panels.location_info:
    panel_type: amp
    panel_username: admin
    panel_password: secret
  ignore_errors: true
""" % ("x" * 61))
    assert run.rc == 0, run
    assert ptero_sim.requests == []
    assert run.task("long short")["msg"] == "short: may have at most 60 characters, got 61"
    assert run.task("long short")["option"] == "short"
    assert run.task("blank long")["msg"] == "long: must not be empty"
    assert run.task("on crafty")["msg"] == (
        "panel_type: location is not supported on Crafty Controller (panel_type=crafty); Crafty has no locations (they group "
        "Pterodactyl's nodes)")
    assert run.task("info on amp")["msg"].startswith("panel_type: location is not supported on ")


def test_location_info_lists_in_the_modules_form(ptero_sim, tmp_path):
    run = run_playbook(ptero_sim, tmp_path, """
- name: all
  gameops.panels.location_info:
  register: all
- name: one
  gameops.panels.location_info:
    short: us-east
""")
    assert run.rc == 0, run
    assert writes(ptero_sim) == []
    assert [loc["short"] for loc in run.task("all")["locations"]] == ["eu-west", "us-east"]
    assert run.task("one")["locations"] == [{"id": 2, "short": "us-east", "long": "US East"}]
