"""Every ingest format fed mutations of real inputs: only documented errors, nothing partial.

For each mutated input: ``run_ingest`` returns (no exception escapes; the
errors are ``IngestError`` messages in the summary), the database holds exactly
what the summary says was loaded (a failed edition left no row), every stored
slug, label, date and order passes ``editions.validate``, and the reader still
answers: 200 for a healthy edition loaded before and for the home page, 200 or
404 (never 500) for what the mutated input published. Each example's writes
are rolled back, so examples do not see each other.
"""

from __future__ import annotations

import functools
import gzip
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.editions import urls, validate
from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.runner import run_ingest
from broadsheet.ingest.services import load_edition
from tests.builders import read_manifest, write_bundle
from tests.conftest import corpus
from tests.ingest.corpus_io import RMRB_JSONL, first_days, utf8_lines

from .mutations import mutated, mutated_json

pytestmark = pytest.mark.django_db
HEALTHY = "healthy"
HEALTHY_PAGE = f"/{HEALTHY}/2024-03-01/01/"
WIRE = IngestOptions(newspaper="wire", newspaper_name="通讯社稿", page="04", page_name="国际")


@pytest.fixture(autouse=True)
def healthy_edition(tmp_path_factory, settings):
    """A published edition the mutated inputs must never take down."""
    settings.INGEST_FOLLOWER = False
    folder = write_bundle(tmp_path_factory.mktemp("healthy"), slug=HEALTHY, labels=("01",))
    load_edition(read_bundle(folder), publish=True)


NO_OPTIONS = IngestOptions()


def check_ingest(client, paths: list[Path], options: IngestOptions = NO_OPTIONS) -> None:
    """Ingest ``paths`` (published), check everything this suite promises, then roll back."""
    with transaction.atomic():
        summary = run_ingest(paths, options=options, publish=True)
        assert all(isinstance(e, str) and e for e in summary.errors)
        _nothing_partial(summary)
        _stored_values_pass_the_rules()
        _reader_still_answers(client)
        transaction.set_rollback(True)


def _nothing_partial(summary) -> None:
    loaded = Edition.objects.exclude(newspaper__slug=HEALTHY)
    assert loaded.count() == summary.editions, summary.as_dict()
    assert Page.objects.filter(edition__in=loaded).count() == summary.pages
    assert Article.objects.filter(page__edition__in=loaded).count() == summary.articles


def _stored_values_pass_the_rules() -> None:
    for slug in Newspaper.objects.values_list("slug", flat=True):
        assert validate.slug_problem(slug) is None, slug
    for date in Edition.objects.values_list("date", flat=True):
        assert validate.date_problem(date) is None, date
    for label in Page.objects.values_list("label", flat=True):
        assert validate.label_problem(label) is None, label
    for order in Article.objects.values_list("order", flat=True):
        assert validate.order_problem(order) is None, order


def _reader_still_answers(client) -> None:
    for url in ("/", HEALTHY_PAGE, "/nowhere/"):
        assert client.get(url).status_code == (404 if url == "/nowhere/" else 200), url
    for edition in Edition.objects.exclude(newspaper__slug=HEALTHY).select_related("newspaper")[:3]:
        url = urls.edition_url(edition.newspaper.slug, edition.date)
        assert client.get(url).status_code in (200, 404), url
        page = edition.pages.first()
        if page is not None:
            url = urls.page_url(edition.newspaper.slug, edition.date, page.label)
            assert client.get(url).status_code == 200, url
            assert client.get(url[:-1] + ".json").status_code == 200, url


def write_input(name: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-fuzz-"))
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def cleanup():
    made: list[Path] = []
    yield made
    for path in made:
        shutil.rmtree(path, ignore_errors=True)


# Seeds: small real inputs, read once from ../shared/corpora or built by tests.builders.


@functools.cache
def jsonl_seed() -> bytes:
    lines = []
    with corpus(RMRB_JSONL).open(encoding="utf-8") as fh:
        for raw in fh:
            r = json.loads(raw)
            if r["date"] > "1998-01-02":
                break
            if r["article"] <= 3:
                record = {"newspaper": "rmrb", "date": r["date"], "page": r["page"]}
                record.update(order=r["article"], headline=r["paragraphs"][0])
                lines.append({**record, "paragraphs": r["paragraphs"][1:3]})
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines).encode()


@functools.cache
def pfr_seed() -> bytes:
    lines = first_days(utf8_lines(), 2)
    days = sorted({ln[:8] for ln in lines if ln[:8].strip()})
    kept = [ln for day in days for ln in [x for x in lines if x.startswith(day)][:12]]
    return "\n".join(kept).encode()


def wire_samples(folder: str) -> list[Path]:
    base = corpus(f"agency_wire_samples/{folder}")
    return sorted(p for p in base.iterdir() if p.is_file() and p.name != "SHA256SUMS")


@pytest.fixture(scope="module")
def bundle_seed(tmp_path_factory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("seed"), slug="chenbao", labels=("01",))


@pytest.fixture(scope="module")
def bundle_zip_seed(bundle_seed, tmp_path_factory) -> bytes:
    archive = tmp_path_factory.mktemp("zip") / "edition.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bundle_seed.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(bundle_seed).as_posix())
    return archive.read_bytes()


# The tests: one per format, and one for the containers (.gz, .zip).


