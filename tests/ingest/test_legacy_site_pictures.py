"""Pictures of a saved 数字报 site's article pages become image blocks of the article's body.

The sites are built in the test's temporary folder, with real image files made by Pillow;
the real 湖北日报 article fragments of ../shared/corpora/cn_epaper_html are read at test time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.editions.models import Article
from broadsheet.editions.validate import body_problem
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

pytestmark = pytest.mark.django_db

OPTIONS = IngestOptions(newspaper="hbrb", newspaper_name="湖北日报")
CAPTION = "图为春耕现场。（本报记者 林溪 摄）"


def ingest(root: Path):
    return run_ingest([root], fmt="legacy-site", options=OPTIONS)


def picture(path: Path, kind: str = "JPEG", size=(64, 48)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "teal").save(path, kind)
    return path


def node_page(day: Path, articles: dict[str, str]) -> None:
    """A 版面 page listing the article pages (no map: every article link counts)."""
    links = "".join(
        f'<li><a href="../../../content/202302/11/content_{n}.html">{t}</a></li>'
        for n, t in articles.items()
    )
    day.mkdir(parents=True, exist_ok=True)
    (day / "node_01.html").write_text(
        f'<html><body><div class="banci">第01版：要闻</div><ul>{links}</ul></body></html>', "utf-8"
    )


def article_page(title: str, content: str, text: str) -> str:
    """Founder's template: pictures in #content, the text between the enpcontent marks."""
    return (
        f"<html><body><font id='main-title'>{title}</font>"
        f"<div class='content' id='content'>{content}<founder-content><!--enpcontent-->"
        f"{text}<!--/enpcontent--></founder-content></div></body></html>"
    )


@pytest.fixture
def site(tmp_path) -> Path:
    """One page, one article whose pictures are saved, refused, missing or decoration."""
    root = tmp_path / "site"
    pc = root / "pc"
    node_page(pc / "layout" / "202302" / "11", {"1": "春耕"})
    picture(pc / "pic" / "202302" / "11" / "above.tif.1")  # a JPEG under Founder's odd name
    picture(pc / "pic" / "table.png", "PNG")
    picture(pc / "content" / "202302" / "11" / "scan.tif", "TIFF", size=(80, 60))
    (pc / "pic" / "text.jpg").write_text("not a picture", "utf-8")
    picture(tmp_path / "secret.jpg")  # outside the site: never read
    (pc / "pic" / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    above = (
        '<img src="../../../pic/202302/11/above.tif.1"><p>上方图片的说明（新华社发）</p>'
        '<img src="../../../pic/dot.gif" width="1" height="1">'
    )
    text = (
        "<p>第一段正文。</p>"
        '<table><tr><td><img src="/pc/pic/table.png" alt="田野"></td></tr>'
        "<tr><td>表格里的图片说明</td></tr></table>"
        "<p>第二段正文。</p>"
        f'<p><img src="scan.tif"></p><p>{CAPTION}</p>'
        '<p><img src="gone.jpg"></p><p>第三段正文，并非说明。</p>'
        '<p><img src="gone2.jpg"></p><p>图为没有保存的图片。</p>'
        '<img src="../../../pic/text.jpg"><img src="../../../../../../secret.jpg">'
        '<img src="/pc/pic/link.jpg"><img src="data:image/png;base64,AAAA">'
    )
    content = pc / "content" / "202302" / "11" / "content_1.html"
    content.write_text(article_page("春耕", above, text), "utf-8")
    return root


def stored_size(name: str) -> tuple[int, int]:
    with default_storage.open(name, "rb") as fh, Image.open(fh) as image:
        assert image.format in ("JPEG", "PNG")
        return image.size


def test_pictures_become_image_blocks_in_place_with_captions(site):
    summary = ingest(site)
    assert summary.errors == []
    body = Article.objects.get().body
    assert body_problem(body) is None
    shape = [(b["type"], b.get("text") or b.get("caption", "")) for b in body]
    assert shape == [
        ("image", "上方图片的说明（新华社发）"),
        ("paragraph", "第一段正文。"),
        ("image", "表格里的图片说明"),
        ("paragraph", "第二段正文。"),
        ("image", CAPTION),
        ("paragraph", "第三段正文，并非说明。"),
        ("paragraph", "图为没有保存的图片。"),  # its picture is missing: the caption stays text
    ]
    assert body[2]["alt"] == "田野" and "alt" not in body[0]
    sizes = [stored_size(b["src"]) for b in body if b["type"] == "image"]
    assert sizes == [(64, 48), (64, 48), (80, 60)]  # the TIFF was made a JPEG


def test_pictures_not_saved_or_refused_are_reported_never_read(site):
    summary = ingest(site)
    missing = "\n".join(summary.missing)
    assert len(summary.missing) == 6, missing
    assert "/pc/content/202302/11/gone.jpg" in missing and "not saved" in missing
    assert "/pc/pic/text.jpg" in missing and "not an image" in missing
    assert "secret.jpg" in missing and "outside the saved site" in missing
    assert "/pc/pic/link.jpg" in missing  # a link out of the folder is not followed
    assert "data:" in missing
    assert "dot.gif" not in missing  # a spacer is no picture
    images = [b for b in Article.objects.get().body if b["type"] == "image"]
    assert len(images) == 3


def test_a_reimport_keeps_the_same_pictures(site):
    assert ingest(site).errors == []
    first = Article.objects.get().body
    assert run_ingest([site], fmt="legacy-site", options=OPTIONS, replace=True).errors == []
    assert Article.objects.get().body == first


def test_founder_fragments_with_pictures(tmp_path):
    """湖北日报's real article fragments: the picture above the text, its caption after it."""
    text = corpus("cn_epaper_html/hbrb_2023-02-11/content.txt").read_text("utf-8")
    fragments = [f for f in text.split('<div id="scroller">') if "enpproperty" in f]
    with_picture = {re.search(r"<paperarticleid>(\d+)<", f)[1]: f for f in fragments if "<img" in f}
    assert len(with_picture) >= 3
    root = tmp_path / "site"
    node_page(root / "pc" / "layout" / "202302" / "11", {n: n for n in with_picture})
    content = root / "pc" / "content" / "202302" / "11"
    content.mkdir(parents=True)
    saved = sorted(with_picture)[:-1]  # the last one's picture was not saved
    for number, fragment in with_picture.items():
        (content / f"content_{number}.html").write_text(f'<div id="scroller">{fragment}', "utf-8")
        src = re.search(r'<img src="([^"]+)"', fragment)[1]
        if number in saved:
            picture((content / src).resolve())
    summary = ingest(root)
    assert summary.errors == []
    assert len(summary.missing) == 1 and sorted(with_picture)[-1] in summary.missing[0]
    for number in saved:
        fragment = with_picture[number]
        article = Article.objects.get(source_id=number)
        first = article.body[0]
        assert first["type"] == "image" and stored_size(first["src"]) == (64, 48)
        after = re.search(r"<img[^>]*>\s*<p>(.*?)</p>", fragment, re.S)
        caption = re.sub(r"\s+", " ", after[1].replace("\u3000", " ")).strip() if after else ""
        assert first.get("caption", "") == caption
        assert all(b.get("text") != caption for b in article.body[1:] if caption)
