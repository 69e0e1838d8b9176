from django.apps import AppConfig


class PlainEnglishConfig(AppConfig):
    name = "commoncause.plainenglish"
    label = "plainenglish"
    verbose_name = "Plain English"
