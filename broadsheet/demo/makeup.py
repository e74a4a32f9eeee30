"""Page make-up: pack measured stories into rows and fit the rows to the page.

The make-up editor's rules, in order: a row is as deep as its deepest story;
a page with room to spare first enlarges its pictures, then puts a 公益广告 at
the foot; a page too full first shrinks pictures, then cuts the deepest row
(and says so, so the sample's text can be trimmed).
"""

from __future__ import annotations

from .layout import (
    FIGURE_GAP,
    FILLER_MIN,
    FOOTER_H,
    GRID,
    GUTTER,
    HEADER_H,
    MARGIN_X,
    MASTHEAD_H,
    PAGE_H,
    PAGE_W,
    ROW_GAP,
    Box,
    Measure,
    PageLayout,
    StoryLayout,
)
from .stories import PagePlan, Story
from .typeset import Figure, pour

GRID_UNIT = (PAGE_W - 2 * MARGIN_X + GUTTER) / GRID


def make_up(plan: PagePlan, first: bool) -> PageLayout:
    """The layout of one page; ``first`` pages carry the masthead."""
    top = MASTHEAD_H if first else HEADER_H
    room = PAGE_H - top - FOOTER_H
    rows = [_measure_row(row, first and r == 0) for r, row in enumerate(_pack(plan.stories))]
    depths, warnings = _fit(rows, room - ROW_GAP * (len(rows) - 1))
    layout = PageLayout(plan, first, [], [], warnings=warnings)
    y = top
    for row, depth in zip(rows, depths, strict=True):
        placed = [_place(m, x, y, depth) for x, m in row]
        layout.rows.append(placed)
        layout.stories += placed
        y += depth + ROW_GAP
    spare = PAGE_H - FOOTER_H - y
    if spare >= FILLER_MIN - ROW_GAP:
        layout.filler = Box(MARGIN_X, y, PAGE_W - 2 * MARGIN_X, spare)
    for story in layout.stories:
        if story.truncated:
            layout.warnings.append(f"page {plan.label}: story {story.order} does not fit")
    return layout


def _pack(stories: list[Story]) -> list[list[tuple[int, Story, int]]]:
    """Rows of (order, story, span); the last story of a short row takes the rest."""
    rows: list[list[tuple[int, Story, int]]] = [[]]
    used = 0
    for order, story in enumerate(stories, start=1):
        span = min(max(1, story.span), GRID)
        if used + span > GRID:
            rows.append([])
            used = 0
        rows[-1].append((order, story, span))
        used += span
    for row in rows:
        order, story, span = row[-1]
        row[-1] = (order, story, span + GRID - sum(s for _, _, s in row))
    return rows


def _measure_row(row, lead: bool) -> list[tuple[float, Measure]]:
    placed, x = [], MARGIN_X
    for i, (order, story, span) in enumerate(row):
        width = GRID_UNIT * span - GUTTER
        placed.append((x, Measure(story, order, width, lead and i == 0)))
        x += width + GUTTER
    return placed


def _fit(rows, room: float) -> tuple[list[float], list[str]]:
    """Row depths that fill ``room`` as well as the pictures allow."""
    depths = [max(m.needed() for _, m in row) for row in rows]
    spare = room - sum(depths)
    for r, row in enumerate(rows):
        limit = max(m.needed("most") for _, m in row if m.top) if _has_top(row) else 0.0
        change = max(min(spare, limit - depths[r]), 0.0) if spare > 0 else 0.0
        if spare < 0:
            least = max(m.needed("least") if m.top else m.needed() for _, m in row)
            change = -min(-spare, max(depths[r] - least, 0.0))
        depths[r] += change
        spare -= change
    warnings = []
    if spare < 0:
        deepest = max(range(len(depths)), key=depths.__getitem__)
        depths[deepest] += spare
        warnings.append(f"page over-full by {-spare:.0f} pt")
    elif 0 < spare < FILLER_MIN:
        depths = [d + spare / len(depths) for d in depths]
    return depths, warnings


def _has_top(row) -> bool:
    return any(m.top is not None for _, m in row)


def _place(m: Measure, x: float, y: float, depth: float) -> StoryLayout:
    """Set one story into its rectangle: heading, top picture, balanced columns."""
    room = depth - m.head_height
    top = None
    if m.top is not None:
        least, _, most = m.figure_range()
        frame = min(max(room - m.text_depth, least), most)
        extra = m.top.height - m.top.image_height + FIGURE_GAP
        top = Figure(0, m.width, frame - extra, m.top.caption)
        room -= frame
    columns, rest = pour(m.flow, m.columns, min(m.text_depth, room))
    return StoryLayout(
        m.story,
        m.order,
        Box(x, y, m.width, depth),
        m.head,
        top,
        columns,
        m.column_width,
        truncated=bool(rest),
    )
