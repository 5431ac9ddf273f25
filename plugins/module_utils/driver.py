# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a panel type is to the module layer.

A :class:`PanelDriver` says how to connect to one panel type and which
handler serves each *kind* (user, server, role, schedule, backup, ...). A
handler is usually a reconcile :class:`Adapter`; kinds that are not plain
create/update/delete (a backup's lifecycle, console commands) get a small
class of their own. Every handler declares the module options it supports,
so an option or a kind the panel lacks fails before any request, and the
option x panel table in README is generated from the same declarations.

Modules never import a panel package: they name their kind, and
``module_utils/panels.py`` (the registry) picks the driver by ``panel_type``.
No AnsibleModule here: the inventory plugin builds drivers too.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Sequence, Type

from ansible_collections.gameops.panels.plugins.module_utils.connection import COMMON_CONNECTION_OPTIONS
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingReference, Unsupported
from ansible_collections.gameops.panels.plugins.module_utils.transport import WRITE_METHODS

#: What the ``gameops.panels.servers`` inventory knows of every server (see PanelDriver.inventory_servers).
INVENTORY_FIELDS = ("id", "uuid", "external_id", "name", "description", "owner", "node", "game", "limits",
                    "suspended", "power_state")

#: The power states an inventory description reports, the same words for every panel:
#: running, starting, stopping, offline; installing (being installed or restored, no power actions);
#: unreachable (the machine running it does not answer); unknown (not read, or the panel cannot say).
POWER_STATES = ("running", "starting", "stopping", "offline", "installing", "unreachable", "unknown")


class Handler:
    """Declarations shared by everything a driver maps a kind to.

    ``options`` lists the options of the kind's module (``<kind>``) this
    panel supports, ``info_options`` those of its ``<kind>_info`` module
    (``None``: the panel has no such module). Options a module always has
    (``state`` with its default) are listed too, so the README table is
    complete.

    ``apply`` (module_utils/document_sync.py) builds the same handlers for a whole
    document. A handler that is a reconcile ``Adapter`` is listed once and
    planned by the engine; one that is not takes part as a task,
    ``run(**fields)`` with an entry's fields, returning the result of the
    kind's module (``changed``, ``plan``, ``diff``). A per-server handler gets
    ``ctx.server`` as apply lists (or, for a server a check-mode run only
    plans, predicts) the server, in the server handler's form. The
    ``server_setting`` kind, if a panel has it, reconciles a server's
    ``settings`` map as objects ``{name, value}`` keyed on ``name``.
    """

    #: ``info(**filters) -> list``: the objects the kind's ``_info`` module returns, those matching every filter
    #: given (a filter left unset is None or not passed at all; an option that is no filter, such as
    #: server_info's ``resources``, comes as a keyword too). Declared, not defined: a handler takes it from its
    #: adapter, which a definition here would hide. A kind whose ``_info`` reports more than the list (backup_info's
    #: counts) adds ``info_summary(listed, **filters) -> dict``.
    info: Callable[..., List[Dict[str, Any]]]
    #: the kind's checks of its module's options (a function of the params, from the panel's checks.py), run
    #: before any request by :meth:`check_params`; None: nothing beyond the argument spec
    check = None

    options = frozenset()
    info_options = None
    #: option -> the values of its ``choices`` this panel supports, for an option it takes only in part (the others
    #: fail before any request; README's table has a row per value)
    choices = {}
    #: fields that say what an object grants (a role's servers, a user's roles, a subuser's permissions), each with
    #: what "grants nothing" is. In a document they are compared whole: a declared object whose entry leaves one
    #: out grants nothing, so a grant added on the panel by hand is always drift (see document_sync.py)
    grants = {}
    #: document fields this panel's module sets that export does not write, each with the reason (the panel cannot
    #: read them back, or they only steer a create); the field-coverage test holds every other field to export
    not_exported = {}

    @classmethod
    def check_params(cls, params: Dict[str, Any], info: bool = False) -> None:
        """Static checks of the module options, before any request; raise ReconcileError naming the option."""
        if not info and cls.check is not None:
            cls.check(params)

    @classmethod
    def build(cls, ctx: Context) -> Handler:
        """The handler for one module run; ``ctx`` is a :class:`Context`. A kind served in two ways, depending on the
        run's credentials, returns the other handler from here (Pterodactyl's server kind with only a client key)."""
        return cls(ctx)

    def know(self, objects):
        """Take the objects the earlier sections of an apply left on the panel (``ctx.objects``).

        apply plans every section before it writes anything, so a handler resolves references to objects of
        the same document from what the plan predicts (no ids yet); before its planned changes are carried out
        it is handed the objects as they were written, with their ids. Handlers that keep references from
        ``ctx.objects`` refresh them here, and return True when their plan has to be made again (it read, or
        could not read, something of an object that had no id when it was planned).
        """
        return False

    def export(self, obj: Dict[str, Any]) -> Dict[str, Any]:
        """A listed object in the form the kind's module (and apply's document) takes.

        ``export`` keeps the fields the document schema knows and drops the
        rest; override when a field is listed in another shape than it is
        declared (a server's allocation, for example).
        """
        return obj


class PanelDriver:
    """One panel type: its connection, its handlers per kind, its server scope."""

    #: the ``panel_type`` value
    name = None
    #: what users call it, for messages and the docs
    title = None
    #: connection options this panel uses besides COMMON_CONNECTION_OPTIONS
    connection_options = frozenset()
    #: options per-server modules use to name their server (doc fragment server_scope)
    server_scope_options = frozenset()
    #: kind -> Handler class
    handlers = {}
    #: kind -> why the panel has no such thing (added to the error message)
    unsupported = {}
    #: the order apply reconciles a document's top-level kinds in: what an object refers to comes
    #: first (deletions run in the reverse order)
    document_order = ("role", "user", "location", "node", "server")

    def label(self):
        return "%s (panel_type=%s)" % (self.title, self.name)

    def handler_class(self, kind: str) -> Type[Handler]:
        try:
            return self.handlers[kind]
        except KeyError:
            reason = self.unsupported.get(kind)
            raise Unsupported("%s is not supported on %s%s" % (kind, self.label(), "; " + reason if reason else ""),
                              option="panel_type")

    def check_connection(self, params: Dict[str, Any], handler_class: Type[Handler], info: bool = False) -> None:
        """Fail before any request when a credential the handler needs is missing."""

    def connect(self, params: Dict[str, Any], secrets: Sequence[str] = ()) -> Any:
        """A client for the panel at ``params['panel_url']``."""
        raise NotImplementedError

    def recognize(self, transport, url):
        """What answers at ``url`` when it is this panel type (its name, with its version when it tells it), else
        None: a request or two without a credential, through ``transport`` (another panel type's, whose client
        found ``url`` answers but not as it expects; see NotThisPanel)."""
        return None

    def document_server(self, server):
        """The server per-server handlers work on (``ctx.server``), from a server as apply has it: listed,
        created or (check mode) predicted by the server handler. The default hands it over as it is."""
        return server

    def document_children_unreadable(self, server):
        """Why what ``server`` (as :meth:`document_server` gives it) holds cannot be read or written, or None."""
        return None

    def document_unread_server(self, server):
        """``server`` (as :meth:`document_server` gives it) without its ids: what per-server handlers plan against
        when what it holds cannot be read yet (apply makes it readable later in the run)."""
        return dict(server, id=None)

    def resolve_server(self, ctx: Context) -> Dict[str, Any]:
        """The server a per-server module names (``server``, ``server_external_id``), as a dict."""
        raise Unsupported("per-server modules are not supported on %s" % self.label(), option="server")

    # -- the servers inventory ------------------------------------------------------------------

    def check_inventory(self, params: Dict[str, Any], live_state: bool = True) -> None:
        """Fail before any request when a credential the inventory needs is missing (MissingCredential)."""

    def inventory_servers(self, ctx: Context, live_state: bool = True) -> List[Dict[str, Any]]:
        """Every server the credentials may see, described for the ``gameops.panels.servers`` inventory.

        One dict per server with every key of INVENTORY_FIELDS: ``id`` (the panel's own id, unique on
        the panel), ``uuid`` and ``external_id`` (None where the panel has none), ``name``,
        ``description``, ``owner`` (username), ``node`` (name of the machine or node running it, None
        where the panel has no such notion), ``game`` (the egg, server type or instance module),
        ``limits`` (dict), ``suspended`` (bool) and ``power_state`` (one of POWER_STATES; ``unknown``
        when ``live_state`` is false). Panel-specific keys may follow (ids the per-server modules use,
        the nest, the image). Never a secret: startup variables, which often hold passwords and tokens,
        are left out. Read with the fewest requests (one list per page, at most one live read per server).
        """
        raise Unsupported("the gameops.panels.servers inventory is not supported on %s" % self.label(),
                          option="panel_type")


class UnresolvedServer(dict):
    """The server of a per-server module when it does not exist yet (check mode only).

    Its identifiers are None; ``error`` is the :class:`MissingReference`
    a real run would fail with.
    """

    def __init__(self, error):
        name = error.ref if error.option == "server" else None
        super().__init__(id=None, identifier=None, uuid=None, name=name, label=repr(error.ref),
                         external_id=error.ref if error.option == "server_external_id" else None)
        self.error = error

    def warning(self):
        return ("%s; planned as a server that holds nothing yet, as an earlier task may create it (check mode). "
                "The real run fails before any write if it still does not exist." % self.error)


class Context:
    """One module run against one panel: its options, its client and its server, each made once.

    ``apply`` makes one child context per kind and server (:meth:`scoped`);
    children share the client, :attr:`objects` and :meth:`shared` values.
    """

    def __init__(self, driver, params, check_mode=False, secrets=()):
        self.driver = driver
        self.params = params
        self.check_mode = check_mode
        self.secrets = [s for s in secrets if s]
        #: kind -> every object of that kind as this run leaves it (those a check-mode run only
        #: plans to create included), when the run has read the whole collection: filled by
        #: apply, so handlers built later resolve references without reading them again
        self.objects = {}
        self._root = self
        self._shared = {}
        self._client = None
        self._server = None
        #: write requests the panel accepted (2xx) during this run (counted on the root context)
        self._http_writes = 0

    def scoped(self, params, server=None, check_mode=None):
        """A context for another set of options on the same connection; ``server`` (the panel's
        form, as the server handler lists or predicts it) is the server per-server handlers work on.
        ``check_mode`` True plans only (apply's first pass over what a task-like handler would do)."""
        child = Context(self.driver, params, check_mode=self.check_mode if check_mode is None else check_mode,
                        secrets=self.secrets)
        child._root = self._root
        child.objects = self.objects
        child._shared = self._shared
        child._server = server
        return child

    def shared(self, name, factory):
        """A value made once per run by ``factory()`` and shared by every handler of the run."""
        if name not in self._shared:
            self._shared[name] = factory()
        return self._shared[name]

    @property
    def client(self):
        root = self._root
        if root._client is None:
            root._client = self.driver.connect(root.params, root.secrets)
            session = getattr(getattr(root._client, "transport", None), "session", None)
            if session is not None and not hasattr(root._client, "accepted_writes"):
                session.hooks.setdefault("response", []).append(root._count_accepted_write)
        return root._client

    @property
    def accepted_writes(self):
        """Write requests the panel accepted (answered 2xx) during this run: a task that fails after one still changed
        the panel, and one that sent none changed nothing.

        Counted from the HTTP methods and statuses, unless the client counts
        them itself (``client.accepted_writes``: AMP, whose reads are POSTs
        and whose refusals arrive with HTTP 200).
        """
        root = self._root
        return getattr(root._client, "accepted_writes", root._http_writes)

    def _count_accepted_write(self, response, *args, **kwargs):  # pylint: disable=unused-argument
        """requests response hook: a write request answered 2xx.

        A redirect is not: the transport never follows one, so the write went
        nowhere. A client may say which write requests change nothing a module
        manages (``changes_panel(request)``, for example a login).
        """
        changes_panel = getattr(self._client, "changes_panel", None)
        if response.request.method in WRITE_METHODS and response.status_code < 300 and (
                changes_panel is None or changes_panel(response.request)):
            self._http_writes += 1

    @property
    def connected(self):
        return self._root._client is not None

    @property
    def server(self):
        """The server named by the server-scope options, resolved once.

        In check mode a server that does not exist yet (an earlier task of
        the play creates it) is an :class:`UnresolvedServer`: the module plans
        as for a server that holds nothing yet, and warns.
        """
        if self._server is None:
            try:
                self._server = self.driver.resolve_server(self)
            except MissingReference as exc:
                if not self.check_mode:
                    raise
                self._server = UnresolvedServer(exc)
        return self._server

    @property
    def resolved_server(self):
        """The server if this run has resolved it already, else None (resolves nothing)."""
        return self._server

    def handler(self, kind):
        return self.driver.handler_class(kind).build(self)

    @property
    def request_counts(self):
        return self.client.request_counts if self.connected else {}

    @property
    def warnings(self):
        """Warnings the client's transport collected (see ``Transport.warn``)."""
        transport = getattr(self._root._client, "transport", None)
        return list(getattr(transport, "warnings", ()))


def unsupported_options(driver, handler_class, spec, params, info=False, connection=(), server_scope=(), ignore=()):
    """``(option, message)`` for every option set in ``params`` that ``driver`` lacks.

    An option counts as set when its value is not None and differs from its
    default. ``connection`` and ``server_scope`` name the module's connection
    and server-scope options, checked against the driver; the module's own
    options are checked against the handler. ``ignore`` names options to skip
    (connection options whose value came from the environment).
    """
    supported = None if handler_class is None else handler_class.info_options if info else handler_class.options
    problems = []
    for name, option_spec in spec.items():
        value = params.get(name)
        if name in ignore or value is None or value == option_spec.get("default"):
            continue
        if name in COMMON_CONNECTION_OPTIONS or name in driver.connection_options:
            continue
        if name in connection:
            problems.append((name, "%s is not used by %s (it uses: %s)"
                             % (name, driver.label(), ", ".join(sorted(driver.connection_options)) or "no credentials")))
            continue
        if name in server_scope:
            if name not in driver.server_scope_options:
                problems.append((name, "%s is not supported on %s; name the server with %s"
                                 % (name, driver.label(), " or ".join(sorted(driver.server_scope_options)))))
            continue
        if supported is None or name not in supported:
            problems.append((name, "%s is not supported on %s%s" % (
                name, driver.label(), "; supported there: %s" % ", ".join(sorted(supported)) if supported else "")))
            continue
        values = None if info else handler_class.choices.get(name)
        if values is not None and value not in values:
            problems.append((name, "%s=%s is not supported on %s; supported there: %s" % (
                name, value, driver.label(), ", ".join(values))))
    return problems
