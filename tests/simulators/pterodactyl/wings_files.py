# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The files of a server as Wings keeps them (pterodactyl/wings ``server/filesystem``, ``router_server_files.go``).

An in-memory tree per server. Each operation answers what Wings answers (its status and its JSON
``error`` text), raised as :class:`WingsError`; the panel turns those into a ``DaemonConnectionException``
(``client_files.daemon_error``). Paths are relative to the server's root; one that leaves it is "not
found", as Wings' path resolution makes it.
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


def clean(path: Optional[str]) -> str:
    """A path inside the server's root ("" is the root); leaving the root is "not found"."""
    parts = []
    for part in (path or "").replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise WingsError(404, NOT_FOUND)
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def join(root: Optional[str], name: Optional[str]) -> str:
    return clean(posixpath.join("/" + (root or ""), name or ""))


class ServerFiles:
    """One server's files. ``disk_limit`` in bytes (0: unlimited), as Wings' ``HasSpaceFor``."""

    def __init__(self, disk_limit: int = 0):
        self.entries = {"": Entry(True, 0o755, now(), now())}
        self.disk_limit = disk_limit

    # -- helpers

    def get(self, path: str) -> Optional[Entry]:
        return self.entries.get(path)

    def used(self) -> int:
        return sum(len(e.content) for e in self.entries.values() if not e.directory)

    def _room_for(self, extra: int) -> None:
        if self.disk_limit > 0 and self.used() + extra > self.disk_limit:
            raise WingsError(400, NO_SPACE)

    def _mkdirs(self, path: str) -> None:
        """``MkdirAll``: every missing folder on the way; a file in the way is ENOTDIR."""
        current = ""
        for part in [p for p in path.split("/") if p]:
            current = current + "/" + part if current else part
            entry = self.entries.get(current)
            if entry is None:
                self.entries[current] = Entry(True, 0o755, now(), now())
            elif not entry.directory:
                raise WingsError(400, NOT_A_DIRECTORY)

    def children(self, path: str) -> list:
        prefix = path + "/" if path else ""
        return [p for p in self.entries if p.startswith(prefix) and p != path and "/" not in p[len(prefix):]]

    def _subtree(self, path: str) -> list:
        prefix = path + "/"
        return [p for p in self.entries if p == path or p.startswith(prefix)]

    # -- what the routes ask of Wings

    def list_directory(self, directory: Optional[str]) -> list:
        path = clean(directory)
        entry = self.get(path)
        if entry is None:
            raise WingsError(404, NOT_FOUND)
        if not entry.directory:
            raise WingsError(500, UNEXPECTED)  # readdir on a file: an error Wings does not map
        return wings_order([stat(posixpath.basename(p), self.entries[p]) for p in self.children(path)])

    def read(self, file: Optional[str]) -> tuple:
        path = clean(file)
        entry = self.get(path)
        if entry is None:
            raise WingsError(404, NOT_FOUND)
        if entry.directory:
            raise WingsError(500, UNEXPECTED)  # reading a directory fails after the headers: unmapped
        return entry.content, mimetype(entry)

    def write(self, file: Optional[str], content: bytes) -> None:
        path = clean(file)
        entry = self.get(path)
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
        self._mkdirs(join(root, name))

    def rename(self, root: Optional[str], pairs: list) -> None:
        for pair in pairs:
            source, target = join(root, pair.get("from")), join(root, pair.get("to"))
            if source == target:
                continue
            if source == "" or target == "":
                raise WingsError(404, NOT_FOUND)
            if source not in self.entries:
                continue  # Wings ignores a rename whose source does not exist
            if target in self.entries:
                raise WingsError(400, RENAME_EXISTS)
            self._mkdirs(posixpath.dirname(target))
            for path in self._subtree(source):
                self.entries[target + path[len(source):]] = self.entries.pop(path)

    def copy(self, location: Optional[str]) -> str:
        path = clean(location)
        entry = self.get(path)
        if entry is None or entry.directory:
            raise WingsError(404, NOT_FOUND)
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
        for name in files:
            path = join(root, name)
            if path == "":
                raise WingsError(404, NOT_FOUND)  # the root itself cannot be removed
            for doomed in self._subtree(path):
                del self.entries[doomed]

    def compress(self, root: Optional[str], files: list) -> dict:
        base = clean(root)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            for name in files:
                path = join(base, name)
                if path not in self.entries:
                    raise WingsError(404, NOT_FOUND)
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
        target = join(base, name)
        self.entries[target] = Entry(False, 0o644, now(), now(), data)
        return stat(name, self.entries[target], "application/tar+gzip")

    def decompress(self, root: Optional[str], file: Optional[str]) -> None:
        base = clean(root)
        path = join(base, file)
        entry = self.get(path)
        if entry is None:
            raise WingsError(404, NOT_FOUND)
        if entry.directory:
            raise WingsError(400, IS_DIRECTORY)
        members = _archive_members(entry.content)
        if members is None:
            raise WingsError(400, UNKNOWN_ARCHIVE)
        self._room_for(sum(len(content) for _name, _directory, content in members))
        for name, directory, content in members:
            target = join(base, name)
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
            modes.append((join(root, item.get("file")), mode))
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


__all__ = ["ServerFiles", "WingsError", "stat", "wings_order", "clean", "join"]
