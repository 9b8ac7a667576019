"""One way to cut a growing list into pages, and to search it.

`paginate` (Django's Paginator, numbered pages) serves short lists; `keyset` serves
long ones: it reads the rows after a cursor `(date, id)` with an index-friendly
`WHERE`, so page 500 costs what page 1 costs. Both return a `ListPage`, which the one
partial `includes/pagination.html` renders; the links keep every other parameter of the
request (search, filters). Bad page numbers and cursors give the first page (or the
last, past the end), never an error.

`wants_fragment` says whether an htmx request asks for the list body only (the search
box swaps it while typing); a history restore asks for the whole page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

PER_PAGE = 50
SEARCH_MAX = 100


@dataclass
class ListPage:
    items: list
    first_url: str = ""
    previous_url: str = ""
    next_url: str = ""
    number: int | None = None  # numbered pages only
    num_pages: int | None = None
    count: int | None = None
    extra: dict = field(default_factory=dict)

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.first_url or self.previous_url or self.next_url)


def page_url(request: HttpRequest, **changes) -> str:
    """This page's URL with some parameters changed (None removes one)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def paginate(
    request: HttpRequest, queryset, *, per_page: int = PER_PAGE, param: str = "page"
) -> ListPage:
    """A numbered page (`?page=n`); a bad number gives page 1, past the end the last."""
    raw = request.GET.get(param, "")
    number = max(int(raw), 1) if raw.isascii() and raw.isdigit() else 1  # "²" is a digit
    page = Paginator(queryset, per_page).get_page(number)
    return ListPage(
        items=list(page.object_list),
        first_url=page_url(request, **{param: None}) if page.number > 2 else "",
        previous_url=(
            page_url(request, **{param: page.previous_page_number()}) if page.has_previous() else ""
        ),
        next_url=page_url(request, **{param: page.next_page_number()}) if page.has_next() else "",
        number=page.number,
        num_pages=page.paginator.num_pages,
        count=page.paginator.count,
    )


def _parse_cursor(value: str) -> tuple[datetime.date, int] | None:
    day, _, pk = value.partition("_")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):  # a bigint, never an overflow
        return None
    try:
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def keyset(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    date_field: str,
    per_page: int = PER_PAGE,
    param: str = "apres",
) -> ListPage:
    """The `per_page` rows after the cursor `?apres=<date>_<id>`, newest first by
    (date, id). `date_field` is a non-null DateField (a datetime would need a finer
    cursor). A cursor that does not parse gives the first page."""
    rows = queryset.order_by(f"-{date_field}", "-pk")
    cursor = _parse_cursor(request.GET.get(param, ""))
    if cursor:
        day, pk = cursor
        rows = rows.filter(Q(**{f"{date_field}__lt": day}) | Q(**{date_field: day, "pk__lt": pk}))
    items = list(rows[: per_page + 1])
    more = len(items) > per_page
    items = items[:per_page]
    next_url = ""
    if more:
        last = items[-1]
        day = getattr(last, date_field)
        next_url = page_url(request, **{param: f"{day.isoformat()}_{last.pk}"})
    first_url = page_url(request, **{param: None}) if cursor else ""
    return ListPage(items=items, first_url=first_url, next_url=next_url, previous_url="")


def search_terms(request: HttpRequest, param: str = "q") -> str:
    """The search box's text, trimmed and bounded."""
    return request.GET.get(param, "").strip()[:SEARCH_MAX]


def wants_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request
