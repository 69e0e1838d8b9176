from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "commoncause.core"
    label = "core"
    verbose_name = "Core"
