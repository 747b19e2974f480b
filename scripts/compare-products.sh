#!/usr/bin/env bash
# Byte-compare the checklist (md, xlsx, csv folder) and annex (md, xlsx) outputs of two rolemap
# binaries on the given models, in both languages: scripts/compare-products.sh OLD NEW MODELS...
# (issue 10: the indexed checklist and annex must write exactly what the scans wrote).
set -u
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
models=()
for m in "$@"; do models+=("$(realpath "$m")"); done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
set -- "${models[@]}"
diffs=0; runs=0
for m in "$@"; do
  for lang in en ja; do
    for fmt in md xlsx; do
      for kind in checklist annex; do
        for b in old new; do
          bin=$old; [ $b = new ] && bin=$new
          rm -rf out-$b; mkdir out-$b
          $bin --lang $lang $kind "$m" --format $fmt -o out-$b/o.$fmt --today 2026-11-25 >/dev/null 2>&1 || $bin --lang $lang $kind "$m" --format $fmt -o out-$b/o.$fmt >/dev/null 2>&1
          echo $? > out-$b/rc
        done
        runs=$((runs+1))
        if [ "$fmt" = xlsx ]; then
          # Compare the unzipped parts (zip timestamps may differ).
          for b in old new; do (cd out-$b && [ -f o.xlsx ] && mkdir x && cd x && unzip -q ../o.xlsx && rm ../o.xlsx); done
        fi
        diff -r out-old out-new >/dev/null || { echo "DIFF: $kind $fmt $lang $m"; diffs=$((diffs+1)); }
      done
    done
    for b in old new; do
      bin=$old; [ $b = new ] && bin=$new
      rm -rf csv-$b; $bin --lang $lang checklist "$m" --format csv -o csv-$b >/dev/null 2>&1; echo $? > csv-$b.rc
    done
    runs=$((runs+1))
    diff -r csv-old csv-new >/dev/null && cmp -s csv-old.rc csv-new.rc || { echo "DIFF: checklist csv $lang $m"; diffs=$((diffs+1)); }
  done
done
echo "$runs comparisons, $diffs differences"
[ "$diffs" = 0 ]
