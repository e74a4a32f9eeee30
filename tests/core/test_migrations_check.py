"""Commands refuse a database that was never migrated, with the fix in the message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["ingest", "nothing"], ["search", "江"], ["reindex"]])
def test_unmigrated_database_gets_a_clear_error(tmp_path, command):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BROADSHEET_DATA_DIR"] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "run `broadsheet migrate` first" in proc.stderr
    assert "Traceback" not in proc.stderr
