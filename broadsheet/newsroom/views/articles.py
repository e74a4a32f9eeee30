"""An article on the desk: its fields and body blocks, its state and its history.

Saving goes through ``services.edit_article``, which validates with the one validator that
ingest uses and keeps a revision; a refusal comes back onto the field it names (a body
block's problem onto that block).
"""

from __future__ import annotations

import difflib
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from broadsheet.editions import serializers
from broadsheet.newsroom import roles, services
from broadsheet.newsroom.forms import BLOCK_TYPES, ArticleForm, StateForm, blocks_from

from .common import article_for, desk_view, error_messages, status_of

BLOCK_PROBLEM = re.compile(r"^block (\d+): (.*)$", re.DOTALL)
TEXT_FIELDS = ("kicker", "headline", "subheadline", "byline")
FIELD_LABELS = {
    "kicker": gettext_lazy("引题"),
    "headline": gettext_lazy("主标题"),
    "subheadline": gettext_lazy("副标题"),
    "byline": gettext_lazy("作者"),
    "body": gettext_lazy("正文"),
    "correction": gettext_lazy("更正说明"),
    "hotspot": gettext_lazy("热区"),
    "status": gettext_lazy("状态"),
}


# /desk/article/12/  → the article editor (GET), saved (POST)
@desk_view
def article(request, article_id: int):
    article_obj = article_for(request, article_id)
    if request.method != "POST":
        initial = {name: getattr(article_obj, name) for name in TEXT_FIELDS}
        return _render(
            request, article_obj, ArticleForm(initial=initial), _blocks(article_obj.body)
        )
    form, body = ArticleForm(request.POST), blocks_from(request.POST)
    if form.is_valid():
        try:
            services.edit_article(request.user, article_obj, body=body, **form.cleaned_data)
        except PermissionDenied:
            form.add_error(None, _("你没有编辑这份报纸的权限"))
        except ValidationError as error:
            body = _place_errors(form, body, error)
        else:
            messages.success(request, _("稿件已保存"))
            return redirect("newsroom:article", article_id=article_obj.pk)
    return _render(request, article_obj, form, _blocks(body), status=400)


def _blocks(body) -> list[dict]:
    """Body blocks as the block editor renders them (a picture with its URL)."""
    blocks = []
    for block in body if isinstance(body, list) else []:
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            continue
        shown = {**block, "errors": list(block.get("errors", []))}
        if block["type"] == "image" and block.get("src"):
            shown["src_url"] = serializers.media_url(block["src"])
        blocks.append(shown)
    return blocks


def _place_errors(form: ArticleForm, body: list[dict], error: ValidationError) -> list[dict]:
    """Put each message on its field: a form field, the body block it names
    (the validator says ``block 2: ...``), or the top of the form."""
    for key, texts in error_messages(error).items():
        if key in form.fields:
            form.add_error(key, texts)
            continue
        for text in texts:
            match = BLOCK_PROBLEM.match(text) if key == "body" else None
            if match and 0 < int(match.group(1)) <= len(body):
                body[int(match.group(1)) - 1].setdefault("errors", []).append(match.group(2))
            else:
                form.add_error(None, text)
    return body


def _render(request, article_obj, form, blocks, status=200):
    page = article_obj.page
    edition = page.edition
    context = {
        "paper": edition.newspaper,
        "edition": edition,
        "status": status_of(edition),
        "page": page,
        "article": article_obj,
        "title": serializers.article_title(article_obj) or _("（无题）"),
        "form": form,
        "blocks": blocks,
        "block_types": BLOCK_TYPES,
        "may_edit": roles.can(request.user, "edit", edition.newspaper),
        "may_publish": roles.can(request.user, "publish", edition.newspaper),
        "article_status": status_of(article_obj),
        "state_form": StateForm(initial=StateForm.initial_for(article_obj)),
    }
    return render(request, "newsroom/article.html", context, status=status)


# /desk/article/12/history/  → who changed what, when, with a diff of each change
@desk_view
def history(request, article_id: int):
    article_obj = article_for(request, article_id)
    revisions = services.history(request.user, article_obj)
    context = {
        "article": article_obj,
        "title": serializers.article_title(article_obj) or _("（无题）"),
        "paper": article_obj.page.edition.newspaper,
        "edition": article_obj.page.edition,
        "revisions": [_revision_row(r) for r in revisions],
    }
    return render(request, "newsroom/history.html", context)


def _revision_row(revision) -> dict:
    """One kept version: who, when, and per changed field the lines removed and added."""
    return {
        "who": revision.user,
        "when": revision.at,
        "comment": revision.comment,
        "changes": [
            {"field": FIELD_LABELS.get(name, name), "lines": _diff(_lines(before), _lines(after))}
            for name, (before, after) in revision.changes.items()
        ],
    }


def _lines(value) -> list[str]:
    """A field's value as lines a person compares: body blocks one per line."""
    if isinstance(value, list):
        return [_block_line(block) for block in value]
    return [] if value in (None, "") else str(value).splitlines()


def _block_line(block) -> str:
    if not isinstance(block, dict):
        return str(block)
    if block.get("type") == "image":
        return f"[{_('图片')}] {block.get('src', '')} {block.get('caption', '')}".strip()
    return str(block.get("text", ""))


def _diff(older: list[str], newer: list[str]) -> list[dict]:
    """Lines removed and added between two versions (unchanged lines left out)."""
    rows = []
    for line in difflib.ndiff(older, newer):
        if line[:2] in ("- ", "+ "):
            rows.append({"kind": "del" if line[0] == "-" else "ins", "text": line[2:]})
    return rows


# POST /desk/article/12/state/  → one article published, scheduled, held back, withdrawn
@require_POST
@desk_view
def article_state(request, article_id: int):
    article_obj = article_for(request, article_id)
    form = StateForm(request.POST)
    if not form.is_valid():
        for problems in form.errors.values():
            messages.error(request, " ".join(str(p) for p in problems))
        return redirect("newsroom:article", article_id=article_obj.pk)
    try:
        services.set_article_state(
            request.user, article_obj, form.cleaned_data["state"], form.chosen_time()
        )
    except PermissionDenied:
        messages.error(request, _("你没有发布这份报纸的权限"))
    except ValidationError as error:
        for refusals in error_messages(error).values():
            messages.error(request, " ".join(refusals))
    else:
        messages.success(request, _("稿件状态已更新"))
    return redirect("newsroom:article", article_id=article_obj.pk)
