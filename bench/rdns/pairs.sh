#!/usr/bin/env bash
# Compares otactive builds on the reverse-DNS benchmark in alternating runs, so that they share the
# machine's moods: each round runs every build once (run.sh with ROUNDS=1, no nmap, no rate check:
# dnsperf, then the build's whole command), the order reversed every other round. On a shared host
# single runs swing by a fifth or more; a change is worth keeping when it wins most rounds, not
# when one run looks fast (bench/RESULTS.md).
#
#   sudo bench/rdns/pairs.sh [-n ROUNDS] [-s SIZE] NAME=BUILD NAME=BUILD ...
#
# BUILD is a launcher (a path to an ./otactive, or a script that runs one with other options) or
# @REV, a git revision of this repository: it is checked out in a worktree under the work
# directory and built there by its own launcher (Maven) before the first round. ROUNDS defaults to 3,
# SIZE to 14 (the /14). Example: sudo bench/rdns/pairs.sh -n 4 before=@HEAD~1 after=./otactive
# With AGAIN=1 in the environment each build's measured scan runs on a database where the same scan
# already ran (run.sh's AGAIN): a scan that confirms every device, as a scheduled one does.
#
# Prints one line per run (dnsperf's rate, the whole command's wall time, the scan's own rate and
# seconds, "rest" = wall time less the scan's: start-up and the writing after it, the command's CPU,
# NSD's CPU meanwhile, the cores' idle share and the share stolen by the host), then per build the
# medians and the rounds it was fastest in. Everything else (logs, outputs) stays in the work
# directory it names. It sends nothing itself; run.sh sends only to 127.0.0.1, in a private network
# namespace when it can make one.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROUNDS=3 SIZE=14
while getopts "n:s:" o; do
  case "$o" in
    n) ROUNDS=$OPTARG ;;
    s) SIZE=$OPTARG ;;
    *) echo "usage: $0 [-n ROUNDS] [-s SIZE] NAME=BUILD NAME=BUILD ..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(($# >= 1)) || { echo "usage: $0 [-n ROUNDS] [-s SIZE] NAME=BUILD NAME=BUILD ..." >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "pairs.sh: ROUNDS must be a positive number, not '$ROUNDS'" >&2; exit 2; }

