"""What the health check adds to lower apps at start-up (from the relationships app's `ready()`)."""

from __future__ import annotations


def health_check_register() -> None:
    from commoncause.accounts.account_page import ACCOUNT_PAGE
    from commoncause.accounts.personal_data import holder_register
    from commoncause.relationships.health.demo import demo_health_check
    from commoncause.relationships.health.sections import ACCOUNT_HEALTH_SECTION
    from commoncause.relationships.health.services import health_answers_erase, health_answers_export
    from commoncause.sources.demo import demo_finish_add

    # A person's own answers, in the download of their data; erasing them keeps the ratings from nobody.
    holder_register("health_check_answers", export=health_answers_export, erase=health_answers_erase)
    # The rounds the person may answer or read, on their account page.
    ACCOUNT_PAGE.add(ACCOUNT_HEALTH_SECTION)
    # The demo council's example rounds: one closed with its results, one open.
    demo_finish_add(demo_health_check)
