# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-request context handed to route handlers."""
from __future__ import annotations

from .framework import json_response, unauthorized_action
from .state import ACL_READ, ACL_WRITE, KEY_TYPE_ACCOUNT, KEY_TYPE_APPLICATION
from .transformers import Serializer, parse_includes


class Context:
    """What a handler sees: the simulator, state, parsed request, route params and bound models."""

    def __init__(self, sim, request, route, params):
        self.sim = sim
        self.state = sim.state
        self.request = request
        self.route = route
        self.params = params
        self.bound = {}
        self.user = {}
        self.key = {}
        self._serializer = None

    # -- input

    def input(self) -> dict:
        return self.request.input()

    def query(self) -> dict:
        return self.request.query()

    def includes(self) -> dict:
        return parse_includes(self.input().get("include"))

    def url(self, path: str) -> str:
        return self.request.base_url + path

    # -- authorisation

    def acl_allows(self, resource: str, action: int) -> bool:
        """``AdminAcl::check`` for application keys; account keys are not restricted."""
        if not self.key:
            return False
        if self.key["key_type"] == KEY_TYPE_ACCOUNT:
            return True
        return (int(self.key.get("r_" + resource, 0)) & action) != 0

    def authorize(self, resource: str, write: bool) -> None:
        """The form request's ``authorize()``; 403 "This action is unauthorized." on failure."""
        if not self.acl_allows(resource, ACL_WRITE if write else ACL_READ):
            raise unauthorized_action()

    def can_read(self, resource: str) -> bool:
        """Transformer ``authorize()`` used for relationship includes."""
        if not self.key:
            return False
        if self.key["key_type"] == KEY_TYPE_ACCOUNT:
            return bool(self.user and self.user["root_admin"])
        if self.key["key_type"] != KEY_TYPE_APPLICATION:
            return False
        return (int(self.key.get("r_" + resource, 0)) & ACL_READ) != 0

    # -- responses

    @property
    def serializer(self) -> Serializer:
        if self._serializer is None:
            self._serializer = Serializer(self)
        return self._serializer

    def item(self, kind: str, record, status: int = 200, meta=None):
        payload = self.serializer.item(kind, record, self.includes())
        if meta:
            payload["meta"] = meta
        return json_response(status, payload)

    def collection(self, kind: str, records, status: int = 200, meta=None):
        payload = self.serializer.collection(kind, records, self.includes())
        if meta:
            payload["meta"] = meta
        return json_response(status, payload)
