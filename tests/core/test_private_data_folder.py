"""A fresh data folder is private whatever the umask (issue 10, finding 13).

Under umask 022 the SQLite database was created 0644 and media folders 0755:
anyone on the machine could read drafts and password hashes. The commands run
here in a subprocess, as an operator would, with that usual umask.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.builders import write_bundle

REPO = Path(__file__).resolve().parents[2]


def broadsheet(data_dir: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BROADSHEET_", "DATABASE_"))}
    env.update(BROADSHEET_DATA_DIR=str(data_dir), BROADSHEET_INGEST_FOLLOWER="0")
    env.pop("SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *args],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=180,
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("private")
    folder = write_bundle(root / "bundle", labels=("01",))
    Image.new("RGB", (40, 30), "teal").save(folder / "images" / "photo.png")
    data = root / "fresh" / "data"
    broadsheet(data, "migrate", "-v", "0")
    broadsheet(data, "ingest", "--publish", str(folder))
    return data


def test_the_data_folder_lets_only_its_owners_group_pass(data_dir):
    assert mode(data_dir) == 0o710


@pytest.mark.parametrize("name", ["broadsheet.sqlite3", "secret_key"])
def test_the_database_and_the_secret_key_are_the_owners_alone(data_dir, name):
    assert mode(data_dir / name) == 0o600


def test_the_search_index_is_the_owners_alone(data_dir):
    index = data_dir / "search-index"
    assert mode(index) == 0o700
    files = [p for p in index.rglob("*") if p.is_file()]
    assert files and all(mode(p) & 0o077 == 0 for p in files), [oct(mode(p)) for p in files]


def test_media_are_for_the_owner_and_its_group_only(data_dir):
    media = data_dir / "media"
    folders = [media, *(p for p in media.rglob("*") if p.is_dir())]
    files = [p for p in media.rglob("*") if p.is_file()]
    assert len(files) >= 3
    assert {mode(p) for p in folders} == {0o750}
    assert {mode(p) for p in files} == {0o640}
