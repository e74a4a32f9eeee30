from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "broadsheet.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import security  # noqa: F401 (registers the deploy checks)
        from .db import check_server_encoding

        connection_created.connect(check_server_encoding, dispatch_uid="broadsheet-utf8-check")
