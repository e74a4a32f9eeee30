"""Doors for machines beside the reader: feeds, sitemaps, robots.txt, OpenSearch.

Included before the reader's URLs; none of these paths can be a reader URL
(paper slugs have no dots, and the reader's paths end in a slash).
"""

from django.urls import path, re_path

from . import feeds, sitemaps, views

app_name = "doors"

PAPER = r"(?P<paper>[a-z0-9][a-z0-9-]*)"

urlpatterns = [
    # /robots.txt
    path("robots.txt", views.robots_txt, name="robots"),
    # /opensearch.xml
    path("opensearch.xml", views.opensearch, name="opensearch"),
    # /sitemap.xml  (the index)
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    # /sitemap-news.xml  (Google News: today and yesterday)
    path("sitemap-news.xml", sitemaps.news, name="news"),
    # /sitemap-chenbao-2024.xml  (articles), /sitemap-chenbao-2024-pages.xml  (版面)
    re_path(r"^sitemap-(?P<section>[a-z0-9-]+)\.xml$", sitemaps.section, name="sitemap_section"),
    # /chenbao/feed.rss, /chenbao/feed.atom  (articles with full text)
    re_path(rf"^{PAPER}/feed\.rss$", feeds.ArticleFeed(), name="articles_rss"),
    re_path(rf"^{PAPER}/feed\.atom$", feeds.ArticleAtomFeed(), name="articles_atom"),
    # /chenbao/editions.rss, /chenbao/editions.atom  (one item per edition)
    re_path(rf"^{PAPER}/editions\.rss$", feeds.EditionFeed(), name="editions_rss"),
    re_path(rf"^{PAPER}/editions\.atom$", feeds.EditionAtomFeed(), name="editions_atom"),
]
