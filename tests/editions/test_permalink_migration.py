"""Migration 0010 gives every article stored before it a permanent id of its own."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from broadsheet.editions.models import Article
from broadsheet.editions.permalinks import is_permalink
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


def test_the_migration_gives_each_article_its_own_id(tmp_path):
    load_edition(read_bundle(write_bundle(tmp_path, labels=("01", "02", "03"))))
    for article in Article.objects.all():  # placeholders: the column is NULL before the migration
        Article.objects.filter(pk=article.pk).update(permalink=f"none-{article.pk}")
    migration = importlib.import_module(
        "broadsheet.editions.migrations.0010_article_permalinks_and_redirects"
    )
    migration.give_ids(apps, None)
    ids = list(Article.objects.values_list("permalink", flat=True))
    assert len(ids) == 9 and len(set(ids)) == 9 and all(is_permalink(i) for i in ids)
