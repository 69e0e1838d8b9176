from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commoncause.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from commoncause.accounts.curation_queues import Queue, curation_queue_add

        curation_queue_add(Queue("accounts:audit_log", "Audit log", order=200))
