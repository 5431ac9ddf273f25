# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP local backups of one instance (LocalFileBackupPlugin, API.md 7).

A backup is matched by its name (TakeBackup's ``Title``) within the
instance; AMP does not keep names unique, so two backups with one name is
an error. A sticky backup is one AMP never removes to make room for new
ones: the ``locked`` state of the shared backup vocabulary. TakeBackup and
RestoreBackup return before the work is done; the task waits for them by
polling, up to ``wait_timeout``. A backup still being taken (a busy
LocalFileBackupPlugin task in Core/GetTasks, after a run that timed out or
did not wait) is waited for, never taken a second time.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.amp.client import TASK_BUSY, names
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError, WaitTimeout
from ansible_collections.gameops.panels.plugins.module_utils.backups import BackupRun, deleted_backups
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import CREATE, Adapter, Reconciler

STATES = ("present", "absent", "locked", "unlocked", "restored")
BACKUP_PLUGIN = "LocalFileBackupPlugin"
CARRIES_ON = "AMP carries on with it, and the next run waits for it rather than taking another"
COMPLETED = "completed"
IN_PROGRESS = "in_progress"


def canonical(backup):
    checksum = backup.get("HashSHA1")
    return {
        "uuid": backup["Id"],
        "name": backup.get("Name"),
        "description": backup.get("Description") or "",
        "locked": bool(backup.get("Sticky")),
        "successful": True,
        "status": COMPLETED,
        "checksum": "sha1:%s" % checksum if checksum else None,
        "bytes": backup.get("TotalSizeBytes"),
        "created_at": backup.get("Timestamp"),
        "taken_by": backup.get("TakenBy"),
        "created_automatically": bool(backup.get("CreatedAutomatically")),
    }


def newest_first(backups):
    return sorted(backups, key=lambda b: b.get("created_at") or "", reverse=True)


class BackupAdapter(Adapter):
    """Backups of one instance, keyed on their name."""

    kind = "backup"
    key = "name"

    def __init__(self, api, waiter, wait=True, wait_timeout=600, description=""):
        self.api = api
        self.waiter = waiter
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.description = description

    def list(self):
        if self.api is None:
            return []  # check mode, the instance does not exist yet
        return [canonical(b) for b in self.api.get_backups() or []]

    def create(self, desired):
        before = set(b["uuid"] for b in self.list())
        self.api.take_backup(desired["name"], desired.get("description") or self.description, desired.get("locked", False))
        if not self.wait:
            return in_progress(desired)
        return self.wait_listed(lambda: self._new(desired["name"], before), desired["name"])

    def wait_listed(self, check, name):
        """``check()``'s backup once AMP lists it; a timeout names wait_timeout and says the backup carries on."""
        try:
            return self.waiter.wait_until(check, self.wait_timeout, "backup %r of %s" % (name, self.api.label))
        except WaitTimeout as exc:
            raise ReconcileError("%s; %s" % (exc.message, CARRIES_ON), option="wait_timeout") from exc

    def _new(self, name, before):
        for backup in self.list():
            if backup["uuid"] not in before and backup["name"] == name:
                return backup
        return None

    def update(self, current, desired, changed):
        if "locked" in changed:
            self.api.set_backup_sticky(current["uuid"], desired["locked"])
        return dict(current, locked=desired.get("locked", current["locked"]))

    def delete(self, current):
        self.api.delete_backup(current["uuid"])


def in_progress(desired):
    """What a run reports for a backup AMP is still taking."""
    return dict(desired, uuid=None, status=IN_PROGRESS, successful=None, description=desired.get("description", ""),
                locked=bool(desired.get("locked")), checksum=None, bytes=None, created_at=None, taken_by=None,
                created_automatically=False)


class BackupTask:
    """One run of the backup module on AMP."""

    def __init__(self, api, waiter, server, check_mode=False, wait=True, wait_timeout=600, description=None):
        self.api = api
        self.waiter = waiter
        self.server = server
        self.check_mode = check_mode
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.adapter = BackupAdapter(api, waiter, wait=wait, wait_timeout=wait_timeout,
                                     description=description or "")
        self.engine = Reconciler(self.adapter, check_mode=check_mode)
        self.label = api.label if api is not None else "AMP instance %r" % server.get("name")

    @staticmethod
    def check_options(name, state, wait_timeout):
        if state not in STATES:
            raise ReconcileError("must be one of %s, got %r" % (", ".join(STATES), state), option="state")
        if name is None or not name.strip():
            raise ReconcileError("is required on AMP (a backup is found by its name)", option="name")
        if wait_timeout is not None and wait_timeout < 0:
            raise ReconcileError("must be 0 or more seconds, got %d" % wait_timeout, option="wait_timeout")

    def run(self, name=None, state="present", truncate=False, force=False, description=None, **_other_panels):
        """Reconcile the named backup; options of other panels' backups (ignored, keep_last) never reach here.

        ``description`` is an entry's own (apply); the module gives it to the constructor."""
        name = name.strip()
        description = description or self.adapter.description or None
        backups = self.adapter.list()
        named = [b for b in backups if b["name"] == name]
        if len(named) > 1:
            raise ReconcileError("%d backups of %s are named %r (%s); AMP does not keep names unique, so this task cannot "
                                 "tell which one it manages: keep one and delete the others in AMP's Backups page "
                                 "(with their sticky flag off), then run the task again"
                                 % (len(named), self.label, name, ", ".join(b["uuid"] for b in named)), option="name")
        current = named[0] if named else None
        if current is None and state != "absent":
            taking, waited = self._taking(name, state)
            if taking is not None:
                return taking
            backups = self.adapter.list() if waited else backups
            current = next((b for b in backups if b["name"] == name), None)
        restore = False
        if state == "absent":
            if current is not None and current["locked"] and not force:
                raise ReconcileError("backup %r is sticky (locked); set force: true to delete it anyway" % name,
                                     option="force")
            plan = self.engine.plan(absent=[name], current=backups)
        elif state == "restored":
            if current is None:
                raise ReconcileError("%s has no backup named %r to restore" % (self.label, name), option="name")
            plan = self.engine.plan(desired=[{"name": name}], current=backups)
            restore = True
        else:
            desired = {"name": name}
            if state in ("locked", "unlocked"):
                desired["locked"] = state == "locked"
            if current is None and description is not None:
                desired["description"] = description
            plan = self.engine.plan(desired=[desired], current=backups)
        self.engine.apply(plan)
        if restore and not self.check_mode:
            busy_before = self._busy_tasks() if self.wait else set()
            self.api.restore_backup(current["uuid"], delete_existing_data=truncate)
            if self.wait:
                self._wait_restored(name, busy_before)

        run = BackupRun(plan, "restore" if restore else None, name,
                        {"truncate": {"before": None, "after": bool(truncate)}}, deleted=deleted_backups(plan))
        if state != "absent":
            run.returned["backup"] = self._result(plan, current)
        return run

    def _busy_backups(self):
        """AMP's busy LocalFileBackupPlugin tasks of the instance that are not restores."""
        return [t for t in self.api.get_tasks() or [] if t.get("Origin") == BACKUP_PLUGIN and t.get("State") in TASK_BUSY
                and "restor" not in ("%s %s" % (t.get("Name"), t.get("Description"))).lower()]

    def _taking(self, name, state):
        """``(result, waited)``: the run's result while AMP is still taking a backup named ``name`` (None: go on
        planning), and whether the task waited for AMP's backup tasks (so the list must be read again).

        With ``wait`` (outside check mode) every busy backup task is waited for first, whatever it is named (AMP's
        wording of a task is not documented), so a backup an earlier run started is found in the list instead of
        being taken a second time.
        """
        if self.api is None:
            return None, False
        busy = self._busy_backups()
        ours = [t for t in busy if names(t, name)]
        if not busy or (not ours and not self.wait):
            return None, False
        if self.wait and not self.check_mode:
            ids = set(t.get("Id") for t in busy)
            self.adapter.wait_listed(
                lambda: True if not ids & set(t.get("Id") for t in self._busy_backups()) else None, name)
            return None, True
        if not ours:
            return None, False  # check mode: another backup is being taken; plan this one as usual
        if state == "restored":
            raise ReconcileError("backup %r of %s is still being taken; it can be restored once it has completed (or "
                                 "set wait: true to wait for it)" % (name, self.label), option="wait")
        if state in ("locked", "unlocked") and not self.check_mode:
            raise ReconcileError("backup %r of %s is still being taken; it can be %s once it has completed (or set "
                                 "wait: true to wait for it)" % (name, self.label, state), option="wait")
        plan = self.engine.plan(desired=[], current=[])
        return BackupRun(plan, deleted=[], backup=in_progress({"name": name})), False

    def _result(self, plan, current):
        change = plan.changes[0]
        result = change.result
        if change.action == CREATE and self.check_mode:
            result = {"uuid": None, "name": result["name"], "description": result.get("description", ""),
                      "locked": bool(result.get("locked")), "successful": None, "status": None, "checksum": None,
                      "bytes": None, "created_at": None, "taken_by": None, "created_automatically": False}
        return result if result is not None else current

    def _busy_tasks(self):
        return set(t.get("Id") for t in self.api.get_tasks() or [] if t.get("State") in TASK_BUSY)

    def _wait_restored(self, name, busy_before):
        """RestoreBackup runs as a running task of the instance: wait until no task it started is still busy."""
        def idle():
            return True if not self._busy_tasks() - busy_before else None
        try:
            self.waiter.wait_until(idle, self.wait_timeout, "restoring backup %r into %s" % (name, self.label))
        except WaitTimeout as exc:
            raise ReconcileError("%s; the restore carries on in AMP" % exc.message, option="wait_timeout") from exc

    def info(self, name=None, **_other_panels):
        backups = newest_first(self.adapter.list())
        if name is not None:
            backups = [b for b in backups if b["name"] == name.strip()]
        return backups

    def info_summary(self, backups, **_filters):
        return {"backup_count": len(backups)}
