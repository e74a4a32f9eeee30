from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "broadsheet.exports"
    label = "exports"
