"""Corrections of machine-read page text, kept beside the machine's own.

Correcting OCR was what Papers Past's readers asked for most; Trove keeps the
original beside the correction and searches both, so a correction can never lose
what the machine read (a name it read right that a person then mistyped). Here
the machine's text (``PageText``: OCR, or a library's ALTO) is never edited: a
person's reading is a ``PageCorrection`` of its own, made line by line over the
lines they saw, each line keeping its box so hits are still boxed on the image.
A re-OCR replaces only the machine's text; the correction stays.

A PDF's own text layer is the publisher's text, not a machine's reading: it has
articles, and those are corrected instead (``newsroom.services.edit_article``).

Roles, the audit log and the search change log are the newsroom's
(``newsroom.services.correct_page_text``); this module keeps the data rules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.db.models import ForeignObjectRel
from django.utils import timezone

from broadsheet.editions.models import Page

from .models import PageCorrection, PageText
from .textlayer import Line
from .textlayer import PageText as Text

MACHINE_SOURCES = (PageText.Source.OCR, PageText.Source.ALTO)


@dataclass(frozen=True)
class Editable:
    """The lines an editor corrects: the page's correction if it has one, else the machine's."""

    text: Text
    corrected: frozenset[int]  # lines a person changed before
    machine: PageText

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def machine_text(page: Page) -> PageText | None:
    """The page's machine-read text (OCR or ALTO), or None (none, or a PDF's own)."""
    return PageText.objects.filter(page=page, source__in=MACHINE_SOURCES).first()


def correction_of(page: Page) -> PageCorrection | None:
    return PageCorrection.objects.filter(page=page).select_related("corrected_by").first()


def editable(page: Page) -> Editable | None:
    """What an editor corrects on ``page``; None when it has no machine-read text."""
    machine = machine_text(page)
    if machine is None:
        return None
    correction = correction_of(page)
    if correction is None:
        return Editable(machine.text, frozenset(), machine)
    return Editable(correction.text, frozenset(correction.corrected_lines), machine)


def fingerprint(text: Text) -> str:
    """Names the lines an editor saw: a save made over other lines (a re-OCR or another
    editor's correction came meanwhile) is refused, never applied to the wrong lines."""
    packed = json.dumps([[ln.text, *ln.box] for ln in text.lines], ensure_ascii=False)
    return hashlib.sha256(packed.encode("utf-8")).hexdigest()[:16]


def corrected(base: Editable, texts: list[str]) -> tuple[Text, list[int]]:
    """The base lines with ``texts`` put in, and the indexes of the lines a person changed.

    ``texts`` has one entry per base line; an empty one drops the line (a smudge read
    as text). A line whose text is unchanged keeps its edges and its mark.
    """
    lines: list[Line] = []
    marks: list[int] = []
    for n, (line, text) in enumerate(zip(base.text.lines, texts, strict=True)):
        if not text:
            continue
        if text != line.text or n in base.corrected:
            marks.append(len(lines))
        lines.append(line if text == line.text else retyped(line, text))
    page = base.text
    return Text(page.source, lines, page.figures, page.rules, page.width, page.height), marks


def retyped(line: Line, text: str) -> Line:
    """The line with a person's text: same box; characters share it evenly unless the
    count is unchanged (then each keeps its own edges). No machine confidence."""
    if len(text) == len(line.text):
        edges = list(line.edges)
    else:
        first, last = line.edges[0], line.edges[-1]
        step = (last - first) / len(text)
        edges = [round(first + i * step) for i in range(len(text))] + [last]
    return Line(text, line.box, edges, line.size, line.weight, line.vertical, conf=None)


def save(page: Page, base: Editable, text: Text, marks: list[int], user) -> PageCorrection:
    """Store the correction of ``page`` (the caller holds the transaction)."""
    row, _ = PageCorrection.objects.update_or_create(
        page=page,
        defaults={
            "text_data": text.pack(),
            "corrected_lines": marks,
            "characters": sum(len(line.text) for line in text.lines),
            "base_source": base.machine.source,
            "base_engine": base.machine.engine,
            "corrected_by": user if getattr(user, "pk", None) else None,
            "corrected_by_name": getattr(user, "username", "") or "",
            "corrected_at": timezone.now(),
        },
    )
    return row


def texts_for_hits(page: Page) -> Iterator[Text]:
    """Where a query is looked for on the page image, in order: the corrected lines, then the
    machine's (a word found only in the original is boxed where the machine read it). Lazy:
    the machine's text is read only when the correction did not have the query."""
    for correction in PageCorrection.objects.filter(page=page):
        yield correction.text
    for row in PageText.objects.filter(page=page):
        yield row.text


def searchable_texts(page: Page) -> list[Text]:
    """What the page is searched by: the correction whole, then the machine's text keeping
    only the lines no correction has (the caller joins lines its own way). Read through
    the page's relations, so a caller that ``select_related`` them pays no query."""
    machine = _related(page, PageText)
    correction = _related(page, PageCorrection)
    if correction is None:
        return [machine.text] if machine else []
    corrected = correction.text
    if machine is None:
        return [corrected]
    seen = {line.text for line in corrected.lines}
    original = machine.text
    differing = [line for line in original.lines if line.text not in seen]
    return [corrected, replace(original, lines=differing)]


def _related(page: Page, model: type[PageText] | type[PageCorrection]):
    """The page's row of ``model``: as ``select_related`` left it, else read now (a lazy
    access would keep its answer on the page, stale after a re-OCR or a correction)."""
    relation = Page._meta.get_field("text_layer" if model is PageText else "text_correction")
    assert isinstance(relation, ForeignObjectRel)
    if relation.is_cached(page):
        return relation.get_cached_value(page)
    return model.objects.filter(page=page).first()
