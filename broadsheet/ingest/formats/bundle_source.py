"""The edition bundle seen through the source interface.

``bundle.py`` (the reference format) reads a folder or zip on disk; this
adapter lets the runner treat it like every other format.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import IngestError
from ..records import EditionRecord
from ..sources import Source
from .base import IngestOptions
from .bundle import BundleFormat


class BundleSourceFormat:
    name = "bundle"
    container = True

    def __init__(self) -> None:
        self._bundle = BundleFormat()

    def sniff(self, source: Source) -> bool:
        return source.path is not None and self._bundle.sniff(source.path)

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        if source.path is None:
            yield IngestError(source.name, "an edition bundle must be a folder or a .zip on disk")
            return
        try:
            yield from self._bundle.read(source.path, options)
        except IngestError as exc:
            yield exc
