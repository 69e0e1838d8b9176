from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "commoncause.linkage"
    label = "linkage"
    verbose_name = "Linkage"

    def ready(self) -> None:
        from commoncause.accounts.curation_queues import Queue, curation_queue_add
        from commoncause.linkage.queue import pairs_waiting
        from commoncause.linkage.sections import LINKS_SECTION
        from commoncause.register.extensions import page_section_add

        page_section_add(LINKS_SECTION)
        curation_queue_add(Queue("linkage:link_queue", "Possible duplicates", pairs_waiting, order=50))
