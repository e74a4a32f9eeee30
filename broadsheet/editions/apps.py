from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "broadsheet.editions"
    label = "editions"

    def ready(self) -> None:
        from . import revisions

        revisions.register()
