# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API root, server view, resources, power and console command (reference sections 8.1 and 8.4)."""
from __future__ import annotations

import re
import time

from . import node_jwt
from .client_activity import log_activity
from .client_api import can, forbidden, paginate, permissions_of, require
from .client_transformers import PERMISSION_GROUPS
from .framework import PanelError, empty_response, json_response, unauthorized_action, validate
from .helpers import wings_unreachable
from .rules import php_str
from .transformers import apply_filters, partial_filter

POWER_PERMISSIONS = {"start": "control.start", "stop": "control.stop", "kill": "control.stop", "restart": "control.restart"}
MSG_SERVER_OFFLINE = "Server must be online in order to send commands."
MSG_NO_WEBSOCKET = "You do not have permission to connect to this server's websocket."

_IP_SEARCH = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3})?(?::\d*)?$")


def power_state(state, server) -> dict:
    """The simulated Wings power state of ``server`` (default ``offline``)."""
    return state.power_states.setdefault(server["id"], {"state": "offline", "since": time.time()})


def set_power(state, server, signal: str, transition: float = 0) -> None:
    """Apply a power signal. With ``transition`` seconds, Wings reports ``starting`` (after start or
    restart) or ``stopping`` (after stop) for that long before ``running`` / ``offline``; kill is immediate."""
    current = power_state(state, server)
    key = "power:%d" % server["id"]
    if signal in ("start", "restart"):
        if current["state"] in ("running", "starting") and signal == "start":
            return
        final = "running"
    else:
        final = "offline"
    state.pending.pop(key, None)
    if not transition or signal == "kill":
        state.power_states[server["id"]] = {"state": final, "since": time.time()}
        return
    state.power_states[server["id"]] = {"state": "starting" if final == "running" else "stopping", "since": time.time()}

    def settle():
        state.power_states[server["id"]] = {"state": final, "since": time.time()}
    state.pending[key] = (time.time() + float(transition), settle)


def _access_filter(state, user, kind):
    def accessible(server):
        return server["owner_id"] == user["id"] or any(
            r["server_id"] == server["id"] and r["user_id"] == user["id"] for r in state.subusers.values())
    if kind == "owner":
        return lambda s: s["owner_id"] == user["id"]
    if kind in ("admin", "admin-all"):
        if not user["root_admin"]:
            return lambda s: False
        if kind == "admin":
            return lambda s: not accessible(s)
        return lambda s: True
    return accessible


def _search_filter(state):
    def apply(rows, value):
        text = php_str(value if not isinstance(value, list) else ",".join(php_str(v) for v in value))
        if text == "":
            return rows
        if _IP_SEARCH.match(text) and ("." in text or text.startswith(":")):
            ip, _sep, port = text.partition(":")
            result = []
            for server in rows:
                for allocation in state.rows("allocations", server_id=server["id"]):
                    if ip and not allocation["ip"].startswith(ip):
                        continue
                    if port and not str(allocation["port"]).startswith(port):
                        continue
                    result.append(server)
                    break
            return result
        lowered = text.lower()
        return [s for s in rows if s["uuid"].lower() == lowered or s["uuid"].lower().startswith(lowered)
                or s["uuidShort"].lower() == lowered or (s["external_id"] or "").lower() == lowered
                or lowered in s["name"].lower()]
    return apply


def servers_index(ctx):
    state = ctx.state
    kind = ctx.request.query().get("type")
    wanted = _access_filter(state, ctx.user, kind if isinstance(kind, str) else None)
    rows = [s for s in state.sorted_rows(state.servers.values()) if wanted(s)]
    rows = apply_filters(ctx, rows, [
        ("uuid", partial_filter("uuid")), ("name", partial_filter("name")),
        ("description", partial_filter("description")), ("external_id", partial_filter("external_id")),
        ("*", _search_filter(state)),
    ])
    items, meta = paginate(ctx, rows, 50, 100, keep_query=True)
    includes = dict(ctx.includes())
    includes.setdefault("allocations", {})
    includes.setdefault("variables", {})
    payload = ctx.serializer.collection("client_server", items, includes)
    payload["meta"] = meta
    return json_response(200, payload)


