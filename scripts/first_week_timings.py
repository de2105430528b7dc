#!/usr/bin/env python3
"""Times what a newcomer meets first (issue 17), against a `beredskap --demo` (release build)
on loopback: each demo login's start page, the audit trail in words, the delivery board and
the trends over 90 days, signed in through the page form as a browser would. Medians of 21
runs; standard library only.

    DATA_DIR=$(mktemp -d) BIND=127.0.0.1:18714 target/release/beredskap --demo &
    python3 scripts/first_week_timings.py http://127.0.0.1:18714
"""
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

B = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:18714"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser(email):
    """A cookie jar signed in as `email` through the sign-in page, in English."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    opener.addheaders = [("Accept-Language", "en-GB")]
    page = opener.open(B + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"email": email, "password": "demo-password", "csrf_token": token}).encode()
    try:
        opener.open(B + "/login", data=form)
    except urllib.error.HTTPError as e:
        assert e.code == 303, e.code
    return opener


def timed(opener, path, runs=21):
    took, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        r = opener.open(B + path)
        size = len(r.read())
        assert r.status == 200, (path, r.status)
        took.append(time.perf_counter() - t)
    return statistics.median(took) * 1000, size


rows = []
for email, paths in [
    ("staff05@demo.example", ["/", "/checkin"]),
    ("lead@demo.example", ["/", "/trends?days=90", "/daily"]),
    ("communicator@demo.example", ["/", "/faq/publications"]),
    ("admin@demo.example", ["/", "/admin/audit"]),
]:
    o = browser(email)
    for p in paths:
        median, size = timed(o, p)
        rows.append((email.split("@")[0], p, median, size))
# The newest publication's board, as the communicator opens it from the dashboard.
o = browser("communicator@demo.example")
listing = o.open(B + "/faq/publications").read().decode()
board = re.search(r'href="(/faq/publications/\d+)"', listing).group(1)
median, size = timed(o, board)
rows.append(("communicator", "/faq/publications/{id}", median, size))

print(f"{'login':<13} {'page':<24} {'median ms':>9} {'bytes':>8}")
for who, path, median, size in rows:
    print(f"{who:<13} {path:<24} {median:>9.1f} {size:>8}")
