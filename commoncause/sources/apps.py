from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "commoncause.sources"
    label = "sources"
    verbose_name = "Data sources"

    def ready(self) -> None:
        from commoncause.accounts.curation_queues import Queue, curation_queue_add

        curation_queue_add(Queue("sources:import_run_list", "Import history", order=190))
