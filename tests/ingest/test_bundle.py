"""Edition bundles: good ones land whole; broken ones are refused with the file and field."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.ingest.errors import IngestError
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.search import indexing
from broadsheet.search.params import SearchParams
from broadsheet.search.service import search
from tests.builders import read_manifest, write_bundle, write_manifest

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Edition.objects.count(), Page.objects.count(), Article.objects.count()


def ingest(*paths, **opts):
    call_command("ingest", *[str(p) for p in paths], **opts)


def test_good_bundle_lands_whole(tmp_path):
    folder = write_bundle(tmp_path)
    ingest(folder, publish=True)
    edition = Edition.objects.get()
    assert edition.status == Edition.Status.PUBLISHED
    assert edition.issue_number == 100
    assert edition.newspaper.publisher.copyright == "版权所有 © 2024 测试报业集团"
    assert [p.label for p in edition.pages.all()] == ["01", "02"]
    first = Article.objects.get(page__label="01", order=1)
    assert first.kicker == "引题：春耕时节" and first.subheadline == "各地抢抓农时"
    assert first.lead.startswith(
        "本报讯连日来，全市各地抓住有利天气，组织农机下田。科技助力农机先行"
    )
    assert first.hotspot[0][0] == [0.05, 0.2]
    photo = Article.objects.get(page__label="01", order=3)
    assert photo.lead == "" and photo.body[0]["src"].startswith("images/")
    page = edition.pages.get(label="01")
    assert (page.width, page.height) == (600, 850)
    with page.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    with page.thumbnail.open("rb") as thumb, Image.open(thumb) as img:
        assert img.format == "JPEG" and img.size == (200, 283)
    # the index change went through the change log and the edition is searchable
    assert indexing.pending() == 0
    found = search(SearchParams(q="田间地头"))
    assert found.total == 2 and {h.page for h in found.hits} == {"01", "02"}


def test_zip_bundle(tmp_path):
    folder = write_bundle(tmp_path)
    archive = tmp_path / "edition.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.rglob("*"):
            zf.write(f, f"bundle/{f.relative_to(folder)}")
    ingest(archive)
    assert counts() == (1, 2, 6)
    assert Edition.objects.get().status == Edition.Status.DRAFT


def test_several_bundles_in_one_run(tmp_path):
    a = write_bundle(tmp_path, date="2024-03-01")
    b = write_bundle(tmp_path, date="2024-03-02", issue_number=101)
    ingest(a, b)
    assert counts() == (2, 4, 12)


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        ("missing_file", "pages/02.png"),
        ("bad_json", "invalid JSON"),
        ("unknown_page", "unknown page '07'"),
        ("missing_field", "articles[2]: missing 'body'"),
        ("bad_hotspot", "articles[0].hotspot"),
        ("not_utf8", "not UTF-8"),
        ("pdf_as_image", "pages[0].image: 'pages/01.pdf' is not an image"),
    ],
)
def test_broken_bundle_is_refused_and_database_unchanged(tmp_path, breakage, expected, capsys):
    good = write_bundle(tmp_path / "good", date="2024-02-29")
    ingest(good)
    before = counts()
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    if breakage == "missing_file":
        (folder / "pages" / "02.png").unlink()
    elif breakage == "bad_json":
        (folder / "edition.json").write_text('{"format": "broadsheet-edition/1",', "utf-8")
    elif breakage == "unknown_page":
        manifest["articles"][4]["page"] = "07"
    elif breakage == "missing_field":
        del manifest["articles"][2]["body"]
    elif breakage == "bad_hotspot":
        manifest["articles"][0]["hotspot"] = [[[0.1, 0.1], [1.5, 0.1], [0.1, 0.9]]]
    elif breakage == "pdf_as_image":
        manifest["pages"][0].update(image="pages/01.pdf", width=1200, height=1700)
    elif breakage == "not_utf8":
        (folder / "edition.json").write_bytes(
            (folder / "edition.json").read_text("utf-8").encode("gb18030")
        )
    if breakage in {"unknown_page", "missing_field", "bad_hotspot", "pdf_as_image"}:
        write_manifest(folder, manifest)
    with pytest.raises(CommandError):
        ingest(folder)
    out = capsys.readouterr().out
    assert "edition.json" in out and expected in out
    assert counts() == before


def test_errors_name_the_field(tmp_path):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    manifest["pages"][1]["label"] = "0 1"
    write_manifest(folder, manifest)
    with pytest.raises(IngestError) as err:
        read_bundle(folder)
    assert err.value.where == "pages[1].label"
    assert str(folder / "edition.json") in err.value.message


LONG = "长" * 300  # a long text a message must not quote whole


@pytest.mark.parametrize(
    ("block", "where", "reason"),
    [
        (
            {"type": "paragrah", "text": "正文"},
            "articles[4].body[0].type",
            "unknown block type 'paragrah' (expected one of paragraph/subheading/image)",
        ),
        ({"type": "paragraph"}, "articles[4].body[0]", "paragraph block missing 'text'"),
        ({"type": "image", "caption": "说明"}, "articles[4].body[0]", "image block missing 'src'"),
        ({"text": "正文"}, "articles[4].body[0]", "missing 'type'"),
        ({"type": "subheading", "text": 7}, "articles[4].body[0].text", "must be a string"),
        (
            {"type": "paragraph", "text": "正文", "src": "a.png"},
            "articles[4].body[0]",
            "unknown field 'src' (block type 'paragraph')",
        ),
        (
            {"type": "image", "src": "/etc/passwd"},
            "articles[4].body[0].src",
            "must be a path inside the bundle",
        ),
        ({"type": LONG, "text": LONG}, "articles[4].body[0].type", "unknown block type '长长"),
    ],
)
def test_body_block_errors_name_the_field_and_cut_long_text(tmp_path, block, where, reason):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    manifest["articles"][4]["body"] = [block]
    write_manifest(folder, manifest)
    with pytest.raises(IngestError) as err:
        read_bundle(folder)
    assert err.value.where == where
    assert reason in err.value.reason
    assert "valid under" not in err.value.message and "长" * 50 not in err.value.message


@pytest.mark.parametrize(
    ("field", "where", "reason"),
    [
        ("headline", "articles[0].headline", "longer than 300 characters (301)"),
        ("label", "pages[0].label", "'长长长"),
    ],
)
def test_long_values_are_cut_in_messages(tmp_path, field, where, reason):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    if field == "label":
        manifest["pages"][0]["label"] = LONG
    else:
        manifest["articles"][0]["headline"] = LONG + "长"
    write_manifest(folder, manifest)
    with pytest.raises(IngestError) as err:
        read_bundle(folder)
    assert err.value.where == where and reason in err.value.reason
    assert len(err.value.reason) < 120


@pytest.mark.parametrize(
    ("breakage", "where", "reason"),
    [
        ("pdf_as_image", "pages[0].image", "'pages/01.pdf' is not an image"),
        ("tiff_image", "pages[1].image", "'pages/02.tif' is a TIFF image"),
        ("truncated_png", "pages[1].image", "'pages/02.png' is a broken image"),
        ("wrong_width", "pages[0].width", "1200 does not match 'pages/01.png', which is 600x850"),
        ("wrong_height", "pages[1].height", "1700 does not match 'pages/02.png', which is 600x850"),
        ("image_as_pdf", "pages[1].pdf", "'pages/02.png' is not a PDF"),
        ("text_as_photo", "articles[5].body[0].src", "'images/caption.txt' is not an image"),
    ],
)
def test_page_images_pdfs_and_photos_must_be_real(tmp_path, breakage, where, reason):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    pages = manifest["pages"]
    for page in pages:  # a declared size is checked against the real one, not trusted
        page["width"], page["height"] = 600, 850
    if breakage == "pdf_as_image":
        pages[0]["image"] = "pages/01.pdf"
    elif breakage == "tiff_image":
        Image.open(folder / "pages" / "02.png").save(folder / "pages" / "02.tif")
        pages[1]["image"] = "pages/02.tif"
    elif breakage == "truncated_png":
        data = (folder / "pages" / "02.png").read_bytes()
        (folder / "pages" / "02.png").write_bytes(data[: len(data) // 2])
    elif breakage == "wrong_width":
        pages[0]["width"] = 1200
    elif breakage == "wrong_height":
        pages[1]["height"] = 1700
    elif breakage == "image_as_pdf":
        pages[1]["pdf"] = "pages/02.png"
    elif breakage == "text_as_photo":
        (folder / "images" / "caption.txt").write_text("图片说明", "utf-8")
        manifest["articles"][5]["body"][0]["src"] = "images/caption.txt"
    write_manifest(folder, manifest)
    with pytest.raises(IngestError) as err:
        read_bundle(folder)
    assert (err.value.file, err.value.where) == (str(folder / "edition.json"), where)
    assert reason in err.value.reason


def test_declared_page_size_that_matches_is_accepted(tmp_path):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    manifest["pages"][0]["width"], manifest["pages"][0]["height"] = 600, 850
    write_manifest(folder, manifest)
    record = read_bundle(folder)
    assert [(p.width, p.height) for p in record.pages] == [(600, 850), (600, 850)]


def test_newspaper_language_is_taken_from_the_bundle(tmp_path):
    folder = write_bundle(tmp_path, slug="taipei")
    manifest = read_manifest(folder)
    manifest["newspaper"]["language"] = "zh-hant"
    write_manifest(folder, manifest)
    ingest(folder)
    assert Newspaper.objects.get(slug="taipei").language == "zh-hant"
    manifest["newspaper"]["language"] = "中文"
    write_manifest(folder, manifest)
    with pytest.raises(IngestError) as err:
        read_bundle(folder)
    assert err.value.where == "newspaper.language" and "BCP 47" in err.value.reason


def test_duplicate_edition_is_refused_then_replaced(tmp_path, capsys):
    folder = write_bundle(tmp_path)
    ingest(folder, publish=True)
    first_ids = set(Article.objects.values_list("pk", flat=True))
    manifest = read_manifest(folder)
    manifest["articles"][0]["headline"] = "改过的标题"
    write_manifest(folder, manifest)
    with pytest.raises(CommandError):
        ingest(folder)
    assert "exists already" in capsys.readouterr().out
    assert counts() == (1, 2, 6)
    assert not Article.objects.filter(headline="改过的标题").exists()
    ingest(folder, replace=True)
    assert counts() == (1, 2, 6)
    assert Article.objects.filter(headline="改过的标题").count() == 1
    assert not first_ids & set(Article.objects.values_list("pk", flat=True))
    # replacing keeps the edition's visibility
    assert Edition.objects.get().status == Edition.Status.PUBLISHED


def test_newspaper_details_change_only_with_replace(tmp_path):
    ingest(write_bundle(tmp_path / "a", date="2024-03-01"))
    later = write_bundle(tmp_path / "b", date="2024-03-02", name="新晨报", publisher="新晨报社")
    manifest = read_manifest(later)
    manifest["newspaper"]["language"] = "zh-hant"
    manifest["newspaper"]["publisher"].pop("tech_support")
    write_manifest(later, manifest)
    ingest(later)  # a new edition: the newspaper keeps the details it was created with
    paper = Newspaper.objects.get(slug="chenbao")
    assert (paper.name, paper.language, paper.publisher.name) == ("晨报", "zh-hans", "测试报业集团")
    ingest(later, replace=True)  # the edition is unchanged, the newspaper's details follow
    paper = Newspaper.objects.get(slug="chenbao")
    assert (paper.name, paper.language, paper.publisher.name) == ("新晨报", "zh-hant", "新晨报社")
    assert paper.publisher.copyright == "版权所有 © 2024 新晨报社"
    assert paper.publisher.tech_support == ""
    assert counts() == (2, 4, 12)
    del manifest["newspaper"]["publisher"], manifest["newspaper"]["language"]
    manifest["newspaper"]["name"] = "晨报"
    write_manifest(later, manifest)
    ingest(later, replace=True)  # what the bundle leaves out is kept
    paper = Newspaper.objects.get(slug="chenbao")
    assert (paper.name, paper.language, paper.publisher.name) == ("晨报", "zh-hant", "新晨报社")


def test_failure_midway_leaves_no_half_edition(tmp_path):
    """A file that vanishes after validation aborts the whole edition."""
    folder = write_bundle(tmp_path, labels=("01", "02", "03"))
    record = read_bundle(folder)
    shutil.rmtree(folder / "images")
    from broadsheet.ingest.services import load_edition

    with pytest.raises(IngestError, match="photo.png"):
        load_edition(record)
    assert counts() == (0, 0, 0)
