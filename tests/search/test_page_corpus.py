"""A real library batch, searched page by page, against a plain scan of its pages' text.

The Park Record of 1935-08-02 (NDNP: two pages of ALTO, no articles) is ingested as the
CLI does; its queries are drawn at run time from the pages' own text (words, and quoted
phrases of two and three words from all over the page, its end included, where an
English page's commonest pairs such as "the " have long passed 256 occurrences). Every
query's hits and total must be exactly the pages whose text holds it, on both engines.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
from broadsheet.search import documents, service
from broadsheet.search.analyzer import normalise
from broadsheet.search.backends.base import PAGE
from broadsheet.search.params import SearchParams
from tests.builders import ingest_json
from tests.conftest import corpus

from .truth import _LETTER

pytestmark = pytest.mark.django_db
PARK = "ndnp_park_record_1935"
_WORD = re.compile(r"[a-z]{3,}")


@pytest.fixture
def park(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = ingest_json(corpus(PARK) / "batch_local")
        assert summary["errors"] == [], summary
        publishing.publish(Edition.objects.get())
    return {d.page_label: _flat(d.body) for d in documents.everything() if d.kind == PAGE}


def _flat(text: str) -> str:
    """The folded text with each run of spaces one space: what a quoted phrase is held to."""
    return re.sub(r"\s+", " ", normalise(text))


def _holds(text: str, phrase: str) -> bool:
    """A plain scan: the phrase as a substring, a Latin word at either end only whole."""
    pattern = rf"(?<!{_LETTER}){re.escape(phrase)}(?!{_LETTER})"
    return re.search(pattern, text) is not None


def _queries(pages: dict[str, str], rng: random.Random) -> list[str]:
    """Words and quoted two- and three-word phrases drawn from each page, end included,
    and phrases through the page's commonest word at its last occurrences."""
    queries = []
    for text in pages.values():
        words = list(_WORD.finditer(text))
        commonest = Counter(m.group() for m in words).most_common(1)[0][0]
        last = [i for i, m in enumerate(words) if m.group() == commonest][-5:]
        picks = rng.sample(words, 20) + words[-10:] + [words[i - 1] for i in last]
        queries += [m.group() for m in picks[:10]]
        queries += filter(None, (_phrase(text, m.start(), rng.choice((2, 3))) for m in picks[10:]))
    return queries


def _phrase(text: str, start: int, size: int) -> str:
    """The quoted phrase of ``size`` words from ``start``, or "" when it will not quote."""
    phrase = " ".join(text[start:].split(" ")[:size]).strip(".,;:!?\"'()-")
    return f'"{phrase}"' if " " in phrase and not set(phrase) & set('"\\') else ""


def test_every_drawn_query_finds_exactly_the_pages_that_hold_it(park):
    assert sorted(park) == ["1", "2"]
    wrong = []
    for query in _queries(park, random.Random(1935)):
        phrase = query.strip('"')
        expected = {label for label, text in park.items() if _holds(text, phrase)}
        result = service.search(SearchParams(q=query, per_page=10))
        found = {h.page for h in result.hits}
        assert {h.kind for h in result.hits} <= {PAGE}
        if found != expected or result.total != len(expected):
            wrong.append(f"{query}: found {sorted(found)} ({result.total}), in {sorted(expected)}")
    assert not wrong, wrong


def test_a_hit_on_the_park_record_opens_its_page_with_boxes(client, park):
    only_two = [w for w in _WORD.findall(park["2"]) if not _holds(park["1"], w)]
    word = max(only_two, key=len)  # a word of page 2 alone, drawn from its own text
    (hit,) = service.search(SearchParams(q=word)).hits
    assert hit.url.startswith("/sn85058233/1935-08-02/2/?hl=")
    assert hit.machine_read is not None and hit.machine_read["source"] == "alto"
    path, query = hit.url.split("?")
    found = client.get(f"{path.rstrip('/')}.json?{query}").json()["data"]["find"]
    assert found["count"] >= 1 and all(0 <= box["x"] <= 1 for box in found["boxes"])
