#!/usr/bin/env bash
# Replay the fourteen attacks of issue 13 against a release binary, each run under
# `ulimit -v 1048576` (1 GiB of address space), and print a Markdown table: attack, exit code,
# peak resident memory, result. An attack passes when rolemap ends in exit 2 with a clear
# message or in a correct result, within the memory limit, without touching any file outside
# its target. Inputs are generated in a fresh temporary folder; nothing else is written.
#
#   scripts/attacks.sh                  # builds target/release/rolemap first
#   ROLEMAP_BIN=path/to/rolemap scripts/attacks.sh
#
# Exit code: 0 when every attack passes, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ROLEMAP_BIN:-}" ]; then
    cargo build --release --quiet --bin rolemap || exit 1
    ROLEMAP_BIN=target/release/rolemap
fi
BIN=$(realpath "$ROLEMAP_BIN")
LIMIT_KIB=1048576
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
export NO_COLOR=1 LC_ALL=C.UTF-8
unset LANG

FAILED=0
CODE=-
RSS=0
OUT=$W/out.txt
ERR=$W/err.txt

# run [ARGS...]: rolemap under the memory limit and a 300 s timeout; sets CODE and RSS (KiB).
run() {
    (
        ulimit -v "$LIMIT_KIB"
        /usr/bin/time -o "$W/time.txt" -f "%x %M" timeout 300 "$BIN" "$@" >"$OUT" 2>"$ERR"
    )
    # `time` prints "Command exited with non-zero status N" first; its last line is "%x %M".
    read -r CODE RSS < <(tail -1 "$W/time.txt")
    CODE=${CODE:-?}
    RSS=${RSS:-0}
}

# row NAME OK(0/1) [NOTE]: one line of the table, with the last run's exit code and memory.
row() {
    local res=OK
    if [ "$2" != 1 ]; then
        res=FAIL
        FAILED=1
    fi
    if [ "${RSS:-0}" -gt 1048576 ]; then
        res="FAIL (memory)"
        FAILED=1
    fi
    printf '| %s | %s | %s | %s | %s |\n' "$1" "$CODE" "$((RSS / 1024)) MiB" "$res" "${3:-}"
}

is() { [ "$1" = "$2" ] && echo 1 || echo 0; }
both() { [ "$1" = 1 ] && [ "$2" = 1 ] && echo 1 || echo 0; }
has() { grep -q -- "$1" "$ERR" && echo 1 || echo 0; }

cat >m.ron <<'EOF'
(
    name: "attacks",
    parties: {
        "owner": (name: "Owner", division: Customer, operates: true),
        "vendor": (name: "Vendor", division: Provider),
    },
    contracts: [(id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true)],
)
EOF
MODEL_SUM=$(sha256sum m.ron)
model_same() { [ "$(sha256sum m.ron)" = "$MODEL_SUM" ] && echo 1 || echo 0; }

python3 - <<'EOF'
import json
n = 100_000
parties = {"p0": {"name": "P0", "division": "Customer", "operates": True}}
contracts = []
for i in range(1, n):
    parties[f"p{i}"] = {"name": f"P{i}", "division": "Provider"}
    contracts.append({"id": f"c{i}", "client": f"p{i-1}", "contractor": f"p{i}",
                      "kind": "Development", "security_terms": True})
json.dump({"name": "big", "parties": parties, "contracts": contracts}, open("big.json", "w"))
EOF

echo "| attack | exit | peak RSS | result | checked |"
echo "|---|---:|---:|---|---|"

# 1. A symlink planted at temporary names (the old predictable ones and ours) never redirects.
for pid in $(seq $$ $(($$ + 400))); do ln -sf "$W/m.ron" ".out.json.rolemap-$pid.tmp"; done
for x in aaaaaa AAAAAA 000000; do ln -sf "$W/m.ron" ".rolemap-$(($$ + 1))-$x.tmp"; done
run check m.ron --format json -o out.json
ok=$(both "$(model_same)" "$(python3 -c 'import json;json.load(open("out.json"));print(1)' 2>/dev/null || echo 0)")
row "1 planted temp symlinks" "$ok" "model unchanged, out.json valid"
rm -f .out.json.rolemap-*.tmp .rolemap-*.tmp out.json

# 2. Eight concurrent writers of one output, four rounds: always valid JSON.
ok=1
for round in 1 2 3 4; do
    for i in 1 2 3 4 5 6 7 8; do
        (ulimit -v "$LIMIT_KIB"; "$BIN" check big.json --format json -o same.json --fail-on never >/dev/null 2>&1) &
    done
    wait
    python3 -c 'import json;json.load(open("same.json"))' 2>/dev/null || ok=0
    ls -a | grep -q '^\.rolemap-' && ok=0
