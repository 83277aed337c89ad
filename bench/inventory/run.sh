#!/usr/bin/env bash
# The inventory writer alone (issue 12): bench/inventory/InventoryWriter.java writes what a one-off
# reverse-DNS scan of TARGETS addresses writes, into a fresh H2 file, in a fresh JVM with a 256 MB
# heap and the serial collector as ./otactive runs it. Sends nothing.
# Usage: bench/inventory/run.sh [TARGETS=65536] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env
mvn -B -q -Dstyle.color=never compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -cp "target/classes:$(cat target/bench-classpath.txt)" \
  bench/inventory/InventoryWriter.java "${1:-65536}" "$work" "${2:-3}"
