"""A saved vendor 数字报 site: 版面 pages with ``<map><area>`` hotspots, article pages, files.

Publishers leaving a vendor's e-paper (方正 Founder and its imitators) bring years of
static HTML: one 版面 page per printed page (``node_N.htm``: the page image with a
``<map>`` of clickable areas, 第01版：要闻, the page PDF, the title list) and one page
per article (``content_N.htm``: 引题, 主标题, 副标题, 作者, the text between
``<!--enpcontent-->`` marks, often an ``<!--enpproperty …-->`` comment with the same
fields). ``broadsheet ingest --format legacy-site DIR`` reads the folder that was the
site's root, one edition per date found in the 版面 pages' paths (``html/2023-02/10/``,
``layout/202412/25/``) or given by ``--date``; the newspaper comes from ``--newspaper``.

Areas are in pixels of the page image as the 版面 page showed it (its ``width`` and
``height`` attributes, else the image file's own size) and become hotspot polygons
relative to the image (0..1); ``rect``, ``poly``/``polygon`` and ``circle`` are read, and
an area lying inside a larger one of the same article (the picture zone, ``?div=0``)
is dropped. A linked article page or file that is missing is left out: the article
keeps the title the 版面 page lists. Pictures of an article page become image blocks
with their captions when their files were saved (``body_and_pictures``); the others
are listed as missing. Nothing is fetched from the network. The old paths go to the redirect table
(``ArticleRecord.old_urls``), so old links keep working.

The pages are old and hostile input: the encoding is decided by the bytes (UTF-8
with or without BOM, else GB18030/GBK/GB2312), scripts and styles are dropped
unread, only text is kept (the reader escapes it), and no link may lead outside DIR.
See docs/formats/legacy-site.md.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import math
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from broadsheet.editions import validate
from broadsheet.pages.render import ImageRefused, scan_images

from ..encoding import detect_encoding, first_invalid
from ..errors import IngestError
from ..limits import limits
from ..records import ArticleRecord, Asset, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions
from .bundle import image_size
from .pdfs import checked_pdf, date_in_name

NODE = re.compile(r"node_[A-Za-z0-9]+\.html?", re.IGNORECASE)
_PATH_DATE = re.compile(r"(?<![0-9])([0-9]{4})-?([0-9]{2})/([0-9]{2})(?![0-9])")
_BANCI = re.compile(r"第?\s*([A-Za-z]?[0-9]{1,3})\s*版\s*[:：]\s*([^\n]{0,40})")
_ENP = re.compile(r"<!--\s*enpproperty(.*?)/?enpproperty\s*-->", re.DOTALL)
_ENP_FIELD = re.compile(r"<(\w+)>(.*?)</\1>", re.DOTALL)
_ENP_CONTENT = re.compile(r"<!--\s*enpcontent\s*-->(.*?)<!--\s*/enpcontent\s*-->", re.DOTALL)
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_DATE_ONLY = re.compile(r"^[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日.*$|^[0-9-]+$")
_DROPPED = ("script", "style", "noscript", "iframe", "object", "embed", "template")
MAX_PAGE_BYTES = 8 * 1024 * 1024  # a 版面 or article page larger than this is no page


@dataclass
class _Site:
    """The saved site's root folder; every path it hands out lies inside it."""

    root: Path

    def site_path(self, base: str, href: str) -> str | None:
        """The site path (``/html/…/content_1.htm``) a link on page ``base`` names, or None
        for a link off the site (``javascript:``, ``mailto:``) or above its root."""
        parts = urlsplit(href.strip().replace("\\", "/"))
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        path = unquote(parts.path)
        if not path:
            return None
        if not path.startswith("/") and not parts.netloc:
            path = posixpath.join(posixpath.dirname(base), path)
        path = posixpath.normpath(path)
        return None if path.startswith("/..") or "\x00" in path else path

    def file(self, site_path: str | None) -> Path | None:
        """The saved file at ``site_path``, when it is there and inside the root."""
        if site_path is None:
            return None
        candidate = self.root / site_path.lstrip("/")
        try:
            inside = candidate.resolve().is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):
            return None
        return candidate if inside and candidate.is_file() else None

    def site_path_of(self, file: Path) -> str:
        return "/" + file.relative_to(self.root).as_posix()


