"""The desk's text corrector: a machine-read page's lines beside its image, each with its box,
corrected line by line through ``services.correct_page_text``."""

from __future__ import annotations

import re

import pytest

from broadsheet.editions.models import Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom import roles
from broadsheet.newsroom.models import AuditEntry, Role
from broadsheet.pages import corrections
from broadsheet.pages.models import PageCorrection
from tests.builders import write_bundle
from tests.scans import LINES, machine_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(tmp_path) -> Edition:
    return load_edition(read_bundle(write_bundle(tmp_path / "c", date="2024-03-02"))).edition


@pytest.fixture
def page(edition):
    scanned = edition.pages.get(label="02")
    machine_read(scanned)
    return scanned


def _login(client, django_user_model, name, role, paper):
    user = django_user_model.objects.create_user(name)
    roles.grant(user, role, paper)
    client.force_login(user)
    return client


def _post(client, page, lines, fingerprint=None):
    fingerprint = corrections.editable(page).fingerprint if fingerprint is None else fingerprint
    return client.post(f"/desk/page/{page.pk}/text/", {"line": lines, "fingerprint": fingerprint})


def test_the_corrector_shows_each_line_with_its_box_and_saves_a_correction(
    client, django_user_model, page
):
    editor = _login(client, django_user_model, "editor", Role.EDITOR, page.edition.newspaper)
    desk_page = editor.get("/desk/chenbao/2024-03-02/page/02/").content.decode()
    assert f'href="/desk/page/{page.pk}/text/"' in desk_page
    shown = editor.get(f"/desk/page/{page.pk}/text/").content.decode()
    assert len(re.findall(r'<rect class="tc-box" data-line="\d"', shown)) == 3
    assert all(f'value="{line}"' in shown for line in LINES)
    assert "newsroom/text-corrector.js" in shown
    answer = _post(editor, page, [LINES[0], "全市新增智能农机具", LINES[2]])
    assert answer.status_code == 302
    after = editor.get(answer["Location"]).content.decode()
    assert "本版文字校对已保存" in after and 'value="全市新增智能农机具"' in after
    assert 'class="tc-box is-corrected" data-line="2"' in after
    assert re.search(r'原识别：<span lang="zh-hans">全市新增智能农机</span>', after)
    assert PageCorrection.objects.get(page=page).corrected_by_name == "editor"


def test_a_stale_form_is_refused_with_its_reason(client, django_user_model, page):
    editor = _login(client, django_user_model, "editor", Role.EDITOR, page.edition.newspaper)
    answer = _post(editor, page, [LINES[0], "改", LINES[2]], fingerprint="0000")
    assert answer.status_code == 400 and "已被更新" in answer.content.decode()
    assert not PageCorrection.objects.exists()


def test_a_reviewer_sees_the_lines_read_only_and_may_not_save(client, django_user_model, page):
    reviewer = _login(client, django_user_model, "rev", Role.REVIEWER, page.edition.newspaper)
    shown = reviewer.get(f"/desk/page/{page.pk}/text/").content.decode()
    assert "readonly" in shown and "保存校对" not in shown
    answer = _post(reviewer, page, [LINES[0], "改", LINES[2]])
    assert answer.status_code == 400 and "你没有编辑这份报纸的权限" in answer.content.decode()
    assert not PageCorrection.objects.exists() and not AuditEntry.objects.exists()


def test_an_editor_of_another_paper_gets_404(client, django_user_model, page, tmp_path):
    folder = write_bundle(tmp_path / "w", slug="wanbao", name="晚报", date="2024-03-02")
    other = load_edition(read_bundle(folder)).edition.newspaper
    stranger = _login(client, django_user_model, "stranger", Role.EDITOR, other)
    assert stranger.get(f"/desk/page/{page.pk}/text/").status_code == 404
    assert _post(stranger, page, list(LINES), fingerprint="").status_code == 404


def test_a_page_without_machine_text_has_no_corrector(client, django_user_model, edition):
    editor = _login(client, django_user_model, "editor", Role.EDITOR, edition.newspaper)
    page = edition.pages.get(label="01")  # its PDF's own text
    assert editor.get(f"/desk/page/{page.pk}/text/").status_code == 404
    assert "/text/" not in editor.get("/desk/chenbao/2024-03-02/page/01/").content.decode()
