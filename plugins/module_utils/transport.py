# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP transport shared by every panel client.

One ``requests.Session`` per panel connection. This is the only place that
knows about retries, timeouts, TLS, redirects, pacing, request counting and
how a failed request becomes a :class:`PanelError`. It has no Ansible
imports so the clients built on it are usable from plain Python.

Retries (urllib3 ``Retry``, one policy per request):

* A request that is safe to repeat -- GET, HEAD, OPTIONS, PUT, PATCH and
  DELETE, or any request sent with ``idempotent=True`` (AMP's reads are
  POSTs; full-replacement updates sent as POST) -- is retried on 429, 500,
  502, 503 and 504, on connection errors, resets and read timeouts, with
  exponential backoff. A DELETE whose earlier attempt may have been applied
  and whose retry answers 404 has done its job and succeeds.
* A write whose retry fails after an earlier attempt may have been applied
  (its answer was lost, or was a 5xx) raises :class:`AmbiguousWrite` too,
  whatever the status: the failure may be the consequence of that attempt
  (the object is gone already), so only a read-back can tell.
* Any other request (a POST that creates something) is retried only when the
  panel cannot have processed it: HTTP 429 and connections that never
  opened. When its outcome is unknown -- the connection was lost or timed
  out after sending, or 500/502/503/504 -- :class:`AmbiguousWrite` is raised
  and the caller (the reconcile engine) reads back whether it took effect
  before deciding to send it again.
* ``Retry-After`` is honoured up to ``max_retry_wait`` seconds; a panel that
  asks for a longer wait fails the request at once, saying when to retry.
  A transport (one module run) spends at most ``RETRY_BUDGET_FACTOR`` times
  ``max_retry_wait`` in retries altogether. Waits of ``LONG_WAIT`` seconds
  or more are reported with :meth:`Transport.warn`.

Redirects are never followed: requests would turn a POST into a GET and the
write would be lost, so a 3xx fails with its target.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from ansible_collections.gameops.panels.plugins.module_utils.errors import MASK, AmbiguousWrite, NotThisPanel, PanelError

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import MaxRetryError, ResponseError
    from urllib3.util.retry import Retry
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module base
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
    Retry = HTTPAdapter = object

# Statuses that mean "try again later" for a request that is safe to repeat.
RETRY_STATUSES = (429, 500, 502, 503, 504)
# After these a write may or may not have been applied (a gateway gave up waiting, the panel failed half-way).
AMBIGUOUS_STATUSES = frozenset([500, 502, 503, 504])
READ_METHODS = frozenset(["GET", "HEAD", "OPTIONS"])
# Methods whose repetition leaves the panel as one request would: reads, full replacements, deletes.
IDEMPOTENT_METHODS = READ_METHODS | frozenset(["PUT", "PATCH", "DELETE"])
WRITE_METHODS = frozenset(["POST", "PUT", "PATCH", "DELETE"])

CONNECT_RETRIES = 2
DEFAULT_MAX_RETRY_WAIT = 60
# A module run spends at most this many times max_retry_wait in retries (waiting and re-sending) altogether.
RETRY_BUDGET_FACTOR = 5
# Waits this long (seconds) or longer become warnings in the task result.
LONG_WAIT = 5
# OpenSSL's words for "the other end does not speak TLS" (an https:// URL on a plain-HTTP port).
NOT_TLS_MARKERS = ("wrong version number", "record layer failure", "unknown protocol", "http request",
                   "packet length too long")


#: how much of an error answer that is not JSON is kept (a traceback's last lines are what matters)
MAX_ERROR_TEXT = 65536


def seen(status, content_type, text):
    """What an answer was, for a message: ``HTTP 404, text/html: '<html><title>404...'``."""
    shown = " ".join(str(text or "").split())
    return "HTTP %s%s%s" % (status, ", %s" % content_type if content_type else "",
                            ": %r" % (shown[:80] + ("..." if len(shown) > 80 else "")) if shown else ", no body")