def read_text(file: Path) -> str:
    """A saved page's text: UTF-8 (BOM or not) or GB18030 (GBK, GB2312), by its bytes."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise IngestError(str(file), f"cannot read: {exc}") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise IngestError(str(file), f"larger than {MAX_PAGE_BYTES} bytes: not a saved page")
    encoding = detect_encoding(data)
    if encoding is None:
        offset = first_invalid(data, "utf-8")
        raise IngestError(str(file), f"neither UTF-8 nor GBK/GB18030 (byte {offset})")
    text = data.decode(encoding, "replace")
    return text[1:] if text.startswith(codecs.BOM_UTF8.decode()) else text


def parse(file: Path) -> tuple[lxml.html.HtmlElement, str]:
    """The page's tree without scripts, styles or comments, and its raw text."""
    text = read_text(file)
    clean = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        doc = lxml.html.document_fromstring(clean or "<html></html>")
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(str(file), f"not an HTML page: {exc}") from exc
    _drop(doc)
    return doc, text


def _drop(root) -> None:
    """Scripts, styles, embedded objects and comments go unread (``drop_tree`` keeps tails)."""
    for element in list(root.iter(*_DROPPED, etree.Comment, etree.ProcessingInstruction)):
        if element.getparent() is not None:
            element.drop_tree()


def plain(text: str | None) -> str:
    return _SPACES.sub(" ", (text or "").replace("\u3000", " ")).strip()


def _cjk_plain(text: str | None) -> str:
    """A short name without the spaces printed inside it (综 合 → 综合)."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", plain(text))


# ---------------------------------------------------------------- 版面 pages


@dataclass
class _Area:
    """One clickable area in page pixels, and the article page it leads to."""

    target: str
    points: list[tuple[float, float]]

    def box(self) -> tuple[float, float, float, float]:
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)

    def inside(self, other: _Area) -> bool:
        a, b = self.box(), other.box()
        bigger = (b[2] - b[0]) * (b[3] - b[1]) > (a[2] - a[0]) * (a[3] - a[1])
        return bigger and a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]


def area_points(shape: str, coords: str) -> list[tuple[float, float]]:
    """An ``<area>``'s outline in pixels: rect → 4 corners, poly → its points, circle → 12."""
    try:
        numbers = [float(n) for n in re.split(r"[\s,]+", coords.strip()) if n]
    except ValueError:
        return []
    if not all(math.isfinite(n) for n in numbers):
        return []
    shape = (shape or "rect").strip().lower()
    if shape in ("rect", "rectangle") and len(numbers) >= 4:
        x1, y1, x2, y2 = numbers[:4]
        return [(x1, y1), (x2, y1), (x2, y2), (x1, y2)]
    if shape in ("circle", "circ") and len(numbers) >= 3:
        x, y, r = numbers[:3]
        return [
            (x + r * math.cos(k * math.pi / 6), y + r * math.sin(k * math.pi / 6))
            for k in range(12)
        ]
    if shape in ("poly", "polygon") and len(numbers) >= 6:
        return list(zip(numbers[0::2], numbers[1::2], strict=False))
    return []


def scaled(points: list[tuple[float, float]], width: float, height: float) -> list[list[float]]:
    """Pixels of the shown image → our hotspot points, relative to it (0..1)."""

    def fit(value: float, full: float) -> float:
        return round(min(max(value / full, 0.0), 1.0), 5)

    return [[fit(x, width), fit(y, height)] for x, y in points]


@dataclass
class _Node:
    """What a 版面 page says about its page."""

    file: Path
    site_path: str
    label: str
    name: str
    image: Path | None
    shown: tuple[float, float] | None  # the image's size as the page showed it
    pdf: Path | None
    areas: list[_Area] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # article page → listed title
    targets: list[str] = field(default_factory=list)  # article pages, in page order


def _banci(doc) -> tuple[str, str] | None:
    """第01版：要闻 → ("01", "要闻"): the page's own 版次, before the list of every page."""
    for cls in ("banci", "paper-bot", "ban", "left-ban"):
        for element in doc.find_class(cls):
            found = _BANCI.search(plain(element.text_content()))
            if found:
                return found[1], found[2]
    found = _BANCI.search(plain(doc.text_content()))
    return (found[1], found[2]) if found else None


def _page_name(raw: str) -> str:
    name = _cjk_plain(raw)
    return re.split(r"\s|上一版|下一版|PDF", name, maxsplit=1)[0][:100]


def _is_article_page(path: str | None) -> bool:
    return bool(path) and bool(re.search(r"content[_-]?[A-Za-z0-9_]*\.html?$", path or "", re.I))