@given(data=st.data())
def test_jsonl(client, cleanup, data):
    raw = data.draw(mutated(jsonl_seed()))
    path = write_input("in.jsonl", raw)
    cleanup.append(path.parent)
    check_ingest(client, [path])


@given(data=st.data())
def test_jsonl_values(client, cleanup, data):
    """Well-formed lines with odd values: numbers, labels, slugs, dates, deep structures."""
    lines = [json.loads(x) for x in jsonl_seed().decode().splitlines()]
    i = data.draw(st.integers(0, len(lines) - 1))
    lines[i] = data.draw(mutated_json(lines[i]))
    text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    path = write_input("in.jsonl", text.encode())
    cleanup.append(path.parent)
    check_ingest(client, [path])


@given(data=st.data())
def test_pfr(client, cleanup, data):
    raw = data.draw(mutated(pfr_seed()))
    path = write_input("pfr.txt", raw)
    cleanup.append(path.parent)
    check_ingest(client, [path], IngestOptions(newspaper="rmrb"))


@given(data=st.data())
def test_gzip_and_zip_containers(client, cleanup, data):
    kind = data.draw(st.sampled_from(["gz", "zip"]))
    if kind == "gz":
        raw = data.draw(mutated(gzip.compress(pfr_seed(), mtime=0)))
        path = write_input("pfr.txt.gz", raw)
    else:
        buffer = Path(tempfile.mkdtemp(prefix="broadsheet-fuzz-")) / "lines.zip"
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("pfr.txt", pfr_seed())
            zf.writestr("in.jsonl", jsonl_seed())
        path = write_input("lines.zip", data.draw(mutated(buffer.read_bytes())))
        cleanup.append(buffer.parent)
    cleanup.append(path.parent)
    check_ingest(client, [path], IngestOptions(newspaper="rmrb"))


@pytest.mark.parametrize("fmt", ["nitf", "newsml_g2", "newsml1"])
@given(data=st.data())
def test_wire(client, cleanup, fmt, data):
    sample = data.draw(st.sampled_from(wire_samples(fmt)))
    raw = data.draw(mutated(sample.read_bytes()))
    path = write_input(sample.name, raw)
    cleanup.append(path.parent)
    check_ingest(client, [path], WIRE)


@given(data=st.data())
def test_bundle_manifest(client, cleanup, bundle_seed, data):
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-fuzz-")) / "bundle"
    cleanup.append(folder.parent)
    shutil.copytree(bundle_seed, folder)
    if data.draw(st.booleans()):
        manifest = data.draw(mutated_json(read_manifest(bundle_seed)))
        text = json.dumps(manifest, ensure_ascii=False).encode()
    else:
        text = data.draw(mutated((bundle_seed / "edition.json").read_bytes()))
    (folder / "edition.json").write_bytes(text)
    check_ingest(client, [folder])


@given(data=st.data())
def test_bundle_files(client, cleanup, bundle_seed, data):
    """The page image, PDF or article picture of a bundle broken, byte by byte."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-fuzz-")) / "bundle"
    cleanup.append(folder.parent)
    shutil.copytree(bundle_seed, folder)
    name = data.draw(st.sampled_from(["pages/01.png", "pages/01.pdf", "images/photo.png"]))
    (folder / name).write_bytes(data.draw(mutated((bundle_seed / name).read_bytes())))
    check_ingest(client, [folder])


@given(data=st.data())
def test_bundle_zip(client, cleanup, bundle_zip_seed, data):
    path = write_input("edition.zip", data.draw(mutated(bundle_zip_seed)))
    cleanup.append(path.parent)
    check_ingest(client, [path])


@functools.cache
def legacy_seed() -> tuple[bytes, bytes]:
    """A real 版面 page (科技日报) and an article page written by the tests."""
    from tests.ingest.test_legacy_site import article_page

    node = corpus("cn_epaper_html/kjrb_2023-02-10/node_2.htm").read_bytes()
    return node, article_page("春播机械就位", kicker="科技助农", author="本报记者 林溪").encode()


@given(data=st.data())
def test_legacy_site(client, cleanup, data):
    node, article = legacy_seed()
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-fuzz-"))
    cleanup.append(folder)
    day = folder / "html" / "2023-02" / "10"
    day.mkdir(parents=True)
    which = data.draw(st.sampled_from(["node", "article"]))
    (day / "node_2.htm").write_bytes(data.draw(mutated(node)) if which == "node" else node)
    page = data.draw(mutated(article)) if which == "article" else article
    (day / "content_548643.htm").write_bytes(page)
    check_ingest(client, [folder], IngestOptions(newspaper="kjrb"))


OLIVE = "olive_gdl_1900-01-02/GDL/1900/01/02"
OLIVE_FILES = (
    "TOC.xml",
    "Document/1/Pg001.xml",
    "Document/1/Ar00104.xml",
    "Document/1/Ar00107.xml",
)


@functools.cache
def olive_seed() -> dict[str, bytes]:
    """An Olive issue cut down to its TOC and a few small files of page 1 (the rest missing)."""
    issue = corpus(OLIVE)
    return {name: (issue / name).read_bytes() for name in OLIVE_FILES if (issue / name).is_file()}


@given(data=st.data())
def test_olive(client, cleanup, data):
    files = dict(olive_seed())
    which = data.draw(st.sampled_from(sorted(files)))
    files[which] = data.draw(mutated(files[which]))
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-fuzz-"))
    cleanup.append(folder)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    check_ingest(client, [folder])
