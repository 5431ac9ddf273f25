# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the backup module reports on every panel: the engine's plan, plus what the engine does not carry out
itself (taking a backup now, restoring one) as one more change of the plan, and the backups deleted. The panels
return a :class:`BackupRun`, the :class:`~.task_run.TaskRun` of a run the engine planned; the module's result is
shaped from it in one place (``PanelModule.task_result``)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ansible_collections.gameops.panels.plugins.module_utils.reconcile import DELETE, Plan
from ansible_collections.gameops.panels.plugins.module_utils.task_run import TaskRun


class BackupRun(TaskRun):
    """What one backup run did: the engine's ``plan``, the ``action`` (``backup``, ``restore``) it carried out on
    the backup ``key`` beside the plan (its ``fields`` as ``{field: {before, after}}``), and what the module returns
    besides (``returned``: the backup, the backups deleted, ...). :class:`~.module_base.PanelModule` shapes it
    into the module's result."""

    def __init__(self, plan: Plan, action: Optional[str] = None, key: Any = None,
                 fields: Optional[Dict[str, Any]] = None, **returned: Any) -> None:
        super().__init__(False, {}, **returned)
        self.plan = plan
        self.action = action
        self.key = key
        self.fields = fields or {}

    @property
    def changed(self) -> bool:
        return self.plan.changed or self.action is not None

    def plan_dict(self) -> Dict[str, Any]:
        """The plan as the module returns it, the action one more change in it."""
        out = self.plan.to_dict()
        if self.action is not None:
            out["summary"][self.action] = out["summary"].get(self.action, 0) + 1
            out["changes"].append({"action": self.action, "key": self.key, "fields": self.fields})
        return out

    def diff(self) -> Dict[str, Any]:
        return self.plan.diff()


def deleted_backups(plan: Plan) -> List[Dict[str, Any]]:
    """``{uuid, name}`` of every backup the plan deletes."""
    return [{"uuid": c.current["uuid"], "name": c.current["name"]} for c in plan.changes if c.action == DELETE]
