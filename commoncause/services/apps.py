from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "commoncause.services"
    label = "services"
    verbose_name = "Services"

    def ready(self) -> None:
        from commoncause.accounts.curation_queues import curation_queue_add
        from commoncause.places.service_counts import service_count_source_set
        from commoncause.register.extensions import page_section_add
        from commoncause.services import sections
        from commoncause.services.coverage_source import SERVICES_FOR_COVERAGE
        from commoncause.services.demo import demo_services
        from commoncause.sources.demo import demo_finish_add
        from commoncause.sources.registry import importer_add

        # The organisation page lists its services; curators check members' new and changed services.
        page_section_add(sections.SERVICES_SECTION)
        curation_queue_add(sections.SERVICE_QUEUE)
        # A council's coverage counts services beside organisations, and their areas as their organisations'.
        service_count_source_set(SERVICES_FOR_COVERAGE)
        # The demo council's example services, drawn from its organisations' register entries.
        demo_finish_add(demo_services)

        importer_add("oruk", "commoncause.services.oruk.importer:import_oruk")