done
run check m.ron --format json -o same.json
row "2 8 concurrent -o same.json x4" "$ok" "valid JSON each round, no temporary left"
rm -f same.json

# 3. Special targets: a device node stays a device, `-o -` is stdout, /proc/self/fd/1 too.
mknod null-dev c 1 3 2>/dev/null || mkfifo null-dev
if [ -p null-dev ]; then (cat null-dev >/dev/null &); fi
run check m.ron --format json -o null-dev
a=$(is "$CODE" 0)
[ -c null-dev ] || [ -p null-dev ] || a=0
run check m.ron --format json -o -
b=$(both "$(is "$CODE" 0)" "$( [ ! -e ./- ] && grep -q '"schema"' "$OUT" && echo 1 || echo 0)")
ln -s /proc/self/fd/1 fd1
run check m.ron --format json -o fd1
c=$(both "$(is "$CODE" 0)" "$( [ -L fd1 ] && grep -q '"schema"' "$OUT" && echo 1 || echo 0)")
row "3 -o device, -o -, -o link to /proc/self/fd/1" "$(both "$a" "$(both "$b" "$c")")" "device kept, no file '-', link kept, written to stdout"
rm -f null-dev fd1

# 4. Killed mid-write: the next run removes the leftover; a target name at NAME_MAX works.
mkdir k
( ulimit -v "$LIMIT_KIB"; exec "$BIN" check big.json --format json -o k/out.json --fail-on never ) >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do ls -a k | grep -q '^\.rolemap-' && break; sleep 0.05; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
left=$(ls -a k | grep -c '^\.rolemap-')
touch -d '2 minutes ago' k/.rolemap-* 2>/dev/null
long=$(printf 'n%.0s' $(seq 250)).json
run check m.ron --format json -o "k/$long"
a=$(both "$(is "$CODE" 0)" "$( [ "$(ls -a k | grep -c '^\.rolemap-')" = 0 ] && [ -f "k/$long" ] && echo 1 || echo 0)")
row "4 SIGKILL mid-write; 254-byte name" "$a" "$left leftover(s) after the kill, removed by the next run"
rm -rf k

# 5. checklist --format csv -o DIR with over-long ids: all files or none, DIR intact.
python3 - <<'EOF'
ids = ["owner", "\U0001d400" * 60, "日" * 80, "vendor"]
ps = ",\n".join(
    f'"{p}": (name: "P{i}", division: {"Customer" if i == 0 else "Provider"}{", operates: true" if i == 0 else ""})'
    for i, p in enumerate(ids))
cs = ",\n".join(
    f'(id: "c{i}", client: "{ids[i-1]}", contractor: "{ids[i]}", kind: Development, security_terms: true)'
    for i in range(1, len(ids)))
open("ids.ron", "w").write(f"(name: \"ids\", parties: {{{ps}}}, contracts: [{cs}])")
EOF
mkdir out
echo mine >out/keep.txt
mkdir out/vendor.csv
before=$(cd out && find . | sort | sha256sum)
run checklist ids.ron --format csv -o out
a=$(both "$(is "$CODE" 2)" "$( [ "$(cd out && find . | sort | sha256sum)" = "$before" ] && echo 1 || echo 0)")
rmdir out/vendor.csv
run checklist ids.ron --format csv -o out
b=$(both "$(is "$CODE" 0)" "$( [ "$(ls out | wc -l)" = 5 ] && grep -q mine out/keep.txt && [ "$(ls -a . | grep -c '^\.rolemap-')" = 0 ] && echo 1 || echo 0)")
row "5 checklist csv -o DIR, long names" "$(both "$a" "$b")" "refused whole when blocked; then 4 files + kept file, no leftovers"
rm -rf out

# 6. YAML aliases: 1 MB string referenced 5,000 times.
python3 - <<'EOF'
s = "x" * 1_000_000
refs = "\n".join(f"  - *a" for _ in range(5000))
open("alias.yaml", "w").write(f"name: &a {s}\nparties: {{}}\nextra:\n{refs}\n")
EOF
run check alias.yaml
row "6 YAML 1 MB string x 5,000 aliases" "$(both "$(is "$CODE" 2)" "$(has 'aliases that copy over 64 MiB of text')")" "refused: aliases that copy over 64 MiB of text"

