"""Who may do what to which newspaper: the newsroom's one permission rule.

Every newsroom service calls ``require`` before it touches anything, so the rule
holds for the desk, the command line and the write API alike, not only on screens.

- site administrator (a ``RoleGrant`` naming nothing, or a Django superuser):
  every action on every newspaper;
- publisher administrator: every action on every paper of the 报社, those added later too;
- editor: view, edit, publish and upload on the newspapers named in their grants;
- reviewer: view only, on the newspapers named in their grants.

Actions: ``view`` (see hidden editions, history, audit), ``edit`` (articles, hotspots,
placement), ``publish`` (edition and article states), ``upload`` (ingest, replace),
``manage`` (grant roles, API tokens of others).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from broadsheet.editions.models import Edition, Newspaper

from .models import Role, RoleGrant

__all__ = ["ACTIONS", "Role", "can", "grant", "newspapers_for", "require"]

ACTIONS: dict[str, frozenset[str]] = {
    Role.SITE_ADMIN: frozenset({"view", "edit", "publish", "upload", "manage"}),
    Role.PUBLISHER_ADMIN: frozenset({"view", "edit", "publish", "upload", "manage"}),
    Role.EDITOR: frozenset({"view", "edit", "publish", "upload"}),
    Role.REVIEWER: frozenset({"view"}),
}
KNOWN_ACTIONS = frozenset().union(*ACTIONS.values())


def _roles_allowing(action: str) -> list[str]:
    if action not in KNOWN_ACTIONS:
        raise ValueError(f"unknown newsroom action {action!r}; one of {sorted(KNOWN_ACTIONS)}")
    return [role for role, actions in ACTIONS.items() if action in actions]


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _site_wide(user, roles: list[str]) -> bool:
    if user.is_superuser:
        return True
    return Role.SITE_ADMIN in roles and user.newsroom_grants.filter(role=Role.SITE_ADMIN).exists()


def newspapers_for(user, action: str = "view") -> QuerySet[Newspaper]:
    """The newspapers on which ``user`` may do ``action`` (none for a stranger)."""
    roles = _roles_allowing(action)
    if not _active(user):
        return Newspaper.objects.none()
    if _site_wide(user, roles):
        return Newspaper.objects.all()
    grants = RoleGrant.objects.filter(user=user, role__in=roles)
    by_paper = grants.filter(newspaper__isnull=False).values("newspaper_id")
    by_publisher = grants.filter(publisher__isnull=False).values("publisher_id")
    return Newspaper.objects.filter(Q(pk__in=by_paper) | Q(publisher_id__in=by_publisher))


def can(user, action: str, newspaper: Newspaper) -> bool:
    """Whether ``user`` may do ``action`` on ``newspaper``."""
    return newspapers_for(user, action).filter(pk=newspaper.pk).exists()


def previewable(user, edition_ids: Iterable[int]) -> set[int]:
    """The editions among ``edition_ids`` that ``user`` may still preview (``view``)."""
    papers = newspapers_for(user, "view")
    found = Edition.objects.filter(pk__in=list(edition_ids), newspaper__in=papers)
    return set(found.values_list("pk", flat=True))


def require(user, action: str, newspaper: Newspaper) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may do ``action`` on ``newspaper``."""
    if not can(user, action, newspaper):
        who = getattr(user, "username", "") or "anonymous"
        raise PermissionDenied(f"{who} may not {action} {newspaper.slug}")


def grant(user, role: str, target: Newspaper | object | None = None) -> RoleGrant:
    """Give ``user`` a role: site-wide (no target), over a publisher, or over one newspaper."""
    scope: dict[str, Any]
    if role == Role.SITE_ADMIN:
        scope = {}
    elif role == Role.PUBLISHER_ADMIN:
        scope = {"publisher": target}
    else:
        scope = {"newspaper": target}
    found, _ = RoleGrant.objects.get_or_create(user=user, role=role, **scope)
    return found
