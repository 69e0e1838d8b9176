from django.apps import AppConfig


class ReconcileConfig(AppConfig):
    name = "commoncause.reconcile"
    verbose_name = "Reconciliation service"
