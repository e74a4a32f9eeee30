"""Citation and sharing metadata of an article page: Highwire ``citation_*``, Open Graph.

Zotero's Embedded Metadata translator reads the ``citation_*`` tags (the
Highwire Press set Google Scholar also uses); ``DC.type`` ``NewsItem`` makes it
file the item as a newspaper article rather than a journal article (which
``citation_journal_title`` alone would suggest). Open Graph gives link previews
in chat apps and social sites. Values are plain strings here; the template
escapes them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from django.http import HttpRequest

from .language import content_language, og_locale


class Meta(NamedTuple):
    """One ``<meta {attr}="{key}" content="{value}">``."""

    attr: str
    key: str
    value: str


# A byline names people by what they did: 本报记者 李明, 文／林溪, 通讯员 郑晨, 张三 摄.
_SEPARATORS = re.compile(r"[\s、，,；;/／|｜]+")
_ROLE_PREFIX = re.compile(r"^.*?(?:记者|通讯员|实习生|评论员|撰稿人?)")
_ROLE_SUFFIX = re.compile(r"(?:摄影|摄|报道|整理|撰稿)$")
_ROLE_WORDS = {"文", "图", "文图", "摄", "摄影", "本报讯", "报道", "整理", "编辑", "撰稿"}
_BRACKETS = "（）()【】[]"
_CJK = re.compile(r"[\u3400-\u9fff]")


def _name(token: str) -> str:
    """A token without the role words around a name (本报记者李明 → 李明, 李明摄 → 李明)."""
    if token in _ROLE_WORDS:
        return ""
    name = _ROLE_PREFIX.sub("", token)
    return name if len(name) <= 1 else _ROLE_SUFFIX.sub("", name)


def byline_authors(byline: str) -> list[str]:
    """The people a byline names, in order, without their roles.

    ``本报记者 林晓雯 通讯员 郑晨`` → ``["林晓雯", "郑晨"]``; ``文／林溪`` → ``["林溪"]``. A byline
    in Latin script keeps its spaces (``By Jane Doe`` → ``["Jane Doe"]``).
    """
    text = (byline or "").strip().strip(_BRACKETS).strip()
    if not text:
        return []
    if not _CJK.search(text):
        return [re.sub(r"^by\s+", "", text, flags=re.IGNORECASE)]
    names = (_name(token) for token in _SEPARATORS.split(text))
    return [name for name in names if name and name not in _ROLE_WORDS]


def _highwire(article: dict, absolute, language: str) -> list[Meta]:
    edition, page = article["edition"], article["page"]
    date = edition["date"].replace("-", "/")
    tags = [Meta("name", "citation_title", article["headline"] or article["title"])]
    tags += [Meta("name", "citation_author", a) for a in byline_authors(article["byline"])]
    tags += [
        Meta("name", "citation_date", date),
        Meta("name", "citation_publication_date", date),
        Meta("name", "citation_journal_title", edition["newspaper"]["name"]),
        Meta("name", "citation_firstpage", page["label"]),
        Meta("name", "citation_language", language),
        Meta("name", "citation_public_url", absolute(article["url"])),
        Meta("name", "DC.type", "NewsItem"),
    ]
    if page["pdf"]:
        tags.append(Meta("name", "citation_pdf_url", absolute(page["pdf"])))
    return tags


def share_image(article: dict) -> str:
    """The article's first picture, else its page image (a whole page reads badly as a preview)."""
    pictures = [b.get("src") for b in article["body"] if b.get("type") == "image"]
    return next((src for src in pictures if src), article["page"]["image"])


def _open_graph(article: dict, absolute, language: str) -> list[Meta]:
    edition, page = article["edition"], article["page"]
    tags = [
        Meta("property", "og:type", "article"),
        Meta("property", "og:title", article["title"]),
        Meta("property", "og:url", absolute(article["url"])),
        Meta("property", "og:site_name", edition["newspaper"]["name"]),
        Meta("property", "og:locale", og_locale(language)),
        Meta("property", "article:published_time", edition["date"]),
    ]
    if article["lead"]:
        tags.append(Meta("property", "og:description", article["lead"]))
    if image := share_image(article):
        tags.append(Meta("property", "og:image", absolute(image)))
    if page["name"]:
        tags.append(Meta("property", "article:section", page["name"]))
    return tags


def article_meta(article: dict, request: HttpRequest, language: str) -> list[Meta]:
    """Every citation and sharing tag of an article page (``article`` as the reader renders it)."""

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url)

    code = content_language(language)
    return _highwire(article, absolute, code) + _open_graph(article, absolute, code)


# -- How to cite it: GB/T 7714-2015 and APA, and schema.org for search engines -------------

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _title(article: dict) -> str:
    return article["headline"] or article["title"]


def gbt7714(article: dict, url: str) -> str:
    """The reference as GB/T 7714-2015 writes a newspaper article (its 8.4 and example):
    ``主要责任者. 题名[N]. 报纸名, 出版日期(版次). 获取和访问路径.``"""
    authors = ", ".join(byline_authors(article["byline"]))
    edition = article["edition"]
    head = f"{authors}. " if authors else ""
    paper, date, label = edition["newspaper"]["name"], edition["date"], article["page"]["label"]
    return f"{head}{_title(article)}[N]. {paper}, {date}({label}). {url}"


def apa(article: dict, url: str) -> str:
    """The reference in APA style (7th edition, a newspaper article online):
    ``Author. (2021, June 1). Title. Newspaper, p. 01. URL``."""
    authors = ", ".join(byline_authors(article["byline"]))
    year, month, day = (int(part) for part in article["edition"]["date"].split("-"))
    when = f"({year}, {_MONTHS[month - 1]} {day})"
    paper, label = article["edition"]["newspaper"]["name"], article["page"]["label"]
    head = f"{authors}. {when}. {_title(article)}." if authors else f"{_title(article)}. {when}."
    return f"{head} {paper}, p. {label}. {url}"


def news_article(article: dict, absolute, publisher: str, language: str) -> dict:
    """schema.org ``NewsArticle`` (JSON-LD): what search engines read of a news page."""
    edition, page = article["edition"], article["page"]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _title(article)[:110],  # the length search engines show
        "datePublished": edition["date"],
        "inLanguage": content_language(language),
        "url": absolute(article["url"]),
        "mainEntityOfPage": absolute(article["url"]),
        "author": [{"@type": "Person", "name": name} for name in byline_authors(article["byline"])],
        "publisher": {"@type": "Organization", "name": publisher or edition["newspaper"]["name"]},
        "isPartOf": {
            "@type": "PublicationIssue",
            "datePublished": edition["date"],
            "url": absolute(edition["url"]),
            "isPartOf": {"@type": "Periodical", "name": edition["newspaper"]["name"]},
        },
        "pageStart": page["label"],
    }
    if image := share_image(article):
        data["image"] = [absolute(image)]
    if article.get("lead"):
        data["description"] = article["lead"]
    return data
