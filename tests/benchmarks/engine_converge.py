# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""apply's engine called directly, without Ansible: one document, one panel, in a process of its own.

    GAMEOPS_PANEL_TYPE=... GAMEOPS_PANEL_URL=... (the credentials) python engine_converge.py document.json

What ``gameops.panels.apply`` does in its module process, minus AnsibleModule: the document checked, the
engine run through the panel's driver, the result built. Prints the summary and the requests sent. For
bench_cost.py, which compares its CPU with apply's.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "build" / "collections")]

# pylint: disable=wrong-import-position
from ansible_collections.gameops.panels.plugins.module_utils import document as doc  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.document_sync import DocumentRun  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.driver import Context  # noqa: E402
from ansible_collections.gameops.panels.plugins.module_utils.panels import get_driver  # noqa: E402

#: the connection options as apply gets them (the GAMEOPS_* variables, the same defaults)
CONNECTION = {"panel_type": "pterodactyl", "panel_url": None, "api_key": None, "client_api_key": None,
              "panel_username": None, "panel_password": None, "panel_totp_secret": None, "api_token": None,
              "validate_certs": True, "ca_path": None, "timeout": 30, "max_requests_per_minute": None,
              "max_retry_wait": 60}
SECRETS = ("api_key", "client_api_key", "panel_password", "panel_totp_secret", "api_token")


def connection():
    params = dict(CONNECTION)
    for name, default in CONNECTION.items():
        value = os.environ.get("GAMEOPS_%s" % name.upper())
        if value is not None:
            params[name] = type(default)(value) if isinstance(default, int) and not isinstance(default, bool) else value
    return params


def main(path):
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    params = connection()
    validator = doc.Validator()
    document = validator.document(raw)
    ctx = Context(get_driver(params["panel_type"]), params,
                  secrets=[params[name] for name in SECRETS if params.get(name)] + list(validator.secrets))
    run = DocumentRun(ctx, document, params)
    run.check()
    result = run.run()
    print(json.dumps({"summary": result["summary"], "api_requests": ctx.request_counts}))


if __name__ == "__main__":
    main(sys.argv[1])
