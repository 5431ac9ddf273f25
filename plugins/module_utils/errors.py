# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every error the collection raises, and the one mask that stands for a secret in messages and results.

Two families, both naming the module option at fault when there is one (``option``):

- :class:`PanelError`: a panel request failed, or the panel answered something the client cannot use
  (raised by the transport and the clients);
- :class:`ReconcileError`: what the user declared cannot be carried out, found before the write it concerns
  (raised by checks, reference lookups, drivers and the engine).

No imports: every layer takes its errors from here, the clients and the transport included.
"""

from __future__ import annotations

#: what messages, plans, diffs and results show in place of a secret
MASK = "********"


class PanelError(Exception):
    """Any failed panel request, or a panel answer the client cannot use.

    ``status`` is the HTTP status (None for connection errors), ``code`` the
    panel's own error code (e.g. ``ValidationException``), ``field_errors`` a
    list of ``(field, message)`` pairs for validation failures, ``option``
    the module option at fault when there is one (``panel_url``,
    ``api_key``, ``max_retry_wait``, ...).
    """

    #: True when a write was sent and nobody knows whether the panel applied it
    ambiguous = False
    #: True when the panel itself answered with this failure (an unhandled exception in the panel, say), so
    #: sending the request again fails the same way: after a read-back shows nothing was done, give up
    answered = False
    #: True when the panel refused a create because a unique key is taken (set by the panel's client): another run
    #: may have created the object since this one listed, so the engine reads it back rather than failing
    taken = False

    def __init__(self, message, status=None, code=None, method=None, url=None, field_errors=None, option=None,
                 content_type=None, text=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.method = method
        self.url = url
        self.field_errors = list(field_errors or [])
        self.option = option
        #: the media type and the (redacted) text of an error answer that is not JSON, for the client to read
        self.content_type = content_type
        self.text = text

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


class NotThisPanel(PanelError):
    """``panel_url`` answers, but not as the panel the client speaks to does (another panel type, or no panel).

    The module layer asks the other panel types whether they answer there,
    to name ``panel_type`` instead of ``panel_url`` when one does.
    """

    def __init__(self, message, **kwargs):
        kwargs.setdefault("option", "panel_url")
        super().__init__(message, **kwargs)


class AmbiguousWrite(PanelError):
    """A write that was sent but whose outcome is unknown (lost answer, timeout, 5xx).

    Never resent by the transport: the reconcile engine reads the object back
    by its natural key and then carries on or sends the write again.
    """

    ambiguous = True


class ReconcileError(Exception):
    """A declared state that cannot be reconciled, found before any write.

    ``option`` names the module option at fault so the user knows what to fix.
    ``index`` is set by the engine to the position, among the declared
    objects, of the object being prepared or planned when the error was
    raised, so a caller that declared many objects can name the one at fault.
    ``changed`` says the panel was changed before the error (a create the
    panel carried out only in part), so the task reports changed.
    """

    def __init__(self, message, option=None, changed=False):
        super().__init__(message)
        self.message = message
        self.option = option
        self.index = None
        #: the panel was changed before the error (a create the panel did part of)
        self.changed = changed

    def __str__(self):
        return "%s: %s" % (self.option, self.message) if self.option else self.message


class MissingReference(ReconcileError):
    """A reference (an owner, a server, ...) to an object the panel does not hold.

    In check mode the engine plans on with an ``Unresolved`` value in
    its place, since an earlier task of the same play may create the object;
    a real run fails with this error before any write. ``certain`` says the
    lookup saw every object of the kind as the run leaves it (apply, whose
    document declares what it creates): then check mode fails too, as the
    real run will.
    """

    def __init__(self, message, option=None, kind=None, ref=None, certain=False):
        super().__init__(message, option=option)
        self.kind = kind
        self.ref = ref
        self.certain = certain


class Unsupported(ReconcileError):
    """A kind, an option or a value the chosen panel type (or its version) does not have."""


class MissingCredential(ReconcileError):
    """A credential option the run needs is not set (found by a driver's checks, or by a client before it sends
    the call that needs it); the message names the option itself."""

    def __str__(self):
        return self.message


# -- the panels' own refinements of PanelError, raised by their clients ------------------------------

class CraftyError(PanelError):
    """A Crafty request that failed in a way the client could explain; ``option`` names the fix when known."""


class AMPError(PanelError):
    """AMP refused a call (inside an HTTP 200, as AMP reports most failures)."""


class LoginFailed(AMPError):
    """Core/Login answered ``success: false``; ``code`` is the AuthenticationResult name."""


class InstanceNotRunning(AMPError):
    """The instance's AMP process is not running, so its API cannot be reached."""


class WaitTimeout(AMPError):
    """Asynchronous work did not finish within the wait timeout."""


class MethodNotAvailable(AMPError):
    """The kind of AMP process called (its module, e.g. ADS or Minecraft) has no such API method."""
