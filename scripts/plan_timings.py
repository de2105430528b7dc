#!/usr/bin/env python3
"""Times the plan document and the pages that carry issue 16's work, against a running
`beredskap --demo` (release build) on loopback: export, import (fresh names each run),
a refused re-import, the printable plan and the signed-in dashboard. Medians; standard
library only.

    DATA_DIR=$(mktemp -d) BIND=127.0.0.1:18712 target/release/beredskap --demo &
    python3 scripts/plan_timings.py http://127.0.0.1:18712
"""
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

B = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:18712"


def call(req, opener=None):
    t = time.perf_counter()
    try:
        r = (opener or urllib.request.build_opener()).open(req)
        data, code = r.read(), r.status
    except urllib.error.HTTPError as e:
        data, code = e.read(), e.code
    return code, data, time.perf_counter() - t


def api(path, token, body=None):
    headers = {"authorization": "Bearer " + token} if token else {}
    if body is not None:
        headers["content-type"] = "application/json"
        body = json.dumps(body).encode()
    return call(urllib.request.Request(B + path, data=body, headers=headers))


def ms(xs):
    return statistics.median(xs) * 1000


admin = json.loads(api("/api/v1/auth/login", None,
                       {"email": "admin@demo.example", "password": "demo-password"})[1])["token"]
runs = [api("/api/v1/plan/export", admin) for _ in range(21)]
doc = json.loads(runs[-1][1])
print(f"export: {len(runs[-1][1])} bytes, median {ms([r[2] for r in runs]):.1f} ms (21 runs)")

took = []
for n in range(7):
    x = json.loads(json.dumps(doc))
    x["teams"] = []
    for q in x["queues"]:
        q["name"], q["team_shares"] = f"C{n} {q['name']}", []
    for part, key in (("scenarios", "title"), ("tasks", "name")):
        for s in x[part]:
            s[key] = f"C{n} {s[key]}"
            if s.get("queue"):
                s["queue"] = f"C{n} {s['queue']}"
    code, body, t = api("/api/v1/plan/import", admin, x)
    assert code == 201, (code, body[:300])
    took.append(t)
actions = sum(len(s["actions"]) for s in doc["scenarios"])
print(f"import ({len(doc['scenarios'])} scenarios, {actions} actions, {len(doc['tasks'])} tasks, "
      f"{len(doc['queues'])} queues, checklists): median {ms(took):.1f} ms (7 runs)")
code, body, t = api("/api/v1/plan/import", admin, doc)
print(f"re-import of names already there: {code}, {len(json.loads(body)['errors'])} paths named, {t * 1000:.1f} ms")

jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
csrf = re.search(r'name="csrf_token" value="([^"]+)"', browser.open(B + "/login").read().decode()).group(1)
browser.open(urllib.request.Request(B + "/login", data=urllib.parse.urlencode(
    {"csrf_token": csrf, "email": "lead@demo.example", "password": "demo-password"}).encode()))
for path, what in (("/plan/print", "the printable plan"), ("/", "the dashboard as the crisis lead")):
    runs = [call(urllib.request.Request(B + path), browser) for _ in range(21)]
    print(f"{path} ({what}): {len(runs[-1][1])} bytes, median {ms([r[2] for r in runs]):.1f} ms (21 runs)")
