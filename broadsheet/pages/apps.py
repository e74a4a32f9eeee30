from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "broadsheet.pages"
    label = "pages"

    def ready(self) -> None:
        """A page's text shows on reader pages (machine text, hit boxes): its saves change
        the reader generation like any reader-visible row; corrections keep revisions."""
        import reversion
        from django.db.models.signals import post_delete, post_save

        from broadsheet.editions import generation

        from .models import PageCorrection, PageText

        for model in (PageText, PageCorrection):
            name = model.__name__
            post_save.connect(generation.bump, sender=model, dispatch_uid=f"generation-save-{name}")
            post_delete.connect(
                generation.bump, sender=model, dispatch_uid=f"generation-del-{name}"
            )
        if not reversion.is_registered(PageCorrection):
            reversion.register(PageCorrection)
