# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The files of a server's folder, as Crafty's file routes see them through ``os`` and ``pathlib``.

An in-memory tree per server (``state.files[server_id]``), keyed by the path relative to the server's
folder (``""`` is the folder itself). What the handlers ask of the operating system is asked of the tree
with the same outcome: ``stat`` of a missing path is ``FileNotFoundError``, ``open(folder, "w")``
``IsADirectoryError``, ``os.mkdir`` without its parent ``FileNotFoundError``. Paths are the strings the
handlers build (``str(Path(server_path, request))``), so the messages name the same paths.

Helpers that reproduce Crafty's own functions: ``mime_type`` (``mimetypes`` without the host's
``/etc/mime.types``, plus the types ``FileHelpers.add_mime_types`` adds), ``human_size``
(``Helpers.human_readable_file_size``), ``can_open`` (``FileHelpers.can_unicode_decode``).
"""
from __future__ import annotations

import dataclasses
import datetime
import mimetypes
import posixpath
import time
from pathlib import PurePosixPath
from typing import Optional

#: ``mimetypes.init(files=[])`` then ``FileHelpers.add_mime_types``: Python's own table and these.
_MIME = mimetypes.MimeTypes()
for _type, _extension in (("text/yaml", ".yml"), ("text/yaml", ".yaml"), ("text/toml", ".toml"),
                          ("text/plain", ".ini"), ("text/plain", ".conf"), ("text/plain", ".properties"),
                          ("text/plain", ".prop"), ("text/plain", ".env"), ("application/x-bat", ".ps1"),
                          ("text/x-log", ".log")):
    _MIME.add_type(_type, _extension)
#: ``HUMAN_TIME_FORMAT`` of the file routes (local time, minutes).
HUMAN_TIME_FORMAT = "%Y/%m/%d %H:%M"
MANAGED_TEXT = "The server is managed by Crafty Controller.\n Leave this directory/files alone please"


class OsError(Exception):
    """An ``OSError`` the real call raises: the exception's class name and ``str()`` of it."""

    def __init__(self, exception: str, message: str):
        super().__init__(message)
        self.exception = exception
        self.message = message


def not_found(path: str) -> OsError:
    return OsError("FileNotFoundError", "[Errno 2] No such file or directory: %r" % path)


@dataclasses.dataclass
class Entry:
    directory: bool
    content: bytes = b""
    mtime: float = dataclasses.field(default_factory=time.time)


def mime_type(path: str) -> Optional[str]:
    return _MIME.guess_type(path)[0]


def human_size(number: float) -> str:
    """``Helpers.human_readable_file_size``: ``84.0B``, ``1.5KB``."""
    for unit in ("", "K", "M", "G", "T", "P", "E", "Z"):
        if abs(number) < 1024.0:
            return "%3.1f%s%s" % (number, unit, "B")
        number /= 1024.0
    return "%.1f%s%s" % (number, "Y", "B")


def can_open(content: bytes) -> bool:
    """``can_unicode_decode``: the first 4096 bytes decode as UTF-8 and hold no NUL."""
    chunk = content[:4096]
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in chunk


def human_time(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch).strftime(HUMAN_TIME_FORMAT)


def text_of(content: bytes) -> str:
    """``open(path, encoding="utf-8").read()``: strict UTF-8 and universal newlines (``\\r\\n`` and ``\\r``
    read as ``\\n``); raises UnicodeDecodeError as Python does."""
    text = content.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def absolute(server_path: str, request_path) -> str:
    """``FileHelpers.get_absolute_path``: an absolute request path as it is, else ``str(Path(server, it))``
    (pathlib drops ``.`` and doubled slashes, keeps ``..``)."""
    if PurePosixPath(request_path).is_absolute():
        return str(request_path)
    return str(PurePosixPath(server_path, request_path))


def inside(server_path: str, path) -> bool:
    """``Helpers.validate_traversal`` (no symlinks here): the resolved path is the folder or below it."""
    base = posixpath.normpath(server_path)
    resolved = posixpath.normpath(posixpath.join(base, str(path)))
    return posixpath.commonpath([base, resolved]) == base


