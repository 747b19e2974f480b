#!/usr/bin/env bash
# Measure rolemap's performance targets (docs/performance.md) on this machine:
#  - `check --format json` of a 100k-party JSON chain vs CPython's json.load of the same file;
#  - time growth from 10k to 100k parties (target: at most 12x for 10x the parties);
#  - peak memory (target: under 2 GiB);
#  - a small model start to finish (target: under 10 ms);
#  - the products for every party or contract (checklist md/csv/xlsx, annex md/xlsx) at two
#    sizes (PRODUCT_SIZES, default "2000 20000"): time growth for 10x the parties should stay
#    near 10x (issue 10: they scanned every duty per party).
# ROLEMAP_BIN and SYNTH_BIN use given binaries instead of building; ONLY=products runs only the
# products table.
# Each time is the best of several runs. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${PERF_DIR:-target/perf}
mkdir -p "$dir"
if [ -z "${ROLEMAP_BIN:-}" ]; then
    cargo build --release --quiet --bin rolemap --example synth
fi
bin=${ROLEMAP_BIN:-target/release/rolemap}
synth=${SYNTH_BIN:-target/release/examples/synth}

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

products() {
    local sizes=(${PRODUCT_SIZES:-2000 20000})
    echo "| product | ${sizes[0]} parties (s) | ${sizes[1]} parties (s) | growth | peak memory at ${sizes[1]} (MiB) |"
    echo "|---|---:|---:|---:|---:|"
    for n in "${sizes[@]}"; do
        [ -f "$dir/chain-$n.json" ] || "$synth" "$n" > "$dir/chain-$n.json"
    done
    local out="$dir/products"
    for p in "checklist md" "checklist csv" "checklist xlsx" "annex md" "annex xlsx"; do
        read -r cmd fmt <<<"$p"
        local t=() mem=0
        for n in "${sizes[@]}"; do
            rm -rf "$out"
            local target="$out.$fmt"
            [ "$fmt" = csv ] && target="$out"
            t+=("$(RUNS=${PRODUCT_RUNS:-1} best "$bin" "$cmd" "$dir/chain-$n.json" --format "$fmt" -o "$target")")
            mem=$(peak_kb "$bin" "$cmd" "$dir/chain-$n.json" --format "$fmt" -o "$target")
            rm -rf "$out" "$target"
        done
        local g
        g=$(awk -v a="${t[1]}" -v b="${t[0]}" 'BEGIN{ if (b > 0) printf "%.1fx", a / b; else print "-" }')
        echo "| $cmd $fmt | ${t[0]} | ${t[1]} | $g | $((mem / 1024)) |"
    done
}

if [ "${ONLY:-}" = products ]; then
    products
    exit 0
fi

echo "| parties | file | CPython json.load (s) | rolemap check --format json (s) | ratio | peak memory (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|"
declare -A T
for n in 1000 10000 100000; do
    f="$dir/chain-$n.json"
    [ -f "$f" ] || "$synth" "$n" > "$f"
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
echo
products
