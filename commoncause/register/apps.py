from django.apps import AppConfig


def _search_index_rebuild(sender: object, **kwargs: object) -> None:
    """A restored database's search index is rebuilt from the records it holds."""
    from commoncause.register.services import search_index_refresh

    search_index_refresh()


class RegisterConfig(AppConfig):
    name = "commoncause.register"
    label = "register"
    verbose_name = "Register"

    def ready(self) -> None:
        from commoncause.core.backups import database_restored

        database_restored.connect(_search_index_rebuild, dispatch_uid="register.search_index_rebuild")
