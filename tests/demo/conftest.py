"""The sample is built once per test session into a temporary folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from broadsheet.demo.bundles import MANIFEST, build_bundles


@dataclass
class Sample:
    folders: list[Path]
    log: list[str]

    def manifests(self) -> list[dict]:
        return [json.loads((f / MANIFEST).read_text("utf-8")) for f in self.folders]


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Sample:
    log: list[str] = []
    target = tmp_path_factory.mktemp("demo") / "demo-bundles"
    return Sample(build_bundles(target, log=log.append), log)