names=() builds=()
for arg in "$@"; do
  name=${arg%%=*} build=${arg#*=}
  [[ "$arg" == *=* && "$name" =~ ^[A-Za-z0-9_.-]+$ && -n "$build" ]] \
    || { echo "pairs.sh: expected NAME=BUILD (NAME of letters, digits, . _ -), not '$arg'" >&2; exit 2; }
  for n in "${names[@]}"; do [[ "$n" != "$name" ]] || { echo "pairs.sh: two builds named '$name'" >&2; exit 2; }; done
  if [[ "$build" == @* ]]; then
    git -C "$REPO" rev-parse --verify -q "${build#@}^{commit}" >/dev/null \
      || { echo "pairs.sh: no such revision '${build#@}'" >&2; exit 2; }
  else
    [[ -x "$build" ]] || { echo "pairs.sh: '$build' is not an executable launcher" >&2; exit 2; }
  fi
  names+=("$name") builds+=("$build")
done

W=$(mktemp -d /tmp/rdns-pairs.XXXXXX)
cleanup() {
  for t in "$W"/tree-*; do [[ -d "$t" ]] && git -C "$REPO" worktree remove --force "$t" 2>/dev/null; done
}
trap cleanup EXIT
launchers=()
for i in "${!names[@]}"; do
  name=${names[$i]} build=${builds[$i]}
  if [[ "$build" == @* ]]; then
    tree="$W/tree-$name"
    echo "pairs.sh: building $name (${build#@}) in $tree" >&2
    git -C "$REPO" worktree add -q --detach "$tree" "${build#@}" || exit 1
    # The first use builds the jar and its start-up caches: untimed, before any round.
    (cd "$tree" && ./otactive --help >/dev/null) || { echo "pairs.sh: building ${build#@} failed" >&2; exit 1; }
    build="$tree/otactive"
  fi
  launchers+=("$(cd "$(dirname "$build")" && pwd)/$(basename "$build")")
done

results="$W/runs.tsv"
printf 'round\tbuild\tdnsperf_qps\twall_s\tscan_per_s\tscan_s\trest_s\tcpu_s\tnsd_cpu_s\tidle_pct\tstolen_pct\n' > "$results"
printf '%-5s %-12s %9s %7s %9s %6s %6s %6s %6s %5s %7s\n' round build dnsperf wall scan/s scan rest cpu nsd idle% stolen%
for r in $(seq 1 "$ROUNDS"); do
  order=$(seq 0 $((${#names[@]} - 1)))
  ((r % 2 == 0)) && order=$(seq $((${#names[@]} - 1)) -1 0)
  for i in $order; do
    name=${names[$i]} dir="$W/round$r-$name"
    SIZE=$SIZE ROUNDS=1 NMAP=0 RATE_CHECK=0 OTACTIVE="${launchers[$i]}" WORKDIR="$dir" \
      bash "$HERE/run.sh" > "$dir.log" 2>&1
    raw="$dir/raw.txt" out="$dir/otactive-full-round1.out"
    line=$(grep 'otactive (whole command)' "$raw" 2>/dev/null)
    if [[ -z "$line" || "$line" != *"resolved;"* ]] || ! grep -q ' \([0-9]*\)/\1 resolved' <<< "$line"; then
      printf '%-5s %-12s FAILED or incomplete, see %s\n' "$r" "$name" "$dir.log"
      continue
    fi
    dnsperf=$(grep -oE 'T [0-9]+: [0-9]+ q/s' "$raw" | head -1 | grep -oE '[0-9]+ q/s' | grep -oE '[0-9]+')
    wall=$(grep -oE 'wall [0-9.]+s' <<< "$line" | grep -oE '[0-9.]+')
    scan=$(grep -oE 'scan alone [0-9]+' <<< "$line" | grep -oE '[0-9]+')
    scan_s=$(grep -oE 'packets in [0-9.]+ s' "$out" | tail -1 | grep -oE '[0-9.]+')
    cpu=$(grep -oE 'cpu [0-9.]+ s, NSD' <<< "$line" | grep -oE '[0-9.]+')
    nsd=$(grep -oE 'meanwhile [0-9.]+ s' <<< "$line" | grep -oE '[0-9.]+')
    idle=$(grep -oE 'cores idle [0-9]+' <<< "$line" | grep -oE '[0-9]+')
    stolen=$(grep -oE 'host [0-9.]+' <<< "$line" | grep -oE '[0-9.]+')
    rest=$(awk -v w="$wall" -v s="$scan_s" 'BEGIN { printf "%.2f", w - s }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$name" "$dnsperf" "$wall" "$scan" "$scan_s" "$rest" \
      "$cpu" "$nsd" "$idle" "$stolen" >> "$results"
    printf '%-5s %-12s %9s %7s %9s %6s %6s %6s %6s %5s %7s\n' "$r" "$name" "$dnsperf" "$wall" "$scan" "$scan_s" "$rest" \
      "$cpu" "$nsd" "$idle" "$stolen"
  done
done

echo
echo "per build (medians; fastest = rounds in which its whole command took the least time):"
python3 - "$results" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
builds = list(dict.fromkeys(r['build'] for r in rows))
rounds = {}
for r in rows:
    rounds.setdefault(r['round'], []).append(r)
full = {k: v for k, v in rounds.items() if len(v) == len(builds)}
wins = {b: sum(1 for v in full.values() if min(v, key=lambda x: float(x['wall_s']))['build'] == b) for b in builds}
med = lambda b, k: statistics.median(float(r[k]) for r in rows if r['build'] == b)
for b in builds:
    n = sum(1 for r in rows if r['build'] == b)
    print(f"  {b:12s} runs {n}: wall {med(b, 'wall_s'):.2f} s, scan {med(b, 'scan_per_s'):.0f}/s, rest {med(b, 'rest_s'):.2f} s, "
          f"cpu {med(b, 'cpu_s'):.2f} s, stolen {med(b, 'stolen_pct'):.1f} %; fastest in {wins[b]} of {len(full)} rounds")
EOF
echo "work directory: $W (runs.tsv has every run)"
