#!/usr/bin/env bash
# Stop latency under load (issues 3 and 12): a real `otactive serve` scanning a /16 as fast as NSD
# answers, stopped with `./otactive stop --site` typed as a new process; `run status`, `devices` and
# `site show` timed the same way while it scans. Prints one line per round and medians and maxima.
# Usage: bench/stop/run.sh [ROUNDS]   (needs nsd; traffic stays on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env
# ./otactive builds its jar and start-up cache on first use: do that before anything is timed.
./otactive --version >/dev/null
mvn -B -q -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  bench/stop/StopLatency.java "${1:-10}"
