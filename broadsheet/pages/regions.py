"""The geometry of a printed page, for finding its articles: blocks, rules, frames, furniture.

``segment`` reads a page's typography; this module supplies the page cut into
the pieces that typography is read from:

- ``read_page`` sorts the lines: furniture (masthead, page header and footer,
  folios) and framed advertisements are dropped; body-size lines are stacked
  into column blocks, larger ones into display blocks, and each picture is
  joined with the small caption lines printed right under it;
- ``separated`` says whether a printed rule or a frame lies between two boxes,
  which is what keeps one story's columns from its neighbour's headline;
- ``assign`` hands each block to the nearest headline above it, ``orphans``
  gathers what no headline took, and ``reading_order`` lays an article's blocks
  out in column flow.

Boxes are in ``SCALE`` units of the page (x of its width, y of its height), so an
em across is ``Page.em_x(size)``, not ``size``: pages are taller than wide.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from .textlayer import SCALE, Box, Line, PageText, union

TEXT, DISPLAY, FIGURE = "text", "display", "figure"
DISPLAY_SIZE = 1.15  # a line set this many times the body size is display type
HEADLINE_SIZE = 1.3  # a display block this large heads a story
CAPTION_SIZE = 0.93  # a line this much smaller than body under a picture is its caption
EM_PER_SIZE = 1.0  # an em is about a line's glyph height (full-height CJK faces)
WIDE_RULE = 0.6 * SCALE  # a rule this wide cuts a band off the page
BAND = 0.3 * SCALE  # furniture lives in the top or bottom 30% at most, above/below a rule
EDGE = 0.06 * SCALE  # without rules, furniture lives this close to the top or bottom
FURNITURE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星期[一二三四五六日天]|第\s*[A-Za-z0-9０-９]+\s*版"
    r"|^[A-Za-z]?\d{1,3}\s*版|第\s*\d+\s*期|今日\s*\d+\s*版|责编|责任编辑|编辑[:：]|校对|美编|版式"
    r"|版权所有|^\s*[-—]?\s*[A-Za-z]?\d{1,3}\s*[-—]?\s*$|\b(VOL\.?|NO\.|NUMBER|PAGE)\s*\d"
    r"|\b(MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)\b",
    re.IGNORECASE,
)
AD_WORDS = re.compile(r"广告|廣告|热线|电话|咨询|订购|招商|加盟|优惠|官网|ADVERTISEMENT", re.I)


@dataclass(eq=False)
class Item:
    """A piece of the page: a column block, a display block, or a picture with its caption."""

    kind: str
    lines: list[Line]
    box: Box
    caption: list[Line] = field(default_factory=list)
    taken: bool = False

    @property
    def size(self) -> int:
        sizes = sorted(line.size for line in self.lines)
        return sizes[len(sizes) // 2] if sizes else 0

    @property
    def all_lines(self) -> list[Line]:
        return [*self.lines, *self.caption]


Block = Item


@dataclass
class Page:
    """A page cut into items, with the rules and frames that separate them."""

    text: PageText
    body: int
    lines: list[Line]
    items: list[Item]  # column blocks, small display blocks, pictures
    headlines: list[Item]  # display blocks large enough to head a story
    hrules: list[Box]
    vrules: list[Box]
    frames: list[Box]

    def em_x(self, size: int) -> float:
        """One em across, in x units, for a line of ``size`` (y units)."""
        if self.text.width and self.text.height:
            return size * EM_PER_SIZE * self.text.height / self.text.width
        return float(size * EM_PER_SIZE)


class Story(Protocol):
    """What ``assign`` needs of a story: its headline stack's box and its items."""

    items: list[Item]

    @property
    def stack_box(self) -> Box | None: ...


# --- reading the page ------------------------------------------------------------------------


def read_page(text: PageText) -> Page:
    """The page's content cut into items; furniture and framed advertisements dropped."""
    lines = [line for line in text.lines if _readable(line)]
    body = body_size(lines)
    hrules, vrules = _rules(text)
    frames = _frames(hrules, vrules)
    dropped = _furniture(lines, hrules) | _ads(lines, frames, body)
    lines = [line for line in lines if id(line) not in dropped]
    page = Page(text, body, lines, [], [], hrules, vrules, frames)
    figures = [f for f in text.figures if _real_figure(f, frames, lines, body)]
    _cut(page, figures)
    return page


