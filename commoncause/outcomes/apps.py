from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "commoncause.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from commoncause.core.events import return_indicators_wanted
        from commoncause.outcomes.demo import demo_outcomes
        from commoncause.outcomes.framework import indicators_asked
        from commoncause.outcomes.sections import OUTCOMES_SECTION
        from commoncause.register.extensions import page_section_add
        from commoncause.sources.demo import demo_finish_add

        # A return for an award asks for the indicators the council's framework links to its opportunity.
        return_indicators_wanted.connect(indicators_asked, dispatch_uid="outcomes.indicators_asked")
        # On the organisation page, for its members and its funders: what its awards achieve.
        page_section_add(OUTCOMES_SECTION)
        # The demo council's example framework, two years of returns and a saved scenario.
        demo_finish_add(demo_outcomes)
