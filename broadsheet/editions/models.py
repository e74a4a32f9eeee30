"""The newspaper domain: publishers, newspapers, editions, pages and articles.

Models hold data and invariants only. Building URLs, computing leads, ingest,
publishing and search documents live in service modules (``lead``,
``visibility``, ``urls``, ``broadsheet.ingest``), so the CLI, the admin, the API
and the tests all go through the same code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import validate
from .fields import BlocksField
from .visibility import ArticleQuerySet, EditionQuerySet


class Publisher(models.Model):
    """A 报社: owns newspapers and the copyright line of the footer."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    copyright = models.CharField(_("copyright line"), max_length=300, blank=True)
    tech_support = models.CharField(_("technical support line"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")

    def __str__(self) -> str:
        return self.name


class Newspaper(models.Model):
    """A 报刊; one site may host several."""

    slug = models.SlugField(
        _("slug"), max_length=64, unique=True, validators=[validate.validate_slug]
    )
    name = models.CharField(_("name"), max_length=200)
    publisher = models.ForeignKey(
        Publisher, on_delete=models.PROTECT, related_name="newspapers", verbose_name=_("publisher")
    )
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    is_default = models.BooleanField(_("default newspaper"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("newspaper")
        verbose_name_plural = _("newspapers")

    def __str__(self) -> str:
        return self.name


class Edition(models.Model):
    """One issue of one newspaper on one date (e.g. 安徽工人日报 2021-06-01, 第7605期)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    newspaper = models.ForeignKey(
        Newspaper, on_delete=models.CASCADE, related_name="editions", verbose_name=_("newspaper")
    )
    date = models.DateField(_("date"), db_index=True, validators=[validate.validate_date])
    issue_number = models.PositiveIntegerField(
        _("issue number (期次)"), null=True, blank=True, validators=[validate.validate_number]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["newspaper", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["newspaper", "date"], name="one_edition_per_day")
        ]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self) -> str:
        return f"{self.newspaper.name} {self.date.isoformat()}"


class Page(models.Model):
    """A 版面: the printed page with its image, PDF and label ("01", "A01")."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="pages", verbose_name=_("edition")
    )
    label = models.CharField(_("page label"), max_length=16, validators=[validate.validate_label])
    name = models.CharField(_("page name"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("order"))
    image = models.FileField(_("page image"), upload_to="pages/", blank=True, max_length=300)
    # The page image at twice the web width, for high-DPI screens (srcset).
    image_hidpi = models.FileField(
        _("page image (2x)"), upload_to="pages/", blank=True, max_length=300
    )
    thumbnail = models.FileField(
        _("page thumbnail"), upload_to="thumbs/", blank=True, max_length=300
    )
    pdf = models.FileField(_("page PDF"), upload_to="pages/", blank=True, max_length=300)
    width = models.PositiveIntegerField(_("image width (px)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("image height (px)"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "label"], name="unique_page_label"),
            models.UniqueConstraint(fields=["edition", "order"], name="unique_page_order"),
        ]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return f"{self.edition} {self.label} {self.name}".strip()


class Article(models.Model):
    """One item on a page; may have no headline (a photo, a digest) or no text.

    ``body`` is a list of blocks, each a dict with ``type`` one of
    ``paragraph`` / ``subheading`` (``text``) or ``image`` (``src``, ``caption``,
    ``alt``). ``lead`` (摘要) is derived from the body by
    ``broadsheet.editions.lead.compute_lead`` and stored so lists never parse
    bodies. ``hotspot`` is a list of polygons, each a list of ``[x, y]`` points
    relative to the page image (0..1).
    """

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="articles", verbose_name=_("page")
    )
    order = models.PositiveIntegerField(
        _("order on the page"), validators=[validate.validate_order]
    )
    kicker = models.CharField(_("kicker (引题)"), max_length=300, blank=True)
    headline = models.CharField(_("headline (主标题)"), max_length=300, blank=True)
    subheadline = models.CharField(_("subheadline (副标题)"), max_length=300, blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    body = BlocksField(
        _("body blocks"), default=list, blank=True, validators=[validate.validate_body]
    )
    lead = models.CharField(_("lead (摘要)"), max_length=100, blank=True)
    hotspot = models.JSONField(
        _("hotspot polygons"), default=list, blank=True, validators=[validate.validate_hotspot]
    )
    # The agency's identity of a wire item (NITF doc-id, NewsML-G2 guid and version), so a
    # re-run or a corrected version finds the article it already made; empty for the rest.
    source_id = models.CharField(_("source item ID"), max_length=200, blank=True, db_index=True)
    source_version = models.PositiveIntegerField(_("source item version"), null=True, blank=True)
    # Found on a page PDF by Broadsheet itself, not given by the publisher: editors
    # see the mark and review it, readers don't.
    machine_found = models.BooleanField(_("found by machine"), default=False)
    # One article's own state inside its edition (``visibility.article_public_q``): an
    # article is public when its edition is and it is itself published, or scheduled
    # with its time passed. Ingest writes ``published``, so an article follows its edition
    # until an editor holds it back (draft), schedules it later or withdraws it.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Edition.Status.choices,
        default=Edition.Status.PUBLISHED,
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    # The public 更正 note an editor adds when correcting a published article, with its date.
    correction = models.TextField(_("correction note (更正)"), blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    # The id of the article this one replaced at the same place by a re-ingest
    # (``--replace --discard-corrections``): its history goes on from there.
    replaces = models.PositiveBigIntegerField(_("replaces article"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["page", "order"]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="unique_article_order")
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.headline or self.lead[:30]


class ArticleJump(models.Model):
    """Where an article continues on another page (转版: 下转第X版 / 上接第X版).

    The article itself lives on the page where it starts; each continuation adds
    the page it jumps to and its area there, so that page's 标题导航 and image
    lead to the one article.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="jumps", verbose_name=_("article")
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="jumps_in", verbose_name=_("page")
    )
    order = models.PositiveIntegerField(_("order of the continuation"), default=1)
    hotspot = models.JSONField(_("hotspot polygons"), default=list, blank=True)

    class Meta:
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "page"], name="one_jump_per_page")
        ]
        verbose_name = _("article continuation")
        verbose_name_plural = _("article continuations")

    def __str__(self) -> str:
        return f"{self.article} → {self.page.label}"


class MediaReference(models.Model):
    """One media file (a storage name) used by one edition; see ``editions.media``.

    Written in the same transaction as the pages and articles that use the file,
    deleted with its edition; the media door answers a file only when one of its
    editions is public.
    """

    name = models.CharField(_("file name"), max_length=300)
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="media", verbose_name=_("edition")
    )

    class Meta:
        constraints = [
            # Its index (name first) answers "which editions use this file".
            models.UniqueConstraint(fields=["name", "edition"], name="unique_media_reference")
        ]
        verbose_name = _("media reference")
        verbose_name_plural = _("media references")

    def __str__(self) -> str:
        return self.name
