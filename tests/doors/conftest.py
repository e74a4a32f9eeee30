"""Editions for the doors' tests."""

from __future__ import annotations

import pytest

from tests.doors.helpers import load


@pytest.fixture
def two_editions(tmp_path):
    """晨报 on two dates (the newest is issue 101) and 晚报 on one, all published."""
    load(tmp_path, date="2024-03-01")
    load(tmp_path, date="2024-03-02", issue_number=101)
    load(tmp_path, slug="wanbao", name="晚报", date="2024-02-20")
    return tmp_path
