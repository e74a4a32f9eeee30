"""OCR of a page image into the page's text with boxes (``textlayer.PageText``, source ``ocr``).

Scanned pages — a PDF of page images with no text layer, a library's JP2 or
TIFF without ALTO — have no text to search, place articles on or box hits in.
The engine is RapidOCR on ONNX Runtime (PaddleOCR's PP-OCRv4 models, Chinese
and English in one), chosen because its wheel carries its models: installing
the package is all, nothing is downloaded when it runs (docs/decisions.md).

Each detected line becomes a ``Line`` with its box, its characters' edges
(from the engine's per-character boxes for Chinese, per-word boxes for Latin
text, spread evenly within a word) and the engine's confidence. The engine is
loaded once per process, on first use (about a second), and is not thread-safe
for our purposes, so calls are serialised by a lock.

The engine is an optional dependency (``pip install broadsheet[ocr]``, in the
test extras): ``available()`` says whether it is installed, and
``OcrUnavailable`` says how to install it.
"""

from __future__ import annotations

import importlib.metadata
import threading
from dataclasses import dataclass
from functools import cache

from PIL import Image

from .textlayer import OCR, SCALE, Line, PageText

ENGINE = "rapidocr_onnxruntime"
# The engine shrinks an image to 2000 px on its longer side by default: a 2400 x 3400
# newspaper page then sets its body type 12 px high and lines run together. A page
# image is read at its own size, up to this.
MAX_SIDE = 4096
# The detector finds lines on the image enlarged by this much (the lines' boxes come back in
# the image's own pixels, and recognition reads the image itself). On the 2x image (2400 px
# wide) a 12 pt gutter between columns of 9 pt type is 34 px, and the detector ran some lines
# of neighbouring columns together as one; at 3600 px none (docs/ocr.md: 95.3% of characters
# read right, 99.5% with it; detection takes twice as long). A zoom, not a fixed side: a
# short, wide page brought to a 3600 px shorter side set its headline type 400 px high, and
# the detector split those lines.
DETECT_ZOOM = 1.5
# ONNX Runtime's CUDA provider for detection and recognition (needs onnxruntime-gpu);
# bench/ocr.py sets it to compare. Off by default: the servers we know have no GPU.
USE_CUDA = False
_LOCK = threading.Lock()
Quad = list[list[float]]  # four corner points, pixels


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed."""


@dataclass(frozen=True)
class EngineInfo:
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} {self.version} (PP-OCRv4)"


def available() -> bool:
    try:
        importlib.metadata.version(ENGINE)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def engine_info() -> EngineInfo:
    if not available():
        raise OcrUnavailable(f"OCR needs {ENGINE}: pip install 'broadsheet[ocr]'")
    return EngineInfo(ENGINE, importlib.metadata.version(ENGINE))


@cache
def _engine():
    engine_info()  # a clear error when it is missing
    from rapidocr_onnxruntime import RapidOCR  # heavy: imported on first use only

    cuda = {"det_use_cuda": True, "rec_use_cuda": True} if USE_CUDA else {}
    detect = {"det_limit_type": "min", "det_limit_side_len": 736}  # set per image (_read)
    return RapidOCR(max_side_len=MAX_SIDE, **detect, **cuda)


def read_image(image: Image.Image) -> PageText:
    """The image's text lines with their boxes, in the engine's reading order."""
    import numpy

    pixels = numpy.asarray(image.convert("RGB"))
    with _LOCK:
        engine = _engine()
        engine.text_det.limit_side_len = round(min(image.size) * DETECT_ZOOM)
        # No angle classifier: a newspaper's lines are not upside down, and it costs time.
        found, _ = engine(pixels, use_cls=False, return_word_box=True)
    width, height = image.size
    lines = [_line(item, width, height) for item in found or []]
    return PageText(
        source=OCR, lines=[ln for ln in lines if ln is not None], width=width, height=height
    )


def _line(item: list, width: int, height: int) -> Line | None:
    quad, text, score = item[0], str(item[1]), float(item[2])
    parts = item[3] if len(item) > 3 and isinstance(item[3], list) else []
    if not text.strip():
        return None
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    box = (_x(min(xs), width), _y(min(ys), height), _x(max(xs), width), _y(max(ys), height))
    edges = _edges(text, parts, box, width)
    return Line(text, box, edges, size=box[3] - box[1], conf=round(min(max(score, 0.0), 1.0), 3))


def _x(value: float, width: int) -> int:
    return min(max(round(value * SCALE / width), 0), SCALE)


def _y(value: float, height: int) -> int:
    return min(max(round(value * SCALE / height), 0), SCALE)


def _edges(text: str, parts: list[Quad], box: tuple[int, int, int, int], width: int) -> list[int]:
    """Where each character starts along the line, then where the last ends.

    The engine gives a box per character for Chinese and per word for Latin
    text; a word's characters share its box evenly, the space between two
    words spans their gap, and anything else is spread over the whole line.
    """
    spans = [(_x(min(p[0] for p in q), width), _x(max(p[0] for p in q), width)) for q in parts]
    words = text.split(" ")
    if len(spans) == len(text):
        return _monotonic([s[0] for s in spans] + [spans[-1][1]])
    if spans and len(spans) == len(words):
        return _monotonic(_word_edges(words, spans))
    step = (box[2] - box[0]) / len(text)
    return _monotonic([round(box[0] + i * step) for i in range(len(text))] + [box[2]])


def _word_edges(words: list[str], spans: list[tuple[int, int]]) -> list[int]:
    edges: list[int] = []
    for i, (word, (start, end)) in enumerate(zip(words, spans, strict=True)):
        step = (end - start) / max(len(word), 1)
        edges.extend(round(start + k * step) for k in range(len(word)))
        if i + 1 < len(words):
            edges.append(end)  # the space, up to the next word
    edges.append(spans[-1][1])
    return edges


def _monotonic(edges: list[int]) -> list[int]:
    out = [edges[0]]
    for edge in edges[1:]:
        out.append(max(edge, out[-1]))
    return out