class _RetryBudget:
    """Seconds a transport may still spend in retries (shared by all its requests)."""

    def __init__(self, seconds):
        self.left = seconds


class _Attempts:
    """What happened to one request across its retries: attempts sent, waits, why it stopped."""

    def __init__(self, budget, max_retry_wait, on_long_wait):
        self.budget = budget
        self.max_retry_wait = max_retry_wait
        self.on_long_wait = on_long_wait
        self.sent = 0
        #: an earlier attempt may have been applied by the panel
        self.maybe_applied = False
        #: the last failed attempt (a response) is already counted in ``sent``
        self.final_counted = False
        #: (seconds, status) when the panel asked for a wait longer than max_retry_wait
        self.throttled = None
        #: set when the retry budget ran out
        self.budget_spent = False
        self._first_failure = None

    def failed(self, sent, response):
        if self._first_failure is None:
            self._first_failure = time.monotonic()
        if sent:
            self.sent += 1
            status = getattr(response, "status", None)
            if response is None or status in AMBIGUOUS_STATUSES:
                self.maybe_applied = True

    def may_wait(self, seconds):
        """False when waiting ``seconds`` more (then retrying) would overrun the budget."""
        spent = time.monotonic() - self._first_failure if self._first_failure is not None else 0.0
        return spent + seconds <= self.budget.left

    def finish(self):
        if self._first_failure is not None:
            self.budget.left = max(0.0, self.budget.left - (time.monotonic() - self._first_failure))


class _PanelRetry(Retry):
    """urllib3 Retry with the transport's policy: who may be retried, how long to wait, what it cost.

    ``idempotent`` says whether the request may be repeated after an unknown
    outcome; ``attempts`` (an :class:`_Attempts`) counts what was sent and
    enforces the Retry-After cap and the retry budget. Both are carried to
    the copies urllib3 makes on every retry.
    """

    idempotent = True
    attempts = None

    def new(self, **kw):
        retry = super().new(**kw)
        retry.idempotent, retry.attempts = self.idempotent, self.attempts
        return retry

    def _is_method_retryable(self, method):
        return self.idempotent

    def is_retry(self, method, status_code, has_retry_after=False):
        # 429: the panel refused before doing anything, so every method may be retried
        if status_code == 429 and self.total:
            return True
        return super().is_retry(method, status_code, has_retry_after)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        # a connection that never opened (or a failed TLS handshake) sent nothing
        sent = error is None or not (self._is_connection_error(error) or "SSL" in type(error).__name__)
        self.attempts.failed(sent, response)
        try:
            retry = super().increment(method, url, response, error, _pool, _stacktrace)
        except MaxRetryError:
            self.attempts.final_counted = response is not None
            raise
        wait = retry.planned_wait(response)
        if response is not None and response.headers.get("Retry-After") is not None and wait > self.attempts.max_retry_wait:
            self.attempts.throttled = (wait, response.status)
            self.attempts.final_counted = True
            raise MaxRetryError(_pool, url, ResponseError("Retry-After %d s is above max_retry_wait" % wait))
        if not self.attempts.may_wait(wait):
            self.attempts.budget_spent = True
            self.attempts.final_counted = response is not None
            raise MaxRetryError(_pool, url, error or ResponseError("retry budget spent"))
        return retry

    def planned_wait(self, response=None):
        """Seconds before the next attempt: the panel's Retry-After when it gives one, else the backoff."""
        if response is not None and self.respect_retry_after_header:
            retry_after = self.get_retry_after(response)
            if retry_after:
                return float(retry_after)
        return float(self.get_backoff_time())

    def sleep(self, response=None):
        wait = self.planned_wait(response)
        if wait <= 0:
            return
        if wait >= LONG_WAIT:
            self.attempts.on_long_wait(wait, response)
        time.sleep(wait)


