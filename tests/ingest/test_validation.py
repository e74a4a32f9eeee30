"""One rule for slugs, page labels, dates and numbers, at every door that writes them.

A value the reader cannot route (a slug with an underscore, a label in Chinese
characters, an edition dated 9999-12-31) used to ingest with exit status 0 and
then turn the home page, other newspapers' pages and the 404 page into 500s.
Each is refused at ingest with a message naming the file, the line or field.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.runner import run_ingest
from tests.builders import read_manifest, write_bundle, write_manifest
from tests.conftest import corpus

from .corpus_io import write

pytestmark = pytest.mark.django_db

BAD_SLUGS = ["Bad_Slug", "ABC", "a b", "-lead", "admin", "switch", "search", "media", "rmrb\n"]
BAD_LABELS = ["第1版", "01.json", "<x>", "01/02", "-1", "٣", "²", "01\n", "A" * 17]
BIG = 2**63


def line(**fields) -> dict:
    record = {"newspaper": "chenbao", "date": "2024-03-01", "page": "01", "paragraphs": ["正文。"]}
    return {**record, **fields}


def jsonl(tmp_path, *records: dict):
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return write(tmp_path / "in.jsonl", text.encode())


def good_and(tmp_path, bad: dict):
    """A bad edition between two good ones: the run goes on and loads both."""
    return jsonl(
        tmp_path,
        line(date="2024-03-01"),
        {**line(date="2024-03-02"), **bad},
        line(date="2024-03-03"),
    )


def loaded_dates() -> list[str]:
    return sorted(d.isoformat() for d in Edition.objects.values_list("date", flat=True))


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_a_slug_the_reader_cannot_route_is_refused(tmp_path, slug):
    summary = run_ingest([good_and(tmp_path, {"newspaper": slug})])
    [error] = summary.errors
    assert "line 2" in error and "newspaper" in error, error
    assert loaded_dates() == ["2024-03-01", "2024-03-03"]
    assert list(Newspaper.objects.values_list("slug", flat=True)) == ["chenbao"]


@pytest.mark.parametrize("label", BAD_LABELS)
def test_a_page_label_the_reader_cannot_route_is_refused(tmp_path, label):
    summary = run_ingest([good_and(tmp_path, {"page": label})])
    [error] = summary.errors
    assert "in.jsonl" in error and "line 2" in error and "page" in error, error
    assert loaded_dates() == ["2024-03-01", "2024-03-03"]


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1599-12-31", "3000-01-01"])
def test_a_date_out_of_range_is_refused(tmp_path, date):
    summary = run_ingest([good_and(tmp_path, {"date": date})])
    [error] = summary.errors
    assert "line 2" in error and f"date {date} is outside 1600-01-01 .. 2999-12-31" in error
    assert loaded_dates() == ["2024-03-01", "2024-03-03"]


@pytest.mark.parametrize("order", [BIG, 10**6, 2**31])
def test_an_article_order_out_of_range_is_refused(tmp_path, order):
    summary = run_ingest([good_and(tmp_path, {"order": order})])
    [error] = summary.errors
    assert "line 2" in error and "order" in error and "999999" in error, error
    assert loaded_dates() == ["2024-03-01", "2024-03-03"]


def test_the_bounds_themselves_load(tmp_path):
    path = jsonl(
        tmp_path,
        line(date="1600-01-01", page="A-1", order=999_999),
        line(date="2999-12-31", page="Z" * 16, newspaper="a" * 64),
    )
    assert run_ingest([path]).errors == []
    assert Article.objects.filter(order=999_999).exists()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("issue_number", BIG, "9223372036854775808 is greater than the maximum of 2147483647"),
        ("date", "9999-12-31", "date 9999-12-31 is outside"),
        ("label", "01\n", "page label '01\\n'"),
        ("slug", "admin", "newspaper 'admin' is a name the site uses itself"),
        ("order", BIG, "greater than the maximum of 999999"),
    ],
)
def test_a_bundle_with_a_value_the_site_cannot_serve_is_refused(tmp_path, field, value, expected):
    folder = write_bundle(tmp_path, labels=("01",))
    manifest = read_manifest(folder)
    if field == "label":
        manifest["pages"][0]["label"] = value
        for article in manifest["articles"]:
            article["page"] = value
    elif field == "slug":
        manifest["newspaper"]["slug"] = value
    elif field == "order":
        manifest["articles"][0]["order"] = value
    else:
        manifest[field] = value
    write_manifest(folder, manifest)
    summary = run_ingest([folder])
    [error] = summary.errors
    assert "edition.json" in error and expected in error, error
    assert not Edition.objects.exists() and not Page.objects.exists()


NITF = "agency_wire_samples/nitf/aap-1.xml"


@pytest.mark.parametrize(
    ("option", "value"), [("newspaper", "Wire_X"), ("newspaper", "admin"), ("page", "第4版")]
)
def test_wire_options_the_reader_cannot_route_are_refused(option, value):
    options = {"newspaper": "wire", "page": "04", option: value}
    with pytest.raises(CommandError, match=f"--{option}.*{value}"):
        call_command("ingest", str(corpus(NITF)), "--json", *_flags(options))
    assert not Edition.objects.exists()
    summary = run_ingest([corpus(NITF)], options=IngestOptions(**options))
    [error] = summary.errors
    assert value in error and not Edition.objects.exists()


@pytest.mark.parametrize(("option", "limit"), [("newspaper-name", 200), ("page-name", 100)])
def test_names_longer_than_their_column_are_refused(option, limit):
    flags = ["--newspaper", "wire", "--page", "04", f"--{option}", "名" * (limit + 1)]
    with pytest.raises(CommandError, match=f"--{option} .*longer than {limit} characters"):
        call_command("ingest", str(corpus(NITF)), "--json", *flags)
    assert not Edition.objects.exists()


def _flags(options: dict) -> list[str]:
    return [x for name, value in options.items() for x in (f"--{name}", value)]


def test_a_newsml_version_beyond_any_integer_column_is_an_error_not_a_crash(tmp_path):
    data = corpus("agency_wire_samples/newsml_g2/ap.xml").read_bytes()
    version = b'-text" version="2"'
    assert version in data
    path = write(tmp_path / "ap.xml", data.replace(version, b'-text" version="%d"' % BIG, 1))
    other = corpus(NITF)
    summary = run_ingest([path, other], options=IngestOptions(newspaper="wire", page="04"))
    [error] = summary.errors
    assert "ap.xml" in error and "item version" in error, error
    ids = list(Article.objects.values_list("source_id", flat=True))
    assert ids and not any(i.endswith("5e565888b587889c5c8bd62b6164118c-text") for i in ids)
    assert any(i.startswith("tag:ap.org") for i in ids)  # the file's other items load
    assert any(not i.startswith("tag:ap.org") for i in ids)  # and so does the next file