# 7. A FIFO with no writer: as the model, as a status file, inside a checked folder.
mkfifo fifo.ron fifo.csv
mkdir folder
cp m.ron folder/
mkfifo folder/pipe.ron
run check fifo.ron
a=$(both "$(is "$CODE" 2)" "$(has 'not-regular-file')")
run check m.ron --status fifo.csv
b=$(both "$(is "$CODE" 2)" "$(has 'not-regular-file')")
run check folder --fail-on never
c=$(is "$CODE" 0)
row "7 FIFO as model / --status / in a folder" "$(both "$a" "$(both "$b" "$c")")" "exit 2 at once twice; the folder's model checked, the FIFO skipped"
rm -rf fifo.ron fifo.csv folder

# 8. Hostile workbooks: A1 + XFD1048576; uniqueCount 2^32-1 and 2^64-1; a 2 GiB inflating sheet.
python3 - <<'EOF'
import zipfile
CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="status" sheetId="1" r:id="rId1"/></sheets></workbook>'
WBR = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
def cell(at, t): return f'<c r="{at}" t="inlineStr"><is><t>{t}</t></is></c>'
ROWS = ('<row r="1">' + cell("A1", "party") + cell("B1", "id") + cell("C1", "role") + cell("D1", "status") + '</row>'
        '<row r="2">' + cell("A2", "vendor") + cell("B2", "S(1)-1.1") + cell("C2", "developer") + cell("D2", "implemented") + '</row>')
def book(name, data, sst=None, pad=0):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT); z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB); z.writestr("xl/_rels/workbook.xml.rels", WBR)
        sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + data + '</sheetData></worksheet>'
        if pad:
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                f.write(sheet[:-len('</sheetData></worksheet>')].encode())
                chunk = b" " * (1 << 20)
                for _ in range(pad): f.write(chunk)
                f.write(b'</sheetData></worksheet>')
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet)
        if sst is not None: z.writestr("xl/sharedStrings.xml", sst)
book("far.xlsx", ROWS + '<row r="1048576">' + cell("XFD1048576", "far") + '</row>')
for n, v in (("u32", 2**32 - 1), ("u64", 2**64 - 1)):
    book(f"sst-{n}.xlsx", ROWS, f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{v}" uniqueCount="{v}"><si><t>x</t></si></sst>')
book("bomb.xlsx", ROWS, pad=2048)
EOF
run check m.ron --status far.xlsx --fail-on never
a=$(is "$CODE" 0)
far_rss=$RSS
run check m.ron --status sst-u32.xlsx
b=$(both "$(is "$CODE" 2)" "$(has 'shared strings')")
run check m.ron --status sst-u64.xlsx
c=$(both "$(is "$CODE" 2)" "$(has 'shared strings')")
run check m.ron --status bomb.xlsx
d=$(both "$(is "$CODE" 2)" "$(has 'too-large')")
[ "$far_rss" -gt "$RSS" ] && RSS=$far_rss
row "8 XLSX: XFD1048576, uniqueCount 2^32-1 / 2^64-1, 2 GiB sheet ($(du -k bomb.xlsx | cut -f1) KiB)" "$(both "$(both "$a" "$b")" "$(both "$c" "$d")")" "far cell read as 2 cells; both counts refused before allocation; bomb refused while inflating"
rm -f far.xlsx sst-*.xlsx bomb.xlsx

# 9. A 10M-row CSV status file; a workbook of a million bad rows: bounded problems.
python3 -c '
import sys
with open("rows.csv", "w") as f:
    f.write("party,id,role,status\n")
    f.write("x\n" * 10_000_000)
with open("bad.csv", "w") as f:
    f.write("party,id,role,status\n")
    f.write("vendor,S(1)-1.1,developr,implemnted\n" * 400_000)
'
run check m.ron --status rows.csv
a=$(both "$(is "$CODE" 2)" "$(has 'over 1000000 rows')")
[ "$(wc -c <"$ERR")" -lt 10000 ] || a=0
rss_a=$RSS
run check m.ron --status bad.csv
b=$(is "$CODE" 2)
[ "$(grep -c 'error\[' "$ERR")" -le 200 ] || b=0
grep -q 'more problems not shown' "$ERR" || b=0
[ "$rss_a" -gt "$RSS" ] && RSS=$rss_a
row "9 10M-row CSV; 400k bad rows (800k problems)" "$(both "$a" "$b")" "row limit, one problem; 200 shown and one line counting the rest"
rm -f rows.csv bad.csv

# 10. 16,000 errors on one line: rendered in time proportional to the windows.
python3 -c '
parts = ",".join(f"\"p{i}\": {{\"name\": \"名前{i}\", \"division\": \"Provder\"}}" for i in range(16000))
open("line.json", "w").write("{\"name\": \"x\", \"parties\": {" + parts + "}}")
'
start=$(date +%s.%N)
run check line.json --max-problems 0
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e - s}')
a=$(both "$(is "$CODE" 2)" "$( [ "$(grep -c 'error\[unknown-variant\]' "$ERR")" = 16000 ] && echo 1 || echo 0)")
awk -v t="$secs" 'BEGIN{exit !(t < 30)}' || a=0
row "10 16,000 errors on one line" "$a" "all 16,000 rendered in ${secs} s (was 475 s)"
rm -f line.json

