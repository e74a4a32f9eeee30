"""Real-text queries and their ground truth, shared by the corpus test and ``bench/search.py``.

Documents come straight from the corpora in ``../shared/corpora`` (People's
Daily, January 1998; the Traditional-Chinese Taiwan news). Queries are drawn
from the text itself with a fixed seed. The truth is a plain scan of the
folded text: a CJK/digit query matches as a substring of a field, a Latin
word matches whole words only; a document matches when every term is in its
headline or its body.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from broadsheet.search.analyzer import normalise
from broadsheet.search.backends.base import IndexDocument

RMRB = "rmrb1998.jsonl"
TW_NEWS = "tw_news_nail1021734/tw_news_652.jsonl"
NAMES = ["江泽民", "李鹏", "朱镕基", "克林顿", "香港", "台湾", "马英九", "国民党", "北京", "新华社"]
SUBSTRING_SIZES = (1, 2, 3, 4, 6)
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9]+")
_LATIN = re.compile(r"(?<![^\W\d_])[a-z]{2,}(?![^\W\d_])")
_LETTER = r"(?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])[^\W\d_])"


def rmrb_documents(path: Path, first_id: int = 1) -> Iterator[IndexDocument]:
    """One document per article: first paragraph the headline unless it is the only one."""
    editions: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            item = json.loads(line)
            paragraphs = item["paragraphs"]
            headline, body = (
                (paragraphs[0], paragraphs[1:]) if len(paragraphs) > 1 else ("", paragraphs)
            )
            edition = editions.setdefault(item["date"], len(editions) + 1)
            yield _doc(first_id + n, edition, "rmrb", dt.date.fromisoformat(item["date"]),
                       item["page"], item["article"], headline, "\n".join(body))  # fmt: skip


def tw_documents(path: Path, first_id: int = 100_000) -> Iterator[IndexDocument]:
    """One document per article; one edition per publication date, all on page 1."""
    editions: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            item = json.loads(line)
            day = item["published"][:10]
            edition = editions.setdefault(day, 10_000 + len(editions))
            yield _doc(first_id + n, edition, "twnews", dt.date.fromisoformat(day), 1, n % 999 + 1,
                       item.get("title") or "", item.get("article") or "")  # fmt: skip


def _doc(aid, edition, paper, date, page, order, headline, body) -> IndexDocument:
    return IndexDocument(
        key=aid,
        edition_id=edition,
        newspaper=paper,
        date=date,
        page_label=f"{int(page):02d}",
        page_order=int(page),
        article_order=int(order),
        visible_from=0,
        headline=headline,
        body=body,
    )


@dataclass(frozen=True)
class Query:
    kind: str
    text: str  # what the reader types
    terms: tuple[str, ...]  # folded terms, all required


class Truth:
    """Folded fields of every document, scanned in plain Python."""

    def __init__(self, documents: list[IndexDocument]):
        self.fields = [(d.key, normalise(d.headline), normalise(d.body)) for d in documents]

    def matches(self, query: Query) -> set[int]:
        tests = [_matcher(term) for term in query.terms]
        return {aid for aid, head, body in self.fields if all(t(head) or t(body) for t in tests)}


def _matcher(term: str):
    if re.fullmatch(rf"{_LETTER}+", term):
        pattern = re.compile(rf"(?<!{_LETTER}){re.escape(term)}(?!{_LETTER})")
        return lambda text: pattern.search(text) is not None
    return lambda text: term in text


def generate(truth: Truth, per_class: int = 40, seed: int = 1998) -> list[Query]:
    """Queries of every class, drawn from the folded text with a fixed seed."""
    rng = random.Random(seed)
    texts = [body or head for _, head, body in truth.fields if (body or head)]
    queries = []
    for size in SUBSTRING_SIZES:
        queries += [_one(f"substring-{size}", s) for s in _substrings(rng, texts, size, per_class)]
    queries += [_one("word", w) for w in _words(rng, texts, per_class)]
    queries += [_one("name", n) for n in NAMES]
    queries += [_one("latin", w) for w in _latin(rng, texts, per_class)]
    queries += [_one("number", n) for n in _numbers(rng, texts, per_class)]
    long_texts = [t for t in texts if len(t) > 200]
    for _ in range(per_class):
        text = [rng.choice(long_texts)]  # both terms from one article, so some match
        a, b = _substrings(rng, text, 2, 1) + _substrings(rng, text, 3, 1)
        queries.append(Query("and-2", f"{a} {b}", (a, b)))
    return queries


def _one(kind: str, text: str) -> Query:
    return Query(kind, text, (normalise(text),))


def _substrings(rng: random.Random, texts: list[str], size: int, count: int) -> list[str]:
    out = []
    while len(out) < count:
        runs = [r for r in _RUN.findall(rng.choice(texts)) if len(r) >= size]
        if runs:
            run = rng.choice(runs)
            start = rng.randrange(len(run) - size + 1)
            out.append(run[start : start + size])
    return out


def _words(rng: random.Random, texts: list[str], count: int) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    out = []
    while len(out) < count:
        words = [w for w in jieba.lcut(rng.choice(texts)[:300]) if _RUN.fullmatch(w) and len(w) > 1]
        if words:
            out.append(rng.choice(words))
    return out


def _latin(rng: random.Random, texts: list[str], count: int) -> list[str]:
    pool = sorted({w for t in texts for w in _LATIN.findall(t)})
    return rng.sample(pool, min(count, len(pool)))


def _numbers(rng: random.Random, texts: list[str], count: int) -> list[str]:
    pool = sorted({n for t in texts for n in re.findall(r"[0-9]{2,8}", t)})
    return rng.sample(pool, min(count, len(pool)))
