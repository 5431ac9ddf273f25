# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seeded random faults around any simulator's request handling (the fault-injection suite's network).

The shared request handler asks :meth:`Chaos.decide` about every API request
(control endpoints under ``/__sim/`` are never touched). A fault happens
either *before* the simulator sees the request (it is never processed) or
*after* it processed it (the state changed, the answer is lost or replaced):

==========  ======  ==============================================================
kind        phase   what the client sees
==========  ======  ==============================================================
429         before  429 with ``Retry-After`` (a rate limiter in front of the panel)
503         before  503 (maintenance, overloaded)
500         random  500 (the panel failed, before or half-way through)
502, 504    random  a gateway error, sent before the panel got it or after it answered
reset       before  the connection closes without an answer
lost        after   processed, then the connection closes without an answer
timeout     after   processed, the answer held back past the client's timeout
==========  ======  ==============================================================

Configure it per simulator instance (``sim.chaos.configure(rate=0.1,
seed=7)``) or over HTTP (``POST /__sim/chaos`` with the same keys; ``GET``
reports the configuration and what was injected, ``DELETE`` turns it off).
Every simulator served by :func:`..httpserver.serve` has one.
"""
from __future__ import annotations

import random
import threading
from collections import Counter

FAULT_KINDS = ("429", "500", "502", "503", "504", "reset", "lost", "timeout")
# kinds that may strike after the simulator processed the request (the others never do)
AFTER_PROCESSING = {"500": "random", "502": "random", "504": "random", "lost": "after", "timeout": "after"}

PROXY_PAGE = "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center></body></html>\n"


class Fault:
    """One decision: ``kind`` (see FAULT_KINDS) and whether it strikes ``after`` processing."""

    def __init__(self, kind, after):
        self.kind = kind
        self.after = after

    @property
    def status(self):
        return int(self.kind) if self.kind.isdigit() else None

    def __repr__(self):
        return "Fault(%s, %s)" % (self.kind, "after" if self.after else "before")


class Chaos:
    """Random faults at ``rate`` (0..1), reproducible from ``seed``."""

    def __init__(self):
        self._lock = threading.Lock()
        self.configure()

    def configure(self, rate=0.0, seed=0, kinds=FAULT_KINDS, methods=None, delay=3.0, retry_after=0, max_faults=None,
                  phase=None, paths=None):
        """``kinds``: the fault kinds to draw from (equally likely); ``methods``: only these HTTP methods (None: all);
        ``delay``: seconds a ``timeout`` holds the answer back; ``max_faults``: stop after this many (None: never);
        ``phase``: ``before`` or ``after`` forces when the status kinds that may strike either way do;
        ``paths``: only requests whose path contains one of these (None: all)."""
        unknown = sorted(set(kinds) - set(FAULT_KINDS))
        if unknown or not 0 <= float(rate) <= 1 or phase not in (None, "before", "after"):
            raise ValueError("rate must be 0..1, kinds among %s and phase before or after (got %r, %r, %r)"
                             % (", ".join(FAULT_KINDS), rate, unknown, phase))
        with self._lock:
            self.rate = float(rate)
            self.seed = seed
            self.kinds = tuple(kinds)
            self.methods = frozenset(m.upper() for m in methods) if methods else None
            self.delay = float(delay)
            self.retry_after = int(retry_after)
            self.max_faults = max_faults
            self.phase = phase
            self.paths = tuple(paths) if paths else None
            self._random = random.Random(seed)
            self.injected = []
            self.seen = 0
        return self

    def off(self):
        return self.configure()

    @property
    def enabled(self):
        return self.rate > 0

    def decide(self, method, path):
        """The fault for this request, or None."""
        if not self.enabled or path == "/__sim" or path.startswith("/__sim/"):
            return None
        with self._lock:
            self.seen += 1
            if self.methods is not None and method.upper() not in self.methods:
                return None
            if self.paths is not None and not any(part in path for part in self.paths):
                return None
            if self.max_faults is not None and len(self.injected) >= self.max_faults:
                return None
            if self._random.random() >= self.rate:
                return None
            kind = self._random.choice(self.kinds)
            phase = AFTER_PROCESSING.get(kind, "before")
            if phase == "random":
                phase = self.phase or ("after" if self._random.random() < 0.5 else "before")
            after = phase == "after"
            self.injected.append((method.upper(), path, kind, "after" if after else "before"))
            return Fault(kind, after)

    def report(self):
        with self._lock:
            return {
                "rate": self.rate, "seed": self.seed, "kinds": list(self.kinds),
                "methods": sorted(self.methods) if self.methods else None, "delay": self.delay,
                "retry_after": self.retry_after, "max_faults": self.max_faults, "phase": self.phase,
                "paths": list(self.paths) if self.paths else None, "requests_seen": self.seen,
                "injected": len(self.injected), "by_kind": dict(Counter(k for _m, _p, k, _ph in self.injected)),
                "faults": [list(f) for f in self.injected],
            }

    def response(self, fault, reasons):
        """``(status, headers, body)`` a proxy or the panel's front would send for a status fault."""
        status = fault.status
        reason = reasons.get(status, "Error")
        headers = [("Content-Type", "text/html"), ("Connection", "close")]
        if status in (429, 503):
            headers.append(("Retry-After", str(self.retry_after)))
        return status, headers, (PROXY_PAGE % (status, reason, status, reason)).encode("ascii")
