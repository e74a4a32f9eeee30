"""Find the articles on a printed page from its text layer alone (no article text given).

A page's text layer says what is printed and where, in no trustworthy order:
layout programs write stories and columns in any order, and furniture and
advertisements sit among them. What makes a page readable is its typography, so
that is what this module reads:

- the **body size** is the size most of the page's characters are set in; a line
  set much larger is display type, and a stack of display lines is a headline
  with its 引题 (kicker) above and 副标题 (subheadline) and byline below;
- **page furniture** (masthead, page headers and footers with 报名/date/第X版,
  folios) sits in thin bands at the top and bottom, usually cut off by a rule;
  **advertisements** are framed areas or areas labelled 广告, with display text
  and little body text; both are left out before anything is assigned;
- **body columns** are runs of body-size lines stacked at one left edge; each
  column block, picture (with its caption) and headline-less text belongs to the
  nearest headline above it that overlaps it, unless a printed rule or a frame
  separates the two; blocks under no headline form headline-less articles
  (brief boxes such as 新闻速览);
- **paragraphs** start where a line is indented or the line before ended short;
  **jump lines** (下转第X版 / 上接第X版) are read and taken out of the text.

The geometry lives in ``regions`` (boxes, rules, frames) so this module
reads as the steps above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from . import regions
from .regions import Block, Box, Item, Page
from .textlayer import SCALE, Line, PageText

BYLINE = regions.BYLINE
# An advertisement's own label: 广告, 公益广告, 广告专版 (not a headline like 酒广告管理须规范).
AD_LABEL = re.compile(
    r"^[（(【\[]?\s*(公益|分类|商业)?(广告|廣告)(专版|專版)?\s*[）)】\]]?$|^ADVERTISEMENT$", re.I
)
AD_CUE = re.compile(r"热线|电话|咨询|订购|地址|招商|加盟|招聘|优惠|热卖|官网|微信|Tel|TEL")
_LABEL = r"(?:第\s*)?([A-Za-zＡ-Ｚａ-ｚ]?[0-9０-９]+|[一二三四五六七八九十]+)\s*版"
JUMP_TO = re.compile(r"[（(]?\s*(?:下转|转)\s*" + _LABEL + r"\s*[）)]?\s*$")
JUMP_FROM = re.compile(r"^\s*[（(]?\s*(?:上接|接|紧接)\s*" + _LABEL + r"\s*[）)]?")


@dataclass
class FoundArticle:
    """One article found on a page: its parts as printed, and where it sits."""

    kicker: str
    headline: str
    subheadline: str
    byline: str
    paragraphs: list[str]
    captions: list[str]
    polygons: list[list[list[float]]]
    jump_to: str = ""  # page label in "下转第X版" at its end, if any
    jump_from: str = ""  # page label in "上接第X版" at its start, if any
    boxes: list[Box] = field(default_factory=list, repr=False)  # the polygons as Boxes

    @property
    def text(self) -> str:
        """All its words in reading order, for matching and indexing."""
        parts = [self.kicker, self.headline, self.subheadline, self.byline, *self.paragraphs]
        return "\n".join(p for p in parts if p)


@dataclass(eq=False)
class _Story:
    """An article while it is being assembled: its headline stack and the items under it."""

    kicker: list[Line] = field(default_factory=list)
    headline: Block | None = None
    subheadline: list[Line] = field(default_factory=list)
    byline: list[Line] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def stack(self) -> list[Line]:
        head = self.headline.lines if self.headline else []
        return [*self.kicker, *head, *self.subheadline, *self.byline]

    @cached_property
    def stack_box(self) -> Box | None:
        """The stack's box; read once the stack is complete."""
        lines = self.stack
        return regions.union([line.box for line in lines]) if lines else None


def find_articles(text: PageText) -> list[FoundArticle]:
    """The articles printed on a page, furniture and advertisements left out."""
    page = regions.read_page(text)
    if not page.lines:
        return []
    stories = _stories(page)
    regions.assign(page, stories, [item for item in page.items if not item.taken])
    stories += [_Story(items=group) for group in regions.orphans(page)]
    stories = [s for s in stories if not _is_ad(s)]
    ads = {id(s) for s in _labelled_ads(page, stories)}
    stories = [s for s in stories if id(s) not in ads]
    found = [_article(page, story) for story in stories]
    return [a for a in found if a is not None]


# --- headline stacks ------------------------------------------------------------------


