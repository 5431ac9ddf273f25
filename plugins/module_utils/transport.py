# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP transport shared by every panel client.

One ``requests.Session`` per panel connection. This is the only place that
knows about retries, timeouts, TLS, pacing, request counting and how a
failed request becomes a :class:`PanelError`. It has no Ansible imports so
the clients built on it are usable from plain Python.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module base
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
    Retry = object

REDACTED = "********"

# Statuses that mean "the request was not processed, try again later".
RETRY_STATUSES = (429, 502, 503, 504)
# 429 is safe to retry for every method (the panel rejected the request
# before doing anything); a 5xx on a POST may have been half-applied, so only
# methods that are idempotent on these panels are retried on 5xx.
IDEMPOTENT_METHODS = frozenset(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"])
WRITE_METHODS = frozenset(["POST", "PUT", "PATCH", "DELETE"])


class PanelError(Exception):
    """Any failed panel request, or a panel answer the client cannot use.

    ``status`` is the HTTP status (None for connection errors), ``code`` the
    panel's own error code (e.g. ``ValidationException``), ``field_errors`` a
    list of ``(field, message)`` pairs for validation failures.
    """

    def __init__(self, message, status=None, code=None, method=None, url=None, field_errors=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.method = method
        self.url = url
        self.field_errors = list(field_errors or [])

    def __str__(self):
        parts = []
        if self.method and self.url:
            parts.append("%s %s" % (self.method, self.url))
        if self.status:
            parts.append("HTTP %s" % self.status)
        if self.code:
            parts.append(self.code)
        prefix = " ".join(parts)
        return "%s: %s" % (prefix, self.message) if prefix else self.message

    def to_dict(self):
        return {
            "status": self.status,
            "code": self.code,
            "method": self.method,
            "url": self.url,
            "message": self.message,
            "field_errors": [{"field": f, "message": m} for f, m in self.field_errors],
        }


class _PanelRetry(Retry):
    """urllib3 Retry that also retries 429 for non-idempotent methods."""

    def is_retry(self, method, status_code, has_retry_after=False):
        if status_code == 429 and self.total:
            return True
        return super().is_retry(method, status_code, has_retry_after)


class Transport:
    """A JSON-over-HTTP session for one panel.

    ``secrets`` are strings that must never appear in an error message (API
    keys, passwords); they are replaced by ``********``.
    """

    def __init__(self, base_url, headers=None, secrets=(), validate_certs=True, timeout=30,
                 retries=5, backoff_factor=0.5, max_requests_per_minute=None, error_parser=None):
        if not HAS_REQUESTS:
            raise PanelError("the Python library 'requests' is required: %s" % REQUESTS_IMPORT_ERROR)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.secrets = [s for s in secrets if s]
        self.error_parser = error_parser
        self.retries = retries
        self.backoff_factor = backoff_factor
        self.counts = Counter()
        #: things the user should hear about even when the task succeeds (long waits, ...)
        self.warnings = []
        self._min_interval = 60.0 / max_requests_per_minute if max_requests_per_minute else 0.0
        self._last_request_at = 0.0
        self._pace_lock = threading.Lock()

        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers.update({"User-Agent": "gameops.panels"})
        self.session.headers.update(headers or {})
        retry = _PanelRetry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff_factor,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=IDEMPOTENT_METHODS,
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    # -- public API ---------------------------------------------------------

    @property
    def write_count(self):
        return sum(n for method, n in self.counts.items() if method in WRITE_METHODS)

    def warn(self, message):
        """Record a warning for the module's result (redacted like every message)."""
        self.warnings.append(self.redact(message))

    def add_secret(self, *values):
        """Redact ``values`` too from now on (secrets learnt from responses, such as a TOTP secret)."""
        for value in values:
            if value and value not in self.secrets:
                self.secrets.append(value)

    def redact(self, text):
        text = "" if text is None else str(text)
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def request(self, method, path, params=None, json_body=None, headers=None, idempotent=None):
        """Send one request; return the decoded JSON body (None when empty).

        ``path`` is relative to ``base_url`` unless it is an absolute URL
        (pagination links); ``headers`` are added to the session's (e.g. the
        credential of the API this call belongs to). ``idempotent=True`` marks
        a request that is safe to repeat although its method is not (AMP's
        reads are POSTs): it is also retried on 502/503/504.
        """
        method = method.upper()
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        retries_left = self.retries if idempotent and method not in IDEMPOTENT_METHODS else 0
        while True:
            response = self._send(method, url, params, json_body, headers)
            if response.status_code not in RETRY_STATUSES or response.status_code == 429 or not retries_left:
                break
            # urllib3 retried this status only for idempotent methods; this request is one too
            time.sleep(self._retry_delay(response, self.retries - retries_left))
            retries_left -= 1

        if response.status_code >= 400 or 300 <= response.status_code < 400:
            raise self._error_from(response, method, url)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise PanelError(
                "the panel answered with a body that is not JSON (is the URL right?): %s"
                % self.redact(response.text[:200]),
                status=response.status_code, method=method, url=self.redact(url))

    # -- helpers ------------------------------------------------------------

    def _send(self, method, url, params, json_body, headers):
        self._pace()
        self.counts[method] += 1
        try:
            return self.session.request(method, url, params=params, json=json_body, headers=headers, timeout=self.timeout)
        except requests.exceptions.SSLError as exc:
            raise PanelError(
                "TLS verification failed (%s); fix the certificate or set validate_certs: false" % self.redact(exc),
                method=method, url=self.redact(url))
        except requests.exceptions.RetryError as exc:
            raise PanelError("gave up after retries: %s" % self.redact(exc), method=method, url=self.redact(url))
        except requests.exceptions.RequestException as exc:
            raise PanelError("cannot reach the panel: %s" % self.redact(exc), method=method, url=self.redact(url))

    def _retry_delay(self, response, attempt):
        """The panel's Retry-After (in seconds) when it gives one, else exponential backoff."""
        after = response.headers.get("Retry-After", "")
        if after.isdigit():
            return float(after)
        return self.backoff_factor * (2 ** attempt)

    def _pace(self):
        """Space requests so a run stays under a per-minute budget."""
        if not self._min_interval:
            return
        with self._pace_lock:
            wait = self._last_request_at + self._min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_request_at = time.monotonic()

    def _error_from(self, response, method, url):
        try:
            body = response.json()
        except ValueError:
            body = None
        code, message, field_errors = None, None, []
        if body is not None and self.error_parser:
            code, message, field_errors = self.error_parser(body)
        if not message:
            if 300 <= response.status_code < 400:
                message = "unexpected redirect to %s" % response.headers.get("Location", "?")
            else:
                text = response.text.strip()
                message = text[:300] if text else response.reason or "request failed"
        if response.status_code == 429:
            message += " (still rate limited after retries; consider max_requests_per_minute)"
        return PanelError(
            self.redact(message),
            status=response.status_code,
            code=code,
            method=method,
            url=self.redact(url),
            field_errors=[(f, self.redact(m)) for f, m in field_errors],
        )
