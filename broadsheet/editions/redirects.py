"""Where an old URL leads now: the redirect table, read through the one visibility rule.

Two kinds of rows (``models.Redirect``): readable URLs whose story moved when an
edition was replaced (written by ingest, ``ingest.identity``), and the URLs of a
site Broadsheet took over (imported: ``broadsheet redirects import``, legacy
数字报 sites). The reader asks ``follow`` before it answers 404, and the article
view asks it for a position an older link still means (``Article.displaced``).

A row never leads to a hidden edition: its article, or the edition its path
names, must be public, else it is as if the row did not exist (404).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve

from . import urls
from .models import Article, Edition, Redirect
from .permalinks import is_permalink
from .visibility import article_public_q

JSON = ".json"


@dataclass(frozen=True)
class Found:
    """A redirect to answer: the URL and whether it is permanent (301) or not (302)."""

    url: str
    permanent: bool


def normalise(path: str) -> str:
    """A path as stored and looked up: no scheme, host, query or fragment; decoded; leading /.

    Old links carry queries the old site ignored (``content_123.htm?div=-1``),
    so a row matches the path alone.
    """
    path = unquote(urlsplit(path.strip()).path)
    return path if path.startswith("/") else "/" + path


MAX_PATH = 500  # Redirect.old_path's length: a longer path was never stored


def follow(path: str) -> Found | None:
    """Where ``path`` leads (a ``.json`` twin to the target's twin), or None.

    A path with a NUL (``/media/x%00.png``) leads nowhere: no stored path holds one, and
    PostgreSQL refuses it in a query (the 404 page became a 500).
    """
    path = normalise(path)
    if "\x00" in path or len(path) > MAX_PATH:
        return None
    row = Redirect.objects.filter(old_path=path).first()
    twin = row is None and path.endswith(JSON)
    if twin:
        row = Redirect.objects.filter(old_path=path[: -len(JSON)] + "/").first()
    if row is None:
        return None
    url = target(row)
    if url is None:
        return None
    if twin and url.endswith("/"):
        url = url[:-1] + JSON
    elif twin and is_permalink(url.rsplit("/", 1)[-1]):
        url += JSON
    return Found(url, permanent=row.origin != Redirect.Origin.REPLACE)


def target(row: Redirect) -> str | None:
    """The URL ``row`` leads to now, or None when that is hidden or gone."""
    if row.permalink:
        article = public_article(row.permalink)
        return urls.article_url(article) if article is not None else None
    return row.target_path if _path_is_public(row.target_path) else None


def public_article(permalink: str) -> Article | None:
    """The article holding ``permalink`` when it and its edition are public."""
    rows = Article.objects.filter(article_public_q(), permalink=permalink)
    return rows.select_related("page__edition__newspaper__publisher").first()


def _path_is_public(path: str) -> bool:
    """False for a path naming an edition (or an article) the public may not see, and for
    anything but a path of this site (``//host``, ``/\\host`` leave it)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return False
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return True  # not ours to judge (a static page); the target answers for itself
    kwargs = match.kwargs
    if "permalink" in kwargs:
        return public_article(kwargs["permalink"]) is not None
    if "paper" in kwargs and "date" in kwargs:
        editions = Edition.objects.public().filter(newspaper__slug=kwargs["paper"])
        return editions.filter(date=kwargs["date"]).exists()
    return True


class RedirectFileError(ValueError):
    """A redirect CSV that cannot be imported; the message names the file and line."""


def read_csv(name: str, text: str) -> list[Redirect]:
    """Rows of a CSV ``old path,target``: a target is a path (``/…``) or an article's
    permanent id (``a:7kq2m9xp`` or ``/a/7kq2m9xp``). A header line is skipped."""
    rows: dict[str, Redirect] = {}
    for number, fields in enumerate(csv.reader(io.StringIO(text)), 1):
        if not fields or not "".join(fields).strip() or fields[0].strip().startswith("#"):
            continue
        if number == 1 and fields[0].strip().lower() in {"old", "old_path", "from"}:
            continue
        row = _row(name, number, fields)
        rows[row.old_path] = row
    return list(rows.values())


def _row(name: str, number: int, fields: list[str]) -> Redirect:
    where = f"{name}: line {number}"
    if len(fields) != 2:
        raise RedirectFileError(f"{where}: expected 2 fields (old path, target), got {len(fields)}")
    old, new = (field.strip() for field in fields)
    if not old or not new:
        raise RedirectFileError(f"{where}: old path and target must both be given")
    old_path = normalise(old)
    if len(old_path) > 500:
        raise RedirectFileError(f"{where}: old path longer than 500 characters")
    token = new[2:] if new.startswith("a:") else new[3:] if new.startswith("/a/") else ""
    if token:
        if not is_permalink(token.removesuffix("/")):
            raise RedirectFileError(f"{where}: {token!r} is not a permanent article ID")
        return Redirect(old_path=old_path, permalink=token.removesuffix("/"))
    if not new.startswith("/") or new.startswith("//") or len(new) > 500:
        raise RedirectFileError(f"{where}: target {new!r} must be a path of this site (/…)")
    return Redirect(old_path=old_path, target_path=new)


def store(rows: list[Redirect], origin: str = Redirect.Origin.IMPORT) -> int:
    """Write ``rows`` in one transaction, each replacing a row with the same old path."""
    with transaction.atomic():
        Redirect.objects.filter(old_path__in=[r.old_path for r in rows]).delete()
        for row in rows:
            row.origin = origin
        Redirect.objects.bulk_create(rows, batch_size=500)
    return len(rows)
