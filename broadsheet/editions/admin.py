"""The admin, organised by edition. Status changes go through ``publishing``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import publishing
from .models import Article, Edition, Newspaper, Page, Publisher


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "copyright"]


@admin.register(Newspaper)
class NewspaperAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "publisher", "is_default", "order"]
    list_editable = ["is_default", "order"]


class PageInline(admin.TabularInline):
    model = Page
    fields = ["order", "label", "name", "image", "pdf", "width", "height"]
    extra = 0
    show_change_link = True


def _bulk(action, label):
    def run(modeladmin, request, queryset):
        for edition in queryset:
            action(edition)
        modeladmin.message_user(
            request, _("%(n)d edition(s) updated.") % {"n": queryset.count()}, messages.SUCCESS
        )

    run.short_description = label
    run.__name__ = f"bulk_{action.__name__}"
    return run


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["newspaper", "date", "issue_number", "status", "publish_at"]
    list_filter = ["newspaper", "status"]
    date_hierarchy = "date"
    inlines = [PageInline]
    actions = [
        _bulk(publishing.publish, _("Publish now")),
        _bulk(publishing.withdraw, _("Withdraw")),
        _bulk(publishing.unpublish, _("Back to draft")),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"status", "publish_at"} & set(form.changed_data):
            publishing.enqueue_editions([obj.pk])


class ArticleInline(admin.StackedInline):
    model = Article
    fields = ["order", "kicker", "headline", "subheadline", "byline", "body", "hotspot"]
    extra = 0


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["edition", "label", "name"]
    list_filter = ["edition__newspaper"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "lead", "page"]
    search_fields = ["headline"]
    readonly_fields = ["lead"]

    def save_model(self, request, obj, form, change):
        from .lead import compute_lead

        obj.lead = compute_lead(obj.body)
        super().save_model(request, obj, form, change)
        publishing.enqueue_editions([obj.page.edition_id])
