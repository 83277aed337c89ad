#!/usr/bin/env bash
# Generate the benchmark's reverse zones, one per /16 (10.B.0.0/16 for B = FIRST .. FIRST+COUNT-1),
# and a matching dnsperf query file.
#
#   gen-zone.sh OUTDIR [FIRST [COUNT]]     (defaults: FIRST 200, COUNT 1, i.e. 10.200.0.0/16)
#
# Writes:
#   OUTDIR/B.10.in-addr.arpa.zone  SOA + NS + 65,536 PTR records per zone
#                                  (d.c.B.10.in-addr.arpa. PTR host-c-d.bench.plant.example. for
#                                  B = 200, host-B-c-d.bench.plant.example. for the others)
#   OUTDIR/zones.txt               the zone names, one a line
#   OUTDIR/queries.txt             "d.c.B.10.in-addr.arpa PTR" for every address, in address order
set -euo pipefail

out=${1:?usage: gen-zone.sh OUTDIR [FIRST [COUNT]]}
first=${2:-200}
count=${3:-1}
(( first >= 0 && count >= 1 && first + count <= 256 )) || { echo "gen-zone.sh: bad FIRST/COUNT: $first $count" >&2; exit 1; }
mkdir -p "$out"
: > "$out/queries.txt"
: > "$out/zones.txt"

for ((b = first; b < first + count; b++)); do
  awk -v b="$b" -v zone="$out/$b.10.in-addr.arpa.zone" -v queries="$out/queries.txt" 'BEGIN {
    origin = b ".10.in-addr.arpa."
    # 10.200.0.0/16 keeps the names earlier results were measured with.
    prefix = (b == 200) ? "host-" : "host-" b "-"
    print "$ORIGIN " origin                                                          > zone
    print "$TTL 3600"                                                               > zone
    print "@ IN SOA ns1.bench.plant.example. hostmaster.bench.plant.example. ( 2026112901 3600 600 86400 300 )" > zone
    print "@ IN NS ns1.bench.plant.example."                                        > zone
    for (c = 0; c < 256; c++)
      for (d = 0; d < 256; d++) {
        printf "%d.%d.%s IN PTR %s%d-%d.bench.plant.example.\n", d, c, origin, prefix, c, d > zone
        printf "%d.%d.%d.10.in-addr.arpa PTR\n", d, c, b                                    >> queries
      }
    close(zone); close(queries)
  }'
  echo "$b.10.in-addr.arpa" >> "$out/zones.txt"
  ptrs=$(grep -c ' IN PTR ' "$out/$b.10.in-addr.arpa.zone")
  if [[ $ptrs -ne 65536 ]]; then
    echo "gen-zone.sh: expected 65536 PTR records in $b.10.in-addr.arpa, got $ptrs" >&2
    exit 1
  fi
done

qs=$(wc -l < "$out/queries.txt")
if [[ $qs -ne $((65536 * count)) ]]; then
  echo "gen-zone.sh: expected $((65536 * count)) queries, got $qs" >&2
  exit 1
fi
