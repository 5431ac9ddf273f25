# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values Pterodactyl would refuse, refused here first (before any request, in check mode too).

The rules are the panel's own validation rules (reference API.md 7.1, 7.4,
8.7, 8.9), so a plan never promises a write the panel will reject, and the
message names the option instead of the panel's field.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.values import TEXT_COLUMN_BYTES, email, number, text

USERNAME = re.compile(r"^[a-z0-9][\w.-]+[a-z0-9]$")
LANGUAGE = re.compile(r"^[a-z]{2,3}([_-][A-Za-z]{2,4})?$")
DOCKER_IMAGE = re.compile(r"^~?[\w./\-:@ ]*$")
THREADS = re.compile(r"^[0-9-,]+$")
PORT_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")
# smallest allowed value of each limit (swap -1 = unlimited)
LIMIT_MINIMUM = {"memory": 0, "swap": -1, "disk": 0, "cpu": 0}


def user(params):
    """The user module's options."""
    username = params.get("username")
    if username is not None:
        text("username", username)
        if not USERNAME.match(username.lower()):
            raise ReconcileError("must be at least 3 characters of letters, digits, '_', '-' and '.', starting and "
                                 "ending with a letter or digit, got %r" % username, option="username")
    email("email", params.get("email"))
    for option in ("first_name", "last_name", "external_id"):
        text(option, params.get(option))
    language = params.get("language")
    if language is not None and not LANGUAGE.match(language):
        raise ReconcileError("must be a language code such as 'en' (Pterodactyl ships only 'en'; others must be "
                             "installed on the panel), got %r" % language, option="language")


def server(params):
    """The server module's options (state=present)."""
    text("name", params.get("name"))
    text("external_id", params.get("external_id"))
    image = params.get("docker_image")
    text("docker_image", image)
    if image is not None and not DOCKER_IMAGE.match(image):
        raise ReconcileError("is not a docker image reference, got %r" % image, option="docker_image")
    # description, startup and the variables' values are TEXT columns (65,535 bytes); the panel's rules set no
    # maximum of their own, so MySQL refuses a longer value, or (without strict mode) cuts it
    if params.get("description"):
        text("description", params["description"], maximum=TEXT_COLUMN_BYTES, max_bytes=TEXT_COLUMN_BYTES)
    text("startup", params.get("startup"), maximum=TEXT_COLUMN_BYTES, max_bytes=TEXT_COLUMN_BYTES)
    limits = params.get("limits") or {}
    for field, minimum in LIMIT_MINIMUM.items():
        number("limits.%s" % field, limits.get(field), minimum)
    number("limits.io", limits.get("io"), 10, 1000)
    threads = limits.get("threads")
    if threads is not None and not THREADS.match(threads):
        raise ReconcileError("must list CPU threads such as '0-1,3', got %r" % threads, option="limits.threads")
    for field, value in (params.get("feature_limits") or {}).items():
        number("feature_limits.%s" % field, value)
    for name, value in sorted((params.get("environment") or {}).items()):
        if isinstance(value, (dict, list, tuple)):
            raise ReconcileError("must be a string, number or boolean, got a %s" % type(value).__name__,
                                 option="environment.%s" % name)
        if value not in (None, ""):
            text("environment.%s" % name, str(value), maximum=TEXT_COLUMN_BYTES, max_bytes=TEXT_COLUMN_BYTES)
    for port_range in (params.get("deployment") or {}).get("port_range") or []:
        _port_range(port_range)
    allocation = params.get("allocation") or {}
    for entry in [allocation] + list(allocation.get("additional") or []):
        number("allocation.port", entry.get("port"), 1, 65535)


def _port_range(value):
    match = PORT_RANGE.match(str(value).strip())
    low, high = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
    if not match or not 1 <= low <= high <= 65535:
        raise ReconcileError("each entry must be a port or a range such as '25565-25600', got %r" % value,
                             option="deployment.port_range")
    if high - low >= 1000:
        raise ReconcileError("a range may span at most 1000 ports, got %r" % value, option="deployment.port_range")


