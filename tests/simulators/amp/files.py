# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""FileManagerPlugin: the files of a process (an instance's folder; the ADS has one too).

Method names, parameter names and result types are APISpec.json's (2.6.0.4) and TypeSpec.json's
(``DirectoryListing``, ``FileChunkData``, ``ActionResult``); the AMP wrapper docs (seeds,
``ampapi.FileManagerPlugin``) say paths are relative to the instance's root and ``EmptyTrash`` empties
``Trashed Files``. AMP's own file handling is closed source and no real answer of these methods was
captured, so what happens on a missing file, a taken name or a path that climbs out of the folder is
the simulator's choice (README, "Files"): a failed ActionResult (Status false) for ActionResult methods,
an empty list for a listing, an ErrorResponse for the others. Chunk data is base64 both ways, as
``FileChunkData.Base64Data`` is.
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import posixpath
from typing import Optional

from .framework import VOID, ActionFailed, AmpError, action_result, api, unauthorized

NODE = "FileManager.FileManager."
#: The folder TrashFile/TrashDirectory move things into (the wrapper docs: "Typically the directory is
#: called Trashed Files, it is case sensitive and located in the Server/Instance root directory").
TRASH = "Trashed Files"
#: ReadFileChunk without ChunkSize reads this many bytes (the simulator's choice: no public value).
DEFAULT_CHUNK_SIZE = 1024 * 1024
#: What the listing calls an archive.
ARCHIVE_EXTENSIONS = (".zip", ".tar", ".gz", ".tgz", ".7z", ".rar", ".bz2", ".xz")
#: AMP's own configuration files: writing one needs ModifyAMPConfigFiles as well.
AMP_CONFIG_EXTENSIONS = (".kvp",)


@dataclasses.dataclass
class FileEntry:
    directory: bool
    content: bytes = b""
    created: float = 0.0
    modified: float = 0.0


class OutsideRoot(Exception):
    """A path that leaves the process's folder."""


def clean(path) -> str:
    """A path relative to the process's folder: ``/`` and ``\\`` both separate, ``.`` and empty parts
    drop out, a leading ``/`` or ``./`` changes nothing; ``..`` that climbs above the folder raises."""
    parts = []
    for part in str(path or "").replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise OutsideRoot(path)
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


class ProcessFiles:
    """The folder of one process: relative path -> FileEntry (``""`` is the folder itself)."""

    def __init__(self, now):
        self.now = now
        self.entries = {"": FileEntry(True, created=now(), modified=now())}

    def get(self, path: str) -> Optional[FileEntry]:
        return self.entries.get(path)

    def parent_is_folder(self, path: str) -> bool:
        parent = self.entries.get(posixpath.dirname(path))
        return parent is not None and parent.directory

    def children(self, path: str) -> list:
        prefix = path + "/" if path else ""
        return [p for p in self.entries if p != path and p.startswith(prefix) and "/" not in p[len(prefix):]]

    def subtree(self, path: str) -> list:
        return [p for p in self.entries if p == path or p.startswith(path + "/")]

    def put(self, path: str, content=b"") -> FileEntry:
        """Make a file and the folders above it (test and seed helper; no method does this)."""
        key = clean(path)
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in self.entries:
                self.entries[folder] = FileEntry(True, created=self.now(), modified=self.now())
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        entry = self.entries[key] = FileEntry(False, data, self.now(), self.now())
        return entry

    def text(self, path: str) -> str:
        """A file's content as text (test helper)."""
        return self.entries[clean(path)].content.decode("utf-8")

    def move(self, source: str, target: str) -> None:
        for key in self.subtree(source):
            self.entries[target + key[len(source):]] = self.entries.pop(key)
        self.touch(posixpath.dirname(source))
        self.touch(posixpath.dirname(target))

    def touch(self, path: str) -> None:
        entry = self.entries.get(path)
        if entry is not None:
            entry.modified = self.now()

    def free_name(self, folder: str, name: str) -> str:
        """``name`` in ``folder``, or ``name (1)``, ``name (2)``... when taken (the extension kept)."""
        stem, extension = posixpath.splitext(name)
        candidate, number = name, 0
        while posixpath.join(folder, candidate) in self.entries:
            number += 1
            candidate = "%s (%d)%s" % (stem, number, extension)
        return posixpath.join(folder, candidate)


