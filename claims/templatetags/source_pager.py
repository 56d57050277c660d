"""{% source_pager project source %}: links to the previous and next source of the list the reader came from."""

from django import template

from claims.filters import SourceFilter
from claims.models import Project, Source

register = template.Library()


@register.inclusion_tag("projects/_source_pager.html", takes_context=True)
def source_pager(context, project: Project, source: Source) -> dict:
    """The neighbours of source in the list given by the page's query string (search, outlet, import, sort);
    none if the query string does not make a list (the page itself ignores it)."""
    chosen = SourceFilter(context["request"].GET, queryset=Source.objects.none())
    if not chosen.is_valid():
        return {"project": project, "before": None, "after": None, "here": ""}
    listing = chosen.listing
    before, after = listing.neighbours(Source.objects.filter(project=project), source)
    return {"project": project, "before": before, "after": after, "here": listing.query_string()}
