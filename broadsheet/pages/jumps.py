"""转版: a story that ends "下转第X版" on one page and goes on "上接第Y版" on page X.

Papers cut a long front-page story and send the rest to an inside page. Read page
by page, that is two articles, each half a story; a reader wants one, with its
text in order and its place marked on both pages. ``join_jumps`` pairs the two
halves by the page labels the jump lines name, and where a page sends on or takes
in several stories, by the short title papers repeat over the continuation
("（上接第1版）XXX"), else by their order on the page.

Labels are matched leniently: a jump line's "2" is page "02", "A2" is "A02" and
"第二版" is "02", because jump lines are set by hand and page labels by the system.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from .segment import FoundArticle, page_label

Polygons = list[list[list[float]]]
_CLOSING = "。！？…”’）」』.!?\"')"


@dataclass
class JoinedArticle:
    """One story, joined across the pages it is printed on."""

    article: FoundArticle  # the whole story: the first part's head, every part's text
    start_label: str  # the page it starts on
    parts: list[tuple[str, Polygons]] = field(default_factory=list)  # (page label, its area)

    @property
    def jumped(self) -> bool:
        return len(self.parts) > 1


def join_jumps(pages: list[tuple[str, list[FoundArticle]]]) -> list[JoinedArticle]:
    """Every article once, in page order; a story cut by 下转/上接 joined into one."""
    links = _links(pages)
    continued = set(links.values())
    joined = []
    for p, (_label, articles) in enumerate(pages):
        for a in range(len(articles)):
            if (p, a) not in continued:
                joined.append(_join(pages, _chain((p, a), links)))
    return joined


# --- pairing the halves ----------------------------------------------------------------


Key = tuple[int, int]  # (page index, article index)


def _links(pages: list[tuple[str, list[FoundArticle]]]) -> dict[Key, Key]:
    """Each jumping article's continuation: its key -> the continuation's key."""
    links: dict[Key, Key] = {}
    taken: set[Key] = set()
    for p, (label, articles) in enumerate(pages):
        for a, article in enumerate(articles):
            target = _page_index(pages, article.jump_to) if article.jump_to else None
            if target is None or target == p:
                continue
            found = _continuation(pages, target, label, article, taken)
            if found is not None:
                links[(p, a)] = found
                taken.add(found)
    return links


def _continuation(pages, target: int, label: str, article: FoundArticle, taken: set[Key]):
    """The article on page ``target`` that says it goes on from page ``label``: the one
    repeating the story's title if any does, else the first not yet paired."""
    candidates = [
        (target, a)
        for a, other in enumerate(pages[target][1])
        if (target, a) not in taken and other.jump_from and same_page(other.jump_from, label)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda key: _title_match(article, pages[key[0]][1][key[1]]))


def _title_match(article: FoundArticle, continuation: FoundArticle) -> int:
    """How clearly the continuation repeats the story's title (0: not at all)."""
    title, repeat = _flat(article.headline), _flat(continuation.headline)
    if title and repeat and title == repeat:
        return 3
    if len(repeat) >= 2 and (repeat in title or title in repeat):
        return 2
    first = _flat(continuation.paragraphs[0]) if continuation.paragraphs else ""
    return 1 if len(title) >= 2 and first.startswith(title[:6]) else 0


def _flat(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text)


def _page_index(pages: list[tuple[str, list[FoundArticle]]], label: str) -> int | None:
    for p, (page, _articles) in enumerate(pages):
        if same_page(page, label):
            return p
    return None


def same_page(label: str, other: str) -> bool:
    """Whether two page labels name the same page ("2" is "02", "A2" is "A02", "二" is "2")."""
    return _key(label) == _key(other)


def _key(label: str) -> tuple[str, int | None]:
    text = page_label(label)
    text = re.sub(r"^第|版$", "", text).strip()
    match = re.fullmatch(r"([A-Z]*)0*(\d+)", text)
    if match:
        return match.group(1), int(match.group(2))
    return text, None


# --- joining the text ------------------------------------------------------------------


def _chain(start: Key, links: dict[Key, Key]) -> list[Key]:
    """The keys of a story's parts in order (a story may jump more than once)."""
    chain = [start]
    while chain[-1] in links and links[chain[-1]] not in chain:
        chain.append(links[chain[-1]])
    return chain


def _join(pages: list[tuple[str, list[FoundArticle]]], chain: list[Key]) -> JoinedArticle:
    parts = [(pages[p][0], pages[p][1][a]) for p, a in chain]
    first = parts[0][1]
    article = dataclasses.replace(
        first,
        headline=first.headline or parts[-1][1].headline,
        paragraphs=_joined_paragraphs([part.paragraphs for _, part in parts]),
        captions=[c for _, part in parts for c in part.captions],
        jump_to=parts[-1][1].jump_to if len(parts) > 1 else first.jump_to,
    )
    return JoinedArticle(article, parts[0][0], [(label, part.polygons) for label, part in parts])


def _joined_paragraphs(parts: list[list[str]]) -> list[str]:
    """The parts' paragraphs in order; a paragraph cut mid-sentence at the jump goes on
    in the continuation's first paragraph, so the two are one."""
    out: list[str] = []
    for paragraphs in parts:
        rest = list(paragraphs)
        if out and rest and not out[-1].rstrip().endswith(tuple(_CLOSING)):
            out[-1] += rest.pop(0)
        out += rest
    return out
