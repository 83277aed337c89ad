#!/usr/bin/env bash
# Reverse-DNS throughput benchmark: dnsperf vs nmap vs otactive, against a real NSD on 127.0.0.1:53
# serving a /16 reverse zone (10.200.0.0/16, 65,536 PTR records).
#
#   sudo bench/rdns/run.sh            (from anywhere; needs root for port 53, the network
#                                      namespace and the optional receive-buffer sysctl)
#
# Safety: every client is pointed at 127.0.0.1 only. By default the whole run is moved into a
# fresh network namespace (unshare --net) that has nothing but the loopback interface, so no
# packet can leave the machine even by mistake. Every command is bounded by STEP_TIMEOUT and the
# whole run by TOTAL_TIMEOUT; NSD is always stopped on exit and sysctls are always restored.
#
# Knobs (environment):
#   STEP_TIMEOUT=300        seconds any one measured command may run before it is killed
#   TOTAL_TIMEOUT=1800      seconds for the whole run
#   DNSPERF_SETTINGS="1:100:1 1:200:1 2:200:2"   clients:max-outstanding(-q):threads(-T)
#   DNSPERF_RUN="-n 1"      how long dnsperf runs: "-n 1" sends each of the 65,536 queries once;
#                           e.g. "-l 10" runs 10 s, cycling through the file
#   DNSPERF_REPEATS=3       runs per dnsperf setting (the table shows the median, raw lists all)
#   DNSPERF_TIMEOUT=2       dnsperf per-query timeout (-t), s
#   NMAP_REPEATS=3          nmap runs per buffer setting (the table shows the median by wall time)
#   NMAP_BIGBUF=1           also run nmap with net.core.rmem_default/rmem_max raised to BIG_RMEM
#   BIG_RMEM=8388608        bytes
#   OTACTIVE=<repo>/otactive   launcher to benchmark (skipped with "otactive: not available")
#   OTACTIVE_EXTRA_ARGS=""  extra arguments appended to both otactive command lines
#   RDNS_NETNS=auto         auto: use a private network namespace if possible; 1: require it; 0: never
#   QUIET_WAIT=0            wait up to this many seconds for the 1-minute load average to drop
#                           below QUIET_LOAD before measuring (other work on the box skews results)
#   QUIET_LOAD=0.5
#   KEEP=0                  1: keep the zone, query file, NSD database and H2 database too
#   WORKDIR=                directory to use instead of a fresh /tmp/rdns-bench.XXXXXX
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

: "${STEP_TIMEOUT:=300}"
: "${TOTAL_TIMEOUT:=1800}"
: "${DNSPERF_SETTINGS:=1:100:1 1:200:1 2:200:2}"
: "${DNSPERF_RUN:=-n 1}"
: "${DNSPERF_REPEATS:=3}"
: "${DNSPERF_TIMEOUT:=2}"
: "${NMAP_REPEATS:=3}"
: "${NMAP_BIGBUF:=1}"
: "${BIG_RMEM:=8388608}"
: "${OTACTIVE:=$REPO/otactive}"
: "${OTACTIVE_EXTRA_ARGS:=}"
: "${RDNS_NETNS:=auto}"
: "${QUIET_WAIT:=0}"
: "${QUIET_LOAD:=0.5}"
: "${KEEP:=0}"

SERVER=127.0.0.1
PORT=53
ZONE=200.10.in-addr.arpa
RANGE=10.200.0.0/16
TOTAL=65536
RATE_RANGE=10.200.0.0/21
RATE_TOTAL=2048
RATE_TARGET=500

