#!/usr/bin/env python
"""`make docs-site`: the collection's HTML docs, built by antsibull-docs and Sphinx, failing on any warning.

    docs_site.py [DEST]     build into DEST (default build/docs-site); the site is DEST/build/html

antsibull-docs writes the Sphinx project (sphinx-init): the RST of every
plugin and role, the collection's own guides (docs/docsite/extra-docs.yml and
docs/docsite/rst/, linted first with ``antsibull-docs lint-collection-docs``)
and its changelog (docs/docsite/config.yml); Sphinx builds it with -W. The
machines that build it have no way to fetch Ansible's own docs inventory, so
the few Ansible labels the pages link to are written into a local intersphinx
inventory pointing at docs.ansible.com: the links work, and nothing is
downloaded.

Then every link of the built site is checked: a link within the site must
reach a page that exists, and an anchor on it; a link into the collection's
repository (https://github.com/gameops/panels/blob/main/..., tree/, edit/)
must name a file or folder the repository has. Links elsewhere cannot be
checked offline. A broken link fails the build like a warning.
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
    # every module's page says it has an action plugin (the one that runs it on the controller) and links here
    "action_plugins": ("plugins/action.html", "Action plugins"),
}
# ansible-core's own environment variables that plugin options of the collection accept (here: the ones of
# the ansible.builtin.inventory_cache fragment); they are documented on the configuration page
ANSIBLE_ENVVARS = ("ANSIBLE_CACHE_PLUGIN", "ANSIBLE_CACHE_PLUGIN_CONNECTION", "ANSIBLE_CACHE_PLUGIN_PREFIX",
                   "ANSIBLE_CACHE_PLUGIN_TIMEOUT")
#: a link into the collection's repository: (blob|tree|edit)/<branch>/<path>
REPOSITORY_LINK = re.compile(r"^https://github\.com/gameops/panels/(?:blob|tree|edit)/[^/]+/([^?#]*)")


class _Links(html.parser.HTMLParser):
    """The links (href, src) and the anchors (id, name) of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.anchors = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name"):
            if attrs.get(name):
                self.anchors.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical",)):
                self.links.append(attrs[name])


def broken_links(site, repo=REPO):
    """``["page: link (why)"]`` for every link of the HTML site in ``site`` that leads nowhere."""
    site = Path(site)
    pages = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page.resolve()] = parser
    broken = []
    for page, parsed in pages.items():
        where = page.relative_to(site.resolve())
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                match = REPOSITORY_LINK.match(link)
                if match and not (repo / unquote(match.group(1))).exists():
                    broken.append("%s: %s (the repository has no %s)" % (where, link, unquote(match.group(1))))
                continue
            if parts.scheme or link.startswith("//"):
                continue  # mailto:, javascript:, data: and the like
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append("%s: %s (no such file)" % (where, link))
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].anchors:
                broken.append("%s: %s (no anchor %r)" % (where, link, unquote(parts.fragment)))
    return broken


def published_url():
    """Where the site is published: galaxy.yml's documentation field."""
    import yaml  # pylint: disable=import-outside-toplevel

    return yaml.safe_load((REPO / "galaxy.yml").read_text())["documentation"]


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
    lint = subprocess.run(["antsibull-docs", "lint-collection-docs", str(REPO)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    if lint.returncode != 0 or lint.stdout.strip():
        sys.stdout.write(lint.stdout)
        sys.stderr.write("docs-site: FAILED: antsibull-docs lint-collection-docs found problems in docs/docsite\n")
        return 1
    # where the site is published (galaxy.yml's documentation): the theme's logo links there, not to "/"
    home = published_url()
    subprocess.run(["antsibull-docs", "sphinx-init", "--use-current", "--squash-hierarchy", "--fail-on-error",
                    "--dest-dir", str(dest), "--project", "gameops.panels", "--copyright", "gameops.panels contributors",
                    "--title", "gameops.panels", "--extra-html-theme-options", "documentation_home_url=%s" % home,
                    "gameops.panels"], check=True, stdout=subprocess.DEVNULL)
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
    broken = broken_links(dest / "build" / "html")
    if broken:
        sys.stdout.write("".join("broken link: %s\n" % line for line in broken))
        sys.stderr.write("docs-site: FAILED with %d broken link(s)\n" % len(broken))
        return 1
    print("docs-site: built without warnings or broken links: %s" % (dest / "build" / "html" / "index.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
