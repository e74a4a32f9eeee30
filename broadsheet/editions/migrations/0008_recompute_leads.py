"""Recompute the stored 摘要 of every article under the rule that keeps Latin spaces.

Leads stored before glued Latin words together (``NEWYORK(AP)—Thegas...``).
The rule is frozen here (not imported from ``editions.lead``) so later changes
to the code cannot change what this migration did. Only rows whose lead changes
are written. The search index holds no lead, so it needs no reindex.
"""

import re

from django.db import migrations

BATCH = 1000
LEAD_LENGTH = 100
TEXT_BLOCKS = frozenset({"paragraph", "subheading"})
CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
WHITESPACE = re.compile(r"\s+")
CJK_SPACE = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")


def lead(body):
    if not isinstance(body, list):
        return ""
    blocks = [b for b in body if isinstance(b, dict) and b.get("type") in TEXT_BLOCKS]
    text = "\n".join(b.get("text") or "" for b in blocks if isinstance(b.get("text"), str))
    text = WHITESPACE.sub(" ", CJK_SPACE.sub("", text)).strip()
    return text[:LEAD_LENGTH].rstrip()


def recompute(apps, schema_editor):
    Article = apps.get_model("editions", "Article")
    rows = Article.objects.values_list("id", "body", "lead").order_by("id")
    changed = []
    for pk, body, old in rows.iterator(chunk_size=BATCH):
        new = lead(body)
        if new != old:
            changed.append(Article(id=pk, lead=new))
        if len(changed) >= BATCH:
            Article.objects.bulk_update(changed, ["lead"])
            changed = []
    Article.objects.bulk_update(changed, ["lead"])


class Migration(migrations.Migration):

    dependencies = [
        ("editions", "0007_page_pdfs"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
