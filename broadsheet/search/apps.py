from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "broadsheet.search"
    label = "search"

    def ready(self) -> None:
        from . import changelog

        changelog.connect()
