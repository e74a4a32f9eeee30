# Permanent article ids (/a/<id>) and the redirect table. Existing articles get an id
# each before the column becomes unique (a callable default gives one value to all rows).

import broadsheet.editions.permalinks
from django.db import migrations, models


def give_ids(apps, schema_editor):
    Article = apps.get_model("editions", "Article")
    new_permalink = broadsheet.editions.permalinks.new_permalink
    used = set()
    batch = []
    for article in Article.objects.only("pk").iterator(chunk_size=2000):
        token = new_permalink()
        while token in used:
            token = new_permalink()
        used.add(token)
        article.permalink = token
        batch.append(article)
        if len(batch) >= 2000:
            Article.objects.bulk_update(batch, ["permalink"])
            batch = []
    Article.objects.bulk_update(batch, ["permalink"])


class Migration(migrations.Migration):

    dependencies = [
        ("editions", "0009_validate_reader_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="permalink",
            field=models.CharField(max_length=16, null=True, editable=False, verbose_name="permanent ID"),
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="permalink",
            field=models.CharField(
                default=broadsheet.editions.permalinks.new_permalink,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="permanent ID",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="displaced",
            field=models.BooleanField(default=False, verbose_name="position taken by an older link"),
        ),
        migrations.CreateModel(
            name="Redirect",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_path", models.CharField(max_length=500, unique=True, verbose_name="old path")),
                ("permalink", models.CharField(blank=True, max_length=16, verbose_name="article (permanent ID)")),
                ("target_path", models.CharField(blank=True, max_length=500, verbose_name="new path")),
                (
                    "origin",
                    models.CharField(
                        choices=[("replace", "replaced edition"), ("import", "imported"), ("legacy", "legacy site")],
                        default="import",
                        max_length=16,
                        verbose_name="origin",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "redirect",
                "verbose_name_plural": "redirects",
                "ordering": ["old_path"],
                "constraints": [
                    models.CheckConstraint(
                        condition=(models.Q(permalink="") & ~models.Q(target_path=""))
                        | (~models.Q(permalink="") & models.Q(target_path="")),
                        name="redirect_has_one_target",
                    )
                ],
            },
        ),
    ]
