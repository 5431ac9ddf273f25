#!/usr/bin/env bash
# Docs check: every plugin of the collection must render with ansible-doc without
# errors or warnings, and the changelog fragments must lint.
#
# Needs the collection visible through ANSIBLE_COLLECTIONS_PATH (`make collection`
# puts it at build/collections). Usage: tools/docs.sh [COLLECTION_ROOT]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "${1:-$here/..}" && pwd -P)"
[[ -x "$here/../.venv/bin/ansible-doc" ]] && export PATH="$here/../.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-$here/../build/collections}"
export ANSIBLE_NOCOLOR=1
fqcn_prefix="gameops.panels"

failures=0
checked=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

check() { # check TYPE FQCN
    local type="$1" fqcn="$2" rc=0
    ansible-doc -t "$type" "$fqcn" >"$log" 2>&1 || rc=$?
    checked=$((checked + 1))
    if [[ $rc -ne 0 ]] || grep -q -E '^\[(ERROR|WARNING)\]' "$log" || [[ ! -s "$log" ]]; then
        echo "FAIL ansible-doc -t $type $fqcn (rc=$rc)"
        sed 's/^/    /' "$log"
        failures=$((failures + 1))
    else
        echo "ok   ansible-doc -t $type $fqcn"
    fi
}

# Python-file plugins: one plugin per file.
for type in module lookup inventory callback connection become cache vars strategy httpapi; do
    dir="$root/plugins/${type}"
    [[ "$type" == module ]] && dir="$root/plugins/modules"
    [[ -d "$dir" ]] || continue
    for f in "$dir"/*.py; do
        [[ -e "$f" ]] || continue
        name="$(basename "$f" .py)"
        [[ "$name" == __init__ ]] && continue
        check "$type" "$fqcn_prefix.$name"
    done
done

# Jinja2 filters/tests: several per file, so ask ansible-doc for the list.
for type in filter test; do
    [[ -d "$root/plugins/$type" ]] || continue
    while read -r fqcn _; do
        [[ "$fqcn" == "$fqcn_prefix".* ]] && check "$type" "$fqcn"
    done < <(ansible-doc -t "$type" -l "$fqcn_prefix" 2>/dev/null)
done

# Roles with an argument spec.
for spec in "$root"/roles/*/meta/argument_specs.yml; do
    [[ -e "$spec" ]] || continue
    check role "$fqcn_prefix.$(basename "$(dirname "$(dirname "$spec")")")"
done

echo ">> docs: $checked plugin(s) and role(s) rendered, $failures failure(s)"
if [[ $checked -eq 0 ]]; then
    echo "FAIL no plugins found under $root/plugins"
    failures=$((failures + 1))
fi

echo ">> docs: antsibull-changelog lint"
(cd "$root" && antsibull-changelog lint) || { echo "FAIL antsibull-changelog lint"; failures=$((failures + 1)); }

[[ $failures -eq 0 ]]
