"""The outbox becomes an ordered change log with per-host cursors.

Every outbox row still pending on upgrade becomes a log row (oldest first),
so nothing waiting is lost: an index without a cursor and an untrimmed log
starts from the beginning of the log (``indexing.start_cursor``).
"""

from django.db import migrations, models


def outbox_to_log(apps, schema_editor):
    outbox = apps.get_model("search", "IndexOutbox")
    change = apps.get_model("search", "SearchChange")
    rows = outbox.objects.order_by("id").values_list("edition_id", "created_at")
    for edition_id, created_at in rows.iterator(chunk_size=2000):
        row = change.objects.create(edition_id=edition_id, kind="edited")
        change.objects.filter(pk=row.pk).update(created_at=created_at)


def log_to_outbox(apps, schema_editor):
    """Going back: every log row becomes a pending outbox row (re-applying is harmless)."""
    outbox = apps.get_model("search", "IndexOutbox")
    change = apps.get_model("search", "SearchChange")
    for edition_id in change.objects.order_by("id").values_list("edition_id", flat=True):
        outbox.objects.create(edition_id=edition_id)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("edition_id", models.BigIntegerField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("loaded", "loaded"),
                            ("published", "published"),
                            ("scheduled", "scheduled"),
                            ("withdrawn", "withdrawn"),
                            ("unpublished", "unpublished"),
                            ("edited", "edited"),
                            ("article_edited", "article edited"),
                            ("deleted", "deleted"),
                        ],
                        default="edited",
                        max_length=16,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.CreateModel(
            name="SearchHost",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300, unique=True)),
                ("cursor", models.BigIntegerField(default=0)),
                ("seen_at", models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name="SearchLogTrim",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("through_id", models.BigIntegerField()),
                ("trimmed_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(outbox_to_log, log_to_outbox),
        migrations.DeleteModel(name="IndexOutbox"),
    ]
