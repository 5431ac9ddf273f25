#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: schedule_info
short_description: List the schedules of a game server with their tasks
version_added: 0.1.0
description:
  - Read the schedules of one server, all of them or those with a given name, each with its tasks in the order they
    run, in the form M(gameops.panels.schedule) takes, from Pterodactyl, Crafty Controller (4.3 and later) or
    CubeCoders AMP.
  - On Pterodactyl one request lists every schedule of the server with its tasks.
  - Crafty has no route that lists schedules; they are found by reading schedule ids in order, as
    M(gameops.panels.schedule) describes (one request per schedule id up to the highest, plus O(scan_gap)).
  - On CubeCoders AMP (O(panel_type=amp)), the interval triggers of an instance's scheduler (one request, plus one
    per schedule for its timing), each with its ordered tasks.
author:
  - gameops.panels contributors (@gameops)
extends_documentation_fragment:
  - gameops.panels.connection
  - gameops.panels.server_scope
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
options:
  name:
    description:
      - Only the schedules with exactly this name. Pterodactyl and Crafty.
    type: str
  scan_gap:
    description:
      - Crafty only. How many missing schedule ids in a row end the scan (see M(gameops.panels.schedule)).
    type: int
    default: 25
notes:
  - On Pterodactyl, needs O(client_api_key) (a key of a user with the C(schedule.read) permission on the server).
  - On Crafty, needs the server permission C(schedule).
seealso:
  - module: gameops.panels.schedule
"""

EXAMPLES = r"""
- name: Every schedule of a server
  gameops.panels.schedule_info:
    server_external_id: community-42-survival
  register: schedules

- name: Names of the disabled ones
  ansible.builtin.debug:
    msg: "{{ schedules.schedules | rejectattr('enabled') | map(attribute='name') | list }}"

- name: One schedule
  gameops.panels.schedule_info:
    server: survival
    name: nightly-restart
  register: nightly

- name: The schedules of a Crafty server
  gameops.panels.schedule_info:
    panel_type: crafty
    panel_url: "{{ panel_url }}"
    panel_username: admin
    panel_password: "{{ vault_crafty_password }}"
    server: survival
  register: crafty_schedules
- name: AMP - the schedules of an instance
  gameops.panels.schedule_info:
    panel_type: amp
    panel_url: "{{ panel_url }}"
    panel_username: ansible
    panel_password: "{{ vault_amp_password }}"
    server: Survival01
  register: amp_schedules
"""

RETURN = r"""
schedules:
  description: The matching schedules, with their tasks in run order.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 3
      name: nightly-restart
      cron: "0 4 * * *"
      enabled: true
      only_when_online: true
      is_processing: false
      last_run_at: "2026-05-01T04:00:00+00:00"
      next_run_at: "2026-05-02T04:00:00+00:00"
      tasks:
        - {action: command, payload: say Restarting in 60 seconds, time_offset: 0, continue_on_failure: false}
        - {action: power, payload: restart, time_offset: 30, continue_on_failure: false}
    - id: 12
      name: nightly
      cron: "0 4 * * *"
      interval: null
      interval_unit: null
      start_time: "00:00"
      enabled: true
      one_time: false
      next_run: "05/02/2026, 04:00:00"
      tasks:
        - {action: command, payload: say Restarting in 5 minutes, time_offset: 0, continue_on_failure: false}
        - {action: power, payload: restart, time_offset: 300, continue_on_failure: false}
      task_ids: [12, 13]
api_requests:
  description: Number of HTTP requests sent to the panel, by method.
  returned: always
  type: dict
  sample: {GET: 2}
"""

from ansible_collections.gameops.panels.plugins.module_utils.kinds.schedule import SCHEDULE
from ansible_collections.gameops.panels.plugins.module_utils.module_base import PanelModule


def main():
    module = PanelModule(kind=SCHEDULE, info=True)

    def work():
        return {"changed": False, "schedules": module.handler().info(name=module.params["name"])}

    module.run(work)


if __name__ == "__main__":
    main()
