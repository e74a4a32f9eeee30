"""Migration 0008 rewrites the 摘要 stored under the old rule, which glued Latin words."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from broadsheet.editions.lead import compute_lead
from broadsheet.editions.models import Article
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db

WIRE = [{"type": "paragraph", "text": "NEW YORK (AP) — The harbour ferry ran late."}]


def test_the_migration_recomputes_glued_leads(tmp_path):
    load_edition(read_bundle(write_bundle(tmp_path)))
    wire = Article.objects.order_by("id").first()
    Article.objects.filter(pk=wire.pk).update(body=WIRE, lead="NEWYORK(AP)—Theharbourferryranlate.")
    before = dict(Article.objects.exclude(pk=wire.pk).values_list("id", "lead"))
    migration = importlib.import_module("broadsheet.editions.migrations.0008_recompute_leads")
    migration.recompute(apps, None)
    assert Article.objects.get(pk=wire.pk).lead == "NEW YORK (AP) — The harbour ferry ran late."
    assert dict(Article.objects.exclude(pk=wire.pk).values_list("id", "lead")) == before
    assert all(a.lead == compute_lead(a.body) for a in Article.objects.all())
