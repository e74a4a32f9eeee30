"""The sample edition set: valid bundles with everything the reader site must show."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict

from broadsheet.demo.bundles import STAMP, build_bundles, source_digest
from broadsheet.ingest.formats.bundle import read_bundle


def test_every_bundle_passes_the_bundle_reader(sample):
    records = [read_bundle(folder) for folder in sample.folders]
    assert all(r.article_count > 0 for r in records)
    assert {r.publisher for r in records} == {"明川日报社"}


def test_every_story_fits_its_page(sample):
    assert not [line for line in sample.log if "warning" in line]


def test_two_papers_three_dates_four_pages(sample):
    dates = defaultdict(set)
    for m in sample.manifests():
        dates[m["newspaper"]["slug"]].add(m["date"])
        assert len(m["pages"]) >= 4
        labels = {p["label"] for p in m["pages"]}
        assert {a["page"] for a in m["articles"]} == labels
        for label in labels:
            count = sum(a["page"] == label for a in m["articles"])
            assert 3 <= count <= 5, (m["date"], label, count)
    assert len(dates) >= 2
    assert all(len(d) >= 3 for d in dates.values())
    assert max(max(d) for d in dates.values()) == "2026-11-25"


def test_issue_numbers_increase_day_by_day(sample):
    issues = defaultdict(list)
    for m in sample.manifests():
        issues[m["newspaper"]["slug"]].append((dt.date.fromisoformat(m["date"]), m["issue_number"]))
    for runs in issues.values():
        runs.sort()
        assert [n for _, n in runs] == list(range(runs[0][1], runs[0][1] + len(runs)))


def _articles(sample):
    return [a for m in sample.manifests() for a in m["articles"]]


def test_the_sample_has_untitled_items_subheadings_and_captioned_images(sample):
    articles = _articles(sample)
    blocks = [b for a in articles for b in a["body"]]
    assert len(articles) >= 50
    assert sum(not a["headline"] for a in articles) >= 6
    assert sum(b["type"] == "subheading" for b in blocks) >= 10
    images = [b for b in blocks if b["type"] == "image"]
    assert sum(bool(b["caption"]) for b in images) >= 10
    assert all(b["alt"] for b in images)
    assert sum(bool(a["byline"]) for a in articles) >= 20


def test_headlines_are_distinct(sample):
    headlines = [a["headline"] for a in _articles(sample) if a["headline"]]
    assert len(headlines) == len(set(headlines))


def test_an_unchanged_build_is_reused_and_a_stale_one_rebuilt(tmp_path, sample):
    log: list[str] = []
    target = sample.folders[0].parent
    assert build_bundles(target, log=log.append) == sample.folders
    assert log == [f"Using the sample bundles built before in {target}"]
    stale = tmp_path / "demo-bundles"
    shutil.copytree(target, stale)
    (stale / STAMP).write_text("an older sample")
    log.clear()
    build_bundles(stale, log=log.append)
    assert sum(line.startswith("Built ") for line in log) == len(sample.folders)
    assert (stale / STAMP).read_text() == source_digest()
    assert _files(stale) == _files(target)  # the same sample, byte for byte


def _files(root) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
