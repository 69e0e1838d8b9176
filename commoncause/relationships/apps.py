from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "commoncause.relationships"
    label = "relationships"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from commoncause.accounts.curation_queues import Queue, curation_queue_add
        from commoncause.accounts.personal_data import holder_register
        from commoncause.plainenglish.glossaries import glossary_source_add
        from commoncause.register.extensions import page_section_add
        from commoncause.relationships import council_contacts, engagement, glossary, sections, services
        from commoncause.relationships.engagement_demo import demo_engagement, demo_named_contacts
        from commoncause.relationships.funding_notices import funding_notices_connect
        from commoncause.relationships.health.setup import health_check_register
        from commoncause.relationships.selectors import contacts_waiting
        from commoncause.sources.demo import demo_finish_add

        holder_register("contacts_naming_you", export=services.contacts_export, erase=services.contacts_erase)
        holder_register(
            "engagement_log", export=engagement.engagements_export, erase=engagement.engagements_erase
        )
        holder_register(
            "council_contacts_naming_you",
            export=council_contacts.council_contacts_export,
            erase=council_contacts.council_contacts_erase,
        )
        page_section_add(sections.CONTACTS_SECTION)
        # The council's own glossary, for its officers' checks in the plain-English checker.
        glossary_source_add(glossary.glossary_of)
        page_section_add(sections.ENGAGEMENT_SECTION)
        # The demo council's example engagement log, on its real organisations.
        demo_finish_add(demo_engagement)
        demo_finish_add(demo_named_contacts)
        curation_queue_add(
            Queue(
                "relationships:contact_queue",
                "Contacts to check",
                lambda: contacts_waiting().count(),
                order=40,
            )
        )
        # The partnership health check: its parts of the account page, personal data and the demo.
        health_check_register()
        # Notices of ending or reducing funding, given on awards, go into the engagement log.
        funding_notices_connect()
