from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "commoncause.relationships"
    label = "relationships"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from commoncause.accounts.curation_queues import Queue, curation_queue_add
        from commoncause.accounts.personal_data import holder_register
        from commoncause.register.extensions import page_section_add
        from commoncause.relationships import sections, services
        from commoncause.relationships.selectors import contacts_waiting

        holder_register("contacts_naming_you", export=services.contacts_export, erase=services.contacts_erase)
        page_section_add(sections.CONTACTS_SECTION)
        curation_queue_add(
            Queue(
                "relationships:contact_queue",
                "Contacts to check",
                lambda: contacts_waiting().count(),
                order=40,
            )
        )
