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


# pytest-timeout: every test has `timeout` seconds (pyproject.toml); a `slow` one, which
# loads a whole corpus (several minutes on a busy machine), gets this unless it names its own.
SLOW_TIMEOUT = 900


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT))


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.IIIF_CACHE_DIR = tmp_path / "iiif-cache"


def corpus(name: str) -> Path:
    """Path of a corpus file in ../shared/corpora; see :func:`shared_file`."""
    return shared_file(f"corpora/{name}")


def shared_file(name: str) -> Path:
    """Path of a file in ../shared (corpora, the seed page).

    A developer without ../shared still runs the rest of the suite: the test is
    skipped. CI sets ``BROADSHEET_REQUIRE_CORPORA=1`` (``.ci/run``), and there a
    missing file fails the test, so a run cannot pass by quietly testing less.
    """
    path = SHARED / name
    if not path.exists():
        message = f"{name} not available in ../shared beside the repository"
        if os.environ.get("BROADSHEET_REQUIRE_CORPORA") == "1":
            pytest.fail(f"{message} (BROADSHEET_REQUIRE_CORPORA=1)", pytrace=False)
        pytest.skip(message)
    return path
