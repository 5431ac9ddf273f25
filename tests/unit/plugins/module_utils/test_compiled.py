# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module_utils' compiled code kept between module runs (compiled.py): loaders on a real zip, the cache
directory's checks, and real module runs through ansible-playbook that fill and then use the cache."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import traceback
import zipfile
from pathlib import Path

import pytest

from ansible_collections.gameops.panels.plugins.module_utils import compiled

REPO = Path(__file__).resolve().parents[4]

NAME = compiled.PREFIX + "sample_for_test"


def payload(tmp_path, source, name="payload.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(NAME.replace(".", "/") + ".py", source)
    importer = __import__("zipimport").zipimporter(str(path) + "/" + NAME.rsplit(".", 1)[0].replace(".", "/") + "/")
    return importer, str(path) + "/" + NAME.replace(".", "/") + ".py"


def code_file(path, source=None):
    """The cache file of the collection's file ``path`` (its name and source make the key)."""
    name = "ansible_collections.gameops.panels." + path[:-len(".py")].replace("/", ".")
    if source is None:
        source = (REPO / path).read_bytes()
    return "%s-%s.code" % (compiled.TAG, hashlib.sha256(name.encode("utf-8") + b"\0" + source).hexdigest()[:40])


def empty_packages():
    """The cache files of the collection's directories without an ``__init__.py`` (a module's zip adds one, empty)."""
    return set(code_file(str(directory.relative_to(REPO)) + ".py", b"") for directory in (REPO / "plugins").rglob("*")
               if directory.is_dir() and not (directory / "__init__.py").exists())


def cache_files(directory):
    return sorted(name for name in os.listdir(directory) if name.endswith(".code"))


@pytest.fixture
def writable(monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def test_the_second_load_takes_the_code_from_the_cache_and_tracebacks_name_this_run(tmp_path, writable):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    importer, origin = payload(tmp_path, "VALUE = 1\ndef boom():\n    raise ValueError('boom')\n")
    loader = compiled.CachingLoader(importer, str(cache))
    first = loader.code(NAME, origin)
    assert len(cache_files(cache)) == 1
    # what the next run loads is the stored code, not a new compile: replace it and see the replacement
    stored = cache / cache_files(cache)[0]
    stored.write_bytes(marshal.dumps(compile("VALUE = 2\n", "elsewhere.py", "exec")))
    namespace = {}
    exec(loader.code(NAME, "/tmp/run-2/payload.zip/x.py"), namespace)  # pylint: disable=exec-used
    assert namespace["VALUE"] == 2
    # the file name of a cached code object is this run's path
    assert loader.code(NAME, "/tmp/run-3/payload.zip/x.py").co_filename == "/tmp/run-3/payload.zip/x.py"
    namespace = {}
    exec(first, namespace)  # pylint: disable=exec-used
    with pytest.raises(ValueError) as raised:
        namespace["boom"]()
    assert origin in "".join(traceback.format_tb(raised.tb))


def test_changed_source_is_compiled_again_and_a_broken_cache_file_is_ignored(tmp_path, writable):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    importer, origin = payload(tmp_path, "VALUE = 1\n")
    loader = compiled.CachingLoader(importer, str(cache))
    loader.code(NAME, origin)
    for name in cache_files(cache):
        (cache / name).write_bytes(b"not marshal data")
    namespace = {}
    exec(loader.code(NAME, origin), namespace)  # pylint: disable=exec-used
    assert namespace["VALUE"] == 1
    other, origin = payload(tmp_path, "VALUE = 3\n", name="changed.zip")
    namespace = {}
    exec(compiled.CachingLoader(other, str(cache)).code(NAME, origin), namespace)  # pylint: disable=exec-used
    assert namespace["VALUE"] == 3
    assert len(cache_files(cache)) == 2  # one per source


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    importer, origin = payload(tmp_path, "VALUE = 1\n")
    namespace = {}
    exec(compiled.CachingLoader(importer, str(cache)).code(NAME, origin), namespace)  # pylint: disable=exec-used
    assert namespace["VALUE"] == 1 and cache_files(cache) == []


def test_the_cache_directory_is_the_users_own_and_private_or_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("GAMEOPS_BYTECODE_CACHE", raising=False)
    made = compiled.cache_directory()
    assert made == str(tmp_path / "gameops.panels" / "bytecode")
    assert os.stat(made).st_mode & 0o777 == 0o700
    os.chmod(made, 0o777)  # others may write there: their code would run as this user
    assert compiled.cache_directory() is None
    os.chmod(made, 0o700)
    monkeypatch.setenv("GAMEOPS_BYTECODE_CACHE", "off")
    assert compiled.cache_directory() is None
    monkeypatch.delenv("GAMEOPS_BYTECODE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "gameops.panels", tmp_path / "elsewhere" / "gameops.panels")  # the parent may be a link; the directory itself is checked
    assert compiled.cache_directory() == str(tmp_path / "elsewhere" / "gameops.panels" / "bytecode")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    os.rmdir(made)
    os.symlink(tmp_path, made)  # the directory itself a link: not used
    assert compiled.cache_directory() is None


def test_outside_a_payload_nothing_is_installed():
    # the controller and the tests import module_utils from files: Python's own bytecode handling stays
    assert compiled.install() is False and compiled.INSTALLED is False
    assert not any(isinstance(finder, compiled.CachingFinder) for finder in sys.meta_path)


def test_module_runs_fill_the_cache_then_use_it(ptero_sim, tmp_path):
    from tests.integration.harness import run_playbook

    cache = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(cache), "PYTHONDONTWRITEBYTECODE": None}
    # as a module: the cache is a module process's (on a local connection the task runs in the controller's process
    # otherwise, where there is no zip to import from)
    tasks = "- name: users\n  gameops.panels.user_info:\n    username: admin\n  vars:\n    gameops_panels_run_on_controller: false\n"
    first = run_playbook(ptero_sim, tmp_path, tasks, extra_env=env)
    assert first.rc == 0, first
    stored = cache_files(cache / "gameops.panels" / "bytecode")
    # the collection's module_utils the module imported after module_base (the registry, the driver, the client ...)
    assert len(stored) >= 10, stored
    again = run_playbook(ptero_sim, tmp_path, tasks, extra_env=env)
    assert again.rc == 0, again
    assert cache_files(cache / "gameops.panels" / "bytecode") == stored
    assert json.dumps(first.task("users")["users"]) == json.dumps(again.task("users")["users"])
    # PYTHONDONTWRITEBYTECODE: nothing written
    off = tmp_path / "off"
    assert run_playbook(ptero_sim, tmp_path, tasks, extra_env={"XDG_CACHE_HOME": str(off),
                                                               "PYTHONDONTWRITEBYTECODE": "1"}).rc == 0
    assert cache_files(off / "gameops.panels" / "bytecode") == []
    # in the controller's task process (the collection loader's imports): the same cache, the module's own file too
    here = tmp_path / "here"
    on_controller = tasks.replace("false", "true")
    third = run_playbook(ptero_sim, tmp_path, on_controller, extra_env={"XDG_CACHE_HOME": str(here),
                                                                        "PYTHONDONTWRITEBYTECODE": None})
    assert third.rc == 0, third
    filled = cache_files(here / "gameops.panels" / "bytecode")
    # the same code under the same names as in the module process (name and source make the key), and the module's
    # own file; what only the module process has are the empty package files the zip adds for directories
    assert set(stored) - set(filled) <= empty_packages(), (filled, stored)
    assert code_file("plugins/modules/user_info.py") in filled and code_file("plugins/module_utils/transport.py") in filled
    fourth = run_playbook(ptero_sim, tmp_path, on_controller, extra_env={"XDG_CACHE_HOME": str(here),
                                                                         "PYTHONDONTWRITEBYTECODE": None})
    assert fourth.rc == 0 and cache_files(here / "gameops.panels" / "bytecode") == filled
    assert json.dumps(third.task("users")["users"]) == json.dumps(first.task("users")["users"])
