# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A server's files through Pterodactyl's client API (proxied to Wings), for server_file and server_config."""

from __future__ import annotations

import posixpath

from ansible_collections.gameops.panels.plugins.module_utils.errors import PanelError, ReconcileError


class PterodactylServerFiles:
    """One server's files. ``server`` is the resolved server of the per-server modules (``identifier``, ``name``)."""

    #: the panel's ``pterodactyl.files.max_edit_size``: a larger file cannot be read back through the API
    MAX_BYTES = 4 * 1024 * 1024

    def __init__(self, client, server):
        self.client = client
        self.server = server

    @property
    def _id(self):
        return self.server["identifier"]

    def read(self, path):
        """The file's text, or None when there is no such file."""
        try:
            content = self.client.read_file(self._id, path)
        except PanelError as exc:
            if exc.status == 404:  # Wings 1.11.8 and earlier
                return None
            if exc.code == "FileSizeTooLargeException":
                raise ReconcileError("%s on the server is over Pterodactyl's limit of %d bytes (4 MiB) for a file read "
                                     "through its API; it cannot be managed here" % (path, self.MAX_BYTES),
                                     option="path") from None
            if exc.status == 400 and "directory" in exc.message:  # Wings 1.11.8 and earlier
                raise self._folder(path) from None
            if exc.status != 500:
                raise
            # Wings 1.11.9+ answers a missing file and a folder alike (500): the folder above tells which
            entry = self._entry(path)
            if entry is None:
                return None
            if not entry.get("is_file", True):
                raise self._folder(path) from None
            raise
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            raise ReconcileError("%s on the server is not UTF-8 text; server_file and server_config keep text files"
                                 % path, option="path") from None

    def _entry(self, path):
        """The listing entry of ``path`` in its folder, or None (no such entry, or no such folder)."""
        folder, name = posixpath.split(path)
        try:
            listed = self.client.list_files(self._id, "/" + folder)
        except PanelError as exc:
            if exc.status in (404, 500):
                return None
            raise
        return next((item for item in listed if item.get("name") == name), None)

    def _folder(self, path):
        return PanelError("%s is a folder on server %r, not a file" % (path, self.server.get("name")), option="path")

    def write(self, path, text):
        # Wings creates the missing folders above the file itself
        self.client.write_file(self._id, path, text.encode("utf-8"))

    def delete(self, path):
        folder, name = posixpath.split(path)
        self.client.delete_files(self._id, "/" + folder, [name])

    def is_running(self):
        return self.client.get_resources(self._id)["current_state"] == "running"

    def restart(self):
        self.client.send_power(self._id, "restart")
