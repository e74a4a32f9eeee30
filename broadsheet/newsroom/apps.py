from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = _("newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from broadsheet.reader import preview

        from .roles import previewable

        preview.vouch_with(previewable)