def _readable(line: Line) -> bool:
    """A line worth reading: two letters or digits at least (scanners print specks)."""
    return sum(ch.isalnum() for ch in line.text) >= 2 and line.size > 0


def body_size(lines: list[Line]) -> int:
    """The size most of the page's characters are set in (its body type)."""
    weights: Counter[int] = Counter()
    for line in lines:
        weights[line.size] += len(line.text.strip())
    if not weights:
        return 0

    def near(size: int) -> int:
        return sum(w for other, w in weights.items() if abs(other - size) <= 0.03 * size)

    best = max(weights, key=near)
    close = {s: w for s, w in weights.items() if abs(s - best) <= 0.03 * best}
    return round(sum(s * w for s, w in close.items()) / sum(close.values()))


def _rules(text: PageText) -> tuple[list[Box], list[Box]]:
    """The printed rules, split into horizontal and vertical ones (compared in points)."""
    width, height = text.width or 1.0, text.height or 1.0
    horizontal, vertical = [], []
    for box in text.rules:
        across = (box[2] - box[0]) * width
        down = (box[3] - box[1]) * height
        (horizontal if across >= down else vertical).append(box)
    return horizontal, vertical


def _frames(hrules: list[Box], vrules: list[Box]) -> list[Box]:
    """Boxes drawn with four rules (a stroked rectangle gives its four sides)."""
    frames = []
    for top in hrules:
        for bottom in hrules:
            if bottom[1] - top[1] < 300 or not _same_span(top, bottom, 0, 2):
                continue
            box = (min(top[0], bottom[0]), top[1], max(top[2], bottom[2]), bottom[3])
            if _has_side(vrules, box[0], box) and _has_side(vrules, box[2], box):
                frames.append(box)
    return [f for f in frames if not any(_inside(g, f) and g != f for g in frames)]


def _same_span(a: Box, b: Box, lo: int, hi: int, tol: int = 60) -> bool:
    return abs(a[lo] - b[lo]) <= tol and abs(a[hi] - b[hi]) <= tol


def _has_side(vrules: list[Box], x: int, box: Box) -> bool:
    return any(abs(r[0] - x) <= 60 and _same_span(r, box, 1, 3) for r in vrules)


def _inside(inner: Box, outer: Box, tol: int = 30) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


# --- furniture and advertisements --------------------------------------------------------


def _furniture(lines: list[Line], hrules: list[Box]) -> set[int]:
    """Lines of the masthead, page header and footer: bands cut off by a wide rule, or the
    page's very edge, that carry a date, a 第X版, a 期次 or a folio."""
    wide = sorted((r for r in hrules if r[2] - r[0] >= WIDE_RULE), key=lambda r: r[1])
    dropped: set[int] = set()
    top = [r[1] for r in wide if r[3] <= BAND]
    bottom = [r[3] for r in reversed(wide) if r[1] >= SCALE - BAND]
    dropped |= _band(lines, top, above=True)
    dropped |= _band(lines, bottom, above=False)
    dropped |= _edge_rows(lines)
    return dropped


def _band(lines: list[Line], cuts: list[int], above: bool) -> set[int]:
    """Lines beyond the furthest cut whose band reads as furniture, band by band."""
    dropped: set[int] = set()
    for cut in cuts:
        band = [x for x in lines if (x.box[3] <= cut + 20 if above else x.box[1] >= cut - 20)]
        band = [x for x in band if id(x) not in dropped]
        if band and any(FURNITURE.search(x.text) for x in band):
            dropped |= {id(x) for x in band}
        elif band:
            break
    return dropped


def _edge_rows(lines: list[Line]) -> set[int]:
    """Without a rule: header and footer rows at the very edge that carry a furniture cue."""
    dropped: set[int] = set()
    for line in lines:
        if (line.box[3] <= EDGE or line.box[1] >= SCALE - EDGE) and FURNITURE.search(line.text):
            row = (x for x in lines if x.box[1] < line.box[3] and x.box[3] > line.box[1])
            dropped |= {id(x) for x in row if x.box[3] <= EDGE or x.box[1] >= SCALE - EDGE}
    return dropped


