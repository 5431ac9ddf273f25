#!/usr/bin/env python
"""Talk to a running panel simulator's control endpoints (stdlib only).

    simctl.py clear URL    POST URL/__sim/clear-log
    simctl.py writes URL   GET URL/__sim/requests, print the number of write
                           requests and list them (on stderr)

A write is what the simulator says it is: an AMP call is a POST whether it
reads or writes, so its log marks each entry ("write"); elsewhere it is a
POST/PUT/PATCH/DELETE, except a Crafty login (it opens a session and changes
nothing a module manages).
"""

import json
import sys
import urllib.request

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: (method, path) of requests that are no writes although their method is
NOT_WRITES = {("POST", "/api/v2/auth/login")}


def _call(url, method="GET"):
    data = b"" if method == "POST" else None
    req = urllib.request.Request(url, data=data, method=method)
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read()
    return json.loads(body) if body.strip() else None


def _entries(payload):
    if isinstance(payload, dict):
        for key in ("requests", "log", "entries", "items", "data"):
            if isinstance(payload.get(key), list):
                return payload[key]
        return []
    return payload if isinstance(payload, list) else []


def _method(entry):
    if isinstance(entry, dict):
        return str(entry.get("method", "")).upper()
    if isinstance(entry, (list, tuple)) and entry:
        return str(entry[0]).upper()
    if isinstance(entry, str):
        return entry.split(" ", 1)[0].upper()
    return ""


def _is_write(entry):
    if isinstance(entry, dict) and isinstance(entry.get("write"), bool):
        return entry["write"]
    if isinstance(entry, dict) and (_method(entry), entry.get("path")) in NOT_WRITES:
        return False
    return _method(entry) in WRITE_METHODS


def _describe(entry):
    if isinstance(entry, dict) and entry.get("module"):  # AMP: the API call names what it does
        return "%s/%s%s" % (entry["module"], entry.get("api_method"),
                            " on %s" % entry["instance_name"] if entry.get("instance_name") else "")
    if isinstance(entry, dict):
        return "%s %s" % (entry.get("method", "?"), entry.get("path") or entry.get("url") or "")
    return str(entry)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("clear", "writes"):
        sys.stderr.write(__doc__)
        return 2
    base = argv[2].rstrip("/")
    if argv[1] == "clear":
        _call(base + "/__sim/clear-log", method="POST")
        return 0
    payload = _call(base + "/__sim/requests")
    if isinstance(payload, dict) and isinstance(payload.get("writes"), int):
        print(payload["writes"])
        return 0
    writes = [e for e in _entries(payload) if _is_write(e)]
    print(len(writes))
    for entry in writes:
        sys.stderr.write("    write: %s\n" % _describe(entry))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