say() { printf '%s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 0. Move into a private network namespace (loopback only), unless told not to.
#    A handle on the original namespace is passed down as fd 9; it is used only to change and
#    restore net.core.rmem_* (global sysctls that can only be written from there).
# ---------------------------------------------------------------------------------------------
if [[ -z "${_RDNS_INNER:-}" && "$RDNS_NETNS" != 0 ]]; then
  if [[ $EUID -eq 0 ]] && unshare --net true 2>/dev/null; then
    exec 9</proc/self/ns/net
    trap ':' INT TERM   # let the inner run clean up; it gets the signal itself
    _RDNS_INNER=1 _RDNS_HOST_NETNS=/proc/self/fd/9 unshare --net -- bash "${BASH_SOURCE[0]}" "$@"
    exit $?
  elif [[ "$RDNS_NETNS" == 1 ]]; then
    die "RDNS_NETNS=1 but cannot create a network namespace (need root and unshare)"
  fi
  say "note: no private network namespace; running on the host loopback"
fi
if [[ -n "${_RDNS_INNER:-}" ]]; then
  ip link set lo up || die "cannot bring up lo in the private network namespace"
  NETNS_NOTE="private network namespace (lo only)"
else
  NETNS_NOTE="host network namespace, loopback only"
fi

host_sysctl() {
  if [[ -n "${_RDNS_HOST_NETNS:-}" ]]; then
    nsenter --net="$_RDNS_HOST_NETNS" sysctl "$@"
  else
    sysctl "$@"
  fi
}

for tool in nsd dnsperf nmap dig awk python3 timeout ss; do
  command -v "$tool" >/dev/null || die "missing tool: $tool"
done

# ---------------------------------------------------------------------------------------------
# Work directory, clean-up, time bounds.
# ---------------------------------------------------------------------------------------------
if [[ -n "${WORKDIR:-}" ]]; then
  W=$WORKDIR; mkdir -p "$W"
else
  W=$(mktemp -d /tmp/rdns-bench.XXXXXX)
fi
W=$(cd "$W" && pwd)
NSD_PID=""
WATCHDOG_PID=""
RMEM_SAVED=""

restore_rmem() {
  if [[ -n "$RMEM_SAVED" ]]; then
    # rmem_max first, so rmem_default never exceeds it.
    host_sysctl -q -w "net.core.rmem_max=${RMEM_SAVED#* }" >/dev/null
    host_sysctl -q -w "net.core.rmem_default=${RMEM_SAVED% *}" >/dev/null
    say "restored net.core.rmem_default=${RMEM_SAVED% *} rmem_max=${RMEM_SAVED#* }"
    RMEM_SAVED=""
  fi
}

stop_nsd() {
  if [[ -n "$NSD_PID" ]] && kill -0 "$NSD_PID" 2>/dev/null; then
    # NSD was started with setsid, so its pid is also the id of its process group (main, server
    # child, xfrd); signal that group only.
    kill -TERM -- "-$NSD_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$NSD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$NSD_PID" 2>/dev/null
    wait "$NSD_PID" 2>/dev/null
    for _ in $(seq 50); do pgrep -g "$NSD_PID" >/dev/null || break; sleep 0.1; done
  fi
  NSD_PID=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  restore_rmem
  stop_nsd
  [[ -n "$WATCHDOG_PID" ]] && kill "$WATCHDOG_PID" 2>/dev/null
  if [[ "$KEEP" != 1 ]]; then
    rm -rf "$W/zones" "$W/nsd.db" "$W"/benchdb* "$W/xfr" 2>/dev/null
  fi
  say "work directory (logs, raw outputs, summary): $W"
  exit "$rc"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

(
  sleep "$TOTAL_TIMEOUT" & s=$!
  trap 'kill $s 2>/dev/null; exit 0' TERM
  wait $s
  echo "run.sh: TOTAL_TIMEOUT ($TOTAL_TIMEOUT s) reached, stopping" >&2
  kill -TERM $$
) 2>/dev/null &
WATCHDOG_PID=$!

# Bounded command: killed (with its whole process group) after STEP_TIMEOUT seconds.
bounded() { timeout -k 10 "$STEP_TIMEOUT" "$@"; }

now() { date +%s.%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# 1. Pre-flight: nothing may already listen on port 53 here.
# ---------------------------------------------------------------------------------------------
busy=$(ss -Hlnut 2>/dev/null | awk '{ print $5 }' | grep -E '(^|[]:.*])53$' || true)
if [[ -n "$busy" ]]; then
  ss -lunpt | grep -E ':53\b' >&2
  die "something already listens on port 53 (see above); stop it first"
fi

say "== reverse-DNS benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) =="
say "machine: $(nproc) cores, $(uname -sr); $NETNS_NOTE"
NSD_VERSION=$(nsd -v 2>&1 | awk 'NR==1 { print $3 }')
DNSPERF_VERSION=$(dnsperf -h 2>&1 | awk '/^Version/ { print $2 }')
NMAP_VERSION=$(nmap --version | awk 'NR==1 { print $3 }')
say "versions: NSD $NSD_VERSION, dnsperf $DNSPERF_VERSION, nmap $NMAP_VERSION"
say "work directory: $W"
if [[ "$QUIET_WAIT" -gt 0 ]]; then
  deadline=$((SECONDS + QUIET_WAIT))
  while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }' && [[ $SECONDS -lt $deadline ]]; do sleep 5; done
fi
LOAD_START=$(load1)
say "1-minute load average before measuring: $LOAD_START (2 cores; above ~0.5 means something else is running)"

# ---------------------------------------------------------------------------------------------
# 2. Zone + query file, NSD.
# ---------------------------------------------------------------------------------------------
"$HERE/gen-zone.sh" "$W/zones" || die "zone generation failed"
QUERIES=$W/zones/queries.txt
mkdir -p "$W/xfr"

cat > "$W/nsd.conf" <<EOF
server:
  ip-address: $SERVER
  port: $PORT
  do-ip6: no
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$W/zones"
  pidfile: "$W/nsd.pid"
  xfrdfile: "$W/xfrd.state"
  xfrdir: "$W/xfr"
  zonelistfile: "$W/zone.list"
  database: "$W/nsd.db"
  logfile: "$W/nsd.log"
  verbosity: 0
  hide-version: yes
remote-control:
  control-enable: no
zone:
  name: "$ZONE"
  zonefile: "$ZONE.zone"
EOF
nsd-checkconf "$W/nsd.conf" || die "nsd-checkconf rejected $W/nsd.conf"

setsid nsd -d -c "$W/nsd.conf" > "$W/nsd.stdout" 2>&1 &
NSD_PID=$!

ready=""
for _ in $(seq 120); do
  kill -0 "$NSD_PID" 2>/dev/null || { cat "$W/nsd.stdout" "$W/nsd.log" >&2 2>/dev/null; die "NSD exited during start-up"; }
  if [[ -n "$(dig @"$SERVER" -p "$PORT" SOA "$ZONE" +short +time=1 +tries=1 2>/dev/null)" ]]; then ready=1; break; fi
  sleep 0.25
done
[[ -n "$ready" ]] || die "NSD did not answer within 30 s"
probe=$(dig @"$SERVER" -p "$PORT" -x 10.200.1.2 +short +time=1 +tries=1)
[[ "$probe" == "host-1-2.bench.plant.example." ]] || die "unexpected PTR for 10.200.1.2: '$probe'"
say "NSD $NSD_VERSION up on $SERVER:$PORT (pid $NSD_PID); 10.200.1.2 -> $probe"

RAW=$W/raw.txt        # human-readable raw figures
TSV=$W/summary.tsv    # tool  wall_s  qps  resolved  lost  extra
: > "$RAW"
printf 'tool\twall_s\tqps\tresolved\tlost\tnotes\n' > "$TSV"
raw() { say "$*" | tee -a "$RAW"; }

# ---------------------------------------------------------------------------------------------
# 3a. dnsperf: the server's capacity.
# ---------------------------------------------------------------------------------------------
raw ""
DNSPERF_BEST=0
raw "-- dnsperf ($DNSPERF_RUN, load $(load1), -t $DNSPERF_TIMEOUT, $DNSPERF_REPEATS runs per setting) --"
for setting in $DNSPERF_SETTINGS; do
  IFS=: read -r c q t <<< "$setting"
  t=${t:-1}
  label="dnsperf -c $c -q $q -T $t"
  runs=()
  for r in $(seq "$DNSPERF_REPEATS"); do
    log="$W/dnsperf-c$c-q$q-T$t-run$r.txt"
    # shellcheck disable=SC2086
    bounded dnsperf -s "$SERVER" -p "$PORT" -d "$QUERIES" -c "$c" -q "$q" -T "$t" -t "$DNSPERF_TIMEOUT" $DNSPERF_RUN > "$log" 2>&1
    rc=$?
    line=$(awk '
      /Queries sent:/        { sent = $3 }
      /Queries completed:/   { compl = $3 }
      /Queries lost:/        { lost = $3 }
      /Response codes:/      { for (i = 3; i < NF; i++) if ($i == "NOERROR") noerr = $(i + 1) }
      /Run time \(s\):/      { rt = $4 }
      /Queries per second:/  { qps = $4 }
      /Average Latency/      { lat = $4 }
      END { if (qps == "") exit
            printf "%.3f %.0f %s %s %s %s %.3f", rt, qps, sent, compl, lost, (noerr == "" ? 0 : noerr), lat * 1000 }' "$log")
    read -r rt qps sent completed lost noerr lat <<< "$line"
    if [[ $rc -ne 0 || -z "$qps" ]]; then
      raw "$label run $r: FAILED (exit $rc), see $log"
      continue
    fi
    raw "$label run $r: sent $sent, completed $completed, lost $lost, NOERROR $noerr, run time ${rt}s, ${qps} q/s, avg latency ${lat} ms"
    runs+=("$qps $rt $noerr $lost")
    DNSPERF_BEST=$(awk -v a="$DNSPERF_BEST" -v b="$qps" 'BEGIN { print (b > a ? b : a) }')
  done
  if [[ ${#runs[@]} -eq 0 ]]; then
    printf '%s\t-\t-\t-\t-\t%s\n' "$label" "all $DNSPERF_REPEATS runs failed or timed out" >> "$TSV"
  else
    # median run by q/s (lower median for an even count)
    med=$(printf '%s\n' "${runs[@]}" | sort -n -k1,1 | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }')
    read -r mqps mrt mnoerr mlost <<< "$med"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$mrt" "$mqps" "$mnoerr" "$mlost" \
      "median of ${#runs[@]}; q/s per run: $(printf '%s\n' "${runs[@]}" | awk '{ printf "%s%s", (NR > 1 ? "," : ""), $1 }')" >> "$TSV"
  fi
done
raw "dnsperf best: $DNSPERF_BEST q/s"

# ---------------------------------------------------------------------------------------------
# 3b. nmap list scan with reverse DNS (sends nothing to the targets, only PTR queries to NSD).
# ---------------------------------------------------------------------------------------------
run_nmap() {   # label tag: NMAP_REPEATS runs, one TSV row (median by wall time)
  local label=$1 tag=$2 r t0 t1 rc wall resolved listed rate reported runs=() med
  for r in $(seq "$NMAP_REPEATS"); do
    t0=$(now)
    bounded nmap -sL -R --dns-servers "$SERVER" "$RANGE" -oG "$W/nmap-$tag-run$r.gnmap" > "$W/nmap-$tag-run$r.out" 2>&1
    rc=$?
    t1=$(now)
    wall=$(elapsed "$t0" "$t1")
    if [[ $rc -ne 0 ]]; then
      raw "$label run $r: FAILED (exit $rc) after ${wall}s, see $W/nmap-$tag-run$r.out"
      continue
    fi
    resolved=$(grep -Ec '^Host: [0-9.]+ \([^)]+\)' "$W/nmap-$tag-run$r.gnmap")
    listed=$(grep -Ec '^Host: ' "$W/nmap-$tag-run$r.gnmap")
    rate=$(awk -v n="$TOTAL" -v w="$wall" 'BEGIN { printf "%.0f", n / w }')
    reported=$(awk '/^Nmap done:/ { for (i = 1; i <= NF; i++) if ($i == "in") print $(i + 1) }' "$W/nmap-$tag-run$r.out")
    raw "$label run $r: wall ${wall}s (nmap says ${reported:-?}s), $rate addr/s, $listed listed, $resolved/$TOTAL names resolved"
    runs+=("$wall $rate $resolved")
  done
  if [[ ${#runs[@]} -eq 0 ]]; then
    printf '%s\t-\t-\t-\t-\t%s\n' "$label" "all $NMAP_REPEATS runs failed or timed out (exit 124 = killed after ${STEP_TIMEOUT}s)" >> "$TSV"
    return
  fi
  med=$(printf '%s\n' "${runs[@]}" | sort -n -k1,1 | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }')
  read -r wall rate resolved <<< "$med"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$wall" "$rate" "$resolved" "$((TOTAL - resolved))" \
    "median of ${#runs[@]}; resolved per run: $(printf '%s\n' "${runs[@]}" | awk '{ printf "%s%s", (NR > 1 ? "," : ""), $3 }')" >> "$TSV"
}

raw ""
RMEM_DEF=$(sysctl -n net.core.rmem_default)
RMEM_MAX=$(sysctl -n net.core.rmem_max)
raw "-- nmap $NMAP_VERSION: nmap -sL -R --dns-servers $SERVER $RANGE ($NMAP_REPEATS runs per setting, load $(load1)) --"
run_nmap "nmap -sL -R (rmem_default $RMEM_DEF)" stock

if [[ "$NMAP_BIGBUF" == 1 ]]; then
  RMEM_SAVED="$RMEM_DEF $RMEM_MAX"
  if host_sysctl -q -w "net.core.rmem_max=$BIG_RMEM" >/dev/null && host_sysctl -q -w "net.core.rmem_default=$BIG_RMEM" >/dev/null \
     && [[ "$(sysctl -n net.core.rmem_default)" == "$BIG_RMEM" ]]; then
    raw "raised net.core.rmem_default and rmem_max to $BIG_RMEM (were $RMEM_DEF / $RMEM_MAX)"
    run_nmap "nmap -sL -R (rmem_default $BIG_RMEM)" bigbuf
  else
    raw "could not raise net.core.rmem_default/rmem_max; skipping the big-buffer nmap run"
  fi
  restore_rmem
fi

# ---------------------------------------------------------------------------------------------
# 3c. otactive.
#     A warm-up call (--help, untimed) comes first: the launcher builds its jar on first use or
#     after source changes, and that build must not be counted. A second --help is timed as the
#     JVM start-up cost.
# ---------------------------------------------------------------------------------------------
raw ""
raw "-- otactive (load $(load1)) --"
otactive_na() { raw "otactive: not available${1:+ ($1)}"; printf 'otactive rdns\t-\t-\t-\t-\tnot available%s\n' "${1:+: $1}" >> "$TSV"; }

run_otactive() {   # tag dbname range rate; sets OT_WALL OT_RC
  local tag=$1 db=$2 range=$3 rate=$4 t0 t1
  t0=$(now)
  # shellcheck disable=SC2086
  ( cd "$REPO" && JAVA_TOOL_OPTIONS="-Xmx256m -Xlog:gc:file=$W/otactive-$tag.gc" bounded /usr/bin/time -v -o "$W/otactive-$tag.time" \
      "$OTACTIVE" --db "jdbc:h2:file:$W/$db" rdns "$range" --dns-server "$SERVER:$PORT" \
      --rate "$rate" --format csv --out "$W/otactive-$tag.csv" $OTACTIVE_EXTRA_ARGS ) \
    > "$W/otactive-$tag.out" 2>&1
  OT_RC=$?
  t1=$(now)
  OT_WALL=$(elapsed "$t0" "$t1")
}
# Peak Java heap in use (MB): the largest "before" figure of any GC in the log ("123M->45M(256M)").
peak_heap_mb() { grep -oE '[0-9]+M->[0-9]+M' "$1" 2>/dev/null | cut -dM -f1 | sort -n | tail -1; }
maxrss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1" 2>/dev/null; }
csvval() { awk -F= -v k="$2" '$1 == k { print $2 }' <<< "$1"; }
# otactive's own closing line, if it has one, e.g. "... 65536 packets in 9.55 s (6866 targets/s) ...":
# prints "SECONDS RATE" or "- -".
self_report() {
  grep -oE 'in [0-9]+(\.[0-9]+)? ?s \([0-9]+(\.[0-9]+)? [a-z]+/s' "$1" 2>/dev/null | tail -1 \
    | grep -oE '[0-9]+(\.[0-9]+)?' | awk '{ v[NR] = $0 } END { if (NR == 2) print v[1], v[2]; else print "- -" }'
}
# otactive's send rate, first packet to last ("sent at 499 packets/s"), or "-".
self_send_rate() {
  grep -oE 'sent at [0-9]+(\.[0-9]+)? packets/s' "$1" 2>/dev/null | tail -1 | grep -oE '[0-9]+(\.[0-9]+)?' || echo -
}
# Queries seen on the wire in a capture: prints "COUNT RATE" (rate first to last packet) or "- -".
wire_rate() {
  command -v tcpdump >/dev/null || { echo "- -"; return; }
  tcpdump -r "$1" -tt -n 2>/dev/null | awk 'NR == 1 { f = $1 } { l = $1; n++ }
    END { if (n > 1 && l > f) printf "%d %.1f\n", n, (n - 1) / (l - f); else print "- -" }'
}

if [[ ! -x "$OTACTIVE" ]]; then
  otactive_na "$OTACTIVE missing or not executable"
elif [[ ! -x /usr/bin/time ]]; then
  otactive_na "/usr/bin/time missing"
elif ! ( cd "$REPO" && JAVA_TOOL_OPTIONS=-Xmx256m bounded "$OTACTIVE" --help ) > "$W/otactive-warmup.out" 2>&1; then
  otactive_na "warm-up '$OTACTIVE --help' failed, see $W/otactive-warmup.out"
else
  t0=$(now); ( cd "$REPO" && JAVA_TOOL_OPTIONS=-Xmx256m bounded "$OTACTIVE" --help ) > "$W/otactive-help.out" 2>&1; t1=$(now)
  startup=$(elapsed "$t0" "$t1")
  raw "otactive --help (JVM start-up, after an untimed warm-up): ${startup}s"

  run_otactive full benchdb "$RANGE" unlimited
  if [[ $OT_RC -ne 0 || ! -s "$W/otactive-full.csv" ]]; then
    otactive_na "exit $OT_RC after ${OT_WALL}s, see $W/otactive-full.out"
  else
    st=$(python3 "$HERE/csvstats.py" "$W/otactive-full.csv")
    rows=$(csvval "$st" rows); ok=$(csvval "$st" ok); named=$(csvval "$st" named)
    rss=$(maxrss_mb "$W/otactive-full.time")
    rate=$(awk -v n="$TOTAL" -v w="$OT_WALL" 'BEGIN { printf "%.0f", n / w }')
    read -r self_s self_rate <<< "$(self_report "$W/otactive-full.out")"
    heap=$(peak_heap_mb "$W/otactive-full.gc")
    send_rate=$(self_send_rate "$W/otactive-full.out")
    raw "otactive rdns $RANGE --rate unlimited: wall ${OT_WALL}s (JVM start-up and database included), $rate addr/s, max RSS ${rss:-?} MB, peak heap ${heap:-?} MB of 256"
    raw "  otactive's own figure: ${self_s}s, ${self_rate}/s; sent at ${send_rate} queries/s (first to last query)"
    raw "  CSV: $rows rows, outcome=ok: $ok (outcome column: $(csvval "$st" outcome_col)), with a bench.plant.example name: $named"
    printf 'otactive rdns\t%s\t%s\t%s\t%s\t%s\n' "$OT_WALL" "$rate" "$named" "$((TOTAL - named))" \
      "rows $rows, ok $ok, peak heap ${heap:-?} MB (-Xmx256m), max RSS ${rss:-?} MB, own figure ${self_s}s = ${self_rate}/s, sent at ${send_rate}/s" >> "$TSV"

    # Rate check: --rate 500 on 2,048 addresses must achieve 500/s +-5%. Judged, in order of
    # preference, on: timestamps in the CSV (first to last), otactive's own closing figure, or
    # wall time minus the JVM start-up measured above.
    cap_pid=
    if command -v tcpdump >/dev/null; then
      tcpdump -i lo -n -U -w "$W/otactive-rate500.pcap" "udp and dst host $SERVER and dst port $PORT" \
        > "$W/tcpdump.out" 2>&1 &
      cap_pid=$!
      sleep 1
    fi
    run_otactive rate500 benchdb-rate "$RATE_RANGE" "$RATE_TARGET"
    if [[ -n "$cap_pid" ]]; then sleep 1; kill "$cap_pid" 2>/dev/null; wait "$cap_pid" 2>/dev/null; fi
    if [[ $OT_RC -ne 0 || ! -s "$W/otactive-rate500.csv" ]]; then
      raw "otactive --rate $RATE_TARGET: failed (exit $OT_RC), see $W/otactive-rate500.out"
    else
      st=$(python3 "$HERE/csvstats.py" "$W/otactive-rate500.csv")
      rrows=$(csvval "$st" rows); span=$(csvval "$st" span_s)
      read -r self_s self_rate <<< "$(self_report "$W/otactive-rate500.out")"
      send_rate=$(self_send_rate "$W/otactive-rate500.out")
      read -r wire_n wire <<< "$(wire_rate "$W/otactive-rate500.pcap")"
      by_wall=$(awk -v n="$RATE_TOTAL" -v w="$OT_WALL" 'BEGIN { printf "%.1f", n / w }')
      by_net=$(awk -v n="$RATE_TOTAL" -v w="$OT_WALL" -v s="$startup" 'BEGIN { d = w - s; if (d > 0) printf "%.1f", n / d; else print "-" }')
      by_csv="-"
      [[ "$span" != "-" ]] && by_csv=$(awk -v n="$rrows" -v s="$span" 'BEGIN { if (s > 0) printf "%.1f", (n - 1) / s; else print "-" }')
      if [[ "$wire" != "-" ]]; then judged=$wire; basis="a tcpdump capture at the server's port ($wire_n queries, first to last)"
      elif [[ "$by_csv" != "-" ]]; then judged=$by_csv; basis="CSV timestamps ($(csvval "$st" time_col))"
      elif [[ "$send_rate" != "-" ]]; then judged=$send_rate; basis="otactive's send rate (first to last packet)"
      elif [[ "$self_rate" != "-" ]]; then judged=$self_rate; basis="otactive's own figure"
      else judged=$by_net; basis="wall minus JVM start-up (${startup}s)"
      fi
      verdict=$(awk -v r="$judged" -v t="$RATE_TARGET" 'BEGIN { if (r == "-") print "UNKNOWN"; else if (r >= 0.95 * t && r <= 1.05 * t) print "PASS"; else print "FAIL" }')
      raw "otactive rdns $RATE_RANGE --rate $RATE_TARGET: wall ${OT_WALL}s, $rrows rows, max RSS $(maxrss_mb "$W/otactive-rate500.time") MB"
      raw "  achieved rate: $wire/s on the wire ($wire_n queries captured), ${send_rate}/s sent by otactive's own count, $by_csv/s from CSV timestamps, ${self_rate}/s by otactive (${self_s}s incl. start of run and last answers), $by_net/s by wall minus start-up, $by_wall/s by wall"
      raw "  rate check ($RATE_TARGET/s +-5%, judged on $basis): $judged/s -> $verdict"
      printf 'otactive rdns --rate %s (%s)\t%s\t%s\t%s\t%s\t%s\n' "$RATE_TARGET" "$RATE_RANGE" "$OT_WALL" "-" "-" "-" \
        "rate check $verdict: $judged/s on $basis; $rrows rows" >> "$TSV"
    fi
  fi
fi

stop_nsd

# ---------------------------------------------------------------------------------------------
# 4. Summary.
# ---------------------------------------------------------------------------------------------
{
  say ""
  say "== summary: reverse DNS of $RANGE ($TOTAL addresses) against NSD $NSD_VERSION on $SERVER:$PORT, $(nproc) cores =="
  awk -F'\t' -v best="$DNSPERF_BEST" -v total="$TOTAL" '
    NR == 1 { printf "%-38s %8s %8s %12s %6s %6s  %s\n", "tool", "wall s", "q/s", "resolved", "lost", "ratio", "notes"; next }
    {
      ratio = ($3 ~ /^[0-9.]+$/ && best > 0) ? sprintf("%.3f", $3 / best) : "-"
      res = ($4 == "-") ? "-" : $4 "/" total
      printf "%-38s %8s %8s %12s %6s %6s  %s\n", $1, $2, $3, res, $5, ratio, $6
    }' "$TSV"
  say "(1-minute load average: $LOAD_START at start, $(load1) at end)"
  say "(ratio = q/s / best dnsperf run, $DNSPERF_BEST q/s; nmap and otactive q/s = $TOTAL / wall time)"
} | tee "$W/summary.txt"