def subuser(params):
    email("email", params.get("email"))
    for key in params.get("permissions") or []:
        if not str(key).strip():
            raise ReconcileError("must not contain an empty key", option="permissions")


def location(params):
    """The location module's options: the panel's rules (short 1-60 characters, long 1-191)."""
    text("short", params.get("short"), required=True, maximum=60)
    text("long", params.get("long"))


NODE_NAME = re.compile(r"^[\w .-]{1,100}$")
DAEMON_BASE = re.compile(r"^/[\w.\-/]+$")
#: ports the panel assigns: above 1024, at most 65535 (AssignmentService)
PORT_FLOOR, PORT_CEIL = 1024, 65535


def node(params):
    """The node module's options: the panel's node rules and AssignmentService's port rules."""
    name = params.get("name")
    text("name", name, required=True, maximum=100)
    if not NODE_NAME.match(name):
        raise ReconcileError("may hold only letters, digits, spaces, '_', '-' and '.', got %r" % name, option="name")
    text("location", params.get("location"), maximum=60)
    text("fqdn", params.get("fqdn"))
    for option in ("memory", "disk"):
        number(option, params.get(option), 1)
    for option in ("memory_overallocate", "disk_overallocate"):
        number(option, params.get(option), -1)
    for option in ("daemon_listen", "daemon_sftp"):
        number(option, params.get(option), 1, 65535)
    number("upload_size", params.get("upload_size"), 1, 1024)
    base = params.get("daemon_base")
    if base is not None and not DAEMON_BASE.match(base):
        raise ReconcileError("must be an absolute path such as /var/lib/pterodactyl/volumes, got %r" % base,
                             option="daemon_base")
    for index, entry in enumerate(params.get("allocations") or []):
        allocation_ports(entry, "allocations[%d]" % index)


def allocation_ports(entry, where):
    """``{ip, ports}`` -> (ip, sorted set of ports); the panel's rules, naming ``where``."""
    ip = str(entry.get("ip") or "").strip()
    try:
        network = ipaddress.ip_network(ip, strict=False)
    except ValueError:
        raise ReconcileError("must be an IP address or a CIDR block (/25 to /32), got %r" % ip,
                             option="%s.ip" % where) from None
    if "/" in ip and not 25 <= network.prefixlen <= 32:
        raise ReconcileError("a CIDR block must be /25 to /32, got %r" % ip, option="%s.ip" % where)
    ports = set()
    if not entry.get("ports"):
        raise ReconcileError("must list at least one port or range", option="%s.ports" % where)
    for value in entry["ports"]:
        match = PORT_RANGE.match(str(value).strip()) if not isinstance(value, bool) else None
        low, high = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
        if not match or not PORT_FLOOR < low <= high <= PORT_CEIL:
            raise ReconcileError("each entry must be a port or a range such as '25565-25575' between %d and %d, got %r"
                                 % (PORT_FLOOR + 1, PORT_CEIL, value), option="%s.ports" % where)
        if high - low >= 1000:
            raise ReconcileError("a range may span at most 1000 ports, got %r" % value, option="%s.ports" % where)
        ports.update(range(low, high + 1))
    return ip, ports


#: the panel's rules for a database name (3 to 48 characters of letters, digits, dashes and underscores) and remote
DATABASE_NAME = re.compile(r"^[A-Za-z0-9_-]{3,48}$")
DATABASE_REMOTE = re.compile(r"^[\w\-/.%:]+$")


def database(params):
    """The database module's options: the panel's rules (name alpha_dash 3-48, remote ``^[\\w\\-\\/.%:]+$``)."""
    name = params.get("name")
    if name is not None and not DATABASE_NAME.match(str(name)):
        raise ReconcileError("must be 3 to 48 letters, digits, dashes or underscores (got %r)" % name, option="name")
    remote = params.get("remote")
    if remote is not None and not DATABASE_REMOTE.match(str(remote)):
        raise ReconcileError("must be a host, an address or a pattern of letters, digits and - / . %% : (got %r)"
                             % remote, option="remote")
