"""A missing corpus skips a developer's test but fails CI's (``BROADSHEET_REQUIRE_CORPORA=1``).

Without ../shared, some sixty tests skip; a CI run that skipped them all would
still pass. The probe runs in its own pytest process, as CI would run it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

PROBE = """
from tests.conftest import corpus


def test_probe():
    corpus("nope.jsonl")
"""


def run_probe(tmp_path, required: str | None) -> subprocess.CompletedProcess:
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BROADSHEET_REQUIRE_CORPORA"}
    if required is not None:
        env["BROADSHEET_REQUIRE_CORPORA"] = required
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    config = ["--rootdir", str(REPO), "-c", str(REPO / "pyproject.toml"), str(probe)]
    return subprocess.run(
        command + config, cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_missing_corpus_fails_when_corpora_are_required(tmp_path):
    run = run_probe(tmp_path, "1")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed" in run.stdout
    assert "corpora/nope.jsonl not available" in run.stdout


@pytest.mark.parametrize("required", [None, "0"])
def test_missing_corpus_skips_otherwise(tmp_path, required):
    run = run_probe(tmp_path, required)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 skipped" in run.stdout
