"""The stored text of a page, with its boxes (see ``textlayer``)."""

from __future__ import annotations

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
