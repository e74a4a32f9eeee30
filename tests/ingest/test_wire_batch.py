"""Wire items wait on disk between reading and loading: same result, flat memory."""

from __future__ import annotations

import datetime as dt
import os
import tracemalloc

from broadsheet.ingest.batch import WireBatch
from broadsheet.ingest.records import ArticleRecord, EditionRecord, PageRecord

D = dt.date(2024, 3, 1)


def wire(date, *items, label="04", paper="wire"):
    page = PageRecord(label=label, name="国际", order=1, articles=list(items))
    return EditionRecord(newspaper=paper, date=date, pages=[page], wire=True)


def item(headline, body="正文", source_id="", version=None, source="f.xml"):
    blocks = [{"type": "paragraph", "text": body}]
    return ArticleRecord(
        order=1,
        headline=headline,
        blocks=blocks,
        source_id=source_id,
        source_version=version,
        source=source,
    )


def shape(records):
    return [
        (
            r.newspaper,
            r.date,
            [(p.label, p.order, [a.headline for a in p.articles]) for p in r.pages],
        )
        for r in records
    ]


def test_items_come_back_by_paper_and_date_in_reading_order():
    batch = WireBatch()
    batch.add(wire(D.replace(day=2), item("乙")))
    batch.add(wire(D, item("甲一"), item("甲二")))
    batch.add(wire(D, item("甲三"), label="05"))
    batch.add(wire(D, item("另报"), paper="other"))
    assert shape(batch.records()) == [
        ("other", D, [("04", 1, ["另报"])]),
        ("wire", D, [("04", 1, ["甲一", "甲二"]), ("05", 2, ["甲三"])]),
        ("wire", D.replace(day=2), [("04", 1, ["乙"])]),
    ]


def test_a_later_file_wins_and_an_older_version_is_skipped():
    batch = WireBatch()
    assert batch.add(wire(D, item("初稿", source_id="urn:1", version=2))) == []
    assert batch.add(wire(D, item("同题", body="第一次"), item("其他"))) == []
    # the same guid moves to another date; the same headline without id replaces in place
    assert batch.add(wire(D.replace(day=3), item("改稿", source_id="urn:1", version=3))) == []
    assert batch.add(wire(D, item("同题", body="第二次"))) == []
    notes = batch.add(wire(D, item("旧稿", source_id="urn:1", version=1, source="old.xml")))
    assert len(notes) == 1 and "version 3 read" in notes[0].message
    records = list(batch.records())
    assert shape(records) == [
        ("wire", D, [("04", 1, ["其他", "同题"])]),
        ("wire", D.replace(day=3), [("04", 1, ["改稿"])]),
    ]
    assert records[0].pages[0].articles[1].blocks[0]["text"] == "第二次"


def test_the_spool_is_removed_after_loading_and_after_close(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    batch = WireBatch()
    batch.add(wire(D, item("甲")))
    assert len(os.listdir(tmp_path)) == 1
    list(batch.records())
    assert os.listdir(tmp_path) == []
    interrupted = WireBatch()
    interrupted.add(wire(D, item("乙")))
    interrupted.close()  # what the runner does when the run is interrupted
    assert os.listdir(tmp_path) == []
    assert list(WireBatch().records()) == []


def test_memory_stays_flat_while_items_wait():
    """2,000 items of 20,000 characters each (80 MB as str) must not be held in memory."""
    base = "新闻" * 10_000
    batch = WireBatch()
    tracemalloc.start()
    try:
        for n in range(2_000):
            body = f"{n}{base}"  # a new string each time, as a parser makes them
            batch.add(wire(D, item(f"第{n}条", body=body, source_id=f"urn:{n}")))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000, f"{peak:,} bytes traced"
    pages = next(batch.records()).pages
    assert len(pages[0].articles) == 2_000
    assert pages[0].articles[-1].headline == "第1999条"
