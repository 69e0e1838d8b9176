from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class MatchingConfig(AppConfig):
    name = "commoncause.matching"
    label = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from commoncause.matching.engine.weights import weights_from

        # A weight misspelt or out of range stops the service starting, rather than being ignored.
        try:
            weights_from(_overrides(settings.MATCHING_WEIGHTS))
        except ValueError as error:
            raise ImproperlyConfigured(str(error)) from None

        from commoncause.accounts.personal_data import holder_register
        from commoncause.matching.demo import demo_matching
        from commoncause.matching.personal_data import matching_erase, matching_export
        from commoncause.matching.sections import MATCHING_SECTION
        from commoncause.register.extensions import page_section_add
        from commoncause.sources.demo import demo_finish_add

        # The needs, offers, requests, approaches and diagnostics a person made or took a step of.
        holder_register("needs_and_offers", export=matching_export, erase=matching_erase)
        # For an organisation's members: approaches to answer, the diagnostic, the exchange board.
        page_section_add(MATCHING_SECTION)
        # The demo council's example needs, fund, offers and approach, on its real organisations.
        demo_finish_add(demo_matching)


def _overrides(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImproperlyConfigured('MATCHING_WEIGHTS must be a JSON object, such as {"area": 2.0}')
    return value
