"""The registry of input formats, by name. ``--format auto`` tries them in order."""

from __future__ import annotations

from .base import EditionFormat, IngestOptions
from .bundle import BundleFormat

FORMATS: dict[str, EditionFormat] = {f.name: f for f in [BundleFormat()]}

__all__ = ["FORMATS", "EditionFormat", "IngestOptions"]
