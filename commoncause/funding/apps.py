from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "commoncause.funding"
    label = "funding"
    verbose_name = "Funding"

    def ready(self) -> None:
        from commoncause.funding import sections
        from commoncause.register.extensions import facet_source_add, page_section_add, record_field_add
        from commoncause.sources.registry import importer_add

        page_section_add(sections.GRANTS_SECTION)
        record_field_add(sections.GRANTS_RECEIVED_FIELD)
        facet_source_add(sections.FUNDER_FACET)
        importer_add("360giving", "commoncause.funding.threesixty.importer:import_threesixty")
