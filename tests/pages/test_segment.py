"""Finding articles on a page from its text layer alone: measured on generated pages whose
article areas are known (tests/pages/typeset.py), on the demo's own page PDFs, on a real
1935 page, and on hand-made pages for each rule (furniture, bylines, paragraphs, jumps)."""

from __future__ import annotations

import difflib
import json
import re

import pytest

from broadsheet.demo.bundles import build_bundles
from broadsheet.pages.pdftext import PdfPages
from broadsheet.pages.placement import ArticleText, place_articles
from broadsheet.pages.segment import FoundArticle, find_articles, page_label
from broadsheet.pages.textlayer import SCALE, Line, PageText
from tests.conftest import corpus
from tests.pages.typeset import SetPage, iou, typeset_edition

FOUND = 0.5  # IoU with the true area that counts as found
FURNITURE = 0.3  # IoU with a masthead, header, folio or ad that counts as taken for an article


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_text(pdf: bytes) -> PageText:
    with PdfPages(pdf) as pages:
        return pages.text(0)


def bbox(polygons: list) -> tuple[float, float, float, float]:
    xs = [x for polygon in polygons for x, _ in polygon]
    ys = [y for polygon in polygons for _, y in polygon]
    return min(xs), min(ys), max(xs), max(ys)


def meets(a: list, b: list) -> bool:
    """Whether two areas' bounding boxes touch (only those are worth an IoU)."""
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = bbox(a), bbox(b)
    return ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1


def best_match(polygons: list, found: list[FoundArticle]) -> tuple[float, FoundArticle | None]:
    scored = [(iou(polygons, f.polygons), f) for f in found if meets(polygons, f.polygons)]
    return max(scored, key=lambda s: s[0], default=(0.0, None))


# --- generated pages ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated() -> list[tuple[SetPage, list[FoundArticle]]]:
    """24 generated pages (six editions of four, every other one written in shuffled order)."""
    corpus("rmrb1998.jsonl")
    corpus("sohu_news_5000.jsonl")
    pages = []
    for seed in range(1, 7):
        for page in typeset_edition(seed, pages=4, shuffle=seed % 2 == 0):
            pages.append((page, find_articles(page_text(page.pdf))))
    return pages


def test_generated_pages_articles_found_with_their_headlines(generated):
    total = found = right = 0
    misses = []
    for page, articles in generated:
        for truth in page.articles:
            score, match = best_match(truth.polygons, articles)
            total += 1
            found += score >= FOUND
            right += score >= FOUND and flat(match.headline) == flat(truth.headline)
            if score < FOUND or flat(match.headline) != flat(truth.headline):
                misses.append((page.label, truth.headline, round(score, 2)))
    print(
        f"\nfinding articles, {len(generated)} generated pages: {total} articles, "
        f"found (IoU >= {FOUND}) {found / total:.1%}, right headline {right / total:.1%}; "
        f"missed or misread: {misses}"
    )
    assert len(generated) >= 20
    assert found / total >= 0.9
    assert right / total >= 0.8


def test_generated_pages_furniture_and_ads_never_taken_for_articles(generated):
    kinds, taken = set(), []
    for page, articles in generated:
        for furniture in page.furniture:
            kinds.add(furniture.kind)
            for article in articles:
                if meets(furniture.polygons, article.polygons):
                    score = iou(furniture.polygons, article.polygons)
                    if score > FURNITURE:
                        taken.append((page.label, furniture.kind, article.headline, score))
    print(f"\nfurniture and ads on the generated pages: {sorted(kinds)}; taken: {taken}")
    assert {"masthead", "header", "folio", "ad"} <= kinds  # the check covers every kind
    assert taken == []


