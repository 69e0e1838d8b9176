from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "commoncause.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from commoncause.accounts.account_page import ACCOUNT_PAGE
        from commoncause.accounts.curation_queues import curation_queue_add
        from commoncause.accounts.personal_data import holder_register
        from commoncause.linkage.merge import merge_step_add
        from commoncause.members import invitations, membership, queues, sections
        from commoncause.register.extensions import page_section_add

        holder_register(
            "memberships", export=membership.memberships_export, erase=membership.memberships_erase
        )
        holder_register(
            "invitations_to_you", export=invitations.invitations_export, erase=invitations.invitations_erase
        )
        ACCOUNT_PAGE.add(sections.ACCOUNT_SECTION)
        page_section_add(sections.STATEMENT_SECTION)
        page_section_add(sections.OWN_DESCRIPTION_SECTION)
        page_section_add(sections.MEMBERSHIP_SECTION)
        merge_step_add(sections.STATEMENT_VERSIONS_STEP)
        for queue in queues.QUEUES:
            curation_queue_add(queue)
