"""The index table; on PostgreSQL also its tsvector columns and their GIN index."""

from django.db import migrations, models

VECTORS = [
    "ALTER TABLE search_pg_document ADD COLUMN headline_vector tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_pg_document ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_pg_document_vector ON search_pg_document USING gin (vector)",
]


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in VECTORS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="IndexedArticle",
            fields=[
                ("article_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("edition_id", models.BigIntegerField(db_index=True)),
                ("newspaper", models.CharField(max_length=64)),
                ("date", models.DateField()),
                ("page_label", models.CharField(max_length=16)),
                ("sort_key", models.BigIntegerField(db_index=True)),
                ("visible_from", models.BigIntegerField()),
                ("fingerprint", models.CharField(max_length=32)),
            ],
            options={"db_table": "search_pg_document"},
        ),
        migrations.RunPython(add_vectors, migrations.RunPython.noop, elidable=False),
    ]