def _ads(lines: list[Line], frames: list[Box], body: int) -> set[int]:
    """Lines inside a frame that reads as an advertisement."""
    dropped: set[int] = set()
    for frame in frames:
        inside = [x for x in lines if _inside(x.box, frame)]
        if looks_like_ad(inside, body):
            dropped |= {id(x) for x in inside}
    return dropped


def looks_like_ad(lines: list[Line], body: int) -> bool:
    """Display text with little body text, or an ad's own words (广告, 热线, 电话...)."""
    if any(AD_WORDS.search(x.text) for x in lines):
        return True
    display = sum(len(x.text) for x in lines if x.size >= DISPLAY_SIZE * body)
    plain = sum(len(x.text) for x in lines if x.size < DISPLAY_SIZE * body)
    return display > 0 and plain < 3 * display


def _real_figure(figure: Box, frames: list[Box], lines: list[Line], body: int) -> bool:
    """A printed picture: not a scan under the whole page, not inside an advertisement."""
    area = (figure[2] - figure[0]) * (figure[3] - figure[1])
    if area > 0.6 * SCALE * SCALE or area < 0.0004 * SCALE * SCALE:
        return False
    for frame in frames:
        if _inside(figure, frame):
            return not looks_like_ad([x for x in lines if _inside(x.box, frame)], body)
    return True


# --- blocks ------------------------------------------------------------------------------


def _cut(page: Page, figures: list[Box]) -> None:
    """Fill ``page.items`` and ``page.headlines`` from its lines and pictures."""
    display = [x for x in page.lines if x.size >= DISPLAY_SIZE * page.body]
    plain = [x for x in page.lines if x.size < DISPLAY_SIZE * page.body]
    text_blocks = _stack(page, plain, TEXT)
    pictures = [_picture(page, f, text_blocks) for f in figures]
    text_blocks = [b for b in text_blocks if b.lines]
    display_blocks = _stack(page, display, DISPLAY)
    page.headlines = [b for b in display_blocks if b.size >= HEADLINE_SIZE * page.body]
    small_display = [b for b in display_blocks if b.size < HEADLINE_SIZE * page.body]
    page.items = [*text_blocks, *small_display, *pictures]


def _stack(page: Page, lines: list[Line], kind: str) -> list[Item]:
    """Lines stacked into blocks: one column's run of lines, or one multi-line headline."""
    blocks: list[Item] = []
    for line in sorted(lines, key=lambda x: (x.box[1], x.box[0])):
        fits = [b for b in blocks if _continues(page, b, line, kind)]
        if fits:
            block = min(fits, key=lambda b: line.box[1] - b.lines[-1].box[3])
            block.lines.append(line)
            block.box = union([block.box, line.box])
        else:
            blocks.append(Item(kind, [line], line.box))
    return blocks


def _continues(page: Page, block: Item, line: Line, kind: str) -> bool:
    """Whether ``line`` is the next line of ``block`` (same size, just below, same column)."""
    last = block.lines[-1]
    if not 0.85 <= line.size / max(last.size, 1) <= 1.18:
        return False
    height = last.box[3] - last.box[1]
    gap = line.box[1] - last.box[3]
    if not -0.3 * height <= gap <= (0.6 if kind == DISPLAY else 1.0) * height:
        return False
    if kind == DISPLAY:
        return _overlap(line.box, block.box, 0) > 0 and not separated(page, last.box, line.box)
    em = page.em_x(line.size)
    aligned = abs(line.box[0] - block.box[0]) <= 2.5 * em
    fits = line.box[2] <= block.box[2] + 0.6 * em or len(block.lines) == 1
    return aligned and fits and not separated(page, last.box, line.box)


