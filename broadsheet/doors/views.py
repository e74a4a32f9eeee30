"""robots.txt and the OpenSearch description: small text doors for crawlers and browsers."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from broadsheet.reader import services as reader

from .language import content_language

# OpenSearch 1.1 allows at most 16 characters in <ShortName>.
SHORT_NAME_LENGTH = 16


# Example: /robots.txt
def robots_txt(request):
    """Crawl the editions, not the endless query space of search and its filters."""
    context = {
        "search_url": reverse("search:results"),
        "api_search_url": reverse("api:search"),
        "sitemaps": [
            request.build_absolute_uri(reverse(name)) for name in ("doors:sitemap", "doors:news")
        ],
    }
    return render(request, "doors/robots.txt", context, content_type="text/plain; charset=utf-8")


def site_name() -> str:
    """The publisher of the default newspaper names the site, as in the reader's masthead."""
    paper = reader.default_newspaper()
    return paper.publisher.name if paper else "Broadsheet"


# Example: /opensearch.xml  (linked from every page with <link rel="search">)
def opensearch(request):
    """The OpenSearch description of 内容搜索, so a browser can add the site's search."""
    paper = reader.default_newspaper()
    name = site_name()
    context = {
        "short_name": Truncator(name).chars(SHORT_NAME_LENGTH, truncate=""),
        "description": _("%(name)s 内容搜索") % {"name": name},
        "language": content_language(paper.language if paper else ""),
        "search_url": request.build_absolute_uri(reverse("search:results")),
        "api_search_url": request.build_absolute_uri(reverse("api:search")),
        "self_url": request.build_absolute_uri(reverse("doors:opensearch")),
    }
    content_type = "application/opensearchdescription+xml; charset=utf-8"
    return render(request, "doors/opensearch.xml", context, content_type=content_type)
