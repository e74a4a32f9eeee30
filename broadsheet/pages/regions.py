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
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from .textlayer import SCALE, Box, Line, PageText, union

TEXT, DISPLAY, FIGURE = "text", "display", "figure"
DISPLAY_SIZE = 1.05  # a line set this many times the body size is display type
HEADLINE_SIZE = 1.3  # a display block this large heads a story
CAPTION_SIZE = 0.93  # a line this much smaller than body under a picture is its caption
EM_PER_SIZE = 1.0  # an em is about a line's glyph height (full-height CJK faces)
WIDE_RULE = 0.6 * SCALE  # a rule this wide cuts a band off the page
TOP_BAND = 0.25 * SCALE  # a masthead or page header lives above a rule this high at most
BOTTOM_BAND = 0.1 * SCALE  # a page footer below a rule this low at least
EDGE = 0.06 * SCALE  # without rules, furniture lives this close to the top or bottom
FURNITURE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星期[一二三四五六日天]|第\s*[A-Za-z0-9０-９]+\s*版"
    r"|^[A-Za-z]?\d{1,3}\s*版|第\s*\d+\s*期|今日\s*\d+\s*版|责编|责任编辑|编辑[:：]|校对|美编|版式"
    r"|版权所有|^\s*[-—]?\s*[A-Za-z]?\d{1,3}\s*[-—]?\s*$|\b(VOL\.?|NO\.|NUMBER|PAGE)\s*\d"
    r"|\b(MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)\b",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^[（(]?\s*(\S{0,4}(记者|通讯员|实习生)|本报讯|文\s*[／/]|图\s*[／/]|撰文|摄影)\s*\S.{0,30}$"
    r"|^By\s+[A-Z][\w.'-]*(\s+[\w.'-]+){0,5}$"
)
JUMP = re.compile(r"[上下]接|[下上]转|转第|接第")
AD_WORDS = re.compile(r"广告|廣告|热线|电话|咨询|订购|招商|加盟|优惠|官网|ADVERTISEMENT", re.I)


@dataclass(eq=False)
class Item:
    """A piece of the page: a column block, a display block, or a picture with its caption."""

    kind: str
    lines: list[Line]
    box: Box
    caption: list[Line] = field(default_factory=list)
    taken: bool = False

    @cached_property
    def size(self) -> int:
        """The block's type size (its lines' median); read once the block is complete."""
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
    """A line with something printed on it (a lone "）" may end a headline)."""
    return bool(line.text.strip()) and line.size > 0


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
    horizontal: list[Box] = []
    vertical: list[Box] = []
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
    """Lines of the masthead, page header and footer: thin bands cut off by a wide rule, or
    the page's very edge, that carry a date, a 第X版, a 期次 or a folio."""
    wide = sorted((r for r in hrules if r[2] - r[0] >= WIDE_RULE), key=lambda r: r[1])
    top = [r[1] for r in wide if r[3] <= TOP_BAND]
    bottom = [r[3] for r in reversed(wide) if r[1] >= SCALE - BOTTOM_BAND]
    header = _band(lines, top, True)
    dropped = header | _band(lines, bottom, False) | _edge_rows(lines)
    if header:  # a page with a ruled masthead or header has no other
        return dropped
    return dropped | _masthead(lines)


