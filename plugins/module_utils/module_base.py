# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one base class behind every gameops.panels module.

It owns the connection options, building the panel client, turning errors
into ``fail_json`` with the option or panel field at fault, check mode, and
the shape of the result (``changed``, ``diff``, ``plan``, the object(s),
``api_requests``). A module is its documentation, an argument spec, and a
few lines that build desired objects for the engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile

# first: every module_util of the collection imported after it is kept compiled between module runs
from ansible_collections.gameops.panels.plugins.module_utils import compiled

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.gameops.panels.plugins.module_utils.connection import (
    CONNECTION_ARGS, SECRET_CONNECTION_ARGS, SERVER_SCOPE_ARGS, connection_problem, transport_options)
from ansible_collections.gameops.panels.plugins.module_utils.driver import Context, UnresolvedServer, unsupported_options
from ansible_collections.gameops.panels.plugins.module_utils.errors import (
    MissingCredential, NotThisPanel, PanelError, ReconcileError)
from ansible_collections.gameops.panels.plugins.module_utils.panels import DRIVERS, get_driver
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Reconciler, strip_unset
from ansible_collections.gameops.panels.plugins.module_utils.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, Transport

#: whether this module process keeps the collection's compiled code between runs (see compiled.py)
BYTECODE_CACHE = compiled.INSTALLED

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: runs on one machine are not serialised
    fcntl = None