def test_generated_pages_jump_lines_read_and_taken_out(generated):
    """The typesetter's story cut on page 1 and continued on page 2 says so, and the jump
    lines are not left in its text."""
    seen = 0
    for page, articles in generated:
        for truth in page.articles:
            if truth.jump_to or truth.jump_from:
                _, match = best_match(truth.polygons, articles)
                if truth.jump_to and "下转" not in page_text(page.pdf).text:
                    continue  # the typesetter did not print this one's jump line
                seen += 1
                assert (match.jump_to, match.jump_from) == (truth.jump_to, truth.jump_from)
                assert "下转" not in match.text and "上接" not in match.text
    assert seen >= 8


# --- the demo's pages ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> list[tuple[dict, list[dict], list[list], list[FoundArticle]]]:
    """Every page of the demo editions: its entry, its true articles, where the placement
    puts each of them from its given text, and the articles found on the page alone."""
    target = tmp_path_factory.mktemp("demo") / "bundles"
    out = []
    for folder in build_bundles(target, log=lambda _: None):
        edition = json.loads((folder / "edition.json").read_text(encoding="utf-8"))
        for entry in edition["pages"]:
            text = page_text((folder / entry["pdf"]).read_bytes())
            truth = [a for a in edition["articles"] if a["page"] == entry["label"]]
            placed = place_articles(text, [given(a) for a in truth])
            out.append((entry, truth, [p.polygons for p in placed], find_articles(text)))
    return out


def given(article: dict) -> ArticleText:
    body = article["body"]
    return ArticleText(
        kicker=article.get("kicker", ""),
        headline=article.get("headline", ""),
        subheadline=article.get("subheadline", ""),
        byline=article.get("byline", ""),
        paragraphs=[b["text"] for b in body if b["type"] != "image"],
        captions=[b["caption"] for b in body if b["type"] == "image" and b.get("caption")],
    )


def body_text(article: dict) -> str:
    return flat("".join(b.get("text", "") for b in article["body"] if b["type"] != "image"))


