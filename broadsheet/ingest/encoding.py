"""Decode text sources: UTF-8 (with or without BOM) or GB18030/GBK, never a guess that lies.

Chinese archives come in both encodings. The encoding is chosen once per file
from its first bytes; every line is then decoded strictly, so a byte that does
not fit is an error naming the file and the byte offset instead of mojibake
stored in the database. Lines are split on LF before decoding, which is safe
for both encodings: no GB18030 multi-byte sequence contains the byte 0x0A.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .errors import IngestError

SAMPLE_SIZE = 64 * 1024
UTF8, GB18030 = "utf-8", "gb18030"


def detect_encoding(head: bytes) -> str:
    """``utf-8`` when the sample decodes as UTF-8 (a cut last character allowed), else GB18030."""
    if head.startswith(codecs.BOM_UTF8):
        return UTF8
    try:
        codecs.getincrementaldecoder(UTF8)().decode(head, final=False)
    except UnicodeDecodeError:
        return GB18030
    return UTF8


@dataclass(frozen=True)
class TextLine:
    """One decoded line: 1-based line number, byte offset of its start, text without EOL."""

    number: int
    offset: int
    text: str


def decode_line(raw: bytes, encoding: str, name: str, offset: int) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(
            name, f"cannot decode as {encoding.upper()}", f"byte offset {offset + exc.start}"
        ) from exc


def iter_lines(stream: BinaryIO, name: str) -> Iterator[TextLine | IngestError]:
    """Decoded lines of ``stream``; an undecodable line is yielded as its error.

    CR characters are dropped wherever they stand (old corpora carry stray
    ``\\r\\r\\n``). Yielding the error instead of raising lets a reader abort
    only the edition that holds the bad line.
    """
    head = stream.read(SAMPLE_SIZE)
    encoding = detect_encoding(head)
    offset = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    pending = head[offset:]
    number = 0
    for raw in _raw_lines(stream, pending):
        number += 1
        try:
            text = decode_line(raw, encoding, name, offset)
        except IngestError as exc:
            yield exc
        else:
            yield TextLine(number, offset, text.rstrip("\n").replace("\r", ""))
        offset += len(raw)


def _raw_lines(stream: BinaryIO, pending: bytes) -> Iterator[bytes]:
    """LF-terminated byte lines of ``pending`` followed by the rest of ``stream``."""
    while True:
        chunk = stream.read(SAMPLE_SIZE)
        parts = (pending + chunk).split(b"\n")
        pending = parts.pop()
        for part in parts:
            yield part + b"\n"
        if not chunk:
            break
    if pending:
        yield pending


def decode_document(data: bytes, name: str) -> str:
    """A whole small document (a JSON manifest, a text item) decoded the same way."""
    encoding = detect_encoding(data[:SAMPLE_SIZE])
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    return decode_line(data[start:], encoding, name, start)