def read_node(site: _Site, file: Path) -> _Node:
    doc, _ = parse(file)
    here = site.site_path_of(file)
    banci = _banci(doc)
    label, name = (banci[0], _page_name(banci[1])) if banci else ("", "")
    image_element = next(iter(doc.xpath("//img[@usemap]")), None)
    node = _Node(file, here, label, name, None, None, None)
    if image_element is not None:
        node.image = site.file(site.site_path(here, image_element.get("src", "")))
        node.shown = _shown_size(image_element)
    for link in doc.iter("a"):
        target = site.site_path(here, link.get("href", ""))
        if target and target.lower().endswith(".pdf") and node.pdf is None:
            node.pdf = site.file(target)
    _read_areas(site, doc, node)
    return node


def _shown_size(image) -> tuple[float, float] | None:
    try:
        width, height = float(image.get("width", "")), float(image.get("height", ""))
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 and math.isfinite(width + height) else None


def _read_areas(site: _Site, doc, node: _Node) -> None:
    """The map's areas and the title list, each article page once, in page order.

    Only links of the site itself count (a relative or site-absolute path), and on a
    page with a map only article pages beside those the map leads to.
    """
    links = [(e, e.get("href", "")) for e in doc.iter("area", "a")]
    own = [(e, site.site_path(node.site_path, h)) for e, h in links if not urlsplit(h).netloc]
    mapped = {posixpath.dirname(t) for e, t in own if t and e.tag == "area" and _is_article_page(t)}
    for element, target in own:
        if target is None or not _is_article_page(target):
            continue
        if mapped and posixpath.dirname(target) not in mapped:
            continue  # a footer's 法律声明, not an article of this page
        if target not in node.targets:
            node.targets.append(target)
        if element.tag == "area":
            points = area_points(element.get("shape", ""), element.get("coords", ""))
            if len(points) >= 3:
                node.areas.append(_Area(target, points))
        elif title := plain(element.text_content()):
            node.titles.setdefault(target, title[:300])


def hotspot(node: _Node, target: str, size: tuple[float, float] | None) -> list[list[list[float]]]:
    """The article's areas as hotspot polygons, without those inside a larger one of its own."""
    if size is None:
        return []
    mine = [a for a in node.areas if a.target == target]
    kept = [a for a in mine if not any(a.inside(b) for b in mine if b is not a)]
    return [scaled(a.points, *size) for a in kept]


# ---------------------------------------------------------------- article pages


def _enp_fields(text: str) -> dict[str, str]:
    """Founder's ``<!--enpproperty <title>…</title><introtitle>…</introtitle>…-->``."""
    found = _ENP.search(text)
    if not found:
        return {}
    fields = _ENP_FIELD.findall(found[1])
    return {key.lower(): plain(html.unescape(_TAG.sub("", value))) for key, value in fields}


def _by_id(doc, *names: str) -> str:
    """The text of the first element with one of these ids (or classes) that has any."""
    for name in names:
        found = doc.xpath(f"//*[@id='{name}']") + doc.find_class(name)
        for element in found:
            if value := plain(element.text_content()):
                return value
    return ""


_BODY_PATHS = (
    "//founder-content",
    "//*[@id='ozoom']",
    "//*[@id='content']",
    "//*[@class='article']",
)


def _body_root(doc, text: str):
    """The element holding the text: the enpcontent marks, <founder-content>, #ozoom."""
    marked = _ENP_CONTENT.search(text)
    if marked:
        return lxml.html.fragment_fromstring(marked[1], create_parent="div")
    for path in _BODY_PATHS:
        found = doc.xpath(path)
        if found:
            return found[0]
    return None


@dataclass
class Picture:
    """An ``<img>`` of the article as the page wrote it, before its file is looked for."""

    src: str
    caption: str
    alt: str
    after: int  # how many text blocks of the body come before it
    caption_in_text: bool = False  # its caption was a paragraph of the text, kept if it is missing


CAPTION_LIMIT = 300  # characters: longer text next to a picture is the story, not its caption
# How captions are worded: "（本报记者 林溪 摄）", "（新华社发）", "图为…", "图：…", "资料图片"
_CAPTION_MARK = re.compile(
    r"(摄|供图|新华社发|资料图片)\s*[）)]?\s*$|^\s*(图为|图\s*[：:/]|资料图)"
)
_CAPTION_TAGS = frozenset({"p", "div", "font", "span", "center", "figcaption", "td", "strong"})
_PICTURE_PATHS = ("//*[@id='ozoom']", "//*[@id='content']", "//*[@class='article']")
_DECORATION = 32  # pixels: an <img> declared smaller is an icon or a spacer, not a picture


