#!/usr/bin/env python3
"""Count rows in an otactive rdns CSV, tolerantly.

usage: csvstats.py FILE.csv

Prints key=value lines:
  rows=N          data rows (everything after the header line)
  ok=N            rows whose outcome/status/result column is exactly "ok" (-1 if no such column)
  named=N         rows that mention bench.plant.example (i.e. a PTR name from the bench zone)
  outcome_col=X   the column used for ok (or "-")
  time_col=X      a timestamp-like column, if one was found and parsed (or "-")
  span_s=F        last minus first timestamp in that column, seconds (or "-")
"""
import csv
import sys
from datetime import datetime

OUTCOME_NAMES = ("outcome", "status", "result", "state")
TIME_HINTS = ("time", "timestamp", "ts", "at", "when", "started", "observed")


def parse_ts(value):
    v = value.strip()
    if not v:
        return None
    try:
        f = float(v)
        if f > 1e14:       # microseconds since the epoch
            return f / 1e6
        if f > 1e11:       # milliseconds since the epoch
            return f / 1e3
        return f
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def main():
    path = sys.argv[1]
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        reader = csv.reader(fh)
        header = next(reader, None) or []
        rows = list(reader)
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    lower = [h.strip().lower() for h in header]

    outcome_idx = next((i for i, h in enumerate(lower) if h in OUTCOME_NAMES), None)
    if outcome_idx is None:
        outcome_idx = next((i for i, h in enumerate(lower) if any(n in h for n in OUTCOME_NAMES)), None)
    ok = -1
    if outcome_idx is not None:
        ok = sum(1 for r in rows if len(r) > outcome_idx and r[outcome_idx].strip().lower() == "ok")
    named = sum(1 for r in rows if any("bench.plant.example" in cell for cell in r))

    time_col, span = "-", "-"
    for i, h in enumerate(lower):
        parts = h.replace("-", "_").split("_")
        if not (h in TIME_HINTS or any(p in TIME_HINTS for p in parts) or "time" in h):
            continue
        stamps = [parse_ts(r[i]) for r in rows if len(r) > i]
        stamps = [s for s in stamps if s is not None]
        if len(stamps) >= 2 and len(stamps) >= 0.9 * len(rows):
            time_col, span = header[i].strip(), "%.3f" % (max(stamps) - min(stamps))
            break

    print("rows=%d" % len(rows))
    print("ok=%d" % ok)
    print("named=%d" % named)
    print("outcome_col=%s" % (header[outcome_idx].strip() if outcome_idx is not None else "-"))
    print("time_col=%s" % time_col)
    print("span_s=%s" % span)


if __name__ == "__main__":
    main()
