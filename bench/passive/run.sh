#!/usr/bin/env bash
# Passive import of a million-frame capture, side by side with tshark over the same file.
# The capture repeats the frames of the public ICS captures (../shared/pcaps). Nothing is sent.
# Usage: bench/passive/run.sh [FRAMES] [HEAP]   (default 1000000 frames, -Xmx64m)
set -euo pipefail
cd "$(dirname "$0")/../.."
frames="${1:-1000000}"
heap="${2:-64m}"
source scripts/java-env
mvn -B -q -Dstyle.color=never compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pcaps=../shared/pcaps
"$JAVA_HOME/bin/java" bench/passive/MakeCapture.java "$work/million.pcap" "$frames" \
  "$pcaps/modbus_test.pcap" "$pcaps/EthernetIP-CIP.pcap" "$pcaps/s7comm_reading_plc_status.pcap" \
  "$pcaps/full_exchange.pcap" "$pcaps/bacnet_test.pcap"
echo "capture: $frames frames, $(du -m "$work/million.pcap" | cut -f1) MB; load $(cut -d' ' -f1 /proc/loadavg)"
/usr/bin/time -f "otactive max RSS %M KB" "$JAVA_HOME/bin/java" "-Xmx$heap" -XX:+UseSerialGC \
  -cp "target/classes:$(cat target/bench-classpath.txt)" bench/passive/ImportBench.java "$work/million.pcap" "$work" "$frames"
start=$(date +%s.%N)
/usr/bin/time -f "tshark max RSS %M KB" tshark -r "$work/million.pcap" -n -T fields -e frame.time_epoch -e eth.src \
  -e ip.src -e ip.dst -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport > "$work/tshark.txt" 2>"$work/tshark.err" \
  || { cat "$work/tshark.err"; exit 1; }
end=$(date +%s.%N)
grep -v "Running as user" "$work/tshark.err" || true
awk -v s="$start" -v e="$end" -v n="$frames" -v l="$(wc -l < "$work/tshark.txt")" \
  'BEGIN { printf "tshark -T fields: %.2f s, %.0f frames/s (%d lines)\n", e - s, n / (e - s), l }'
