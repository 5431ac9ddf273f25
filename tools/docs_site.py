#!/usr/bin/env python
"""`make docs-site`: the collection's HTML docs, built by antsibull-docs and Sphinx, failing on any warning.

    docs_site.py [DEST]     build into DEST (default build/docs-site); the site is DEST/build/html

antsibull-docs writes the Sphinx project (sphinx-init) and the RST of every
plugin; Sphinx builds it with -W. The machines that build it have no way to
fetch Ansible's own docs inventory, so the few Ansible labels the pages link
to are written into a local intersphinx inventory pointing at
docs.ansible.com: the links work, and nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/devel/"
# label -> (page, title); add one when a page links to another part of Ansible's docs
ANSIBLE_LABELS = {
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
    "ansible_collections.ansible.builtin.get_url_module": (
        "collections/ansible/builtin/get_url_module.html", "ansible.builtin.get_url module"),
    "ansible_collections.ansible.builtin.constructed_inventory": (
        "collections/ansible/builtin/constructed_inventory.html", "ansible.builtin.constructed inventory"),
}
# ansible-core's own environment variables that plugin options of the collection accept (here: the ones of
# the ansible.builtin.inventory_cache fragment); they are documented on the configuration page
ANSIBLE_ENVVARS = ("ANSIBLE_CACHE_PLUGIN", "ANSIBLE_CACHE_PLUGIN_CONNECTION", "ANSIBLE_CACHE_PLUGIN_PREFIX",
                   "ANSIBLE_CACHE_PLUGIN_TIMEOUT")


def write_inventory(path):
    lines = "".join("%s std:label -1 %s#%s %s\n" % (label, page, label.replace("_", "-").replace(".", "-"), title)
                    for label, (page, title) in sorted(ANSIBLE_LABELS.items()))
    lines += "".join("%s std:envvar -1 reference_appendices/config.html#envvar-%s -\n" % (name, name)
                     for name in ANSIBLE_ENVVARS)
    header = ("# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
              "# The remainder of this file is compressed using zlib.\n")
    Path(path).write_bytes(header.encode() + zlib.compress(lines.encode()))


def main(argv):
    dest = Path(argv[0] if argv else REPO / "build" / "docs-site").resolve()
    if dest.exists():
        shutil.rmtree(str(dest))
    dest.mkdir(parents=True)
    os.chmod(str(dest), 0o700)  # antsibull-docs wants a directory only its owner may write
    subprocess.run(["antsibull-docs", "sphinx-init", "--use-current", "--squash-hierarchy", "--fail-on-error",
                    "--dest-dir", str(dest), "--project", "gameops.panels", "--copyright", "gameops.panels contributors",
                    "--title", "gameops.panels", "gameops.panels"], check=True, stdout=subprocess.DEVNULL)
    write_inventory(dest / "ansible_devel.inv")
    with open(str(dest / "conf.py"), "a", encoding="utf-8") as conf:
        conf.write("\n# offline: Ansible's labels come from a local inventory (tools/docs_site.py)\n"
                   "intersphinx_mapping = {'ansible_devel': (%r, '../ansible_devel.inv')}\n" % ANSIBLE_DOCS)
    build = subprocess.run(["bash", str(dest / "build.sh")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, check=False)
    warnings = [line for line in build.stdout.splitlines() if "WARNING" in line or "ERROR" in line]
    if build.returncode != 0 or warnings:
        sys.stdout.write(build.stdout)
        sys.stderr.write("docs-site: FAILED with %d warning(s)/error(s)\n" % len(warnings))
        return 1
    print("docs-site: built without warnings: %s" % (dest / "build" / "html" / "index.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