def _stories(page: Page) -> list[_Story]:
    """One story per headline, each with the kicker, subheadline and byline around it."""
    stories = [_story(page, h) for h in sorted(page.headlines, key=lambda b: -b.size)]
    minor = [i for i in page.items if i.kind == regions.DISPLAY]
    for block in sorted(minor, key=lambda b: b.box[1]):
        if not block.taken and regions.heads_a_story(page, block):
            stories.append(_story(page, block))
    return [s for s in stories if s is not None]


def _story(page: Page, headline: Block) -> _Story | None:
    if headline.taken:
        return None
    headline.taken = True
    story = _Story(headline=headline)
    _claim_stack(page, story)
    return story


def _claim_stack(page: Page, story: _Story) -> None:
    """Take the display or lone lines set directly above and below the headline."""
    assert story.headline is not None
    above = regions.stacked(page, story.headline, above=True)
    if above is not None:
        story.kicker = _take(above)
    top = story.headline
    for _ in range(3):  # subheadline(s), then the byline
        below = regions.stacked(page, top, above=False)
        if below is None:
            break
        lines = _take(below)
        if _is_byline(below):
            story.byline += lines
        elif story.byline or len(story.subheadline) >= 2:
            below.taken = False
            break
        else:
            story.subheadline += lines
        top = below


def _take(block: Block) -> list[Line]:
    block.taken = True
    return block.lines


def _is_byline(block: Block) -> bool:
    return len(block.lines) == 1 and bool(BYLINE.match(block.lines[0].text.strip()))


# --- one article -------------------------------------------------------------------------


def _article(page: Page, story: _Story) -> FoundArticle | None:
    """The finished article, or None when it is an advertisement or empty."""
    ordered = regions.reading_order(story.items)
    paragraphs = _paragraphs(page, [i for i in ordered if i.kind == regions.TEXT])
    captions = [_join_lines(i.caption) for i in ordered if i.kind == regions.FIGURE and i.caption]
    if not paragraphs and _plain(page, story.subheadline):  # a one-line item, not a 副标题
        paragraphs, story.subheadline = [_join_lines(story.subheadline)], []
    if not paragraphs and not captions and not story.byline:
        return None  # a headline over nothing: a slogan, a poster, an advertisement
    if not story.headline and not captions and sum(map(len, paragraphs)) < 10:
        return None  # a lone label (小小说, 新闻速览) over nothing
    article = FoundArticle(
        kicker=_join_lines(story.kicker),
        headline=_join_lines(story.headline.lines) if story.headline else "",
        subheadline=_join_lines(story.subheadline),
        byline=_join_lines(story.byline),
        paragraphs=paragraphs,
        captions=[c for c in captions if c],
        polygons=[],
        boxes=_boxes(page, story, ordered),
    )
    article.polygons = [_polygon(box) for box in article.boxes]
    _lift_byline(article)
    _read_jumps(article)
    return article


def _plain(page: Page, lines: list[Line]) -> bool:
    return bool(lines) and all(abs(x.size - page.body) <= 0.08 * page.body for x in lines)


def _boxes(page: Page, story: _Story, ordered: list[Item]) -> list[Box]:
    """One box per block the article covers: the headline stack, each column, each picture."""
    stack = story.stack_box
    if stack is None:
        return [item.box for item in ordered]
    return [regions.head_box(page, stack, ordered)] + [item.box for item in ordered]


def _polygon(box: Box) -> list[list[float]]:
    x0, y0, x1, y1 = (v / SCALE for v in box)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def _is_ad(story: _Story) -> bool:
    """An advertisement: labelled 广告, or display text with little body text and a sales cue."""
    lines = [*story.stack, *(line for item in story.items for line in item.all_lines)]
    if any(_ad_label(line) for line in lines):
        return True
    body = sum(
        len(line.text) for item in story.items if item.kind == regions.TEXT for line in item.lines
    )
    display = sum(len(line.text) for line in story.stack)
    cue = any(AD_CUE.search(line.text) for line in lines)
    return cue and display > 0 and body < max(60, 2 * display)


def _ad_label(line: Line) -> bool:
    return bool(AD_LABEL.match(line.text.strip()))


