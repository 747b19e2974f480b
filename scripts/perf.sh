#!/usr/bin/env bash
# Measure rolemap's performance targets (docs/performance.md) on this machine:
#  - `check --format json` of a 100k-party JSON chain vs CPython's json.load of the same file;
#  - time growth from 10k to 100k parties (target: at most 12x for 10x the parties);
#  - peak memory (target: under 2 GiB);
#  - a small model start to finish (target: under 10 ms).
# Each time is the best of several runs. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${PERF_DIR:-target/perf}
mkdir -p "$dir"
cargo build --release --quiet --bin rolemap --example synth
bin=target/release/rolemap

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

best() { # best wall time in seconds of "$@", output discarded
    local best=""
    for _ in $(seq "${RUNS:-3}"); do
        /usr/bin/time -o "$tmp" -f "%e" "$@" >/dev/null 2>/dev/null || true
        local t
        t=$(tail -1 "$tmp")
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN{exit !(t < b)}'; then best=$t; fi
    done
    echo "$best"
}

peak_kb() { /usr/bin/time -o "$tmp" -f "%M" "$@" >/dev/null 2>/dev/null || true; tail -1 "$tmp"; }

echo "| parties | file | CPython json.load (s) | rolemap check --format json (s) | ratio | peak memory (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|"
declare -A T
for n in 1000 10000 100000; do
    f="$dir/chain-$n.json"
    [ -f "$f" ] || target/release/examples/synth "$n" > "$f"
    size=$(du -h "$f" | cut -f1)
    py=$(best python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$f")
    rm=$(best "$bin" check "$f" --format json --today 2026-11-25 --fail-on never)
    mem=$(peak_kb "$bin" check "$f" --format json --today 2026-11-25 --fail-on never)
    T[$n]=$rm
    ratio=$(awk -v r="$rm" -v p="$py" 'BEGIN{printf "%.2f", r / p}')
    echo "| $n | $size | $py | $rm | $ratio | $((mem / 1024)) |"
done
echo
growth=$(awk -v a="${T[100000]}" -v b="${T[10000]}" 'BEGIN{printf "%.1f", a / b}')
echo "Time growth from 10k to 100k parties: ${growth}x (target: at most 12x)."
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs 50 --export-json "$dir/small.json" \
        "$bin check models/service.ron --today 2026-11-25" >/dev/null
    small=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']*1000:.1f} ms (min {r['min']*1000:.1f} ms) over 50 runs\")" "$dir/small.json")
else
    small="$(RUNS=20 best "$bin" check models/service.ron --today 2026-11-25) s, best of 20 (install hyperfine for ms resolution)"
fi
echo "Small model (models/service.ron), start to finish: ${small} (target: under 10 ms)."
