#!/usr/bin/env bash
# One Windows host's full WEM collection against the fake Windows host on loopback (issue 9):
# median time per host after the first, round trips and TCP connections per host, at privacy and
# integrity, with the run gate's default per-peer rate and without it; side by side, in the same
# run, impacket's wmiquery.py and our session over the same five WQL queries.
# Usage: bench/wem/run.sh [ROUNDS]   (as root: the fake binds 127.0.0.58:135; needs python3-impacket)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env
mvn -B -q -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  bench/wem/HostCollection.java "${1:-20}"
