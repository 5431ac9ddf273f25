# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The compiled code of this collection's module_utils, kept between module runs on the managed host.

A module runs from its AnsiballZ payload, a zip that Python imports with
``zipimport``; zipimport never writes bytecode, so every task compiled every
module_util it imports from source again (a fifth of a module task's CPU).
Importing this module (module_base does it first, so every module does)
puts a finder in front of ``sys.meta_path`` that loads this collection's
modules from the zip as before but keeps the code objects in a cache
directory of the user the module runs as, keyed by the Python version and
a hash of the source: the next run of any module of the collection
unmarshals them instead.

The controller's task process, where a module's code runs on a local
connection (plugin_utils/controller_task.py), has the same problem with
Ansible's collection loader, which compiles every file from source on every
import: :func:`install_in_controller` puts the same cache behind it.

Nothing else changes: elsewhere (the inventory plugin, the tests) nothing
is installed; a cache directory that is not the user's own and private, or
any error reading or writing it, means compiling as before. Writes follow
``sys.dont_write_bytecode`` (``PYTHONDONTWRITEBYTECODE``), and
``GAMEOPS_BYTECODE_CACHE=off`` turns the cache off. The directory is
``$XDG_CACHE_HOME/gameops.panels/bytecode`` (``~/.cache/...``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import stat
import sys
import zipimport

try:
    from _imp import _fix_co_filename
except ImportError:  # pragma: no cover - not CPython: code keeps the file name it was compiled under
    def _fix_co_filename(code, path):
        return None

#: the modules whose code is cached: this collection's
PREFIX = __name__.rsplit(".", 1)[0] + "."
#: in the controller's task process: its modules and module_utils (plugins.modules.*, plugins.module_utils.*)
COLLECTION = __name__.split(".plugins.", 1)[0] + ".plugins."
#: cache files of this Python's bytecode format
TAG = importlib.util.MAGIC_NUMBER.hex()


def cache_directory():
    """The cache directory, made private if missing; None when it cannot be used safely (or the cache is off)."""
    if os.environ.get("GAMEOPS_BYTECODE_CACHE", "").lower() in ("0", "off", "false", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "gameops.panels", "bytecode")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except OSError:
        return None
    # the user's own directory that nobody else may write to (a directory another user made is not trusted)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return path


class CachingLoader:
    """zipimport's loader, with the module's code object from the cache when the cache holds it."""

    def __init__(self, loader, directory):
        self._loader = loader
        self._directory = directory

    def __getattr__(self, name):
        # get_source, get_data, is_package, get_resource_reader ...: zipimport's own
        return getattr(self._loader, name)

    def create_module(self, spec):  # pylint: disable=unused-argument
        return None  # the default module object

    def exec_module(self, module):
        spec = module.__spec__
        exec(self.code(spec.name, spec.origin), module.__dict__)  # pylint: disable=exec-used

    def code(self, name, origin):
        source = self._loader.get_source(name)
        if source is None:  # no source in the zip (bytecode only): zipimport knows how
            return self._loader.get_code(name)
        data = source if isinstance(source, bytes) else source.encode("utf-8")
        digest = hashlib.sha256(name.encode("utf-8") + b"\0" + data).hexdigest()[:40]
        path = os.path.join(self._directory, "%s-%s.code" % (TAG, digest))
        try:
            with open(path, "rb") as handle:
                code = marshal.loads(handle.read())
            # the payload's temporary path differs on every run: tracebacks name this one
            _fix_co_filename(code, origin)
            return code
        except (OSError, EOFError, ValueError, TypeError):
            pass
        code = compile(data, origin, "exec", dont_inherit=True)
        if not sys.dont_write_bytecode:
            self._store(path, code)
        return code

    @staticmethod
    def _store(path, code):
        temporary = "%s.%d.tmp" % (path, os.getpid())
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(marshal.dumps(code))
            os.replace(temporary, path)  # whole or not at all, whatever runs at the same time
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass


class CachingFinder:
    """On ``sys.meta_path``: this collection's modules found in a zip get a :class:`CachingLoader`."""

    def __init__(self, directory):
        self.directory = directory

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(PREFIX):
            return None
        from importlib.machinery import PathFinder  # pylint: disable=import-outside-toplevel

        spec = PathFinder.find_spec(fullname, path, target)
        if spec is None or not isinstance(spec.loader, zipimport.zipimporter) or spec.origin is None:
            return None  # not from a payload: the finders after this one load it as always
        spec.loader = CachingLoader(spec.loader, self.directory)
        return spec


class ControllerFinder:
    """On ``sys.meta_path`` of the controller (plugin_utils/controller_task.py installs it in Ansible's main process,
    whose forked task processes inherit it, and runs a module's code there): this collection's modules as Ansible's
    collection loader finds them, their code from the cache. That loader compiles every file from source on every
    import, in every process."""

    def __init__(self, directory):
        self.directory = directory

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(COLLECTION):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if spec.origin and spec.origin.endswith(".py") and hasattr(loader, "get_source"):
            # the collection loader's exec_module runs what its get_code returns: that is the one step replaced
            loader.get_code = _cached_code(CachingLoader(loader, self.directory), loader.get_code, spec.origin)
        return spec


def _cached_code(cached, compile_code, origin):
    def get_code(name):
        try:
            return cached.code(name, origin)
        except Exception:  # pylint: disable=broad-exception-caught  # the cache never breaks an import
            return compile_code(name)
    return get_code


def _put_first(finder_class):
    """Put a ``finder_class`` over the cache directory first on ``sys.meta_path`` (once); False without a cache."""
    if any(isinstance(finder, finder_class) for finder in sys.meta_path):
        return True
    directory = cache_directory()
    if directory is None:
        return False
    sys.meta_path.insert(0, finder_class(directory))
    return True


def install_in_controller():
    """Cache the code of this collection's plugins and module_utils imported in the controller's processes."""
    return _put_first(ControllerFinder)


def install():
    """Cache the code of this collection's modules, when running from a payload zip (a module process)."""
    if not isinstance(getattr(__spec__, "loader", None), zipimport.zipimporter):
        return False
    return _put_first(CachingFinder)


#: True in a module process whose imports of this collection go through the cache
INSTALLED = install()
