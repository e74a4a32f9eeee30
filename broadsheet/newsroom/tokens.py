"""API tokens for print systems: created for a user and some of their newspapers, kept
hashed, revocable.

A token is ``bst_`` and 43 random URL-safe characters (256 bits), so a plain SHA-256 of
it is a safe thing to store and look up (no salt or slow hash needed for a random key).
What a token may do is what its user's roles allow (``roles``) on the newspapers the token
names, both checked at every use: revoking a role takes effect on the token at once.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from broadsheet.editions.models import Newspaper

from . import audit, roles
from .models import ApiToken

PREFIX = "bst_"
SHOWN = 12  # characters of the token kept in clear to name it ("bst_AbCdEfGh")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(user, newspapers: list[Newspaper], name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user`` on ``newspapers`` (each one they may upload to); returns the
    row and the token, which is not kept and cannot be shown again."""
    if not newspapers:
        raise ValidationError({"newspapers": ["a token needs at least one newspaper"]})
    for paper in newspapers:
        roles.require(user, "upload", paper)
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, prefix=token[:SHOWN], digest=digest(token))
    row.newspapers.set(newspapers)
    audit.record(user, "token_create", details={"token": row.prefix, "newspapers": _slugs(row)})
    return row, token


def revoke(prefix: str, by=None) -> ApiToken:
    """Revoke the token named by its prefix; it answers nothing from now on."""
    row = ApiToken.objects.get(prefix=prefix)
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        audit.record(by or row.user, "token_revoke", details={"token": row.prefix})
    return row


def authenticate(token: str) -> ApiToken | None:
    """The live token row for ``token`` (its user active), or None."""
    if not token.startswith(PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row


def require(row: ApiToken, action: str, newspaper: Newspaper) -> None:
    """``PermissionDenied`` unless the token names ``newspaper`` and its user may ``action``."""
    if not row.newspapers.filter(pk=newspaper.pk).exists():
        raise PermissionDenied(f"token {row.prefix}… is not for {newspaper.slug}")
    roles.require(row.user, action, newspaper)


def _slugs(row: ApiToken) -> list[str]:
    return sorted(row.newspapers.values_list("slug", flat=True))
