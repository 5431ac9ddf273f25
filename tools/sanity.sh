#!/usr/bin/env bash
# Run `ansible-test sanity` on a real-directory copy of the collection.
#
# Usage: tools/sanity.sh [SOURCE_DIR] [-- extra ansible-test args]
#   SOURCE_DIR  collection root to test (default: $SANITY_SRC or the repo root)
#
# Environment:
#   SANITY_SRC       same as SOURCE_DIR
#   SANITY_WORKDIR   where the copy goes (default: <repo>/build/sanity); the copy is
#                    <workdir>/ansible_collections/<namespace>/<name>, recreated each run
#   SANITY_PYTHON    Python version for ansible-test --python (default: 3.11)
#
# ansible-test needs the collection at .../ansible_collections/NS/NAME as a real
# directory (it uses the physical cwd), so the tracked + untracked-not-ignored files
# are copied there. Nothing is excluded from the sanity run and there is no
# tests/sanity/ignore-*.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd "$here/.." && pwd -P)"

src="${SANITY_SRC:-$repo_root}"
if [[ $# -gt 0 && "$1" != "--" ]]; then
    src="$1"
    shift
fi
[[ "${1:-}" == "--" ]] && shift
src="$(cd "$src" && pwd -P)"

work="${SANITY_WORKDIR:-$repo_root/build/sanity}"
pyver="${SANITY_PYTHON:-3.11}"

# Tools: prefer the project venv.
if [[ -x "$repo_root/.venv/bin/ansible-test" ]]; then
    export PATH="$repo_root/.venv/bin:$PATH"
fi
command -v ansible-test >/dev/null || { echo "sanity: ansible-test not found (run 'make venv')" >&2; exit 2; }
py="$(command -v python)"

# Namespace / name from galaxy.yml (falls back to gameops.panels).
read -r ns name < <("$py" - "$src/galaxy.yml" <<'PY'
import sys
try:
    import yaml
    with open(sys.argv[1]) as f:
        g = yaml.safe_load(f) or {}
    print(g.get("namespace") or "gameops", g.get("name") or "panels")
except OSError:
    print("gameops panels")
PY
)
dest="$work/ansible_collections/$ns/$name"

# ---- 1. fresh copy -------------------------------------------------------------
rm -rf "$work/ansible_collections"
mkdir -p "$dest"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1 \
   && [[ "$(cd "$(git -C "$src" rev-parse --show-toplevel)" && pwd -P)" == "$src" ]]; then
    echo ">> sanity: copying git-visible files of $src"
    (cd "$src" && git ls-files -co --exclude-standard -z \
        | while IFS= read -r -d '' f; do
              # skip tracked files deleted from the work tree
              if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi
          done \
        | tar --null --no-recursion -T - -cf -) | tar -C "$dest" -xf -
else
    echo ">> sanity: copying $src (not a git root; excluding .venv build .git tests/output)"
    tar -C "$src" --exclude=./.venv --exclude=./build --exclude=./.git \
        --exclude=./tests/output --exclude='__pycache__' --exclude='*.pyc' \
        --exclude=./.pytest_cache -cf - . | tar -C "$dest" -xf -
fi

# ansible-test finds its file list by walking up to the nearest .git; the copy
# lives under build/ (git-ignored by the repo), so give it a repository of its own
# or every target would be skipped.
if command -v git >/dev/null 2>&1; then
    git -C "$dest" init -q
    git -C "$dest" config core.autocrlf false
fi

if compgen -G "$dest/tests/sanity/ignore-*.txt" >/dev/null; then
    echo "sanity: tests/sanity/ignore-*.txt files are not allowed in this project:" >&2
    ls "$dest"/tests/sanity/ignore-*.txt >&2
    exit 1
fi

# ---- 2. offline get-pip for ansible-test's venvs -------------------------------
pip_version="$("$py" - <<'PY'
import os, re, ansible_test
path = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
with open(path) as f:
    m = re.search(r"default_packages\s*=\s*dict\(\s*pip='([0-9.]+)'", f.read())
print(m.group(1) if m else "24.2")
PY
)"
cache_dir="$HOME/.ansible/test/cache"
cache_file="$cache_dir/get_pip_${pip_version//./_}.py"
mkdir -p "$cache_dir"
if ! cmp -s "$here/get_pip_shim.py" "$cache_file"; then
    cp "$here/get_pip_shim.py" "$cache_file"
    echo ">> sanity: installed get-pip shim for pip $pip_version at $cache_file"
fi

# ---- 3. run --------------------------------------------------------------------
cd "$dest"
# ansible-test must see only the copy, never the repo through build/collections.
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS
echo ">> sanity: ansible-test sanity --venv --python $pyver in $dest"
start=$SECONDS
rc=0
ansible-test sanity --venv --python "$pyver" --requirements --color no --junit "$@" || rc=$?

# Summary from the JUnit files: which tests ran, which were skipped and why.
summary_rc=0
"$py" - tests/output/junit <<'PY' || summary_rc=$?
import glob, os, sys, xml.etree.ElementTree as ET
ran, skipped, failed = [], [], []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "ansible-test-sanity-*.xml"))):
    for case in ET.parse(path).iter("testcase"):
        name = case.get("name")
        skip = case.find("skipped")
        if skip is not None:
            skipped.append("%s (%s)" % (name, (skip.text or skip.get("message") or "").strip()))
        elif case.find("failure") is not None or case.find("error") is not None:
            failed.append(name)
        else:
            ran.append(name)
print(">> sanity summary: passed=%d failed=%d skipped=%d" % (len(ran), len(failed), len(skipped)))
for label, items in (("passed", ran), ("failed", failed), ("skipped", skipped)):
    if items:
        print("   %-8s %s" % (label + ":", ", ".join(items)))
if not ran:
    print(">> sanity: no sanity test ran (no targets found?)", file=sys.stderr)
    sys.exit(3)
PY
if [[ $rc -eq 0 && $summary_rc -ne 0 ]]; then
    rc=$summary_rc
fi
if [[ $rc -ne 0 ]]; then
    echo ">> sanity: FAILED (rc=$rc) after $((SECONDS - start))s" >&2
    exit "$rc"
fi
echo ">> sanity: passed in $((SECONDS - start))s"
