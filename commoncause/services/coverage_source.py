"""The services places counts in a council's coverage (places.service_counts): the public services with
a place in the council or a service area naming it, one of its wards or an old ward standing for one."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Max, Q

from commoncause.places.service_counts import ServiceRow
from commoncause.places.themes import text_id
from commoncause.services.categories import TAXONOMY_ID
from commoncause.services.models import Attribute, AttributeLink, Service, ServiceArea, ServiceAtLocation
from commoncause.services.selectors import services_public


class ServicesForCoverage:
    def services_in(self, council_code: str, area_codes: Collection[str]) -> list[ServiceRow]:
        codes = list(area_codes)
        located = ServiceAtLocation.objects.filter(location__council_code=council_code).values("service_id")
        serving = ServiceArea.objects.filter(gss_code__in=codes).values("service_id")
        services = services_public().filter(Q(id__in=located) | Q(id__in=serving))
        rows = {
            str(service_id): organisation or ""
            for service_id, organisation in services.annotate(org=text_id("organisation_id")).values_list(
                "id", "org"
            )
        }
        wards: dict[str, set[str]] = {}
        for service_id, ward in ServiceAtLocation.objects.filter(
            service__in=services, location__council_code=council_code
        ).values_list("service_id", "location__ward_code"):
            if ward:
                wards.setdefault(str(service_id), set()).add(ward)
        areas: dict[str, set[str]] = {}
        for service_id, gss in ServiceArea.objects.filter(
            service__in=services, gss_code__in=codes
        ).values_list("service_id", "gss_code"):
            areas.setdefault(str(service_id), set()).add(gss)
        themes: dict[str, set[str]] = {}
        categories = Attribute.objects.filter(
            link_entity=AttributeLink.SERVICE,
            link_id__in=services.values("id"),
            taxonomy_term__taxonomy_id=TAXONOMY_ID,
        ).values_list("link_id", "taxonomy_term__term")
        for service_id, theme in categories:
            themes.setdefault(str(service_id), set()).add(theme)
        return [
            ServiceRow(
                id=service_id,
                organisation=organisation,
                themes=frozenset(themes.get(service_id, ())),
                wards=frozenset(wards.get(service_id, ())),
                areas=frozenset(areas.get(service_id, ())),
            )
            for service_id, organisation in rows.items()
        ]

    def stamp(self) -> object:
        """Every write of a service, its places and areas included, moves its `updated_at` (the writer
        replaces a service's children with the service), and a service gone lowers the count."""
        found = Service.objects.aggregate(changed=Max("updated_at"), count=Count("id"))
        return (found["changed"], found["count"])


SERVICES_FOR_COVERAGE = ServicesForCoverage()
