# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the backup module reports on every panel: the engine's plan, plus what the engine does not carry out
itself (taking a backup now, restoring one) as one more change of the plan, and the backups deleted."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ansible_collections.gameops.panels.plugins.module_utils.reconcile import DELETE, Plan


def backup_result(plan: Plan, action: Optional[str] = None, key: Any = None,
                  fields: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """``changed``, ``plan`` and ``diff`` of a backup run; ``action`` (``backup``, ``restore``) on the backup
    ``key``, with its ``fields`` as ``{field: {before, after}}``, is a change the engine did not plan."""
    out = plan.to_dict()
    if action is not None:
        out["summary"][action] = 1
        out["changes"].append({"action": action, "key": key, "fields": fields or {}})
    return {"changed": plan.changed or action is not None, "plan": out, "diff": plan.diff()}


def deleted_backups(plan: Plan) -> List[Dict[str, Any]]:
    """``{uuid, name}`` of every backup the plan deletes."""
    return [{"uuid": c.current["uuid"], "name": c.current["name"]} for c in plan.changes if c.action == DELETE]
