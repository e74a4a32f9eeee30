"""The registry of input formats, by name.

``--format auto`` asks them in this order and takes the first that recognises
a source: the bundle first (a folder or zip with ``edition.json``), then the
XML wire formats by their root element, then the line formats by their first
line (a PFR paragraph ID before a JSON object).
"""

from __future__ import annotations

from .base import EditionFormat, IngestOptions
from .bundle_source import BundleSourceFormat
from .jsonl import JsonLinesFormat
from .newsml_g2 import NewsMlG2Format
from .nitf import NitfFormat
from .pfr import PfrFormat

_IN_ORDER: list[EditionFormat] = [
    BundleSourceFormat(),
    NewsMlG2Format(),
    NitfFormat(),
    PfrFormat(),
    JsonLinesFormat(),
]
FORMATS: dict[str, EditionFormat] = {f.name: f for f in _IN_ORDER}

__all__ = ["FORMATS", "EditionFormat", "IngestOptions"]
