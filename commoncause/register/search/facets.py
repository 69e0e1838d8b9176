"""Facet labels: how each facet value is shown to people."""

from django.db.models import Q

from commoncause.register.income_bands import income_bands
from commoncause.register.models import ClassificationCode, OrganisationStatus

CLASSIFICATION_FACETS: tuple[str, ...] = ("what", "who", "how")
CLASSIFICATION_SCHEME = "ccew"


def facet_labels(facet: str, values: set[str] | None = None) -> dict[str, str]:
    """Map facet values to their labels (classification codes in words, bands with their limits)."""
    if facet == "status":
        return dict(OrganisationStatus.choices)
    if facet == "income_band":
        return {band.code: band.label for band in income_bands()}
    if facet in CLASSIFICATION_FACETS:
        codes = ClassificationCode.objects.filter(scheme=CLASSIFICATION_SCHEME, kind=facet)
        return dict(codes.values_list("code", "label"))
    return {value: value for value in values or ()}


def area_filter(values: tuple[str, ...]) -> Q:
    """Areas match by GSS code or by name (case-insensitive)."""
    condition = Q(areas__gss_code__in=values)
    for value in values:
        condition |= Q(areas__name__iexact=value)
    return condition


def area_value(name: str, gss_code: str) -> str:
    """The facet value of an area: its GSS code when known, else its name."""
    return gss_code or name
