# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Activity logs (reference section 8.2 and 8.4): what the client routes record, and the two lists.

Every client route the panel logs (``Activity::event(...)`` in its controllers) calls
:func:`log_activity` with the panel's event name and properties. A row is attached to its subjects:
the account (account routes) or the server (server routes), plus the route's own (the subuser's
user, ...). ``GET /account/activity`` lists the rows whose subject is the caller,
``GET /servers/{server}/activity`` the rows whose subject is the server.
"""
from __future__ import annotations

import hashlib

from .client_api import paginate, require
from .client_transformers import client_user_attributes
from .framework import json_response
from .transformers import TRANSFORMERS, apply_filters, apply_sorts, iso_timestamp, partial_filter

#: Events the panel no longer shows (``ActivityLog::DISABLED_EVENTS``).
DISABLED_EVENTS = ("server:file.upload",)

#: The ``:placeholders`` of each event's description in the panel's English texts (resources/lang/en/
#: activity.php). A property named there is not "additional metadata"; events whose text has
#: ``_one``/``_other`` variants (file delete, rename, compress) have no text of their own, so none.
EVENT_PLACEHOLDERS = {
    "user:account.email-changed": ("old", "new"), "user:account.password-changed": (),
    "user:api-key.create": ("identifier",), "user:api-key.delete": ("identifier",),
    "user:ssh-key.create": ("fingerprint",), "user:ssh-key.delete": ("fingerprint",),
    "user:two-factor.create": (), "user:two-factor.delete": (),
    "server:reinstall": (), "server:console.command": ("command",),
    "server:power.start": (), "server:power.stop": (), "server:power.restart": (), "server:power.kill": (),
    "server:backup.download": ("name",), "server:backup.delete": ("name",), "server:backup.start": ("name",),
    "server:backup.restore": ("name", "truncate"), "server:backup.lock": ("name",), "server:backup.unlock": ("name",),
    "server:database.create": ("name",), "server:database.rotate-password": ("name",),
    "server:database.delete": ("name",),
    "server:file.read": ("file",), "server:file.copy": ("file",), "server:file.download": ("file",),
    "server:file.write": ("file",), "server:file.create-directory": ("directory", "name"),
    "server:file.decompress": ("files", "directory"), "server:file.pull": ("url", "directory"),
    "server:file.delete": (), "server:file.rename": (), "server:file.compress": (),
    "server:allocation.create": ("allocation",), "server:allocation.notes": ("allocation", "old", "new"),
    "server:allocation.primary": ("allocation",), "server:allocation.delete": ("allocation",),
    "server:schedule.create": ("name",), "server:schedule.update": ("name",), "server:schedule.execute": ("name",),
    "server:schedule.delete": ("name",), "server:task.create": ("action", "name"),
    "server:task.update": ("action", "name"), "server:task.delete": ("name",),
    "server:settings.rename": ("old", "new"), "server:settings.description": ("old", "new"),
    "server:startup.edit": ("variable", "old", "new"), "server:startup.image": ("old", "new"),
    "server:subuser.create": ("email",), "server:subuser.update": ("email",), "server:subuser.delete": ("email",),
}
NOT_METADATA = ("ip", "useragent", "using_sftp")


def log_activity(ctx, event, properties=None, subjects=()):
    """``Activity::event(event)->property(...)->subject(...)->log()`` for the current request: the actor
    is the caller, the first subject the route's (server on server routes, the account otherwise)."""
    route_subject = ("server", ctx.bound["server"]["id"]) if "server" in ctx.bound else ("user", ctx.user["id"])
    attached = [route_subject]
    for subject in subjects:
        if subject not in attached:
            attached.append(subject)
    return ctx.state.insert("activity_logs", {
        "batch": None, "event": event, "ip": ctx.request.client_ip, "description": None,
        "actor_type": "user", "actor_id": ctx.user["id"], "api_key_id": ctx.key.get("id") if ctx.key else None,
        "properties": dict(properties or {}), "timestamp": ctx.state.now(), "subjects": attached,
    }, timestamps=False)


