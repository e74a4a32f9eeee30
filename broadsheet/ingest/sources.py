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
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Protocol, Self

from .errors import IngestError
from .limits import Limits, limits, size_text, too_packed

HEAD_SIZE = 4096
# What reading a damaged file, .gz or .zip raises (a truncated gzip, a corrupt deflate
# stream, a bad CRC, a compression method zipfile lacks): each an error naming the file.
READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError)


@contextmanager
def reading(name: str, what: str = "") -> Iterator[None]:
    """Turn what a damaged file raises while read into an ``IngestError`` naming it."""
    try:
        yield
    except READ_ERRORS as exc:
        raise IngestError(name, f"cannot read{' ' + what if what else ''}: {exc}") from exc


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
        with reading(self.name), self.open() as stream:
            return stream.read(size)

    @property
    def stem(self) -> str:
        """The file name without folders, for sniffing by extension."""
        return self.name.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()


def file_source(path: Path) -> Source:
    return Source(str(path), lambda: path.open("rb"), path)


def gzip_source(path: Path) -> Source:
    name = str(path)[: -len(".gz")]
    return Source(name, lambda: _Unpacked(path, name))


class _Unpacked:
    """A .gz file's content, read through the bounds on unpacked size and packing ratio.

    A gzip states no trustworthy size, so the bounds are checked as it unpacks:
    398 KB of gzip made 400 MB of blank lines, minutes of parsing.
    """

    CHUNK = 1024 * 1024

    def __init__(self, path: Path, name: str):
        self.name, self.bounds, self.unpacked = name, limits(), 0
        self._raw = path.open("rb")
        self._gzip = gzip.GzipFile(fileobj=self._raw, mode="rb")

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(self.CHUNK), b""))
        data = self._gzip.read(size)
        self.unpacked += len(data)
        check_unpacked(self.name, self.unpacked, self._raw.tell(), self.bounds)
        return data

    def close(self) -> None:
        self._gzip.close()
        self._raw.close()

    def __enter__(self) -> _Unpacked:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_unpacked(name: str, unpacked: int, packed: int, bounds: Limits) -> None:
    """Refuse a file that unpacks beyond ``member_bytes`` or packs suspiciously tight."""
    if unpacked > bounds.member_bytes:
        raise IngestError(
            name,
            f"unpacks to more than {size_text(bounds.member_bytes)} "
            "(the member_bytes limit of BROADSHEET_INGEST_LIMITS)",
        )
    if too_packed(unpacked, packed, bounds):
        raise IngestError(
            name,
            f"unpacks to more than {bounds.ratio} times its packed size "
            f"({size_text(unpacked)} from {size_text(packed)}): refused as a decompression bomb "
            "(the ratio limit of BROADSHEET_INGEST_LIMITS)",
        )


def check_member(archive: str, info: zipfile.ZipInfo, bounds: Limits) -> None:
    """A zip member's stated size against the bounds (zipfile never reads past it)."""
    check_unpacked(f"{archive}:{info.filename}", info.file_size, info.compress_size, bounds)


def check_archive(archive: str, infos: list[zipfile.ZipInfo], bounds: Limits) -> None:
    total = sum(i.file_size for i in infos)
    if total > bounds.archive_bytes:
        raise IngestError(
            archive,
            f"its files unpack to {size_text(total)}, more than "
            f"{size_text(bounds.archive_bytes)} (the archive_bytes limit of "
            "BROADSHEET_INGEST_LIMITS)",
        )


def zip_members(path: Path) -> Iterator[Source]:
    """Every file in a zip, in name order, each opened only when read."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except READ_ERRORS as exc:
        raise IngestError(str(path), f"not a readable zip file: {exc}") from exc
    check_archive(str(path), infos, limits())
    for name in sorted(i.filename for i in infos if not i.filename.endswith("/")):
        yield Source(f"{path}:{name}", _member_opener(path, name))


def _member_opener(path: Path, name: str) -> Callable[[], ByteStream]:
    return lambda: _MemberStream(path, name)


class _MemberStream:
    """A zip member opened for reading that closes its archive with itself."""

    def __init__(self, path: Path, name: str):
        self._zip = zipfile.ZipFile(path)
        try:
            check_member(str(path), self._zip.getinfo(name), limits())
            self._member = open_member(self._zip, name)
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


def open_member(zf: zipfile.ZipFile, name: str) -> IO[bytes]:
    """A zip member opened for reading; an encrypted one is a damaged input, not a crash."""
    try:
        return zf.open(name)
    except RuntimeError as exc:  # "File ... is encrypted, password required for extraction"
        raise zipfile.BadZipFile(str(exc)) from exc
