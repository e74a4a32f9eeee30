"""The sample's text: editions written as TOML files in ``content/``.

Keeping the words in data files, apart from the layout code, lets an editor
change a story without reading Python. A story body uses a tiny markup:
paragraphs separated by blank lines, ``## `` for a subheading (小标题) and
``@图 KIND key=value; key=value | caption`` for a generated picture.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
PICTURE_MARK = "@图"
SUBHEADING_MARK = "## "


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the story."""


@dataclass(frozen=True)
class Picture:
    kind: str  # a painter in ``pictures.PAINTERS``
    params: tuple[tuple[str, str], ...] = ()
    caption: str = ""
    alt: str = ""


@dataclass
class Story:
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    span: int = 3  # grid columns of the page (out of ``layout.GRID``)
    column: str = ""  # printed column logo (栏目) for untitled items; not part of the text
    blocks: list[dict] = field(default_factory=list)


@dataclass
class PagePlan:
    label: str
    name: str
    editor: str = ""
    stories: list[Story] = field(default_factory=list)


@dataclass
class PaperPlan:
    slug: str
    name: str
    motto: str
    first_issue: int
    order: int


@dataclass
class EditionPlan:
    paper: PaperPlan
    date: dt.date
    issue: int
    pages: list[PagePlan]
    source: str


@dataclass
class Catalogue:
    publisher: dict
    papers: list[PaperPlan]
    editions: list[EditionPlan]


def load_catalogue(root: Path = CONTENT_DIR) -> Catalogue:
    """Every edition of every sample paper, in paper order then date order."""
    meta = _toml(root / "papers.toml")
    papers = [PaperPlan(order=i, **p) for i, p in enumerate(meta["paper"])]
    editions = []
    for paper in papers:
        files = sorted((root / paper.slug).glob("*.toml"))
        for n, path in enumerate(files):
            date = dt.date.fromisoformat(path.stem)
            pages = [_page(p, path) for p in _toml(path)["page"]]
            editions.append(EditionPlan(paper, date, paper.first_issue + n, pages, path.name))
    return Catalogue(meta["publisher"], papers, editions)


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def _page(data: dict, path: Path) -> PagePlan:
    stories = []
    for i, s in enumerate(data.get("story", [])):
        where = f"{path.name}: page {data['label']} story {i + 1}"
        body = s.pop("body", "")
        stories.append(Story(**s, blocks=parse_body(body, where)))
    return PagePlan(data["label"], data["name"], data.get("editor", ""), stories)


def parse_body(text: str, where: str = "") -> list[dict]:
    """Body markup to blocks; a picture block carries its ``Picture`` until it is drawn."""
    blocks: list[dict] = []
    for chunk in (c.strip() for c in text.strip().split("\n\n")):
        if not chunk:
            continue
        if chunk.startswith(SUBHEADING_MARK):
            blocks.append({"type": "subheading", "text": chunk[len(SUBHEADING_MARK) :].strip()})
        elif chunk.startswith(PICTURE_MARK):
            picture = parse_picture(chunk[len(PICTURE_MARK) :], where)
            blocks.append({"type": "image", "picture": picture, "caption": picture.caption})
        else:
            blocks.append({"type": "paragraph", "text": "".join(chunk.split("\n"))})
    return blocks


def parse_picture(spec: str, where: str = "") -> Picture:
    """``bars 标题=…; 东城=320 | caption``: a painter, its parameters and the caption."""
    head, _, caption = spec.partition("|")
    kind, _, rest = head.strip().partition(" ")
    params = []
    for item in filter(None, (p.strip() for p in rest.split(";"))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ContentError(f"{where}: picture parameter {item!r} has no '='")
        params.append((key.strip(), value.strip()))
    alt = dict(params).get("alt", "")
    return Picture(kind, tuple(p for p in params if p[0] != "alt"), caption.strip(), alt)
