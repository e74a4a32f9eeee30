"""Place articles on their printed page: from each article's text to its hotspot.

A publisher hands over each article's text but not where it sits. The page's own
text layer (``PageText``) says where every printed line is, so an article is found
by matching its text against the lines, line by line and by content alone:

1. Text is normalised (NFKC, lower case, letters and digits only), so full and half
   width, quotes, punctuation, spaces and line breaks never matter.
2. Each line is cut into character n-grams; a line belongs to the article holding
   most of its n-grams (``MIN_SHARE``). Matching lines one by one needs no reading
   order, which layout programs scramble, and finds a headline split over lines as
   well as a story cut at the page's end (it is then marked ``continues``).
   Very short lines (a paragraph's last few characters) and jump lines
   (下转第X版 / 上接第X版) go to the article printed directly above or below them.
3. The article's lines are grouped into blocks (a column's run of lines, a headline,
   a caption); its pictures are the figures touching its blocks or captions.
4. Blocks are joined where nothing else lies between them (the gutter between two
   of its columns, the space under its headline), and the head is widened over the
   columns it stands on. The union is returned as rectilinear polygons: never one
   rectangle spanning a neighbour.

Coordinates are worked in points (the page's own units) and returned in 0..1 of
the page, like every hotspot.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .textlayer import SCALE, PageText

GRAM = 4  # characters per n-gram in Chinese, Japanese and Korean text
LATIN_GRAM = 8  # in alphabetic text, whose letters say less each
TIE = 0.05  # shares closer than this are a tie, settled by where the article's other lines are
LOW_SHARE = 0.34  # a line matching this share or more goes to the article of its neighbours
MIN_SHARE = 0.5  # share of a line's n-grams that must be an article's for the line to be its
STRONG = 3  # a line with fewer n-grams than this is placed by its neighbours, not alone
COVERED = 0.9  # an article with less of its text on the page continues elsewhere
REACH = 4.0  # blocks of one article this many line heights apart or nearer are joined
MIN_SCORE = 0.05  # below this share of its text found, an article is not placed
STRAY_SHARE = 0.1  # a piece with less than this share of the article's largest piece's text ...
STRAY_CHARS = 30  # ... and fewer characters than this is a stray match, left out
SEED = 3  # a free line this long that is wholly an article's text can start a short article
ROWS = 100  # bands the page is cut into to find lines near a place quickly
MEASURE_LINES = 4  # lines starting and ending alike that make a column's measure
JUMP_LINE = re.compile(r"[（(]?\s*(下转|上接|转|接)\s*第?\s*\S{1,4}\s*版\s*[）)]?")
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, y down


@dataclass
class ArticleText:
    """What a publisher gave for one article."""

    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)  # paragraph and subheading texts in order
    captions: list[str] = field(default_factory=list)  # captions of its pictures


@dataclass
class Placement:
    polygons: list[list[list[float]]]  # [] when not placed
    score: float  # share of the article's text found on the page, 0..1
    continues: bool = False  # the text stops at the page's end / a jump line (cut)


def place_articles(text: PageText, articles: list[ArticleText]) -> list[Placement]:
    """Where each of ``articles`` sits on the page ``text``: one ``Placement`` each, in order."""
    page = _Page.of(text)
    wanted = [_Wanted.of(article, page.gram) for article in articles]
    owners = _assign(page, wanted)
    found = [_Found.of(page, owners, a, w) for a, w in enumerate(wanted)]
    pictures = _picture_owners(page, found)
    return [f.placement(page, pictures.get(a, [])) for a, f in enumerate(found)]


# ---- normalised text -----------------------------------------------------------------------


def normalise(text: str) -> str:
    """The text reduced to what survives any typesetting: NFKC letters and digits, lower case."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())


def grams(norm: str, size: int = GRAM) -> set[str]:
    return {norm[i : i + size] for i in range(len(norm) - size + 1)}


def gram_size(text: str) -> int:
    """The n-gram length for a page: short for ideographs, longer for alphabets."""
    sample = [c for c in text[:20000] if c.isalpha()]
    ideographs = sum(1 for c in sample if unicodedata.east_asian_width(c) in "WF")
    return GRAM if ideographs * 2 >= len(sample) else LATIN_GRAM


