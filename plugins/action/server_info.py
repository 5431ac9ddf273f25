# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of gameops.panels.server_info: on a local connection, the module's code in the controller's task process."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.plugin_utils.controller_task import ControllerTask


class ActionModule(ControllerTask):
    pass
