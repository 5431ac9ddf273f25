# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client API files (reference section 8.6): the panel's form requests and controller in front of a
simulated Wings (``wings_files``). Inputs are not trimmed on these routes.

Wings' answers come back the way the panel relays them: a ``DaemonConnectionException`` with Wings'
status, and for a status below 500 the text "An error occurred on the remote host: <Wings' error>.
(request id: <id>)". ``sim.wings_offline`` makes every call that reaches Wings a 504.
"""
from __future__ import annotations

import posixpath
import time
import urllib.parse
import uuid

from . import node_jwt
from .client_activity import log_activity
from .client_api import require
from .framework import PanelError, Response, display_error, empty_response, json_response, server_error, validate
from .helpers import wings_unreachable
from .rules import php_str
from .transformers import TRANSFORMERS
from .wings_files import ServerFiles, WingsError, go_join, stat

#: ``pterodactyl.files.max_edit_size``: the editor does not open larger files.
MAX_EDIT_SIZE = 4 * 1024 * 1024
MSG_TOO_LARGE = "The file you are attempting to open is too large to view in the file editor."
#: ``throttle:10,5`` on the pull route: 10 requests per 5 minutes per user.
PULL_LIMIT, PULL_WINDOW = 10, 300


def files_of(state, server, legacy_errors: bool = False) -> ServerFiles:
    """The simulated Wings filesystem of ``server`` (created empty on first use; the disk limit in MB;
    ``legacy_errors``: answer as Wings 1.11.8 and earlier, see ``ServerFiles``)."""
    files = state.files.get(server["id"])
    if files is None:
        files = state.files[server["id"]] = ServerFiles()
    files.disk_limit = int(server.get("disk") or 0) * 1024 * 1024
    files.legacy_errors = bool(legacy_errors)
    return files


def daemon_error(error: WingsError) -> PanelError:
    """``DaemonConnectionException`` for a Wings answer (its status; 2xx/3xx would become 502)."""
    request_id = str(uuid.uuid4())
    status = error.status if error.status >= 400 else 502
    generic = ("There was an error while communicating with the machine running this server. This error has "
               "been logged, please try again. (code: %d) (request_id: %s)" % (error.status, request_id))
    if status < 500:  # Wings' own text when its answer has one
        detail = "An error occurred on the remote host: %s. (request id: %s)" % (error.message or generic, request_id)
    else:
        detail = generic
    return PanelError(status, "DaemonConnectionException", detail, kind="back")


def _wings(ctx, operation, *args):
    if ctx.sim.wings_offline:
        raise wings_unreachable()
    try:
        return operation(*args)
    except WingsError as error:
        raise daemon_error(error)


def _files(ctx) -> ServerFiles:
    return files_of(ctx.state, ctx.bound["server"], ctx.sim.wings_legacy_errors)


def _query(ctx, name):
    """``$request->get(name)``: the query string, then the body."""
    value = ctx.request.query().get(name)
    return ctx.input().get(name) if value is None else value


def files_list(ctx):
    validate(ctx.input(), [("directory", "sometimes|nullable|string")])
    directory = _query(ctx, "directory") or "/"
    stats = _wings(ctx, _files(ctx).list_directory, php_str(directory))
    return ctx.collection("file_object", stats)


def files_contents(ctx):
    validate(ctx.input(), [("file", "required|string")])
    file = php_str(_query(ctx, "file"))
    content, _mime = _wings(ctx, _files(ctx).read, file)
    if len(content) > MAX_EDIT_SIZE:
        raise display_error(MSG_TOO_LARGE, "FileSizeTooLargeException")
    log_activity(ctx, "server:file.read", {"file": file})
    response = Response(200, content, "text/plain; charset=UTF-8")
    return response


def _signed_url(ctx, path, claims):
    server = ctx.bound["server"]
    node = ctx.state.nodes[server["node_id"]]
    claims = dict(claims, server_uuid=server["uuid"])
    token = node_jwt.sign(ctx, node, server, claims, 15 * 60)
    url = "%s/%s?token=%s" % (node_jwt.connection_address(node), path, token)
    return json_response(200, {"object": "signed_url", "attributes": {"url": url}})


def files_download(ctx):
    """A Wings URL signed for 15 minutes; the panel does not ask Wings whether the file exists."""
    validate(ctx.input(), [("file", "required|string")])
    file = php_str(_query(ctx, "file"))
    answer = _signed_url(ctx, "download/file", {"file_path": urllib.parse.unquote(file)})
    log_activity(ctx, "server:file.download", {"file": file})
    return answer


def files_upload(ctx):
    return _signed_url(ctx, "upload/file", {})


def files_write(ctx):
    """``POST /files/write?file=...``: the raw request body is the new content."""
    validate(ctx.input(), [("file", "required|string")])
    file = php_str(_query(ctx, "file"))
    _wings(ctx, _files(ctx).write, "/" + file.lstrip("/"), ctx.request.body)
    log_activity(ctx, "server:file.write", {"file": file})
    return empty_response(204)


def files_create_folder(ctx):
    """``POST /files/create-folder`` ``{root, name}``: Wings makes ``root`` + ``name`` and every missing
    folder above it. ``root`` defaults to ``/`` only when it is absent: a null ``root`` (``""`` becomes
    null) reaches ``DaemonFileRepository::createDirectory(string $name, string $path)`` as null, a PHP
    TypeError (500)."""
    data = ctx.input()
    validate(data, [("root", "sometimes|nullable|string"), ("name", "required|string")])
    if "root" in data and data["root"] is None:
        raise server_error("TypeError")
    _wings(ctx, _files(ctx).create_directory, php_str(data["name"]), php_str(data.get("root", "/")))
    log_activity(ctx, "server:file.create-directory", {"name": data["name"], "directory": data.get("root")})
    return empty_response(204)


def files_rename(ctx):
    data = ctx.input()
    validate(data, [("root", "required|nullable|string"), ("files", "required|array"), ("files.*", "array"),
                    ("files.*.to", "required|string"), ("files.*.from", "required|string")])
    _wings(ctx, _files(ctx).rename, data["root"], _as_list(data["files"]))
    log_activity(ctx, "server:file.rename", {"directory": data["root"], "files": data["files"]})
    return empty_response(204)


def files_copy(ctx):
    data = ctx.input()
    validate(data, [("location", "required|string")])
    _wings(ctx, _files(ctx).copy, data["location"])
    log_activity(ctx, "server:file.copy", {"file": data["location"]})
    return empty_response(204)


def files_compress(ctx):
    data = ctx.input()
    validate(data, [("root", "sometimes|nullable|string"), ("files", "required|array"), ("files.*", "string")])
    archive = _wings(ctx, _files(ctx).compress, data.get("root"), _as_list(data["files"]))
    log_activity(ctx, "server:file.compress", {"directory": data.get("root"), "files": data["files"]})
    return ctx.item("file_object", archive)


def files_decompress(ctx):
    data = ctx.input()
    validate(data, [("root", "sometimes|nullable|string"), ("file", "required|string")])
    _wings(ctx, _files(ctx).decompress, data.get("root"), data["file"])
    log_activity(ctx, "server:file.decompress", {"directory": data.get("root"), "files": data["file"]})
    return empty_response(204)


def files_delete(ctx):
    data = ctx.input()
    validate(data, [("root", "required|nullable|string"), ("files", "required|array"), ("files.*", "string")])
    _wings(ctx, _files(ctx).delete, data["root"], _as_list(data["files"]))
    log_activity(ctx, "server:file.delete", {"directory": data["root"], "files": data["files"]})
    return empty_response(204)


def files_chmod(ctx):
    """``POST /files/chmod``: ``mode`` must be numeric for the panel; Wings reads it as an octal string
    (a JSON number fails Wings' binding: 400 with no error text). Not logged as activity."""
    data = ctx.input()
    validate(data, [("root", "required|nullable|string"), ("files", "required|array"),
                    ("files.*.file", "required|string"), ("files.*.mode", "required|numeric")])
    items = _as_list(data["files"])
    if ctx.sim.wings_offline:
        raise wings_unreachable()
    if any(not isinstance(item.get("mode"), str) for item in items if isinstance(item, dict)):
        raise daemon_error(WingsError(400, ""))  # gin's JSON binding: 400 and no "error" text
    _wings(ctx, _files(ctx).chmod, data["root"], items)
    return empty_response(204)


def files_pull(ctx):
    """``POST /files/pull``: Wings downloads ``url`` into ``directory``. The simulator never leaves the
    machine: it "downloads" only what ``sim.remote_files`` (url -> bytes) holds. In the background (the
    default) an unknown URL fails quietly, as a failed background download does; in the foreground it
    is Wings' error (500)."""
    _throttle_pull(ctx)  # the route's throttle runs before the form request's authorize() and rules
    require(ctx, "file.create")
    data = ctx.input()
    validate(data, [("url", "required|string|url"), ("directory", "nullable|string"), ("filename", "nullable|string"),
                    ("use_header", "boolean"), ("foreground", "boolean")])
    files = _files(ctx)
    content = ctx.sim.remote_files.get(data["url"])

    def pull():
        if content is None:
            if data.get("foreground") in (True, 1, "1", "true"):
                raise WingsError(500, "downloader: got bad response status from endpoint")
            return
        name = data.get("filename") or posixpath.basename(urllib.parse.urlsplit(data["url"]).path) or "download"
        files.write(go_join("/", data.get("directory"), name), content)
    _wings(ctx, pull)
    log_activity(ctx, "server:file.pull", {"directory": data.get("directory"), "url": data["url"]})
    return empty_response(204)


def _throttle_pull(ctx):
    now = time.time()
    key = "pull:%s" % ctx.user["uuid"]
    started, count = ctx.sim.route_buckets.get(key, (now, 0))
    if now >= started + PULL_WINDOW:
        started, count = now, 0
    if count >= PULL_LIMIT:
        retry = max(int(started + PULL_WINDOW - now), 0)
        raise PanelError(429, "ThrottleRequestsException", "Too Many Attempts.", headers=[
            ("X-RateLimit-Limit", str(PULL_LIMIT)), ("X-RateLimit-Remaining", "0"), ("Retry-After", str(retry)),
            ("X-RateLimit-Reset", str(int(started + PULL_WINDOW)))])
    ctx.sim.route_buckets[key] = (started, count + 1)


def _as_list(value):
    return list(value.values()) if isinstance(value, dict) else list(value)


def _file_object(ser, item):
    """``FileObjectTransformer`` over Wings' stat."""
    return {
        "name": item.get("name"), "mode": item.get("mode"), "mode_bits": item.get("mode_bits"), "size": item.get("size"),
        "is_file": item.get("file", True), "is_symlink": item.get("symlink", False),
        "mimetype": item.get("mime", "application/octet-stream"),
        "created_at": item["created"].replace("Z", "+00:00"), "modified_at": item["modified"].replace("Z", "+00:00"),
    }


TRANSFORMERS["file_object"] = {"object": "file_object", "attributes": _file_object, "includes": ()}

__all__ = ["files_of", "daemon_error", "stat"]