# 11. --max-size at its maximum: a valid status file reads as one.
"$BIN" checklist m.ron --party vendor --format csv -o st.csv 2>/dev/null
run check m.ron --status st.csv --max-size 18446744073709551615 --fail-on never
row "11 --max-size 18446744073709551615" "$(both "$(is "$CODE" 0)" "$( ! grep -q 'header' "$ERR" && echo 1 || echo 0)")" "status file read normally"
rm -f st.csv

# 12. Symlink loops: one loop, two loops.
mkdir -p loops/a
cp m.ron loops/a/
ln -s .. loops/a/up
ln -s ../.. loops/a/up2
ln -s . loops/self
run check loops --fail-on never
a=$(both "$(is "$CODE" 0)" "$( [ "$(grep -c 'm.ron' "$OUT")" -le 2 ] && echo 1 || echo 0)")
run check 'loops/**/*.ron' --fail-on never
b=$(is "$CODE" 0)
row "12 symlink loops in a folder and under **" "$(both "$a" "$b")" "walks end; the model is listed once"
rm -rf loops

# 13 and 14. Noncharacters and bidi controls in names: SVG valid XML, no raw bidi in MD/XLSX.
cat >chars.ron <<'EOF'
(
    name: "chain\u{FFFE}\u{202E}txt.exe",
    parties: {
        "owner": (name: "Owner\u{FFFF}\u{2066}evil", division: Customer, operates: true),
        "vendor": (name: "Vendor\u{FDD0}x\u{202E}gnp.exe", division: Provider),
    },
    contracts: [(id: "dev", client: "owner", contractor: "vendor", kind: Development, security_terms: true)],
)
EOF
run graph chars.ron --format svg --renderer builtin -o chars.svg
a=$(both "$(is "$CODE" 0)" "$(python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse("chars.svg"); print(1)' 2>/dev/null || echo 0)")
if command -v dot >/dev/null; then
    run graph chars.ron --format svg --renderer dot -o chars-dot.svg
    a=$(both "$a" "$(python3 -c 'import xml.dom.minidom; xml.dom.minidom.parse("chars-dot.svg"); print(1)' 2>/dev/null || echo 0)")
fi
row "13 U+FFFE in names: SVG" "$a" "both renderers' SVG parses as XML"
nobidi='import sys,re,zipfile
bad = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufffe\uffff\ufdd0-\ufdef]")
for f in sys.argv[1:]:
    texts = [zipfile.ZipFile(f).read(n).decode() for n in zipfile.ZipFile(f).namelist() if n.endswith(".xml")] if f.endswith(".xlsx") else [open(f).read()]
    for t in texts:
        if bad.search(t): sys.exit(1)
print(1)'
ok=1
for args in "checklist chars.ron --party vendor --format md -o cl.md" \
    "checklist chars.ron --party vendor --format xlsx -o cl.xlsx" \
    "annex chars.ron --contract dev --format md -o an.md" \
    "matrix chars.ron --format md -o mx.md" \
    "check chars.ron --format json -o ch.json --today 2026-11-25" \
    "check chars.ron --format sarif -o ch.sarif --today 2026-11-25"; do
    # shellcheck disable=SC2086
    run $args
    [ "$CODE" -le 1 ] || ok=0
done
ok=$(both "$ok" "$(python3 -c "$nobidi" cl.md cl.xlsx an.md mx.md ch.json ch.sarif 2>/dev/null || echo 0)")
row "14 U+202E in names: Markdown, XLSX, JSON, SARIF" "$ok" "no raw bidi control or noncharacter in any of them"

# Nothing outside the targets: the model is unchanged and no temporary file is left anywhere.
left=$(find "$W" -name '.rolemap-*' | wc -l)
CODE=-
RSS=0
row "(all) model unchanged, no leftovers" "$(both "$(model_same)" "$(is "$left" 0)")" "$left temporary entries found"
exit "$FAILED"
