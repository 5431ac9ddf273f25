# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``/api/v2/servers/{id}/backups...`` (API.md section 12, quirks 4, 15).

4.4.1+: many configurations per server (create returns no id, the list and the single
GET are bare, the default one cannot be deleted). 4.1-4.4.0: one configuration,
``PATCH /servers/{id}/backups`` with other key names than it reads back, and
``/backups/backup/`` for archives. 4.0.8 has no backup API. Archives are names in
``state.archives``; taking one is ``POST /servers/{id}/action/backup_server[/{backup_id}]``.

A restore re-imports the server under a new id (schedules and backup configs move,
the old server and its role links and webhooks go), except 4.4.8+ with ``inPlace``.
"""
from __future__ import annotations

from .auth import INSUFFICIENT_PERMS
from .framework import ApiError, Crash, Response, bare, ok
from .state import BACKUPS_ROOT

MANAGEMENT_MODULE = "app.classes.models.management"

ID_MISMATCH = "Server ID backup server ID different"
GENERAL_AUTH_ERROR = "Authorization Error"
LIST_FIELDS = ("backup_id", "backup_name", "backup_location", "excluded_dirs", "max_backups", "server_id", "compress",
               "shutdown", "before", "after", "default", "enabled")


def _require_backup(ctx, server_id, text=GENERAL_AUTH_ERROR) -> None:
    if "BACKUP" not in ctx.caller.server_permissions(server_id):
        raise ctx.not_authorized(text)


def _config_or_crash(ctx, backup_id) -> dict:
    """``get_backup_config`` runs before anything else: an unknown id is a 500 even unauthenticated."""
    row = ctx.state.backups.get(backup_id)
    if row is None:
        raise Crash.does_not_exist("Backups", MANAGEMENT_MODULE, key="backup_id", value=backup_id)
    return row


def _same_server(row, server_id) -> None:
    if str(row["server_id"]) != str(server_id):
        raise ApiError(400, "ID_MISMATCH", ID_MISMATCH)


def _stored_fields(data) -> dict:
    fields = dict(data)
    if "excluded_dirs" in fields:  # array in, comma-joined string out (quirk 15)
        fields["excluded_dirs"] = ",".join(str(item) for item in fields["excluded_dirs"])
    return fields


# ---------------------------------------------------------------------------------------------- 4.4.1+

def _list_refusal(ctx):
    """What the list and create routes put in their refusals."""
    if ctx.profile.backup_refusal_translated:
        return INSUFFICIENT_PERMS
    return GENERAL_AUTH_ERROR if ctx.profile.at_least(4, 4, 0) else None


def list_backups(ctx, server_id):
    _require_backup(ctx, server_id, _list_refusal(ctx))
    fields = LIST_FIELDS + (("backup_type",) if ctx.profile.backup_type else ())
    rows = {}
    for row in ctx.state.backups.values():
        if str(row["server_id"]) == str(server_id):
            rows[row["backup_id"]] = {field: row[field] for field in fields}
    return bare(rows)  # quirk 4: no envelope


def create_backup(ctx, server_id):
    caller = ctx.caller
    data = ctx.body()
    ctx.validate("backup_config", data)
    server = ctx.require_access(server_id)
    _require_backup(ctx, server_id, _list_refusal(ctx))
    fields = _stored_fields(data)
    fields.setdefault("excluded_dirs", "")
    if not caller.user["superuser"]:  # set for non-superusers only
        fields["backup_location"] = "%s/%s" % (BACKUPS_ROOT, server["server_id"])
    else:  # a superuser's config without one keeps the column default ""
        fields.setdefault("backup_location", "")
    name = fields.pop("backup_name", "New Backup")
    ctx.state.add_backup_config(server["server_id"], name, **fields)
    return ok(with_data=False)  # quirk 15: no id; list and match by name


def get_backup(ctx, server_id, backup_id):
    row = _config_or_crash(ctx, backup_id)
    ctx.authenticate()
    _same_server(row, server_id)
    _require_backup(ctx, server_id)
    view = dict(row)
    view["server_id"] = dict(ctx.state.find_server(row["server_id"]))
    return bare(view)  # quirk 4: the full row, no envelope, server expanded


def patch_backup(ctx, server_id, backup_id):
    data = ctx.body()
    ctx.validate("backup_config", data)
    row = _config_or_crash(ctx, backup_id)
    ctx.require_access(server_id)
    _same_server(row, server_id)
    _require_backup(ctx, server_id)
    row.update(_stored_fields(data))
    return ok(with_data=False)


def delete_backup(ctx, server_id, backup_id):
    row = _config_or_crash(ctx, backup_id)
    _same_server(row, server_id)
    ctx.authenticate()
    _require_backup(ctx, server_id)
    if row["default"]:
        raise ApiError(405, "NOT_ALLOWED", "Cannot delete default backup")
    del ctx.state.backups[backup_id]
    return ok(with_data=False)


def restore_backup(ctx, server_id, backup_id):
    _require_backup(ctx, server_id)
    row = _config_or_crash(ctx, backup_id)
    _same_server(row, server_id)
    data = ctx.body()
    ctx.validate("backup_file", data, superuser=True)
    if data["filename"] not in ctx.state.archives.get(backup_id, []):
        if ctx.profile.restore_in_background:
            return ok(with_data=False)  # the restore thread fails on its own; the route said "ok"
        # NO BACKUP FOUND with the exception object as error_data: the encoder rejects it
        raise Crash.not_serializable("FileNotFoundError")
    server = ctx.state.find_server(server_id)
    if ctx.profile.restore_in_place and data.get("inPlace"):
        ctx.state.server_status[server["server_id"]]["running"] = False
        return ok(with_data=False)
    ctx.sim.reimport_server(server)
    return ok(with_data=False)


def delete_archive(ctx, server_id, backup_id):
    ctx.authenticate()
    row = _config_or_crash(ctx, backup_id)
    _same_server(row, server_id)
    _require_backup(ctx, server_id)
    data = ctx.body()
    ctx.validate("backup_file", data, superuser=True)
    archives = ctx.state.archives.get(backup_id, [])
    if data["filename"] not in archives:
        raise Crash.not_serializable("FileNotFoundError")  # DELETE FAILED with the exception as error_data
    archives.remove(data["filename"])
    return ok(with_data=False)


def download_archive(ctx, server_id, backup_id, filename):
    _require_backup(ctx, server_id)
    row = _config_or_crash(ctx, backup_id)
    _same_server(row, server_id)
    if filename.rstrip("/") not in ctx.state.archives.get(backup_id, []):
        raise Crash("FileNotFoundError", "[Errno 2] No such file or directory: %r" % filename)
    response = Response(200, b"PK\x05\x06" + b"\x00" * 18, "application/zip")
    response.header("Content-Disposition", "attachment; filename=%s" % filename.rstrip("/"))
    return response


# ---------------------------------------------------------------------------------------------- 4.1-4.4.0

def get_single(ctx, server_id):
    _require_backup(ctx, server_id, None)
    server = ctx.server_or_crash(server_id)
    return bare(dict(ctx.state.single_backup_config(server["server_id"])))


def patch_single(ctx, server_id):
    caller = ctx.caller
    data = ctx.body()
    ctx.validate("backup_config_single", data, superuser=caller.user["superuser"])
    server = ctx.require_access(server_id)
    _require_backup(ctx, server_id, None)
    row = ctx.state.backup_single.setdefault(server["server_id"], dict(ctx.state.single_backup_config(server["server_id"])))
    renames = {"backup_before": "before", "backup_after": "after"}  # input names differ from output names
    for key, value in data.items():
        if key == "exclusions":
            row["excluded_dirs"] = ",".join(str(item) for item in value)
        else:
            row[renames.get(key, key)] = value
    return ok(with_data=False)


def single_archives(ctx, server_id):
    if ctx.request.method == "GET":
        return get_single(ctx, server_id)
    _require_backup(ctx, server_id, None)
    data = ctx.body()
    ctx.validate("backup_file", data, superuser=True)
    server = ctx.server_or_crash(server_id)
    archives = ctx.state.archives.get(server["server_id"], [])
    if data["filename"] not in archives:
        if ctx.request.method == "DELETE":
            raise ApiError(400, "DELETE FAILED with error [Errno 2] No such file or directory")
        raise ApiError(400, "NO BACKUP FOUND [Errno 2] No such file or directory")
    if ctx.request.method == "DELETE":
        archives.remove(data["filename"])
    else:
        ctx.sim.reimport_server(server)
    return ok(with_data=False)


def register(router, profile) -> None:
    if not profile.backup_api:
        return
    sid = "([a-z0-9-]+)" if profile.uuid_server_ids else "([0-9]+)"
    if profile.multi_backup:
        router.add(r"/api/v2/servers/%s/backups/?" % sid, {"GET": list_backups, "POST": create_backup})
        router.add(r"/api/v2/servers/%s/backups/backup/([a-z0-9-]+)/download/(.+)/?" % sid, {"GET": download_archive})
        router.add(r"/api/v2/servers/%s/backups/backup/([a-z0-9-]+)/?" % sid,
                   {"GET": get_backup, "PATCH": patch_backup, "DELETE": delete_backup, "POST": restore_backup})
        router.add(r"/api/v2/servers/%s/backups/backup/([a-z0-9-]+)/files/?" % sid, {"DELETE": delete_archive})
    else:
        router.add(r"/api/v2/servers/%s/backups/?" % sid, {"GET": get_single, "PATCH": patch_single})
        router.add(r"/api/v2/servers/%s/backups/backup/?" % sid,
                   {"GET": single_archives, "POST": single_archives, "DELETE": single_archives})
