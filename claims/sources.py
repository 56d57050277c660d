"""A project's list of sources: search, filter and sort it, and step from one source to the next in it.

The web list, the source page's previous/next links and the REST list read the same query
parameters (through claims.filters.SourceFilter) into a SourceListing, so a link from the list
keeps its order and filters.
"""

from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import Lag, Lead
from django.utils.http import urlencode

from claims.models import Source

# The sorts a user may ask for; "-" before one reverses it. Undated sources come last either way,
# and the id breaks ties so that the order (and previous/next) is always the same.
SORTS = {"created": "created_at", "title": "title", "outlet": "outlet", "published": "published"}
SORT_CHOICES = [(f"{way}{key}", f"{key}{' (reversed)' if way else ''}") for key in SORTS for way in ("", "-")]
DEFAULT_SORT = "created"


@dataclass(frozen=True)
class SourceListing:
    """Which of a project's sources a list shows, and in what order (parsed from the query by SourceFilter)."""

    search: str = ""
    outlet: str = ""
    import_job: int | None = None
    sort: str = DEFAULT_SORT

    def ordering(self) -> list:
        field = F(SORTS[self.sort.removeprefix("-")])
        if self.sort.startswith("-"):
            return [field.desc(nulls_last=True), F("id").desc()]
        return [field.asc(nulls_last=True), F("id").asc()]

    def apply(self, sources: QuerySet) -> QuerySet:
        """The sources this listing shows, in its order."""
        if self.outlet:
            sources = sources.filter(outlet=self.outlet)
        if self.import_job is not None:
            sources = sources.filter(import_job_id=self.import_job)
        if self.search:
            term = self.search
            sources = sources.filter(Q(title__icontains=term) | Q(outlet__icontains=term) | Q(text__icontains=term))
        return sources.order_by(*self.ordering())

    def neighbours(self, sources: QuerySet, source: Source) -> tuple[int | None, int | None]:
        """Ids of the sources before and after this one in the listing (None at either end, or if it is not in it)."""
        ordering = self.ordering()
        window = self.apply(sources).annotate(
            previous_id=Window(Lag("id"), order_by=ordering), next_id=Window(Lead("id"), order_by=ordering)
        ).values("id", "previous_id", "next_id")
        # The row is picked outside the window's query: filtered inside, the window would hold that row alone.
        sql, params = window.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT previous_id, next_id FROM ({sql}) listing WHERE id = %s", [*params, source.id])
            row = cursor.fetchone()
        return row if row else (None, None)

    def resorted(self) -> dict[str, str]:
        """For each sort, the query string of this listing sorted by it (reversed if it is the current sort)."""
        return {key: replace(self, sort=f"-{key}" if self.sort == key else key).query_string() for key in SORTS}

    def query_string(self) -> str:
        """The listing as URL parameters (the defaults left out), to carry from the list to a source and back."""
        params = {"search": self.search, "outlet": self.outlet, "import_job": self.import_job or "",
                  "sort": "" if self.sort == DEFAULT_SORT else self.sort}
        return urlencode({key: value for key, value in params.items() if value})