def _picture(page: Page, figure: Box, blocks: list[Item]) -> Item:
    """A picture with the caption printed right under it (small lines; taken from blocks)."""
    item = Item(FIGURE, [], figure)
    for block in blocks:
        first = block.lines[0] if block.lines else None
        if first is None or first.size > CAPTION_SIZE * page.body:
            continue
        gap = first.box[1] - figure[3]
        if -50 <= gap <= 2 * page.body and _overlap(first.box, figure, 0) > 0.5 * _width(first.box):
            item.caption, block.lines = block.lines, []
            item.box = union([figure, *(x.box for x in item.caption)])
            break
    return item


# --- separation --------------------------------------------------------------------------


def separated(page: Page, upper: Box, lower: Box) -> bool:
    """Whether a printed rule or a frame's edge lies between ``upper`` and ``lower``."""
    for rule in page.hrules:
        middle = (rule[1] + rule[3]) / 2
        if upper[3] - 30 <= middle <= lower[1] + 30:
            if _overlap(rule, lower, 0) >= 0.5 * _width(lower):
                if _overlap(rule, upper, 0) > 0 or _overlap(rule, lower, 0) > 0:
                    return True
    for rule in page.vrules:
        if _between_x(rule, upper, lower) and _overlap(rule, lower, 1) > 0.3 * _height(lower):
            return True
    return any(_inside(upper, f) != _inside(lower, f) for f in page.frames)


def _between_x(rule: Box, a: Box, b: Box) -> bool:
    """Whether a vertical rule stands between a's middle and b (on either side)."""
    x = (rule[0] + rule[2]) / 2
    middle = (a[0] + a[2]) / 2
    return middle < x <= b[0] + 30 or b[2] - 30 <= x < middle


def _overlap(a: Box, b: Box, axis: int) -> int:
    """How far two boxes overlap along x (axis 0) or y (axis 1)."""
    return max(0, min(a[axis + 2], b[axis + 2]) - max(a[axis], b[axis]))


def _width(box: Box) -> int:
    return max(box[2] - box[0], 1)


def _height(box: Box) -> int:
    return max(box[3] - box[1], 1)


# --- headline stacks, assignment, orphans --------------------------------------------------


def stacked(page: Page, block: Item, above: bool) -> Item | None:
    """The kicker (above) or subheadline/byline (below) block set right against ``block``."""
    candidates = [
        c
        for c in [*page.items, *page.headlines]
        if not c.taken and c.kind != FIGURE and c is not block and _against(page, block, c, above)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda c: _gap(block.box, c.box, above))


def _gap(block: Box, other: Box, above: bool) -> int:
    return block[1] - other[3] if above else other[1] - block[3]


def _against(page: Page, block: Item, other: Item, above: bool) -> bool:
    """Whether ``other`` is one short line or display block right above or below ``block``."""
    gap = _gap(block.box, other.box, above)
    if not -30 <= gap <= max(block.size, other.size):
        return False
    if _overlap(block.box, other.box, 0) < 0.6 * min(_width(block.box), _width(other.box)):
        return False
    if other.kind == DISPLAY:
        return other.size < block.size and len(other.lines) <= 3
    return len(other.lines) <= 2 and _set_apart(page, block, other)


def _set_apart(page: Page, block: Item, other: Item) -> bool:
    """A plain line belongs to the stack when centred under it or set off the body size."""
    if abs(other.size - page.body) > 0.08 * page.body:
        return True
    middle = (other.box[0] + other.box[2]) / 2
    centre = (block.box[0] + block.box[2]) / 2
    return abs(middle - centre) < 0.05 * _width(block.box) and other.box[0] > block.box[0] + 30


def assign(page: Page, stories: list[Story], items: list[Item]) -> None:
    """Give each item to the nearest story above it that it overlaps and no rule cuts off;
    then columns standing beside a story's columns (a headline narrower than its columns)."""
    spans = {id(s): s.stack_box for s in stories}
    for _ in range(2):  # the second pass sees each story's span widened by its items
        for item in items:
            story = None if item.taken else _nearest_above(page, stories, spans, item)
            if story is not None:
                _give(story, item)
        for story in stories:
            boxes = [b for b in [story.stack_box, *(i.box for i in story.items)] if b]
            if boxes:
                spans[id(story)] = union(boxes)
    while any(_beside_story(page, stories, item) for item in items if not item.taken):
        pass


