"""Turn command-line PATHs into (source, format) pairs, asking formats first.

A folder or zip that a container format (the bundle) recognises stays whole;
any other folder is walked in name order, a zip gives its members, a ``.gz``
its decompressed content. ``--format auto`` asks the formats in registry
order; with a named format, files inside folders and zips that it does not
recognise are passed over silently, so a folder of mixed files can be loaded
one format at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import IngestError, SkippedSource
from .formats import FORMATS, EditionFormat
from .sources import Source, file_source, gzip_source, zip_members

Pair = tuple[Source, EditionFormat]


def expand(paths: Iterable[Path], fmt: str = "auto") -> Iterator[Pair | IngestError]:
    formats = list(FORMATS.values()) if fmt == "auto" else [FORMATS[fmt]]
    for path in paths:
        if not path.exists():
            yield IngestError(str(path), "no such file or folder")
            continue
        yield from _expand_path(path, formats, top=True)


def _expand_path(
    path: Path, formats: list[EditionFormat], top: bool
) -> Iterator[Pair | IngestError]:
    whole = file_source(path)
    container = next((f for f in formats if f.container and _sniff(f, whole)), None)
    if container is not None:
        yield whole, container
    elif path.is_dir():
        for child in sorted(path.iterdir()):
            if not child.name.startswith("."):
                yield from _expand_path(child, formats, top=False)
    elif path.suffix.lower() == ".zip":
        yield from _expand_zip(path, formats)
    else:
        source = gzip_source(path) if path.suffix.lower() == ".gz" else whole
        yield from _match(source, formats, top)


def _expand_zip(path: Path, formats: list[EditionFormat]) -> Iterator[Pair | IngestError]:
    try:
        members = list(zip_members(path))
    except IngestError as exc:
        yield exc
        return
    for member in members:
        yield from _match(member, formats, top=False)


def _match(source: Source, formats: list[EditionFormat], top: bool) -> Iterator[Pair | IngestError]:
    """The source with the first format that recognises it.

    A file named on the command line must be recognised; one found inside a
    folder or zip that nobody recognises (a README, a checksum list) is passed
    over and noted as skipped.
    With a single named format a file given by name is read even if not sniffed,
    so the format itself reports what is wrong with it.
    """
    try:
        chosen = next((f for f in formats if not f.container and f.sniff(source)), None)
    except IngestError as exc:
        yield exc
        return
    if chosen is None and top and len(formats) == 1 and not formats[0].container:
        chosen = formats[0]
    if chosen is not None:
        yield source, chosen
    elif top:
        yield IngestError(source.name, "format not recognised (give --format)")
    else:
        yield SkippedSource(source.name, "passed over: not recognised as an input format")


def _sniff(fmt: EditionFormat, source: Source) -> bool:
    try:
        return fmt.sniff(source)
    except IngestError:
        return False
