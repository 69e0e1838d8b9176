from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commoncause.accounts"
    label = "accounts"
    verbose_name = "Accounts"
