# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a gameops.panels module in the controller's task process when its connection is local.

Every module of this collection talks HTTP to a panel; none touches the host
it runs on. On a local connection (``hosts: localhost``, ``delegate_to:
localhost``, ``connection: local``) Ansible would still build the module's
AnsiballZ zip, start a new Python, import ``ansible.module_utils`` and the
collection there, and pass the arguments and the result through JSON: most
of what a task of this collection costs (issue 20). This action plugin runs
the very same module code instead in the task's worker process, which
Ansible forks for every task anyway: the same ``main()``, the same
AnsibleModule argument checks, ``no_log`` masking, check and diff mode, and
the result parsed by the same code as a module's printed result. A loop
runs its items one after the other in that process: each item's arguments
and environment are its own, and its warnings reach its result through
Ansible's display, as an action plugin's do.

The module runs the usual way (nothing changes) when any of these holds:

- the connection is not ``local``, or the task uses ``become`` or ``async``;
- ``ansible_python_interpreter`` names another Python than the controller's
  (its packages are the ones the user chose);
- the controller's Python cannot import what the module needs (``requests``);
- ansible-core is older than 2.19, whose module interface this follows;
- the variable ``gameops_panels_run_on_controller`` is false.

Apart from where it runs, a large structure given to an argument named in
``BULK_ARGUMENTS`` (apply's ``document``) is templated in one pass instead
of value by value: see ``ControllerTask.finalize_task_arg``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
import traceback

from ansible import __version__ as ANSIBLE_VERSION
from ansible import constants as C
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash
from ansible.vars.clean import remove_internal_keys

display = Display()

#: the task variable that turns running on the controller off (true by default)
SWITCH = "gameops_panels_run_on_controller"
#: the module interface (``basic._ANSIBLE_ARGS`` with a serialization profile) this follows, from ansible-core 2.19
FIRST_VERSION = (2, 19)
PROFILE = "legacy"  # what ansible-core 2.19 builds every Python module with


#: arguments whose value may be a large structure built by one expression (``{{ lookup(...) | from_json }}``)
BULK_ARGUMENTS = frozenset(["document"])
#: the types a structure made of them needs no further templating
PLAIN_SCALARS = frozenset([str, int, float, bool, type(None)])
PLAIN_TYPES = PLAIN_SCALARS | frozenset([dict, list])

try:  # ansible-core 2.19 and later; older ones never call finalize_task_arg
    from ansible._internal._datatag._tags import Origin
    from ansible._internal._templating._engine import TemplateMode
    from ansible.module_utils._internal._datatag import AnsibleTagHelper
except ImportError:  # pragma: no cover - ansible-core older than 2.19
    TemplateMode = None
else:
    ORIGIN_ONLY = frozenset([Origin])  # where a value was written: tells Ansible nothing to do with it


def _preload():
    """Import what every task of the collection imports, once, in Ansible's main process.

    The strategy loads this action there to look at it (``BYPASS_HOST_LOOP``) before it forks each task's worker, so
    what this imports is already in every worker that follows: ``requests`` alone takes a tenth of a second of CPU
    to import, in each task's process otherwise. Only while a playbook (or an ad-hoc command) runs: tools that merely
    read the plugin (``ansible-doc``, sanity tests) import nothing more. A library that is missing is left to the
    task, which then runs as a module and says why.
    """
    if "ansible.executor.task_queue_manager" not in sys.modules:
        return
    try:
        _import_shared()
    except ImportError:
        pass


def _import_shared():
    """Import what every module of the collection needs: ``requests``, the bytecode cache behind Ansible's collection
    loader (which would compile every file again, in every process) and the shared module base."""
    importlib.import_module("requests")
    compiled = importlib.import_module("ansible_collections.gameops.panels.plugins.module_utils.compiled")
    compiled.install_in_controller()
    importlib.import_module("ansible_collections.gameops.panels.plugins.module_utils.module_base")


def _version(text):
    parts = []
    for part in text.split(".")[:2]:
        digits = "".join(char for char in part if char.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


class ControllerTask(ActionBase):
    """The action of every module of the collection: the module's code in this process, or the module as usual."""

    _supports_check_mode = True
    _supports_async = True

    @classmethod
    def finalize_task_arg(cls, name, value, templar, context):
        """Template a bulk argument's expression once, and its result value by value only when that is needed.

        Ansible finalizes the structure an expression returns value by value, in case one of them is a template
        still to render: about 10 microseconds a value, half a second for a document of 10,000 users built with
        ``from_json``, most of apply's cost above the engine. A structure made only of plain dicts, lists, numbers
        and strings that carry no tag (so no trusted template; what ``from_json`` returns) has nothing to render,
        and is used as it comes. Anything else (a variable's lazy container, a trusted string, ``omit``, an
        undefined value) goes back through the templar, which finalizes it exactly as it would have.
        """
        if name not in BULK_ARGUMENTS or TemplateMode is None or not isinstance(value, str):
            return super().finalize_task_arg(name, value, templar, context)
        result = templar.template(value, mode=TemplateMode.STOP_ON_CONTAINER)
        if isinstance(result, (dict, list)) and not _plain(result):
            return templar.template(result)
        return result

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no longer has any effect
        task_vars = task_vars or {}
        module = self._module_name()
        reason = self._why_not_here(task_vars)
        if reason is None:
            main = self._importable_main(module)
            if isinstance(main, str):
                reason, main = main, None
        if reason is not None:
            display.vvv("%s runs as a module: %s" % (module, reason))
            wrap_async = self._task.async_val and not self._connection.has_native_async
            result = merge_hash(result, self._execute_module(module_name=module, module_args=self._module_args(),
                                                             task_vars=task_vars, wrap_async=wrap_async))
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result
        display.vvv("%s runs in the controller's process (local connection; %s: false runs it as a module)" % (
            module, SWITCH))
        return merge_hash(result, self._run_here(module, main, task_vars))

    def _module_name(self):
        """The module's full name (``gameops.panels.user_info``), however the task spelled it."""
        resolved = getattr(self._task, "resolved_action", None)
        if resolved and resolved.startswith("gameops.panels."):
            return resolved
        return "gameops.panels." + type(self).__module__.rsplit(".", 1)[-1]

    def _host_vars(self, task_vars):
        # a delegated task reads the variables of the host it is delegated to
        delegated = task_vars.get("ansible_delegated_vars") or {}
        return delegated.get(self._task.delegate_to, task_vars) if self._task.delegate_to else task_vars

    def _why_not_here(self, task_vars):
        """Why the module must run as usual, or None when it may run in this process."""
        if _version(ANSIBLE_VERSION) < FIRST_VERSION:
            return "ansible-core %s is older than 2.19" % ANSIBLE_VERSION
        host_vars = self._host_vars(task_vars)
        switch = host_vars.get(SWITCH, task_vars.get(SWITCH))
        if switch is not None and not _boolean(self._templar.template(switch)):
            return "%s is false" % SWITCH
        transport = getattr(self._connection, "transport", None)
        if transport not in ("local", "ansible.builtin.local"):
            return "the connection is %s, not local" % transport
        if self._play_context.become:
            return "the task uses become"
        if self._task.async_val:
            return "the task is async"
        interpreter = host_vars.get("ansible_python_interpreter")
        if interpreter is None:
            interpreter = C.config.get_config_value("INTERPRETER_PYTHON", variables=host_vars)
        interpreter = str(self._templar.template(interpreter) or "auto")
        if not interpreter.startswith("auto") and not _same_python(interpreter, sys.executable):
            return "ansible_python_interpreter is %s, not the controller's %s" % (interpreter, sys.executable)
        return None

    def _importable_main(self, module):
        """The module's ``main``, or why it cannot run here (a library it needs is missing from this Python)."""
        try:
            _import_shared()  # already done when the main process imported this action (_preload)
            name = "ansible_collections.%s.plugins.modules.%s" % tuple(module.rsplit(".", 1))
            return importlib.import_module(name).main
        except ImportError as exc:
            return "the controller's Python cannot import what it needs (%s)" % exc

    def _module_args(self):
        """The task's arguments for the module, a bulk argument's structure as its JSON text.

        The module reads a ``type: dict`` option given as JSON text with one ``json.loads``. Given as a structure,
        it would decode the arguments dict by dict with a hook, then deep-copy them (``basic._load_params``): about
        0.15 s for 10,000 users. The text is what the module's own JSON decoding would have read: Ansible's encoder
        for module arguments writes plain JSON, dropping tags, so the standard library's (four times faster) writes
        the same text for plain values and tagged strings and containers, and fails on anything else (a vaulted
        value, a date, a set), which then goes through Ansible's.
        """
        from ansible.module_utils.common.json import Direction, get_module_encoder  # pylint: disable=import-outside-toplevel

        module_args = dict(self._task.args)
        for name in BULK_ARGUMENTS.intersection(module_args):
            if isinstance(module_args[name], dict):
                try:
                    module_args[name] = json.dumps(module_args[name])
                except (TypeError, ValueError):
                    module_args[name] = json.dumps(module_args[name],
                                                   cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE))
        return module_args

    def _run_here(self, module, main, task_vars):
        # pylint: disable=import-outside-toplevel
        from ansible.module_utils import basic
        from ansible.module_utils.common.json import Direction, get_module_encoder

        module_args = self._module_args()
        self._update_module_args(module, module_args, task_vars)
        environment = {}
        self._compute_environment_string(environment)
        encoder = get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": module_args}, cls=encoder).encode("utf-8")
        basic._ANSIBLE_PROFILE = PROFILE
        printed, status, failure = io.StringIO(), 0, None
        with _environment(environment), contextlib.redirect_stdout(printed):
            try:
                main()
                failure = {"failed": True, "msg": "%s returned without a result" % module}
            except SystemExit as exc:
                status = exc.code or 0
            except Exception as exc:  # pylint: disable=broad-exception-caught  # a module's crash is the task's failure
                failure = {"failed": True, "msg": "%s failed: %s: %s" % (module, type(exc).__name__, to_text(exc)),
                           "exception": traceback.format_exc()}
        stdout = printed.getvalue() if failure is None else json.dumps(failure)
        data = self._parse_returned_data({"stdout": stdout, "stderr": "", "rc": status if failure is None else 1},
                                         PROFILE)
        data.pop("_ansible_suppress_tmpdir_delete", None)
        remove_internal_keys(data)
        return data


@contextlib.contextmanager
def _environment(values):
    """The task's ``environment`` in this process's environment while the module runs."""
    saved = dict((name, os.environ.get(name)) for name in values)
    os.environ.update(dict((name, to_text(value)) for name, value in values.items()))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _plain(value):
    """Whether a structure holds only plain containers and scalars with no tag but their origin (so nothing that
    Ansible could still render, nor a deprecated variable whose use it would report). Visits each value once, with
    the common case (an untagged scalar) first: it runs on every value of a large document."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = _plain_kind(item)
        if kind is dict:
            if not all(type(key) is str or _plain_kind(key) is str for key in item):  # pylint: disable=unidiomatic-typecheck
                return False
            item = item.values()
        elif kind is not list:
            return kind is not None
        for child in item:
            if type(child) in PLAIN_SCALARS:  # the common case, checked first
                continue
            child_kind = _plain_kind(child)
            if child_kind is dict or child_kind is list:
                pending.append(child)
            elif child_kind is None:
                return False
    return True


def _plain_kind(value):
    """The plain type ``value`` is (``dict``, ``str``, ...), a tagged one included when its only tag is its origin;
    None for anything else."""
    kind = type(value)
    if kind in PLAIN_TYPES:
        return kind
    kind = AnsibleTagHelper.base_type(value)
    return kind if kind in PLAIN_TYPES and AnsibleTagHelper.tag_types(value) <= ORIGIN_ONLY else None


def _boolean(value):
    from ansible.module_utils.parsing.convert_bool import boolean  # pylint: disable=import-outside-toplevel

    return boolean(value, strict=False)


def _same_python(path, executable):
    """Whether ``path`` starts this very Python: the same file, or another name of it in the same directory (a
    virtualenv's ``python`` and ``python3.11``; the same binary elsewhere has other packages)."""
    path, executable = os.path.abspath(os.path.expanduser(path)), os.path.abspath(executable)
    return path == executable or (os.path.dirname(path) == os.path.dirname(executable)
                                  and os.path.realpath(path) == os.path.realpath(executable))


_preload()
