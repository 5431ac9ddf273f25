# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``/api/v2/servers/{id}/files`` and ``/files/create`` (4.10+; ``routes/api/servers/server/files.py`` of
4.10.7, held to the real 4.10.7 panel by the conformance recording).

* ``POST /files`` ``{"path"}``: a folder's listing or a file's text (FILES or BACKUP). A path is relative to
  the server's folder (an absolute one is taken as it is). ``modified_epoch`` equal to the path's mtime: 304.
* ``PATCH /files`` ``{"path", "contents"}``: replaces a file's text. Only an existing file: a missing one is a
  ``FileNotFoundError`` (500). Refused with an empty 409 unless ``overwrite`` is true or ``modified_epoch`` is
  not older than the file (without either, always 409).
* ``PUT /files/create`` ``{"parent", "name", "directory"}``: a new empty file or a folder in an existing folder;
  400 FILE EXISTS when the path is taken.
* ``PATCH /files/create`` ``{"path", "new_name"}``: renames within the source's folder (``new_name`` may hold
  ``/``); 400 FILE EXISTS, 500 OSERROR when the source is missing.
* ``DELETE /files`` ``{"file_system_objects": [{"filename"}]}``: files and whole folders; 200 only when the
  last item was deleted, else 500 ``SERVER RUNNING`` with ``"False"``; the server's folder itself: 403.

A path that resolves outside the server's folder is a ``ValueError: Path traversal detected`` (500) on every
one of these routes: ``Helpers.validate_traversal`` raises instead of returning False, and the handlers only
test its result. Schema errors: the read route sends jsonschema's own message, the others Crafty's hint.
"""
from __future__ import annotations

import posixpath

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

from .files import OsError, absolute, can_open, human_size, human_time, inside, mime_type, text_of
from .framework import ApiError, Crash, Response, ok
from .schemas import crafty_message

INDEX_HANDLER = "ApiServersServerFilesIndexHandler"
CREATE_HANDLER = "ApiServersServerFilesCreateHandler"


def _text(fill=True, error="typeString"):
    schema = {"type": "string", "error": error}
    if fill:
        schema["fill"] = True
    return schema


FILES_GET = {"type": "object", "properties": {
    "page": dict(_text(), minLength=1), "path": _text(),
    "modified_epoch": {"type": "number", "error": "typeEpoch", "fill": True}},
    "required": ["path"], "additionalProperties": False, "minProperties": 1}
FILES_PATCH = {"type": "object", "properties": {
    "path": _text(), "contents": _text(),
    "modified_epoch": {"type": "number", "error": "typeEpoch", "fill": True},
    "overwrite": {"type": "boolean", "error": "typeBoolean", "fill": True}},
    "required": ["path", "contents"], "additionalProperties": False, "minProperties": 1}
FILES_CREATE = {"type": "object", "properties": {
    "parent": _text(), "name": _text(), "directory": {"type": "boolean", "error": "typeBool", "fill": True}},
    "additionalProperties": False, "minProperties": 1}
FILES_RENAME = {"type": "object", "properties": {"path": _text(), "new_name": _text()},
                "additionalProperties": False, "minProperties": 1}
FILE_DELETE = {"type": "object", "properties": {"file_system_objects": {"type": "array", "items": {
    "type": "object", "properties": {"filename": _text()}, "required": ["filename"], "additionalProperties": False}}},
    "required": ["file_system_objects"], "additionalProperties": False}

READ_PERMISSIONS = {"can_read": True, "can_write": True, "can_execute": False}
FOLDER_PERMISSIONS = {"can_read": True, "can_write": True, "can_execute": True}


def _prelude(ctx, server_id, or_backup=False):
    """Authenticate; the server in the caller's list; FILES (the read route: or BACKUP) in the caller's mask
    lowered by an API key's; then the JSON body."""
    caller = ctx.caller
    if not caller.can_access(server_id):
        raise ctx.not_authorized()
    permissions = caller.server_permissions(server_id)
    if "FILES" not in permissions and not (or_backup and "BACKUP" in permissions):
        raise ctx.not_authorized()
    data = ctx.body()
    server = ctx.state.find_server(server_id)
    return server, ctx.state.files[server["server_id"]], data


def _validate(schema, data, raw=False):
    error = best_match(Draft7Validator(schema).iter_errors(data))
    if error is not None:
        raise ApiError(400, "INVALID_JSON_SCHEMA", str(error) if raw else crafty_message(error))


def _crash(error: OsError, handler, method) -> Crash:
    return Crash(error.exception, error.message, handler=handler, method=method)


def _traversal(server_path, path, handler, method) -> None:
    if not inside(server_path, path):
        raise Crash("ValueError", "Path traversal detected", handler=handler, method=method)


def _stat(tree, path, handler, method):
    try:
        return tree.stat(path)
    except OsError as error:
        raise _crash(error, handler, method) from None


def _attributes(path, entry) -> dict:
    return {"mime": mime_type(path), "modified": human_time(entry.mtime), "size": human_size(len(entry.content)),
            "modified_epoch": entry.mtime}


