"""Factories for the pairs the matcher finds and the links made of them."""

from __future__ import annotations

import factory

from commoncause.linkage.models import LinkCandidate, LinkStatus, OrganisationMerge
from commoncause.register.tests.factories import OrganisationFactory


class LinkCandidateFactory(factory.django.DjangoModelFactory[LinkCandidate]):
    """A pair waiting for a curator, as the matcher would queue it."""

    class Meta:
        model = LinkCandidate

    source = factory.SubFactory(OrganisationFactory)  # type: ignore[no-untyped-call]
    target = factory.SubFactory(OrganisationFactory)  # type: ignore[no-untyped-call]
    points = 6.0
    reasons = factory.LazyFunction(  # type: ignore[no-untyped-call]
        lambda: ["one name is part of the other", "the same postcode"]
    )
    found_by = "360Giving file grants.json"
    status = LinkStatus.PENDING


class OrganisationMergeFactory(factory.django.DjangoModelFactory[OrganisationMerge]):
    """The record of a link; nothing is moved (use `link_records` for a real link)."""

    class Meta:
        model = OrganisationMerge

    source = factory.SubFactory(OrganisationFactory)  # type: ignore[no-untyped-call]
    target = factory.SubFactory(OrganisationFactory)  # type: ignore[no-untyped-call]
    moved = factory.LazyFunction(dict)  # type: ignore[no-untyped-call]
    reason = "Registered as a charity in May."
