"""Shared fixtures. Every test gets its own media folder and search index.

The data directory is set before Django reads its settings, so no test ever
touches a developer's ``broadsheet-data`` folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("BROADSHEET_DATA_DIR", tempfile.mkdtemp(prefix="broadsheet-test-"))

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"


def corpus(name: str) -> Path:
    """Path of a corpus file in ../shared/corpora; skips the test when absent."""
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"corpus {name} not available beside the repository")
    return path
