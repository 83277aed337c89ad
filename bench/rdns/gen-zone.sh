#!/usr/bin/env bash
# Generate the benchmark reverse zone for 10.200.0.0/16 and a matching dnsperf query file.
#
#   gen-zone.sh OUTDIR
#
# Writes:
#   OUTDIR/200.10.in-addr.arpa.zone  SOA + NS + 65,536 PTR records
#                                     (d.c.200.10.in-addr.arpa. PTR host-c-d.bench.plant.example.)
#   OUTDIR/queries.txt               65,536 lines "d.c.200.10.in-addr.arpa PTR", in address order
#                                     (10.200.0.0, 10.200.0.1, ..., 10.200.255.255)
set -euo pipefail

out=${1:?usage: gen-zone.sh OUTDIR}
mkdir -p "$out"

awk -v zone="$out/200.10.in-addr.arpa.zone" -v queries="$out/queries.txt" 'BEGIN {
  print "$ORIGIN 200.10.in-addr.arpa."                                            > zone
  print "$TTL 3600"                                                               > zone
  print "@ IN SOA ns1.bench.plant.example. hostmaster.bench.plant.example. ( 2026112901 3600 600 86400 300 )" > zone
  print "@ IN NS ns1.bench.plant.example."                                        > zone
  for (c = 0; c < 256; c++)
    for (d = 0; d < 256; d++) {
      printf "%d.%d.200.10.in-addr.arpa. IN PTR host-%d-%d.bench.plant.example.\n", d, c, c, d > zone
      printf "%d.%d.200.10.in-addr.arpa PTR\n", d, c                                          > queries
    }
  close(zone); close(queries)
}'

ptrs=$(grep -c ' IN PTR ' "$out/200.10.in-addr.arpa.zone")
qs=$(wc -l < "$out/queries.txt")
if [[ $ptrs -ne 65536 || $qs -ne 65536 ]]; then
  echo "gen-zone.sh: expected 65536 PTR records and queries, got $ptrs and $qs" >&2
  exit 1
fi
