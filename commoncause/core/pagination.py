"""GOV.UK pagination links for any paged list: previous, next, and numbered pages with ellipses."""

from dataclasses import dataclass
from typing import TypeAlias

from django.http import QueryDict
from ninja import P, QueryEx

MAX_PAGE_SIZE = 100

# The API's paging parameters: a value outside these limits answers 422, and the OpenAPI description says so.
PageNumber: TypeAlias = QueryEx[int, P(ge=1, description="Which page, from 1.")]
PageSize: TypeAlias = QueryEx[
    int, P(ge=1, le=MAX_PAGE_SIZE, description=f"Items a page, 1 to {MAX_PAGE_SIZE}.")
]


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None = an ellipsis
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    previous_url: str
    next_url: str
    links: tuple[PageLink, ...]


def page_numbers(page: int, pages: int, *, around: int = 1) -> list[int | None]:
    """Page numbers to show: first, last and those around the current one, None where pages are left out."""
    wanted = {1, pages, *range(page - around, page + around + 1)}
    shown = sorted(n for n in wanted if 1 <= n <= pages)
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def pagination_links(params: QueryDict, *, page: int, pages: int, path: str = "") -> Pagination | None:
    """Links that keep every other query parameter and change only `page`; None for a single page."""
    if pages <= 1:
        return None

    def url(number: int) -> str:
        query = params.copy()
        query["page"] = str(number)
        return f"{path}?{query.urlencode()}"

    links = tuple(
        PageLink(n) if n is None else PageLink(n, url(n), n == page) for n in page_numbers(page, pages)
    )
    return Pagination(
        previous_url=url(page - 1) if page > 1 else "",
        next_url=url(page + 1) if page < pages else "",
        links=links,
    )
