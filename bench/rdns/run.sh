#!/usr/bin/env bash
# Reverse-DNS throughput benchmark: dnsperf vs nmap vs a plain Java loop vs otactive, side by side in one run,
# against one real NSD on 127.0.0.1:53 serving the reverse zones of the range (one zone per /16, 65,536
# PTR records each).
#
#   sudo bench/rdns/run.sh                  /14 (10.200.0.0/14: 262,144 PTR in four zones)
#   sudo SIZE=16 bench/rdns/run.sh          /16 (10.200.0.0/16)
#   sudo SIZE=12 bench/rdns/run.sh          /12 (10.192.0.0/12: 1,048,576 PTR in sixteen zones)
#
# Safety: every client is pointed at 127.0.0.1 only, and by default the whole run is moved into a
# fresh network namespace (unshare --net) that has nothing but the loopback interface, so no
# packet can leave the machine even by mistake. Every command is bounded by STEP_TIMEOUT and the
# whole run by TOTAL_TIMEOUT; NSD is always stopped on exit and sysctls are always restored.
#
# Knobs (environment):
#   SIZE=14                 prefix length of the range: 16, 14 or 12
#   ROUNDS=3                rounds; each runs every tool once (dnsperf, nmap, otactive), so the
#                           tools share the machine's moods; the tables show medians
#   DNSPERF_SETTINGS="1:100:1"   clients:max-outstanding(-q):threads(-T), each once per round
#   DNSPERF_TIMEOUT=2       dnsperf per-query timeout (-t), s
#   NMAP=1                  run nmap -sL -R (0: skip it)
#   NMAP_RMEM=8388608       net.core.rmem_default/rmem_max while nmap runs ("tuned buffers";
#                           restored afterwards; empty: leave the system's)
#   OTACTIVE=<repo>/otactive   launcher to benchmark (e.g. a wrapper around an older jar)
#   OTACTIVE_EXTRA_ARGS=""  extra arguments for the otactive command lines
#   HEAP=256m               otactive's -Xmx
#   JFR=0                   1: record a JFR profile of otactive's last round (profile.jfr)
#   RATE_CHECK=1            also run otactive --rate 500 on 10.200.0.0/21 and judge it at the wire
#   PLAIN_JAVA=1            also run RawJavaCeiling.java (a bare Java send/receive loop, nothing
#                           else) each round in its two shapes, one thread with a selector and two
#                           blocking threads, timed as whole processes: what Java alone reaches here
#   STEP_TIMEOUT=600        seconds any one measured command may run before it is killed
#   TOTAL_TIMEOUT=3600      seconds for the whole run
#   RDNS_NETNS=auto         auto: a private network namespace if possible; 1: require it; 0: never
#   QUIET_WAIT=0 QUIET_LOAD=0.5   wait up to QUIET_WAIT s for the load average to drop below QUIET_LOAD
#   KEEP=0                  1: keep zones, query file, NSD and H2 databases
#   AGAIN=0                 1: the measured otactive scan runs on a database where the same scan
#                           already ran (untimed, in the set-up): every device is known and the
#                           scan confirms them, as a scheduled scan of a range does day after day
#   WORKDIR=                directory instead of a fresh /tmp/rdns-bench.XXXXXX
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

: "${SIZE:=14}"
: "${ROUNDS:=3}"
: "${DNSPERF_SETTINGS:=1:100:1}"
: "${DNSPERF_TIMEOUT:=2}"
: "${NMAP:=1}"
: "${NMAP_RMEM=8388608}"
: "${OTACTIVE:=$REPO/otactive}"
: "${OTACTIVE_EXTRA_ARGS:=}"
: "${HEAP:=256m}"
: "${JFR:=0}"
: "${RATE_CHECK:=1}"
: "${PLAIN_JAVA:=1}"
: "${STEP_TIMEOUT:=600}"
: "${TOTAL_TIMEOUT:=3600}"
: "${RDNS_NETNS:=auto}"
: "${QUIET_WAIT:=0}"
: "${QUIET_LOAD:=0.5}"
: "${KEEP:=0}"

case "$SIZE" in
  16) FIRST=200; ZONES=1 ;;
  14) FIRST=200; ZONES=4 ;;
  12) FIRST=192; ZONES=16 ;;
  *) echo "run.sh: SIZE must be 16, 14 or 12" >&2; exit 2 ;;
