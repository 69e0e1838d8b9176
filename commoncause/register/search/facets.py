"""Facet labels: how each facet value is shown to people."""

from functools import cache

from commoncause.register.income_bands import income_bands
from commoncause.register.models import ClassificationCode, OrganisationStatus

CLASSIFICATION_FACETS: tuple[str, ...] = ("what", "who", "how")
CLASSIFICATION_SCHEME = "ccew"
# Area tokens, and those of facets other apps fill (funders), carry the name to show after this character.
AREA_LABEL_SEPARATOR = "\x1f"


@cache
def _classification_labels(kind: str) -> dict[str, str]:
    codes = ClassificationCode.objects.filter(scheme=CLASSIFICATION_SCHEME, kind=kind)
    return dict(codes.values_list("code", "label"))


def facet_labels(facet: str, values: set[str] | None = None) -> dict[str, str]:
    """Map facet values to their labels (classification codes in words, bands with their limits)."""
    if facet == "status":
        return dict(OrganisationStatus.choices)
    if facet == "income_band":
        return {band.code: band.label for band in income_bands()}
    if facet in CLASSIFICATION_FACETS:
        return _classification_labels(facet)
    return {value: value for value in values or ()}


def area_value(name: str, gss_code: str) -> str:
    """The facet value of an area: its GSS code when known, else its name."""
    return gss_code or name
