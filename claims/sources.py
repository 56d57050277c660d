"""A project's list of sources: search, filter and sort it, and step from one source to the next in it.

The web list, the source page's previous/next links and the REST list read the same query
parameters through SourceListing, so a link from the list keeps its order and filters.
"""

from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import Lag, Lead
from django.http import QueryDict
from django.utils.http import urlencode

from claims.models import Source

# The sorts a user may ask for; "-" before one reverses it. Undated sources come last either way,
# and the id breaks ties so that the order (and previous/next) is always the same.
SORTS = {"created": "created_at", "title": "title", "outlet": "outlet", "published": "published"}
DEFAULT_SORT = "created"


class ListingError(ValueError):
    """A list parameter that cannot be read; the message names it."""


@dataclass(frozen=True)
class SourceListing:
    """Which of a project's sources a list shows, and in what order."""

    search: str = ""
    outlet: str = ""
    import_job: int | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, params: QueryDict, *, strict: bool = False) -> "SourceListing":
        """Read search, outlet, import_job and sort; strict (the API) refuses what it cannot read, else drops it."""
        sort = params.get("sort") or DEFAULT_SORT
        if sort.removeprefix("-") not in SORTS:
            if strict:
                raise ListingError(f"sort must be one of {', '.join(SORTS)}, optionally with '-' before it")
            sort = DEFAULT_SORT
        job = params.get("import_job") or None
        if job is not None and not job.isdigit():
            if strict:
                raise ListingError("import_job must be an import job's id")
            job = None
        return cls(search=" ".join((params.get("search") or "").split()), outlet=params.get("outlet") or "",
                   import_job=int(job) if job else None, sort=sort)

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