def body_and_pictures(doc, root) -> tuple[list[dict], list[Picture]]:
    """The text blocks and the pictures of an article, each picture with its caption.

    Pictures inside the text keep their place; those elsewhere in the article's
    content box (the Founder template puts them above ``<founder-content>``) come
    first. A caption is taken from the picture's table cell or row, a
    ``<figcaption>``, or the element after it; a paragraph of the text is taken
    as a caption only when short and worded like one (摄, 图为, 新华社发…), and
    is then not repeated as a paragraph.
    """
    if root is None:
        return [], []
    _drop(root)
    taken: set = set()
    pictures = [_picture(img, taken, root, 0) for img in _outside_pictures(doc, root)]
    paragraphs: list[str] = []
    for element in root.iter("p", "img"):
        if element.tag == "img" and _shown(element):
            pictures.append(_picture(element, taken, root, len(paragraphs)))
        elif element.tag == "p" and not _is_taken(element, taken):
            paragraphs.append(plain(element.text_content()))
    if not any(paragraphs):
        paragraphs = [plain(line) for line in root.text_content().splitlines()]
    return _counted(paragraphs, pictures)


def _counted(paragraphs: list[str], pictures: list[Picture]) -> tuple[list[dict], list[Picture]]:
    """Paragraph blocks without the empty ones; each picture's place counted in what is kept."""
    kept = [0]
    for p in paragraphs:
        kept.append(kept[-1] + (1 if p else 0))
    for picture in pictures:
        picture.after = kept[min(picture.after, len(paragraphs))]
    return [{"type": "paragraph", "text": p} for p in paragraphs if p], pictures


def _outside_pictures(doc, root) -> list:
    """The pictures of the content box that lie outside the text (and outside the marked text)."""
    if doc is None:
        return []
    box = next((found[0] for path in _PICTURE_PATHS if (found := doc.xpath(path))), None)
    if box is None or box is root:
        return []
    inside = {img.get("src") for img in root.iter("img")}
    return [
        img
        for img in box.iter("img")
        if _shown(img)
        and img.get("src") not in inside
        and not any(a is root or a.tag == "founder-content" for a in img.iterancestors())
    ]


def _shown(img) -> bool:
    """A picture with a source, not an icon or spacer declared a few pixels wide or high."""
    sizes = [img.get("width", ""), img.get("height", "")]
    small = any(s.strip().isdigit() and int(s) < _DECORATION for s in sizes)
    return bool(img.get("src", "").strip()) and not small


def _picture(img, taken: set, root, after: int) -> Picture:
    caption, in_text = _caption(img, taken, root)
    alt = plain(img.get("alt") or img.get("title"))[:CAPTION_LIMIT]
    src = img.get("src", "").strip()
    return Picture(src, caption, "" if alt == caption else alt, after, in_text)


def _is_taken(element, taken: set) -> bool:
    return any(e in taken for e in (element, *element.iterancestors()))


def _caption(img, taken: set, root) -> tuple[str, bool]:
    """The caption beside a picture (see ``body_and_pictures``), and whether it held paragraphs
    of the text. The element holding it is taken: its paragraphs are not repeated."""
    for holder in _caption_holders(img):
        text = plain(holder.text_content())
        if not text or len(text) > CAPTION_LIMIT or holder in taken:
            continue
        in_text = _in_text(holder, root) and next(holder.iter("p"), None) is not None
        if in_text and not _looks_like_caption(holder, text):
            continue
        taken.add(holder)
        return text, in_text
    return "", False


def _caption_holders(img) -> Iterator:
    """Where a caption may be: a figcaption, the picture's table cell or next row, what follows."""
    figure = next((a for a in img.iterancestors("figure")), None)
    if figure is not None:
        yield from figure.iter("figcaption")
    cell = next((a for a in img.iterancestors("td", "th")), None)
    if cell is not None:
        yield cell
        row = cell.getparent()
        if row is not None and row.getnext() is not None:
            yield row.getnext()
    following = _following(img)
    if following is not None and following.tag in _CAPTION_TAGS and not _holds_pictures(following):
        yield following


