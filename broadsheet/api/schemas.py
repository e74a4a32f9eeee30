"""The shapes the read API answers, for the OpenAPI document only.

Views return the envelope (``envelope.ok`` / ``envelope.error``) around the dicts of
``editions.serializers`` as they are; these models describe them, strictly (no field that
is not listed), so schemathesis (``tests/api/test_openapi.py``) fails the day a serialiser
and its description part.
"""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, create_model


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# A hotspot is a list of polygons, each a list of [x, y] points relative to the page (0..1).
Point = Annotated[list[float], Field(min_length=2, max_length=2)]
Hotspot = list[list[Point]]


class NewspaperRef(Strict):
    slug: str
    name: str
    url: str = Field(description="The newspaper's reader page")


class EditionRef(Strict):
    newspaper: NewspaperRef
    date: str = Field(json_schema_extra={"format": "date"})
    issue_number: int | None = Field(description="期次, when printed")
    url: str


class PageSummary(Strict):
    label: str = Field(description="The printed label: 01, A01")
    name: str
    url: str
    image: str = Field(description='URL of the page image, "" when none')
    image_hidpi: str = Field(description='The page image at twice the width, "" when none')
    thumbnail: str
    pdf: str = Field(description='URL of the page PDF, "" when none')
    width: int | None
    height: int | None


class PageRef(Strict):
    label: str
    url: str


class ArticleSummary(Strict):
    order: int = Field(description="The article's number on its page")
    kicker: str = Field(description="引题")
    headline: str = Field(description="主标题")
    subheadline: str = Field(description="副标题")
    lead: str = Field(description="摘要")
    title: str = Field(description="The headline, or a name for an item without one")
    url: str
    permalink: str = Field(description="Its permanent link, /a/<id>: it survives a re-ingest")
    hotspot: Hotspot
    continued_from: PageRef | None = Field(description="上接: the page of the part before")
    continues_on: list[PageRef] = Field(description="下转: the pages it continues on")


class TextBlock(Strict):
    type: Literal["paragraph", "subheading"]
    text: str


class ImageBlock(Strict):
    type: Literal["image"]
    src: str = Field(description="URL of the picture")
    caption: str = ""
    alt: str = ""


class Place(Strict):
    page: PageSummary
    hotspot: Hotspot
    continued: bool


class Correction(Strict):
    text: str = Field(description="更正: the public note of a correction")
    date: str | None = Field(json_schema_extra={"format": "date"})


class Article(ArticleSummary):
    byline: str
    body: list[TextBlock | ImageBlock]
    correction: Correction | None = Field(description="更正, when an editor published one")
    page: PageSummary
    places: list[Place] = Field(description="Every page the article covers, its own first")
    edition: EditionRef
    prev: ArticleSummary | None
    next: ArticleSummary | None


class EditionDocument(Strict):
    edition: EditionRef
    pages: list[PageSummary]
    edition_pdf: str = Field(description='URL of the whole edition in one PDF, "" when none')
    prev_edition: EditionRef | None = Field(description="上一期")
    next_edition: EditionRef | None = Field(description="下一期")


class MachineText(Strict):
    source: str = Field(description="alto or ocr")
    confidence: int | None = Field(description="Mean word or line confidence, percent")
    language: str
    lines: list[str] = Field(description="The page's lines; an editor's correction when made")
    corrected: bool = Field(description="Whether an editor corrected the machine's text")
    corrected_at: str | None = Field(description="When it was last corrected (ISO 8601)")


class PageDocument(EditionDocument):
    page: PageSummary
    articles: list[ArticleSummary] = Field(description="标题导航, continued articles last")
    machine_text: MachineText | None = Field(
        description="A page without articles read by machine (library scans): its text"
    )
    prev_page: PageSummary | None
    next_page: PageSummary | None


class MonthDocument(Strict):
    newspaper: NewspaperRef
    year: int
    month: int
    url: str
    editions: list[EditionRef]
    prev_month: str | None
    next_month: str | None
    prev_year: str | None
    next_year: str | None


class CalendarMonth(Strict):
    month: int
    url: str
    editions: list[EditionRef]


class YearDocument(Strict):
    newspaper: NewspaperRef
    year: int
    months: list[CalendarMonth] = Field(description="Only months with a public edition")


class Newspaper(NewspaperRef):
    publisher: str
    first_edition: str = Field(json_schema_extra={"format": "date"})
    latest_edition: EditionRef
    years: list[int] = Field(description="Years with a public edition")


class Links(Strict):
    self: str
    first: str
    last: str
    prev: str | None
    next: str | None


class NewspaperList(Strict):
    newspapers: list[Newspaper]


class EditionList(Strict):
    newspaper: NewspaperRef
    total: int
    page: int
    pages: int
    per_page: int
    editions: list[EditionRef] = Field(description="Newest first")
    links: Links


class MachineRead(Strict):
    source: Literal["alto", "ocr"] = Field(description="How the page's text was read")
    confidence: int | None = Field(description="Mean word or line confidence, percent")


class SearchHit(Strict):
    kind: Literal["article", "page"] = Field(
        description="article, or page: a page without articles (a library's page-only "
        "edition), found by its text; its url opens the page with the hits boxed"
    )
    newspaper: str
    newspaper_name: str
    date: str
    page: str
    headline: str
    headline_html: str
    url: str
    page_url: str = Field(description="The page it is printed on; add ?hl=<q> to box the hits")
    snippet: str = Field(description="HTML-escaped text with <mark> around the matches")
    machine_read: MachineRead | None = Field(
        description="A page hit whose text was read by machine (ALTO, OCR); null otherwise"
    )


class SearchResults(Strict):
    total: int
    page: int
    pages: int
    hits: list[SearchHit]
    links: Links


class Problem(Strict):
    code: str = Field(examples=["not_found", "bad_query", "bad_request"])
    message: str


class Failure(Strict):
    ok: Literal[False]
    error: Problem


def answer(model: type[Schema]) -> type[Schema]:
    """The success envelope around ``model``: ``{"ok": true, "data": …}``."""
    return create_model(
        f"{model.__name__}Answer",
        __base__=Strict,
        ok=(Literal[True], ...),
        data=(model, ...),
    )


def responses(model: type[Schema]) -> dict:
    """The statuses a read operation answers, every one in the envelope."""
    return {200: answer(model), 400: Failure, 404: Failure}


# --- the write API (api.write) ---------------------------------------------------------


class Run(Strict):
    """An upload's ingest, as the desk's progress bar polls it."""

    id: int
    status: Literal["queued", "running", "done", "failed"]
    progress: int = Field(ge=0, le=100)
    message: str
    summary: dict
    errors: list
    edition: int | None


class UploadStarted(Strict):
    run: Run
    status_url: str


class EditionState(Strict):
    newspaper: str
    date: str
    status: Literal["draft", "scheduled", "published", "withdrawn"]
    publish_at: str | None


def write_responses(model: type[Schema], status: int = 200) -> dict:
    """The statuses a write operation answers: refused token (401), role (403), value (400)."""
    return {status: answer(model), 400: Failure, 401: Failure, 403: Failure, 404: Failure}
