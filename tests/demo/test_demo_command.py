"""``broadsheet demo --no-serve``: builds, migrates and loads; running it twice is harmless."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command

from broadsheet.editions.models import Article, Edition, Newspaper


@pytest.mark.django_db
def test_demo_loads_every_edition_published_then_skips_them(sample, settings, tmp_path, capsys):
    shutil.copytree(sample.folders[0].parent, tmp_path / "demo-bundles")
    settings.DATA_DIR = tmp_path
    call_command("demo", "--no-serve")
    total = sum(len(m["articles"]) for m in sample.manifests())
    assert Edition.objects.public().count() == len(sample.folders)
    assert Article.objects.count() == total
    assert Newspaper.objects.get(is_default=True).slug == "mingchuan-daily"
    assert list(Newspaper.objects.values_list("slug", flat=True)) == [
        "mingchuan-daily",
        "mingchuan-evening",
    ]
    call_command("demo", "--no-serve")
    assert Article.objects.count() == total
    assert f"0 edition(s) loaded, {len(sample.folders)} already there" in capsys.readouterr().out


def _run_demo(data_dir):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BROADSHEET_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "broadsheet.cli", "demo", "--no-serve"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def _published(data_dir) -> int:
    with sqlite3.connect(data_dir / "broadsheet.sqlite3") as db:
        query = "select count(*) from editions_edition where status = 'published'"
        return db.execute(query).fetchone()[0]


def test_the_cli_builds_the_demo_on_a_fresh_data_directory(tmp_path):
    first = _run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Built mingchuan-evening-2026-11-25" in first.stdout
    assert _published(tmp_path) == 6
    second = _run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Using the sample bundles built before" in second.stdout
    assert "0 edition(s) loaded, 6 already there" in second.stdout
    assert _published(tmp_path) == 6
