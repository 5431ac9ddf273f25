# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The per-request context handed to route handlers, with the checks Crafty's handlers repeat."""
from __future__ import annotations

from .auth import INSUFFICIENT_PERMS
from .framework import ApiError, Crash


class Context:
    def __init__(self, sim, request):
        self.sim = sim
        self.request = request
        self._caller = None

    @property
    def state(self):
        return self.sim.state

    @property
    def profile(self):
        return self.sim.profile

    @property
    def caller(self):
        """The authenticated caller (authenticates on first use, like ``authenticate_user()``)."""
        if self._caller is None:
            self._caller = self.sim.auth.authenticate(self.request)
        return self._caller

    def authenticate(self):
        """Routes that need a valid token but look at nothing else of the caller."""
        return self.caller

    def body(self):
        return self.request.json_body()

    def validate(self, kind: str, data, superuser=None, raw=False) -> None:
        """Schema check; newer Crafty picks the ``_basic`` schema for callers whose user row is not superuser.
        ``raw``: the handler sends jsonschema's own message (server create does, in every version)."""
        if superuser is None:
            superuser = self.caller.schema_superuser
        error = self.sim.schemas.first_error(kind, data, superuser)
        if error is not None:
            raise ApiError(400, "INVALID_JSON_SCHEMA", str(error) if raw else self.sim.schemas.message(error))

    def not_authorized(self, text=INSUFFICIENT_PERMS) -> ApiError:
        """Permission refusals are HTTP 400 NOT_AUTHORIZED (quirk 2); 4.0.8 sends no error_data."""
        if text is None or not self.profile.at_least(4, 1, 0):
            return ApiError(400, "NOT_AUTHORIZED")
        return ApiError(400, "NOT_AUTHORIZED", text)

    def require_crafty(self, permission: str, allow_superuser=False) -> None:
        if allow_superuser and self.caller.superuser:
            return
        if permission not in self.caller.crafty():
            raise self.not_authorized()

    def require_superuser(self) -> None:
        if not self.caller.superuser:
            raise self.not_authorized()

    def require_access(self, server_id) -> dict:
        """The server must be in the caller's list; unknown and invisible ids both give 400 (quirk 3)."""
        if not self.caller.can_access(server_id):
            raise self.not_authorized()
        return self.state.find_server(server_id)

    def require_server_permission(self, server_id, permission: str) -> None:
        if permission not in self.caller.server_permissions(server_id):
            raise self.not_authorized()

    def server_or_crash(self, server_id) -> dict:
        """Handlers that fetch the server without checking access first crash on unknown ids."""
        server = self.state.find_server(server_id)
        if server is None:
            raise Crash.does_not_exist("Servers", "app.classes.models.servers", value=server_id)
        return server

    def flag(self, name: str) -> bool:
        """Query flags are true only when exactly ``true`` (quirk 8)."""
        return self.request.arg(name) == "true"