def _give(story: Story, item: Item) -> None:
    story.items.append(item)
    item.taken = True


def _beside_story(page: Page, stories: list[Story], item: Item) -> bool:
    """Give ``item`` to the story one of whose columns stands right beside it, if any."""
    for story in stories:
        stack = story.stack_box
        if stack is None or stack[3] > item.box[1] + 0.5 * _height(item.box):
            continue
        if any(_side_by_side(page, other, item) for other in story.items):
            _give(story, item)
            return True
    return False


def _side_by_side(page: Page, a: Item, b: Item) -> bool:
    """Two items in neighbouring columns of one row: a gutter apart, no rule between."""
    gutter = max(b.box[0] - a.box[2], a.box[0] - b.box[2])
    if not -30 <= gutter <= 1.5 * page.em_x(page.body):
        return False
    if _overlap(a.box, b.box, 1) < 0.3 * min(_height(a.box), _height(b.box)):
        return False
    left, right = (a.box, b.box) if a.box[0] <= b.box[0] else (b.box, a.box)
    return not any(
        left[2] - 30 <= (r[0] + r[2]) / 2 <= right[0] + 30 and _overlap(r, b.box, 1) > 0
        for r in page.vrules
    )


def _nearest_above(page: Page, stories: list[Story], spans: dict, item: Item) -> Story | None:
    best, best_bottom = None, -1
    for story in stories:
        stack, span = story.stack_box, spans[id(story)]
        if stack is None or stack[3] > item.box[1] + 0.5 * _height(item.box):
            continue
        if _overlap(span, item.box, 0) <= 0 or stack[3] <= best_bottom:
            continue
        if not separated(page, stack, item.box):
            best, best_bottom = story, stack[3]
    return best


def orphans(page: Page, stories: Iterable[Story]) -> list[list[Item]]:
    """What no headline took, gathered into groups of neighbouring items (headline-less
    stories such as brief boxes), cut apart by rules and frames."""
    del stories
    left = [i for i in page.items if not i.taken and (i.lines or i.kind == FIGURE)]
    groups: list[list[Item]] = []
    for item in sorted(left, key=lambda i: (i.box[1], i.box[0])):
        near = [g for g in groups if any(_neighbours(page, other, item) for other in g)]
        merged = [item] + [i for g in near for i in g]
        groups = [g for g in groups if g not in near] + [merged]
    for group in groups:
        for item in group:
            item.taken = True
    return groups


def _neighbours(page: Page, a: Item, b: Item) -> bool:
    """Two items close side by side or one above the other, with nothing printed between."""
    reach = 2.5 * page.body
    across = max(b.box[0] - a.box[2], a.box[0] - b.box[2])
    down = max(b.box[1] - a.box[3], a.box[1] - b.box[3])
    if across > 2 * page.em_x(page.body) or down > reach:
        return False
    upper, lower = (a, b) if a.box[1] <= b.box[1] else (b, a)
    return not separated(page, upper.box, lower.box)


# --- reading order -----------------------------------------------------------------------


def reading_order(items: list[Item]) -> list[Item]:
    """Items in column flow: columns left to right, each top to bottom; where something
    spans the columns (a wide picture), the rows above and below it in turn."""
    if len(items) <= 1:
        return list(items)
    for axis in (0, 1):
        groups = _split(items, axis)
        if len(groups) > 1:
            return [i for g in groups for i in reading_order(g)]
    return sorted(items, key=lambda i: (i.box[1], i.box[0]))


def _split(items: list[Item], axis: int) -> list[list[Item]]:
    """Items cut into runs along x (axis 0) or y (axis 1) where a gap crosses them all."""
    ordered = sorted(items, key=lambda i: i.box[axis])
    groups: list[list[Item]] = [[ordered[0]]]
    end = ordered[0].box[axis + 2]
    for item in ordered[1:]:
        if item.box[axis] >= end - 20:
            groups.append([])
        groups[-1].append(item)
        end = max(end, item.box[axis + 2])
    return groups
