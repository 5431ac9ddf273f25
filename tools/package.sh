#!/usr/bin/env bash
# `make package`: build the collection tarball and check it as an execution environment would use it.
#
# 1. ansible-galaxy collection build -> build/dist/gameops-panels-<version>.tar.gz
# 2. install it into build/package/collections and let ansible-builder introspect it: the Python
#    requirements it finds through meta/execution-environment.yml must be requirements.txt's
# 3. ansible-builder create: the build context of an execution environment that installs the tarball
#    (no container is built; the step checks the definition and the collection's metadata)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/.." && pwd -P)"
cd "$root"
[[ -x "$root/.venv/bin/ansible-builder" ]] && export PATH="$root/.venv/bin:$PATH"

version="$(python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')"
work="build/package"
rm -rf "$work" && mkdir -p "$work" build/dist
ansible-galaxy collection build --force --output-path build/dist . >/dev/null
tarball="build/dist/gameops-panels-$version.tar.gz"
echo ">> package: built $tarball"

ansible-galaxy collection install --force --no-deps -p "$work/collections" "$tarball" >/dev/null 2>&1
introspected="$(ansible-builder introspect --sanitize "$work/collections")"
while IFS= read -r line; do echo "   $line"; done <<<"$introspected"
missing=0
while read -r requirement; do
    name="$(sed -E 's/[<>=!~;[ ].*//' <<<"$requirement")"
    if ! grep -q -i -E "^- '?${name}[<>=!~; ]" <<<"$introspected"; then
        echo "package: FAIL: ansible-builder does not see '$name' from requirements.txt" >&2
        missing=1
    fi
done < <(grep -v -E '^\s*(#|$)' requirements.txt)
[[ $missing -eq 0 ]]

mkdir -p "$work/ee"
cp "$tarball" "$work/ee/"
cat >"$work/ee/execution-environment.yml" <<YAML
---
version: 3
images:
  base_image:
    name: registry.example.invalid/ee-minimal:latest
additional_build_files:
  # copied to _build/collections in the context; the galaxy stage installs from /build
  - src: gameops-panels-$version.tar.gz
    dest: collections
dependencies:
  ansible_core:
    package_pip: ansible-core>=2.16
  ansible_runner:
    package_pip: ansible-runner
  galaxy:
    collections:
      - name: collections/gameops-panels-$version.tar.gz
        type: file
YAML
(cd "$work/ee" && ansible-builder create --file execution-environment.yml --context context \
    --output-filename Containerfile >/dev/null)
for made in context/Containerfile "context/_build/collections/gameops-panels-$version.tar.gz"; do
    [[ -f "$work/ee/$made" ]] || { echo "package: FAIL: ansible-builder create did not write $made" >&2; exit 1; }
done
echo ">> package: ansible-builder create wrote $work/ee/context (Containerfile, the tarball, requirements)"
