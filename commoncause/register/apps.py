from django.apps import AppConfig


def _search_index_rebuild(sender: object, **kwargs: object) -> None:
    """A restored database's search index is rebuilt from the records it holds."""
    from commoncause.register.services import search_index_refresh

    search_index_refresh()


def _search_arrays_load(sender: object, **kwargs: object) -> str:
    """The search index's arrays, in a web server's master process before its workers are forked."""
    from commoncause.register.search.warm import search_arrays_load

    return search_arrays_load()


class RegisterConfig(AppConfig):
    name = "commoncause.register"
    label = "register"
    verbose_name = "Register"

    def ready(self) -> None:
        from commoncause.core.backups import database_restored
        from commoncause.core.events import process_warming

        database_restored.connect(_search_index_rebuild, dispatch_uid="register.search_index_rebuild")
        process_warming.connect(_search_arrays_load, dispatch_uid="register.search_arrays_load")
