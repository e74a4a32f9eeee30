# The column is unchanged (JSON); only the model field's class changes, so the
# database is left alone (SQLite would otherwise rebuild the article table).

import broadsheet.editions.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("editions", "0005_fill_media_references"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="body",
                    field=broadsheet.editions.fields.BlocksField(
                        blank=True, default=list, verbose_name="body blocks"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
