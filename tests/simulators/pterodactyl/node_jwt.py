# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JWTs the panel signs for Wings (``NodeJWTService``): websocket credentials and signed file URLs.

HS256, signed with the node's daemon token; header ``{"typ", "alg", "jti"}``; claims ``iss`` (the panel
URL), ``aud`` (the node's connection address, one string), ``jti`` (md5 of user id + server uuid),
``iat``, ``nbf`` (5 minutes before issue), ``exp``, the route's own claims, ``user_uuid``, ``user_id``
and a random ``unique_id``; dates as Unix seconds.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from .state import random_string


def _encode(part) -> str:
    raw = json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def connection_address(node) -> str:
    """``Node::getConnectionAddress``: ``scheme://fqdn:daemonListen``."""
    return "%s://%s:%s" % (node["scheme"], node["fqdn"], node["daemon_listen"])


def sign(ctx, node, server, claims, lifetime: int) -> str:
    """A token for ``ctx.user`` on ``server``'s node, valid ``lifetime`` seconds."""
    user = ctx.user
    now = int(time.time())
    identifier = hashlib.md5(("%d%s" % (user["id"], server["uuid"])).encode("utf-8")).hexdigest()  # nosec - an id
    header = {"typ": "JWT", "alg": "HS256", "jti": identifier}
    payload = {"iss": ctx.request.base_url, "aud": connection_address(node), "jti": identifier, "iat": now,
               "nbf": now - 300, "exp": now + lifetime}
    payload.update(claims)
    payload.update({"user_uuid": user["uuid"], "user_id": user["id"], "unique_id": random_string(16)})
    signing_input = "%s.%s" % (_encode(header), _encode(payload))
    signature = hmac.new(node["daemon_token"].encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode("ascii")


def decode(token: str, key: str) -> dict:
    """The claims of ``token`` after checking its HS256 signature with ``key`` (for tests)."""
    signing_input, _dot, signature = token.rpartition(".")
    expected = hmac.new(key.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256).digest()
    given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    if not hmac.compare_digest(expected, given):
        raise ValueError("bad signature")
    body = signing_input.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


__all__ = ["sign", "decode", "connection_address"]