class PanelModule(AnsibleModule):
    """AnsibleModule with the panel connection and the reconcile workflow.

    ``kind`` is what the module manages (a :class:`~.kinds.Kind`: ``USER``,
    ``SERVER``, ...); its declaration gives the argument spec, the secrets and
    the server scope. ``info`` marks the read-only ``<kind>_info`` module. The
    panel's driver (chosen by O(panel_type)) supplies the handler for the kind;
    options and kinds the panel lacks fail here, before any request.
    ``kind=None`` is a module that works with every kind (apply, export), with
    an ``argument_spec`` of its own: it checks only the connection options
    here and the kinds it meets itself.
    """

    def __init__(self, kind, info=False, argument_spec=None, hidden=None, logged=None, **kwargs):
        # values to keep out of every output although no option holds only them (webhook URLs, which carry a
        # token; in apply, those of the document): set before AnsibleModule logs the invocation
        self._hidden = hidden
        # option -> function: what the invocation logged on the managed host (syslog/journal) holds of the option
        # instead of its value (apply's document: an outline, not every object with its secrets)
        self._logged = logged or {}
        self.kind = kind
        if kind is not None:
            argument_spec = kind.argument_spec(info=info)
        server_scope = kind is not None and kind.server_scope
        secrets = [name for name, option in argument_spec.items() if option.get("no_log")]
        spec = dict(CONNECTION_ARGS)
        if server_scope:
            spec.update(SERVER_SCOPE_ARGS)
            pair = ("server", "server_external_id")
            kwargs["mutually_exclusive"] = list(kwargs.get("mutually_exclusive") or []) + [pair]
            kwargs["required_one_of"] = list(kwargs.get("required_one_of") or []) + [pair]
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        params = self.params
        if not params["panel_url"]:
            self.fail_json(msg="panel_url is required (or set GAMEOPS_PANEL_URL)", option="panel_url")
        problem = connection_problem(params)
        if problem:
            self.fail_json(msg=problem[1], option=problem[0])
        try:
            self.driver = get_driver(params["panel_type"])
            self.handler_class = self.driver.handler_class(kind.name) if kind is not None else None
        except ReconcileError as exc:
            self.fail_json(msg=str(exc), option=exc.option)
        problems = unsupported_options(
            self.driver, self.handler_class, spec if kind is not None else CONNECTION_ARGS, params, info=info,
            connection=CONNECTION_ARGS, server_scope=SERVER_SCOPE_ARGS if server_scope else (),
            ignore=self._from_environment())
        if problems:
            self.fail_json(msg="; ".join(message for option, message in problems), option=problems[0][0])
        if self.handler_class is not None:
            try:
                self.driver.check_connection(params, self.handler_class, info=info)
                self.handler_class.check_params(params, info=info)
            except MissingCredential as exc:
                self._fail_for_panel_type(exc)
                self.fail_json(msg=str(exc), option=exc.option)
            except ReconcileError as exc:
                self.fail_json(msg=str(exc), option=exc.option)
        secret_values = [params[name] for name in tuple(secrets) + SECRET_CONNECTION_ARGS if params.get(name)]
        secret_values += self.hidden_values()
        self.ctx = Context(self.driver, params, check_mode=self.check_mode, secrets=secret_values)
        self._server_scope = server_scope
        self._warned_scope = False
        self._handler = None

    def hidden_values(self):
        """The values ``hidden(params)`` names (masked in every output, redacted from every message)."""
        if self._hidden is None or not isinstance(getattr(self, "params", None), dict):
            return []
        try:
            found = list(self._hidden(self.params) or ())
        except (AttributeError, KeyError, TypeError, ValueError):  # arguments of the wrong shape: refused elsewhere
            found = []
        return [str(value) for value in found if value not in (None, "")]

    def _log_invocation(self):
        self.no_log_values.update(self.hidden_values())
        params = self.params
        try:
            self.params = dict(params, **dict((name, shown(params[name])) for name, shown in self._logged.items()
                                              if params.get(name) is not None))
        except (AttributeError, KeyError, TypeError, ValueError):  # arguments of the wrong shape: refused elsewhere
            self.params = dict(params, **dict.fromkeys(self._logged, "(not logged)"))
        try:
            super()._log_invocation()
        finally:
            self.params = params

    def _return_formatted(self, kwargs):
        # every result, a failed argument check's too (its invocation holds the arguments as given)
        self.no_log_values.update(self.hidden_values())
        return super()._return_formatted(kwargs)

    def _fail_for_panel_type(self, exc, transport=None):
        """Fail naming panel_type when another panel type answers at panel_url; return when none does.

        After a client found that panel_url answers, but not as its panel does (``transport`` is its own), and
        when a credential is missing while another panel type's credentials are set (as when panel_type is
        left at its default for a Crafty URL): a request or two without a credential per other panel type.
        """
        params = self.params
        connected = transport is not None
        if transport is None:
            theirs = set(name for driver in DRIVERS.values() if driver is not self.driver
                         for name in driver.connection_options) - set(self.driver.connection_options)
            if not any(params.get(name) for name in theirs):
                return
            try:
                transport = Transport(params["panel_url"], secrets=self.hidden_values() + [
                    params[name] for name in SECRET_CONNECTION_ARGS if params.get(name)], retries=0,
                    **transport_options(params))
            except PanelError:
                return
        for driver in DRIVERS.values():
            if driver is self.driver:
                continue
            found = driver.recognize(transport, params["panel_url"])
            if found:
                info = self._failure_info() if connected else {"changed": False, "api_requests": dict(transport.counts)}
                self.fail_json(
                    msg="panel_url %s answers like %s, not like %s: set panel_type: %s (with its credentials: %s), "
                        "or check panel_url. (%s)" % (params["panel_url"], found, self.driver.label(), driver.name,
                                                      ", ".join(sorted(driver.connection_options)), exc.message),
                    option="panel_type", **info)

    def _from_environment(self):
        """Connection options whose value is their environment variable's (set for every panel, not per task)."""
        names = []
        for name, spec in CONNECTION_ARGS.items():
            env = spec["fallback"][1][0]
            if self.params.get(name) is not None and os.environ.get(env) == str(self.params[name]):
                names.append(name)
        return names

    @property
    def client(self):
        return self.ctx.client

    @property
    def server(self):
        """The server named by O(server)/O(server_external_id), resolved once."""
        return self.ctx.server

    def handler(self):
        """The panel's handler for this module's kind (built once)."""
        if self._handler is None:
            self._handler = self.handler_class.build(self.ctx)
        return self._handler

    def desired(self, fields=None):
        """The declared object: the kind's fields (or ``fields``) picked from the options (unset ones are dropped by
        the engine)."""
        return dict((field, self.params.get(field)) for field in (self.kind.fields if fields is None else fields))

    def run(self, work):
        """Run ``work()`` (which returns the result dict); map errors to fail_json."""
        try:
            result = work()
            unresolved = self._unresolved_server()
            if unresolved is not None and "plan" in result:
                result["plan"].setdefault("unresolved", {})[unresolved.error.option] = unresolved.error.message
        except ReconcileError as exc:
            info = self._failure_info()
            info["changed"] = info.get("changed", False) or exc.changed
            self.fail_json(msg=str(exc), option=exc.option, **info)
        except PanelError as exc:
            if isinstance(exc, NotThisPanel) and self.ctx.connected:
                self._fail_for_panel_type(exc, self.ctx.client.transport)
            extra = {"option": exc.option} if getattr(exc, "option", None) else {}
            self.fail_json(msg=self._panel_message(exc), error=exc.to_dict(), **dict(extra, **self._failure_info()))
        result.update(self._request_info())
        self.exit_json(**result)

    def reconcile(self, adapter, desired=(), absent=(), purge=False, update_password="on_create", missing=None):
        """Plan and apply; return (plan, result dict without the objects).

        References to objects that do not exist yet are planned as unresolved
        in check mode (see :class:`~.reconcile.Unresolved`), each with a warning.
        ``missing(key)``, when given, is the ReconcileError raised before any write for a declared object that does
        not exist (an action on an existing object, such as a reinstall, never creates one).
        """
        engine = Reconciler(adapter, check_mode=self.check_mode, update_password=update_password)
        # a server that does not exist yet (check mode) holds nothing: plan against an empty list
        unresolved_server = self._unresolved_server() is not None
        with self._declared_lock(adapter, desired, absent, purge):
            plan = engine.plan(desired=desired, absent=absent, purge=purge, current=[] if unresolved_server else None,
                               missing=missing)
            plan = engine.apply(plan)
        for warning in plan.warnings:
            self.warn(warning)
        return plan, self.result(plan)

    def result(self, plan):
        """The module's result of a run the engine planned: ``changed``, the ``plan``, and in diff mode the ``diff``."""
        result = {"changed": plan.changed, "plan": plan.to_dict()}
        if self._diff:
            result["diff"] = plan.diff()
        return result

    def task_result(self, run, **returned):
        """The module's result of a task-like kind's run (a :class:`~.task_run.TaskRun`): ``changed``, the ``plan``,
        what the run returns besides and ``returned``, and in diff mode the ``diff``."""
        result = {"changed": run.changed, "plan": run.plan_dict()}
        result.update(run.returned)
        result.update(returned)
        if self._diff:
            result["diff"] = run.diff()
        return result

    @contextlib.contextmanager
    def _declared_lock(self, adapter, desired, absent, purge):
        """Runs on this machine that declare the same objects (forks of one play, two plays at once) plan and write
        them one after the other, so none plans a create another is carrying out (many objects have no key the
        panel keeps unique, so the panel alone could not stop a duplicate). Held from the list to the last write;
        not in check mode, which writes nothing. A run on another machine is caught by the panel's uniqueness
        answers instead (see Reconciler: a create whose key is taken reads the object back)."""
        if fcntl is None or self.check_mode:
            yield
            return
        if purge:
            keys = ["*"]
        else:
            keys = [adapter.normalize_key(adapter.key_of(strip_unset(dict(d)))) for d in desired]
            keys += [adapter.normalize_key(key) for key in absent]
        params = self.params
        scope = [params.get(name) for name in SERVER_SCOPE_ARGS] if self._server_scope else []
        names = sorted(set(json.dumps([params["panel_type"], params["panel_url"].rstrip("/").lower(), adapter.kind,
                                       scope, str(key)]) for key in keys))
        directory = os.path.join(tempfile.gettempdir(), "gameops.panels-locks-%d" % os.getuid())
        handles = []
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            for name in names:  # sorted: two runs never wait for each other in a circle
                handle = open(os.path.join(directory, hashlib.sha256(name.encode("utf-8")).hexdigest()[:40] + ".lock"),
                              "a")
                handles.append(handle)
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        except OSError as exc:
            self.warn("runs on this machine are not serialised (the lock in %s: %s)" % (directory, exc))
        try:
            yield
        finally:
            for handle in handles:
                handle.close()  # releases its lock

    def _unresolved_server(self):
        """In check mode, the module's server when it does not exist yet (warned about once), else None."""
        server = self.ctx.resolved_server if self._server_scope else None
        if not isinstance(server, UnresolvedServer):
            return None
        if not self._warned_scope:
            self._warned_scope = True
            self.warn(server.warning())
        return server

    def _request_info(self):
        if not self.ctx.connected:
            return {}
        for warning in self.ctx.warnings:
            self.warn(warning)
        return {"api_requests": self.ctx.request_counts}

    def _failure_info(self):
        """What a failed task reports besides its message: a task that wrote and then failed changed the panel."""
        return dict(self._request_info(), changed=self.ctx.accepted_writes > 0)

    @staticmethod
    def _panel_message(exc):
        # apply says which object of its document it was writing
        context = getattr(exc, "document_context", None)
        prefix = "%s: " % context if context else ""
        if isinstance(exc, NotThisPanel):
            return prefix + exc.message  # it says what it asked and what answered
        if exc.field_errors:
            fields = "; ".join("%s: %s" % (field, message) for field, message in exc.field_errors)
            return "%sthe panel rejected the request (HTTP %s) - %s" % (prefix, exc.status, fields)
        return "%spanel request failed - %s" % (prefix, exc)
