"""Schemathesis hooks for Beredskap: a bearer token for every generated request.

The token is checked before each request and a new one is taken when the run itself has
ended it (the generated calls include sign-out, switching organisation and password changes).
Sign-in for the token comes from its own address (X-Forwarded-For, the app runs with
TRUST_PROXY), so the fuzzing of /auth/login, which trips the per-address throttle on purpose,
does not lock the test harness out.
"""
import os

import requests
import schemathesis

BASE = os.environ["BEREDSKAP_URL"]
LOGIN = {"email": os.environ.get("BEREDSKAP_EMAIL", "lead@demo.example"), "password": "demo-password"}
HARNESS = {"X-Forwarded-For": "198.51.100.77"}


@schemathesis.auth()
class DemoLogin:
    token = None

    def get(self, case, ctx):
        if DemoLogin.token:
            alive = requests.get(
                f"{BASE}/api/v1/me",
                headers={"Authorization": f"Bearer {DemoLogin.token}", **HARNESS},
                timeout=30,
            )
            if alive.status_code == 200:
                return DemoLogin.token
        res = requests.post(f"{BASE}/api/v1/auth/login", json=LOGIN, headers=HARNESS, timeout=30)
        res.raise_for_status()
        DemoLogin.token = res.json()["token"]
        return DemoLogin.token

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