def files_of(process, state) -> ProcessFiles:
    """The folder of ``process`` (made empty on first use, e.g. the ADS's)."""
    if process.files is None:
        process.files = ProcessFiles(state.now)
    return process.files


def seed_instance_files(instance, state) -> None:
    """What a new instance's folder holds in the simulator: a Minecraft instance gets ``server.properties``
    and ``eula.txt`` (a sample, not AMP's exact first files); other modules start empty."""
    files = files_of(instance, state)
    if instance.kind == "Minecraft":
        files.put("server.properties", "#Minecraft server properties\nmotd=A Minecraft Server\nserver-port=25565\n"
                                       "max-players=20\n")
        files.put("eula.txt", "eula=true\n")


# ---------------------------------------------------------------------------------------------- helpers

def _path(ctx, name, action=True) -> str:
    try:
        return clean(ctx.get(name))
    except OutsideRoot:
        text = "The path %s is outside of this instance's directory." % ctx.get(name)
        if action:
            raise ActionFailed(text) from None
        raise AmpError("Invalid path", text) from None


def _decode(data) -> bytes:
    try:
        return base64.b64decode(str(data), validate=True)
    except (binascii.Error, ValueError):
        raise ActionFailed("The data is not valid base64.") from None


def _editable(entry: FileEntry) -> bool:
    sample = entry.content[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def directory_listing(sim, name: str, entry: FileEntry) -> dict:
    """TypeSpec ``DirectoryListing`` (its fields in TypeSpec's order)."""
    return {
        "Created": sim.timestamp(entry.created),
        "Filename": name,
        "IsArchive": (not entry.directory) and name.lower().endswith(ARCHIVE_EXTENSIONS),
        "IsDirectory": entry.directory,
        "IsDownloadable": not entry.directory,
        "IsEditable": (not entry.directory) and _editable(entry),
        "IsExcludedFromBackups": False,
        "IsVirtualDirectory": False,
        "Modified": sim.timestamp(entry.modified),
        "SizeBytes": 0 if entry.directory else len(entry.content),
    }


def _require(ctx, leaf) -> None:
    node = NODE + leaf
    if ctx.user is None or not ctx.state.has_permission(ctx.user, ctx.process, node):
        raise unauthorized("missing permission %s" % node)


# ---------------------------------------------------------------------------------------------- reading

@api("FileManagerPlugin", "GetDirectoryListing", permission=NODE + "BrowseFiles")
def get_directory_listing(ctx):
    """Folders first, then files, each by name ignoring case. A missing folder, a file or a path outside
    the folder: an empty list (a List<DirectoryListing> method has no failure form)."""
    try:
        path = clean(ctx.get("Dir"))
    except OutsideRoot:
        return []
    files = files_of(ctx.process, ctx.state)
    entry = files.get(path)
    if entry is None or not entry.directory:
        return []

    def order(child):
        name = posixpath.basename(child)
        return (not files.entries[child].directory, name.lower(), name)
    return [directory_listing(ctx.sim, posixpath.basename(c), files.entries[c])
            for c in sorted(files.children(path), key=order)]


@api("FileManagerPlugin", "ReadFileChunk", permission=NODE + "DownloadFiles")
def read_file_chunk(ctx):
    """ActionResult<String>: ``Result`` is the base64 of up to ``ChunkSize`` bytes from ``Offset``
    (``DEFAULT_CHUNK_SIZE`` when left out); at or past the end, ``""``."""
    path = _path(ctx, "Filename")
    entry = files_of(ctx.process, ctx.state).get(path)
    if entry is None or entry.directory:
        raise ActionFailed("The file %s does not exist." % ctx.get("Filename"))
    offset, size = ctx.get("Offset"), ctx.get("ChunkSize")
    size = DEFAULT_CHUNK_SIZE if size is None else size
    if offset < 0 or size < 0:
        raise ActionFailed("Offset and ChunkSize must not be negative.")
    chunk = entry.content[offset:offset + size]
    return action_result(base64.b64encode(chunk).decode("ascii"), with_result=True)


@api("FileManagerPlugin", "GetFileChunk", permission=NODE + "DownloadFiles")
def get_file_chunk(ctx):
    """TypeSpec ``FileChunkData``: ``Base64Data`` of up to ``Length`` bytes from ``Position``, ``BytesLength``
    how many bytes that is."""
    path = _path(ctx, "Filename", action=False)
    entry = files_of(ctx.process, ctx.state).get(path)
    if entry is None or entry.directory:
        raise AmpError("File not found", "The file %s does not exist." % ctx.get("Filename"))
    position, length = ctx.get("Position"), ctx.get("Length")
    if position < 0 or length < 0:
        raise AmpError("Invalid range", "Position and Length must not be negative.")
    chunk = entry.content[position:position + length]
    return {"Base64Data": base64.b64encode(chunk).decode("ascii"), "BytesLength": len(chunk)}


@api("FileManagerPlugin", "CalculateFileMD5Sum", permission=NODE + "DownloadFiles")
def calculate_file_md5_sum(ctx):
    """ActionResult<String>: the MD5 of the file as lower-case hex (the simulator's form)."""
    path = _path(ctx, "FilePath")
    entry = files_of(ctx.process, ctx.state).get(path)
    if entry is None or entry.directory:
        raise ActionFailed("The file %s does not exist." % ctx.get("FilePath"))
    return action_result(hashlib.md5(entry.content).hexdigest(), with_result=True)  # nosec: a checksum


# ---------------------------------------------------------------------------------------------- writing

def _check_config_file(ctx, path) -> None:
    if path.lower().endswith(AMP_CONFIG_EXTENSIONS):
        _require(ctx, "ModifyAMPConfigFiles")


@api("FileManagerPlugin", "WriteFileChunk", permission=NODE + "UploadFiles")
def write_file_chunk(ctx):
    """An upload in chunks: ``Data`` (base64) written at ``Offset``. ``Offset`` 0 starts the file afresh
    (created, or emptied); a later chunk must start within the bytes written so far; ``FinalChunk`` ends the
    upload and cuts the file after this chunk. The folder must exist (as for CreateDirectory)."""
    path = _path(ctx, "Filename")
    _check_config_file(ctx, path)
    files = files_of(ctx.process, ctx.state)
    data = _decode(ctx.get("Data"))
    offset = ctx.get("Offset")
    if path == "" or not files.parent_is_folder(path):
        raise ActionFailed("The directory for %s does not exist." % ctx.get("Filename"))
    entry = files.get(path)
    if entry is not None and entry.directory:
        raise ActionFailed("%s is a directory." % ctx.get("Filename"))
    if offset < 0 or (offset > 0 and (entry is None or offset > len(entry.content))):
        raise ActionFailed("Offset %d is past the end of %s." % (offset, ctx.get("Filename")))
    now = ctx.state.now()
    if entry is None:
        entry = files.entries[path] = FileEntry(False, b"", now, now)
        files.touch(posixpath.dirname(path))
    content = b"" if offset == 0 else entry.content
    content = content[:offset] + data + content[offset + len(data):]
    if ctx.get("FinalChunk"):
        content = content[:offset + len(data)]
    entry.content = content
    entry.modified = now
    return action_result()


@api("FileManagerPlugin", "AppendFileChunk", permission=NODE + "UploadFiles")
def append_file_chunk(ctx):
    """Void: ``Data`` (base64) added at the end of the file (made when missing); ``Delete`` true empties the
    file first (the wrapper calls the flag "UNK": the simulator's reading)."""
    path = _path(ctx, "Filename", action=False)
    _check_config_file(ctx, path)
    files = files_of(ctx.process, ctx.state)
    try:
        data = _decode(ctx.get("Data"))
    except ActionFailed as failed:
        raise AmpError("Invalid data", failed.reason) from None
    if path == "" or not files.parent_is_folder(path):
        raise AmpError("Directory not found", "The directory for %s does not exist." % ctx.get("Filename"))
    entry = files.get(path)
    if entry is not None and entry.directory:
        raise AmpError("Is a directory", "%s is a directory." % ctx.get("Filename"))
    now = ctx.state.now()
    if entry is None:
        entry = files.entries[path] = FileEntry(False, b"", now, now)
    entry.content = (b"" if ctx.get("Delete") else entry.content) + data
    entry.modified = now
    return VOID


@api("FileManagerPlugin", "ReleaseFileUploadLock", permission=NODE + "UploadFiles")
def release_file_upload_lock(ctx):
    """Nothing is locked in the simulator: an unfinished upload leaves the file as written so far."""
    _path(ctx, "Filename")
    return action_result()


@api("FileManagerPlugin", "CreateDirectory", permission=NODE + "CreateDirectory")
def create_directory(ctx):
    """APISpec: "Creates a new directory. The parent directory must already exist." A taken name fails."""
    path = _path(ctx, "NewPath")
    files = files_of(ctx.process, ctx.state)
    if path == "" or path in files.entries:
        raise ActionFailed("%s already exists." % ctx.get("NewPath"))
    if not files.parent_is_folder(path):
        raise ActionFailed("The parent directory of %s does not exist." % ctx.get("NewPath"))
    now = ctx.state.now()
    files.entries[path] = FileEntry(True, created=now, modified=now)
    files.touch(posixpath.dirname(path))
    return action_result()


def _new_name(ctx, name_param) -> str:
    name = str(ctx.get(name_param) or "")
    if name in ("", ".", "..") or "/" in name or "\\" in name:
        raise ActionFailed("%s is not a valid name (a name, not a path)." % name)
    return name


@api("FileManagerPlugin", "RenameFile", permission=NODE + "RenameFiles")
def rename_file(ctx):
    """``NewFilename`` is a name in the same folder (the wrapper: "no path needed"). Changing the extension
    also needs ChangeFileExtension."""
    path = _path(ctx, "Filename")
    name = _new_name(ctx, "NewFilename")
    files = files_of(ctx.process, ctx.state)
    entry = files.get(path)
    if entry is None or entry.directory:
        raise ActionFailed("The file %s does not exist." % ctx.get("Filename"))
    if posixpath.splitext(path)[1].lower() != posixpath.splitext(name)[1].lower():
        _require(ctx, "ChangeFileExtension")
    target = posixpath.join(posixpath.dirname(path), name)
    if target == path:
        return action_result()
    if target in files.entries:
        raise ActionFailed("%s already exists." % name)
    files.move(path, target)
    return action_result()


@api("FileManagerPlugin", "RenameDirectory", permission=NODE + "RenameDirectories")
def rename_directory(ctx):
    """``oldDirectory`` (lower-case o in APISpec) is the full path, ``NewDirectoryName`` the new last part."""
    path = _path(ctx, "oldDirectory")
    name = _new_name(ctx, "NewDirectoryName")
    files = files_of(ctx.process, ctx.state)
    entry = files.get(path)
    if path == "" or entry is None or not entry.directory:
        raise ActionFailed("The directory %s does not exist." % ctx.get("oldDirectory"))
    target = posixpath.join(posixpath.dirname(path), name)
    if target == path:
        return action_result()
    if target in files.entries:
        raise ActionFailed("%s already exists." % name)
    files.move(path, target)
    return action_result()


def _trash(ctx, param, directory) -> dict:
    path = _path(ctx, param)
    files = files_of(ctx.process, ctx.state)
    entry = files.get(path)
    kind = "directory" if directory else "file"
    if path == "" or entry is None or entry.directory != directory:
        raise ActionFailed("The %s %s does not exist." % (kind, ctx.get(param)))
    if path == TRASH or path.startswith(TRASH + "/"):
        raise ActionFailed("%s is already in the trash." % ctx.get(param))
    if TRASH not in files.entries:
        now = ctx.state.now()
        files.entries[TRASH] = FileEntry(True, created=now, modified=now)
    files.move(path, files.free_name(TRASH, posixpath.basename(path)))
    return action_result()


@api("FileManagerPlugin", "TrashFile", permission=NODE + "TrashFiles")
def trash_file(ctx):
    """Moves the file into ``Trashed Files`` (a taken name gets `` (1)``, `` (2)``...)."""
    return _trash(ctx, "Filename", directory=False)


@api("FileManagerPlugin", "TrashDirectory", permission=NODE + "TrashDirectories")
def trash_directory(ctx):
    return _trash(ctx, "DirectoryName", directory=True)


@api("FileManagerPlugin", "EmptyTrash", permission=NODE + "EmptyTrash")
def empty_trash(ctx):
    """``TrashDirectoryName`` must name the trash folder (``Trashed Files``, case-sensitive); its contents go."""
    path = _path(ctx, "TrashDirectoryName")
    if path != TRASH:
        raise ActionFailed("%s is not a trash directory." % ctx.get("TrashDirectoryName"))
    files = files_of(ctx.process, ctx.state)
    for key in [k for k in files.subtree(TRASH) if k != TRASH]:
        del files.entries[key]
    files.touch(TRASH)
    return action_result()


__all__ = ["ProcessFiles", "FileEntry", "files_of", "seed_instance_files", "clean", "directory_listing", "TRASH",
           "DEFAULT_CHUNK_SIZE"]
