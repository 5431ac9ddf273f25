# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""LocalFileBackupPlugin (instances only in 2.6.0.4): take/restore asynchronously, sticky, delete,
with the retention settings of catalog.BACKUP_SETTINGS."""
from __future__ import annotations

from . import catalog, views
from .framework import VOID, ActionFailed, AmpError, action_result, api
from .scheduler import fire_event
from .state import TASK_STATE, Backup, RunningTask, new_guid

BACKUPS = "LocalFileBackup.Backups."
WHERE = ("instance",)


def _backup_or_fail(ctx, backup_id):
    backup = ctx.process.backup(backup_id)
    if backup is None:
        raise ActionFailed("The specified backup does not exist.")
    return backup


def _task(ctx, name, description):
    task = RunningTask(id=new_guid(), name=name, description=description, origin="LocalFileBackupPlugin",
                       started=ctx.state.now())
    ctx.process.tasks.append(task)
    return task


def _finish(state, task):
    task.state = TASK_STATE["Finished"]
    task.progress = 100
    task.ended = state.now()


def _make_room(process) -> None:
    """Apply the retention settings before a new backup is stored [INFERRED from the UI's options]."""
    limit = int(process.settings.get("LocalFileBackupPlugin.BackupLimits.MaxBackupCount", "28"))
    policy = process.settings.get("LocalFileBackupPlugin.BackupLimits.ReplacePolicy", "1")
    if limit <= 0 or len(process.backups) < limit:
        return
    if policy == "0":
        raise ActionFailed("The backup limit of %d has been reached." % limit)
    removable = sorted((b for b in process.backups if not b.sticky), key=lambda b: b.timestamp)
    excess = 1 if policy == "1" else len(process.backups) - limit + 1
    if len(removable) < excess:
        raise ActionFailed("The backup limit of %d has been reached and every backup is sticky." % limit)
    for backup in removable[:excess]:
        process.backups.remove(backup)


@api("LocalFileBackupPlugin", "GetBackups", permission=BACKUPS + "ViewBackups", where=WHERE)
def get_backups(ctx):
    return [views.backup_manifest(ctx.sim, b) for b in ctx.process.backups]


@api("LocalFileBackupPlugin", "TakeBackup", permission=BACKUPS + "CreateBackup", where=WHERE)
def take_backup(ctx):
    """Asynchronous (§13 quirk 11): the backup is listed once the task finishes (``sim.async_delay``)."""
    state, process = ctx.state, ctx.process
    _make_room(process)
    title = ctx.get("Title")
    backup = Backup(id=new_guid(), name=title, description=ctx.get("Description"), sticky=bool(ctx.get("Sticky")),
                    taken_by=ctx.user.name, timestamp=state.now(),
                    module_name=catalog.MODULE_NAMES.get(process.kind, process.kind),
                    created_automatically=bool(ctx.get("WasCreatedAutomatically")),
                    size_bytes=1048576 * (len(process.backups) + 1))
    task = _task(ctx, "Backup", "Taking backup %s" % title)
    values = {"Id": backup.id, "Filename": backup.id + ".zip", "Reason": "",
              "WasCreatedAutomatically": str(backup.created_automatically)}
    fire_event(state, process, "A backup has started.", values)

    def finish():
        process.backups.append(backup)
        _finish(state, task)
        fire_event(state, process, "A backup finishes archiving.", values)
    state.schedule(ctx.sim.async_delay, finish)
    return action_result()


@api("LocalFileBackupPlugin", "RestoreBackup", permission=BACKUPS + "RestoreBackup", where=WHERE)
def restore_backup(ctx):
    """Asynchronous; the restore is recorded in ``process.restores`` when it finishes."""
    state, process = ctx.state, ctx.process
    backup = _backup_or_fail(ctx, ctx.get("BackupId"))
    task = _task(ctx, "Restore", "Restoring backup %s" % backup.name)
    delete_existing = bool(ctx.get("DeleteExistingData"))

    def finish():
        process.restores.append({"backup_id": backup.id, "name": backup.name, "delete_existing": delete_existing,
                                 "time": state.now()})
        _finish(state, task)
        fire_event(state, process, "A backup finishes restoring.",
                   {"Id": backup.id, "Filename": backup.id + ".zip", "Reason": "", "WasCreatedAutomatically": "False"})
    state.schedule(ctx.sim.async_delay, finish)
    return action_result()


@api("LocalFileBackupPlugin", "DeleteLocalBackup", permission=BACKUPS + "DeleteBackup", where=WHERE)
def delete_local_backup(ctx):
    backup = ctx.process.backup(ctx.get("BackupId"))
    if backup is None:  # a Void method has no ActionResult to fail with
        raise AmpError("Backup not found", "No backup with the id %s." % ctx.get("BackupId"))
    ctx.process.backups.remove(backup)
    return VOID


@api("LocalFileBackupPlugin", "SetBackupSticky", permission=BACKUPS + "ManageStickyBackups", where=WHERE)
def set_backup_sticky(ctx):
    """ActionResult per APISpec (TypedAPISpec says Void; API.md §7: accept either)."""
    backup = _backup_or_fail(ctx, ctx.get("BackupId"))
    backup.sticky = bool(ctx.get("Sticky"))
    return action_result()


@api("LocalFileBackupPlugin", "RefreshBackupList", permission=BACKUPS + "ViewBackups", where=WHERE)
def refresh_backup_list(ctx):
    return VOID
