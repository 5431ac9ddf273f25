#!/usr/bin/env bash
# `make test`: every stage CI checks, the independent ones side by side.
#
#   tools/test.sh              every stage (what `make test` and .ci/run run)
#   tools/test.sh lint docs    only those stages
#
# Each stage is `make <stage>` with its output in build/test-logs/<stage>.log; a line per stage says how it
# ended and how long it took, and the log of a stage that failed is printed at the end. The stages share
# nothing they write (each has its own folder under build/), so they run at the same time: the pytest
# suite (`unit`) waits on simulators and subprocesses much of the time, and the other stages use the cores
# it leaves. TEST_JOBS (default 3) caps how many stages run at once.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/.." && pwd -P)"
cd "$root"

# the longest first, so it starts at once
all_stages=(unit sanity lint molecule docs package)
stages=("$@")
[[ ${#stages[@]} -gt 0 ]] || stages=("${all_stages[@]}")
jobs="${TEST_JOBS:-3}"
logs="build/test-logs"
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/*.rc

start=$SECONDS
declare -A pids=() began=()
failed=()

elapsed() { # elapsed SECONDS -> 1m05s
    printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}

finish() { # finish STAGE: report a stage whose process has ended
    local stage="$1" rc=0
    wait "${pids[$stage]}" || rc=$?
    unset "pids[$stage]"
    if [[ $rc -eq 0 ]]; then
        echo "ok   $stage ($(elapsed $((SECONDS - began[$stage]))))"
    else
        echo "FAIL $stage (rc=$rc, $(elapsed $((SECONDS - began[$stage])))); log: $logs/$stage.log"
        failed+=("$stage")
    fi
}

reap() { # reap: wait for any stage to end, report every stage that has
    local stage
    wait -n "${pids[@]}" 2>/dev/null || true
    for stage in "${!pids[@]}"; do
        kill -0 "${pids[$stage]}" 2>/dev/null || finish "$stage"
    done
}

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo ">> make test: ${stages[*]} (up to $jobs at once; logs in $logs/)"
set -m  # each stage in a process group of its own, so an interrupted run stops all of it
for stage in "${stages[@]}"; do
    while [[ ${#pids[@]} -ge $jobs ]]; do
        reap
    done
    began[$stage]=$SECONDS
    make --no-print-directory "$stage" >"$logs/$stage.log" 2>&1 &
    pids[$stage]=$!
done
while [[ ${#pids[@]} -gt 0 ]]; do
    reap
done
set +m

for stage in "${failed[@]}"; do
    echo
    echo "================ $stage: the end of $logs/$stage.log ================"
    tail -n 80 "$logs/$stage.log"
done
total="$(elapsed $((SECONDS - start)))"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo ">> make test: FAILED: ${failed[*]} ($total)"
    exit 1
fi
pytest_summary="$(grep -h -E '^[0-9]+ passed' "$logs/unit.log" 2>/dev/null | tail -n 1 | sed 's/ in [0-9.]*s.*//' || true)"
if [[ -n "$pytest_summary" ]]; then
    echo ">> make test: pytest: $pytest_summary"
fi
echo ">> make test: all stages passed in $total"
