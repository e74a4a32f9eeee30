from django.apps import AppConfig


class DoorsConfig(AppConfig):
    name = "broadsheet.doors"
    label = "doors"