esac
SERVER=127.0.0.1
PORT=53
RANGE=10.$FIRST.0.0/$SIZE
TOTAL=$((65536 * ZONES))
RATE_RANGE=10.200.0.0/21
RATE_TOTAL=2048
RATE_TARGET=500

say() { printf '%s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Prerequisites (Debian packages), installed when missing and we are root.
# ---------------------------------------------------------------------------------------------
if [[ -z "${_RDNS_INNER:-}" ]]; then
  missing=()
  command -v nsd >/dev/null || missing+=(nsd)
  command -v dnsperf >/dev/null || missing+=(dnsperf)
  command -v nmap >/dev/null || missing+=(nmap)
  command -v dig >/dev/null || missing+=(dnsutils)
  command -v tcpdump >/dev/null || missing+=(tcpdump)
  [[ -x /usr/bin/time ]] || missing+=(time)
  if ((${#missing[@]})); then
    [[ $EUID -eq 0 ]] || die "missing Debian packages: ${missing[*]} (run as root to install them)"
    say "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "could not install ${missing[*]}"
  fi
fi

# ---------------------------------------------------------------------------------------------
# 0. Move into a private network namespace (loopback only), unless told not to. A handle on the
#    original namespace is passed down as fd 9, used only for the global net.core.rmem_* sysctls.
# ---------------------------------------------------------------------------------------------
if [[ -z "${_RDNS_INNER:-}" && "$RDNS_NETNS" != 0 ]]; then
  if [[ $EUID -eq 0 ]] && unshare --net true 2>/dev/null; then
    exec 9</proc/self/ns/net
    trap ':' INT TERM
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
  if [[ -n "${_RDNS_HOST_NETNS:-}" ]]; then nsenter --net="$_RDNS_HOST_NETNS" sysctl "$@"; else sysctl "$@"; fi
}

for tool in nsd dnsperf dig awk python3 timeout ss; do
  command -v "$tool" >/dev/null || die "missing tool: $tool"
done

if [[ -n "${WORKDIR:-}" ]]; then W=$WORKDIR; mkdir -p "$W"; else W=$(mktemp -d /tmp/rdns-bench.XXXXXX); fi
W=$(cd "$W" && pwd)
NSD_PID=""
WATCHDOG_PID=""
RMEM_SAVED=""

restore_rmem() {
  if [[ -n "$RMEM_SAVED" ]]; then
    host_sysctl -q -w "net.core.rmem_max=${RMEM_SAVED#* }" >/dev/null
    host_sysctl -q -w "net.core.rmem_default=${RMEM_SAVED% *}" >/dev/null
    RMEM_SAVED=""
  fi
}

stop_nsd() {
  if [[ -n "$NSD_PID" ]] && kill -0 "$NSD_PID" 2>/dev/null; then
    # NSD was started with setsid: its pid is its process group's id; signal that group only.
    kill -TERM -- "-$NSD_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$NSD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$NSD_PID" 2>/dev/null
    wait "$NSD_PID" 2>/dev/null
  fi
  NSD_PID=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  restore_rmem
  stop_nsd
  [[ -n "$WATCHDOG_PID" ]] && kill "$WATCHDOG_PID" 2>/dev/null
  if [[ "$KEEP" != 1 ]]; then rm -rf "$W/zones" "$W/nsd.db" "$W"/benchdb* "$W/xfr" 2>/dev/null; fi
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

bounded() { timeout -k 10 "$STEP_TIMEOUT" "$@"; }
now() { date +%s.%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "-" }'; }

busy=$(ss -Hlnut 2>/dev/null | awk '{ print $5 }' | grep -E '(^|[]:.*])53$' || true)
[[ -z "$busy" ]] || die "something already listens on port 53 here; stop it first"

say "== reverse-DNS benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ): $RANGE, $TOTAL PTR in $ZONES zone(s) =="
say "machine: $(nproc) cores, $(uname -sr); $NETNS_NOTE"
NSD_VERSION=$(nsd -v 2>&1 | awk 'NR==1 { print $3 }')
DNSPERF_VERSION=$(dnsperf -h 2>&1 | awk '/^Version/ { print $2 }')
NMAP_VERSION=$(nmap --version 2>/dev/null | awk 'NR==1 { print $3 }')
say "versions: NSD $NSD_VERSION, dnsperf $DNSPERF_VERSION, nmap ${NMAP_VERSION:-none}"
[[ "${AGAIN:-0}" == 1 ]] && say "AGAIN=1: each measured otactive scan runs where the same scan ran before (every device known, confirmed)"
if [[ "$QUIET_WAIT" -gt 0 ]]; then
  deadline=$((SECONDS + QUIET_WAIT))
  while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }' && [[ $SECONDS -lt $deadline ]]; do sleep 5; done
fi
LOAD_START=$(load1)
say "1-minute load average before measuring: $LOAD_START (2 cores are shared: ratios, not absolute rates, are the figures)"

# ---------------------------------------------------------------------------------------------
# NSD with the zones.
# ---------------------------------------------------------------------------------------------
"$HERE/gen-zone.sh" "$W/zones" "$FIRST" "$ZONES" || die "zone generation failed"
QUERIES=$W/zones/queries.txt
mkdir -p "$W/xfr"
{
  cat <<EOF
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
  database: ""
  logfile: "$W/nsd.log"
  verbosity: 0
  hide-version: yes
remote-control:
  control-enable: no
EOF
  while read -r z; do printf 'zone:\n  name: "%s"\n  zonefile: "%s.zone"\n' "$z" "$z"; done < "$W/zones/zones.txt"
} > "$W/nsd.conf"
nsd-checkconf "$W/nsd.conf" || die "nsd-checkconf rejected $W/nsd.conf"
setsid nsd -d -c "$W/nsd.conf" > "$W/nsd.stdout" 2>&1 &
NSD_PID=$!
last_zone=$(tail -1 "$W/zones/zones.txt")
last_b=${last_zone%%.*}
ready=""
for _ in $(seq 600); do
  kill -0 "$NSD_PID" 2>/dev/null || { cat "$W/nsd.stdout" "$W/nsd.log" >&2 2>/dev/null; die "NSD exited during start-up"; }
  if [[ "$(dig @"$SERVER" -p "$PORT" -x "10.$last_b.255.254" +short +time=1 +tries=1 2>/dev/null)" == host-* ]]; then ready=1; break; fi
  sleep 0.25
done
[[ -n "$ready" ]] || die "NSD did not serve $last_zone within 150 s"
probe=$(dig @"$SERVER" -p "$PORT" -x 10.200.1.2 +short +time=1 +tries=1)
[[ "$probe" == "host-1-2.bench.plant.example." || $SIZE == 12 ]] || die "unexpected PTR for 10.200.1.2: '$probe'"
say "NSD $NSD_VERSION up on $SERVER:$PORT (pid $NSD_PID), $ZONES zone(s)"

RAW=$W/raw.txt
: > "$RAW"
raw() { say "$*" | tee -a "$RAW"; }

# CPU seconds (user + system) NSD's processes have used so far: the server's share of a tool's run
# is the difference across it. Two cores are shared, so what the server needs bounds the client.
TICKS=$(getconf CLK_TCK)
nsd_cpu() {
  local p total=0 stat f
  for p in $(pgrep -g "$NSD_PID" 2>/dev/null); do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    # after the name in parentheses (NSD's have spaces): state, ..., utime and stime 12th and 13th
    read -r -a f <<< "${stat##*) }"
    total=$((total + f[11] + f[12]))
  done
  awk -v t="$total" -v hz="$TICKS" 'BEGIN { printf "%.2f", t / hz }'
}
cpu_since() { awk -v a="$1" -v b="$(nsd_cpu)" 'BEGIN { printf "%.2f", b - a }'; }
# The machine's CPU counters from /proc/stat (ticks: total, guest time being inside user; idle and
# iowait; steal), and for a run the share the cores sat idle and the share the hypervisor gave to
# other guests ("stolen"): a run with much stolen time says more about the host than about the tool.
machine_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $5 + $6, $9; exit }' /proc/stat; }
machine_since() {
  local a; read -r -a a <<< "$1"
  awk -v t0="${a[0]}" -v i0="${a[1]}" -v s0="${a[2]}" '/^cpu / {
      t = 0; for (i = 2; i <= 9; i++) t += $i
      d = t - t0; if (d <= 0) d = 1
      printf "cores idle %.0f %%, stolen by the host %.1f %%", 100 * ($5 + $6 - i0) / d, 100 * ($9 - s0) / d; exit }' /proc/stat
}
# user + system seconds of a command timed by /usr/bin/time -v
time_cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# The tools. Each appends one line per run to $W/<tool>.runs: "q/s wall resolved lost [more]".
# ---------------------------------------------------------------------------------------------
run_dnsperf() {   # round c q t
  local r=$1 c=$2 q=$3 t=$4 log line
  log="$W/dnsperf-c$c-q$q-T$t-round$r.txt"
  local nsd0 m0; nsd0=$(nsd_cpu); m0=$(machine_ticks)
  bounded /usr/bin/time -v -o "$log.time" dnsperf -s "$SERVER" -p "$PORT" -d "$QUERIES" -c "$c" -q "$q" -T "$t" \
    -t "$DNSPERF_TIMEOUT" -n 1 > "$log" 2>&1
  local nsd machine; nsd=$(cpu_since "$nsd0"); machine=$(machine_since "$m0")
  line=$(awk '
    /Queries completed:/   { compl = $3 }
    /Queries lost:/        { lost = $3 }
    /Response codes:/      { for (i = 3; i < NF; i++) if ($i == "NOERROR") noerr = $(i + 1) }
    /Run time \(s\):/      { rt = $4 }
    /Queries per second:/  { qps = $4 }
    END { if (qps != "") printf "%.0f %.3f %s %s", qps, rt, (noerr == "" ? 0 : noerr), lost }' "$log")
  if [[ -z "$line" ]]; then raw "round $r dnsperf -c $c -q $q -T $t: FAILED, see $log"; return; fi
  echo "$line" >> "$W/dnsperf-c$c-q$q-T$t.runs"
  raw "round $r dnsperf -c $c -q $q -T $t: $(awk '{ printf "%s q/s, run time %s s, NOERROR %s, lost %s", $1, $2, $3, $4 }' <<< "$line");" \
    "cpu $(time_cpu "$log.time") s, NSD's cpu meanwhile $nsd s; $machine"
}

run_nmap() {   # round
  local r=$1 t0 t1 wall resolved rate out=$W/nmap-round$1
  if [[ -n "$NMAP_RMEM" ]]; then
    RMEM_SAVED="$(sysctl -n net.core.rmem_default) $(sysctl -n net.core.rmem_max)"
    host_sysctl -q -w "net.core.rmem_max=$NMAP_RMEM" >/dev/null && host_sysctl -q -w "net.core.rmem_default=$NMAP_RMEM" >/dev/null
  fi
  local nsd0 m0; nsd0=$(nsd_cpu); m0=$(machine_ticks)
  t0=$(now)
  bounded /usr/bin/time -v -o "$out.time" nmap -sL -R --dns-servers "$SERVER" "$RANGE" -oG "$out.gnmap" > "$out.out" 2>&1
  local rc=$?
  t1=$(now)
  local nsd machine; nsd=$(cpu_since "$nsd0"); machine=$(machine_since "$m0")
  restore_rmem
  wall=$(elapsed "$t0" "$t1")
  if [[ $rc -ne 0 ]]; then raw "round $r nmap: FAILED (exit $rc) after ${wall}s"; return; fi
  resolved=$(grep -Ec '^Host: [0-9.]+ \([^)]+\)' "$out.gnmap")
  rate=$(awk -v n="$TOTAL" -v w="$wall" 'BEGIN { printf "%.0f", n / w }')
  echo "$rate $wall $resolved $((TOTAL - resolved))" >> "$W/nmap.runs"
  raw "round $r nmap -sL -R (rmem ${NMAP_RMEM:-system}): wall ${wall}s, $rate names/s, $resolved/$TOTAL resolved;" \
    "cpu $(time_cpu "$out.time") s, NSD's cpu meanwhile $nsd s; $machine"
}

# otactive's own closing line: "... 262144 packets in 3.10 s (84561 targets/s, sent at 85000 packets/s) ..."
self_rate() { grep -oE '\([0-9]+ targets/s' "$1" | tail -1 | grep -oE '[0-9]+' || echo -; }
self_send() { grep -oE 'sent at [0-9]+ packets/s' "$1" | tail -1 | grep -oE '[0-9]+' || echo -; }
peak_heap_mb() { grep -oE '[0-9]+M->[0-9]+M' "$1" 2>/dev/null | cut -dM -f1 | sort -n | tail -1; }
maxrss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1" 2>/dev/null; }

run_otactive() {   # tag range rate [jfr]; sets OT_WALL OT_RC OT_NSD_CPU OT_MACHINE
  local tag=$1 range=$2 rate=$3 jfr=${4:-} t0 t1 opts nsd0 m0
  opts="-Xmx$HEAP -Xlog:gc:file=$W/otactive-$tag.gc"
  [[ -n "$jfr" ]] && opts="$opts -XX:StartFlightRecording=filename=$W/$jfr,settings=profile"
  rm -rf "$W/benchdb-$tag"*
  # A one-off scan needs an admin and active monitoring on: set up (untimed) on the fresh database.
  for setup in "user add $(id -un) --role admin --reason bench" "monitoring on --reason bench"; do
    # shellcheck disable=SC2086
    ( cd "$REPO" && bounded "$OTACTIVE" --db "jdbc:h2:file:$W/benchdb-$tag" $setup ) >> "$W/otactive-$tag.setup" 2>&1 \
      || { raw "otactive set-up '$setup' failed, see $W/otactive-$tag.setup"; OT_RC=1; OT_WALL=-; return; }
  done
  if [[ "${AGAIN:-0}" == 1 && "$rate" == unlimited ]]; then
    # shellcheck disable=SC2086
    ( cd "$REPO" && JAVA_TOOL_OPTIONS="-Xmx$HEAP" bounded "$OTACTIVE" --db "jdbc:h2:file:$W/benchdb-$tag" rdns "$range" \
        --dns-server "$SERVER:$PORT" --rate "$rate" --max-devices "$TOTAL" --format csv --out "$W/otactive-$tag.first.csv" \
        $OTACTIVE_EXTRA_ARGS ) >> "$W/otactive-$tag.setup" 2>&1 \
      || { raw "otactive's first scan (AGAIN=1) failed, see $W/otactive-$tag.setup"; OT_RC=1; OT_WALL=-; return; }
  fi
  nsd0=$(nsd_cpu); m0=$(machine_ticks)
  t0=$(now)
  # shellcheck disable=SC2086
  ( cd "$REPO" && JAVA_TOOL_OPTIONS="$opts" bounded /usr/bin/time -v -o "$W/otactive-$tag.time" \
      "$OTACTIVE" --db "jdbc:h2:file:$W/benchdb-$tag" rdns "$range" --dns-server "$SERVER:$PORT" \
      --rate "$rate" --max-devices "$TOTAL" --format csv --out "$W/otactive-$tag.csv" $OTACTIVE_EXTRA_ARGS ) \
    > "$W/otactive-$tag.out" 2>&1
  OT_RC=$?
  t1=$(now)
  OT_WALL=$(elapsed "$t0" "$t1")
  OT_NSD_CPU=$(cpu_since "$nsd0")
  OT_MACHINE=$(machine_since "$m0")
}

run_ot_round() {   # round
  local r=$1 tag=full-round$1 named rate scan heap rss jfr=""
  [[ "$JFR" == 1 && "$r" == "$ROUNDS" ]] && jfr=profile.jfr
  run_otactive "$tag" "$RANGE" unlimited "$jfr"
  if [[ $OT_RC -ne 0 || ! -s "$W/otactive-$tag.csv" ]]; then
    raw "round $r otactive: FAILED (exit $OT_RC) after ${OT_WALL}s, see $W/otactive-$tag.out"; return
  fi
  named=$(grep -c 'bench\.plant\.example' "$W/otactive-$tag.csv")
  rate=$(awk -v n="$TOTAL" -v w="$OT_WALL" 'BEGIN { printf "%.0f", n / w }')
  scan=$(self_rate "$W/otactive-$tag.out")
  heap=$(peak_heap_mb "$W/otactive-$tag.gc"); rss=$(maxrss_mb "$W/otactive-$tag.time")
  echo "$rate $OT_WALL $named $((TOTAL - named)) $scan ${heap:--} ${rss:--}" >> "$W/otactive.runs"
  raw "round $r otactive (whole command): wall ${OT_WALL}s, $rate names/s, $named/$TOTAL resolved;" \
    "scan alone $scan targets/s (sent at $(self_send "$W/otactive-$tag.out")/s); peak heap ${heap:-?} MB of $HEAP, max RSS ${rss:-?} MB;" \
    "cpu $(time_cpu "$W/otactive-$tag.time") s, NSD's cpu meanwhile $OT_NSD_CPU s; $OT_MACHINE"
  raw "  $(grep -E ' run [0-9]+ ' "$W/otactive-$tag.out" | tail -1)"
}

# The plain Java loop, compiled once (untimed), run with otactive's collector and heap limit, in
# two shapes (RawJavaCeiling.java): one thread with a selector, as otactive's engine, and a sending
# and a receiving thread, the figure quoted before 2026-12-03.
run_plain_java() {   # round shape
  local r=$1 shape=$2 out=$W/plain-java-$2-round$1 t0 t1 wall rate loop named
  local nsd0 m0; nsd0=$(nsd_cpu); m0=$(machine_ticks)
  t0=$(now)
  bounded /usr/bin/time -v -o "$out.time" "$JAVA_BIN/java" -XX:+UseSerialGC "-Xmx$HEAP" -cp "$W/plain-java" RawJavaCeiling \
    "$PORT" "$FIRST" "$ZONES" 1 "$shape" > "$out.out" 2>&1
  local rc=$?
  t1=$(now)
  local nsd machine; nsd=$(cpu_since "$nsd0"); machine=$(machine_since "$m0")
  wall=$(elapsed "$t0" "$t1")
  local what="plain Java loop, $shape thread$([[ $shape == one ]] || echo s)"
  if [[ $rc -ne 0 ]]; then raw "round $r $what: FAILED (exit $rc) after ${wall}s, see $out.out"; return; fi
  named=$(grep -oE '^pass 1: [0-9]+' "$out.out" | grep -oE '[0-9]+$')
  loop=$(grep -oE '^pass 1: .* = [0-9]+/s' "$out.out" | grep -oE '[0-9]+/s' | tr -d /s)
  rate=$(awk -v n="$TOTAL" -v w="$wall" 'BEGIN { printf "%.0f", n / w }')
  echo "$rate $wall ${named:-0} $((TOTAL - ${named:-0})) ${loop:--}" >> "$W/plain-java-$shape.runs"
  raw "round $r $what (whole process): wall ${wall}s, $rate names/s, ${named:-?}/$TOTAL resolved;" \
    "the loop alone ${loop:-?}/s; cpu $(time_cpu "$out.time") s, NSD's cpu meanwhile $nsd s; $machine"
}
HAVE_PLAIN=0
if [[ "$PLAIN_JAVA" == 1 ]]; then
  if JAVA_BIN=$(source "$REPO/scripts/java-env" >/dev/null 2>&1 && echo "$JAVA_HOME/bin") \
      && "$JAVA_BIN/javac" -d "$W/plain-java" "$HERE/RawJavaCeiling.java" > "$W/plain-java-javac.out" 2>&1; then
    HAVE_PLAIN=1
  else
    raw "plain Java loop: could not be compiled, see $W/plain-java-javac.out"
  fi
fi

if [[ -x "$OTACTIVE" || -n "$(command -v "$OTACTIVE")" ]]; then
  # The launcher builds its jar (and its start-up cache) on first use; neither is to be timed.
  ( cd "$REPO" && bounded "$OTACTIVE" --help ) > "$W/otactive-warmup.out" 2>&1 || die "'$OTACTIVE --help' failed, see $W/otactive-warmup.out"
  HAVE_OT=1
else
  raw "otactive: not available ($OTACTIVE)"
  HAVE_OT=0
fi

for r in $(seq "$ROUNDS"); do
  raw ""
  raw "-- round $r of $ROUNDS (load $(load1)) --"
  for setting in $DNSPERF_SETTINGS; do
    IFS=: read -r c q t <<< "$setting"
    run_dnsperf "$r" "$c" "$q" "${t:-1}"
  done
  [[ "$NMAP" == 1 ]] && run_nmap "$r"
  [[ "$HAVE_PLAIN" == 1 ]] && run_plain_java "$r" one && run_plain_java "$r" two
  [[ "$HAVE_OT" == 1 ]] && run_ot_round "$r"
done

# ---------------------------------------------------------------------------------------------
# --rate 500 on a /21, judged on a capture at the server's port.
# ---------------------------------------------------------------------------------------------
RATE_LINE=""
if [[ "$HAVE_OT" == 1 && "$RATE_CHECK" == 1 ]]; then
  tcpdump -i lo -n -U -w "$W/otactive-rate500.pcap" "udp and dst host $SERVER and dst port $PORT" > "$W/tcpdump.out" 2>&1 &
  cap=$!
  sleep 1
  run_otactive rate500 "$RATE_RANGE" "$RATE_TARGET"
  sleep 1; kill "$cap" 2>/dev/null; wait "$cap" 2>/dev/null
  read -r n wire <<< "$(tcpdump -r "$W/otactive-rate500.pcap" -tt -n 2>/dev/null | awk 'NR == 1 { f = $1 } { l = $1; n++ }
    END { if (n > 1 && l > f) printf "%d %.1f\n", n, (n - 1) / (l - f); else print "- -" }')"
  verdict=$(awk -v r="$wire" -v t="$RATE_TARGET" 'BEGIN { if (r == "-") print "UNKNOWN"; else if (r >= 0.95 * t && r <= 1.05 * t) print "PASS"; else print "FAIL" }')
  RATE_LINE="otactive --rate $RATE_TARGET on $RATE_RANGE: $wire queries/s at the server ($n captured, first to last), $verdict (500 +-5 %); otactive's own send rate $(self_send "$W/otactive-rate500.out")/s"
  raw ""
  raw "$RATE_LINE"
fi
stop_nsd

# ---------------------------------------------------------------------------------------------
# Summary: medians per tool, ratios to dnsperf -c 1 -q 100 (the issue's reference).
# ---------------------------------------------------------------------------------------------
{
  say ""
  say "== summary: $RANGE ($TOTAL PTR), NSD $NSD_VERSION (server-count 1), $(nproc) cores, $ROUNDS round(s), load $LOAD_START at start, $(load1) at end =="
  REF=$(cut -d' ' -f1 "$W/dnsperf-c1-q100-T1.runs" 2>/dev/null | median)
  printf '%-44s %10s %9s %15s %6s %7s\n' tool "names/s" "wall s" resolved lost ratio
  for f in "$W"/dnsperf-*.runs "$W/nmap.runs" "$W/plain-java-one.runs" "$W/plain-java-two.runs" "$W/otactive.runs"; do
    [[ -f "$f" ]] || continue
    name=$(basename "$f" .runs)
    [[ $name == plain-java-one ]] && name="plain Java loop, one thread (whole process)"
    [[ $name == plain-java-two ]] && name="plain Java, two threads (whole process)"
    [[ $name == otactive ]] && name="otactive rdns (whole command)"
    [[ $name == nmap ]] && name="nmap -sL -R (rmem ${NMAP_RMEM:-system})"
    med=$(cut -d' ' -f1 "$f" | median)
    row=$(awk -v m="$med" '$1 == m { print; exit }' "$f")
    read -r q wall res lost _ <<< "$row"
    printf '%-44s %10s %9s %15s %6s %7s   (runs: %s)\n' "$name" "$q" "$wall" "$res/$TOTAL" "$lost" \
      "$(awk -v a="$q" -v b="$REF" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "$(cut -d' ' -f1 "$f" | paste -sd, -)"
  done
  for shape in one two; do
    [[ -f "$W/plain-java-$shape.runs" ]] || continue
    loop=$(cut -d' ' -f5 "$W/plain-java-$shape.runs" | median)
    printf '%-44s %10s %9s %15s %6s %7s   (runs: %s)\n' "plain Java, $shape thread(s), the loop alone" "$loop" - - - \
      "$(awk -v a="$loop" -v b="$REF" 'BEGIN { if (b > 0 && a != "-") printf "%.2f", a / b; else print "-" }')" "$(cut -d' ' -f5 "$W/plain-java-$shape.runs" | paste -sd, -)"
  done
  if [[ -f "$W/otactive.runs" ]]; then
    scan=$(cut -d' ' -f5 "$W/otactive.runs" | median)
    printf '%-44s %10s %9s %15s %6s %7s   (runs: %s)\n' "otactive, the scan alone (its own count)" "$scan" - - - \
      "$(awk -v a="$scan" -v b="$REF" 'BEGIN { if (b > 0 && a != "-") printf "%.2f", a / b; else print "-" }')" "$(cut -d' ' -f5 "$W/otactive.runs" | paste -sd, -)"
    say "otactive peak heap (MB, before a GC, per round): $(cut -d' ' -f6 "$W/otactive.runs" | paste -sd, -) of $HEAP; max RSS (MB): $(cut -d' ' -f7 "$W/otactive.runs" | paste -sd, -)"
  fi
  [[ -n "$RATE_LINE" ]] && say "$RATE_LINE"
  say "(ratio = names/s / median of dnsperf -c 1 -q 100 = ${REF:-?} q/s; nmap and otactive names/s = $TOTAL / wall time)"
} | tee "$W/summary.txt"
