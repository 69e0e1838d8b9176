from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "commoncause.services"
    label = "services"
    verbose_name = "Services"

    def ready(self) -> None:
        from commoncause.accounts.curation_queues import curation_queue_add
        from commoncause.register.extensions import page_section_add
        from commoncause.services import sections
        from commoncause.sources.registry import importer_add

        # The organisation page lists its services; curators check members' new and changed services.
        page_section_add(sections.SERVICES_SECTION)
        curation_queue_add(sections.SERVICE_QUEUE)

        importer_add("oruk", "commoncause.services.oruk.importer:import_oruk")
