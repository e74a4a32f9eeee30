"""Benchmark: OCR pages per minute on this machine, with the character accuracy of each page.

    .venv/bin/python bench/ocr.py                 # 3 generated pages, CPU
    .venv/bin/python bench/ocr.py --pages 5 --seed 11
    .venv/bin/python bench/ocr.py --gpu           # also ONNX Runtime's CUDA provider, if present

The pages come from the project's test typesetter (``tests/pages/typeset.py``: A3 pages
of Chinese text read from ../shared/corpora at run time), rendered at 2400 px wide — the
2x image ingest stores and ``broadsheet ocr`` reads. Each page is OCR'd by
``pages.ocr.read_image`` and compared with its own PDF text layer (the printed truth,
matched line by line as in ``tests/pages/test_ocr.py``).

In the same run, as the baseline, the engine's detection stage alone is timed on the same
images (``use_rec=False``): the ratio says how much of a page's time is recognition,
which is what grows with the number of lines. Printed: seconds per page (median, slowest),
pages per minute, detection share, and the accuracy per page and overall. With ``--gpu``
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


def pages(count: int, seed: int) -> list:
    from PIL import Image

    from broadsheet.pages.pdftext import PdfPages
    from broadsheet.pages.render import render_page
    from tests.pages.typeset import typeset_page

    out = []
    for n in range(count):
        page = typeset_page(seed=seed + n)
        with PdfPages(page.pdf) as pdf:
            truth = pdf.text(0)
        out.append((Image.open(io.BytesIO(render_page(page.pdf).hidpi.data)), truth))
    return out


def run(images: list, engine) -> tuple[list[float], list[float], list[tuple[float, int]]]:
    import numpy

    from broadsheet.pages import ocr
    from tests.pages.test_ocr import accuracy

    full, detect, scores = [], [], []
    for image, truth in images:
        pixels = numpy.asarray(image.convert("RGB"))
        started = time.perf_counter()
        engine(pixels, use_cls=False, use_rec=False)
        detect.append(time.perf_counter() - started)
        started = time.perf_counter()
        read = ocr.read_image(image)
        full.append(time.perf_counter() - started)
        scores.append(accuracy(truth, read))
    return full, detect, scores


def report(name: str, full: list[float], detect: list[float], scores: list) -> None:
    chars = sum(n for _, n in scores)
    overall = sum(s * n for s, n in scores) / max(chars, 1)
    print(
        f"{name}: {statistics.median(full):.1f} s/page median, {max(full):.1f} s slowest, "
        f"{60 / statistics.mean(full):.2f} pages/min"
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
    parser.add_argument("--gpu", action="store_true", help="also run on ONNX Runtime's CUDA")
    args = parser.parse_args()
    setup()
    from broadsheet.pages import ocr

    if not ocr.available():
        sys.exit("OCR engine missing: pip install 'broadsheet[ocr]'")
    images = pages(args.pages, args.seed)
    print(
        f"{len(images)} pages at {images[0][0].size[0]} x {images[0][0].size[1]} px; "
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
