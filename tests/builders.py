"""Build small, real edition bundles for tests: real PNG page images, real PDFs.

The text is written here for the tests (not taken from any corpus).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import CommandError, call_command
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = 600, 850


def page_png(path: Path, label: str) -> None:
    img = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([20, 20, WIDTH - 20, 120], outline="black", width=3)
    draw.text((40, 60), f"PAGE {label}", fill="black")
    img.save(path)


def page_pdf(path: Path, label: str) -> None:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.drawString(72, 760, f"Test page {label}")
    pdf.showPage()
    pdf.save()
    path.write_bytes(buf.getvalue())


def sample_articles(label: str) -> list[dict]:
    """Three items per page: a titled article with a subheading, an untitled brief, a photo."""
    return [
        {
            "page": label,
            "kicker": "引题：春耕时节",
            "headline": f"第{label}版头条：田间地头忙春耕",
            "subheadline": "各地抢抓农时",
            "byline": "记者 李明",
            "body": [
                {
                    "type": "paragraph",
                    "text": "　　本报讯　连日来，全市各地 抓住有利天气，\n组织农机下田。",
                },
                {"type": "subheading", "text": "科技助力 农机先行"},
                {"type": "paragraph", "text": "今年新增智能农机三百余台，作业效率明显提升。"},
            ],
            "hotspot": [[[0.05, 0.2], [0.95, 0.2], [0.95, 0.5], [0.05, 0.5]]],
        },
        {
            "page": label,
            "body": [{"type": "paragraph", "text": "◆市图书馆本周末延长开放时间至晚九点。"}],
            "hotspot": [[[0.05, 0.55], [0.45, 0.55], [0.45, 0.9], [0.05, 0.9]]],
        },
        {
            "page": label,
            "headline": "图片新闻",
            "body": [{"type": "image", "src": "images/photo.png", "caption": "晨光中的老街"}],
            "hotspot": [[[0.5, 0.55], [0.95, 0.55], [0.95, 0.9], [0.5, 0.9]]],
        },
    ]


def write_bundle(
    root: Path,
    *,
    slug: str = "chenbao",
    name: str = "晨报",
    date: str = "2024-03-01",
    issue_number: int = 100,
    labels: tuple[str, ...] = ("01", "02"),
    publisher: str = "测试报业集团",
) -> Path:
    """Write a bundle folder under ``root`` and return its path."""
    folder = root / f"{slug}-{date}"
    (folder / "pages").mkdir(parents=True)
    (folder / "images").mkdir()
    Image.new("RGB", (120, 80), "gray").save(folder / "images" / "photo.png")
    pages, articles = [], []
    for label in labels:
        page_png(folder / "pages" / f"{label}.png", label)
        page_pdf(folder / "pages" / f"{label}.pdf", label)
        pages.append(
            {
                "label": label,
                "name": "要闻" if label == "01" else "综合",
                "image": f"pages/{label}.png",
                "pdf": f"pages/{label}.pdf",
            }
        )
        articles += sample_articles(label)
    manifest = {
        "format": "broadsheet-edition/1",
        "newspaper": {
            "slug": slug,
            "name": name,
            "publisher": {
                "name": publisher,
                "copyright": f"版权所有 © 2024 {publisher}",
                "tech_support": "技术支持：Broadsheet",
            },
        },
        "date": date,
        "issue_number": issue_number,
        "pages": pages,
        "articles": articles,
    }
    write_manifest(folder, manifest)
    return folder


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / "edition.json").read_text("utf-8"))


def write_manifest(folder: Path, manifest: dict) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (folder / "edition.json").write_text(text, "utf-8")


def store_hidpi(page) -> str:
    """Give a loaded page a 2x image, as the page-PDF ingest does; returns its media URL."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from broadsheet.editions import media

    out = io.BytesIO()
    img = Image.new("RGB", (WIDTH * 2, HEIGHT * 2), "white")
    ImageDraw.Draw(img).rectangle([40, 40, WIDTH * 2 - 40, 240], outline="black", width=6)
    img.save(out, "PNG")
    name = default_storage.save(f"pages/hidpi-{page.pk}.png", ContentFile(out.getvalue()))
    page.image_hidpi = name
    page.save(update_fields=["image_hidpi"])
    media.refresh([page.edition_id])
    return f"/media/{name}"


JUMP_AREA = [[[0.1, 0.05], [0.6, 0.05], [0.6, 0.3], [0.1, 0.3]]]


def add_jump(edition, start: str = "01", into: str = "02", area=JUMP_AREA):
    """Article 1 of page ``start`` continues on page ``into`` (下转 / 上接), as ingest does."""
    from broadsheet.editions.models import Article, ArticleJump

    article = Article.objects.get(page__edition=edition, page__label=start, order=1)
    ArticleJump.objects.create(article=article, page=edition.pages.get(label=into), hotspot=area)
    return article


def ingest_json(*paths, **opts) -> dict:
    """Run the ingest command with --json and return its summary (also when it fails)."""
    out = io.StringIO()
    try:
        call_command("ingest", *map(str, paths), json=True, stdout=out, **opts)
    except CommandError:
        pass
    return json.loads(out.getvalue())
