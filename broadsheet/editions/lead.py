"""The 摘要 (lead) shown in the 标题导航: first 100 characters of the body.

The rule is read off real e-paper pages (see the seed page): paragraphs and
subheadings in order, every whitespace character removed (including U+3000 and
line breaks), then the first 100 characters. Image captions do not count, so
an article that is only images has an empty lead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LEAD_LENGTH = 100
TEXT_BLOCKS = frozenset({"paragraph", "subheading"})
_WHITESPACE = re.compile(r"\s+")


def body_text(blocks: Iterable[dict]) -> str:
    """The readable text of a body: paragraphs and subheadings, one per line."""
    return "\n".join(b.get("text", "") for b in blocks if b.get("type") in TEXT_BLOCKS)


def compute_lead(blocks: Iterable[dict], length: int = LEAD_LENGTH) -> str:
    text = "".join(b.get("text", "") for b in blocks if b.get("type") in TEXT_BLOCKS)
    return _WHITESPACE.sub("", text)[:length]
