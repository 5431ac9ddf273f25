# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What one run of a task-like kind did (backup, server_file, server_config): the handlers that are no reconcile
adapter return a :class:`TaskRun`; the module's result is shaped from it in one place
(``PanelModule.task_result``), and apply reads the same object for a document entry (document_sync.py)."""

from __future__ import annotations

from typing import Any, Dict, Optional


class TaskRun:
    """Whether the run ``changed`` anything, its ``plan`` as the module returns it (``{summary, changes: [{action,
    key, fields}], ...}``, secrets masked), its ``diff`` in Ansible's form (``before``/``after``, or a ``prepared``
    text; empty when nothing changed), and what the module returns besides (``returned``)."""

    def __init__(self, changed: bool, plan: Dict[str, Any], diff: Optional[Dict[str, Any]] = None,
                 **returned: Any) -> None:
        self._changed = bool(changed)
        self._plan = plan
        self._diff = diff or {}
        self.returned = returned

    @property
    def changed(self) -> bool:
        return self._changed

    def plan_dict(self) -> Dict[str, Any]:
        """The plan as the module returns it."""
        return self._plan

    def diff(self) -> Dict[str, Any]:
        """The diff as Ansible shows it (``--diff``)."""
        return self._diff
