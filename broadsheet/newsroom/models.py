"""The newsroom's records: who may work on which newspaper, what was done, uploads.

Data and invariants only; ``roles``, ``services``, ``audit`` and ``tasks`` hold the rules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from broadsheet.editions.models import Article, Edition, Newspaper, Publisher


class Role(models.TextChoices):
    """What a grant lets its user do (``roles.ACTIONS`` says which actions each allows)."""

    SITE_ADMIN = "site_admin", _("site administrator")
    PUBLISHER_ADMIN = "publisher_admin", _("publisher administrator")
    EDITOR = "editor", _("editor")
    REVIEWER = "reviewer", _("reviewer")


class RoleGrant(models.Model):
    """One role of one user: site-wide, over a 报社's papers, or over one newspaper.

    A site administrator's grant names nothing; a publisher administrator's names the
    publisher (all its papers, those added later too); an editor's or reviewer's names
    one newspaper (one grant per paper).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="newsroom_grants",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    publisher = models.ForeignKey(
        Publisher, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("publisher")
    )
    newspaper = models.ForeignKey(
        Newspaper, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("newspaper")
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="grant_names_its_scope",
                condition=(
                    Q(role="site_admin", publisher=None, newspaper=None)
                    | Q(role="publisher_admin", publisher__isnull=False, newspaper=None)
                    | Q(
                        role__in=["editor", "reviewer"],
                        publisher=None,
                        newspaper__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "publisher", "newspaper"],
                name="one_grant_per_scope",
                nulls_distinct=False,
            ),
        ]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")

    def __str__(self) -> str:
        scope = self.newspaper or self.publisher or _("every newspaper")
        return f"{self.user} {self.get_role_display()} {scope}"


class AuditEntry(models.Model):
    """Who did what to which edition or article, and when; written by ``audit.record``."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    newspaper = models.ForeignKey(
        Newspaper,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("newspaper"),
    )
    # The edition's date stays when the edition is replaced (a new row) or deleted.
    edition = models.ForeignKey(
        Edition, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("edition")
    )
    edition_date = models.DateField(_("edition date"), null=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("article")
    )
    target = models.CharField(_("target"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["newspaper", "edition_date"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target}"


class IngestRun(models.Model):
    """One upload's ingest in the background: the desk polls it for its progress bar."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    newspaper = models.ForeignKey(
        Newspaper, on_delete=models.CASCADE, related_name="ingest_runs", verbose_name=_("newspaper")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ingest_runs",
        verbose_name=_("edition"),
    )
    # Where the upload was stored (inside the data folder's uploads/), its format and options.
    upload = models.CharField(_("upload"), max_length=500, blank=True)
    fmt = models.CharField(_("format"), max_length=32, default="auto")
    publish = models.BooleanField(_("publish"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ingest run")
        verbose_name_plural = _("ingest runs")

    def __str__(self) -> str:
        return f"{self.newspaper} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    def as_dict(self) -> dict:
        """What the desk's progress bar polls (JSON)."""
        return {
            "id": self.pk,
            "status": self.status,
            "progress": self.progress,
            "message": self.message,
            "summary": self.summary,
            "errors": self.errors,
            "edition": self.edition_id,
        }


class ApiToken(models.Model):
    """A print system's key to the write API: one user's, scoped to some of their newspapers.

    Only the SHA-256 of the token is kept (``tokens``); the token itself is shown once, at
    creation. ``prefix`` (its first characters) names it in lists and for revoking.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    newspapers = models.ManyToManyField(Newspaper, related_name="+", verbose_name=_("newspapers"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.user}"
