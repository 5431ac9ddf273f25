# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pterodactyl server backups (client API, reference section 8.10).

A backup is matched by name within its server (the panel does not enforce
unique names, so two live backups with one name is an error). Failed
backups (``completed_at`` set, ``is_successful`` false) do not count as
existing: the panel ignores them for its limit, and so do we.

:class:`BackupTask` orders the work so that a failure part-way never loses
more than the task asked for: backups that retention removes are deleted
after the new backup has finished, except the few that must go first to
free room under the server's backup limit.
"""

from __future__ import annotations

import fnmatch
import re
import time

from ansible_collections.gameops.panels.plugins.module_utils.backups import BackupRun, deleted_backups
from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import (
    CREATE, DELETE, UNCHANGED, Adapter, Plan, Reconciler)
from ansible_collections.gameops.panels.plugins.module_utils.values import TEXT_COLUMN_BYTES, text
from ansible_collections.gameops.panels.plugins.module_utils.waiting import WaitTimedOut, wait_until, wait_warning

IN_PROGRESS = "in_progress"
COMPLETED = "completed"
FAILED = "failed"

NAME_MAX_LENGTH = 191  # the panel's rule: nullable|string|max:191
STATES = ("present", "absent", "locked", "unlocked", "restored")


def default_keep_last_match(name):
    """The retention pattern a name implies: up to its first digit, then ``*`` (``nightly-2026-01-15`` -> ``nightly-*``).

    None when the name does not imply one (no name, no digit, or a digit first).
    """
    match = re.match(r"^([^0-9]+)[0-9]", (name or "").strip())
    return match.group(1) + "*" if match else None


def canonical(backup):
    """A panel ``backup`` object -> the form modules return."""
    if backup.get("completed_at") is None:
        status = IN_PROGRESS
    elif backup.get("is_successful"):
        status = COMPLETED
    else:
        status = FAILED
    return {
        "uuid": backup["uuid"],
        "name": backup["name"],
        "locked": bool(backup.get("is_locked")),
        "successful": bool(backup.get("is_successful")),
        "status": status,
        "ignored_files": list(backup.get("ignored_files") or []),
        "checksum": backup.get("checksum"),
        "bytes": backup.get("bytes"),
        "created_at": backup.get("created_at"),
        "completed_at": backup.get("completed_at"),
    }


def newest_first(backups):
    """Sort canonical backups newest first.

    ``created_at`` has a one-second resolution; the panel lists backups in
    creation (id) order, so the list position breaks ties.
    """
    indexed = list(enumerate(backups))
    indexed.sort(key=lambda pair: (pair[1].get("created_at") or "", pair[0]), reverse=True)
    return [backup for dummy, backup in indexed]


def summary(backups):
    """(newest-first list, number of live backups): what the panel counts against the limit."""
    return newest_first(backups), len([b for b in backups if b["status"] != FAILED])


class BackupAdapter(Adapter):
    """Backups of one server, keyed on ``name`` (declared backups) or ``uuid`` (retention, failed leftovers)."""

    kind = "backup"
    unordered = frozenset(["ignored_files"])

    def __init__(self, client, identifier, key="name"):
        self.client = client
        self.identifier = identifier
        self.key = key

    def normalize_key(self, value):
        # the panel trims request strings, so " nightly " is stored as "nightly"
        return None if value is None else str(value).strip()

    def list(self):
        return [canonical(b) for b in self.client.list_backups(self.identifier)]

    def create(self, desired):
        try:
            created = canonical(self.client.create_backup(self.identifier, name=desired["name"],
                                                          ignored=desired.get("ignored_files") or (),
                                                          locked=desired.get("locked")))
        except PanelError as exc:
            if exc.code == "TooManyBackupsException":
                raise ReconcileError("the panel refused to start backup %r: %s (another backup was probably started "
                                     "meanwhile; nothing was created)" % (desired["name"], exc.message))
            if exc.status == 429:
                raise ReconcileError("the panel still throttles backup creation after waiting as it asked: %s; "
                                     "nothing was created, run the task again later" % exc.message)
            raise
        # the panel silently drops is_locked for a user without backup.delete
        if desired.get("locked") and not created["locked"]:
            created = self.set_lock(created, True)
        return created

    def update(self, current, desired, changed):
        result = current
        if "locked" in changed:
            result = self.set_lock(current, desired["locked"])
        return result

    def set_lock(self, current, locked):
        """The lock route flips the flag; flip once more if someone else flipped it in between."""
        result = current
        for dummy in range(2):
            result = canonical(self.client.toggle_backup_lock(self.identifier, current["uuid"]))
            if result["locked"] == locked:
                return result
        raise ReconcileError("backup %r: its lock flag changed under us twice; is another job toggling it?"
                             % current["name"])

    def delete(self, current):
        # the panel refuses to delete a locked backup once it has completed
        if current["locked"] and current["status"] == COMPLETED:
            self.set_lock(current, False)
        self.client.delete_backup(self.identifier, current["uuid"])


class BackupTask:
    """One run of the backup module: plan, then apply in a safe order."""

    def __init__(self, client, server, check_mode=False, wait=True, wait_timeout=600,
                 sleep=time.sleep, clock=time.monotonic, warn=None):
        self.client = client
        self.server = server
        # None for a server a check-mode apply only plans to create: it has no backups yet
        self.identifier = server.get("identifier")
        self._listed = None
        self.check_mode = check_mode
        self.wait = wait
        self.wait_timeout = wait_timeout
        self._sleep = sleep
        self._clock = clock
        self._warn = warn or getattr(getattr(client, "transport", None), "warn", None) or (lambda message: None)
        self.by_name = Reconciler(BackupAdapter(client, self.identifier, "name"), check_mode=check_mode)
        self.by_uuid = Reconciler(BackupAdapter(client, self.identifier, "uuid"), check_mode=check_mode)

    # -- input -----------------------------------------------------------------

    @staticmethod
    def check_options(name, state, ignored, keep_last, wait_timeout, keep_last_match=None):
        """Reject bad input before any request."""
        if state not in STATES:
            raise ReconcileError("must be one of %s, got %r" % (", ".join(STATES), state), option="state")
        if name is not None:
            if not name.strip():
                raise ReconcileError("must not be empty (the panel would name the backup itself)", option="name")
            if len(name.strip()) > NAME_MAX_LENGTH:
                raise ReconcileError("may have at most %d characters, got %d" % (NAME_MAX_LENGTH, len(name.strip())),
                                     option="name")
        elif state != "present" or keep_last is None:
            raise ReconcileError("is required with state=%s%s" % (state, "" if state != "present" else
                                                                  " unless keep_last is set"), option="name")
        for path in ignored or ():
            if not path or not path.strip() or "\n" in path or "\r" in path:
                raise ReconcileError("each path must be a non-empty single line, got %r" % path, option="ignored")
        if ignored:
            # sent as one newline-separated string, stored in backups.ignored_files (a TEXT column)
            text("ignored", "\n".join(ignored), maximum=TEXT_COLUMN_BYTES, max_bytes=TEXT_COLUMN_BYTES)
        if keep_last is not None and keep_last < 0:
            raise ReconcileError("must be 0 or more, got %d" % keep_last, option="keep_last")
        if keep_last_match is not None and keep_last is None:
            raise ReconcileError("is used only with keep_last", option="keep_last_match")
        if keep_last is not None and keep_last_match is not None and not keep_last_match.strip():
            raise ReconcileError("must not be empty; use '*' to rotate every unlocked backup", option="keep_last_match")
        if keep_last is not None and keep_last_match is None and default_keep_last_match(name) is None:
            raise ReconcileError(
                "is required with keep_last %s: it names the backups retention may delete (for example "
                "'nightly-*'), so that backups made by hand are never rotated away"
                % ("when name is not set" if name is None else "because name %r has no leading part before a digit "
                   "to derive it from" % name.strip()), option="keep_last_match")
        if wait_timeout is not None and wait_timeout < 0:
            raise ReconcileError("must be 0 or more seconds, got %d" % wait_timeout, option="wait_timeout")

    # -- the run -----------------------------------------------------------------

    def run(self, name=None, state="present", ignored=None, keep_last=None, truncate=False, force=False,
            keep_last_match=None):
        name = name.strip() if name is not None else None
        if keep_last is not None and keep_last_match is None:
            keep_last_match = default_keep_last_match(name)
        backups = self._backups()
        live = [b for b in backups if b["status"] != FAILED]
        named = [b for b in live if b["name"] == name] if name is not None else []
        failed_named = [b for b in backups if name is not None and b["name"] == name and b["status"] == FAILED]
        if len(named) > 1:
            raise ReconcileError(
                "%d backups of server %r are named %r (%s); the panel does not keep names unique, so rename or "
                "delete all but one" % (len(named), self.server["name"], name, ", ".join(b["uuid"] for b in named)),
                option="name")
        current = named[0] if named else None

        # 1. the declared backup
        named_plan, restore = self._plan_named(name, state, current, failed_named, ignored, force)
        leftovers = self.by_uuid.plan(absent=[b["uuid"] for b in failed_named if state != "restored"], current=backups)

        # 2. retention, and what must go before a create to free room under the limit
        victims = self._victims(name, state, current, named_plan, live, keep_last, keep_last_match)
        early, details = [], {}
        creating = any(c.action == CREATE for c in named_plan.changes)
        # a server that does not exist yet has no limits to check, unless apply hands over the ones it plans
        known = self.identifier is not None or "feature_limits" in self.server
        if (creating or restore) and known:
            details = self._details()
        if creating and known:
            early = self._make_room(details, live, victims, keep_last)
        if restore and details.get("status") is not None:
            raise ReconcileError("server %r is %s; the panel restores a backup only into a server that is not "
                                 "installing, suspended or restoring" % (self.server["name"], details["status"]),
                                 option="state")
        early_plan = self.by_uuid.plan(absent=[b["uuid"] for b in early], current=backups)
        late_plan = self.by_uuid.plan(absent=[b["uuid"] for b in victims if b not in early], current=backups)

        # 3. apply: leftovers and room first, then the declared backup, then the rest of retention
        self.by_uuid.apply(leftovers)
        self.by_uuid.apply(early_plan)
        self.by_name.apply(named_plan)
        backup = self._result(named_plan, current, state)
        if backup is not None and backup["status"] == IN_PROGRESS and self.wait and not self.check_mode:
            backup = self.wait_for(backup)
        self.by_uuid.apply(late_plan)
        if restore and not self.check_mode:
            self.client.restore_backup(self.identifier, backup["uuid"], truncate=truncate)

        changes = leftovers.changes + early_plan.changes + named_plan.changes + late_plan.changes
        plan = Plan("backup", changes, frozenset())
        if plan.changed and not self.check_mode:
            self._listed = None
        run = BackupRun(plan, "restore" if restore else None, name,
                        {"truncate": {"before": None, "after": bool(truncate)}}, deleted=deleted_backups(plan))
        if state != "absent" and name is not None:
            run.returned["backup"] = backup
        if keep_last is not None:
            run.returned["keep_last_match"] = keep_last_match
        return run

    def _backups(self):
        """The server's backups, listed once for as many runs of this task as write nothing."""
        if self.identifier is None:  # check mode, the server does not exist yet: it holds no backups
            return []
        if self._listed is None:
            self._listed = [canonical(b) for b in self.client.list_backups(self.identifier)]
        return list(self._listed)

    def _details(self):
        """The server's limits and status: from the server apply hands over, else one read."""
        if "feature_limits" in self.server:
            return self.server
        return self.client.get_client_server(self.identifier)

    # -- planning ------------------------------------------------------------------

    def _plan_named(self, name, state, current, failed_named, ignored, force):
        """(plan for the named backup, whether to restore it)."""
        if name is None:
            return Plan("backup", [], frozenset()), False
        if state == "absent":
            if current is not None and current["locked"] and current["status"] == COMPLETED and not force:
                raise ReconcileError("backup %r is locked and the panel refuses to delete a locked backup; set "
                                     "force: true to unlock and delete it" % name, option="force")
            return self.by_name.plan(absent=[name], current=[current] if current else []), False
        if state == "restored":
            if current is None:
                why = " (only a failed one, which cannot be restored)" if failed_named else ""
                raise ReconcileError("server %r has no backup named %r to restore%s" % (self.server["name"], name, why),
                                     option="name")
            if current["status"] == IN_PROGRESS and not self.wait and not self.check_mode:
                raise ReconcileError("backup %r is still in progress; it can be restored once it has completed "
                                     "(or set wait: true to wait for it)" % name, option="wait")
            return self.by_name.plan(desired=[{"name": name}], current=[current]), True
        desired = {"name": name}
        if state in ("locked", "unlocked"):
            desired["locked"] = state == "locked"
        if current is None and ignored:
            # create-only: the panel cannot change a backup's exclusions, so they are never compared
            desired["ignored_files"] = list(ignored)
        return self.by_name.plan(desired=[desired], current=[current] if current else []), False

    @staticmethod
    def _victims(name, state, current, named_plan, live, keep_last, keep_last_match):
        """The unlocked backups named like ``keep_last_match`` that retention removes, newest first.

        The declared backup is always kept; backups of other names are never touched.
        """
        if keep_last is None:
            return []
        kept = None
        if name is not None and state != "absent":
            change = named_plan.changes[0]
            kept = change.desired if change.action != UNCHANGED else change.current
        slots = keep_last
        if kept is not None and not kept.get("locked"):
            slots -= 1
        if slots < 0:
            raise ReconcileError("keep_last=0 would delete backup %r, which this task keeps; use state=locked to keep "
                                 "it outside retention, or keep_last of 1 or more" % name, option="keep_last")
        keep_uuid = current["uuid"] if current is not None else None
        others = [b for b in live if not b["locked"] and b["uuid"] != keep_uuid
                  and fnmatch.fnmatchcase(b["name"], keep_last_match)]
        return newest_first(others)[slots:]

    def _make_room(self, details, live, victims, keep_last):
        """The retention victims (oldest first) to delete before a create so the panel's limit is not hit."""
        limit = (details.get("feature_limits") or {}).get("backups") or 0
        if limit == 0:
            raise ReconcileError("backups are disabled on server %r (its backup limit is 0); raise "
                                 "feature_limits.backups with gameops.panels.server" % self.server["name"])
        needed = len(live) - limit + 1
        if needed <= 0:
            return []
        if needed > len(victims):
            hint = ("keep_last cannot free enough room: locked backups, backups not named like keep_last_match and "
                    "the newest %d are kept" % keep_last if keep_last is not None else "set keep_last to rotate old backups")
            raise ReconcileError(
                "server %r has reached its backup limit of %d (%d backups exist); delete one, raise "
                "feature_limits.backups, or %s" % (self.server["name"], limit, len(live), hint),
                option="keep_last" if keep_last is not None else None)
        return list(reversed(victims))[:needed]

    # -- after the writes --------------------------------------------------------------

    def _result(self, plan, current, state):
        if not plan.changes:
            return current
        change = plan.changes[0]
        if change.action == DELETE or state == "absent":
            return None
        result = change.result
        if change.action == CREATE and self.check_mode:
            # what the panel will assign is unknown until it does
            result = {"uuid": None, "name": result["name"], "locked": bool(result.get("locked")), "successful": None,
                      "status": None, "ignored_files": list(result.get("ignored_files") or []), "checksum": None,
                      "bytes": None, "created_at": None, "completed_at": None}
        return result

    def wait_for(self, backup):
        """Poll the backup until the panel reports it finished; fail clearly on failure or timeout."""
        try:
            backup, waited = wait_until(
                backup, lambda: canonical(self.client.get_backup(self.identifier, backup["uuid"])),
                lambda b: b["status"] != IN_PROGRESS, self.wait_timeout, sleep=self._sleep, clock=self._clock)
        except WaitTimedOut:
            raise ReconcileError(
                "backup %r (%s) is still running on the panel after %d seconds; it carries on there, and the next "
                "run waits for it instead of starting another" % (backup["name"], backup["uuid"], self.wait_timeout),
                option="wait_timeout")
        warning = wait_warning("backup %r to complete" % backup["name"], waited, self.wait_timeout)
        if warning:
            self._warn(warning)
        if backup["status"] == FAILED:
            raise ReconcileError(
                "backup %r (%s) failed on the panel (Wings reported an error); it is kept for inspection and the next "
                "run deletes it and starts a new one" % (backup["name"], backup["uuid"]))
        return backup


def info(backups, name=None):
    """backup_info's backups: newest first, those named ``name`` when it is given."""
    ordered = newest_first(backups)
    if name is not None:
        ordered = [b for b in ordered if b["name"] == name.strip()]
    return ordered


def info_summary(client, server, backups, name=None, download_url=False):
    """What backup_info reports beside the list: the live count and the limit, and the download URL of the
    backup named ``name``."""
    identifier = server["identifier"]
    if identifier is None and not download_url:  # check mode, the server does not exist yet
        return {"backup_count": 0, "backup_limit": 0}
    details = client.get_client_server(identifier)
    result = {
        "backup_count": summary(backups)[1],
        "backup_limit": (details.get("feature_limits") or {}).get("backups") or 0,
    }
    if download_url:
        live = [b for b in info(backups, name) if b["status"] != FAILED]
        if len(live) != 1:
            raise ReconcileError("%s backup of server %r is named %r; download_url needs exactly one"
                                 % ("no" if not live else "more than one", server["name"], name), option="name")
        if live[0]["status"] != COMPLETED:
            raise ReconcileError("backup %r is still in progress; it can be downloaded once it has completed" % name,
                                 option="download_url")
        result["download_url"] = client.backup_download_url(identifier, live[0]["uuid"])
    return result