def _listing(ctx, subject):
    state = ctx.state
    rows = [row for row in state.sorted_rows(state.activity_logs.values())
            if subject in row["subjects"] and row["event"] not in DISABLED_EVENTS]
    if subject[0] == "server" and ctx.sim.hide_admin_activity:
        server = ctx.bound["server"]
        members = {server["owner_id"]} | {r["user_id"] for r in state.rows("subusers", server_id=server["id"])}
        rows = [r for r in rows if r["actor_type"] != "user" or r["actor_id"] in members
                or not (state.users.get(r["actor_id"]) or {}).get("root_admin")]
    rows = apply_filters(ctx, rows, [("event", partial_filter("event"))])
    rows = apply_sorts(ctx, rows, ["timestamp"])
    items, meta = paginate(ctx, rows, 25, 100, keep_query=True)
    payload = ctx.serializer.collection("activity_log", items, ctx.includes())
    payload["meta"] = meta
    return json_response(200, payload)


def account_activity(ctx):
    """``GET /account/activity``: rows whose subject is the caller (no ORDER BY in the panel: oldest first)."""
    return _listing(ctx, ("user", ctx.user["id"]))


def server_activity(ctx):
    """``GET /servers/{server}/activity``: ``activity.read``, checked in the controller (403 "This action is
    unauthorized.")."""
    require(ctx, "activity.read")
    return _listing(ctx, ("server", ctx.bound["server"]["id"]))


# ---------------------------------------------------------------------- the activity_log object

def _properties(ser, row):
    actor_is_caller = row["actor_type"] == "user" and row["actor_id"] == ser.ctx.user["id"]
    out = {}
    counts = []
    for key, value in row["properties"].items():
        if key == "ip" and not actor_is_caller:
            out[key] = "[hidden]"
            continue
        if isinstance(value, (list, dict)):
            out[key] = value
            out[key + "_count"] = len(value)
            counts.append(key + "_count")
            continue
        if key == "directory":
            value = ("/" + (value or "").strip("/") + "/").replace("//", "/")
        out[key] = value
    if len(counts) == 1:  # a single count is exposed as "count"
        out["count"] = out.pop(counts[0])
    return out


def _has_additional_metadata(row) -> bool:
    if not row["properties"]:
        return False
    excluded = set(EVENT_PLACEHOLDERS.get(row["event"], ())) | set(NOT_METADATA)
    return any(key not in excluded for key in row["properties"])


def _activity_log(ser, row):
    user = ser.ctx.user
    actor_is_caller = row["actor_type"] == "user" and row["actor_id"] == user["id"]
    return {
        "id": hashlib.sha1(str(row["id"]).encode("ascii")).hexdigest(),  # nosec - an opaque key, as the panel's
        "batch": row["batch"],
        "event": row["event"],
        "is_api": row["api_key_id"] is not None,
        "ip": row["ip"] if actor_is_caller or user["root_admin"] else None,
        "description": row["description"],
        "properties": _properties(ser, row),
        "has_additional_metadata": _has_additional_metadata(row),
        "timestamp": iso_timestamp(row["timestamp"]),
    }


def _actor(ser, row):
    actor = ser.state.users.get(row["actor_id"]) if row["actor_type"] == "user" else None
    return ("item", "client_user", actor, "user") if actor is not None else None


TRANSFORMERS.update({
    "activity_log": {"object": "activity_log", "attributes": _activity_log, "includes": (("actor", None, _actor),)},
    "client_user": {"object": "user", "attributes": lambda ser, user: client_user_attributes(user), "includes": ()},
})


__all__ = ["log_activity", "account_activity", "server_activity", "EVENT_PLACEHOLDERS", "DISABLED_EVENTS"]