def _following(img):
    """The element after the picture, or after the otherwise empty element that holds it."""
    holder = img
    while holder.getparent() is not None and not plain(holder.getparent().text_content()):
        holder = holder.getparent()
    following = holder.getnext()
    while following is not None and following.tag == "br":
        following = following.getnext()
    return following


def _holds_pictures(element) -> bool:
    return next(element.iter("img", "founder-content"), None) is not None


def _in_text(element, root) -> bool:
    return any(a is root for a in element.iterancestors())


def _looks_like_caption(element, text: str) -> bool:
    centred = "center" in (element.get("align", "") + element.get("style", "")).lower()
    return centred or bool(_CAPTION_MARK.search(text))


def read_article(file: Path) -> dict:
    """引题, 主标题, 副标题, 作者, body and identity of an article page."""
    doc, text = parse(file)
    enp = _enp_fields(text)
    byline = enp.get("author") or _by_id(doc, "author")
    blocks, pictures = body_and_pictures(doc, _body_root(doc, text))
    return {
        "kicker": enp.get("introtitle") or _by_id(doc, "intro-title", "introtitle"),
        "headline": enp.get("title") or _by_id(doc, "main-title", "maintitle") or _h(doc, "h1"),
        "subheadline": enp.get("subtitle") or _by_id(doc, "sub-title", "subtitle"),
        "byline": "" if _DATE_ONLY.match(byline) else byline,
        "blocks": blocks,
        "pictures": pictures,
        "source_id": enp.get("paperarticleid", ""),
    }


def _h(doc, tag: str) -> str:
    found = doc.xpath(f"//{tag}")
    return plain(found[0].text_content()) if found else ""


# ---------------------------------------------------------------- editions


def node_date(site_path: str, options: IngestOptions) -> dt.date | None:
    """``--date``, else the date in the 版面 page's path (2023-02/10, 202412/25, 20230210)."""
    if options.date is not None:
        return options.date
    for found in _PATH_DATE.finditer(site_path):
        try:
            return dt.date(*map(int, found.groups()))
        except ValueError:
            continue
    return date_in_name(site_path.replace("/", "-"))


def _page_record(site: _Site, node: _Node, order: int, missing: list[str]) -> PageRecord:
    label = node.label or f"{order:02d}"
    problem = validate.label_problem(label)
    if problem is not None:
        raise IngestError(str(node.file), f"page label {label!r}: {problem}")
    page = PageRecord(label=label, order=order, name=node.name, old_urls=[node.site_path])
    size = node.shown
    if node.image is not None:
        page.image = Asset(node.image.name, node.image.read_bytes)
        natural = image_size(_Named(str(node.file)), page.image, "page image")
        page.width, page.height = natural
        size = size or (float(natural[0]), float(natural[1]))
    if node.pdf is not None:
        checked_pdf(node.pdf.read_bytes(), str(node.pdf), node.pdf.name)
        page.pdf = Asset(node.pdf.name, node.pdf.read_bytes)
    found = [_article_record(site, node, t, i, size) for i, t in enumerate(node.targets, 1)]
    for article, fields in found:
        _add_pictures(site, article, fields.get("pictures", []), missing, f"page {label}:")
    page.articles = [article for article, _ in found]
    return page


@dataclass(frozen=True)
class _Named:
    manifest_name: str


def _article_record(
    site: _Site, node: _Node, target: str, order: int, size
) -> tuple[ArticleRecord, dict]:
    """The article a 版面 page links to, with what its page said (the pictures still to find)."""
    file = site.file(target)
    fields = read_article(file) if file is not None else {}
    article = ArticleRecord(
        order=order,
        kicker=fields.get("kicker", "")[:300],
        headline=(fields.get("headline") or node.titles.get(target, ""))[:300],
        subheadline=fields.get("subheadline", "")[:300],
        byline=fields.get("byline", "")[:300],
        blocks=fields.get("blocks", []),
        hotspot=hotspot(node, target, size),
        source=str(file or node.file),
        source_id=fields.get("source_id") or posixpath.splitext(posixpath.basename(target))[0],
        old_urls=[target],
    )
    return article, fields


