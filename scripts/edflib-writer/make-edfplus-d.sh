#!/bin/sh
# Makes an EDF+D (discontinuous) file from an EDF+C file by deleting data records, at the byte level (EDFlib writes
# only EDF+C). The remaining records keep their time-keeping TALs, so the deleted records become a gap.
#   make-edfplus-d.sh IN.edf FIRST COUNT OUT.edf
# deletes data records FIRST .. FIRST+COUNT-1 (0-based), writes "EDF+D" over the first 5 bytes of the reserved
# field (bytes 192-196) and the new number of data records over bytes 236-243; everything else is copied.
set -eu
in=$1 first=$2 count=$3 out=$4
field() { dd if="$in" bs=1 skip="$1" count="$2" 2>/dev/null | tr -d ' '; }
header_bytes=$(field 184 8)
records=$(field 236 8)
size=$(stat -c %s "$in")
record_bytes=$(( (size - header_bytes) / records ))
{
  head -c 192 "$in"
  printf 'EDF+D'
  tail -c +198 "$in" | head -c 39
  printf '%-8d' $((records - count))
  tail -c +245 "$in" | head -c $((header_bytes - 244))
  tail -c +$((header_bytes + 1)) "$in" | head -c $((first * record_bytes))
  tail -c +$((header_bytes + (first + count) * record_bytes + 1)) "$in"
} > "$out"
