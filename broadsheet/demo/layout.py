"""Lay out one newspaper page: stories in rows on a six-column grid.

Each story asks for a width (``span`` grid columns); stories are packed into
rows left to right, every row as deep as its deepest story. Top pictures grow
or shrink to even the rows and fill the page; what is left at the foot becomes a
public-service panel (公益广告), as on a real page. Every story ends up in one
rectangle, which is its hotspot on the page image.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .stories import PagePlan, Story
from .typeset import (
    CAPTION,
    COLUMN_LOGO,
    SUBHEADING,
    Figure,
    Gap,
    Item,
    Line,
    Style,
    balance,
    centred,
    paragraph,
)

PAGE_W, PAGE_H = 595.0, 842.0  # points (A4 / tabloid proportion)
MARGIN_X = 30.0
GRID, GUTTER, ROW_GAP = 6, 12.0, 14.0
MASTHEAD_H, HEADER_H, FOOTER_H = 116.0, 46.0, 34.0
TEXT_GUTTER, COLUMN_TARGET = 9.0, 135.0
TOP_FIGURE = (0.3, 0.5, 0.72)  # least, natural and greatest height / width
INLINE_FIGURE = 0.75
FILLER_MIN = 80.0
FIGURE_GAP = 6.0


@dataclass
class Box:
    x: float
    y: float  # from the top of the page
    w: float
    h: float


@dataclass
class StoryLayout:
    story: Story
    order: int
    box: Box
    head: list[Line | Gap]
    top: Figure | None
    columns: list[list[Item]]
    column_width: float
    truncated: bool = False


@dataclass
class PageLayout:
    plan: PagePlan
    first: bool
    stories: list[StoryLayout]
    rows: list[list[StoryLayout]]
    filler: Box | None = None
    warnings: list[str] = field(default_factory=list)


def headline_style(width: float, lead: bool) -> Style:
    size = (
        24 if lead else 20 if width >= 500 else 17 if width >= 340 else 15 if width >= 250 else 13
    )
    return Style(size, size * 1.3, bold=True, align="center")


KICKER = Style(9.5, 14, align="center", color=(0.3, 0.3, 0.34))
SUBHEADLINE = Style(10.5, 15.5, align="center", color=(0.25, 0.25, 0.3))
BYLINE = Style(8.5, 13, align="center", color=(0.35, 0.35, 0.4))


class Measure:
    """One story at one width: its heading, top picture and text, and their depths."""

    def __init__(self, story: Story, order: int, width: float, lead: bool):
        self.story, self.order, self.width, self.lead = story, order, width, lead
        self.columns = max(1, round(width / COLUMN_TARGET))
        self.column_width = (width - TEXT_GUTTER * (self.columns - 1)) / self.columns
        self.head = self._head()
        self.top = self._top_figure()
        self.flow = self._flow()

    def _head(self) -> list[Line | Gap]:
        s, w = self.story, self.width - 8
        lines: list[Line | Gap] = [Line(s.column, COLUMN_LOGO)] if s.column else []
        lines += centred(s.kicker, w, KICKER) if s.kicker else []
        lines += centred(s.headline, w, headline_style(self.width, self.lead)) if s.headline else []
        lines += centred(s.subheadline, w, SUBHEADLINE) if s.subheadline else []
        lines += centred(s.byline, w, BYLINE) if s.byline else []
        return [*lines, Gap(5)] if lines else lines

    def _top_figure(self) -> Figure | None:
        blocks = self.story.blocks
        if not blocks or blocks[0]["type"] != "image":
            return None
        caption = centred(blocks[0]["caption"], self.width, CAPTION) if blocks[0]["caption"] else []
        return Figure(0, self.width, self.width * TOP_FIGURE[1], caption)

    def _flow(self) -> list[Item]:
        items: list[Item] = []
        cw = self.column_width
        for i, block in enumerate(self.story.blocks):
            if block["type"] == "paragraph":
                items += paragraph(block["text"], cw)
            elif block["type"] == "subheading":
                heading = centred(block["text"], cw, SUBHEADING)
                heading[-1].keep_with_next = True
                items += [Gap(5), *heading]
            elif i > 0 or self.top is None:
                caption = centred(block["caption"], cw, CAPTION) if block["caption"] else []
                items += [Gap(4), Figure(i, cw, cw * INLINE_FIGURE, caption), Gap(4)]
        return items

    @cached_property
    def head_height(self) -> float:
        return sum(item.height for item in self.head)

    @cached_property
    def text_depth(self) -> float:
        return balance(self.flow, self.columns)

    def figure_range(self) -> tuple[float, float, float]:
        if self.top is None:
            return 0.0, 0.0, 0.0
        extra = self.top.height - self.top.image_height + FIGURE_GAP
        least, natural, most = TOP_FIGURE
        return self.width * least + extra, self.width * natural + extra, self.width * most + extra

    def needed(self, figure: str = "natural") -> float:
        least, natural, most = self.figure_range()
        part = {"least": least, "natural": natural, "most": most}[figure]
        return self.head_height + part + self.text_depth