def same_text(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def by_text(article: dict, found: list[FoundArticle]) -> tuple[float, FoundArticle | None]:
    """The found article holding ``article``'s body text, and how closely."""
    scored = [(same_text(body_text(article), flat("".join(f.paragraphs))), f) for f in found]
    return max(scored, key=lambda s: s[0], default=(0.0, None))


def test_demo_pages(demo):
    """The demo's own pages: every story found whole (its body text) with its headline, in
    the area where placing its given text puts it (two ways to the same area), and no
    slogan (公益广告) or column label (小小说) taken for a story."""
    total = area = text = headline = 0
    extra = []
    for entry, truth, placed, found in demo:
        for article, polygons in zip(truth, placed, strict=True):
            total += 1
            area += bool(polygons) and best_match(polygons, found)[0] >= FOUND
            ratio, match = by_text(article, found)
            text += ratio >= 0.9
            headline += ratio >= 0.9 and flat(match.headline) == flat(article["headline"])
        bodies = [body_text(a) for a in truth]
        for f in found:
            if max(same_text(flat("".join(f.paragraphs)), b) for b in bodies) < 0.5:
                extra.append((entry["label"], f.headline, f.paragraphs[:1]))
    print(
        f"\ndemo pages: {len(demo)}, {total} articles; found whole (text) {text / total:.0%}, "
        f"with the right headline {headline / total:.0%}, where placement puts them "
        f"(IoU >= {FOUND}) {area / total:.0%}; found that are no story: {extra}"
    )
    assert text / total >= 0.95
    assert headline / total >= 0.9
    assert area / total >= 0.9
    assert extra == []


def test_generated_pages_paragraphs_as_printed(generated):
    """Paragraphs start at an indent or after a short line, and their lines join with no
    space between Chinese characters: the text as the typesetter printed it."""
    total = same = 0
    for page, articles in generated:
        for truth in page.articles:
            _, match = best_match(truth.polygons, articles)
            total += 1
            printed = [flat(p) for p in truth.paragraphs if flat(p)]
            found = [flat(p) for p in match.paragraphs]
            if match.byline and not truth.byline:  # a 本报记者 line the corpus holds as text
                found.insert(0, flat(match.byline))
            same += found == printed
    print(f"\nparagraphs exactly as printed: {same}/{total} articles")
    assert same / total >= 0.9


# --- hand-made pages: one rule each ------------------------------------------------------------


def line(text: str, x: int, y: int, size: int = 100, advance: float = 1.0) -> Line:
    """A printed line on a square page: each character ``advance`` ems wide."""
    step = round(size * advance)
    edges = [x + i * step for i in range(len(text) + 1)]
    return Line(text, (x, y, edges[-1], y + size), edges, size)


def column(paragraphs: list[str], x: int, y: int, chars: int = 20, size: int = 100) -> list[Line]:
    """Paragraphs set in a column ``chars`` wide, each indented two characters."""
    lines = []
    for paragraph in paragraphs:
        rest, indent = paragraph, 2
        while rest:
            take = chars - indent
            lines.append(line(rest[:take], x + indent * size, y, size))
            rest, indent, y = rest[take:], 0, y + round(size * 1.5)
    return lines


def square(lines: list[Line], **kw) -> PageText:
    return PageText(lines=lines, width=1000.0, height=1000.0, **kw)


STORY = [
    "昨天是小雪节气，一股冷空气如约而至。市气象台监测显示，昨天全市平均气温比前一天下降七摄氏度，"
    "青石县云台山区出现今冬首次降雪。",
    "气象专家介绍，今年小雪节气前后冷空气活动频繁，预计本周后半段气温将缓慢回升。",
    "降温来临前，城管、交通、电力等部门已提前做好准备，确保群众温暖过冬。",
]


def front_page() -> PageText:
    """A masthead with no rule under it, a story with its whole head in two columns ending
    （下转第２版）, an advertisement, and a folio."""
    body = column(STORY, 1000, 2500)
    half = (len(body) + 1) // 2
    second = [line(x.text, x.box[0] + 2300, x.box[1] - half * 150, 100) for x in body[half:]]
    jump = line("（下转第２版）", 3300 + 600, second[-1].box[3] + 50)
    return square(
        [
            line("东海日报", 500, 200, 900),
            line("2024年3月5日　星期二", 6000, 400, 120),
            line("小雪节气至 冷空气南下", 2600, 1500, 110),
            line("明川迎来首次降温", 2000, 1650, 300),
            line("气象部门提醒市民添衣保暖", 2480, 2000, 120),
            line("本报记者　许安然", 2800, 2180),
            *body[:half],
            *second,
            jump,
            line("金秋大促销", 6000, 7000, 250),
            line("订购热线：12345678", 6000, 7400),
            line("第1版　要闻", 500, 9750, 80),
        ]
    )


def test_hand_made_front_page():
    found = find_articles(front_page())
    assert len(found) == 1  # no masthead, advertisement or folio taken for a story
    story = found[0]
    assert (story.kicker, story.headline, story.subheadline, story.byline) == (
        "小雪节气至 冷空气南下",
        "明川迎来首次降温",
        "气象部门提醒市民添衣保暖",
        "本报记者　许安然",
    )
    assert story.paragraphs == STORY  # the marker taken out, paragraphs as printed
    assert story.jump_to == "2" and story.jump_from == ""
    assert all(0 <= v <= 1 for polygon in story.polygons for point in polygon for v in point)
    x0, y0, x1, y1 = bbox(story.polygons)
    assert y0 == pytest.approx(0.15, abs=0.001) and x0 == pytest.approx(0.1, abs=0.001)


def test_hand_made_continuation_repeats_its_title():
    page = square(
        [
            line("明川迎来首次降温", 1000, 1000, 200),
            *column(["（上接第1版）" + STORY[2]], 1000, 1300),
        ]
    )
    (story,) = find_articles(page)
    assert story.jump_from == "1" and story.headline == "明川迎来首次降温"
    assert story.paragraphs == [STORY[2]]


def test_hand_made_english_page():
    """Latin lines join with a space, a word broken at a hyphen is mended, By ... is the
    byline."""
    lines = [
        line("Mine Reopens", 1000, 1000, 250, advance=0.5),
        line("By JOHN SMITH", 1000, 1300, 100, advance=0.5),
        line("The Silver King mine re-", 1000, 1500, 100, advance=0.5),
        line("opened on Monday after a", 1000, 1650, 100, advance=0.5),
        line("long strike.", 1000, 1800, 100, advance=0.5),
        line("Workers returned to the", 1100, 1950, 100, advance=0.5),
        line("shafts before dawn, glad", 1000, 2100, 100, advance=0.5),
        line("of the work.", 1000, 2250, 100, advance=0.5),
    ]
    (story,) = find_articles(square(lines))
    assert story.headline == "Mine Reopens" and story.byline == "By JOHN SMITH"
    assert story.paragraphs == [
        "The Silver King mine reopened on Monday after a long strike.",
        "Workers returned to the shafts before dawn, glad of the work.",
    ]


def test_hand_made_framed_advertisement_and_ruled_header():
    """A frame drawn with four rules holding display type is an advertisement; a page
    header above a wide rule is furniture; a story under a rule is still a story."""
    frame = [(5000, 6000, 9000, 6010), (5000, 9000, 9000, 9010), (5000, 6000, 5010, 9010)]
    frame.append((8990, 6000, 9000, 9010))
    lines = [
        line("东海日报", 500, 200, 90),
        line("第2版　国内", 8000, 200, 90),
        line("江北新城开工", 1000, 1000, 250),
        *column(STORY[:2], 1000, 1400),
        line("明月茶庄", 5600, 7000, 400),
        line("品质生活", 6000, 7600, 150),
        line("百年老店传承经典欢迎品尝", 5600, 8000),  # without the frame, a story's body
    ]
    rules = [(500, 500, 9500, 510), *frame]
    found = find_articles(square(lines, rules=rules))
    assert [a.headline for a in found] == ["江北新城开工"]
    assert found[0].paragraphs == STORY[:2]


def test_page_labels_in_jump_lines():
    assert page_label("２") == "2" and page_label("ａ２") == "A2"
    assert page_label("二") == "2" and page_label("十二") == "12" and page_label("二十") == "20"


def test_scanned_1935_page():
    """A real scan's OCR text layer (The Park Record, 1935): no crash, the masthead left
    out, its stories found with their headlines."""
    path = corpus("ndnp_park_record_1935")
    pdf = next(p for p in sorted(path.rglob("*.pdf")) if p.name == "1292.pdf")
    found = find_articles(page_text(pdf.read_bytes()))
    headlines = [a.headline for a in found]
    print(f"\nThe Park Record 1935, page 1: {len(found)} articles: {headlines}")
    assert "An Honored Citizen Dies In Salt Lake" in headlines
    honored = found[headlines.index("An Honored Citizen Dies In Salt Lake")]
    assert sum(map(len, honored.paragraphs)) > 1500
    assert "Park" not in headlines  # the masthead


def test_pages_without_text_or_with_odd_lines_find_nothing_and_never_fail():
    assert find_articles(PageText()) == []
    assert find_articles(PageText(figures=[(0, 0, SCALE, SCALE)], width=612, height=792)) == []
    vertical = Line("竖排标题", (9000, 1000, 9300, 2200), [1000, 1300, 1600, 1900, 2200], 300)
    vertical.vertical = True
    specks = [line("·", 100, 100, 40), line("。", 5000, 5000, 100)]
    assert find_articles(square([vertical, *specks])) == []


def test_a_story_about_advertising_is_a_story_and_a_labelled_slogan_is_not():
    lines = [
        line("酒广告管理须规范", 1000, 1000, 200),
        *column(["有关部门发布通知，要求规范酒类广告，不得诱导未成年人饮酒。"], 1000, 1300),
        line("垃圾分类新时尚", 1000, 6000, 300),
        line("分一分，城市更美一分", 1500, 6500),
        line("公益广告", 8500, 9000, 80),
    ]
    assert [a.headline for a in find_articles(square(lines))] == ["酒广告管理须规范"]
