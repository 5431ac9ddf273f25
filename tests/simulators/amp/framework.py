# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP's answer shapes (ActionResult, ErrorResponse, Void), the handler registry and the per-call context."""
from __future__ import annotations

import dataclasses
import json
from typing import Callable, Optional

JSON_CONTENT_TYPE = "application/json; charset=utf-8"

# Error titles. The first two are real strings (API.md §1.4); the rest are this simulator's
# convention for cases no public sample shows.
UNAUTHORIZED = "Unauthorized Access"
INSTANCE_UNAVAILABLE = "Instance Unavailable"
UNKNOWN_METHOD = "Unknown API method"
NOT_SIMULATED = "Not implemented by the simulator"
#: One Message for every "Unauthorized Access": AMP "plays dumb" - a missing session, a missing
#: permission and an endpoint that does not exist look the same to the caller (AMP's developer in
#: CubeCoders/AMP#403). Why it was refused is kept for tests in the request log (``.note``).
UNAUTHORIZED_MESSAGE = "You do not have permission to perform this action, or your session has expired."


@dataclasses.dataclass
class Response:
    status: int
    body: bytes
    headers: list = dataclasses.field(default_factory=list)
    payload: object = None  # the JSON value before encoding (kept for the request log)
    note: str = ""  # why the simulator answered an error (request log only, never sent)


def json_response(payload, status: int = 200) -> Response:
    return Response(status, json.dumps(payload).encode("utf-8"), [("Content-Type", JSON_CONTENT_TYPE)], payload)


#: The body of a Void method's answer: JSON ``null``. API.md §1.3 had an empty body as [INFERRED]; the
#: evidence says a JSON body: CubeCoders' own Node client (ampapi-node, ampapi.js) runs ``JSON.parse``
#: on every answer and guards ``result != null`` (an empty body throws), and working bots call
#: ``Core/SendConsoleMessage`` (Void) through it; ampapi-spec's README example calls it through a
#: ``requests`` client whose ``response.json()`` fails on an empty body; ampapi-java reads a line and
#: calls ``contains`` on it before its Void branch (an empty body is a NullPointerException);
#: AMPAPI_Python (cc-ampapi) refuses ``Content-Length: 0`` and accepts a JSON null only for the
#: methods it marks ``_no_data`` (its Void ones). ``null`` is also what .NET's serializer writes for
#: a method without a value. Tests: tests/unit/simulators/test_amp_evidence.py.
VOID_BODY = b"null"


def void_response() -> Response:
    """Void methods: HTTP 200, ``Content-Type: application/json``, body ``null`` (see ``VOID_BODY``)."""
    return Response(200, VOID_BODY, [("Content-Type", JSON_CONTENT_TYPE)], None)


class AmpError(Exception):
    """An ErrorResponse (Title/Message/StackTrace) inside HTTP 200 (§13 quirk 5)."""

    def __init__(self, title: str, message: str = "", stack_trace: str = "", note: str = ""):
        super().__init__(title)
        self.title = title
        self.message = message
        self.stack_trace = stack_trace
        self.note = note or message

    def payload(self) -> dict:
        return {"Title": self.title, "Message": self.message, "StackTrace": self.stack_trace}


def unauthorized(note: str) -> AmpError:
    """"Unauthorized Access" with the one message AMP gives for every cause; ``note`` says which."""
    return AmpError(UNAUTHORIZED, UNAUTHORIZED_MESSAGE, "", note)


class ActionFailed(Exception):
    """A failed ActionResult: ``{"Status": false, "Reason": ...}`` inside HTTP 200."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def action_result(result=None, with_result: bool = False) -> dict:
    """A successful ActionResult; ``Result`` only for the generic form (ActionResult<T>)."""
    payload = {"Status": True, "Reason": "", "SupportTitle": None, "SupportURL": None}
    if with_result or result is not None:
        payload["Result"] = result
    return payload


def failed_action(reason: str) -> dict:
    return {"Status": False, "Reason": reason, "SupportTitle": None, "SupportURL": None, "Result": None}


class Void:
    """Marker a handler returns for a Void method (answered with the JSON body ``null``)."""


VOID = Void()


@dataclasses.dataclass
class Endpoint:
    module: str
    method: str
    func: Callable
    auth: bool = True
    permission: object = None  # node string, or callable(ctx) -> node / None
    processes: tuple = ("ADS", "instance")  # where the handler applies


REGISTRY = {}


def api(module: str, method: str, auth: bool = True, permission=None, where=("ADS", "instance")):
    """Register ``func(ctx)`` as the handler of ``module/method`` on the given process kinds."""
    def decorator(func):
        for place in where:
            REGISTRY[(module, method, place)] = Endpoint(module, method, func, auth, permission, tuple(where))
        return func
    return decorator


def lookup(module: str, method: str, is_ads: bool) -> Optional[Endpoint]:
    return REGISTRY.get((module, method, "ADS" if is_ads else "instance"))


@dataclasses.dataclass
class Context:
    """What a handler gets: the simulator, the process called, the caller and the parameters."""

    sim: object
    process: object
    method: object  # spec.Method
    params: dict
    session: object = None
    user: object = None
    client_ip: str = "127.0.0.1"
    path: str = ""

    @property
    def state(self):
        return self.sim.state

    @property
    def is_ads(self) -> bool:
        return self.process.is_ads

    def get(self, name, default=None):
        return self.params.get(name, default)

    def require_permission(self, node: str) -> None:
        if self.user is None or not self.state.has_permission(self.user, self.process, node):
            raise unauthorized("missing permission %s" % node)


__all__ = ["Response", "json_response", "void_response", "AmpError", "ActionFailed", "action_result",
           "failed_action", "VOID", "VOID_BODY", "api", "lookup", "Context", "REGISTRY", "UNAUTHORIZED", "INSTANCE_UNAVAILABLE",
           "UNKNOWN_METHOD", "NOT_SIMULATED", "JSON_CONTENT_TYPE", "UNAUTHORIZED_MESSAGE", "unauthorized"]
