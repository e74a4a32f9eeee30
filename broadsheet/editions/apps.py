from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "broadsheet.editions"
    label = "editions"
