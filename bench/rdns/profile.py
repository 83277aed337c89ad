#!/usr/bin/env python3
"""Where a JFR recording's CPU went, in a few lines for bench/RESULTS.md.

usage: profile.py RECORDING.jfr [JFR-TOOL]

Reads the execution samples (threads running Java code) and the native samples (threads in a
system call or waiting in native code) with `jfr print --json`, and counts them:
  - by thread (the scan's engine, the result writer, JIT compiler threads are not sampled by JFR),
  - by what the sample was doing: the first frame from the top of the stack that belongs to a
    known part (socket system calls, H2, dnsjava, the gate, the engine, ...), else "other".
"""
import json
import subprocess
import sys
from collections import Counter

PARTS = [
    ("socket system calls", ("sun.nio.ch.DatagramDispatcher", "sun.nio.ch.IOUtil", "sun.nio.ch.DatagramChannelImpl.receive0",
                             "sun.nio.ch.DatagramChannelImpl.send0", "sun.nio.ch.EPoll", "sun.nio.ch.SocketDispatcher")),
    ("H2 (database engine)", ("org.h2.",)),
    ("JDBC pool, Flyway", ("com.zaxxer.", "org.flywaydb.")),
    ("dnsjava (DNS codec)", ("org.xbill.",)),
    ("gate (safety)", ("org.otactive.safety.",)),
    ("reverse DNS probe", ("org.otactive.probe.",)),
    ("engine and run (org.otactive.run)", ("org.otactive.run.",)),
    ("store code (org.otactive.store)", ("org.otactive.store.",)),
    ("command line, output (cli, commons-csv, picocli)", ("org.otactive.cli.", "org.apache.commons.csv.", "picocli.")),
    ("supervision (org.otactive.supervise)", ("org.otactive.supervise.",)),
    ("scope, inventory, common", ("org.otactive.scope.", "org.otactive.inventory.", "org.otactive.common.", "inet.ipaddr.")),
]


def part(frames):
    for f in frames:
        name = (f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
        for label, prefixes in PARTS:
            if any(name.startswith(p) for p in prefixes):
                return label
    return "other (JDK, class loading, GC helpers)"


def samples(path, jfr, event):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", event, path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def main():
    path = sys.argv[1]
    jfr = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    for event, title in (("jdk.ExecutionSample", "running Java"), ("jdk.NativeMethodSample", "in native code")):
        evs = samples(path, jfr, event)
        if not evs:
            continue
        by_thread = Counter()
        by_part = Counter()
        for e in evs:
            v = e["values"]
            thread = (v.get("sampledThread") or {}).get("javaName") or "?"
            if thread.startswith("probe-") or thread.startswith("ForkJoinPool"):
                thread = "virtual threads (probes)" if thread.startswith("probe-") else "virtual thread carriers"
            by_thread[thread] += 1
            by_part[part((v.get("stackTrace") or {}).get("frames") or [])] += 1
        n = len(evs)
        print(f"{title}: {n} samples")
        print("  by part:   " + "; ".join(f"{k} {100 * c / n:.0f} %" for k, c in by_part.most_common(8)))
        print("  by thread: " + "; ".join(f"{k} {100 * c / n:.0f} %" for k, c in by_thread.most_common(6)))


if __name__ == "__main__":
    main()
