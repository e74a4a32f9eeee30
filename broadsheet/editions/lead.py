"""The 摘要 (lead) shown in the 标题导航: first 100 characters of the body.

The rule is read off real e-paper pages (see the seed page): paragraphs and
subheadings in order, whitespace removed (including U+3000 and line breaks),
then the first 100 characters. Image captions do not count, so an article that
is only images has an empty lead.

Removing every space is right for Chinese, where it only ever pads, but glues a
Latin wire story into ``NEWYORK(AP)—Thegas...``. So a whitespace run next to a
CJK character (ideograph, kana, hangul, CJK or full-width punctuation) is
removed, as the seed does, and any other run (between Latin words, digits,
their punctuation, and between paragraphs) becomes one space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LEAD_LENGTH = 100
TEXT_BLOCKS = frozenset({"paragraph", "subheading"})
CJK = (
    "\u2e80-\u9fff"  # radicals, CJK punctuation (U+3000...), kana, bopomofo, ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"  # compatibility ideographs and forms, full-width
    "\U00020000-\U0003ffff"  # ideographs outside the BMP
)
_WHITESPACE = re.compile(r"\s+")
_CJK_SPACE = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")


def body_text(blocks: Iterable[dict]) -> str:
    """The readable text of a body: paragraphs and subheadings, one per line."""
    return "\n".join(b.get("text", "") for b in blocks if b.get("type") in TEXT_BLOCKS)


def compute_lead(blocks: Iterable[dict], length: int = LEAD_LENGTH) -> str:
    return tidy_spaces(body_text(blocks))[:length].rstrip()


def tidy_spaces(text: str) -> str:
    """``text`` with whitespace next to CJK removed and every other run one space."""
    return _WHITESPACE.sub(" ", _CJK_SPACE.sub("", text)).strip()
