from django.apps import AppConfig


class PgIndexConfig(AppConfig):
    name = "broadsheet.search.pgindex"
    label = "search_pg"
    verbose_name = "search index (PostgreSQL)"
