from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "commoncause.funding"
    label = "funding"
    verbose_name = "Funding"

    def ready(self) -> None:
        from commoncause.accounts.personal_data import holder_register
        from commoncause.funding import award_sections, sections, sector_section
        from commoncause.funding.commissioning_demo import demo_commissioning
        from commoncause.funding.personal_data import funding_erase, funding_export
        from commoncause.funding.selectors import grants_track_records
        from commoncause.matching.track import track_source_add
        from commoncause.places.report_sections import report_section_add
        from commoncause.register.extensions import facet_source_add, page_section_add, record_field_add
        from commoncause.sources.demo import demo_file_add, demo_finish_add
        from commoncause.sources.registry import importer_add

        page_section_add(sections.GRANTS_SECTION)
        # The contracts an organisation was awarded through the service, next to its grants.
        page_section_add(award_sections.AWARDS_SECTION)
        record_field_add(sections.GRANTS_RECEIVED_FIELD)
        facet_source_add(sections.FUNDER_FACET)
        importer_add("360giving", "commoncause.funding.threesixty.importer:import_threesixty")
        report_section_add(sector_section.GRANTS_REPORT_SECTION)
        # Matching weighs an organisation's track record by the grants it received for similar work.
        track_source_add(grants_track_records)
        # Two trusts' published grants: their recipients include 41 of the demo council's organisations.
        demo_file_add("360giving", "demo/alwf-360giving-grants-2021-02.json")
        demo_file_add("360giving", "demo/abct-360giving-grants-2021.xlsx")
        # A person's part in commissioning: in the download of their data, and unlinked when erased.
        holder_register("funding", export=funding_export, erase=funding_erase)
        # The demo council's example grant round and contract, on its real organisations.
        demo_finish_add(demo_commissioning)
