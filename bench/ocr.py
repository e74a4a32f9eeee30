"""Benchmark: OCR pages per minute on this machine, with the character accuracy of each page.

    .venv/bin/python bench/ocr.py                 # 3 generated pages, CPU
    .venv/bin/python bench/ocr.py --pages 5 --seed 11
    .venv/bin/python bench/ocr.py --width 3600    # the page PDF rendered 3600 px wide instead
    .venv/bin/python bench/ocr.py --gpu           # also ONNX Runtime's CUDA provider, if present

The pages come from the project's test typesetter (``tests/pages/typeset.py``: A3 pages
of Chinese text read from ../shared/corpora at run time), rendered at 2400 px wide — the
2x JPEG ingest stores and ``broadsheet ocr`` reads — or, with ``--width``, rendered from
the PDF at that width and kept unencoded (to compare sizes). Each page is OCR'd by
``pages.ocr.read_image`` and compared with its own PDF text layer (the printed truth,
matched line by line as in ``tests/pages/test_ocr.py``).

In the same run, as the baseline, the engine's detection stage alone is timed on the same
images (``use_rec=False``): the ratio says how much of a page's time is recognition,
which is what grows with the number of lines. Printed: seconds per page (median, slowest),
pages per minute, CPU seconds per page (all threads, their waiting spins included: less
swayed than the wall clock by other work on a shared machine), detection share, and the
accuracy per page and overall. With ``--gpu``
and ``onnxruntime-gpu`` installed, the same pages again on the CUDA provider beside the
CPU figures (CI never has a GPU; this is optional).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()


def pages(count: int, seed: int, width: int | None) -> list:
    from broadsheet.pages.pdftext import PdfPages
    from tests.pages.typeset import typeset_page

    out = []
    for n in range(count):
        page = typeset_page(seed=seed + n)
        with PdfPages(page.pdf) as pdf:
            truth = pdf.text(0)
        out.append((image(page.pdf, width), truth))
    return out


def image(pdf: bytes, width: int | None):
    """The stored 2x JPEG (what ``broadsheet ocr`` reads), or the PDF rendered ``width`` wide."""
    import pypdfium2 as pdfium
    from PIL import Image

    from broadsheet.pages.render import render_page

    if width is None:
        return Image.open(io.BytesIO(render_page(pdf).hidpi.data))
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_size()[0])
        return bitmap.to_pil().convert("RGB")
    finally:
        document.close()


def run(images: list, engine) -> tuple[list[float], list[float], list[float], list]:
    import numpy

    from broadsheet.pages import ocr
    from tests.pages.test_ocr import accuracy

    full, cpu, detect, scores = [], [], [], []
    for picture, truth in images:
        pixels = numpy.asarray(picture.convert("RGB"))
        started = time.perf_counter()
        engine(pixels, use_cls=False, use_rec=False)
        detect.append(time.perf_counter() - started)
        started, used = time.perf_counter(), time.process_time()
        read = ocr.read_image(picture)
        full.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
        scores.append(accuracy(truth, read))
    return full, cpu, detect, scores


def report(name: str, full: list[float], cpu: list[float], detect: list[float], scores) -> None:
    chars = sum(n for _, n in scores)
    overall = sum(s * n for s, n in scores) / max(chars, 1)
    print(
        f"{name}: {statistics.median(full):.1f} s/page median, {max(full):.1f} s slowest, "
        f"{60 / statistics.mean(full):.2f} pages/min; {statistics.median(cpu):.1f} CPU s/page"
    )
    print(
        f"  detection alone (baseline, same images): {statistics.median(detect):.1f} s/page; "
        f"recognition is {1 - sum(detect) / sum(full):.0%} of a page's time"
    )
    print(
        "  accuracy: " + ", ".join(f"{s:.1%}" for s, _ in scores) + f"; overall {overall:.1%} "
        f"of {chars} characters"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--width", type=int, help="render the PDF this wide (default: 2x JPEG)")
    parser.add_argument("--gpu", action="store_true", help="also run on ONNX Runtime's CUDA")
    args = parser.parse_args()
    setup()
    from broadsheet.pages import ocr

    if not ocr.available():
        sys.exit("OCR engine missing: pip install 'broadsheet[ocr]'")
    images = pages(args.pages, args.seed, args.width)
    print(
        f"{len(images)} pages at {images[0][0].size[0]} x {images[0][0].size[1]} px "
        f"({'the stored 2x JPEG' if args.width is None else 'rendered from the PDF'}); "
        f"{ocr.engine_info()}; {os.cpu_count()} CPUs"
    )
    report("CPU", *run(images, ocr._engine()))
    if args.gpu:
        gpu(images)


def gpu(images: list) -> None:
    import onnxruntime

    from broadsheet.pages import ocr

    if "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
        print("GPU: ONNX Runtime has no CUDA provider here (install onnxruntime-gpu)")
        return
    ocr._engine.cache_clear()
    ocr.USE_CUDA = True
    report("GPU (CUDA)", *run(images, ocr._engine()))


if __name__ == "__main__":
    main()
