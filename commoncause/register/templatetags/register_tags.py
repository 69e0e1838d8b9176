"""Template helpers for register pages: status tags in GOV.UK colours."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from commoncause.register.models import OrganisationStatus

register = template.Library()

STATUS_TAG_CLASSES: dict[str, str] = {
    OrganisationStatus.REGISTERED: "govuk-tag--green",
    OrganisationStatus.ACTIVE: "govuk-tag--green",
    OrganisationStatus.REMOVED: "govuk-tag--red",
    OrganisationStatus.DISSOLVED: "govuk-tag--red",
    OrganisationStatus.UNKNOWN: "govuk-tag--grey",
}


@register.filter
def status_tag(status: str) -> SafeString:
    """A GOV.UK tag for an organisation status: "registered" -> a green "Registered" tag."""
    label = dict(OrganisationStatus.choices).get(status, status.capitalize() if status else "Unknown")
    classes = STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")
    return format_html('<strong class="govuk-tag {}">{}</strong>', classes, label)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    """mapping[key] in a template ('' when missing)."""
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
