#!/bin/sh
# Regenerates test/fixtures/edf/ from mitdb 100 and 208 with two independent EDF implementations:
# EDFlib (Debian libedf-dev, through write-edf.c) and biosig (Debian biosig-tools, save2gdf).
# Builds only where EDFlib is installed. See test/fixtures/edf/README.md for what each file is.
#   scripts/edflib-writer/make-edf-fixtures.sh [MITDB_DIR] [RDANN_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
mitdb=${1:-$repo/../shared/data/mitdb}
rdann=${2:-$repo/../shared/reference/rdann}
out=$repo/test/fixtures/edf
if [ ! -f /usr/include/edflib.h ]; then
  echo "make-edf-fixtures: EDFlib (libedf-dev) is not installed; nothing built" >&2
  exit 1
fi
command -v save2gdf >/dev/null || { echo "make-edf-fixtures: save2gdf (biosig-tools) is not installed" >&2; exit 1; }
# (no dot in the folder name: save2gdf derives its ASCII output names by replacing what follows the last dot)
work=$(mktemp -d "${TMPDIR:-/tmp}/edffixtures-XXXXXX")
trap 'rm -rf "$work"' EXIT
gcc -O2 -Wall -o "$work/write-edf" "$here/write-edf.c" -ledf -lm
mkdir -p "$out"

# Beat and rhythm annotations of the first 10 s (3600 samples): "sample<TAB>symbol", or the aux text for '+'.
for r in 100 208; do
  awk -F'\t' '{ split($1, f, " "); if (f[2] < 3600) { t = (f[3] == "+") ? $2 : f[3]; print f[2] "\t" t } }' \
    "$rdann/$r.atr.txt" > "$work/$r.ann.txt"
done

# EDFlib: 100 with 1-s data records, 208 with 0.5-s data records.
"$work/write-edf" write "$mitdb/100.dat" 3600 "$work/100.ann.txt" 100000 "$out/mitdb100-edflib.edf"
"$work/write-edf" write "$mitdb/208.dat" 3600 "$work/208.ann.txt" 50000 "$out/mitdb208-edflib.edf"
for r in 100 208; do
  "$work/write-edf" dump "$out/mitdb$r-edflib.edf" | gzip -n -9 > "$out/mitdb$r-edflib.dump.txt.gz"
done

# EDF+D: data records 8-11 (4 s-6 s) of the 208 file deleted at the byte level (EDFlib cannot write EDF+D).
"$here/make-edfplus-d.sh" "$out/mitdb208-edflib.edf" 8 4 "$out/mitdb208-edfplus-d.edf"
# biosig's reading of it: header/events (segment starts with their clock times) and samples (glued, physical).
(cd "$out" && save2gdf -JSON mitdb208-edfplus-d.edf 2>/dev/null > mitdb208-edfplus-d.biosig.json)
save2gdf -f=ASCII "$out/mitdb208-edfplus-d.edf" "$work/d208" >/dev/null 2>&1
for c in 1 2 3; do gzip -n -9 < "$work/d208.a0$c" > "$out/mitdb208-edfplus-d.biosig.a0$c.gz"; done

# biosig: the first 10 s of the WFDB record 100 converted to EDF, and biosig's own reading of that file.
save2gdf -f=EDF "[0,10]" "$mitdb/100.hea" "$out/mitdb100-biosig.edf" >/dev/null 2>&1
(cd "$out" && save2gdf -JSON mitdb100-biosig.edf 2>/dev/null > mitdb100-biosig.biosig.json)
save2gdf -f=ASCII "$out/mitdb100-biosig.edf" "$work/b100" >/dev/null 2>&1
for c in 1 2; do gzip -n -9 < "$work/b100.a0$c" > "$out/mitdb100-biosig.biosig.a0$c.gz"; done
ls -l "$out"
