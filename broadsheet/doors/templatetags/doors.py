"""Template tags for the links and meta tags the doors put in every reader page's head."""

from __future__ import annotations

from django import template

from broadsheet.editions.models import Newspaper

from ..citation import article_meta

register = template.Library()


@register.simple_tag(takes_context=True)
def citation_tags(context, article: dict) -> list:
    """The ``citation_*`` and Open Graph tags of the article page being rendered."""
    language = context.get("newspaper_language")  # the reader's article view passes it
    if language is None:
        slug = article["edition"]["newspaper"]["slug"]
        language = Newspaper.objects.filter(slug=slug).values_list("language", flat=True).first()
    return article_meta(article, context["request"], language or "")


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    return context["request"].build_absolute_uri(url) if url else ""
