"""Decode text sources: UTF-8 (with or without BOM) or GB18030/GBK, decided by evidence.

Chinese archives come in both encodings, and the two are not equally strict.
UTF-8 is: Chinese text in GBK puts only about a fifth of its non-ASCII bytes
into valid UTF-8 sequences, while UTF-8 text with a stray byte puts nearly all
of them. GB18030 is not: UTF-8 Chinese decodes as GB18030 without an error,
into mojibake ("鏂板勾璁茶瘽"). So a file is UTF-8 when almost all of its
non-ASCII bytes form valid UTF-8, GB18030 only when that is not so and the
bytes decode (almost) cleanly as GB18030, and neither otherwise: then the file
is refused, naming its first byte that is not UTF-8.

The decision is taken once per file, on a sample starting at its first
non-ASCII byte, however far in. Every line is then decoded strictly: a line
that does not fit carries an error naming its line and byte offset (and, for
finding the edition it belongs to, a text with U+FFFD where the bad bytes
were, which is never stored). Lines are split on LF before decoding, which is
safe for both encodings: no GB18030 multi-byte sequence contains the byte 0x0A.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import IngestError
from .sources import ByteStream

SAMPLE_SIZE = 64 * 1024
UTF8, GB18030 = "utf-8", "gb18030"
# Shares of the non-ASCII bytes that must decode for an encoding to be believed.
UTF8_SHARE, GB18030_SHARE = 0.9, 0.999
_ASCII = bytes(range(0x80))
_HIGH = re.compile(rb"[\x80-\xff]")
_ESCAPED = re.compile("[\udc80-\udcff]")


def detect_encoding(sample: bytes) -> str | None:
    """``utf-8`` or ``gb18030`` as the sample's bytes bear out, or None for neither."""
    if sample.startswith(codecs.BOM_UTF8) or valid_share(sample, UTF8) >= UTF8_SHARE:
        return UTF8
    if valid_share(sample, GB18030) >= GB18030_SHARE:
        return GB18030
    return None


def valid_share(sample: bytes, encoding: str) -> float:
    """The share of the sample's non-ASCII bytes that decode as ``encoding`` (1.0 if none).

    A character cut at the end of the sample counts as valid.
    """
    high = len(sample.translate(None, _ASCII))
    if not high:
        return 1.0
    text = codecs.getincrementaldecoder(encoding)("surrogateescape").decode(sample, final=False)
    return 1 - len(_ESCAPED.findall(text)) / high


def first_invalid(data: bytes, encoding: str) -> int:
    """Offset of the first byte in ``data`` that does not decode as ``encoding``, or -1."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


@dataclass(frozen=True)
class TextLine:
    """One decoded line: 1-based line number, byte offset of its start, text without EOL.

    ``error`` is set when the line did not decode; ``text`` then has U+FFFD for
    the bad bytes, good enough to tell which edition the line belongs to.
    """

    number: int
    offset: int
    text: str
    error: IngestError | None = None


def decode_line(raw: bytes, encoding: str, name: str, offset: int, where: str = "") -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        reason = f"invalid {encoding.upper()} at byte {offset + exc.start}"
        raise IngestError(name, reason, where) from exc


def text_line(raw: bytes, encoding: str, name: str, number: int, offset: int) -> TextLine:
    """One raw line decoded; CR characters are dropped wherever they stand."""
    try:
        text, error = decode_line(raw, encoding, name, offset, f"line {number}"), None
    except IngestError as exc:
        text, error = raw.decode(encoding, "replace"), exc
    return TextLine(number, offset, text.rstrip("\n").replace("\r", ""), error)


def iter_lines(stream: ByteStream, name: str) -> Iterator[TextLine | IngestError]:
    """Decoded lines of ``stream``; an undecodable file ends with its error.

    A line that does not decode is yielded with its error, so a reader can
    abort only the edition that holds it (old corpora carry stray ``\\r\\r\\n``,
    hence CRs are dropped).
    """
    lines = _Lines(stream, name)
    try:
        yield from lines
    except IngestError as exc:
        yield exc


class _Lines:
    """The line iterator of one stream, deciding its encoding at the first non-ASCII byte."""

    def __init__(self, stream: ByteStream, name: str):
        self.stream, self.name = stream, name
        head = stream.read(SAMPLE_SIZE)
        bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        self.buffer, self.offset, self.number = head[bom:], bom, 0
        self.encoding = UTF8 if bom else None

    def __iter__(self) -> Iterator[TextLine]:
        while True:
            self._decide()
            *complete, rest = self.buffer.split(b"\n")
            for raw in complete:
                yield self._line(raw + b"\n")
            chunk = self.stream.read(SAMPLE_SIZE)
            self.buffer = rest + chunk
            if not chunk:
                break
        if self.buffer:
            self._decide()
            yield self._line(self.buffer)

    def _line(self, raw: bytes) -> TextLine:
        self.number += 1
        line = text_line(raw, self.encoding or UTF8, self.name, self.number, self.offset)
        self.offset += len(raw)
        return line

    def _decide(self) -> None:
        """Choose the encoding on a sample from the buffer's first non-ASCII byte."""
        high = _HIGH.search(self.buffer) if self.encoding is None else None
        if high is None:
            return
        while len(self.buffer) - high.start() < SAMPLE_SIZE:
            chunk = self.stream.read(SAMPLE_SIZE)
            if not chunk:
                break
            self.buffer += chunk
        sample = self.buffer[high.start() : high.start() + SAMPLE_SIZE]
        self.encoding = detect_encoding(sample)
        if self.encoding is None:
            at = self.offset + high.start() + first_invalid(sample, UTF8)
            raise IngestError(self.name, f"neither UTF-8 nor GB18030: invalid UTF-8 at byte {at}")


def document_encoding(data: bytes) -> str | None:
    """The encoding of a whole small document, decided like a stream's."""
    high = _HIGH.search(data)
    if data.startswith(codecs.BOM_UTF8) or high is None:
        return UTF8
    return detect_encoding(data[high.start() : high.start() + SAMPLE_SIZE])


def decode_document(data: bytes, name: str) -> str:
    """A whole small document (a JSON manifest, a text item) decoded strictly."""
    encoding = document_encoding(data)
    if encoding is None:
        at = first_invalid(data, UTF8)
        raise IngestError(name, f"neither UTF-8 nor GB18030: invalid UTF-8 at byte {at}")
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    return decode_line(data[start:], encoding, name, start)
