"""The tantivy engine against the search contract."""

from __future__ import annotations

import pytest

from broadsheet.search.backends.tantivy import TantivyBackend

from .contract import BackendContract


class TestTantivy(BackendContract):
    @pytest.fixture
    def backend(self, tmp_path):
        return TantivyBackend(tmp_path / "index")
