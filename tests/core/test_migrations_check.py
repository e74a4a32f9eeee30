"""Commands refuse a database that is behind the code, with the fix in the message.

``ingest`` into a brand-new data folder creates the tables itself and says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def broadsheet(data_dir, *command) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BROADSHEET_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("command", [["search", "江"], ["reindex"]])
def test_unmigrated_database_gets_a_clear_error(tmp_path, command):
    proc = broadsheet(tmp_path, *command)
    assert proc.returncode == 1
    assert "run `broadsheet migrate` first" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_ingest_into_a_new_data_folder_creates_the_database_and_says_so(tmp_path):
    line = {"newspaper": "chenbao", "date": "2024-03-01", "page": "01", "paragraphs": ["正文。"]}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(line) + "\n", "utf-8")
    proc = broadsheet(tmp_path / "data", "ingest", str(source))
    assert proc.returncode == 0, proc.stderr
    assert "is new: creating its tables" in proc.stderr
    assert "Loaded 1 edition(s)" in proc.stdout
    again = broadsheet(tmp_path / "data", "ingest", str(source))
    assert again.returncode == 0 and "creating its tables" not in again.stderr


def test_ingest_still_refuses_a_database_behind_the_code(tmp_path):
    assert broadsheet(tmp_path, "migrate", "editions", "0005", "-v0").returncode == 0
    proc = broadsheet(tmp_path, "ingest", "nothing")
    assert proc.returncode == 1
    assert "run `broadsheet migrate` first" in proc.stderr and "creating" not in proc.stderr
    assert "Traceback" not in proc.stderr
