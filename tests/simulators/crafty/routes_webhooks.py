# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``/api/v2/servers/{id}/webhook...`` (4.2+; API.md section 11, quirks 6, 11, 25).

Triggers go in as an array and are stored as ``"a,b,"`` (trailing comma); names are
not validated. The list is a dict keyed by the id as a string; the single GET is a
flat row with the server expanded. PATCH/DELETE check neither ownership nor existence.
"""
from __future__ import annotations

from .framework import ApiError, Crash, ok

WEBHOOK_FIELDS = ("webhook_type", "name", "url", "bot_name", "trigger", "body", "color", "enabled")


def join_triggers(triggers) -> str:
    return "".join("%s," % item for item in triggers)


def _require_config(ctx, server_id) -> None:
    if "CONFIG" not in ctx.caller.server_permissions(server_id):
        raise ctx.not_authorized()


def _server_hooks(ctx, server_id) -> dict:
    return {str(i): row for i, row in ctx.state.webhooks.items() if str(row["server_id"]) == str(server_id)}


def list_webhooks(ctx, server_id):
    _require_config(ctx, server_id)  # CONFIG only: no access-list check
    return ok({key: {field: row[field] for field in WEBHOOK_FIELDS}
               for key, row in _server_hooks(ctx, server_id).items()})


def create_webhook(ctx, server_id):
    data = ctx.body()
    ctx.validate("new_webhook", data, superuser=True)  # schema before access (quirk 23)
    server = ctx.require_access(server_id)
    _require_config(ctx, server_id)
    missing = [field for field in WEBHOOK_FIELDS if field not in data]
    if missing:  # minProperties 7 lets one key through, the insert then reads it (quirk 11)
        raise Crash.key_error(missing[0])
    webhook_id = ctx.state.next_id("webhook")
    row = {"id": webhook_id, "server_id": server["server_id"]}
    row.update({field: data[field] for field in WEBHOOK_FIELDS})
    row["trigger"] = join_triggers(data["trigger"])
    ctx.state.webhooks[webhook_id] = row
    return ok({"webhook_id": webhook_id})


def get_webhook(ctx, server_id, webhook_id):
    _require_config(ctx, server_id)
    if str(webhook_id) not in _server_hooks(ctx, server_id):
        raise ApiError(400, "NO WEBHOOK FOUND", "NOT FOUND")
    row = dict(ctx.state.webhooks[int(webhook_id)])
    row["server_id"] = dict(ctx.state.find_server(row["server_id"]))
    return ok(row)


def patch_webhook(ctx, server_id, webhook_id):
    data = ctx.body()
    ctx.validate("webhook_patch", data, superuser=True)
    server = ctx.require_access(server_id)
    _require_config(ctx, server_id)
    row = ctx.state.webhooks.get(int(webhook_id))
    if row is not None:  # unknown ids: the UPDATE matches nothing, still "ok"
        if "trigger" in data:
            data["trigger"] = join_triggers(data["trigger"])
        row.update(data)
        row["server_id"] = server["server_id"]  # quirk 25: no ownership check, the hook moves
    return ok(with_data=False)


def delete_webhook(ctx, server_id, webhook_id):
    _require_config(ctx, server_id)
    ctx.state.webhooks.pop(int(webhook_id), None)  # no ownership check; unknown ids answer ok
    return ok(with_data=False)


def test_webhook(ctx, server_id, webhook_id):
    ctx.require_access(server_id)
    _require_config(ctx, server_id)
    row = ctx.state.webhooks.get(int(webhook_id))
    if row is None:
        raise Crash.does_not_exist("Webhooks", "app.classes.models.management", key="id", value=webhook_id)
    if ctx.sim.webhook_failure:
        raise ApiError(500, "WEBHOOK ERROR", str(ctx.sim.webhook_failure))
    ctx.state.webhook_deliveries.append({"webhook_id": row["id"], "event": "test", "url": row["url"], "test": True,
                                         "variables": {}})
    return ok(with_data=False)


def register(router, profile) -> None:
    if not profile.webhooks:
        return
    sid = "([a-z0-9-]+)" if profile.uuid_server_ids else "([0-9]+)"
    router.add(r"/api/v2/servers/%s/webhook/([0-9]+)/?" % sid,
               {"GET": get_webhook, "PATCH": patch_webhook, "DELETE": delete_webhook, "POST": test_webhook})
    router.add(r"/api/v2/servers/%s/webhook/?" % sid, {"GET": list_webhooks, "POST": create_webhook})
