# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The files of a server as Wings keeps them (pterodactyl/wings ``server/filesystem``, ``router_server_files.go``).

An in-memory tree per server. Each operation answers what Wings answers (its status and its JSON
``error`` text), raised as :class:`WingsError`; the panel turns those into a ``DaemonConnectionException``
(``client_files.daemon_error``). Paths are relative to the server's root. Wings 1.11.11's source is the
model (``internal/ufs``, ``server/filesystem``, ``router/router_server_files.go``); ``ServerFiles.legacy_errors``
switches the error answers to those of Wings 1.11.8 and earlier.
"""
from __future__ import annotations

import dataclasses
import datetime
import gzip
import io
import json
import posixpath
import tarfile
import zipfile
from typing import Optional

NOT_FOUND = "The requested resources was not found on the system."
IS_DIRECTORY = "Cannot perform that action: file is a directory."
NO_SPACE = "There is not enough disk space available to perform that action."
WRITE_ON_DIRECTORY = "Cannot write file, name conflicts with an existing directory by the same name."
RENAME_EXISTS = "Cannot move or rename file, destination already exists."
NOT_A_DIRECTORY = "Part of the path being created is not a directory (ENOTDIR)."
UNKNOWN_ARCHIVE = "The archive provided is in a format Wings does not understand."
BAD_MODE = "Invalid file mode."
UNEXPECTED = "An unexpected error was encountered while processing this request"
#: What a Wings directory's stat reports as its size (ext4's block).
DIRECTORY_SIZE = 4096


class WingsError(Exception):
    """A Wings answer other than success: its HTTP status and its ``error`` text."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclasses.dataclass
class Entry:
    directory: bool
    mode: int
    created: datetime.datetime
    modified: datetime.datetime
    content: bytes = b""

    @property
    def size(self) -> int:
        return DIRECTORY_SIZE if self.directory else len(self.content)


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def mode_string(entry: Entry) -> str:
    """Go's ``FileMode.String()``: ``drwxr-xr-x``, ``-rw-r--r--``."""
    bits = "".join(flag if entry.mode & (1 << (8 - i)) else "-" for i, flag in enumerate("rwxrwxrwx"))
    return ("d" if entry.directory else "-") + bits


def mimetype(entry: Entry) -> str:
    """What Wings' mimetype detection (gabriel-vasile/mimetype) reports for the kinds of content tests write."""
    if entry.directory:
        return "inode/directory"
    data = entry.content
    if not data:
        return "text/plain"
    if data[:2] == b"\x1f\x8b":
        return "application/gzip"
    if data[:4] == b"PK\x03\x04":
        return "application/zip"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    if "\x00" in text:
        return "application/octet-stream"
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
            return "application/json"
        except ValueError:
            pass
    return "text/plain; charset=utf-8"


def stat(name: str, entry: Entry, mime: Optional[str] = None) -> dict:
    """Wings' ``Stat`` JSON (what the panel's FileObjectTransformer reads)."""
    return {"name": name, "created": entry.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "modified": entry.modified.strftime("%Y-%m-%dT%H:%M:%SZ"), "mode": mode_string(entry),
            "mode_bits": format(entry.mode & 0o777, "o"), "size": entry.size, "directory": entry.directory,
            "file": not entry.directory, "symlink": False, "mime": mime or mimetype(entry)}


