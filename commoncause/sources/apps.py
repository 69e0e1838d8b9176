from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "commoncause.sources"
    label = "sources"
    verbose_name = "Data sources"
