"""A plain ORM search: the reference behaviour, slow at national scale but simple and database-neutral."""

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from commoncause.register.income_bands import income_bands
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.register.search.facets import (
    CLASSIFICATION_FACETS,
    CLASSIFICATION_SCHEME,
    area_filter,
    area_value,
    facet_labels,
)
from commoncause.register.search.text import fold
from commoncause.register.search.types import (
    FACETS,
    FacetValue,
    OrganisationHit,
    SearchQuery,
    SearchResults,
)


def _text_condition(q: str) -> Q:
    condition = Q()
    for word in fold(q).split():
        condition &= (
            Q(name__icontains=word) | Q(other_names__name__icontains=word) | Q(activities__icontains=word)
        )
    return condition


def _facet_condition(facet: str, values: tuple[str, ...]) -> Q:
    if facet in CLASSIFICATION_FACETS:
        return Q(classifications__scheme=CLASSIFICATION_SCHEME, classifications__code__in=values)
    if facet == "area":
        return area_filter(values)
    if facet == "income_band":
        condition = Q(pk__in=[])
        for band in income_bands():
            if band.code in values:
                upper = {} if band.maximum is None else {"latest_income__lt": band.maximum}
                condition |= Q(latest_income__gte=band.minimum, **upper)
        return condition
    return Q(**{f"{facet}__in": values})


def _matching(query: SearchQuery, *, without: str = "") -> QuerySet[Organisation]:
    ids = Organisation.objects.filter(_text_condition(query.q)).values("pk")
    for facet, values in query.filters.items():
        if values and facet != without:
            ids = ids.filter(pk__in=Organisation.objects.filter(_facet_condition(facet, values)).values("pk"))
    return Organisation.objects.filter(pk__in=ids)


def _facet_counts(facet: str, orgs: QuerySet[Organisation]) -> dict[str, int]:
    if facet in CLASSIFICATION_FACETS:
        rows = orgs.filter(classifications__scheme=CLASSIFICATION_SCHEME).values_list("classifications__code")
    elif facet == "area":
        rows = orgs.values_list("areas__name", "areas__gss_code")
        counted = rows.exclude(areas__name=None).annotate(n=Count("pk", distinct=True))
        totals: dict[str, int] = {}
        for name, gss, n in counted:
            totals[area_value(name, gss)] = totals.get(area_value(name, gss), 0) + n
        return totals
    elif facet == "income_band":
        counts: dict[str, int] = {}
        for band in income_bands():
            upper = {} if band.maximum is None else {"latest_income__lt": band.maximum}
            counts[band.code] = orgs.filter(latest_income__gte=band.minimum, **upper).count()
        return {code: n for code, n in counts.items() if n}
    else:
        rows = orgs.exclude(**{facet: ""}).values_list(facet)
    return dict(rows.annotate(n=Count("pk", distinct=True)).values_list(rows.query.values_select[0], "n"))


def _facets(query: SearchQuery) -> dict[str, tuple[FacetValue, ...]]:
    facets = {}
    for facet in FACETS:
        counts = _facet_counts(facet, _matching(query, without=facet))
        selected = set(query.filters.get(facet, ()))
        labels = facet_labels(facet, set(counts) | selected)
        values = [
            FacetValue(value=v, label=labels.get(v, v), count=counts.get(v, 0), selected=v in selected)
            for v in set(counts) | selected
        ]
        facets[facet] = tuple(sorted(values, key=lambda fv: (-fv.count, fv.label)))
    return facets


def _ordered(orgs: QuerySet[Organisation], query: SearchQuery) -> QuerySet[Organisation]:
    if query.sort == "name":
        return orgs.order_by(Lower("name"), "pk")
    if query.sort == "income":
        return orgs.order_by(_income_nulls_last(), "-latest_income", Lower("name"), "pk")
    name_match = Q(pk__isnull=False)
    for word in fold(query.q).split():
        name_match &= Q(name__icontains=word)
    in_name = Case(When(name_match, then=Value(True)), default=Value(False), output_field=BooleanField())
    return orgs.annotate(in_name=in_name).order_by("-in_name", Lower("name"), "pk")


def _income_nulls_last() -> Case:
    return Case(When(latest_income=None, then=Value(1)), default=Value(0))


def orm_search(query: SearchQuery) -> SearchResults:
    """Search with the ORM only: text as substrings, facets by GROUP BY."""
    orgs = _matching(query)
    count = orgs.count()
    start = (query.page - 1) * query.page_size
    page = _ordered(orgs, query).prefetch_related(
        Prefetch("identifiers", queryset=OrgIdentifier.objects.order_by("-is_primary", "org_id"))
    )[start : start + query.page_size]
    items = tuple(
        OrganisationHit(
            id=org.id,
            name=org.name,
            org_ids=tuple(ident.org_id for ident in org.identifiers.all()),
            legal_form=org.legal_form,
            status=org.status,
            latest_income=org.latest_income,
            postcode=org.postcode,
            activities=org.activities,
        )
        for org in page
    )
    return SearchResults(
        count=count, items=items, facets=_facets(query), page=query.page, page_size=query.page_size
    )