def _masthead(lines: list[Line]) -> set[int]:
    """Without a rule under it: the paper's name in the largest type on the page, near the
    top and far larger than any headline, with a date or 期次 beside or just under it."""
    top = [x for x in lines if x.box[3] <= TOP_BAND]
    if not top:
        return set()
    name = max(top, key=lambda x: x.size)
    others = [x.size for x in lines if x.box[1] > name.box[3]]
    if others and name.size < max(1.6 * max(others), 3 * body_size(lines)):
        return set()
    row = [x for x in top if x.box[1] < name.box[3] + name.size // 2]
    cues = [x for x in row if _dateline(x)]
    if not cues:
        return set()
    bottom = max(x.box[3] for x in [name, *cues])
    return {id(x) for x in lines if x.box[3] <= bottom + 20}


def _band(lines: list[Line], cuts: list[int], above: bool) -> set[int]:
    """Lines beyond each cut, nearest the edge first, while the band reads as furniture:
    a furniture cue and not much text (a story's own 下转第2版 must not take it)."""
    dropped: set[int] = set()
    for cut in cuts:
        band = [x for x in lines if (x.box[3] <= cut + 20 if above else x.box[1] >= cut - 20)]
        band = [x for x in band if id(x) not in dropped]
        if not band:
            continue
        if sum(len(x.text) for x in band) > 200 or not any(FURNITURE.search(x.text) for x in band):
            break
        dropped |= {id(x) for x in band}
    return dropped


def _dateline(line: Line) -> bool:
    """A masthead's date, 期次 or volume line (a folio-like speck of a scan is not one)."""
    letters = sum(ch.isalnum() for ch in line.text)
    return letters >= 4 and bool(FURNITURE.search(line.text)) and not JUMP.search(line.text)


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
    display = _display_lines(page)
    plain = [x for x in page.lines if id(x) not in {id(d) for d in display}]
    text_blocks = _mend(page, _stack(page, plain, TEXT))
    pictures = [_picture(page, f, text_blocks) for f in figures]
    text_blocks = [b for b in text_blocks if b.lines]
    _snap_to_columns(page, text_blocks)
    display_blocks = _stack(page, display, DISPLAY)
    display_blocks = [b for b in display_blocks if _legible(b)]
    page.headlines = [b for b in display_blocks if b.size >= HEADLINE_SIZE * page.body]
    small_display = [b for b in display_blocks if b.size < HEADLINE_SIZE * page.body]
    page.items = [*text_blocks, *small_display, *pictures]


def _display_lines(page: Page) -> list[Line]:
    """Lines set larger than the body, and the lines right under them set as large (the
    last line of a small headline may measure a little smaller: "际导弹" under "...非洲")."""
    display = [x for x in page.lines if x.size >= DISPLAY_SIZE * page.body]
    lower = [x for x in page.lines if page.body * 1.02 < x.size < DISPLAY_SIZE * page.body]
    for line in sorted(lower, key=lambda x: x.box[1]):
        if any(_continues_display(above, line) for above in display):
            display.append(line)
    return display


def _continues_display(above: Line, line: Line) -> bool:
    gap = line.box[1] - above.box[3]
    height = above.box[3] - above.box[1]
    return (
        -0.3 * height <= gap <= 0.6 * height
        and 0.94 <= line.size / max(above.size, 1) <= 1.06
        and abs(line.box[0] - above.box[0]) < height
    )


def _mend(page: Page, blocks: list[Item]) -> list[Item]:
    """Put back together a line the PDF broke at a wide space ("新华社北京2月4日电　　题："):
    a one-line block beside a line of another block, on its row, the two together still
    within one of the page's columns."""
    columns = _columns(blocks)
    for piece in [b for b in blocks if len(b.lines) == 1]:
        line = piece.lines[0]
        for block in blocks:
            host = None if block is piece else _row_mate(page, block, line, columns)
            if host is not None:
                block.lines[block.lines.index(host)] = _joined(host, line)
                block.box = union([block.box, line.box])
                piece.lines = []
                break
    return [b for b in blocks if b.lines]


def _columns(blocks: list[Item]) -> Counter[tuple[int, int]]:
    """The page's columns: the left and right edges of blocks of three lines or more."""
    columns: Counter[tuple[int, int]] = Counter()
    for block in blocks:
        if len(block.lines) >= 3:
            columns[(block.box[0], block.box[2])] += len(block.lines)
    return columns


def _row_mate(page: Page, block: Item, line: Line, columns: Counter) -> Line | None:
    """The line of ``block`` that ``line`` continues on the same row, if any."""
    if len(block.lines) < 2 or not any(
        abs(block.box[0] - left) <= 30 and line.box[2] <= right + 30 for left, right in columns
    ):
        return None
    for host in block.lines:
        same_row = _overlap(host.box, line.box, 1) >= 0.6 * _height(line.box)
        gap = line.box[0] - host.box[2]
        if same_row and 0 <= gap <= 3 * page.em_x(line.size):
            return host
    return None


def _joined(host: Line, piece: Line) -> Line:
    """One line of two pieces on a row (a space where the gap was)."""
    edges = [*host.edges[:-1], host.box[2], *piece.edges]
    box = union([host.box, piece.box])
    return Line(host.text + " " + piece.text, box, edges, host.size, host.weight, False, host.conf)


def _snap_to_columns(page: Page, blocks: list[Item]) -> None:
    """Widen short blocks (a one-line item, a paragraph's last line) to the column they
    stand in: the most used run of full lines starting at their left edge."""
    columns = _columns(blocks)
    for block in (b for b in blocks if len(b.lines) < 3):
        em = page.em_x(block.size)
        x0, y0, x1, y1 = block.box
        fits = [c for c in columns if x0 - 2.5 * em <= c[0] <= x0 + 0.3 * em and c[1] >= x1 - 30]
        if fits:
            left, right = max(fits, key=lambda c: columns[c])
            wide = (min(x0, left), y0, max(x1, right), y1)
            if not any(
                _overlap(wide, b.box, 0) and _overlap(wide, b.box, 1)
                for b in blocks
                if b is not block
            ):
                block.box = wide


def _legible(block: Item) -> bool:
    """Display type worth reading: two letters at least (a scan's specks read as big type)."""
    return sum(ch.isalnum() for line in block.lines for ch in line.text) >= 2


def _stack(page: Page, lines: list[Line], kind: str) -> list[Item]:
    """Lines stacked into blocks: one column's run of lines, or one multi-line headline."""
    blocks: list[Item] = []
    open_blocks: list[Item] = []  # blocks whose last line is near enough to go on
    for line in sorted(lines, key=lambda x: (x.box[1], x.box[0])):
        reach = line.box[1] - 2 * (line.box[3] - line.box[1])
        open_blocks = [b for b in open_blocks if b.lines[-1].box[3] >= reach]
        fits = [b for b in open_blocks if _continues(page, b, line, kind)]
        if fits:
            block = min(fits, key=lambda b: line.box[1] - b.lines[-1].box[3])
            block.lines.append(line)
            block.box = union([block.box, line.box])
        else:
            block = Item(kind, [line], line.box)
            blocks.append(block)
            open_blocks.append(block)
    return blocks


def _continues(page: Page, block: Item, line: Line, kind: str) -> bool:
    """Whether ``line`` is the next line of ``block`` (same size, just below, same column)."""
    last = block.lines[-1]
    low, high = (0.85, 1.18) if kind == DISPLAY else (0.94, 1.065)  # a caption is not body
    if not low <= line.size / max(last.size, 1) <= high:
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
    if len(other.lines) == 1 and BYLINE.match(other.lines[0].text.strip()):
        return True
    return len(other.lines) <= 2 and _set_apart(page, block, other)


def _set_apart(page: Page, block: Item, other: Item) -> bool:
    """A plain line belongs to the stack when centred under it or set off the body size."""
    if abs(other.size - page.body) > 0.08 * page.body:
        return True
    middle = (other.box[0] + other.box[2]) / 2
    centre = (block.box[0] + block.box[2]) / 2
    return abs(middle - centre) < 0.05 * _width(block.box) and other.box[0] > block.box[0] + 30


def head_box(page: Page, stack: Box, items: list[Item]) -> Box:
    """The headline stack's box across the columns of its story and down to the body, as
    an editor would draw it (the stack alone may be a centred line over four columns)."""
    below = [i.box for i in items if i.box[1] >= stack[3] - 30]
    if not below:
        return stack
    x0 = min(stack[0], *(b[0] for b in below))
    x1 = max(stack[2], *(b[2] for b in below))
    top = min(b[1] for b in below)
    y1 = top if top - stack[3] <= 3 * page.body else stack[3]
    return (x0, stack[1], x1, y1)


def heads_a_story(page: Page, block: Item) -> bool:
    """Whether a small display block heads a story (a short item's headline) rather than
    subheads the column it stands in: no body text right above it in its column."""
    for item in page.items:
        if item.kind != TEXT or not item.lines:
            continue
        gap = block.box[1] - item.box[3]
        if not -30 <= gap <= 1.2 * page.body:
            continue
        if _overlap(item.box, block.box, 0) >= 0.5 * _width(block.box):
            if not separated(page, item.box, block.box):
                return False
    return True


def assign(page: Page, stories: Sequence[Story], items: list[Item]) -> None:
    """Give each item to the nearest story above it that it overlaps and no rule cuts off,
    or to the story whose column stands right beside it (a headline narrower than its
    columns); each item taken widens its story's span, which may reach more items."""
    spans = {id(s): s.stack_box for s in stories}
    while _assign_under(page, stories, spans, items) or _assign_beside(page, stories, spans, items):
        pass


def _assign_under(page: Page, stories: Sequence[Story], spans: dict, items: list[Item]) -> bool:
    changed = False
    for item in items:
        story = None if item.taken else _nearest_above(page, stories, spans, item)
        if story is not None:
            _give(story, item)
            spans[id(story)] = union([spans[id(story)], item.box])
            changed = True
    return changed


def _assign_beside(page: Page, stories: Sequence[Story], spans: dict, items: list[Item]) -> bool:
    changed = False
    for item in items:
        story = None if item.taken else _story_beside(page, stories, item)
        if story is not None:
            _give(story, item)
            spans[id(story)] = union([spans[id(story)], item.box])
            changed = True
    return changed


def _give(story: Story, item: Item) -> None:
    story.items.append(item)
    item.taken = True


def _story_beside(page: Page, stories: Sequence[Story], item: Item) -> Story | None:
    """The story one of whose columns stands right beside ``item``, if any."""
    for story in stories:
        stack = story.stack_box
        if stack is None or stack[3] > item.box[1] + 0.5 * _height(item.box):
            continue
        if any(_side_by_side(page, other, item) for other in story.items):
            return story
    return None


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


def _nearest_above(page: Page, stories: Sequence[Story], spans: dict, item: Item) -> Story | None:
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


def orphans(page: Page) -> list[list[Item]]:
    """What no headline took, gathered into groups of neighbouring items (headline-less
    stories such as brief boxes), cut apart by rules and frames."""
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
