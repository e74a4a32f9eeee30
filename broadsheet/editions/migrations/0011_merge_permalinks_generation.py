# Merges permanent article links and the reader generation (two branches, each from 0009).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('editions', '0010_article_permalinks_and_redirects'),
        ('editions', '0010_reader_generation'),
    ]

    operations = [
    ]
