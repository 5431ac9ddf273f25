# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AMP instance's files, for server_file and server_config (FileManagerPlugin, through the instance's API).

Paths are relative to the instance's folder. Whether a path exists, and how big it is, is read from the
listing of its folder (GetDirectoryListing, once per folder and run), not from how a read of a missing file
fails: AMP's code is closed and no answer of its file methods was recorded. File data travels as base64 in
chunks (ReadFileChunk, WriteFileChunk with offset 0 starting the file afresh). CreateDirectory needs an
existing parent, so missing folders are created from the top down. TrashFile is AMP's delete: the file
moves into the instance's ``Trashed Files``.
"""

from __future__ import annotations

import posixpath

from ansible_collections.gameops.panels.plugins.module_utils.amp.servers import Instances, power_state
from ansible_collections.gameops.panels.plugins.module_utils.errors import AMPError, ReconcileError

#: bytes per ReadFileChunk / WriteFileChunk request (ReadFileChunk's own default in the simulator)
CHUNK_BYTES = 1024 * 1024


def relative(path):
    """A path below the instance's folder: ``/`` and ``\\`` separate, ``.`` parts drop out, ``..`` is refused."""
    parts = [part for part in str(path).replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        raise ReconcileError("%r is not a path of a file in the instance's folder" % (path,), option="path")
    return "/".join(parts)


class AMPServerFiles:
    """The files of one AMP instance (``server``: the instance as the driver resolves it, ``{id, name, ...}``)."""

    #: AMP states no limit for its file methods; the collection reads and writes at most this much per file
    #: (16 requests of CHUNK_BYTES), enough for any configuration file
    MAX_BYTES = 16 * CHUNK_BYTES

    def __init__(self, client, server):
        self.client = client
        self.server = server
        self._api = None
        #: folder -> {name: DirectoryListing entry}, or None when the folder does not exist (read once per run)
        self._listings = {}

    @property
    def _label(self):
        return "AMP instance %r" % self.server.get("name")

    def _instance(self):
        instances = Instances(self.client)
        return instances.resolve(self.server["name"])

    @property
    def api(self):
        """The instance's own API (its AMP process must run: a clear error names ``server`` otherwise)."""
        if self._api is None:
            target, summary = self._instance()
            self._api = Instances(self.client).api(target, summary)
        return self._api

    # -- what exists -------------------------------------------------------------------------

    def _listing(self, folder):
        if folder not in self._listings:
            entry = self._entry(folder) if folder else {"IsDirectory": True}
            if entry is None or not entry.get("IsDirectory"):
                self._listings[folder] = None
            else:
                self._listings[folder] = dict((item.get("Filename"), item)
                                              for item in self.api.get_directory_listing(folder))
        return self._listings[folder]

    def _entry(self, path):
        """The DirectoryListing entry of ``path``, or None when it does not exist."""
        if not path:
            return {"IsDirectory": True}
        parent, name = posixpath.split(path)
        listing = self._listing(parent)
        return None if listing is None else listing.get(name)

    def _blocking_file(self, path):
        """The folder above ``path`` that is a file, if one is (nothing can be created below it)."""
        folder = posixpath.dirname(path)
        while folder:
            entry = self._entry(folder)
            if entry is not None and not entry.get("IsDirectory"):
                return folder
            folder = posixpath.dirname(folder)
        return None

    # -- reading ----------------------------------------------------------------------------------

    def read(self, path):
        """The file's text, or None when it does not exist."""
        path = relative(path)
        entry = self._entry(path)
        if entry is None:
            return None
        if entry.get("IsDirectory"):
            raise AMPError("%s of %s is a folder, not a file" % (path, self._label), option="path")
        size = int(entry.get("SizeBytes") or 0)
        if size > self.MAX_BYTES:
            raise ReconcileError("%s of %s holds %d bytes; the collection reads and writes files of up to %d bytes on "
                                 "AMP" % (path, self._label, size, self.MAX_BYTES), option="path")
        data = b""
        while True:
            chunk = self.api.read_file_chunk(path, len(data), CHUNK_BYTES)
            data += chunk
            if len(chunk) < CHUNK_BYTES or len(data) > self.MAX_BYTES:
                break
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AMPError("%s of %s is not UTF-8 text (%s)" % (path, self._label, exc), option="path") from None

    # -- writing ----------------------------------------------------------------------------------

    def _make_folders(self, folder):
        """Create ``folder`` and every missing folder above it, from the top (CreateDirectory needs the parent)."""
        parts = folder.split("/") if folder else []
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            if self._entry(path) is not None:
                continue
            self.api.create_directory(path)
            parent, name = posixpath.split(path)
            self._listings[parent][name] = {"Filename": name, "IsDirectory": True, "SizeBytes": 0}
            self._listings[path] = {}

    def write(self, path, text):
        """The file's whole text, in chunks; its missing folders are created first."""
        path = relative(path)
        data = text.encode("utf-8")
        if len(data) > self.MAX_BYTES:
            raise ReconcileError("%s would hold %d bytes; the collection writes files of up to %d bytes on AMP"
                                 % (path, len(data), self.MAX_BYTES), option="content")
        blocking = self._blocking_file(path)
        if blocking is not None:
            raise AMPError("%s of %s is a file, so it cannot hold a folder" % (blocking, self._label), option="path")
        entry = self._entry(path)
        if entry is not None and entry.get("IsDirectory"):
            raise AMPError("%s of %s is a folder, not a file" % (path, self._label), option="path")
        folder, name = posixpath.split(path)
        self._make_folders(folder)
        offset = 0
        while True:
            chunk = data[offset:offset + CHUNK_BYTES]
            final = offset + len(chunk) >= len(data)
            self.api.write_file_chunk(path, chunk, offset, final)
            offset += len(chunk)
            if final:
                break
        self._listings[folder][name] = {"Filename": name, "IsDirectory": False, "SizeBytes": len(data)}

    def delete(self, path):
        """AMP's delete: the file moves into the instance's ``Trashed Files``."""
        path = relative(path)
        self.api.trash_file(path)
        folder, name = posixpath.split(path)
        if self._listings.get(folder) is not None:
            self._listings[folder].pop(name, None)

    # -- the game --------------------------------------------------------------------------------

    def is_running(self):
        """Whether the instance's application (the game) runs, from the instance list (no request to it)."""
        _target, summary = self._instance()
        return power_state(summary) == "started"

    def restart(self):
        self.api.restart_application()
