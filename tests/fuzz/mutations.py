"""Mutations of real inputs, as Hypothesis strategies: what a broken or hostile file looks like.

Each mutation takes a real sample (from ``../shared/corpora`` or built by
``tests.builders``) and breaks it the way files break or are broken on purpose:
cut short, bytes flipped, re-encoded, structures repeated or nested deeply,
numbers and labels replaced by odd ones. Drawn through Hypothesis, so a
failure shrinks to a small mutation and ``derandomize`` makes CI repeatable.
"""

from __future__ import annotations

import json
import re

from hypothesis import strategies as st

MAX_SIZE = 1024 * 1024  # a mutated input never grows past this

ODD_NUMBERS = [
    0,
    -1,
    2**31,
    2**63,
    10**6,
    10**40,
    1.5,
    1e308,
    True,
    None,
]
ODD_TEXT = [
    "",
    "第1版",
    "01.json",
    "<x>",
    "01/02",
    "-1",
    "٣",
    "²",
    "Bad_Slug",
    "ABC",
    "a b",
    "admin",
    "media",
    "9999-12-31",
    "0001-01-01",
    "1998-02-30",
    "01\n",
    "\x00",
    "\u202e",
    "\ufeff",
    " " * 300,
    "长" * 400,
    "../../etc/passwd",
    "/etc/passwd",
]
ODD_BYTES = [
    b"\n" * 2000,
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r",
    b'"',
    b"\\",
    b"{",
    b"[" * 3000,
    b"<a>" * 3000,
    b"\xe9\x95",  # half a UTF-8 character
    b"\x81\x30",  # half a GB18030 four-byte character
    "第4版".encode(),
    b"99999999999999999999",
]
ENCODINGS = ["gb18030", "utf-16", "latin-1", "utf-8-sig", "big5", "shift_jis", "cp1252"]
_DIGITS = re.compile(rb"\d+")


def odd_value():
    """A JSON value where a well-formed one belongs: odd numbers, odd text, deep structures."""
    deep = st.integers(1, 900).map(lambda n: json.loads("[" * n + "]" * n))
    return st.one_of(
        st.sampled_from(ODD_NUMBERS),
        st.sampled_from(ODD_TEXT),
        st.integers(),
        st.text(max_size=40),
        deep,
        st.lists(st.sampled_from(ODD_TEXT), max_size=3),
        st.dictionaries(st.sampled_from(["type", "text", "src", "x"]), st.sampled_from(ODD_TEXT)),
    )


def _truncate(draw, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _flip(draw, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


def _insert(draw, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.sampled_from(ODD_BYTES)) + data[at:]


def _reencode(draw, data: bytes) -> bytes:
    encoding = draw(st.sampled_from(ENCODINGS))
    return data.decode("utf-8", "replace").encode(encoding, "replace")


def _repeat(draw, data: bytes) -> bytes:
    if not data:
        return data
    start = draw(st.integers(0, len(data) - 1))
    piece = data[start : start + draw(st.integers(1, 4096))]
    times = draw(st.integers(2, max(2, MAX_SIZE // (4 * len(piece)))))
    return data[:start] + piece * times + data[start:]


def _number(draw, data: bytes) -> bytes:
    numbers = list(_DIGITS.finditer(data))
    if not numbers:
        return data
    match = draw(st.sampled_from(numbers))
    odd = draw(st.sampled_from([b"0", b"-1", b"2147483648", b"9223372036854775808", b"1" * 5000,
                                "²".encode(), "٣".encode(), b"1e309", b"99991231"]))  # fmt: skip
    return data[: match.start()] + odd + data[match.end() :]


_STRUCTURE = re.compile(rb'(?<=[:\[,])\s*(?=["\[{0-9tfn-])|(?<=>)')
NESTS = {b":": (b"[", b"]"), b"[": (b"[", b"]"), b",": (b'{"a":', b"}"), b">": (b"<a>", b"</a>")}


def _nest(draw, data: bytes) -> bytes:
    """A value nested deeply where a value belongs: ``[[[…]]]`` in JSON, ``<a><a>…`` in XML."""
    places = [m.start() for m in _STRUCTURE.finditer(data[:200_000])]
    if not places:
        return data
    at = draw(st.sampled_from(places))
    before = data[at - 1 : at] if data[at - 1 : at] in NESTS else b":"
    opener, closer = NESTS[before]
    depth = draw(st.sampled_from([300, 1000, 3000, 100_000]))
    value = b"0" if closer != b"</a>" else b"x"
    return (
        data[:at]
        + opener * depth
        + value
        + closer * depth
        + (b"," if closer == b"}" else b"")
        + data[at:]
    )


MUTATIONS = {
    "nest": _nest,
    "truncate": _truncate,
    "flip": _flip,
    "insert": _insert,
    "reencode": _reencode,
    "repeat": _repeat,
    "number": _number,
}


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """``seed`` with one to three byte-level mutations."""
    data = seed
    for _ in range(draw(st.integers(1, 3))):
        data = MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](draw, data)
    return data[:MAX_SIZE]


def _paths(value, prefix=()) -> list[tuple]:
    """Paths into a JSON document (object keys and list indexes), six levels deep at most."""
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return []
    out = []
    for key, child in items:
        out.append((*prefix, key))
        if len(prefix) < 6:
            out += _paths(child, (*prefix, key))
    return out


@st.composite
def mutated_json(draw, seed: dict) -> dict:
    """``seed`` (a JSON document) with one to three values replaced by odd ones."""
    data = json.loads(json.dumps(seed))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        *parent_path, key = draw(st.sampled_from(paths))
        parent = data
        for step in parent_path:
            parent = parent[step]
        parent[key] = draw(odd_value())
    return data
