from django.apps import AppConfig


def _index_load(sender: object, **kwargs: object) -> str:
    """The reconciliation index, in a web server's master process before its workers are forked."""
    import time

    from commoncause.reconcile.index_cache import current_index

    started = time.monotonic()
    current_index()
    return f"reconciliation index ({time.monotonic() - started:.1f} s)"


class ReconcileConfig(AppConfig):
    name = "commoncause.reconcile"
    verbose_name = "Reconciliation service"

    def ready(self) -> None:
        from commoncause.core.events import process_warming

        process_warming.connect(_index_load, dispatch_uid="reconcile.index_load")
