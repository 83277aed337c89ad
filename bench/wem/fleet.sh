#!/usr/bin/env bash
# A WEM site scan of 64 fake Windows hosts, 8 at a time (WEM's default concurrency), by a real
# `otactive serve` started through ./otactive (issue 9): hosts per second and the service's peak
# heap. The fakes (default data: five WQL classes and six Uninstall entries each) run in another
# JVM on 127.0.2.1 … 127.0.2.64. ROUNDS scans one after the other; the first is the service's
# first (cold) one.
# Usage: bench/wem/fleet.sh [ROUNDS] [HOSTS]   (as root: the fakes bind port 135; loopback only)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env
ROUNDS="${1:-3}" HOSTS="${2:-64}"
USER_NAME=bench PASS='Bench#2026'
work="$(mktemp -d)" fleet="" serve=""
cleanup() {
  [[ -n "$serve" ]] && kill "$serve" 2>/dev/null && wait "$serve" 2>/dev/null
  [[ -n "$fleet" ]] && exec 3>&- && wait "$fleet" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mvn -B -q -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
./otactive --version >/dev/null # builds the jar and the start-up cache before anything is timed
mkfifo "$work/fleet.in"
"$JAVA_HOME/bin/java" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  bench/wem/Fleet.java "$HOSTS" "$USER_NAME" "$PASS" <"$work/fleet.in" >"$work/fleet.out" 2>&1 &
fleet=$!
exec 3>"$work/fleet.in"
for _ in $(seq 600); do grep -q ready "$work/fleet.out" && break; sleep 0.1; done
grep -q ready "$work/fleet.out" || { cat "$work/fleet.out" >&2; exit 1; }

db="jdbc:h2:file:$work/db"
o() { ./otactive --db "$db" "$@"; }
last="127.0.2.$HOSTS"
o user add "$(id -un)" --role admin --reason bench >/dev/null
o site add fleet --zone UTC --ranges "127.0.2.1-$last" --reason bench >/dev/null
o window add --site fleet --from "$(date -u -d '-1 min' +%Y-%m-%dT%H:%M)" --to "$(date -u -d '+3 hours' +%Y-%m-%dT%H:%M)" \
  --reason bench >/dev/null
printf 'FROM,TO,USER,PASSWORD,DISABLE\n127.0.2.1,%s,%s,%s,FALSE\n' "$last" "$USER_NAME" "$PASS" >"$work/ranges.csv"
o wem ranges import --site fleet "$work/ranges.csv" --reason bench >/dev/null
o method set wem --site fleet --concurrency 8 --reason bench >/dev/null
o method enable wem --site fleet --reason bench >/dev/null
o monitoring on --reason bench >/dev/null

JAVA_TOOL_OPTIONS="-Xlog:gc:file=$work/serve.gc" ./otactive --db "$db" serve --port 0 >"$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 600); do grep -q "commands on" "$work/serve.log" && break; sleep 0.1; done
grep -q "commands on" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
o run status >/dev/null # builds the hand-over's start-up cache before anything is timed

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
for r in $(seq "$ROUNDS"); do
  t0=$(now_ms)
  out="$(o wem scan --site fleet --now --no-wait --reason bench)"
  id="$(sed -n 's/^wem run \([0-9]*\) queued.*/\1/p' <<<"$out")"
  [[ -n "$id" ]] || { echo "$out" >&2; exit 1; }
  state=""
  while :; do
    state="$(o run status "$id" --format csv | sed -n 2p | cut -d, -f4)"
    case "$state" in completed|stopped|failed|interrupted|COMPLETED|STOPPED|FAILED) break ;; esac
    sleep 0.1
  done
  t1=$(now_ms)
  o wem results --site fleet --format csv >"$work/results.csv"
  ok=$(awk -F, 'NR > 1 && $3 == "ok"' "$work/results.csv" | wc -l)
  echo "round $r: run $id $state, $HOSTS hosts in $((t1 - t0)) ms ($(awk -v n="$HOSTS" -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", n * 1000 / ms }') hosts/s), $ok with status ok"
done
peak=$(grep -oE '[0-9]+M->[0-9]+M' "$work/serve.gc" | cut -dM -f1 | sort -n | tail -1)
echo "service: peak heap ${peak:-?} MB (before a GC, whole life), $(grep -c 'Pause' "$work/serve.gc") GC pauses; heap cap: $(grep -oE '\([0-9]+M\)' "$work/serve.gc" | tail -1)"
tail -3 "$work/results.csv"
