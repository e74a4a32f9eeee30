"""``BROADSHEET_HTTPS=1`` behind the proxy: HSTS, Secure cookies, HTTP redirected (issue 10 #9).

Settings are read once at start, so each variant runs in its own process, as
the app would, with a real (migrated) database and a real admin login.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.deploy.test_nginx import REPO

pytestmark = pytest.mark.timeout(180)

PROBE = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
get_user_model().objects.create_superuser("chief", "c@example.com", "Correct-Horse-Battery-9")
tls = Client(HTTP_X_FORWARDED_PROTO="https")
page = tls.get("/admin/login/")
login = tls.post("/admin/login/?next=/admin/",
                 {"username": "chief", "password": "Correct-Horse-Battery-9"})
plain = Client().get("/admin/login/")
print("PROBE " + json.dumps({
    "hsts": page.get("Strict-Transport-Security"),
    "csrf_secure": bool(page.cookies["csrftoken"]["secure"]),
    "session_secure": bool(login.cookies["sessionid"]["secure"]),
    "session_httponly": bool(login.cookies["sessionid"]["httponly"]),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
}))
"""


def probe(tmp_path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BROADSHEET_", "DATABASE_"))}
    env.update(BROADSHEET_DATA_DIR=str(tmp_path / "data"), SECRET_KEY="k" * 20 + "ey" * 20)
    env.update(extra)
    for args in (["migrate", "-v", "0"], ["shell", "-c", PROBE]):
        done = subprocess.run(
            [sys.executable, "-m", "broadsheet.cli", *args],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.split("PROBE ", 1)[1])


def test_behind_tls_cookies_are_secure_and_browsers_keep_to_https(tmp_path):
    seen = probe(tmp_path, BROADSHEET_HTTPS="1", BROADSHEET_BEHIND_PROXY="1")
    assert seen["hsts"] == "max-age=31536000; includeSubDomains"
    assert seen["csrf_secure"] and seen["session_secure"] and seen["session_httponly"]
    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://testserver/admin/login/"


def test_the_hsts_age_is_a_setting(tmp_path):
    seen = probe(
        tmp_path, BROADSHEET_HTTPS="1", BROADSHEET_BEHIND_PROXY="1", BROADSHEET_HSTS_SECONDS="600"
    )
    assert seen["hsts"] == "max-age=600; includeSubDomains"


def test_without_tls_nothing_claims_it(tmp_path):
    seen = probe(tmp_path)
    assert seen["hsts"] is None
    assert not seen["csrf_secure"] and not seen["session_secure"]
    assert seen["plain_status"] == 200
