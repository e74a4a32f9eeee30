"""Corrections of machine-read page text (``services.correct_page_text``): the machine's text
stays as it was read, the correction is kept beside it with who and when, in the audit log,
as a revision, and in the search change log; both are searchable (``searchable_text``)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from reversion.models import Version

from broadsheet.newsroom import services
from broadsheet.newsroom.models import AuditEntry
from broadsheet.pages import corrections
from broadsheet.pages.models import PageCorrection, PageText
from broadsheet.pages.reading import searchable_text
from broadsheet.search.models import SearchChange
from tests.scans import LINES, machine_read

FIXED = ["春耕时节田间忙", "全市新增智能农机具", "图书馆延长开放时间"]


@pytest.fixture
def scanned(newsroom):
    """Page 02 of paper A's edition, read by OCR (and so without a PDF text of its own)."""
    page = newsroom.edition_a.pages.get(label="02")
    machine_read(page)
    return page


def test_a_correction_is_kept_beside_the_machine_text_which_stays_as_read(newsroom, scanned):
    before = bytes(PageText.objects.get(page=scanned).data)
    log_head = SearchChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    editor = newsroom.people["editor_a"]
    row = services.correct_page_text(editor, scanned, FIXED)
    assert bytes(PageText.objects.get(page=scanned).data) == before
    assert [line.text for line in row.text.lines] == FIXED
    assert row.corrected_lines == [1] and row.corrected_by == editor
    assert row.base_source == "ocr" and row.base_engine == "rapidocr_onnxruntime test"
    # The corrected line keeps its box; its characters share it; no machine confidence.
    machine, fixed = PageText.objects.get(page=scanned).text.lines[1], row.text.lines[1]
    assert fixed.box == machine.box and len(fixed.edges) == len(FIXED[1]) + 1
    assert fixed.edges[0] == machine.edges[0] and fixed.edges[-1] == machine.edges[-1]
    assert fixed.conf is None and row.text.lines[0].conf == machine.conf
    entry = AuditEntry.objects.get(action="correct_page_text")
    assert entry.username == "editor_a" and entry.edition == newsroom.edition_a
    assert entry.details == {
        "page": "02",
        "changed": [{"line": 2, "before": LINES[1], "after": FIXED[1]}],
    }
    logged = SearchChange.objects.filter(id__gt=log_head, edition_id=newsroom.edition_a.pk)
    assert logged.exists()
    assert Version.objects.get_for_object(row).get().revision.user == editor


def test_a_second_correction_builds_on_the_first_and_keeps_its_marks(newsroom, scanned):
    editor = newsroom.people["editor_a"]
    services.correct_page_text(editor, scanned, FIXED)
    again = [FIXED[0], FIXED[1], "图书馆延长开放时间至晚九点"]
    row = services.correct_page_text(editor, scanned, again)
    assert [line.text for line in row.text.lines] == again
    assert row.corrected_lines == [1, 2]
    assert Version.objects.get_for_object(row).count() == 2
    assert PageCorrection.objects.count() == 1


def test_an_emptied_line_is_dropped_from_the_correction(newsroom, scanned):
    row = services.correct_page_text(newsroom.people["editor_a"], scanned, [LINES[0], "", LINES[2]])
    assert [line.text for line in row.text.lines] == [LINES[0], LINES[2]]
    assert len(PageText.objects.get(page=scanned).text.lines) == 3


def test_nothing_changed_writes_nothing(newsroom, scanned):
    assert services.correct_page_text(newsroom.people["editor_a"], scanned, list(LINES)) is None
    assert not PageCorrection.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize("person", ["reviewer_a", "nobody"])
def test_who_may_not_edit_paper_a_may_not_correct_its_text(newsroom, scanned, person):
    with pytest.raises(PermissionDenied):
        services.correct_page_text(newsroom.people[person], scanned, FIXED)
    assert not PageCorrection.objects.exists() and not AuditEntry.objects.exists()


def test_an_editor_of_paper_a_may_not_correct_paper_b(newsroom):
    page = newsroom.edition_b.pages.get(label="02")
    machine_read(page)
    with pytest.raises(PermissionDenied):
        services.correct_page_text(newsroom.people["editor_a"], page, FIXED)
    assert not PageCorrection.objects.exists()


BAD = {
    "one line too few": FIXED[:2],
    "a line break in a line": [FIXED[0], "全市新增\n智能农机", FIXED[2]],
    "a line far too long": [FIXED[0], "长" * 501, FIXED[2]],
    "not text": [FIXED[0], 7, FIXED[2]],
}


@pytest.mark.parametrize("lines", BAD.values(), ids=list(BAD))
def test_bad_lines_are_refused_on_the_lines_field(newsroom, scanned, lines):
    with pytest.raises(ValidationError) as caught:
        services.correct_page_text(newsroom.people["editor_a"], scanned, lines)
    assert set(caught.value.message_dict) == {"lines"}
    assert not PageCorrection.objects.exists()


def test_a_save_over_lines_that_changed_meanwhile_is_refused(newsroom, scanned):
    seen = corrections.editable(scanned).fingerprint
    machine_read(scanned, ("春耕时节", "田间忙", "全市新增智能农机"))  # a re-OCR came between
    with pytest.raises(ValidationError, match="已被更新"):
        services.correct_page_text(newsroom.people["editor_a"], scanned, FIXED, fingerprint=seen)
    assert not PageCorrection.objects.exists()


def test_a_page_with_its_pdf_text_has_nothing_to_correct(newsroom):
    page = newsroom.edition_a.pages.get(label="01")
    assert PageText.objects.get(page=page).source == "pdf"
    with pytest.raises(ValidationError) as caught:
        services.correct_page_text(newsroom.people["editor_a"], page, ["x"])
    assert set(caught.value.message_dict) == {"lines"}


def test_searchable_text_is_the_correction_and_the_original_where_they_differ(newsroom, scanned):
    assert searchable_text(scanned) == "\n".join(LINES)
    services.correct_page_text(newsroom.people["editor_a"], scanned, FIXED)
    assert searchable_text(scanned) == "\n".join([*FIXED, LINES[1]])
    assert searchable_text(newsroom.edition_a.pages.get(label="01")).startswith("Test page 01")
