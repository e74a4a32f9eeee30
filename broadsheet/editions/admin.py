"""The admin, organised by edition.

Every change an editor makes here that can alter what search shows (a status,
a headline, a page label, a deletion) appends the edition to the search change log
in the same transaction (``ReindexesEditions``), and article edits recompute
the 摘要. The same mixin rewrites the editions' media references (``media``),
so a file an edit or a deletion leaves unused stops being served. Status
changes go through ``publishing``.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.search import changelog

from . import media, publishing
from .lead import compute_lead
from .models import Article, Edition, Newspaper, Page, Publisher, Redirect


class ReindexesEditions(admin.ModelAdmin):
    """Admin mixin: on save and delete, enqueue the editions an object belongs to and
    rewrite their media references (``changes_media = False`` where no file can change)."""

    changes_media = True
    change_kind = "edited"  # what the search change log records (SearchChange.Kind)

    def edition_ids(self, objs) -> set[int]:
        raise NotImplementedError

    def editions_changed(self, ids) -> None:
        # The API's ETag and Last-Modified follow updated_at (api/freshness.py).
        Edition.objects.filter(pk__in=ids).update(updated_at=timezone.now())
        if self.changes_media:
            media.refresh(ids)
        changelog.record(ids, self.change_kind)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.editions_changed(self.edition_ids([obj]))

    def delete_model(self, request, obj):
        ids = self.edition_ids([obj])
        super().delete_model(request, obj)
        self.editions_changed(ids)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # bulk actions run outside the admin's transaction
            ids = self.edition_ids(queryset)
            super().delete_queryset(request, queryset)
            self.editions_changed(ids)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            obj = inline_form.instance
            if isinstance(obj, Article):
                obj.lead = compute_lead(obj.body)
        super().save_formset(request, form, formset, change)
        self.editions_changed(self.edition_ids([form.instance]))


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "copyright"]


@admin.register(Newspaper)
class NewspaperAdmin(ReindexesEditions, admin.ModelAdmin):
    changes_media = False  # a name or an order; deleting a paper deletes its references
    list_display = ["name", "slug", "publisher", "is_default", "order"]
    list_editable = ["is_default", "order"]

    def edition_ids(self, objs):
        return set(Edition.objects.filter(newspaper__in=list(objs)).values_list("pk", flat=True))


class PageInline(admin.TabularInline):
    model = Page
    fields = ["order", "label", "name", "image", "pdf", "width", "height"]
    extra = 0
    show_change_link = True


def _bulk(action, label):
    @admin.action(description=label)
    def run(modeladmin, request, queryset):
        for edition in queryset:
            action(edition)
        modeladmin.message_user(
            request, _("%(n)d edition(s) updated.") % {"n": queryset.count()}, messages.SUCCESS
        )

    run.__name__ = f"bulk_{action.__name__}"
    return run


@admin.register(Edition)
class EditionAdmin(ReindexesEditions, admin.ModelAdmin):
    list_display = ["newspaper", "date", "issue_number", "status", "publish_at"]
    list_filter = ["newspaper", "status"]
    date_hierarchy = "date"
    inlines = [PageInline]
    actions = [
        _bulk(publishing.publish, _("Publish now")),
        _bulk(publishing.withdraw, _("Withdraw")),
        _bulk(publishing.unpublish, _("Back to draft")),
    ]

    def edition_ids(self, objs):
        return {obj.pk for obj in objs}


class ArticleInline(admin.StackedInline):
    model = Article
    fields = ["order", "kicker", "headline", "subheadline", "byline", "body", "hotspot"]
    extra = 0


@admin.register(Page)
class PageAdmin(ReindexesEditions, admin.ModelAdmin):
    list_display = ["edition", "label", "name"]
    list_filter = ["edition__newspaper"]
    inlines = [ArticleInline]

    def edition_ids(self, objs):
        return {obj.edition_id for obj in objs}


@admin.register(Article)
class ArticleAdmin(ReindexesEditions, admin.ModelAdmin):
    change_kind = "article_edited"
    list_display = ["headline", "lead", "page", "permalink"]
    search_fields = ["headline", "permalink"]
    readonly_fields = ["lead", "permalink"]

    def edition_ids(self, objs):
        return set(
            Page.objects.filter(articles__in=list(objs)).values_list("edition_id", flat=True)
        )

    def save_model(self, request, obj, form, change):
        obj.lead = compute_lead(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old URLs and where they lead (``editions.redirects``); rows from replaced editions
    are written by ingest, imported ones by ``broadsheet redirects import``."""

    list_display = ["old_path", "permalink", "target_path", "origin", "created_at"]
    list_filter = ["origin"]
    search_fields = ["old_path", "target_path", "permalink"]