def wings_order(stats: list) -> list:
    """The order Wings lists a directory in: its ListDirectory sorts by name, then sorts again with a
    comparator meant to put folders first (``a.IsDir() -> 1``, otherwise ``-1``); that comparator is not
    a consistent ordering, so the result is whatever Go's ``slices.SortStableFunc`` makes of it. This is
    that algorithm (insertion sort in blocks of 20, then symmetric merges), with the same comparator."""
    data = sorted(stats, key=lambda s: s["name"].encode("utf-8"))

    def cmp(a, b):
        if a["directory"] and b["directory"]:
            return 0
        return 1 if a["directory"] else -1

    def insertion(lo, hi):
        for i in range(lo + 1, hi):
            j = i
            while j > lo and cmp(data[j], data[j - 1]) < 0:
                data[j], data[j - 1] = data[j - 1], data[j]
                j -= 1

    def rotate(a, m, b):
        data[a:b] = data[m:b] + data[a:m]

    def sym_merge(a, m, b):
        if m - a == 1:
            i, j = m, b
            while i < j:
                h = (i + j) >> 1
                if cmp(data[h], data[a]) < 0:
                    i = h + 1
                else:
                    j = h
            for k in range(a, i - 1):
                data[k], data[k + 1] = data[k + 1], data[k]
            return
        if b - m == 1:
            i, j = a, m
            while i < j:
                h = (i + j) >> 1
                if not cmp(data[m], data[h]) < 0:
                    i = h + 1
                else:
                    j = h
            for k in range(m, i, -1):
                data[k], data[k - 1] = data[k - 1], data[k]
            return
        mid = (a + b) >> 1
        n = mid + m
        if m > mid:
            start, r = n - b, mid
        else:
            start, r = a, m
        p = n - 1
        while start < r:
            c = (start + r) >> 1
            if not cmp(data[p - c], data[c]) < 0:
                start = c + 1
            else:
                r = c
        end = n - start
        if start < m < end:
            rotate(start, m, end)
        if a < start < mid:
            sym_merge(a, start, mid)
        if mid < end < b:
            sym_merge(mid, end, b)

    total = len(data)
    block = 20
    a, b = 0, block
    while b <= total:
        insertion(a, b)
        a, b = b, b + block
    insertion(a, total)
    while block < total:
        a, b = 0, 2 * block
        while b <= total:
            sym_merge(a, a + block, b)
            a, b = b, b + 2 * block
        if a + block < total:
            sym_merge(a, a + block, total)
        block *= 2
    return data


def go_clean(path: str) -> str:
    """Go's ``path.Clean``: a rooted path cannot climb above ``/`` (its extra ``..`` are dropped); a
    relative one keeps its leading ``..``; the empty path is ``.``."""
    rooted = path.startswith("/")
    parts = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


def go_join(*elements: Optional[str]) -> str:
    """Go's ``path.Join`` (and ``filepath.Join`` on Linux): the non-empty elements joined by ``/``, then
    cleaned; ``""`` when all are empty. Wings builds ``root`` + name paths with it, so ``/`` + ``../x`` is
    ``/x``, inside the server, while ``a`` + ``../../x`` is ``../x``, outside it."""
    joined = "/".join(e for e in elements if e)
    return go_clean(joined) if joined else ""


def resolve(path: Optional[str]) -> Optional[str]:
    """Where ``path`` lands under the server's root, as Wings' ``unsafePath`` (``filepath.Join(base,
    path)`` then the "inside the base?" check): ``""`` is the root itself, None a path that leaves it.
    A leading ``/`` changes nothing (the base is joined in front); backslashes are ordinary characters."""
    parts = []
    for part in (path or "").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


