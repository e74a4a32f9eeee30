"""Template tags for the links and meta tags the doors put in every reader page's head."""

from __future__ import annotations

import json

from django import template
from django.utils.safestring import SafeString, mark_safe

from broadsheet.editions.models import Newspaper

from ..citation import apa, article_meta, gbt7714, news_article

register = template.Library()


def _language(context, article: dict) -> str:
    language = context.get("newspaper_language")  # the reader's article view passes it
    if language is None:
        slug = article["edition"]["newspaper"]["slug"]
        language = Newspaper.objects.filter(slug=slug).values_list("language", flat=True).first()
    return language or ""


@register.simple_tag(takes_context=True)
def citation_tags(context, article: dict) -> list:
    """The ``citation_*`` and Open Graph tags of the article page being rendered."""
    return article_meta(article, context["request"], _language(context, article))


@register.simple_tag(takes_context=True)
def references(context, article: dict) -> list[tuple[str, str]]:
    """The article's reference in each citation style: (style, text), for 引用本文."""
    url = context["request"].build_absolute_uri(article["url"])
    return [("GB/T 7714", gbt7714(article, url)), ("APA", apa(article, url))]


# What json_script escapes: nothing in the JSON can end the <script> element or open a tag.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article: dict) -> SafeString:
    """``<script type="application/ld+json">`` with the schema.org NewsArticle (a data block:
    browsers run no script of this type, so the page's CSP has nothing to allow)."""
    publisher = context.get("publisher")
    data = news_article(
        article,
        context["request"].build_absolute_uri,
        getattr(publisher, "name", ""),
        _language(context, article),
    )
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    return context["request"].build_absolute_uri(url) if url else ""
