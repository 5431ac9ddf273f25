# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Crafty server's files, for server_file and server_config (Crafty 4.10's file routes).

What the real 4.10.7 answered (tests/conformance/crafty, steps ``files: ...``) decides the calls: a path is
relative to the server's folder; a read of a missing path is a 500 FileNotFoundError; a save replaces only
an existing file, so a new one is first created empty (``PUT /files/create``), in a folder that exists:
Crafty makes no parent folders, so missing ones are created one by one from the top; a folder reads as its
listing. Text is read with Python's universal newlines (``\\r\\n`` reads as ``\\n``). 4.0.8 has no file
route, and 4.3-4.9 an older API nobody recorded: both are refused before any request.
"""

from __future__ import annotations

import json
import posixpath

from ansible_collections.gameops.panels.plugins.module_utils.crafty.servers import POWER_ACTIONS
from ansible_collections.gameops.panels.plugins.module_utils.errors import CraftyError, ReconcileError


def relative(path):
    """A path below the server's folder as Crafty takes it: no leading ``/`` (Crafty would take it as a path of
    the host), no ``.`` parts; ``..`` is refused (Crafty answers it with a 500)."""
    parts = [part for part in str(path).replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        raise ReconcileError("%r is not a path of a file in the server's folder" % (path,), option="path")
    return "/".join(parts)


class CraftyServerFiles:
    """The files of one Crafty server (``server``: ``{id, name, label}`` as the driver resolves it)."""

    #: Crafty sets no limit of its own; Tornado's default body limit (100 MiB) caps a save's JSON body
    MAX_BYTES = 100 * 1024 * 1024

    def __init__(self, client, server):
        self.client = client
        self.server = server
        #: what this run learnt of paths: path -> "file", "folder" or None (missing)
        self._kinds = {"": "folder"}

    @property
    def _label(self):
        return self.server.get("label") or repr(self.server.get("name"))

    def require(self):
        """Fail before any request when this Crafty has no file routes the collection can use."""
        self.client.version.require("server_files", option="path")

    # -- reading --------------------------------------------------------------------------

    def _read(self, path):
        data = self.client.read_file(self.server["id"], path, label=self._label)
        if data is None:
            self._kinds[path] = None
        elif "root_path" in data and "content" not in data:
            self._kinds[path] = "folder"
        else:
            self._kinds[path] = "file"
        return data

    def read(self, path):
        """The file's text, or None when it does not exist."""
        self.require()
        path = relative(path)
        data = self._read(path)
        if data is None:
            return None
        if self._kinds[path] == "folder":
            raise CraftyError("%s of Crafty server %s is a folder, not a file" % (path, self._label), option="path")
        return data.get("content") or ""

    def _kind(self, path):
        if path not in self._kinds:
            self._read(path)
        return self._kinds[path]

    # -- writing --------------------------------------------------------------------------

    def _make_folders(self, folder):
        """Create ``folder`` and the folders above it that are missing (the deepest existing one found by reads
        from the bottom up, then the missing ones created from the top down)."""
        missing = []
        while folder:
            kind = self._kind(folder)
            if kind == "folder":
                break
            if kind == "file":
                raise CraftyError("%s of Crafty server %s is a file, so it cannot hold a folder" % (folder, self._label),
                                  option="path")
            missing.append(folder)
            folder = posixpath.dirname(folder)
        for path in reversed(missing):
            parent, name = posixpath.split(path)
            self.client.create_file(self.server["id"], parent, name, directory=True, label=self._label)
            self._kinds[path] = "folder"

    def write(self, path, text):
        """Create the file (and its missing folders) when it does not exist, then save its text."""
        self.require()
        path = relative(path)
        if "\r" in text:
            # Crafty reads with universal newlines: the file would read back differently on every run
            raise ReconcileError("Crafty reads files with Python's universal newlines, so a carriage return (\\r) "
                                 "never reads back as written; use \\n line ends", option="content")
        body = {"path": path, "contents": text, "overwrite": True}
        size = len(json.dumps(body).encode("utf-8"))
        if size > self.MAX_BYTES:
            raise ReconcileError("%s would be a request of %d bytes; Crafty (Tornado) takes at most %d"
                                 % (path, size, self.MAX_BYTES), option="content")
        kind = self._kind(path)
        if kind == "folder":
            raise CraftyError("%s of Crafty server %s is a folder, not a file" % (path, self._label), option="path")
        if kind is None:
            parent, name = posixpath.split(path)
            self._make_folders(parent)
            self.client.create_file(self.server["id"], parent, name, directory=False, label=self._label)
            self._kinds[path] = "file"
        self.client.save_file(self.server["id"], path, text, label=self._label)

    def delete(self, path):
        self.require()
        path = relative(path)
        self.client.delete_file(self.server["id"], path, label=self._label)
        self._kinds[path] = None

    # -- the server ---------------------------------------------------------------------------

    def is_running(self):
        stats = self.client.server_stats(self.server["id"], label=self._label) or {}
        return bool(stats.get("running"))

    def restart(self):
        """Queue a restart (quirk 17: Crafty answers once the action is queued)."""
        self.client.server_action(self.server["id"], POWER_ACTIONS["restarted"], label=self._label)
