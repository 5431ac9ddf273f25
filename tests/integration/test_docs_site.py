# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The docs site (`make docs-site`): the plugin reference, the collection's guides and its changelog, with no
warning and no broken link, published where galaxy.yml's documentation field says.

The site is built once for the module (tools/docs_site.py, as `make docs-site` runs it) into a temporary folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import COLLECTIONS_ROOT

REPO = Path(__file__).resolve().parents[2]
DOCSITE = REPO / "docs" / "docsite"
sys.path.insert(0, str(REPO / "tools"))
import docs_site  # noqa: E402  pylint: disable=wrong-import-position,import-error

#: the guides the issue asked for (getting started per panel, GitOps, fleets, reliability and retries, writing a
#: new panel driver) and the page of the shipped playbooks
GUIDES = ("getting_started_pterodactyl", "getting_started_crafty", "getting_started_amp", "gitops", "fleets",
          "reliability", "new_panel_driver", "playbooks")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dest = tmp_path_factory.mktemp("docs-site") / "site"
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT), ANSIBLE_NOCOLOR="1",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    build = subprocess.run([sys.executable, str(REPO / "tools" / "docs_site.py"), str(dest)], env=env,
                           capture_output=True, text=True, timeout=900, check=False)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-2000:]
    assert "built without warnings or broken links" in build.stdout
    return dest / "build" / "html"


def _text(page):
    return re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))


def test_the_guides_are_pages_of_the_site_and_linked_from_its_index(site):
    listed = [entry if isinstance(entry, str) else entry["ref"]
              for section in yaml.safe_load((DOCSITE / "extra-docs.yml").read_text())["sections"]
              for entry in section["toctree"]]
    assert sorted(listed) == sorted(GUIDES)
    index = (site / "index.html").read_text(encoding="utf-8")
    for guide in GUIDES:
        page = site / "docsite" / ("%s.html" % guide)
        assert page.is_file(), guide
        assert 'href="docsite/%s.html"' % guide in index, guide
    assert "python3 tests/simulators crafty" in _text(site / "docsite" / "getting_started_crafty.html")


def test_the_changelog_is_a_page_of_the_site(site):
    page = site / "changelog.html"
    assert page.is_file()
    assert 'href="changelog.html"' in (site / "index.html").read_text(encoding="utf-8")
    text = _text(page)
    releases = yaml.safe_load((REPO / "changelogs" / "changelog.yaml").read_text())["releases"]
    for version in releases:
        assert "v%s" % version in text, version


def test_every_shipped_playbook_has_its_section(site):
    text = _text(site / "docsite" / "playbooks.html")
    for playbook in sorted((REPO / "playbooks").glob("*.yml")):
        assert "gameops.panels.%s" % playbook.stem in text, playbook.name


def test_galaxy_links_to_the_site_where_it_is_published(site):
    galaxy = yaml.safe_load((REPO / "galaxy.yml").read_text())
    assert galaxy["documentation"] == "https://gameops.github.io/panels/" != galaxy["repository"]
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "docs.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make docs-site" for step in steps)
    assert [step["with"]["path"] for step in steps if "upload-pages-artifact" in step.get("uses", "")] == [
        "build/docs-site/build/html"]
    # the theme's home link goes to the published site, not to "/" of whatever host serves it
    assert 'class="DocSite-nav" href="%s"' % galaxy["documentation"] in (site / "index.html").read_text(encoding="utf-8")


def test_broken_links_are_found(tmp_path):
    site = tmp_path / "html"
    (site / "docsite").mkdir(parents=True)
    (site / "index.html").write_text('<a href="docsite/guide.html#usage">g</a> <a href="https://docs.ansible.com/x">x</a>'
                                     '<a href="https://github.com/gameops/panels/blob/main/galaxy.yml">ok</a>')
    (site / "docsite" / "guide.html").write_text(
        '<h1 id="usage">u</h1><a href="../missing.html">m</a><a href="../index.html#nowhere">n</a>'
        '<a href="#usage">self</a><a href="https://github.com/gameops/panels/tree/main/examples/nothing-here">r</a>'
        '<img src="../_static/logo.png">')
    assert sorted(docs_site.broken_links(site)) == sorted([
        "docsite/guide.html: ../missing.html (no such file)",
        "docsite/guide.html: ../index.html#nowhere (no anchor 'nowhere')",
        "docsite/guide.html: https://github.com/gameops/panels/tree/main/examples/nothing-here "
        "(the repository has no examples/nothing-here)",
        "docsite/guide.html: ../_static/logo.png (no such file)",
    ])


def _yaml_blocks(rst):
    """The ``yaml+jinja`` code blocks of an RST file, parsed."""
    blocks = []
    for match in re.finditer(r"^\.\. code-block:: yaml\+jinja\n\n((?:(?: {4}.*)?\n)+)", rst, re.M):
        body = "\n".join(line[4:] for line in match.group(1).splitlines())
        blocks.append(yaml.safe_load(body))
    return blocks


def _tasks(node):
    """Every task of a parsed block (a playbook, a task list or a task)."""
    if isinstance(node, list):
        for item in node:
            yield from _tasks(item)
    elif isinstance(node, dict):
        if "tasks" in node:
            yield from _tasks(node["tasks"])
        else:
            yield node


def test_the_guides_examples_use_only_options_the_modules_have():
    checked = 0
    for guide in sorted((DOCSITE / "rst").glob("*.rst")):
        for block in _yaml_blocks(guide.read_text()):
            for task in _tasks(block):
                for key, args in task.items():
                    if not key.startswith("gameops.panels.") or not isinstance(args, dict):
                        continue
                    options = _documented_options(key.split(".")[-1])
                    assert options is not None, "%s: no module %s" % (guide.name, key)
                    assert set(args) <= options, "%s: %s has no option %s" % (guide.name, key, sorted(set(args) - options))
                    checked += 1
    assert checked >= 10


def _documentation(path):
    import ast  # pylint: disable=import-outside-toplevel

    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets):
            return yaml.safe_load(node.value.value)
    raise AssertionError("no DOCUMENTATION in %s" % path)


def _documented_options(module):
    """The options of a module, those of its documentation fragments included; None when there is no such module."""
    path = REPO / "plugins" / "modules" / ("%s.py" % module)
    if not path.is_file():
        return None
    docs = _documentation(path)
    options = set(docs.get("options") or {})
    for fragment in docs.get("extends_documentation_fragment") or []:
        if fragment.startswith("gameops.panels."):
            options |= set(_documentation(REPO / "plugins" / "doc_fragments" / (
                "%s.py" % fragment.split(".")[2])).get("options") or {})
    return options
