"""Editions for the IIIF tests: real bundles (PNG pages, PDFs) ingested, one with a 2x image."""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Edition
from tests.builders import add_jump, store_hidpi
from tests.doors.helpers import load


@pytest.fixture
def edition(tmp_path) -> Edition:
    """晨报 2024-03-01 (issue 100): pages 01 要闻 and 02 综合, article 1 of 01 continued on 02;
    page 01 has a 2x image (1200 x 1700), page 02 only its 1x PNG (600 x 850)."""
    edition = load(tmp_path, date="2024-03-01")
    store_hidpi(edition.pages.get(label="01"))
    add_jump(edition)
    return edition


@pytest.fixture
def papers(tmp_path, edition) -> Edition:
    """Besides ``edition``: 晨报 2024-03-02 and 晚报 2024-02-20, published, and a draft."""
    load(tmp_path, date="2024-03-02", issue_number=101)
    load(tmp_path, slug="wanbao", name="晚报", date="2024-02-20")
    load(tmp_path, date="2024-03-03", publish=False)
    return edition
