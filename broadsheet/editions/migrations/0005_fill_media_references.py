"""Fill the media references of the editions loaded before the table existed.

The rule is frozen here (not imported from ``editions.media``) so later changes
to the code cannot change what this migration did: a page's image, thumbnail
and PDF, and every ``image`` block's ``src`` in its articles' bodies.
"""

from django.db import migrations

BATCH = 1000


def _body_names(body):
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


def fill(apps, schema_editor):
    Page = apps.get_model("editions", "Page")
    Article = apps.get_model("editions", "Article")
    MediaReference = apps.get_model("editions", "MediaReference")
    pairs = set()
    pages = Page.objects.values_list("edition_id", "image", "thumbnail", "pdf")
    for edition_id, *files in pages.iterator(chunk_size=BATCH):
        pairs.update((edition_id, name) for name in files if name)
    bodies = Article.objects.values_list("page__edition_id", "body")
    for edition_id, body in bodies.iterator(chunk_size=BATCH):
        pairs.update((edition_id, name) for name in _body_names(body))
    MediaReference.objects.bulk_create(
        (MediaReference(edition_id=e, name=n) for e, n in sorted(pairs)),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def empty(apps, schema_editor):
    apps.get_model("editions", "MediaReference").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("editions", "0004_mediareference"),
    ]

    operations = [
        migrations.RunPython(fill, empty),
    ]
