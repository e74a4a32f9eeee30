"""Pages without articles become search documents: every index picks them up.

Indexes built before held articles only, so each public or scheduled edition with
such a page gets a change log row; every host applies it from its cursor (reading
the edition's documents, pages included), and no one has to run ``reindex``.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q


def log_page_only_editions(apps, schema_editor):
    page = apps.get_model("editions", "Page")
    article = apps.get_model("editions", "Article")
    jump = apps.get_model("editions", "ArticleJump")
    change = apps.get_model("search", "SearchChange")
    indexable = Q(edition__status="published") | Q(
        edition__status="scheduled", edition__publish_at__isnull=False
    )
    pages = page.objects.filter(indexable, text_layer__characters__gt=0).filter(
        ~Exists(article.objects.filter(page=OuterRef("pk"))),
        ~Exists(jump.objects.filter(page=OuterRef("pk"))),
    )
    editions = sorted(set(pages.values_list("edition_id", flat=True)))
    change.objects.bulk_create(change(edition_id=e, kind="edited") for e in editions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_change_log"),
        ("editions", "0012_merge_newsroom"),
        ("pages", "0002_ocr_engine"),
    ]

    operations = [
        migrations.RunPython(log_page_only_editions, migrations.RunPython.noop),
    ]