def _labelled_ads(page: Page, stories: list[_Story]) -> list[_Story]:
    """Stories over a lone 广告 / 公益广告 label printed in an advertisement's corner (the
    label stands apart, so no story took it): the nearest headline above it, rule-free."""
    taken = {id(x) for s in stories for x in s.stack} | {
        id(x) for s in stories for i in s.items for x in i.all_lines
    }
    ads = []
    for label in (x for x in page.lines if _ad_label(x) and id(x) not in taken):
        above = [
            s
            for s in stories
            if s.stack_box is not None
            and s.stack_box[3] <= label.box[1]
            and not regions.separated(page, s.stack_box, label.box)
        ]
        if above:
            ads.append(max(above, key=lambda s: s.stack_box[3] if s.stack_box else 0))
    return ads


# --- paragraphs --------------------------------------------------------------------------


def _paragraphs(page: Page, items: list[Item]) -> list[str]:
    """The body text as paragraphs, following the column flow from block to block."""
    flow = [(line, item) for item in items for line in item.lines]
    paragraphs: list[list[Line]] = []
    for k, (line, item) in enumerate(flow):
        if k == 0 or _starts_paragraph(page, flow[k - 1], (line, item), flow[k + 1 : k + 2]):
            paragraphs.append([])
        paragraphs[-1].append(line)
    return [t for t in (_join_lines(p) for p in paragraphs) if t]


def _starts_paragraph(page: Page, before: tuple, here: tuple[Line, Item], after: list) -> bool:
    """A new paragraph: this line is indented, or the line before it ended short, or it is
    a subheading at a column's top (the column before ended a sentence; this line is short,
    ends no sentence, and the next line is indented)."""
    line, item = here
    if _indented(page, line, item) or _short(page, *before):
        return True
    if item is before[1] or not _closes(before[0].text) or _closes(line.text):
        return False
    return _short(page, line, item) and (not after or _indented(page, *after[0]))


def _indented(page: Page, line: Line, item: Item) -> bool:
    return line.box[0] - item.box[0] > 0.6 * page.em_x(line.size)


def _short(page: Page, line: Line, item: Item) -> bool:
    return item.box[2] - line.box[2] > 1.2 * page.em_x(line.size)


def _closes(text: str) -> bool:
    return text.rstrip()[-1:] in "。！？…”’）」』.!?\"')"


def _join_lines(lines: list[Line]) -> str:
    """Lines joined as one text: no space between CJK, one between Latin words."""
    text = ""
    for line in lines:
        part = line.text.strip()
        if not part:
            continue
        if text.endswith("-") and part[:1].islower() and text[-2:-1].isalpha():
            text = text[:-1] + part
        elif text and _latin(text[-1]) and _latin(part[0]):
            text += " " + part
        else:
            text += part
    return text


def _latin(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ",.;:!?'\")")


# --- byline and jump lines ---------------------------------------------------------------


def _lift_byline(article: FoundArticle) -> None:
    """A lone 本报记者 XXX line opening the body is the byline, not a paragraph."""
    if article.byline or not article.paragraphs:
        return
    first = article.paragraphs[0]
    if len(first) <= 30 and BYLINE.match(first) and not first.startswith("本报讯"):
        article.byline = first
        article.paragraphs = article.paragraphs[1:]


def _read_jumps(article: FoundArticle) -> None:
    """Read 下转第X版 at the end and 上接第X版 at the start, and take them out of the text."""
    if article.paragraphs:
        last = article.paragraphs[-1]
        match = JUMP_TO.search(last)
        if match:
            article.jump_to = page_label(match.group(1))
            rest = last[: match.start()].rstrip()
            article.paragraphs[-1:] = [rest] if rest else []
    _read_jump_from(article)


def _read_jump_from(article: FoundArticle) -> None:
    for name in ("kicker", "headline", "subheadline"):
        value = getattr(article, name)
        match = JUMP_FROM.match(value)
        if match:
            article.jump_from = page_label(match.group(1))
            setattr(article, name, value[match.end() :].strip())
            return
    if article.paragraphs:
        match = JUMP_FROM.match(article.paragraphs[0])
        if match:
            article.jump_from = page_label(match.group(1))
            rest = article.paragraphs[0][match.end() :].strip()
            article.paragraphs[:1] = [rest] if rest else []


def page_label(label: str) -> str:
    """A page label as printed in a jump line, made plain: half-width, upper case, Chinese
    numerals as digits ("２" -> "2", "ａ２" -> "A2", "二" -> "2", "十二" -> "12")."""
    text = label.translate(_HALF_WIDTH).upper().strip()
    return re.sub(r"[〇一二三四五六七八九十]+", lambda m: str(_chinese_number(m.group())), text)


def _chinese_number(text: str) -> int:
    """一 .. 九十九 as a number (page numbers never run higher)."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, units = text.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(units, 0) if units else 0)


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
