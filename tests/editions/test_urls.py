"""The reader URLs written out in ``editions.urls`` are the ones the URL configuration routes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.urls import resolve, reverse

from broadsheet.editions import urls

DATE = dt.date(2024, 3, 1)


def test_every_written_url_is_what_reverse_gives():
    for slug, label, order in [("chenbao", "01", 3), ("a-b9", "A01", 12), ("x", "b-2", 999999)]:
        day = DATE.isoformat()
        article = SimpleNamespace(
            order=order,
            displaced=False,
            permalink="k7m2q9xp",
            page=SimpleNamespace(
                label=label,
                edition=SimpleNamespace(date=DATE, newspaper=SimpleNamespace(slug=slug)),
            ),
        )
        assert urls.newspaper_url(slug) == reverse("reader:newspaper", args=[slug])
        assert urls.edition_url(slug, DATE) == reverse("reader:edition", args=[slug, day])
        assert urls.edition_pdf_url(slug, DATE) == reverse("reader:edition_pdf", args=[slug, day])
        assert urls.page_url(slug, DATE, label) == reverse("reader:page", args=[slug, day, label])
        assert urls.article_url(article) == reverse(
            "reader:article", args=[slug, day, label, order]
        )
        assert urls.month_url(slug, 2024, 3) == reverse("reader:month", args=[slug, "2024-03"])
        assert resolve(urls.article_url(article)).url_name == "article"
        assert urls.permalink_url("k7m2q9xp") == reverse("reader:permalink", args=["k7m2q9xp"])
        article.displaced = True  # an older link holds its position: its permanent link
        assert urls.article_url(article) == reverse("reader:permalink", args=["k7m2q9xp"])
