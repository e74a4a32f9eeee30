"""Input sources: what a PATH on the command line turns into.

A PATH may be a file, a folder (walked in name order), a ``.zip`` (its members)
or a ``.gz`` (decompressed while read). Each becomes a ``Source``: a name for
messages and a way to open its bytes as a stream, so a 400 MB corpus is never
held in memory. Folders and zips that are edition bundles stay whole; the
runner asks the formats before expanding them.
"""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from .errors import IngestError

HEAD_SIZE = 4096


class ByteStream(Protocol):
    """What a source opens (a file, a gzip stream, a zip member): read in chunks, closed by with.

    A protocol because ``typing.BinaryIO`` fits none but the plain file.
    """

    def read(self, size: int = -1, /) -> bytes: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
        /,
    ) -> bool | None: ...


@dataclass(frozen=True)
class Source:
    """One input: ``name`` as shown to the user, ``open`` for its bytes.

    ``path`` is set when the source is a file or folder on disk as given (a
    bundle needs that); members of zips and gzip contents have none.
    """

    name: str
    open: Callable[[], ByteStream]
    path: Path | None = None

    def head(self, size: int = HEAD_SIZE) -> bytes:
        """The first bytes, for format sniffing; empty for a folder."""
        if self.path is not None and self.path.is_dir():
            return b""
        try:
            with self.open() as stream:
                return stream.read(size)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            raise IngestError(self.name, f"cannot read: {exc}") from exc

    @property
    def stem(self) -> str:
        """The file name without folders, for sniffing by extension."""
        return self.name.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()


def file_source(path: Path) -> Source:
    return Source(str(path), lambda: path.open("rb"), path)


def gzip_source(path: Path) -> Source:
    return Source(str(path)[: -len(".gz")], lambda: gzip.open(path, "rb"))


def zip_members(path: Path) -> Iterator[Source]:
    """Every file in a zip, in name order, each opened only when read."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = sorted(n for n in zf.namelist() if not n.endswith("/"))
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(str(path), f"not a readable zip file: {exc}") from exc
    for name in names:
        yield Source(f"{path}:{name}", _member_opener(path, name))


def _member_opener(path: Path, name: str) -> Callable[[], ByteStream]:
    return lambda: _MemberStream(path, name)


class _MemberStream:
    """A zip member opened for reading that closes its archive with itself."""

    def __init__(self, path: Path, name: str):
        self._zip = zipfile.ZipFile(path)
        try:
            self._member = self._zip.open(name)
        except BaseException:
            self._zip.close()
            raise

    def read(self, size: int = -1) -> bytes:
        return self._member.read(size)

    def close(self) -> None:
        self._member.close()
        self._zip.close()

    def __enter__(self) -> _MemberStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