class ServerFiles:
    """One server's files. ``disk_limit`` in bytes (0: unlimited), as Wings' ``HasSpaceFor``.

    ``legacy_errors`` picks which Wings answers a missing path, a path outside the server and reading a
    folder: False (the default) is Wings 1.11.9 and later, whose rebuilt filesystem (``internal/ufs``)
    returns errors its error middleware no longer recognises, so each is a 500 "An unexpected error was
    encountered while processing this request" (pterodactyl/wings PR #208 and pelican-dev/wings PR #54
    report it); True is Wings 1.11.8 and earlier: 404 "The requested resources was not found on the
    system." and, for a folder read as a file, 400 "Cannot perform that action: file is a directory."."""

    def __init__(self, disk_limit: int = 0, legacy_errors: bool = False):
        self.entries = {"": Entry(True, 0o755, now(), now())}
        self.disk_limit = disk_limit
        self.legacy_errors = legacy_errors

    # -- errors

    def _not_found(self) -> WingsError:
        """A path that does not exist (or one that leaves the server's root)."""
        return WingsError(404, NOT_FOUND) if self.legacy_errors else WingsError(500, UNEXPECTED)

    def _is_directory(self) -> WingsError:
        return WingsError(400, IS_DIRECTORY) if self.legacy_errors else WingsError(500, UNEXPECTED)

    def _resolve(self, path: Optional[str]) -> str:
        resolved = resolve(path)
        if resolved is None:
            raise self._not_found()
        return resolved

    # -- helpers

    def get(self, path: str) -> Optional[Entry]:
        return self.entries.get(path)

    def used(self) -> int:
        return sum(len(e.content) for e in self.entries.values() if not e.directory)

    def _room_for(self, extra: int) -> None:
        if self.disk_limit > 0 and self.used() + extra > self.disk_limit:
            raise WingsError(400, NO_SPACE)

    def _parent_state(self, path: str) -> str:
        """``"ok"`` when every folder above ``path`` exists, ``"missing"`` when one is missing (and no
        file is in the way), ``"file"`` when a file stands where a folder should be (ENOTDIR)."""
        current = ""
        for part in [p for p in path.split("/") if p][:-1]:
            current = current + "/" + part if current else part
            entry = self.entries.get(current)
            if entry is None:
                return "missing"
            if not entry.directory:
                return "file"
        return "ok"

    def _mkdirs(self, path: str) -> None:
        """``MkdirAll``: every missing folder on the way. A file in the way is ENOTDIR, which Wings'
        create-directory route means to answer with 400 "Part of the path being created is not a
        directory (ENOTDIR)." but never does (it compares the whole error text, "mkdir <path>: not a
        directory", with "not a directory"): 500."""
        current = ""
        for part in [p for p in path.split("/") if p]:
            current = current + "/" + part if current else part
            entry = self.entries.get(current)
            if entry is None:
                self.entries[current] = Entry(True, 0o755, now(), now())
            elif not entry.directory:
                raise WingsError(500, UNEXPECTED)

    def children(self, path: str) -> list:
        prefix = path + "/" if path else ""
        return [p for p in self.entries if p.startswith(prefix) and p != path and "/" not in p[len(prefix):]]

    def _subtree(self, path: str) -> list:
        prefix = path + "/"
        return [p for p in self.entries if p == path or p.startswith(prefix)]

    # -- what the routes ask of Wings

    def list_directory(self, directory: Optional[str]) -> list:
        """``GET /files/list-directory?directory=``: the panel sends ``/`` when none is given."""
        path = self._resolve(directory)
        entry = self.get(path)
        if entry is None:
            raise self._not_found()
        if not entry.directory:
            raise WingsError(500, UNEXPECTED)  # readdir on a file: an error Wings does not map
        return wings_order([stat(posixpath.basename(p), self.entries[p]) for p in self.children(path)])

    def read(self, file: Optional[str]) -> tuple:
        """``GET /files/contents?file=``: Wings trims the leading ``/``."""
        path = self._resolve((file or "").lstrip("/"))
        entry = self.get(path)
        if entry is None:
            raise self._not_found()
        if entry.directory:
            raise self._is_directory()  # 1.11.9+: the folder opens, reading it fails: unmapped
        return entry.content, mimetype(entry)

    def write(self, file: Optional[str], content: bytes) -> None:
        """``POST /files/write?file=``: Wings makes the path ``/`` + the name without its leading ``/``,
        creates the missing folders above it (``Touch``) and writes the body; no size limit but the
        server's disk."""
        path = self._resolve(file)
        entry = self.get(path)
        if self._parent_state(path) == "file":
            raise WingsError(500, UNEXPECTED)  # stat through a file: ENOTDIR, unmapped
        if path == "" or (entry is not None and entry.directory):
            raise WingsError(400, WRITE_ON_DIRECTORY)
        self._room_for(len(content) - (len(entry.content) if entry else 0))
        self._mkdirs(posixpath.dirname(path))
        if entry is None:
            self.entries[path] = Entry(False, 0o644, now(), now(), content)
        else:
            entry.content = content
            entry.modified = now()

    def create_directory(self, name: Optional[str], root: Optional[str]) -> None:
        """``POST /files/create-directory`` ``{name, path}``: ``MkdirAll(filepath.Join(path, name))``; a
        folder that exists already is no error."""
        self._mkdirs(self._resolve(go_join(root, name)))

    def rename(self, root: Optional[str], pairs: list) -> None:
        """``PUT /files/rename`` ``{root, files: [{from, to}]}``: each pair is ``path.Join(root, x)``. A
        source that does not exist is skipped; a taken target is 400; the root itself, as source or
        target, is a bad path (500); missing folders above the target are made."""
        for pair in pairs:
            from_path, to_path = go_join(root, pair.get("from")), go_join(root, pair.get("to"))
            if from_path == to_path:
                continue
            source, target = resolve(from_path), resolve(to_path)
            if source is None or source == "":
                raise WingsError(500, UNEXPECTED)
            state = self._parent_state(source)
            if state == "file":
                raise WingsError(500, UNEXPECTED)
            if state == "missing" or source not in self.entries:
                continue  # os.ErrNotExist: Wings logs it and goes on
            if target is None or target == "" or self._parent_state(target) == "file":
                raise WingsError(500, UNEXPECTED)
            if target in self.entries:
                raise WingsError(400, RENAME_EXISTS)
            if target.startswith(source + "/"):
                raise WingsError(500, UNEXPECTED)  # a folder into itself: EINVAL
            self._mkdirs(posixpath.dirname(target))
            for path in self._subtree(source):
                self.entries[target + path[len(source):]] = self.entries.pop(path)

    def copy(self, location: Optional[str]) -> str:
        path = self._resolve(location)
        entry = self.get(path)
        if entry is None or entry.directory:
            raise self._not_found()  # a folder is "not exist" for Copy
        self._room_for(len(entry.content))
        folder, base = posixpath.split(path)
        stem, extension = posixpath.splitext(base)
        if stem.endswith(".tar"):
            stem, extension = stem[:-4], ".tar" + extension
        for number in range(51):
            suffix = " copy" if number == 0 else " copy %d" % number
            candidate = posixpath.join(folder, stem + suffix + extension) if folder else stem + suffix + extension
            if candidate not in self.entries:
                break
        self.entries[candidate] = Entry(False, entry.mode, now(), now(), entry.content)
        return candidate

    def delete(self, root: Optional[str], files: list) -> None:
        """``POST /files/delete`` ``{root, files}``: ``RemoveAll(path.Join(root, name))``; a path that does
        not exist is no error; the root itself is refused (500 on every Wings)."""
        for name in files:
            path = resolve(go_join(root, name))
            if path is None:
                raise self._not_found()
            if path == "":
                raise WingsError(500, UNEXPECTED)
            for doomed in self._subtree(path):
                del self.entries[doomed]

    def compress(self, root: Optional[str], files: list) -> dict:
        base = self._resolve(root)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            for name in files:
                path = self._resolve(go_join(base, name))
                if path not in self.entries:
                    raise self._not_found()
                for member in sorted(self._subtree(path)):
                    entry = self.entries[member]
                    info = tarfile.TarInfo(member[len(base) + 1:] if base else member)
                    info.mode = entry.mode
                    info.mtime = int(entry.modified.timestamp())
                    if entry.directory:
                        info.type = tarfile.DIRTYPE
                        archive.addfile(info)
                    else:
                        info.size = len(entry.content)
                        archive.addfile(info, io.BytesIO(entry.content))
        data = buffer.getvalue()
        self._room_for(len(data))
        name = "archive-%s.tar.gz" % now().strftime("%Y-%m-%dT%H%M%SZ")
        target = go_join(base, name)
        self.entries[target] = Entry(False, 0o644, now(), now(), data)
        return stat(name, self.entries[target], "application/tar+gzip")

    def decompress(self, root: Optional[str], file: Optional[str]) -> None:
        base = self._resolve(root)
        path = self._resolve(go_join(base, file))
        entry = self.get(path)
        if entry is None:
            raise self._not_found()
        if entry.directory:
            raise WingsError(400, IS_DIRECTORY)
        members = _archive_members(entry.content)
        if members is None:
            raise WingsError(400, UNKNOWN_ARCHIVE)
        self._room_for(sum(len(content) for _name, _directory, content in members))
        for name, directory, content in members:
            target = self._resolve(go_join(base, name))
            if directory:
                self._mkdirs(target)
            else:
                self._mkdirs(posixpath.dirname(target))
                existing = self.entries.get(target)
                if existing is not None and existing.directory:
                    raise WingsError(400, IS_DIRECTORY)
                self.entries[target] = Entry(False, 0o644, now(), now(), content)

    def chmod(self, root: Optional[str], files: list) -> None:
        modes = []
        for item in files:
            try:
                mode = int(str(item.get("mode")), 8)
            except ValueError:
                raise WingsError(400, BAD_MODE)
            modes.append((resolve(go_join(root, item.get("file"))), mode))
        for path, mode in modes:
            if path in self.entries:  # a file that does not exist is skipped
                self.entries[path].mode = mode & 0o7777


def _archive_members(data: bytes):
    """``[(name, is_directory, content)]`` of a tar (optionally gzipped) or zip archive, else None."""
    try:
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return [(i.filename, i.is_dir(), b"" if i.is_dir() else archive.read(i)) for i in archive.infolist()]
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            out = []
            for member in archive.getmembers():
                if member.isdir():
                    out.append((member.name, True, b""))
                elif member.isfile():
                    out.append((member.name, False, archive.extractfile(member).read()))
            return out
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile):
        return None


__all__ = ["ServerFiles", "WingsError", "stat", "wings_order", "go_clean", "go_join", "resolve"]
