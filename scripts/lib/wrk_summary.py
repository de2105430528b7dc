#!/usr/bin/env python3
"""Reads wrk --latency outputs (one per round) and prints one JSON line: the median over the
rounds of requests/s and of the p50/p90/p99 latency in ms, and the totals of requests,
non-2xx/3xx answers and socket errors."""
import json, re, statistics, sys

def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

rounds = []
for path in sys.argv[1:]:
    t = open(path).read()
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    rounds.append({
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)),
        "requests": int(re.search(r"(\d+) requests in", t).group(1)),
        **{f"p{p}": ms(re.search(rf"^\s+{p}%\s+(\S+)", t, re.M).group(1)) for p in ("50", "90", "99")},
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(x) for x in sock.groups()) if sock else 0,
    })
med = lambda k: statistics.median(r[k] for r in rounds)
print(json.dumps({
    "rps": med("rps"), "p50": med("p50"), "p90": med("p90"), "p99": med("p99"),
    "requests": sum(r["requests"] for r in rounds),
    "non2xx": sum(r["non2xx"] for r in rounds),
    "socket_errors": sum(r["socket_errors"] for r in rounds),
    "each_rps": [r["rps"] for r in rounds],
}))
