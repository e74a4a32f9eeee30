"""A held-back article's pictures leave the media door with it (``editions.media``), unless
another shown article uses the same file; publishing it again brings them back."""

from __future__ import annotations

from broadsheet.editions.models import Article
from broadsheet.newsroom import services


def _photos() -> list[Article]:
    """图片新闻 of every page of both editions: one picture file (stored by content hash)."""
    return list(Article.objects.filter(headline="图片新闻").order_by("pk"))


def _status(client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # read out, so the file is closed
    return response.status_code


def test_a_held_back_articles_picture_is_not_served(client, newsroom):
    admin = newsroom.people["site_admin"]
    photos = _photos()
    url = "/media/" + photos[0].body[0]["src"]
    assert len({p.body[0]["src"] for p in photos}) == 1 and len(photos) == 4
    assert _status(client, url) == 200
    for photo in photos:
        services.set_article_state(admin, photo, "withdrawn")
    assert _status(client, url) == 404
    services.set_article_state(admin, photos[-1], "published")
    assert _status(client, url) == 200


def test_a_picture_another_shown_article_uses_stays(client, newsroom):
    photo = _photos()[0]
    services.set_article_state(newsroom.people["site_admin"], photo, "draft")
    assert _status(client, "/media/" + photo.body[0]["src"]) == 200
