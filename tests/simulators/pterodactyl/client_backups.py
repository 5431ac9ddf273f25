# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API backups (reference section 8.10)."""
from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import math
import secrets
import time
import uuid

from .client_activity import log_activity
from .client_api import can, paginate
from .framework import PanelError, bad_request, display_error, empty_response, json_response, validate
from .helpers import php_bool
from .rules import php_str

MSG_BACKUP_LOCKED = "Cannot delete a backup that is marked as locked."
MSG_TOO_MANY_BACKUPS = "Cannot create a new backup, this server has reached its limit of %d backups."
MSG_THROTTLED = "Only %d backups may be generated within a %d second span of time."
MSG_RESTORE_STATE = "This server is not currently in a state that allows for a backup to be restored."
MSG_RESTORE_INCOMPLETE = "This backup cannot be restored at this time: not completed or failed."


def is_failed(backup) -> bool:
    return backup["completed_at"] is not None and not backup["is_successful"]


def live_backups(state, server) -> list:
    return [b for b in state.rows("backups", server_id=server["id"]) if b["deleted_at"] is None]


def complete_backup(sim, backup) -> None:
    """Wings' backup status report."""
    state = sim.state
    if backup["completed_at"] is not None:
        return
    if sim.backup_outcome == "failed":
        state.update(backup, {"completed_at": state.now(), "is_successful": False, "is_locked": False,
                              "checksum": None, "bytes": 0})
        return
    digest = hashlib.sha1(backup["uuid"].encode("utf-8")).hexdigest()  # nosec
    state.update(backup, {"completed_at": state.now(), "is_successful": True, "checksum": "sha1:" + digest,
                          "bytes": 1048576 + int(digest[:4], 16)})


def create_backup(sim, server, name=None, ignored_files=None, locked=False) -> dict:
    """Insert an in-progress backup and schedule its completion after ``sim.backup_duration`` seconds."""
    state = sim.state
    now = state.now()
    backup = state.insert("backups", {
        "server_id": server["id"],
        "uuid": str(uuid.uuid4()),
        "upload_id": None,
        "is_successful": False,
        "is_locked": bool(locked),
        "name": name if name else "Backup at %s" % now.strftime("%Y-%m-%d %H:%M:%S"),
        "ignored_files": list(ignored_files or []),
        "disk": "wings",
        "checksum": None,
        "bytes": 0,
        "completed_at": None,
        "deleted_at": None,
    })
    if sim.backup_outcome != "pending":
        duration = float(sim.backup_duration or 0)
        state.pending["backup:%d" % backup["id"]] = (time.time() + duration, lambda: complete_backup(sim, backup))
    return backup


def backups_index(ctx):
    rows = live_backups(ctx.state, ctx.bound["server"])
    items, meta = paginate(ctx, rows, 20, 50, keep_query=False)
    meta["backup_count"] = len([b for b in rows if not is_failed(b)])
    return ctx.collection("backup", items, meta=meta)


def _throttle(ctx, server) -> None:
    throttle = ctx.sim.backup_throttle
    if not throttle:
        return
    limit, period = int(throttle[0]), int(throttle[1])
    if limit <= 0:
        return
    since = ctx.state.now() - datetime.timedelta(seconds=period)
    previous = [b for b in ctx.state.rows("backups", server_id=server["id"])
                if not is_failed(b) and b["created_at"] >= since]
    if len(previous) >= limit:
        until = previous[-1]["created_at"] + datetime.timedelta(seconds=period)
        retry = max(int(math.ceil((until - ctx.state.now()).total_seconds())), 0)
        raise PanelError(429, "TooManyRequestsHttpException", MSG_THROTTLED % (limit, period),
                         headers=[("Retry-After", str(retry))])