class ServerFiles:
    """One server's folder. ``server_path`` is the absolute path Crafty stores for the server."""

    def __init__(self, server_path: str):
        self.server_path = posixpath.normpath(server_path)
        self.entries = {"": Entry(True)}

    # -- paths

    def relative(self, path: str) -> Optional[str]:
        """The tree key of an absolute path the OS would resolve, or None when it leaves the folder or a
        ``..`` climbs out of a folder that does not exist (the kernel walks each component)."""
        if not path.startswith("/"):
            return None
        parts = [p for p in path.split("/") if p not in ("", ".")]
        base = [p for p in self.server_path.split("/") if p]
        stack = []
        for part in parts:
            if part == "..":
                if len(stack) > len(base):
                    walked = "/".join(stack[len(base):])
                    entry = self.entries.get(walked)
                    if entry is None or not entry.directory:
                        return None
                if stack:
                    stack.pop()
                continue
            stack.append(part)
        if stack[:len(base)] != base:
            return None
        return "/".join(stack[len(base):])

    def get(self, path: str) -> Optional[Entry]:
        key = self.relative(path)
        return None if key is None else self.entries.get(key)

    def _parent(self, key: str) -> Optional[Entry]:
        return self.entries.get(posixpath.dirname(key)) if key else None

    def _touch_parent(self, key: str) -> None:
        parent = self._parent(key)
        if parent is not None:
            parent.mtime = time.time()

    def children(self, key: str) -> list:
        prefix = key + "/" if key else ""
        return [p for p in self.entries if p != key and p.startswith(prefix) and "/" not in p[len(prefix):]]

    # -- what the handlers ask of the OS

    def stat(self, path: str) -> Entry:
        """``Path(path).stat()``: a path below a file is ``NotADirectoryError`` (as the real 4.10.7 answered a read
        of ``server.properties/x.txt``), any other missing path ``FileNotFoundError``."""
        entry = self.get(path)
        if entry is None:
            key = self.relative(path)
            while key:
                key = posixpath.dirname(key)
                above = self.entries.get(key)
                if above is not None and not above.directory:
                    raise OsError("NotADirectoryError", "[Errno 20] Not a directory: %r" % path)
            raise not_found(path)
        return entry

    def write_text(self, path: str, text: str) -> Entry:
        """``open(path, "w", encoding="utf-8").write(text)``: creates or truncates a file whose folder exists."""
        key = self.relative(path)
        entry = self.entries.get(key) if key is not None else None
        if entry is not None and entry.directory:
            raise OsError("IsADirectoryError", "[Errno 21] Is a directory: %r" % path)
        if key is None or key == "" or self._parent(key) is None:
            raise not_found(path)
        if not self._parent(key).directory:
            raise OsError("NotADirectoryError", "[Errno 20] Not a directory: %r" % path)
        if entry is None:
            entry = self.entries[key] = Entry(False)
            self._touch_parent(key)
        entry.content = text.encode("utf-8")
        entry.mtime = time.time()
        return entry

    def mkdir(self, path: str) -> None:
        """``os.mkdir(path)``: the parent must exist."""
        key = self.relative(path)
        if key is not None and key in self.entries:
            raise OsError("FileExistsError", "[Errno 17] File exists: %r" % path)
        parent = self._parent(key) if key else None
        if key is None or parent is None:
            raise not_found(path)
        if not parent.directory:
            raise OsError("NotADirectoryError", "[Errno 20] Not a directory: %r" % path)
        self.entries[key] = Entry(True)
        self._touch_parent(key)

    def rename(self, source: str, target: str) -> None:
        """``os.rename(source, target)`` (the handler checked that the target does not exist)."""
        old, new = self.relative(source), self.relative(target)
        if old is None or old not in self.entries or new is None or self._parent(new) is None:
            raise OsError("FileNotFoundError", "[Errno 2] No such file or directory: %r -> %r" % (source, target))
        if old == "" or new.startswith(old + "/"):
            raise OsError("OSError", "[Errno 22] Invalid argument: %r -> %r" % (source, target))
        for key in [k for k in self.entries if k == old or k.startswith(old + "/")]:
            self.entries[new + key[len(old):]] = self.entries.pop(key)
        self._touch_parent(old)
        self._touch_parent(new)

    def delete_file(self, path: str) -> bool:
        """``FileHelpers.del_file``: ``unlink``, False when it fails (a missing file)."""
        key = self.relative(path)
        entry = self.entries.get(key) if key is not None else None
        if entry is None or entry.directory:
            return False
        del self.entries[key]
        self._touch_parent(key)
        return True

    def delete_tree(self, path: str) -> bool:
        """``FileHelpers.del_dirs``: everything below, then the folder."""
        key = self.relative(path)
        # the server's folder itself (reached as "config/.."): everything goes, the folder too
        for doomed in [k for k in self.entries if key == "" or k == key or k.startswith(key + "/")]:
            del self.entries[doomed]
        self._touch_parent(key)
        return True

    def is_dir(self, path: str) -> bool:
        entry = self.get(path)
        return entry is not None and entry.directory

    # -- helpers for the simulator and tests

    def put(self, relative: str, content=b"") -> Entry:
        """Make a file (and the folders above it) without going through a route."""
        key = posixpath.normpath(relative).strip("/")
        parts = key.split("/")
        for depth in range(1, len(parts)):
            self.entries.setdefault("/".join(parts[:depth]), Entry(True))
        entry = self.entries[key] = Entry(False, content.encode("utf-8") if isinstance(content, str) else content)
        return entry

    def copy(self, server_path: str) -> "ServerFiles":
        other = ServerFiles(server_path)
        other.entries = {k: Entry(e.directory, e.content, e.mtime) for k, e in self.entries.items()}
        return other


__all__ = ["ServerFiles", "Entry", "OsError", "mime_type", "human_size", "can_open", "human_time", "text_of",
           "absolute", "inside", "MANAGED_TEXT"]
