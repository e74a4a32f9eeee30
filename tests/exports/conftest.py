"""Editions for the exports' tests."""

from __future__ import annotations

import pytest

from tests.exports.helpers import hidden_editions, public_editions


@pytest.fixture
def editions(tmp_path):
    """Three public editions and three hidden ones; returns (public, hidden)."""
    return public_editions(tmp_path / "in"), hidden_editions(tmp_path / "in")