def backups_store(ctx):
    data = ctx.input()
    validate(data, [("name", "nullable|string|max:191"), ("is_locked", "nullable|boolean"), ("ignored", "nullable|string")])
    server = ctx.bound["server"]
    _throttle(ctx, server)
    limit = server["backup_limit"] or 0
    if limit == 0 or len([b for b in live_backups(ctx.state, server) if not is_failed(b)]) >= limit:
        raise display_error(MSG_TOO_MANY_BACKUPS % limit, "TooManyBackupsException")
    ignored = data.get("ignored")
    ignored_files = [line for line in php_str(ignored).split("\n") if line != ""] if ignored is not None else []
    locked = can(ctx, "backup.delete") and php_bool(data.get("is_locked"))
    backup = create_backup(ctx.sim, server, data.get("name"), ignored_files, locked)
    log_activity(ctx, "server:backup.start", {"name": backup["name"], "locked": php_bool(data.get("is_locked"))},
                 subjects=[("backup", backup["id"])])
    return ctx.item("backup", backup)


def backups_view(ctx):
    return ctx.item("backup", ctx.bound["backup"])


def _jwt(secret: str, claims: dict) -> str:
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    header = b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode("utf-8"))
    body = b64(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
    signature = hmac.new(secret.encode("utf-8"), ("%s.%s" % (header, body)).encode("ascii"), hashlib.sha256).digest()
    return "%s.%s.%s" % (header, body, b64(signature))


def backups_download(ctx):
    server = ctx.bound["server"]
    backup = ctx.bound["backup"]
    node = ctx.state.nodes[server["node_id"]]
    now = int(time.time())
    token = _jwt(node["daemon_token"], {
        "iss": ctx.request.base_url, "aud": [node["fqdn"]], "jti": secrets.token_hex(16), "iat": now, "nbf": now - 300,
        "exp": now + 900, "sub": str(ctx.user["id"]), "backup_uuid": backup["uuid"], "server_uuid": server["uuid"],
        "user_uuid": ctx.user["uuid"], "unique_id": secrets.token_hex(8),
    })
    url = "%s://%s:%d/download/backup?token=%s" % (node["scheme"], node["fqdn"], node["daemon_listen"], token)
    log_activity(ctx, "server:backup.download", {"name": backup["name"]}, subjects=[("backup", backup["id"])])
    return json_response(200, {"object": "signed_url", "attributes": {"url": url}})


def backups_lock(ctx):
    backup = ctx.bound["backup"]
    event = "server:backup.unlock" if backup["is_locked"] else "server:backup.lock"
    ctx.state.update(backup, {"is_locked": not backup["is_locked"]})
    log_activity(ctx, event, {"name": backup["name"]}, subjects=[("backup", backup["id"])])
    return ctx.item("backup", backup)


def backups_delete(ctx):
    backup = ctx.bound["backup"]
    if backup["is_locked"] and backup["is_successful"] and backup["completed_at"] is not None:
        raise display_error(MSG_BACKUP_LOCKED, "BackupLockedException")
    ctx.state.update(backup, {"deleted_at": ctx.state.now()})
    ctx.state.pending.pop("backup:%d" % backup["id"], None)
    log_activity(ctx, "server:backup.delete", {"name": backup["name"], "failed": not backup["is_successful"]},
                 subjects=[("backup", backup["id"])])
    return empty_response(204)


def backups_restore(ctx):
    validate(ctx.input(), [("truncate", "required|boolean")])
    server = ctx.bound["server"]
    backup = ctx.bound["backup"]
    if server["status"] is not None:
        raise bad_request(MSG_RESTORE_STATE)
    if backup["completed_at"] is None:
        raise bad_request(MSG_RESTORE_INCOMPLETE)
    state = ctx.state
    state.update(server, {"status": "restoring_backup"})
    log_activity(ctx, "server:backup.restore", {"name": backup["name"], "truncate": ctx.input()["truncate"]},
                 subjects=[("backup", backup["id"])])

    def finish():
        if server["status"] == "restoring_backup":
            state.update(server, {"status": None})
    state.pending["restore:%d" % server["id"]] = (time.time() + float(ctx.sim.restore_duration or 0), finish)
    return empty_response(204)