def permissions_index(ctx):
    groups = {}
    for group, (description, keys) in PERMISSION_GROUPS.items():
        groups[group] = {"description": description, "keys": {key: "%s.%s" % (group, key) for key in keys}}
    return json_response(200, {"object": "system_permissions", "attributes": {"permissions": groups}})


def server_view(ctx):
    server = ctx.bound["server"]
    includes = dict(ctx.includes())
    includes.setdefault("allocations", {})
    includes.setdefault("variables", {})
    payload = ctx.serializer.item("client_server", server, includes)
    payload["meta"] = {
        "is_server_owner": ctx.user["id"] == server["owner_id"],
        "user_permissions": permissions_of(ctx),
    }
    return json_response(200, payload)


def server_resources(ctx):
    server = ctx.bound["server"]
    # the panel keeps Wings' answer for 20 s and a power signal does not clear it (see stale_state_reads)
    stale = ctx.sim.stale_state.get(server["id"])
    if stale and stale[0] > 0:
        ctx.sim.stale_state[server["id"]] = (stale[0] - 1, stale[1])
        return json_response(200, stale[1])
    if ctx.sim.wings_offline:
        raise wings_unreachable()
    return json_response(200, _stats(server, power_state(ctx.state, server)))


def _stats(server, power) -> dict:
    running = power["state"] == "running"
    memory = int(server["memory"] or 1024)
    return {"object": "stats", "attributes": {
        "current_state": power["state"],
        "is_suspended": server["status"] == "suspended",
        "resources": {
            "memory_bytes": min(memory, 1024) * 1024 * 1024 // 4 if running else 0,
            "cpu_absolute": 12.5 if running else 0,
            "disk_bytes": 52428800,
            "network_rx_bytes": 20480 if running else 0,
            "network_tx_bytes": 10240 if running else 0,
            "uptime": int((time.time() - power["since"]) * 1000) if running else 0,
        },
    }}


def server_power(ctx):
    signal = ctx.input().get("signal")
    permission = POWER_PERMISSIONS.get(signal) if isinstance(signal, str) else None
    if "*" not in permissions_of(ctx):
        if permission is None:
            raise unauthorized_action()
        require(ctx, permission)
    validate(ctx.input(), [("signal", "required|string|in:start,stop,restart,kill")])
    if ctx.sim.wings_offline:
        raise wings_unreachable()
    server = ctx.bound["server"]
    if ctx.sim.stale_state_reads:
        ctx.sim.stale_state[server["id"]] = (ctx.sim.stale_state_reads, _stats(server, power_state(ctx.state, server)))
    set_power(ctx.state, server, signal, transition=ctx.sim.power_transition_seconds)
    log_activity(ctx, "server:power.%s" % signal.lower())
    return empty_response(204)


def server_command(ctx):
    validate(ctx.input(), [("command", "required|string|min:1")])
    server = ctx.bound["server"]
    if ctx.sim.wings_offline:
        raise wings_unreachable()
    if power_state(ctx.state, server)["state"] != "running":
        raise PanelError(502, "HttpException", MSG_SERVER_OFFLINE)
    ctx.state.console.setdefault(server["id"], []).append(ctx.input()["command"])
    log_activity(ctx, "server:console.command", {"command": ctx.input()["command"]})
    return empty_response(204)


def server_websocket(ctx):
    """``GET /servers/{server}/websocket``: a JWT for Wings (10 minutes) and the socket URL. Needs
    ``websocket.connect`` (403 HttpForbiddenException). Servers are never in transfer here."""
    if not can(ctx, "websocket.connect"):
        raise forbidden(MSG_NO_WEBSOCKET)
    server = ctx.bound["server"]
    node = ctx.state.nodes[server["node_id"]]
    token = node_jwt.sign(ctx, node, server, {"server_uuid": server["uuid"], "permissions": permissions_of(ctx)}, 600)
    address = node_jwt.connection_address(node).replace("https://", "wss://").replace("http://", "ws://")
    return json_response(200, {"data": {"token": token, "socket": address + "/api/servers/%s/ws" % server["uuid"]}})
