from django.apps import AppConfig


class IiifConfig(AppConfig):
    name = "broadsheet.iiif"
    label = "iiif"
