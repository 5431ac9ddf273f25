#!/usr/bin/env bash
# `make demo [PANEL=pterodactyl|crafty|amp]` (tools/demo.sh [PANEL]): on that panel's simulator, run
# playbooks/demo.yml as a check-mode plan (it must write nothing), then twice for real, and prove the
# second run is idempotent (changed=0, and show the simulator's write count).
#
# Env: DEMO_PLAYBOOK (default playbooks/demo.yml), DEMO_ANSIBLE_ARGS (extra
# ansible-playbook arguments), DEMO_START_TIMEOUT (seconds to wait for the simulator, 30).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/.." && pwd -P)"
cd "$root"

[[ -x "$root/.venv/bin/python" ]] && export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/build/collections"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
export ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_INVENTORY_UNPARSED_WARNING=False
# Modules run with the venv's Python (it has requests / pyotp); an inventory
# ansible_python_interpreter still wins.
export ANSIBLE_PYTHON_INTERPRETER="${ANSIBLE_PYTHON_INTERPRETER:-$(command -v python)}"
export PYTHONDONTWRITEBYTECODE=1

panel="${1:-pterodactyl}"
case "$panel" in
    pterodactyl|crafty|amp) ;;
    *) echo "demo: PANEL=$panel: the demo runs on pterodactyl, crafty or amp (make demo PANEL=crafty)" >&2; exit 2 ;;
esac
playbook="${DEMO_PLAYBOOK:-playbooks/demo.yml}"
read -r -a extra_args <<<"${DEMO_ANSIBLE_ARGS:-}"
sim_log="build/demo-sim.log"

[[ -d "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/gameops/panels" ]] \
    || { echo "demo: collection not linked; run 'make collection'" >&2; exit 2; }
[[ -f "$playbook" ]] || { echo "demo: $playbook not found" >&2; exit 2; }

mkdir -p build

sim_pid=""
cleanup() {
    if [[ -n "$sim_pid" ]] && kill -0 "$sim_pid" 2>/dev/null; then
        kill "$sim_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo ">> demo: starting the $panel simulator (log: $sim_log)"
# the same command README gives users: it prints the export lines that reach it
python tests/simulators "$panel" >"$sim_log" 2>&1 &
sim_pid=$!

deadline=$((SECONDS + ${DEMO_START_TIMEOUT:-30}))
until grep -q '^# Ctrl-C' "$sim_log" 2>/dev/null; do
    if ! kill -0 "$sim_pid" 2>/dev/null; then
        echo "demo: simulator exited early:" >&2; cat "$sim_log" >&2; exit 1
    fi
    if (( SECONDS >= deadline )); then
        echo "demo: simulator did not print its exports in time" >&2; cat "$sim_log" >&2; exit 1
    fi
    sleep 0.1
done
# shellcheck disable=SC1090
source <(grep '^export GAMEOPS_' "$sim_log")
echo ">> demo: $GAMEOPS_PANEL_TYPE simulator at $GAMEOPS_PANEL_URL"

run_playbook() { # run_playbook N [ansible-playbook arguments]
    local out="build/demo-run$1.log"
    shift
    echo
    echo ">> demo: ansible-playbook $playbook $* ${extra_args[*]}"
    ansible-playbook "$playbook" "$@" "${extra_args[@]}" 2>&1 | tee "$out"
}

# First the plan, on the empty panel: it must succeed and write nothing.
python tools/simctl.py clear "$GAMEOPS_PANEL_URL"
run_playbook 0 --check --diff
plan_writes="$(python tools/simctl.py writes "$GAMEOPS_PANEL_URL")"
if [[ "$plan_writes" != 0 ]]; then
    echo "demo: FAIL: the check-mode run sent $plan_writes write request(s)" >&2; exit 1
fi

run_playbook 1
python tools/simctl.py clear "$GAMEOPS_PANEL_URL"
run_playbook 2
writes="$(python tools/simctl.py writes "$GAMEOPS_PANEL_URL")"

# Every host line of the second PLAY RECAP must say changed=0 (and failed=0).
recap="$(sed -n '/^PLAY RECAP/,$p' build/demo-run2.log | grep -E ' ok=[0-9]+' || true)"
if [[ -z "$recap" ]]; then
    echo "demo: FAIL: no PLAY RECAP in the second run" >&2; exit 1
fi
bad="$(grep -v -E '\bchanged=0\b' <<<"$recap" || true)"
bad+="$(grep -E '\b(failed|unreachable)=[1-9]' <<<"$recap" || true)"

echo
echo "================ demo summary ================"
echo "second run recap:"
while IFS= read -r line; do echo "    $line"; done <<<"$recap"
echo "simulator write requests during the check-mode plan: $plan_writes"
echo "simulator write requests during the second run: $writes"
if [[ -n "$bad" ]]; then
    echo "demo: FAIL: the second run was not idempotent (expected changed=0 on every host)" >&2
    exit 1
fi
echo "demo: OK: second run changed=0 (idempotent)"
