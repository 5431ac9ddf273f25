# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Code every panel simulator shares: the HTTP server on 127.0.0.1 and its request handler."""
from __future__ import annotations

from .chaos import FAULT_KINDS, Chaos
from .httpserver import BIND_HOST, HTTP_REASONS, SimulatorHTTPServer, make_handler, serve

__all__ = ["BIND_HOST", "FAULT_KINDS", "HTTP_REASONS", "Chaos", "SimulatorHTTPServer", "make_handler", "serve"]
