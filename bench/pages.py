"""Benchmark: a 16-page edition of page PDFs, page by page, against poppler's pdftoppm.

    .venv/bin/python bench/pages.py               # 16 pages
    .venv/bin/python bench/pages.py --pages 8 --seed 3

The pages come from the project's test typesetter (``tests/pages/typeset.py``:
A3 pages of 3-6 columns, headlines, pictures, an advertisement, Chinese text read
from ../shared/corpora at run time). For each page, in one process:

- **render**: ``pages.render.render_page`` (PDFium at 2400 px wide, halved to the
  1200 px image, scaled to the 200 px thumbnail, all three encoded as JPEG),
  beside ``pdftoppm -jpeg -scale-to-x 2400`` rendering the same page at the same
  width in the same run (one image only, so the ratio is to our three), and
  beside PDFium asked three times (2400, 1200 and 200 px, each encoded): the
  way ``render_page`` does not take;
- **text**: the text layer with character boxes (``pages.pdftext``);
- **place**: hotspots for the page's articles from their text (``pages.placement``);
- **find**: the articles found on the page alone (``pages.segment``).

Then the whole edition through ``broadsheet ingest`` (``pdf-pages`` with
``articles.jsonl``, fresh SQLite database) for the time per page all told.
Printed: milliseconds per page (median and the slowest), the render ratio to
pdftoppm (aim: at most 2x), and the process's peak memory (VmHWM, reset once
the pages are typeset, so it counts the page work only) after each page, which
should stay flat over the edition rather than grow with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux: ``5`` to ``/proc/self/clear_refs``)."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


CPU = {}  # step -> CPU milliseconds of the last call (wall time suffers on a shared machine)


def timed(fn, *args):
    """The value and the wall milliseconds of ``fn(*args)``; its CPU time goes to ``CPU``."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    CPU[fn.__name__] = (time.process_time() - cpu) * 1000
    return value, (time.perf_counter() - start) * 1000


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def pdftoppm_ms(pdf: Path, out: Path) -> float:
    """pdftoppm rendering the page 2400 px wide as JPEG (quality 85), the same as our 2x."""
    cmd = ["pdftoppm", "-jpeg", "-jpegopt", "quality=85", "-scale-to-x", "2400"]
    cmd += ["-scale-to-y", "-1", "-singlefile", str(pdf), str(out)]
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(cmd, check=True)
    CPU["pdftoppm"] = _children_cpu() - cpu
    return (time.perf_counter() - start) * 1000


def render_three(pdf: bytes) -> None:
    """What ``render_page`` avoids: PDFium rendering each of the three widths itself."""
    import io

    from broadsheet.pages.pdftext import PDFIUM_LOCK
    from broadsheet.pages.render import open_document

    with PDFIUM_LOCK:
        document = open_document(pdf)
        page = document[0]
        for width in (2400, 1200, 200):
            image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
            image.save(io.BytesIO(), "JPEG", quality=85, optimize=True, progressive=True)
        page.close()
        document.close()


def given(article) -> dict:
    return {
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "byline": article.byline,
        "paragraphs": article.story or article.paragraphs,
        "captions": article.captions,
    }


def write_edition(pages, folder: Path) -> None:
    """The edition as a publisher hands it over: page PDFs and articles.jsonl, no hotspots."""
    lines = []
    for page in pages:
        (folder / f"{page.label}-{page.name}.pdf").write_bytes(page.pdf)
        for a in page.articles:
            if a.jump_from:
                continue
            body = [{"type": "paragraph", "text": t} for t in a.story or a.paragraphs]
            heads = {k: getattr(a, k) for k in ("kicker", "headline", "subheadline", "byline")}
            lines.append(
                json.dumps({"page": page.label, **heads, "body": body}, ensure_ascii=False)
            )
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def measure_page(page, folder: Path) -> dict:
    from broadsheet.pages.pdftext import PdfPages
    from broadsheet.pages.placement import ArticleText, place_articles
    from broadsheet.pages.render import render_page
    from broadsheet.pages.segment import find_articles

    pdf = folder / f"{page.label}-{page.name}.pdf"
    rendered, render = timed(render_page, page.pdf)
    poppler = pdftoppm_ms(pdf, folder / f"ppm-{page.label}")
    _, three = timed(render_three, page.pdf)

    def text_of():
        with PdfPages(page.pdf) as doc:
            return doc.text(0)

    text, extract = timed(text_of)
    articles = [ArticleText(**given(a)) for a in page.articles if not a.jump_from]
    _, place = timed(place_articles, text, articles)
    found, find = timed(find_articles, text)
    return {
        "render": render,
        "pdftoppm": poppler,
        "three": three,
        "text": extract,
        "place": place,
        "find": find,
        "articles": len(articles),
        "found": len(found),
        "cpu_render": CPU["render_page"],
        "cpu_pdftoppm": CPU["pdftoppm"],
        "cpu_three": CPU["render_three"],
        "jpeg_kb": (len(rendered.image.data) + len(rendered.hidpi.data)) // 1024,
        "rss": peak_rss_mb(),
    }


