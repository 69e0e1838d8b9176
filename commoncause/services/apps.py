from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "commoncause.services"
    label = "services"
    verbose_name = "Services"
