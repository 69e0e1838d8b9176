from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "commoncause.register"
    label = "register"
    verbose_name = "Register"