def ingest_edition(folder: Path) -> float:
    """The edition through ``broadsheet ingest`` into a fresh database; seconds."""
    from django.core.management import call_command

    from broadsheet.ingest.formats import IngestOptions
    from broadsheet.ingest.runner import run_ingest

    call_command("migrate", verbosity=0)
    summary = run_ingest([folder], options=IngestOptions(newspaper="bench"))
    assert not summary.errors, summary.errors
    return summary.seconds


COLUMNS = ("render", "pdftoppm", "three", "text", "place", "find")


def report(rows: list[dict], start_rss: float) -> None:
    head = " ".join(f"{c:>8}" for c in COLUMNS)
    print(f"page {head}  ratio arts found JPEG KB VmHWM MB   (ms per step)")
    for i, r in enumerate(rows, 1):
        cells = " ".join(f"{r[c]:8.0f}" for c in COLUMNS)
        print(
            f"{i:>4} {cells} {r['render'] / r['pdftoppm']:6.2f} {r['articles']:>4} "
            f"{r['found']:>5} {r['jpeg_kb']:>7} {r['rss']:8.0f}"
        )
    medians = [f"{c} {statistics.median(r[c] for r in rows):.0f}" for c in COLUMNS]
    print("median ms per page: " + ", ".join(medians))
    total = {c: sum(r[c] for r in rows) for c in COLUMNS}
    print(
        f"over the edition, wall: render / pdftoppm {total['render'] / total['pdftoppm']:.2f}x "
        f"(aim <= 2x); three PDFium renderings / render {total['three'] / total['render']:.2f}x"
    )
    cpu = {c: sum(r[f"cpu_{c}"] for r in rows) for c in ("render", "pdftoppm", "three")}
    print(
        f"over the edition, CPU:  render / pdftoppm {cpu['render'] / cpu['pdftoppm']:.2f}x; "
        f"three PDFium renderings / render {cpu['three'] / cpu['render']:.2f}x; "
        f"render {cpu['render'] / len(rows):.0f} ms CPU per page"
    )
    half, last = rows[len(rows) // 2 - 1]["rss"], rows[-1]["rss"]
    print(
        f"VmHWM: {start_rss:.0f} MB before the pages, {rows[0]['rss']:.0f} MB after page 1, "
        f"{half:.0f} MB after page {len(rows) // 2}, {last:.0f} MB after page {len(rows)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm not found: apt-get install poppler-utils (scripts/install --test)")
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        os.environ["BROADSHEET_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
        import django

        django.setup()
        from tests.pages.typeset import typeset_edition

        pages = typeset_edition(args.seed, pages=args.pages)
        folder = Path(tmp) / "2024-06-01"
        folder.mkdir()
        write_edition(pages, folder)
        reset_peak()
        start_rss = peak_rss_mb()
        rows = [measure_page(page, folder) for page in pages]
        for leftover in folder.glob("ppm-*"):
            leftover.unlink()
        report(rows, start_rss)
        reset_peak()
        cpu = time.process_time()
        seconds = ingest_edition(folder)
        cpu = time.process_time() - cpu
        print(
            f"broadsheet ingest of the edition (pdf-pages with articles.jsonl): {seconds:.1f} s "
            f"({cpu:.1f} s CPU), {seconds / len(rows) * 1000:.0f} ms per page "
            f"({cpu / len(rows) * 1000:.0f} ms CPU); VmHWM {peak_rss_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
