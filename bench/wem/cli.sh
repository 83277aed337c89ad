#!/usr/bin/env bash
# Whole process against whole process (issue 9): `./otactive wmi query` and Debian's impacket
# `wmiquery.py` (run unmodified), the same WQL query against the same fake Windows host on
# 127.0.0.177:135, alternating, ROUNDS each: first with otactive on its own (the command opens the
# store itself), then with `./otactive serve` running on the same store (the README's set-up: the
# command hands the query to the service). Prints every round and the medians.
# Usage: bench/wem/cli.sh [ROUNDS]   (as root: the fake binds port 135; traffic stays on loopback)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-10}"
ADDR=127.0.0.177
USER_NAME=bench
PASS='Bench#2026'
QUERY="SELECT Caption, Version, BuildNumber FROM Win32_OperatingSystem"
WMIQUERY=/usr/share/doc/python3-impacket/examples/wmiquery.py
work="$(mktemp -d)"
fake="" serve=""
cleanup() {
  [[ -n "$serve" ]] && kill "$serve" 2>/dev/null && wait "$serve" 2>/dev/null
  [[ -n "$fake" ]] && kill "$fake" 2>/dev/null && wait "$fake" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

scripts/fake-windows-host --address "$ADDR" --user "$USER_NAME" --password "$PASS" >"$work/fake.log" 2>&1 &
fake=$!
for _ in $(seq 600); do
  (exec 3<>"/dev/tcp/$ADDR/135") 2>/dev/null && break
  sleep 0.1
done
./otactive --version >/dev/null # builds the jar and the start-up cache before anything is timed
db="jdbc:h2:file:$work/db"
./otactive --db "$db" user add "$(id -un)" --role admin --reason bench >/dev/null
./otactive --db "$db" monitoring on --reason bench >/dev/null
echo "$QUERY" >"$work/q.wql"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# One side-by-side series; $1 names it.
series() {
  local ours=() theirs=() r t0 t1 t2 mo mt
  for r in $(seq "$ROUNDS"); do
    t0=$(now_ms)
    P="$PASS" ./otactive --db "$db" wmi query "$ADDR" --user "$USER_NAME" --password-env P "$QUERY" >"$work/ours.out"
    t1=$(now_ms)
    /usr/bin/python3 "$WMIQUERY" -file "$work/q.wql" "$USER_NAME:$PASS@$ADDR" >"$work/theirs.out" 2>&1
    t2=$(now_ms)
    # impacket exits 0 even when it fails: its output must have no error line and the row.
    if grep -q '^\[-\]' "$work/theirs.out" || ! grep -q 'Windows' "$work/theirs.out"; then
      cat "$work/theirs.out" >&2; exit 1
    fi
    grep -q 'Windows' "$work/ours.out" || { cat "$work/ours.out" >&2; exit 1; }
    ours+=($((t1 - t0))) theirs+=($((t2 - t1)))
    echo "$1, round $r: otactive wmi query $((t1 - t0)) ms, wmiquery.py $((t2 - t1)) ms"
  done
  mo=$(median "${ours[@]}") mt=$(median "${theirs[@]}")
  echo "$1, median of $ROUNDS: otactive wmi query $mo ms, impacket wmiquery.py $mt ms (impacket's time / otactive's:" \
    "$(awk -v a="$mt" -v b="$mo" 'BEGIN { printf "%.2f", a / b }'))"
}
series "otactive on its own"
./otactive --db "$db" serve --port 0 >"$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 600); do grep -q "commands on" "$work/serve.log" && break; sleep 0.1; done
grep -q "commands on" "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }
./otactive --db "$db" run status >/dev/null # builds the hand-over's start-up cache before anything is timed
series "with otactive serve running"
