# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The gameops.panels.totp lookup, checked against an independent RFC 6238 implementation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

from tests.integration.harness import run_playbook

SECRET = "JBSWY3DPEHPK3PXP"


def rfc6238(secret, at, step=30, digits=6):
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(at // step)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def test_totp_code_matches_rfc6238(ptero_sim, tmp_path):
    tasks = """
    - name: code
      ansible.builtin.set_fact:
        code: "{{ lookup('gameops.panels.totp', '%s') }}"
        code8: "{{ lookup('gameops.panels.totp', '%s', digits=8) }}"
    - name: bad secret
      ansible.builtin.set_fact:
        nope: "{{ lookup('gameops.panels.totp', 'not!base32') }}"
      ignore_errors: true
    """ % (SECRET, SECRET)
    before = time.time()
    run = run_playbook(ptero_sim, tmp_path, tasks)
    after = time.time()
    assert run.rc == 0, run
    facts = run.task("code")["ansible_facts"]
    assert facts["code"] in (rfc6238(SECRET, before), rfc6238(SECRET, after))
    assert facts["code8"] in (rfc6238(SECRET, before, digits=8), rfc6238(SECRET, after, digits=8))
    failed = run.task("bad secret")
    assert failed["failed"] and "the secret is not valid base32" in failed["msg"]
    assert "not!base32" not in failed["msg"]
