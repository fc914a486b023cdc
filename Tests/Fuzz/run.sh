#!/usr/bin/env bash
# Builds the libFuzzer targets (Tests/Fuzz, a separate package) with -sanitize=fuzzer,address and
# runs each for SECONDS (default 60) on a corpus seeded from the shipped files:
#   FuzzClaims    Scenarios/examples/*.csv   claims reader, settlement against every built-in plan, invariants
#   FuzzScenario  Scenarios/*.yaml           scenario loader (with Tests/Fuzz/scenario.dict: YAML syntax, format keys)
# Fails (non-zero) on any crash, hang (an input slower than 10 s), out-of-memory or sanitizer report;
# the input that caused it is kept in .build-fuzz/findings/ (add it as a regression test, then re-run).
# Usage: Tests/Fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzClaims FuzzScenario)
scratch="$root/.build-fuzz"

echo "== building fuzz targets (release, -sanitize=fuzzer,address)"
# -Xswiftc reaches the build-time tools too (the EmbedScenarios plugin's generator), so they are
# instrumented as well and must also link with lld (GNU gold fails on the instrumented objects).
build() { (cd Tests/Fuzz && swift build -c release --scratch-path "$scratch/build" -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld); }
# SwiftPM does not notice files moved in a path dependency: on failure, build once more from scratch.
build || { echo "== rebuilding the fuzz targets from scratch"; rm -rf "$scratch/build"; build; }
bin="$scratch/build/release"

status=0
for target in "${targets[@]}"; do
    case "$target" in
        FuzzClaims) seeds=(Scenarios/examples/*.csv); extra=() ;;
        FuzzScenario) seeds=(Scenarios/*.yaml); extra=(-dict=Tests/Fuzz/scenario.dict) ;;
        *) echo "unknown target $target" >&2; exit 64 ;;
    esac
    seed="$scratch/seed/$target"; corpus="$scratch/corpus/$target"; findings="$scratch/findings"
    rm -rf "$seed"; mkdir -p "$seed" "$corpus" "$findings"
    cp "${seeds[@]}" "$seed/"
    echo "== $target for ${seconds}s (seed: ${#seeds[@]} shipped files; corpus: ${corpus#$root/})"
    log="$scratch/$target.log"
    if "$bin/$target" "$corpus" "$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
           -artifact_prefix="$findings/$target-" -print_final_stats=1 "${extra[@]}" > "$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
        echo "ok: $target: $runs executions, $rate exec/s, no crash, hang or sanitizer report"
    else
        code=$?
        grep -v '^"' "$log" | tail -40 >&2
        echo "FAILED: $target exited with $code; the input is in ${findings#$root/}/ ($(ls "$findings" | tr '\n' ' '))" >&2
        status=1
    fi
done
exit "$status"
