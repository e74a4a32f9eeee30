"""The stored text of a page, with its boxes (see ``textlayer``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import textlayer


class PageText(models.Model):
    """One page's text with boxes, from its PDF, its ALTO file or OCR.

    Kept apart from ``editions.Page`` because it is large and only placement,
    article finding and hit boxes read it; page lists never load it.
    """

    class Source(models.TextChoices):
        PDF = textlayer.PDF, _("PDF text layer")
        ALTO = textlayer.ALTO, _("ALTO")
        OCR = textlayer.OCR, _("OCR")

    page = models.OneToOneField(
        "editions.Page", on_delete=models.CASCADE, related_name="text_layer", verbose_name=_("page")
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    data = models.BinaryField(_("text with boxes (deflated JSON)"))
    characters = models.PositiveIntegerField(_("characters"), default=0)
    # Mean OCR confidence (0..1) of a machine-read page; None for a PDF's own text.
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    # What read it: the OCR engine and version ("rapidocr_onnxruntime 1.4.4 (PP-OCRv4)");
    # empty for a PDF's text layer or a library's ALTO.
    engine = models.CharField(_("OCR engine"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")

    def __str__(self) -> str:
        return f"{self.page} ({self.source})"

    @property
    def text(self) -> textlayer.PageText:
        return textlayer.decompress(bytes(self.data))

    @classmethod
    def of(cls, page_id: int, text: textlayer.PageText, engine: str = "") -> PageText:
        """An unsaved row holding ``text`` for the page ``page_id`` (for bulk_create)."""
        confs = [line.conf for line in text.lines if line.conf is not None]
        return cls(
            page_id=page_id,
            source=text.source,
            data=textlayer.compress(text),
            characters=sum(len(line.text) for line in text.lines),
            confidence=sum(confs) / len(confs) if confs else None,
            engine=engine,
        )


class PageCorrection(models.Model):
    """A person's reading of a machine-read page, kept beside the machine's own (``corrections``).

    The machine's text (``PageText``, from OCR or a library's ALTO) is never changed by
    an editor: a re-OCR replaces it, and the correction stays. The correction holds
    every line of the page as corrected — text, box and character edges in the
    ``textlayer`` shape, so hits are boxed on it — and which lines a person changed.
    Who corrected it last, and when, is kept here; each save is also a
    django-reversion revision and an audit entry.
    """

    page = models.OneToOneField(
        "editions.Page",
        on_delete=models.CASCADE,
        related_name="text_correction",
        verbose_name=_("page"),
    )
    # textlayer.PageText.pack() of the corrected page: every line, in reading order.
    text_data = models.JSONField(_("corrected text with boxes"))
    # Indexes (into the lines above) of the lines a person changed; the rest read as the
    # machine read them.
    corrected_lines = models.JSONField(_("lines corrected"), default=list)
    characters = models.PositiveIntegerField(_("characters"), default=0)
    # The machine text the correction was made over, when it was made.
    base_source = models.CharField(_("corrected source"), max_length=8, blank=True)
    base_engine = models.CharField(_("corrected OCR engine"), max_length=100, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    corrected_by_name = models.CharField(_("corrected by (name)"), max_length=150, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"))

    class Meta:
        verbose_name = _("page text correction")
        verbose_name_plural = _("page text corrections")

    def __str__(self) -> str:
        return f"{self.page} (corrected)"

    @property
    def text(self) -> textlayer.PageText:
        return textlayer.PageText.unpack(self.text_data)
