"""``broadsheet iiif trim``: the kept image answers are bounded by time unused and by size,
oldest use first; what is removed is cut again on its next request."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

TILE = "/iiif/image/chenbao/2024-03-01/01/0,0,512,512/512,/0/default.jpg"
DAY = 24 * 3600


def kept() -> list[Path]:
    return sorted(Path(settings.IIIF_CACHE_DIR).glob("*/*.jpg"))


def age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_trim_removes_what_was_unused_too_long_and_keeps_the_rest(client, edition, capsys):
    assert client.get(TILE).status_code == 200
    files = kept()
    assert len(files) > 2  # the whole scale's tiles were kept at once
    old, recent = files[0], files[1:]
    age(old, 40)
    call_command("iiif", "trim", "--unused-days", "30")
    assert kept() == recent
    assert "Removed 1 kept answer(s)" in capsys.readouterr().out


def test_trim_bounds_the_size_oldest_use_first(client, edition):
    assert client.get(TILE).status_code == 200
    files = kept()
    for n, path in enumerate(files):
        age(path, len(files) - n)  # files[0] used longest ago
    call_command("iiif", "trim", "--max-mb", "0", "--unused-days", "365")
    assert kept() == []
    assert client.get(TILE).status_code == 200  # cut again
    assert kept()


def test_trim_keeps_exactly_what_fits_the_bound(client, edition):
    from broadsheet.iiif import tiles

    assert client.get(TILE).status_code == 200
    files = kept()
    for n, path in enumerate(files):
        age(path, len(files) - n)
    newest = files[-1]
    done = tiles.trim(max_bytes=newest.stat().st_size, unused_seconds=None)
    assert kept() == [newest]
    assert done.removed == len(files) - 1 and done.kept == newest.stat().st_size


def test_trim_of_no_folder_and_bad_numbers(edition):
    call_command("iiif", "trim")  # nothing kept yet: nothing to do, no error
    with pytest.raises(CommandError):
        call_command("iiif", "trim", "--max-mb", "-1")
