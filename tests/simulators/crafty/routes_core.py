# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Index, JSON-schema discovery, auth routes and the crafty-level routes (API.md sections 2, 13)."""
from __future__ import annotations

import datetime
import hashlib
import json

from .framework import ApiError, ok
from .schemas import JSONSCHEMA_ENDPOINT_NAMES, public
from .state import BIG_BUCKET_NAMES, BIG_BUCKET_URL, LOADER_TYPES, iso_time


def index(ctx):
    return ok({"version": ctx.profile.version_string,
               "message": "Please see the API documentation at %s" % ctx.profile.docs_link})


def jsonschema_list(ctx):
    return ok(list(JSONSCHEMA_ENDPOINT_NAMES))


def jsonschema_one(ctx, name):
    if name not in JSONSCHEMA_ENDPOINT_NAMES:
        raise ApiError(404, "UNKNOWN_JSON_SCHEMA", "%s is not a valid schema" % name
                       if ctx.profile.at_least(4, 1, 0) else None)
    kind = {"task_patch": "task_patch"}.get(name, name)
    schema = ctx.sim.schemas.schema(kind, superuser=True)
    # newer copies keep Crafty's private error/fill hints; 4.0.8 has none
    return ok(schema if ctx.profile.translated_schema_errors else public(schema))


def login(ctx):
    return ctx.sim.auth.login(ctx.request, ctx.sim)


def invalidate_tokens(ctx):
    return ctx.sim.auth.invalidate_tokens(ctx.request, ctx.sim)


def crafty_config_get(ctx):
    """Quirk 19: the GET of the config routes answers the list of roles (copy-paste bug)."""
    ctx.require_superuser()
    if ctx.flag("ids"):
        return ok(list(ctx.state.roles))
    return ok([dict(r) for r in ctx.state.roles.values()])


def crafty_config_patch(ctx):
    ctx.require_superuser()
    data = ctx.body()
    ctx.validate("config_json", data, superuser=True)
    ctx.state.config.update(data)
    return ok(with_data=False)


def jar_cache(ctx):
    """``GET /crafty/JarCache``: the big bucket catalogue, for any logged-in user (a superuser's read would
    refresh it from the internet first; the simulator's never changes)."""
    ctx.authenticate()
    catalogue = {}
    for category, types in ctx.state.big_bucket.items():
        entries = {}
        for jar, versions in types.items():
            listed = {}
            for version in versions or []:
                url = "%s/%s/%s/%s.jar" % (BIG_BUCKET_URL, jar, version, jar)
                entry = {"url": [url], "sha256": hashlib.sha256(url.encode("utf-8")).hexdigest()}
                if jar in LOADER_TYPES:
                    entry["loader_version"] = "0.16.10"
                listed[version] = entry
            entries[jar] = {"versions": listed}
        catalogue[category] = {"enabled": True, "friendly_name": BIG_BUCKET_NAMES.get(category, category),
                               "types": entries}
    return ok(catalogue)


def crafty_check(ctx):
    return ok(with_data=False)


def crafty_stats(ctx):
    """``GET /crafty/stats``: the latest ``host_stats`` row (any authenticated user; made-up but typed values)."""
    ctx.authenticate()
    ctx.state.host_stats_id += 1
    boot = datetime.datetime.now() - datetime.timedelta(days=1)
    return ok({
        "id": ctx.state.host_stats_id, "time": iso_time(), "boot_time": boot.strftime("%m/%d/%Y, %H:%M:%S"),
        "cpu_usage": 3.5, "cpu_cores": 2, "cpu_cur_freq": 2400.0, "cpu_max_freq": 3000.0, "mem_percent": 41.2,
        "mem_usage": "3.2GB", "mem_total": "7.8GB",
        "disk_json": json.dumps([{"device": "/dev/sda1", "mount": "/", "percent_used": 40.0}]),
    })


def register(router, profile) -> None:
    router.add(r"/api/v2/auth/login/?", {"POST": login})
    router.add(r"/api/v2/auth/invalidate_tokens/?", {"POST": invalidate_tokens})
    if profile.crafty_check:
        router.add(r"/api/v2/crafty/check/?", {"GET": crafty_check})
    if profile.crafty_routes:
        router.add(r"/api/v2/crafty/config/?", {"GET": crafty_config_get, "PATCH": crafty_config_patch})
    if profile.crafty_stats:
        router.add(r"/api/v2/crafty/stats/?", {"GET": crafty_stats})
    if profile.create_v44:
        router.add(r"/api/v2/crafty/JarCache(?:/[0-9-]+)?/?", {"GET": jar_cache})


def register_tail(router, profile) -> None:  # pylint: disable=unused-argument
    """Routes that come last in Crafty's table (the catch-all is the dispatcher's fallback)."""
    router.add(r"/api/v2/jsonschema/?", {"GET": jsonschema_list})
    router.add(r"/api/v2/jsonschema/([a-z0-9_]+)/?", {"GET": jsonschema_one})
    router.add(r"/api/v2/?", {"GET": index})
