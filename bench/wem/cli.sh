#!/usr/bin/env bash
# Whole process against whole process (issue 9): `./otactive wmi query` and Debian's impacket
# `wmiquery.py` (run unmodified), the same WQL query against the same fake Windows host on
# 127.0.0.177:135, alternating, ROUNDS each. Prints every round and the medians.
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
fake=""
cleanup() {
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
ours=() theirs=()
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
  echo "round $r: otactive wmi query $((t1 - t0)) ms, wmiquery.py $((t2 - t1)) ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mo=$(median "${ours[@]}") mt=$(median "${theirs[@]}")
echo "median of $ROUNDS: otactive wmi query $mo ms, impacket wmiquery.py $mt ms (ratio $(awk -v a="$mt" -v b="$mo" 'BEGIN { printf "%.2f", a / b }'))"
