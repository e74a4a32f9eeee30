"""A scanned page OCR'd for real, corrected by an editor, shown to readers as corrected, its
hits boxed on the corrected lines, and read again with ``broadsheet ocr --force``: the new
machine text replaces the old, the correction stays."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition, Page
from broadsheet.newsroom import roles, services
from broadsheet.newsroom.models import Role
from broadsheet.pages import ocr
from broadsheet.pages.models import PageCorrection, PageText
from broadsheet.pages.reading import searchable_text
from tests.builders import ingest_json
from tests.scans import LINES, scan, scanned_pdf

pytestmark = [
    pytest.mark.skipif(not ocr.available(), reason="OCR engine not installed"),
    pytest.mark.timeout(600),
    pytest.mark.django_db,
]
URL = "/chenbao/2024-03-05/01"
FIXED = "全市新增智能农机具"


@pytest.fixture
def scanned(tmp_path) -> Page:
    """A one-page edition from a scanned PDF (no text layer), published, OCR'd."""
    path = tmp_path / "chenbao-2024-03-05.pdf"
    path.write_bytes(scanned_pdf(scan()))
    ingest_json(path, newspaper="chenbao")
    publishing.publish(Edition.objects.get())
    call_command("ocr", json=True, stdout=io.StringIO())
    return Page.objects.get()


@pytest.fixture
def editor(scanned, django_user_model):
    user = django_user_model.objects.create_user("editor")
    roles.grant(user, Role.EDITOR, scanned.edition.newspaper)
    return user


def _correct(editor, page) -> list[str]:
    read = [line.text for line in PageText.objects.get(page=page).text.lines]
    assert read == list(LINES)  # three lines of large type read right
    services.correct_page_text(editor, page, [read[0], FIXED, read[2]])
    return read


def test_readers_see_the_corrected_text_marked_and_hits_on_its_boxes(client, scanned, editor):
    before = client.get(URL + ".json").json()["data"]["machine_text"]
    assert before["corrected"] is False and before["lines"] == list(LINES)
    _correct(editor, scanned)
    shown = client.get(URL + ".json?hl=" + FIXED).json()["data"]
    assert shown["machine_text"]["lines"] == [LINES[0], FIXED, LINES[2]]
    assert shown["machine_text"]["corrected"] is True
    assert "已人工校对" in client.get(URL + "/").content.decode()
    [box] = shown["find"]["boxes"]
    x0, y0, x1, y1 = scan().boxes[1]  # where the second line is drawn
    assert abs(box["y"] - y0) < 0.02 and abs(box["y"] + box["h"] - y1) < 0.02
    assert abs(box["x"] - x0) < 0.03 and abs(box["x"] + box["w"] - x1) < 0.03
    # The machine's reading is still searchable, and boxed where the machine read it.
    original = client.get(URL + ".json?hl=" + LINES[1]).json()["data"]["find"]
    assert original["count"] == 1 and abs(original["boxes"][0]["y"] - y0) < 0.02


def test_a_re_ocr_replaces_the_machine_text_and_never_the_correction(scanned, editor, client):
    _correct(editor, scanned)
    kept = PageCorrection.objects.get(page=scanned)
    machine = PageText.objects.get(page=scanned)
    call_command("ocr", force=True, json=True, stdout=io.StringIO())
    again = PageText.objects.get(page=scanned)
    assert again.pk != machine.pk and again.source == "ocr"  # read again, stored anew
    now = PageCorrection.objects.get(page=scanned)
    assert (now.pk, now.text_data, now.corrected_at) == (kept.pk, kept.text_data, kept.corrected_at)
    assert client.get(URL + ".json").json()["data"]["machine_text"]["lines"][1] == FIXED
    assert searchable_text(scanned).split("\n") == [LINES[0], FIXED, LINES[2], LINES[1]]


def test_the_reader_page_shows_the_text_once_it_is_read(client, tmp_path):
    """A page served (and kept in the page cache) before OCR shows its text after it."""
    path = tmp_path / "chenbao-2024-03-05.pdf"
    path.write_bytes(scanned_pdf(scan()))
    ingest_json(path, newspaper="chenbao")
    publishing.publish(Edition.objects.get())
    assert "本版文字" not in client.get(URL + "/").content.decode()
    call_command("ocr", json=True, stdout=io.StringIO())
    assert LINES[0] in client.get(URL + "/").content.decode()
