#!/usr/bin/env python3
"""Small helpers for bench/run.sh (numbers in, numbers out; no measuring here).

  stats.py wrk OUT...        median over wrk outputs (WRKJSON lines from lua/report.lua):
                             prints "rps MBps p50_ms p99_ms errors" (errors: summed over runs)
  stats.py median V...       median of numbers
  stats.py table ROWS.tsv [PEER]
                             markdown table from rows "label<TAB>unit<TAB>as<TAB>nginx<TAB>peer<TAB>note";
                             ratio columns = Asset Store / other when both are numbers
"""
import json
import statistics
import sys


def wrk(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            lines = [line for line in f if line.startswith("WRKJSON ")]
        if not lines:
            sys.exit("no WRKJSON line in %s (did wrk fail?)" % p)
        runs.append(json.loads(lines[-1][len("WRKJSON "):]))
    rps, mbps, p50, p99 = [], [], [], []
    errors = 0
    for r in runs:
        secs = r["duration_us"] / 1e6
        rps.append(r["requests"] / secs)
        mbps.append(r["bytes"] / secs / 1e6)
        if r["requests"] > 0:  # a run that completed nothing has no latency to report
            p50.append(r["p50_us"] / 1000)
            p99.append(r["p99_us"] / 1000)
        errors += r["socket_errors"] + r["status_errors"]
    med = statistics.median
    nan = float("nan")
    print("%.1f %.2f %.3f %.3f %d" % (med(rps), med(mbps), med(p50) if p50 else nan,
                                      med(p99) if p99 else nan, errors))


def fmt_ratio(a, b):
    try:
        a, b = float(a), float(b)
    except ValueError:
        return "—"
    if b == 0:
        return "—"
    return "%.2f" % (a / b)


def table(path, peer=None):
    head = "| Benchmark | Unit | Asset Store | nginx | Asset Store ÷ nginx |"
    rule = "|---|---|---:|---:|---:|"
    if peer:
        head += " %s | Asset Store ÷ %s |" % (peer, peer)
        rule += "---:|---:|"
    out = [head + " Notes |", rule + "---|"]
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            label, unit, a, b, c, note = (line.split("\t") + [""] * 6)[:6]
            row = "| %s | %s | %s | %s | %s |" % (label, unit, a or "—", b or "—", fmt_ratio(a, b))
            if peer:
                row += " %s | %s |" % (c or "—", fmt_ratio(a, c))
            out.append(row + " %s |" % note)
    print("\n".join(out))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "wrk":
        wrk(args)
    elif cmd == "median":
        print(statistics.median(float(a) for a in args))
    elif cmd == "table":
        table(args[0], args[1] if len(args) > 1 else None)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
