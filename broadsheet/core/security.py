"""Deployment safety: the checks ``broadsheet check --deploy`` fails on, and CSP sources.

Django's own deploy checks only warn, and a warning exits 0: a site started
with ``DEBUG=1``, ``ALLOWED_HOSTS=*`` or a guessable secret key would pass.
These three are errors here. The secret key must come from the environment:
the key generated into the data folder is for trying Broadsheet out; it
differs on every host (sessions break across several servers) and lives
beside the data it signs.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

MIN_SECRET_KEY_LENGTH = 50  # as Django's security.W009
MIN_SECRET_KEY_CHARACTERS = 5


def media_origins(media_url: str) -> list[str]:
    """The origin of an absolute MEDIA_URL (object storage), for the pages' ``img-src``."""
    parts = urlsplit(media_url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


def client_ip(request) -> str:
    """The address a login attempt came from, for django-axes.

    Behind the documented nginx (``BROADSHEET_BEHIND_PROXY``) it is the last
    address of ``X-Forwarded-For``, the one nginx appended; earlier ones are the
    client's own claims. Otherwise the connection's own address.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@checks.register(checks.Tags.security, deploy=True)
def unsafe_deployment(app_configs=None, **kwargs) -> list[checks.Error]:
    """Errors for settings no public site may run with."""
    errors = []
    if settings.DEBUG:
        errors.append(_error("E001", "DEBUG is on: error pages show code and settings.",
                             "unset DEBUG (or DEBUG=0)"))  # fmt: skip
    if "*" in settings.ALLOWED_HOSTS:
        errors.append(_error("E002", "ALLOWED_HOSTS accepts any host name ('*').",
                             "set ALLOWED_HOSTS to the site's host names"))  # fmt: skip
    if settings.HTTPS and not settings.BEHIND_PROXY:
        errors.append(_error("E004", "BROADSHEET_HTTPS is on, but without BROADSHEET_BEHIND_PROXY "
                             "every request looks like plain HTTP and is redirected forever.",
                             "set BROADSHEET_BEHIND_PROXY=1 behind nginx"))  # fmt: skip
    problem = secret_key_problem(os.environ.get("SECRET_KEY", ""))
    if problem:
        errors.append(_error("E003", f"SECRET_KEY {problem}.", SECRET_KEY_HINT))
    return errors


SECRET_KEY_HINT = (
    "export SECRET_KEY with 50 or more random characters, the same on every app server: "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


def secret_key_problem(key: str) -> str:
    """Why ``key`` is not fit for production, or ''."""
    if not key:
        return "is not set in the environment (a key generated into the data folder is for trials)"
    if key.startswith("django-insecure"):
        return "is Django's insecure development key"
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return f"is too short or too plain (at least {MIN_SECRET_KEY_LENGTH} varied characters)"
    return ""


def _error(code: str, message: str, hint: str) -> checks.Error:
    return checks.Error(message, hint=hint, id=f"broadsheet.{code}")
