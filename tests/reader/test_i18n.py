"""The reader is Chinese by default and translatable (English catalogue shipped)."""

from __future__ import annotations

import pytest

from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_url(tmp_path):
    load_edition(read_bundle(write_bundle(tmp_path)), publish=True)
    return "/chenbao/2024-03-01/01/1/"


def test_chinese_by_default(client, article_url):
    body = client.get(article_url).content.decode()
    assert 'lang="zh-hans"' in body
    assert "标题导航" in body and "放大" in body and "星期五" in body


def test_english_for_an_english_browser(client, article_url):
    body = client.get(article_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in body
    for text in ["Headlines", "Larger", "Smaller", "Default", "Issue", "Friday", "Past editions"]:
        assert text in body, text
    assert "标题导航" not in body
    # the newspaper's own text is never translated
    assert "第01版头条：田间地头忙春耕" in body
