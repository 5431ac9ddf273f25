# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kinds of object the collection manages, each declared once for every panel.

``kinds/<kind>.py`` holds one :class:`Kind`, named after the kind in capitals
(``kinds/user.py``: ``USER``). Its options are written once, in Ansible's
argument-spec form; everything that used to repeat them derives from it:

- the module's argument spec and its server scope (``PanelModule(kind=USER)``);
- the desired object the module declares (:attr:`Kind.fields`);
- the entries of the desired-state document (the fields and ``state``; ``tools/document_schema.py``);
- the options each panel's handler supports (``options = USER.supported(...)``, checked against the declaration),
  and from those README's option x panel table (``tools/support_matrix.py``).

The documentation stays in the module (Ansible reads it there); ``ansible-test sanity`` holds the two together.
No Ansible imports here.
"""

from __future__ import annotations

import copy


def of_type(type_name, *names):
    """``{name: {"type": type_name}}`` for each of ``names``: options with nothing to declare but their type."""
    return dict((name, dict(type=type_name)) for name in names)


class Kind:
    """One kind: the options of its module and of its ``_info`` module.

    ``options`` is the module's argument spec, in the order the module documents it. ``task_options`` names
    those that steer one task (how to match, what to wait for, ``state``); the others are the kind's
    :attr:`fields`, which describe an object. ``info_options`` is the argument spec of the ``_info`` module
    (None: the kind has none). ``server_scope``: the modules name a server (``server``, ``server_external_id``).
    """

    def __init__(self, name, options=None, task_options=(), info_options=None, server_scope=False, module=None,
                 info_module=None):
        self.name = name
        self.options = dict(options or {})
        self.task_options = tuple(task_options)
        self.info_options = None if info_options is None else dict(info_options)
        self.server_scope = server_scope
        #: the module that manages the kind, and the one that reads it (None: there is none)
        self.module = module or (name if options is not None else None)
        self.info_module = info_module or (name + "_info" if info_options is not None else None)
        unknown = sorted(set(self.task_options) - set(self.options))
        if unknown:
            raise ValueError("kind %s: task options %s are not options" % (name, ", ".join(unknown)))

    def __repr__(self):
        return "Kind(%s)" % self.name

    @property
    def names(self):
        """Every option of the module, in its order."""
        return tuple(self.options)

    @property
    def fields(self):
        """The options that describe an object: what the module declares, and what a document entry takes."""
        return tuple(name for name in self.options if name not in self.task_options)

    @property
    def document_fields(self):
        """What an entry of the document section of this kind takes: the fields, and ``state``."""
        return self.fields + (("state",) if "state" in self.options else ())

    def argument_spec(self, info=False):
        """A fresh copy of the argument spec of the module (``info``: of the ``_info`` module)."""
        return copy.deepcopy(self.info_options if info else self.options)

    def supported(self, *names):
        """A panel handler's ``options``: the options of the module it supports (each must be one)."""
        return self._subset(names, self.options, self.module)

    def supported_info(self, *names):
        """A panel handler's ``info_options``: the options of the ``_info`` module it supports."""
        return self._subset(names, self.info_options or {}, self.info_module)

    def _subset(self, names, options, module):
        unknown = sorted(set(names) - set(options))
        if unknown:
            raise ValueError("%s has no option %s" % (module, ", ".join(unknown)))
        return frozenset(names)
