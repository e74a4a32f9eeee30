"""Admin logins are throttled and passwords checked (issue 10, finding 8).

Before: 60 wrong admin passwords, then the right one logged in; ``createsuperuser``
accepted ``1``. The admin login form is posted for real (django-axes keeps its
attempts in the database: this runs on SQLite and, through
scripts/test-postgres.sh, on PostgreSQL).
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import MinimumLengthValidator, validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from tests.deploy.test_nginx import REPO

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture(autouse=True)
def quick_hashes(settings):
    """Each wrong password is hashed once; the real hasher costs ~0.3 s a time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)


def login(client, password: str, username: str = "chief", address: str = "203.0.113.7"):
    form = {"username": username, "password": password}
    return client.post("/admin/login/?next=/admin/", form, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(client, admin_user):
    statuses = {login(client, f"wrong-{i}").status_code for i in range(60)}
    assert statuses == {200, 429}  # the form again, then refusals
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_a_locked_name_is_refused_from_another_address_too(client, admin_user):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"wrong-{i}", address=f"198.51.100.{i}")
    assert login(client, PASSWORD, address="192.0.2.1").status_code == 429


def test_axes_reset_unlocks(client, admin_user):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"wrong-{i}")
    assert login(client, PASSWORD).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert login(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_few_mistakes_do_not_lock_out(client, admin_user):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, f"wrong-{i}")
    assert login(client, PASSWORD).status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("password", ["1", "12345678", "password", "chief2024"])
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="chief2024", email="chief@example.com")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_createsuperuser_refuses_1(tmp_path):
    """Typed at a real terminal: Django asks whether to bypass the validators; "N" keeps
    them, and the user is not created."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BROADSHEET_", "DATABASE_"))}
    env.update(BROADSHEET_DATA_DIR=str(tmp_path / "data"), SECRET_KEY="x" * 60)
    subprocess.run([sys.executable, "-m", "broadsheet.cli", "migrate", "-v", "0"],
                   env=env, cwd=REPO, check=True, timeout=120)  # fmt: skip
    # user name, email, password, password again, "bypass the validators?" (the prompts
    # are in the site's language)
    transcript = talk(env, ["createsuperuser"], [b"chief", b"chief@example.com", b"1", b"1", b"N"])
    with translation.override(settings.LANGUAGE_CODE):
        too_short = MinimumLengthValidator().get_error_message() % {"min_length": 8}
    assert too_short.encode() in transcript, transcript.decode(errors="replace")
    count = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "shell", "-c",
         "from django.contrib.auth.models import User; print(User.objects.count())"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert count.stdout.strip().splitlines()[-1] == "0", count.stdout + count.stderr


def talk(env: dict[str, str], args: list[str], answers: list[bytes]) -> bytes:
    """Run ``broadsheet ARGS`` on a pseudo-terminal, typing each answer at the next prompt.

    A prompt is output that ends in ``": "`` and then stays quiet.
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its terminal
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "broadsheet.cli", *args], env)
    transcript, deadline = b"", time.monotonic() + 90
    try:
        for answer in answers:
            asked = len(transcript)
            while time.monotonic() < deadline:
                chunk = read(fd)
                transcript += chunk
                if not chunk and transcript[asked:].rstrip(b" ").endswith(b":"):
                    break
            os.write(fd, answer + b"\n")
        while time.monotonic() < deadline and (chunk := read(fd)):
            transcript += chunk
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    return transcript


def read(fd: int) -> bytes:
    """What the terminal printed within half a second; b"" if nothing (or it closed)."""
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        return b""
    try:
        return os.read(fd, 4096)
    except OSError:  # the child closed the terminal
        return b""


def test_the_lockout_page_says_what_happened_in_the_readers_language(client, admin_user):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"wrong-{i}")
    page = login(client, PASSWORD)
    assert page.status_code == 429
    body = page.content.decode()
    assert "登录已被暂时锁定" in body and f"登录失败已达 {settings.AXES_FAILURE_LIMIT} 次" in body
    assert "broadsheet axes_reset" in body