def _add_pictures(
    site: _Site, article: ArticleRecord, pictures: list[Picture], missing: list[str], where: str
) -> None:
    """Image blocks for the pictures whose files were saved; the others are listed as missing.

    Nothing is fetched: a picture is the file at its path inside the saved site,
    whatever host its URL names. A path leading out of the site is refused unread.
    """
    target = article.old_urls[0]
    placed: list[tuple[int, dict]] = []
    for picture in pictures:
        path = (
            None if picture.src.lower().startswith("data:") else site.site_path(target, picture.src)
        )
        try:
            name, asset = _picture_file(site, path, picture.src)
        except IngestError as exc:
            missing.append(f"{where} picture {path or picture.src!r} in {target} ({exc.reason})")
            if picture.caption_in_text:  # the paragraph stays where it was printed
                placed.append((picture.after, {"type": "paragraph", "text": picture.caption}))
            continue
        article.assets.setdefault(name, asset)
        block = {"type": "image", "src": name, "caption": picture.caption, "alt": picture.alt}
        placed.append((picture.after, {k: v for k, v in block.items() if v or k == "src"}))
    blocks = list(article.blocks)
    for after, block in reversed(placed):
        blocks.insert(after, block)
    article.blocks = blocks


def _picture_file(site: _Site, path: str | None, src: str) -> tuple[str, Asset]:
    """The picture's name in the body and its file, as an image browsers show.

    A saved TIFF or BMP (vendors kept ``.tif`` pictures) is made a JPEG; a file
    that is no image is refused, naming why.
    """
    if path is None:
        raise IngestError(src, "outside the saved site or not a file: not read")
    file = site.file(path)
    if file is None:
        raise IngestError(path, "not saved")
    asset = Asset(file.name, file.read_bytes)
    try:
        image_size(_Named(str(file)), asset, "picture")
    except IngestError as refused:
        try:
            jpeg = scan_images(file.read_bytes(), limits().image_pixels).hidpi.data
        except ImageRefused:
            raise refused from None
        return path.lstrip("/") + ".jpg", Asset(file.stem + ".jpg", lambda: jpeg)
    return path.lstrip("/"), asset


def _label_key(label: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"([0-9]+)", label.upper())]


def read_edition(
    site: _Site, date: dt.date, files: list[Path], options: IngestOptions
) -> EditionRecord:
    nodes = [read_node(site, f) for f in files]
    nodes.sort(key=lambda n: (_label_key(n.label) if n.label else [], _node_number(n.file)))
    missing: list[str] = []
    pages = [_page_record(site, node, order, missing) for order, node in enumerate(nodes, 1)]
    seen: dict[str, Path] = {}
    for page, node in zip(pages, nodes, strict=True):
        if page.label in seen:
            raise IngestError(
                str(node.file), f"page label {page.label!r} also given by {seen[page.label]}"
            )
        seen[page.label] = node.file
    return EditionRecord(
        newspaper=_newspaper(options, site.root),
        newspaper_name=options.newspaper_name,
        date=date,
        pages=pages,
        source=str(site.root),
        missing=missing,
    )


def _newspaper(options: IngestOptions, root: Path) -> str:
    if not options.newspaper:
        raise IngestError(str(root), "no newspaper: a saved site names none, give --newspaper")
    return options.newspaper


def _node_number(file: Path) -> list:
    return _label_key(file.stem)


def node_files(root: Path) -> list[Path]:
    return sorted(
        (p for p in root.rglob("node_*") if NODE.fullmatch(p.name) and p.is_file()),
        key=lambda p: (p.parent.as_posix(), _node_number(p)),
    )


def read_site(root: Path, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
    """One edition per date, in date order; a bad edition is yielded as its error."""
    site = _Site(root)
    by_date: dict[dt.date, list[Path]] = {}
    for file in node_files(root):
        date = node_date(site.site_path_of(file), options)
        if date is None:
            yield IngestError(str(file), "no edition date in its path: give --date")
            continue
        by_date.setdefault(date, []).append(file)
    if not by_date:
        yield IngestError(str(root), "no 版面 page (node_N.htm) in this folder")
    for date in sorted(by_date):
        try:
            yield read_edition(site, date, by_date[date], options)
        except IngestError as exc:
            yield exc


class LegacySiteFormat:
    name = "legacy-site"
    container = True

    def sniff(self, source: Source) -> bool:
        path = source.path
        if path is None or not path.is_dir():
            return False
        return next((True for p in path.rglob("node_*") if NODE.fullmatch(p.name)), False)

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        if source.path is None or not source.path.is_dir():
            yield IngestError(source.name, "a saved site must be a folder (its root)")
            return
        yield from read_site(source.path, options)
