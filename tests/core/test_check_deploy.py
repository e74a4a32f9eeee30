"""``broadsheet check --deploy``: clean with docs/deploy.md's settings, failing on unsafe ones.

Issue 10, finding 9. The documented settings are read from section 1 of
docs/deploy.md (its ``export`` lines), so the doc and the check cannot drift;
only the data folder and the key file's content are this machine's. The command
runs in a subprocess, as in a deploy job.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from tests.deploy.test_nginx import REPO, documented

STRONG_KEY = secrets.token_urlsafe(50)


def documented_environment(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BROADSHEET_", "DATABASE_"))}
    for name in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    exports = documented().exports
    assert "SECRET_KEY" in exports and exports.get("BROADSHEET_HTTPS") == "1", exports
    assert exports.get("BROADSHEET_BEHIND_PROXY") == "1", exports
    env.update(exports)
    env.update(BROADSHEET_DATA_DIR=str(tmp_path / "data"), SECRET_KEY=STRONG_KEY)
    return env


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "check", "--deploy"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_documented_production_settings_are_clean(tmp_path):
    done = check_deploy(documented_environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr
    assert "WARNINGS" not in done.stderr


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"DEBUG": "1"}, "broadsheet.E001"),
        ({"ALLOWED_HOSTS": "*"}, "broadsheet.E002"),
        ({"ALLOWED_HOSTS": "epaper.example.com,*"}, "broadsheet.E002"),
        ({"SECRET_KEY": None}, "broadsheet.E003"),
        ({"SECRET_KEY": ""}, "broadsheet.E003"),
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "broadsheet.E003"),
        ({"SECRET_KEY": "change-me"}, "broadsheet.E003"),
        ({"SECRET_KEY": "ab" * 40}, "broadsheet.E003"),
        ({"BROADSHEET_BEHIND_PROXY": None}, "broadsheet.E004"),
    ],
    ids=["debug", "any-host", "any-host-among-others", "no-key", "empty-key", "insecure-key",
         "short-key", "plain-key", "https-without-proxy"],
)  # fmt: skip
def test_unsafe_settings_fail_it(tmp_path, change, code):
    env = documented_environment(tmp_path)
    for name, value in change.items():
        if value is None:
            env.pop(name)
        else:
            env[name] = value
    done = check_deploy(env)
    assert done.returncode != 0, done.stdout + done.stderr
    assert code in done.stderr and "Traceback" not in done.stderr
