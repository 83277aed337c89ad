#!/usr/bin/env bash
# Stop latency under load (issue 3): a real `otactive serve` scanning a /16 as fast as NSD answers,
# stopped with `otactive stop --site`. Prints one line per round and the median and max.
# Usage: bench/stop/run.sh [ROUNDS]   (needs nsd; traffic stays on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env
mvn -B -q -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  bench/stop/StopLatency.java "${1:-10}"
