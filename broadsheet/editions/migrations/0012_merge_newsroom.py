# Merges the newsroom branch (article states, corrections, validators) with permalinks and the reader generation.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('editions', '0011_article_body_and_hotspot_validators'),
        ('editions', '0011_merge_permalinks_generation'),
    ]

    operations = [
    ]