class _PolicyAdapter(HTTPAdapter):
    """An HTTPAdapter whose retry policy is chosen for each request (see :meth:`policy`)."""

    def __init__(self):
        self._local = threading.local()
        self._default_retry = None
        super().__init__()

    @property
    def max_retries(self):
        return getattr(self._local, "retry", None) or self._default_retry

    @max_retries.setter
    def max_retries(self, value):
        self._default_retry = value

    @contextlib.contextmanager
    def policy(self, retry):
        self._local.retry = retry
        try:
            yield
        finally:
            self._local.retry = None


class Transport:
    """A JSON-over-HTTP session for one panel.

    ``secrets`` are strings that must never appear in an error message (API
    keys, passwords); they are replaced by ``********``. ``validate_certs``
    false turns TLS verification off whatever REQUESTS_CA_BUNDLE or
    CURL_CA_BUNDLE say; ``ca_path`` is a CA bundle to verify against.
    ``max_retry_wait`` caps a single wait (Retry-After, backoff) in seconds.

    :meth:`request` takes ``idempotent=True`` for a request that is safe to
    retry like a read although its method is not (a POST that reads, or that
    fully replaces an object); ``idempotent=False`` for one that must never
    be repeated blindly whatever its method.
    """

    def __init__(self, base_url, headers=None, secrets=(), validate_certs=True, timeout=30,
                 retries=5, backoff_factor=0.5, max_requests_per_minute=None, error_parser=None,
                 max_retry_wait=DEFAULT_MAX_RETRY_WAIT, ca_path=None):
        if not HAS_REQUESTS:
            raise PanelError("the Python library 'requests' is required: %s" % REQUESTS_IMPORT_ERROR)
        for option, value, low in (("timeout", timeout, 0), ("max_requests_per_minute", max_requests_per_minute, 0)):
            if value is not None and value <= low:
                raise PanelError("%s must be greater than 0, got %r" % (option, value), option=option)
        if max_retry_wait is None or max_retry_wait < 0:
            raise PanelError("max_retry_wait must be 0 or more seconds, got %r" % (max_retry_wait,), option="max_retry_wait")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff_factor = backoff_factor
        self.max_retry_wait = max_retry_wait
        self.secrets = [s for s in secrets if s]
        self.error_parser = error_parser
        self.counts = Counter()
        #: things the user should hear about even when the task succeeds (long waits, ...)
        self.warnings = []
        self._verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self._budget = _RetryBudget(RETRY_BUDGET_FACTOR * max(max_retry_wait, 1))
        self._min_interval = 60.0 / max_requests_per_minute if max_requests_per_minute else 0.0
        self._last_request_at = 0.0
        self._pace_lock = threading.Lock()

        self.session = requests.Session()
        # what the environment says of proxies and CA bundles is read once here: a session that trusts the
        # environment reads it again for every request (each proxy variable looked up by scanning every variable,
        # twice a request), a tenth of the CPU of a run that sends a hundred requests. No .netrc either: every
        # request carries its panel's credential.
        self.session.trust_env = False
        self.session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        if self._verify is True:
            self._verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self.session.verify = self._verify
        self.session.headers.update({"User-Agent": "gameops.panels"})
        self.session.headers.update(headers or {})
        self._adapter = _PolicyAdapter()
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)

    # -- public API ---------------------------------------------------------

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
            text = text.replace(secret, MASK)
        return text

    def request(self, method, path, params=None, json_body=None, headers=None, idempotent=None, final_statuses=(),
                data=None, raw=False):
        """Send one request (retrying as the module docstring says); return the decoded JSON body.

        ``path`` is relative to ``base_url`` unless it is an absolute URL
        (pagination links); ``headers`` are added to the session's (e.g. the
        credential of the API this call belongs to). ``idempotent`` (default:
        whether the method is) says the request may be repeated when its
        outcome is unknown. ``final_statuses`` are statuses this panel uses as
        its real answer to this request rather than a passing fault (Crafty's
        500 page for an id it does not have), so they are never retried.
        Returns None for an empty body. Every attempt sent, retries included,
        is counted in :attr:`counts`. ``data`` (bytes) is sent as the body instead of JSON (a file's content);
        ``raw`` returns the body's bytes as they came instead of decoding JSON (a file read).
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        where = dict(method=method, url=self.redact(url))
        self._pace()
        attempts = _Attempts(self._budget, self.max_retry_wait, lambda wait, response: self._long_wait(method, url, wait, response))
        try:
            with self._adapter.policy(self._retry(idempotent, attempts, final_statuses)):
                response = self.session.request(method, url, params=params, json=json_body, data=data, headers=headers,
                                                timeout=self.timeout, verify=self._verify, allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            self.counts[method] += attempts.sent
            raise self._failure(exc, idempotent, attempts, where)
        finally:
            attempts.finish()
        self.counts[method] += attempts.sent + (0 if attempts.final_counted else 1)

        status = response.status_code
        if attempts.throttled:
            raise self._throttled(response, attempts.throttled[0], where)
        if 300 <= status < 400:
            raise self._redirected(response, where)
        if status == 404 and method == "DELETE" and attempts.maybe_applied:
            return None  # an earlier attempt deleted it; its answer was lost
        if status >= 400:
            error = self._error_from(response, method, url)
            # a gateway's 5xx leaves the outcome open; the panel's own error for a failed backend call (a coded 502,
            # 503 or 504, such as Wings being offline) reports a write that did not happen
            if (status in AMBIGUOUS_STATUSES and not idempotent and not (status != 500 and error.code)) or (
                    method in WRITE_METHODS and attempts.maybe_applied):
                # (an earlier attempt may have been applied, so this answer may only say so: Crafty refuses the
                # retried DELETE of a server it just deleted with 400, a role or a task with 500)
                error = AmbiguousWrite(error.message + " (the panel may or may not have applied it)", status=status,
                                       code=error.code, field_errors=error.field_errors,
                                       content_type=error.content_type, text=error.text, **where)
            elif attempts.budget_spent:
                error.message += " (gave up: this task's retry time of %d s is spent)" % (RETRY_BUDGET_FACTOR * max(self.max_retry_wait, 1))
            raise error
        if raw:
            return response.content
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise NotThisPanel(
                "the panel answered with a body that is not JSON; is panel_url the panel's address? It begins: %s"
                % self.redact(response.text[:200]), status=status, **where)

    def probe(self, method, url, json_body=None):
        """One request to an absolute ``url`` that tells what answers there: ``(status, content type, decoded JSON or
        None, text)``, or None when nothing answers. Sent once (no retries, no redirects), with the session's
        headers but no credential, counted like every request; the text is redacted."""
        self._pace()
        try:
            # not through the session: its hooks would count an answered POST as a write the panel accepted
            headers = dict(self.session.headers)
            if "json" not in str(headers.get("Accept")):
                headers["Accept"] = "application/json"  # a panel answers a browser otherwise (a login page)
            response = requests.request(method, url, json=json_body, headers=headers,
                                        timeout=self.timeout, verify=self._verify, allow_redirects=False)
        except requests.exceptions.RequestException:
            self.counts[method.upper()] += 1
            return None
        self.counts[method.upper()] += 1
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
        try:
            body = response.json()
        except ValueError:
            body = None
        return response.status_code, content_type, body, self.redact(response.text[:MAX_ERROR_TEXT])

    # -- helpers ------------------------------------------------------------

    def _retry(self, idempotent, attempts, final_statuses=()):
        retry = _PanelRetry(
            total=self.retries,
            # a refused connection is retried briefly (a panel restarting), not for the whole backoff series
            connect=min(self.retries, CONNECT_RETRIES),
            read=self.retries,
            status=self.retries,
            other=0,
            redirect=0,
            backoff_factor=self.backoff_factor,
            status_forcelist=tuple(status for status in RETRY_STATUSES if status not in final_statuses),
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
        )
        retry.idempotent, retry.attempts = idempotent, attempts
        return retry

    def _long_wait(self, method, url, wait, response):
        why = "the panel asked (HTTP %s, Retry-After)" % response.status if response is not None and \
            response.headers.get("Retry-After") is not None else "backing off after failed attempts"
        self.warn("waited %d s before retrying %s %s: %s" % (round(wait), method, self.redact(url), why))

    def _failure(self, exc, idempotent, attempts, where):
        """A requests exception -> PanelError naming what to fix (or AmbiguousWrite)."""
        reason = _root_cause(exc)
        host = urlsplit(where["url"]).netloc
        text = self.redact(reason)
        if isinstance(exc, requests.exceptions.SSLError):
            if any(marker in text.lower() for marker in NOT_TLS_MARKERS):
                return PanelError(
                    "panel_url starts with https:// but %s answered without TLS (plain HTTP?); use http:// or the "
                    "port where the panel serves HTTPS (%s)" % (host, text), option="panel_url", **where)
            return PanelError(
                "TLS verification of %s failed (%s); give the CA that signed its certificate with ca_path, fix the "
                "certificate, or set validate_certs: false for a panel you trust" % (host, text),
                option="validate_certs", **where)
        if isinstance(exc, requests.exceptions.ConnectTimeout) or _is_refused(reason):
            return PanelError("cannot reach the panel at %s (%s); check panel_url" % (host, text),
                              option="panel_url", **where)
        spent = " (gave up: this task's retry time is spent)" if attempts.budget_spent else ""
        # a write whose last attempt got no answer is open even when its method may be repeated (a DELETE
        # processed on an earlier attempt): the engine reads it back instead of failing the task
        if attempts.sent and (not idempotent or where["method"] in WRITE_METHODS):
            kind = "timed out after %s s" % self.timeout if isinstance(exc, requests.exceptions.Timeout) else \
                "lost the connection"
            return AmbiguousWrite("the request was sent but %s before the panel answered, so it may or may not have "
                                  "been applied (%s)%s" % (kind, text, spent), **where)
        if isinstance(exc, requests.exceptions.Timeout):
            return PanelError("the panel did not answer within timeout (%s s) after %d attempt(s)%s; raise timeout "
                              "if the panel is slow" % (self.timeout, max(attempts.sent, 1), spent), option="timeout",
                              **where)
        return PanelError("the connection to the panel failed after %d attempt(s): %s%s"
                          % (max(attempts.sent, 1), text, spent), **where)

    def _throttled(self, response, wait, where):
        retry_at = datetime.now(timezone.utc) + timedelta(seconds=wait)
        error = self._error_from(response, where["method"], where["url"])
        return PanelError(
            "the panel throttles this request (HTTP %d: %s) and asks to wait %d s, more than max_retry_wait (%d s); "
            "run the task again after %s, or raise max_retry_wait"
            % (response.status_code, error.message, round(wait), self.max_retry_wait,
               retry_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
            status=response.status_code, code=error.code, option="max_retry_wait", **where)

    def _redirected(self, response, where):
        target = self.redact(response.headers.get("Location") or "?")
        hint = ""
        if self.base_url.startswith("http://") and target.startswith("https://" + self.base_url[len("http://"):]):
            hint = "; the panel wants HTTPS: set panel_url to %s" % ("https://" + self.base_url[len("http://"):])
        return PanelError(
            "the panel answered with a redirect (HTTP %d) to %s, which is not followed (a redirected write would be "
            "lost); point panel_url at the panel itself%s" % (response.status_code, target, hint),
            status=response.status_code, option="panel_url", **where)

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
            content_type=(response.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None,
            text=None if body is not None else self.redact(response.text[:MAX_ERROR_TEXT]),
        )


def _root_cause(exc):
    """The innermost urllib3/socket error behind a requests exception (MaxRetryError unwrapped)."""
    reason = exc.args[0] if exc.args else exc
    while isinstance(reason, MaxRetryError) and reason.reason is not None:
        reason = reason.reason
    return reason


def _is_refused(reason):
    """True for errors where no connection was made (refused, unresolvable, unreachable)."""
    name = type(reason).__name__
    return name in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError") or \
        isinstance(reason, (ConnectionRefusedError,))
