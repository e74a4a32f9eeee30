"""Which editions reference which media file, so the media door keeps the visibility rule.

Page images, thumbnails, PDFs and article pictures are stored once under
content-hash names and may be shared by several editions (a logo, a page
image re-used after ``--replace``). ``MediaReference`` holds one row per
(file name, edition); a file may be shown to the public when at least one of
its editions is public (``visibility.public_q``).

Every writer of pages and articles keeps the rows right in its own
transaction: ``ingest.services.load_edition`` (``record`` for a new edition;
a replaced edition's rows go with it by cascade), ``ingest.placement`` and
the admin (``refresh``). Status changes need nothing: visibility is joined
at request time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from .models import Article, MediaReference, Page
from .visibility import public_q

PAGE_FILES = ("image", "image_hidpi", "thumbnail", "pdf")


def body_names(body) -> set[str]:
    """The storage names of the pictures in an article body (``image`` blocks' ``src``)."""
    if not isinstance(body, list):
        return set()
    return {
        block["src"]
        for block in body
        if isinstance(block, dict)
        and block.get("type") == "image"
        and isinstance(block.get("src"), str)
        and block["src"]
    }


HELD_BACK = ("draft", "withdrawn")  # article states whose pictures are not served


def record(edition_id: int, names: Iterable[str]) -> None:
    """Write the references of a newly created edition (inside the caller's transaction)."""
    MediaReference.objects.bulk_create(
        (MediaReference(edition_id=edition_id, name=name) for name in sorted(set(names)) if name),
        batch_size=500,
    )


def edition_names(edition_ids: Iterable[int]) -> dict[int, set[str]]:
    """The media names the editions' pages and articles use now, read from their rows.

    A draft or withdrawn article's pictures are not counted (an editor held it back, so
    its files leave with it unless another article uses them too); a scheduled one's are,
    their content-hash names being unguessable until the article is shown.
    """
    ids = set(edition_ids)
    names: dict[int, set[str]] = defaultdict(set)
    for edition_id, *files in Page.objects.filter(edition_id__in=ids).values_list(
        "edition_id", *PAGE_FILES
    ):
        names[edition_id].update(f for f in files if f)
    shown = Article.objects.filter(page__edition_id__in=ids).exclude(status__in=HELD_BACK)
    bodies = shown.values_list("page__edition_id", "body")
    for edition_id, body in bodies.iterator(chunk_size=1000):
        names[edition_id].update(body_names(body))
    return names


def refresh(edition_ids: Iterable[int]) -> None:
    """Rewrite the references of these editions from their pages and articles.

    For writers that change an existing edition (placement, the admin); an
    edition that no longer exists simply loses its rows.
    """
    ids = {i for i in edition_ids if i is not None}
    if not ids:
        return
    with transaction.atomic():
        wanted = {(e, n) for e, names in edition_names(ids).items() for n in names}
        stale = []
        rows = MediaReference.objects.filter(edition_id__in=ids)
        for pk, edition_id, name in rows.values_list("pk", "edition_id", "name"):
            if (edition_id, name) in wanted:
                wanted.discard((edition_id, name))
            else:
                stale.append(pk)
        if stale:
            MediaReference.objects.filter(pk__in=stale).delete()
        MediaReference.objects.bulk_create(
            (MediaReference(edition_id=e, name=n) for e, n in sorted(wanted)), batch_size=500
        )


def is_public(name: str) -> bool:
    """Whether an edition the public may see references the file ``name`` (one indexed query)."""
    return MediaReference.objects.filter(name=name).filter(public_q("edition__")).exists()
