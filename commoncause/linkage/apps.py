from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "commoncause.linkage"
    label = "linkage"
    verbose_name = "Linkage"

    def ready(self) -> None:
        from commoncause.linkage.sections import LINKS_SECTION
        from commoncause.register.extensions import page_section_add

        page_section_add(LINKS_SECTION)