@dataclass
class _Wanted:
    """An article's text prepared for matching: its fields normalised, their n-grams."""

    text: str  # the normalised fields joined by "|" (never inside a line)
    grams: set[str]
    length: int  # normalised characters

    @classmethod
    def of(cls, article: ArticleText, size: int = GRAM) -> _Wanted:
        fields = [article.kicker, article.headline, article.subheadline, article.byline]
        norms = [normalise(f) for f in [*fields, *article.paragraphs, *article.captions]]
        norms = [n for n in norms if n]
        found = set().union(*(grams(n, size) for n in norms)) if norms else set()
        return cls("|".join(norms), found, sum(len(n) for n in norms))


# ---- the page's lines ----------------------------------------------------------------------


@dataclass
class _Line:
    index: int
    text: str
    norm: str
    grams: set[str]
    box: Rect

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def strong(self) -> bool:
        return len(self.grams) >= STRONG


@dataclass
class _Page:
    lines: list[_Line]
    figures: list[Rect]
    width: float
    height: float
    index: dict[str, list[int]]  # n-gram -> lines holding it
    measures: list[tuple[float, float, float]]  # x0, x1, line height of the page's columns
    gram: int = GRAM  # n-gram length for this page's script
    rows: dict[int, list[int]] = field(default_factory=dict)  # band of the page -> lines in it
    step: float = 1.0  # height of a band

    def __post_init__(self) -> None:
        self.step = self.height / ROWS
        self.rows = defaultdict(list)
        for line in self.lines:
            for row in self._rows(line.box[1], line.box[3]):
                self.rows[row].append(line.index)

    def _rows(self, top: float, bottom: float) -> range:
        return range(int(top // self.step), int(bottom // self.step) + 1)

    def near(self, rect: Rect) -> set[int]:
        """The lines lying in the same bands of the page as ``rect`` (a superset of those in it)."""
        return {i for row in self._rows(rect[1], rect[3]) for i in self.rows.get(row, ())}

    @classmethod
    def of(cls, text: PageText) -> _Page:
        width, height = text.width or SCALE, text.height or SCALE
        size = gram_size(text.text)
        lines = [_line(i, x.text, x.box, (width, height), size) for i, x in enumerate(text.lines)]
        figures = [_points(box, width, height) for box in text.figures]
        index: dict[str, list[int]] = defaultdict(list)
        for line in lines:
            for gram in line.grams:
                index[gram].append(line.index)
        return cls(lines, figures, width, height, index, _measures(lines), size)

    def relative(self, rect: Rect) -> Rect:
        x0, y0, x1, y1 = rect
        return (x0 / self.width, y0 / self.height, x1 / self.width, y1 / self.height)


def _line(index: int, text: str, box, size: tuple[float, float], gram: int) -> _Line:
    norm = normalise(text)
    return _Line(index, text, norm, grams(norm, gram), _points(box, *size))


def _points(box, width: float, height: float) -> Rect:
    x0, y0, x1, y1 = box
    return (x0 * width / SCALE, y0 * height / SCALE, x1 * width / SCALE, y1 * height / SCALE)


def _measures(lines: list[_Line]) -> list[tuple[float, float, float]]:
    """The column measures of the page: where many lines start and end alike (full lines)."""
    counts: dict[tuple[int, int], list[_Line]] = defaultdict(list)
    for line in lines:
        counts[(round(line.box[0] / 2), round(line.box[2] / 2))].append(line)
    return [
        (group[0].box[0], max(g.box[2] for g in group), _median([g.height for g in group]))
        for group in counts.values()
        if len(group) >= MEASURE_LINES
    ]


# ---- which line is whose -------------------------------------------------------------------


def _shares(page: _Page, wanted: _Wanted) -> dict[int, float]:
    """For each strong line sharing n-grams with the article: the share of its n-grams it holds."""
    votes: dict[int, int] = defaultdict(int)
    for gram in wanted.grams:
        for i in page.index.get(gram, ()):
            votes[i] += 1
    return {i: n / len(page.lines[i].grams) for i, n in votes.items() if page.lines[i].strong}


def _assign(page: _Page, wanted: list[_Wanted]) -> dict[int, int]:
    """Each line's article (line index -> article index): its best match, at most one each.

    A line two articles hold alike (a dateline such as "新华社北京1月5日电") goes to the
    one whose other lines lie nearest.
    """
    ranked: dict[int, list[tuple[float, int]]] = defaultdict(list)
    partial: dict[int, dict[int, float]] = defaultdict(dict)
    for a, article in enumerate(wanted):
        for i, share in _shares(page, article).items():
            if share >= MIN_SHARE:
                ranked[i].append((share, a))
            elif share >= LOW_SHARE:
                partial[i][a] = share
    owners, tied = {}, {}
    for i, found in ranked.items():
        found.sort(reverse=True)
        rivals = [a for share, a in found if share > found[0][0] - TIE]
        if len(rivals) == 1:
            owners[i] = rivals[0]
        else:
            tied[i] = rivals
    _settle_ties(page, tied, owners)
    _seed_short(page, wanted, owners)
    _attach_weak(page, wanted, owners, partial)
    return owners


def _seed_short(page: _Page, wanted: list[_Wanted], owners: dict[int, int]) -> None:
    """An article too short to hold a strong line (a four-character headline and a name)
    gets the longest free line that is wholly its text, from which its neighbours follow."""
    held = set(owners.values())
    for a, article in enumerate(wanted):
        if a in held or not article.length:
            continue
        free = [x for x in page.lines if x.index not in owners and len(x.norm) >= SEED]
        found = [x for x in free if x.norm in article.text]
        if found:
            owners[max(found, key=lambda x: len(x.norm)).index] = a


def _settle_ties(page: _Page, tied: dict[int, list[int]], owners: dict[int, int]) -> None:
    held: dict[int, list[Rect]] = defaultdict(list)
    for i, a in owners.items():
        held[a].append(page.lines[i].box)
    for i, rivals in tied.items():
        box = page.lines[i].box
        owners[i] = min(
            rivals, key=lambda a: min((_distance(box, b) for b in held[a]), default=1e9)
        )


def _distance(a: Rect, b: Rect) -> float:
    return max(_gap_x(a, b), _gap_y(a, b), 0.0)


def _attach_weak(page: _Page, wanted: list[_Wanted], owners: dict[int, int], partial) -> None:
    """Short lines, jump lines and lines that match only in part (a misprint, a change after
    the text was handed over) go to the article of the line just above or below them, if
    they fit it; again while that places more (a two-line tail under a short headline)."""
    columns = _neighbours(page, set(partial))
    placed = True
    while placed:
        placed = False
        for index, near in columns.items():
            if index in owners or not page.lines[index].text.strip():
                continue
            owner = next((owners[o] for o in near if o in owners), None)
            line = page.lines[index]
            if owner is not None and _fits(line, wanted[owner], partial[index].get(owner, 0)):
                owners[index] = owner
                placed = True


def _fits(line: _Line, article: _Wanted, share: float) -> bool:
    if _jump(line) or share >= LOW_SHARE:
        return True
    return not line.strong and line.norm in article.text


def _neighbours(page: _Page, partial: set[int]) -> dict[int, list[int]]:
    """For each line placed by its neighbours: the lines directly above and below it in its
    column, nearest first."""
    out: dict[int, list[int]] = {}
    for line in page.lines:
        if line.strong and not _jump(line) and line.index not in partial:
            continue
        x0, y0, x1, y1 = line.box
        band = page.near((x0, y0 - 3 * line.height, x1, y1 + 3 * line.height))
        near = [(_nearness(line, page.lines[i]), i) for i in band if i != line.index]
        out[line.index] = [i for d, i in sorted(x for x in near if x[0] is not None)]
    return out


def _nearness(line: _Line, other: _Line) -> float | None:
    """How near ``other`` lies above or below ``line`` in its column; None if it does not.

    A short line under an indented one (a paragraph's tail) may not overlap it at all: a
    line within an indent of it counts too, as if a line height farther.
    """
    h = max(line.height, other.height)
    gap = _gap_y(line.box, other.box)
    if not -0.3 * h < gap < 2 * h:
        return None
    if _gap_x(line.box, other.box) < 0:
        return gap
    return gap + h if _gap_x(line.box, other.box) < 1.5 * line.height else None


def _stacked(line: _Line, other: _Line) -> bool:
    """Whether ``other`` lies directly above or below ``line`` (within two line heights)."""
    overlap = min(line.box[2], other.box[2]) - max(line.box[0], other.box[0])
    return overlap > 0 and _gap_y(line.box, other.box) < 2 * max(line.height, other.height)


# ---- the article's place -------------------------------------------------------------------


@dataclass
class _Found:
    """One article's lines on the page and the blocks they make."""

    lines: list[_Line]
    blocks: list[Rect]
    foreign: _Others  # every other line with text: never inside this article's area
    score: float
    reach: float  # blocks this near are joined (a few line heights)

    @classmethod
    def of(cls, page: _Page, owners: dict[int, int], a: int, wanted: _Wanted) -> _Found:
        mine = [page.lines[i] for i, owner in owners.items() if owner == a]
        mine = [line for line in mine if not _sandwiched(page, owners, a, line)]
        found = sum(len(line.norm) for line in mine if not _jump(line))
        score = min(1.0, found / wanted.length) if wanted.length else 0.0
        if score < MIN_SCORE:
            return cls([], [], _Others(page, set()), round(score, 3), 0.0)
        foreign = _Others(page, {line.index for line in mine})
        blocks = [_to_measure(b, page.measures, foreign) for b in _blocks(mine)]
        reach = REACH * _median([line.height for line in mine])
        return cls(mine, blocks, foreign, round(score, 3), reach)

    def placement(self, page: _Page, pictures: list[Rect]) -> Placement:
        if not self.lines:
            return Placement([], self.score, False)
        self.foreign.figures = [f for f in page.figures if f not in pictures]
        rects = _widen_heads(self.blocks + pictures, self.foreign, self.reach)
        rects += _bridges(rects, self.foreign, self.reach)
        rects = _main_parts(rects, self.lines)
        loops = _outline([page.relative(r) for r in rects])
        jumps = any(re.search("下转|转第", line.text) for line in self.lines if _jump(line))
        polygons = [[[round(x, 5), round(y, 5)] for x, y in loop] for loop in loops]
        return Placement(polygons, self.score, jumps or self.score < COVERED)


def _sandwiched(page: _Page, owners: dict[int, int], a: int, line: _Line) -> bool:
    """Whether another article's lines lie right above and right below ``line`` in its
    column: then it is that article's text which ours happens to share (a dateline)."""
    x0, y0, x1, y1 = line.box
    h = line.height
    near = [page.lines[i] for i in page.near((x0, y0 - 2 * h, x1, y1 + 2 * h))]
    others = [o for o in near if owners.get(o.index) != a and o.norm and _alike(line, o)]
    return any(o.box[1] < y0 for o in others) and any(o.box[1] > y0 for o in others)


def _alike(line: _Line, other: _Line) -> bool:
    """Whether ``other`` is set right above or below ``line``, in the same type size."""
    return _stacked(line, other) and abs(line.height - other.height) < 0.2 * line.height


def _jump(line: _Line) -> bool:
    return bool(JUMP_LINE.fullmatch(line.text.strip()))


@dataclass
class _Block:
    """A run of lines set to one measure, one under another (a column's text, a headline)."""

    last: _Line
    box: list[float]

    def takes(self, line: _Line) -> bool:
        """Whether ``line`` carries on the block: the next line, in the same type size,
        starting at its left edge (or indented) and ending at its right edge (or short of it)."""
        h = min(self.last.height, line.height)
        if max(self.last.height, line.height) > 1.25 * h:
            return False
        if not -0.5 * h < line.box[1] - self.last.box[3] < 1.2 * h:
            return False
        left, right = line.box[0] - self.box[0], self.box[2] - line.box[2]
        return (
            -2.5 * h < left < 2.5 * h and right > -0.5 * h and (right < 0.5 * h or left < 0.5 * h)
        )

    def add(self, line: _Line) -> None:
        self.last = line
        self.box = [
            min(self.box[0], line.box[0]),
            self.box[1],
            max(self.box[2], line.box[2]),
            line.box[3],
        ]


def _blocks(lines: list[_Line]) -> list[Rect]:
    """The article's lines grouped into blocks, top down."""
    done: list[_Block] = []
    open_: list[_Block] = []
    for line in sorted(lines, key=lambda x: (x.box[1], x.box[0])):
        done += [b for b in open_ if b.last.box[3] < line.box[1] - 2 * line.height]
        open_ = [b for b in open_ if b.last.box[3] >= line.box[1] - 2 * line.height]
        block = next((b for b in open_ if b.takes(line)), None)
        if block is None:
            open_.append(_Block(line, list(line.box)))
        else:
            block.add(line)
    return [(x0, y0, x1, y1) for x0, y0, x1, y1 in (b.box for b in done + open_)]


def _hull(boxes: list[Rect]) -> Rect:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _to_measure(rect: Rect, measures: list, foreign: _Others) -> Rect:
    """A block set in a column widened to the column's full measure (a paragraph's short
    last line, a one-line item), where that takes in nothing of another article."""
    for x0, x1, h in measures:
        starts = x0 - 0.5 * h <= rect[0] <= x0 + 2.5 * h
        if starts and rect[2] <= x1 + 0.5 * h:
            wide = (min(rect[0], x0), rect[1], max(rect[2], x1), rect[3])
            return rect if foreign.hit(wide) else wide
    return rect


def _picture_owners(page: _Page, found: list[_Found]) -> dict[int, list[Rect]]:
    """Each figure goes to the article with a block nearest to it (its caption, the column
    under it), if that is within the article's reach and the figure lies within its width."""
    out: dict[int, list[Rect]] = defaultdict(list)
    for figure in page.figures:
        near = [(_nearest(figure, f), a) for a, f in enumerate(found) if _holds(f, figure)]
        near = [(d, a) for d, a in near if d < found[a].reach]
        if near:
            out[min(near)[1]].append(figure)
    return out


def _nearest(figure: Rect, found: _Found) -> float:
    return min(_distance(figure, block) for block in found.blocks)


def _holds(found: _Found, figure: Rect) -> bool:
    """Whether ``figure`` may be the article's: it lies within the article's width (give or
    take its reach), or one of its lines is set right under or over it (its caption)."""
    if not found.blocks:
        return False
    left, right = min(b[0] for b in found.blocks), max(b[2] for b in found.blocks)
    if figure[0] >= left - found.reach and figure[2] <= right + found.reach:
        return True
    return any(_captions(figure, line) for line in found.lines)


def _captions(figure: Rect, line: _Line) -> bool:
    """Whether ``line`` is set right under or over ``figure``, from its left edge."""
    starts = figure[0] - line.height <= line.box[0] <= figure[0] + line.height
    return starts and _gap_x(figure, line.box) < 0 and 0 <= _gap_y(figure, line.box) < line.height


def _gap_x(a: Rect, b: Rect) -> float:
    return max(a[0], b[0]) - min(a[2], b[2])


def _gap_y(a: Rect, b: Rect) -> float:
    return max(a[1], b[1]) - min(a[3], b[3])


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def _widen_heads(rects: list[Rect], foreign: _Others, reach: float) -> list[Rect]:
    """Widen each block over the blocks it stands on (a headline over its columns),
    from the bottom up, where that takes in none of another article's lines."""
    out = sorted(rects, key=lambda r: -r[1])
    for k, rect in enumerate(out):
        below = [r for r in out[:k] if 0 <= r[1] - rect[3] < reach]
        if not below:
            continue
        left, right = min(r[0] for r in below), max(r[2] for r in below)
        wide = (min(rect[0], left), rect[1], max(rect[2], right), rect[3])
        if not foreign.hit(wide):
            out[k] = wide
    return out


@dataclass
class _Others:
    """The page's lines with text that are not this article's: what its area must not take in."""

    page: _Page
    mine: set[int]
    figures: list[Rect] = field(default_factory=list)  # pictures that are not the article's

    def hit(self, rect: Rect) -> bool:
        """Whether ``rect`` takes in a real part of any of them, or of another's picture."""
        if any(_gap_x(rect, f) < -2 and _gap_y(rect, f) < -2 for f in self.figures):
            return True
        for i in self.page.near(rect):
            line = self.page.lines[i]
            if i not in self.mine and line.norm and _takes_in(rect, line.box):
                return True
        return False


def _takes_in(rect: Rect, box: Rect) -> bool:
    w = min(rect[2], box[2]) - max(rect[0], box[0])
    h = min(rect[3], box[3]) - max(rect[1], box[1])
    return w > 1 and h > 0.3 * (box[3] - box[1])


def _bridges(rects: list[Rect], foreign: _Others, reach: float) -> list[Rect]:
    """The gaps between neighbouring blocks (a gutter, the space under a headline) filled,
    unless something of another article lies in them."""
    out = []
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            gap = _gap_between(a, b, reach)
            if gap is not None and not foreign.hit(gap):
                out.append(gap)
    return out


def _gap_between(a: Rect, b: Rect, reach: float) -> Rect | None:
    """The rectangle between two blocks side by side or one above the other, if they are near."""
    dx, dy = _gap_x(a, b), _gap_y(a, b)
    if 0 < dx < reach and dy < 0:  # side by side
        return (min(a[2], b[2]), max(a[1], b[1]), max(a[0], b[0]), min(a[3], b[3]))
    if 0 < dy < reach and dx < 0:  # one above the other
        return (max(a[0], b[0]), min(a[3], b[3]), min(a[2], b[2]), max(a[1], b[1]))
    return None


def _main_parts(rects: list[Rect], lines: list[_Line]) -> list[Rect]:
    """Leave out small pieces lying apart from the rest: a dateline or a byline that the
    article's text shares with a story that was not given, printed elsewhere on the page."""
    parts = _components(rects)
    weights = [_chars_in(part, lines) for part in parts]
    keep = max(weights) * STRAY_SHARE
    return [
        r
        for part, w in zip(parts, weights, strict=True)
        if w >= min(keep, STRAY_CHARS)
        for r in part
    ]


def _components(rects: list[Rect]) -> list[list[Rect]]:
    """The rectangles in groups that touch or overlap one another."""
    parent = list(range(len(rects)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(rects)), 2):
        if _distance(rects[i], rects[j]) <= 1.0:
            parent[root(i)] = root(j)
    groups: dict[int, list[Rect]] = defaultdict(list)
    for i, rect in enumerate(rects):
        groups[root(i)].append(rect)
    return list(groups.values())


def _chars_in(part: list[Rect], lines: list[_Line]) -> int:
    """The characters of the piece's lines; a piece holding a line set larger than the
    article's body (a headline) is never a stray."""
    body = _median([x.height for x in lines])
    inside = [x for x in lines if any(_distance(x.box, r) <= 0 for r in part)]
    if any(x.height > 1.3 * body for x in inside):
        return 10**9
    return sum(len(x.norm) for x in inside)


# ---- the union of rectangles as polygons ---------------------------------------------------


def _outline(rects: list[Rect]) -> list[list[tuple[float, float]]]:
    """The outlines of the union of ``rects``: one rectilinear polygon per connected piece."""
    xs = sorted({v for r in rects for v in (r[0], r[2])})
    ys = sorted({v for r in rects for v in (r[1], r[3])})
    filled = _cells(rects, xs, ys)
    edges = _edges(filled, xs, ys)
    return [loop for loop in _loops(edges) if _area(loop) > 0]


def _cells(rects: list[Rect], xs: list[float], ys: list[float]) -> set[tuple[int, int]]:
    col, row = {x: i for i, x in enumerate(xs)}, {y: j for j, y in enumerate(ys)}
    filled: set[tuple[int, int]] = set()
    for x0, y0, x1, y1 in rects:
        for i in range(col[x0], col[x1]):
            filled.update((i, j) for j in range(row[y0], row[y1]))
    return filled


def _edges(filled: set[tuple[int, int]], xs: list[float], ys: list[float]) -> dict:
    """The union's boundary as directed edges (start -> end), the inside always on one side."""
    edges: dict[tuple[float, float], list[tuple[float, float]]] = defaultdict(list)
    for i, j in filled:
        x0, x1, y0, y1 = xs[i], xs[i + 1], ys[j], ys[j + 1]
        if (i, j - 1) not in filled:
            edges[(x1, y0)].append((x0, y0))
        if (i - 1, j) not in filled:
            edges[(x0, y0)].append((x0, y1))
        if (i, j + 1) not in filled:
            edges[(x0, y1)].append((x1, y1))
        if (i + 1, j) not in filled:
            edges[(x1, y1)].append((x1, y0))
    return edges


def _loops(edges: dict) -> list[list[tuple[float, float]]]:
    """Chain the directed edges into closed loops, dropping points along straight runs."""
    loops = []
    while any(edges.values()):
        start = next(p for p, ends in edges.items() if ends)
        loop, point = [start], edges[start].pop()
        while point != start:
            loop.append(point)
            point = edges[point].pop()
        loops.append(_corners(loop))
    return loops


def _corners(loop: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = []
    for k, (x, y) in enumerate(loop):
        (px, py), (nx, ny) = loop[k - 1], loop[(k + 1) % len(loop)]
        if not ((px == x == nx) or (py == y == ny)):
            out.append((x, y))
    return out


def _area(loop: list[tuple[float, float]]) -> float:
    """Signed area: positive for an outline, negative for a hole (left out: holes are rare)."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(loop, loop[1:] + loop[:1], strict=True):
        total += x0 * y1 - x1 * y0
    return -total / 2
