"""Lexemes past PostgreSQL's 256 places per lexeme: listed, so phrase queries find them all."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search_pg", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="OverflowLexeme",
            fields=[
                ("lexeme", models.TextField(primary_key=True, serialize=False)),
                ("groups", models.PositiveIntegerField()),
            ],
            options={"db_table": "search_pg_overflow"},
        ),
    ]