def read_files(ctx, server_id):
    server, tree, data = _prelude(ctx, server_id, or_backup=True)
    _validate(FILES_GET, data, raw=True)
    request_path = data["path"]
    server_path = server["path"]
    path = absolute(server_path, request_path)
    _traversal(server_path, path, INDEX_HANDLER, "post")
    entry = _stat(tree, path, INDEX_HANDLER, "post")
    if data.get("modified_epoch", 0.0) == entry.mtime:
        return Response.empty(304)
    if entry.directory:
        key = tree.relative(path)
        listing = {"root_path": {"local_path": request_path, "path": path, "top": path == server_path,
                                 "modified": entry.mtime}}
        children = tree.children(key)
        folders = sorted((c for c in children if tree.entries[c].directory), key=lambda c: posixpath.basename(c).casefold())
        others = sorted((c for c in children if not tree.entries[c].directory),
                        key=lambda c: posixpath.basename(c).casefold())
        for child in folders + others:
            item = tree.entries[child]
            name = posixpath.basename(child)
            if item.directory:
                listing[name] = {"path": child, "dir": True, "excluded": False, "permissions": dict(FOLDER_PERMISSIONS),
                                 "modified": human_time(item.mtime)}
            else:
                listing[name] = {"path": child, "dir": False, "excluded": False, "can_open": can_open(item.content),
                                 "permissions": dict(READ_PERMISSIONS), "mime": mime_type(child),
                                 "modified": human_time(item.mtime), "size": human_size(len(item.content))}
        return ok(listing)
    try:
        content = text_of(entry.content)
    except UnicodeDecodeError as exc:
        raise ApiError(400, "DECODE_ERROR", str(exc)) from None
    return ok({"content": content, "attributes": _attributes(path, entry)})


def save_file(ctx, server_id, _backup_id=None):
    server, tree, data = _prelude(ctx, server_id)
    _validate(FILES_PATCH, data)
    server_path = server["path"]
    path = absolute(server_path, data["path"])
    _traversal(server_path, path, INDEX_HANDLER, "patch")
    entry = _stat(tree, path, INDEX_HANDLER, "patch")
    if entry.mtime > data.get("modified_epoch", 1.5) and not data.get("overwrite"):
        return Response.tornado_empty(409)
    try:
        written = tree.write_text(posixpath.normpath(path), data["contents"])
    except OsError as error:
        raise _crash(error, INDEX_HANDLER, "patch") from None
    return ok({"attributes": _attributes(path, written)})


def delete_files(ctx, server_id, _backup_id=None):
    server, tree, data = _prelude(ctx, server_id)
    _validate(FILE_DELETE, data)
    server_path = server["path"]
    proc = False
    for item in data["file_system_objects"]:
        filename = absolute(server_path, item["filename"])
        _traversal(server_path, filename, INDEX_HANDLER, "delete")
        if filename == server_path:
            raise ApiError(403, "TRAVERSAL DETECTED", "Traversal")
        proc = tree.delete_tree(filename) if tree.is_dir(filename) else tree.delete_file(filename)
    if proc is True:
        return ok(with_data=False)
    raise ApiError(500, "SERVER RUNNING", str(proc))


def create_file(ctx, server_id):
    server, tree, data = _prelude(ctx, server_id)
    _validate(FILES_CREATE, data)
    server_path = server["path"]
    for key in ("parent", "name"):
        if key not in data:
            raise Crash.key_error(key, handler=CREATE_HANDLER, method="put")
    path = posixpath.join(absolute(server_path, data["parent"]), data["name"])
    _traversal(server_path, path, CREATE_HANDLER, "put")
    if tree.relative(posixpath.normpath(path)) in tree.entries:
        raise ApiError(400, "FILE EXISTS", "Item already exists in file tree")
    if "directory" not in data:
        raise Crash.key_error("directory", handler=CREATE_HANDLER, method="put")
    try:
        if data["directory"]:
            tree.mkdir(path)
        else:
            tree.write_text(path, "")
    except OsError as error:
        raise _crash(error, CREATE_HANDLER, "put") from None
    return ok(with_data=False)


def rename_file(ctx, server_id):
    server, tree, data = _prelude(ctx, server_id)
    _validate(FILES_RENAME, data)
    server_path = server["path"]
    if "path" not in data:
        raise Crash.key_error("path", handler=CREATE_HANDLER, method="patch")
    path = absolute(server_path, data["path"])
    if "new_name" not in data:
        raise Crash.key_error("new_name", handler=CREATE_HANDLER, method="patch")
    new_item_path = posixpath.join(posixpath.split(path)[0], data["new_name"])
    _traversal(server_path, path, CREATE_HANDLER, "patch")
    _traversal(server_path, new_item_path, CREATE_HANDLER, "patch")
    if tree.relative(posixpath.normpath(new_item_path)) in tree.entries:
        raise ApiError(400, "FILE EXISTS", {})
    try:
        tree.rename(path, new_item_path)
    except OsError as error:
        # the handler answers, goes on, and fails finishing a second time: the client has the 500
        raise ApiError(500, "OSERROR", error.message) from None
    return ok(with_data=False)


def register(router, profile) -> None:
    if not profile.server_files:
        return
    router.add(r"/api/v2/servers/([a-z0-9-]+)/files/create/?", {"PATCH": rename_file, "PUT": create_file})
    router.add(r"/api/v2/servers/([a-z0-9-]+)/files/?", {"POST": read_files, "PATCH": save_file, "DELETE": delete_files})
